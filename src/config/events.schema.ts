import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { emptyToUndefined, toInt } from './env-transforms.js';

/**
 * The event variables (Cloud Elements notifications, the event stream, SSE, the fallback poller),
 * validated like EnvironmentVariables: strings become numbers first, errors name the variable.
 */
export class EventsEnvironmentVariables {
  /** JSON object tenant → signature key (or `@path` to a JSON file). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CE_WEBHOOK_SECRETS?: string;

  @Transform(toInt) @IsInt() @Min(60) @Max(30 * 86400) EVENTS_WEBHOOK_REPLAY_TTL_SECONDS = 86400;
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(16 * 1024 * 1024)
  EVENTS_WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

  @Transform(toInt) @IsInt() @Min(100) @Max(1_000_000) EVENTS_STREAM_MAXLEN = 10_000;
  @Transform(toInt) @IsInt() @Min(1) @Max(300) EVENTS_SSE_HEARTBEAT_SECONDS = 15;
  @Transform(toInt)
  @IsInt()
  @Min(4096)
  @Max(64 * 1024 * 1024)
  EVENTS_SSE_MAX_BUFFER_BYTES = 256 * 1024;

  @Transform(toInt) @IsInt() @Min(1) @Max(100_000) EVENTS_SSE_MAX_CLIENTS = 1000;
  @Transform(toInt) @IsInt() @Min(0) @Max(86400) EVENTS_POLL_INTERVAL_SECONDS = 0;
}

/** Optional variables have no default, so they are not own properties of a fresh instance. */
export const OPTIONAL_EVENTS_VARIABLES = ['CE_WEBHOOK_SECRETS'];

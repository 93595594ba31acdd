import { HttpException } from '@nestjs/common';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { mapUpstreamFailure } from '../../upstream/upstream-error.mapper.js';
import { ErrorCode } from './error-code.js';
import { GatewayError } from './gateway.error.js';

const BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  406: ErrorCode.NotAcceptable,
  409: ErrorCode.Conflict,
  411: ErrorCode.ValidationFailed,
  412: ErrorCode.PreconditionFailed,
  413: ErrorCode.PayloadTooLarge,
  414: ErrorCode.ValidationFailed,
  415: ErrorCode.UnsupportedMediaType,
  431: ErrorCode.ValidationFailed,
  429: ErrorCode.RateLimited,
};

/** Fastify's own error codes whose status alone says too little. */
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request body must be application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than allowed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The JSON body is empty',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON',
  FST_ERR_BAD_URL: 'The request URL is malformed',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body',
};

/**
 * Everything thrown while serving a request becomes a GatewayError here: our own errors as they
 * are, upstream failures through the one mapping, framework errors by status, the rest INTERNAL_ERROR.
 */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) {
    return error;
  }
  if (error instanceof UpstreamFailure) {
    return mapUpstreamFailure(error);
  }
  const readiness = readinessFailure(error);
  if (readiness) {
    return readiness;
  }
  const status = statusOf(error);
  const code = status === undefined ? undefined : BY_STATUS[status];
  if (code) {
    return new GatewayError(code, frameworkDetail(error, code), { cause: error });
  }
  return new GatewayError(ErrorCode.InternalError, 'An unexpected error occurred', {
    cause: error,
  });
}

/** Terminus answers a failed readiness check with a 503 carrying the checks; keep them. */
function readinessFailure(error: unknown): GatewayError | undefined {
  if (!(error instanceof HttpException) || error.getStatus() !== 503) {
    return undefined;
  }
  const checks = error.getResponse() as { status?: unknown; details?: unknown };
  if (typeof checks !== 'object' || checks === null || !('details' in checks)) {
    return undefined;
  }
  return new GatewayError(ErrorCode.UpstreamUnavailable, 'The gateway is not ready to serve', {
    retryAfterSeconds: 5,
    extensions: { checks: checks.details },
  });
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) {
    return error.getStatus();
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function frameworkDetail(error: unknown, code: ErrorCode): string {
  const fastifyCode = (error as { code?: unknown }).code;
  if (typeof fastifyCode === 'string' && FASTIFY_DETAILS[fastifyCode]) {
    return FASTIFY_DETAILS[fastifyCode];
  }
  if (error instanceof SyntaxError) {
    return 'The body is not valid JSON';
  }
  switch (code) {
    case ErrorCode.NotFound:
      return 'No such route';
    case ErrorCode.PayloadTooLarge:
      return 'The request body is larger than allowed';
    case ErrorCode.UnsupportedMediaType:
      return 'The request body has an unsupported content type';
    default:
      return 'The request is malformed';
  }
}

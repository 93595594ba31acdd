import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../errors/error-code.js';

export class FieldErrorDto {
  @ApiProperty({ example: 'limit' }) field!: string;
  @ApiProperty({ example: 'must not be greater than 100' }) message!: string;
}

export class UpstreamDetailDto {
  @ApiPropertyOptional({ example: 404 }) status?: number;
  @ApiPropertyOptional({ example: '5b0437c6e4b07731ae39b533' }) requestId?: string;
  @ApiPropertyOptional({ example: 'No incident found' }) message?: string;
  @ApiPropertyOptional() providerMessage?: string;
}

/** The one problem schema (RFC 9457) every error response of the document refers to. */
export class ProblemDetailsDto {
  @ApiProperty({ example: '/problems/not-found' }) type!: string;
  @ApiProperty({ example: 'Resource not found' }) title!: string;
  @ApiProperty({ example: 404 }) status!: number;
  @ApiProperty({
    enum: ErrorCode,
    enumName: 'ErrorCode',
    description: 'Closed list: see docs/errors.md',
  })
  code!: ErrorCode;
  @ApiProperty({ example: 'No incident with id 00163E038C2E1EE299C1BB0BE9398F9B' }) detail!: string;
  @ApiProperty({ example: '/v1/incidents/00163E038C2E1EE299C1BB0BE9398F9B' }) instance!: string;
  @ApiProperty({ example: '7c1f0f4e-4a1e-4ac4-9a55-1f0b5d2c9d11' }) requestId!: string;
  @ApiProperty() retryable!: boolean;
  @ApiPropertyOptional({ description: 'Seconds to wait; also sent as Retry-After' })
  retryAfterSeconds?: number;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'VALIDATION_FAILED only' })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({ type: UpstreamDetailDto, description: 'Internal callers only' })
  upstream?: UpstreamDetailDto;
}

export class PageInfoDto {
  @ApiProperty({ example: 25 }) limit!: number;
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!:
    string | null;
}

import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode } from '../errors/error-code.js';
import { GatewayError, type FieldError } from '../errors/gateway.error.js';

/** The one global validation pipe: unknown fields are rejected, failures list field paths. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) =>
      new GatewayError(ErrorCode.ValidationFailed, 'The request is not valid', {
        errors: flattenValidationErrors(errors),
      }),
  });
}

/** `[{ field: "metadata.tags[0]", message: "…" }]`, one entry per failed constraint. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(`${error.property} `)
        ? message.slice(error.property.length + 1)
        : message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) {
    return `${parent}[${property}]`;
  }
  return parent ? `${parent}.${property}` : property;
}

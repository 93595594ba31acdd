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

/**
 * Checks that make the others moot: a missing value, or one of the wrong type, is reported alone
 * ("must be an integer number", not also "must not be greater than 100" for `limit=abc`).
 */
const FIRST_CHECKS = [
  ['isDefined'],
  ['isInt', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isObject', 'isIso8601'],
];

/** The messages worth showing for one field: its first failed kind of check, else all. */
export function decisiveMessages(constraints: Record<string, string>): string[] {
  for (const group of FIRST_CHECKS) {
    const failed = group.filter((name) => name in constraints);
    if (failed.length > 0) {
      return failed.map((name) => constraints[name] as string);
    }
  }
  return Object.values(constraints);
}

/** `[{ field: "metadata.tags[0]", message: "…" }]`, one entry per failed constraint that matters. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = decisiveMessages(error.constraints ?? {}).map((message) => ({
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

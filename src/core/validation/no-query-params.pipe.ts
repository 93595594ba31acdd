import { Injectable, type PipeTransform } from '@nestjs/common';
import { ErrorCode } from '../errors/error-code.js';
import { GatewayError } from '../errors/gateway.error.js';

/**
 * For `@Query()` on a route that takes no query parameters: any parameter is a 400, as an unknown
 * one is on routes with a query DTO (an empty DTO cannot say so: class-validator refuses every
 * object of a class without constraints).
 */
@Injectable()
export class NoQueryParams implements PipeTransform<Record<string, unknown>, void> {
  transform(query: Record<string, unknown>): void {
    const names = Object.keys(query ?? {});
    if (names.length > 0) {
      throw new GatewayError(ErrorCode.ValidationFailed, 'The request is not valid', {
        errors: names.map((field) => ({ field, message: 'is not a parameter of this route' })),
      });
    }
  }
}

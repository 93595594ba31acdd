import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { DESCRIPTION_TYPE_CODE } from './upstream-comment.js';

/*
 * An incident's `description` is the text of its description comment (TypeCode 10004). Comment
 * writes keep that one-to-one: the description comment keeps its type, and no write makes a second
 * one (the incident would show only the first, and the other would be lost to it).
 */

/** A PATCH from `current` to `next` TypeCode that would take the incident's description away. */
export function descriptionTypeChangeError(
  current: string | null | undefined,
  next: string,
): GatewayError | undefined {
  if (current !== DESCRIPTION_TYPE_CODE || next === DESCRIPTION_TYPE_CODE) {
    return undefined;
  }
  return new GatewayError(
    ErrorCode.ValidationFailed,
    "The description comment holds the incident's description; its type cannot be changed",
    {
      errors: [
        {
          field: 'type',
          message:
            "cannot change on the description comment, which holds the incident's description; change its body, or delete it",
        },
      ],
    },
  );
}

/** A write that would give the incident a second description comment, next to `existingId`. */
export function secondDescriptionError(incidentId: string, existingId: string): GatewayError {
  return new GatewayError(
    ErrorCode.ValidationFailed,
    `Incident ${incidentId} already has a description comment (${existingId})`,
    {
      errors: [
        {
          field: 'type',
          message: `cannot be description: the incident already has one (comment ${existingId}); change its body, or the incident's description`,
        },
      ],
    },
  );
}

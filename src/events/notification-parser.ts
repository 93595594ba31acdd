import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError, type FieldError } from '../core/errors/gateway.error.js';
import { toEpochMs } from '../core/mapping/dates.js';
import type { UpstreamChange } from './helpdesk-event.js';

const MAX_CHANGES = 1000;
const OBJECT_TYPE = /^[A-Za-z0-9_.-]{1,64}$/;
/** C4C ObjectIDs are 32 hex characters; ids become parts of cache scope names, so stay strict. */
const OBJECT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const EVENT_TYPES = new Set(['CREATED', 'UPDATED', 'DELETED', 'UNKNOWN']);

type Json = Record<string, unknown>;

/**
 * Reads the changes out of a Cloud Elements notification body. Normalized events are taken from
 * `message.events` or `events` (the envelope key is not documented, so both are accepted); without
 * them, a polling payload in `message.raw` (or `raw`) = `{ objectType, <objectType>: [records] }`
 * gives one change per record. Anything else is VALIDATION_FAILED, listing what is wrong.
 */
export function parseNotification(body: unknown): UpstreamChange[] {
  if (!isObject(body)) {
    throw malformed([{ field: 'body', message: 'must be a JSON object' }]);
  }
  const message = body.message;
  if (message !== undefined && !isObject(message)) {
    throw malformed([{ field: 'message', message: 'must be an object' }]);
  }
  const errors: FieldError[] = [];
  let changes: UpstreamChange[];
  if (message?.events !== undefined) {
    changes = readEvents(message.events, 'message.events', errors);
  } else if (body.events !== undefined) {
    changes = readEvents(body.events, 'events', errors);
  } else if (message?.raw !== undefined) {
    changes = readRaw(message.raw, 'message.raw', errors);
  } else if (body.raw !== undefined) {
    changes = readRaw(body.raw, 'raw', errors);
  } else {
    throw malformed([
      {
        field: 'message',
        message: 'must hold events (message.events) or a polling payload (message.raw)',
      },
    ]);
  }
  if (errors.length > 0) {
    throw malformed(errors.slice(0, 20));
  }
  return changes;
}

function readEvents(value: unknown, field: string, errors: FieldError[]): UpstreamChange[] {
  if (!Array.isArray(value)) {
    errors.push({ field, message: 'must be an array' });
    return [];
  }
  if (value.length > MAX_CHANGES) {
    errors.push({ field, message: `must hold at most ${MAX_CHANGES} events` });
    return [];
  }
  const changes: UpstreamChange[] = [];
  value.forEach((event: unknown, index) => {
    const at = `${field}[${index}]`;
    if (!isObject(event)) {
      errors.push({ field: at, message: 'must be an object' });
      return;
    }
    const objectType = readObjectType(event.objectType, `${at}.objectType`, errors);
    const objectId = readObjectId(event.objectId, `${at}.objectId`, errors, false);
    if (objectType === undefined) {
      return;
    }
    const eventType = typeof event.eventType === 'string' ? event.eventType.toUpperCase() : '';
    changes.push({
      objectType,
      objectId,
      eventType: EVENT_TYPES.has(eventType)
        ? (eventType as UpstreamChange['eventType'])
        : 'UNKNOWN',
      date: toEpochMs(event.date) ?? undefined,
    });
  });
  return changes;
}

function readRaw(value: unknown, field: string, errors: FieldError[]): UpstreamChange[] {
  if (!isObject(value)) {
    errors.push({ field, message: 'must be an object' });
    return [];
  }
  const objectType = readObjectType(value.objectType, `${field}.objectType`, errors);
  if (objectType === undefined) {
    return [];
  }
  const records = value[objectType];
  const at = `${field}.${objectType}`;
  if (!Array.isArray(records)) {
    errors.push({ field: at, message: 'must be an array of records' });
    return [];
  }
  if (records.length > MAX_CHANGES) {
    errors.push({ field: at, message: `must hold at most ${MAX_CHANGES} records` });
    return [];
  }
  const changes: UpstreamChange[] = [];
  records.forEach((record: unknown, index) => {
    if (!isObject(record)) {
      errors.push({ field: `${at}[${index}]`, message: 'must be an object' });
      return;
    }
    const objectId = readObjectId(
      record.ObjectID ?? record.id,
      `${at}[${index}].ObjectID`,
      errors,
      true,
    );
    const changed = toEpochMs(record.ChangedOn) ?? undefined;
    const created = toEpochMs(record.CreatedOn) ?? undefined;
    if (objectId !== undefined) {
      changes.push({
        objectType,
        objectId,
        // A poll cannot see deletions; a record changed exactly when it was created is new.
        eventType: changed !== undefined && changed === created ? 'CREATED' : 'UPDATED',
        date: changed,
      });
    }
  });
  return changes;
}

function readObjectType(value: unknown, field: string, errors: FieldError[]): string | undefined {
  if (typeof value !== 'string' || !OBJECT_TYPE.test(value)) {
    errors.push({
      field,
      message: 'must be an object type name (1-64 characters of A-Z a-z 0-9 _ . -)',
    });
    return undefined;
  }
  return value;
}

function readObjectId(
  value: unknown,
  field: string,
  errors: FieldError[],
  required: boolean,
): string | undefined {
  if (value === undefined || value === null) {
    if (required) {
      errors.push({ field, message: 'is required' });
    }
    return undefined;
  }
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !OBJECT_ID.test(text)) {
    errors.push({ field, message: 'must be an id of 1-128 characters of A-Z a-z 0-9 _ . : -' });
    return undefined;
  }
  return text;
}

function malformed(errors: FieldError[]): GatewayError {
  return new GatewayError(ErrorCode.ValidationFailed, 'The notification body is malformed', {
    errors,
  });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

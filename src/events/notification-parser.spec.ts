import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { parseNotification } from './notification-parser.js';

const ID = '00163E038C2E1EE299C1BB0BE9398F9B';
const OTHER = '00163E038C2E1EE299C1BB0BE9398FA0';

function refusal(body: unknown): GatewayError {
  try {
    parseNotification(body);
  } catch (error) {
    if (error instanceof GatewayError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe(parseNotification.name, () => {
  it('should read normalized events under message.events', () => {
    expect(
      parseNotification({
        message: {
          eventId: 'e1',
          events: [
            {
              objectType: 'incidents',
              objectId: ID,
              eventType: 'UPDATED',
              date: '2026-01-31T12:00:00Z',
            },
            { objectType: 'contacts', objectId: OTHER, eventType: 'created', date: 1769860800000 },
          ],
          raw: { objectType: 'incidents', incidents: [{ ObjectID: 'ignored-when-events-exist' }] },
        },
      }),
    ).toEqual([
      {
        objectType: 'incidents',
        objectId: ID,
        eventType: 'UPDATED',
        date: Date.parse('2026-01-31T12:00:00Z'),
      },
      { objectType: 'contacts', objectId: OTHER, eventType: 'CREATED', date: 1769860800000 },
    ]);
  });

  it('should read normalized events at the top level too', () => {
    expect(
      parseNotification({
        events: [{ objectType: 'accounts', objectId: ID, eventType: 'DELETED' }],
      }),
    ).toEqual([{ objectType: 'accounts', objectId: ID, eventType: 'DELETED', date: undefined }]);
  });

  it('should read a polling payload under message.raw, one change per record', () => {
    expect(
      parseNotification({
        message: {
          raw: {
            objectType: 'incidents',
            incidents: [
              { ObjectID: ID, CreatedOn: 1000, ChangedOn: 1000 },
              { ObjectID: OTHER, CreatedOn: 1000, ChangedOn: '/Date(2000)/' },
            ],
            instance_id: 1001,
          },
        },
      }),
    ).toEqual([
      { objectType: 'incidents', objectId: ID, eventType: 'CREATED', date: 1000 },
      { objectType: 'incidents', objectId: OTHER, eventType: 'UPDATED', date: 2000 },
    ]);
  });

  it('should read a top-level raw payload and take `id` when ObjectID is missing', () => {
    expect(parseNotification({ raw: { objectType: 'contacts', contacts: [{ id: ID }] } })).toEqual([
      { objectType: 'contacts', objectId: ID, eventType: 'UPDATED', date: undefined },
    ]);
  });

  it('should keep an unknown or missing eventType as UNKNOWN, a numeric id as text and an empty list', () => {
    expect(
      parseNotification({
        message: {
          events: [
            { objectType: 'incidents', objectId: 42, eventType: 'MERGED' },
            { objectType: 'incidents' },
          ],
        },
      }),
    ).toEqual([
      { objectType: 'incidents', objectId: '42', eventType: 'UNKNOWN', date: undefined },
      { objectType: 'incidents', objectId: undefined, eventType: 'UNKNOWN', date: undefined },
    ]);
    expect(parseNotification({ message: { events: [] } })).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['a JSON array', [], 'body'],
    ['a string', 'x', 'body'],
    ['null', null, 'body'],
    ['a message that is not an object', { message: 'x' }, 'message'],
    ['neither events nor raw', { message: { eventId: 'e1' } }, 'message'],
    ['events that are not an array', { message: { events: {} } }, 'message.events'],
    ['an event that is not an object', { events: ['x'] }, 'events[0]'],
    ['an event without objectType', { events: [{ objectId: ID }] }, 'events[0].objectType'],
    [
      'an objectType with odd characters',
      { events: [{ objectType: 'in cidents' }] },
      'events[0].objectType',
    ],
    [
      'an objectId with odd characters',
      { events: [{ objectType: 'incidents', objectId: "x'; drop" }] },
      'events[0].objectId',
    ],
    [
      'a raw payload without its records',
      { message: { raw: { objectType: 'incidents' } } },
      'message.raw.incidents',
    ],
    [
      'a raw record without ObjectID',
      { message: { raw: { objectType: 'incidents', incidents: [{}] } } },
      'message.raw.incidents[0].ObjectID',
    ],
    [
      'too many events',
      { events: Array.from({ length: 1001 }, () => ({ objectType: 'incidents' })) },
      'events',
    ],
  ])('should refuse %s as VALIDATION_FAILED naming %s', (_case, body, field) => {
    const error = refusal(body);
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.errors?.map((e) => e.field)).toContain(field);
  });
});

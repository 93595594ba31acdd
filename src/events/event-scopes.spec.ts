import { effectOf } from './event-scopes.js';

const ID = '00163E038C2E1EE299C1BB0BE9398F9B';

describe(effectOf.name, () => {
  it('should invalidate an incident, its thread, its attachments and the incident lists', () => {
    expect(effectOf({ objectType: 'incidents', objectId: ID, eventType: 'UPDATED' })).toEqual({
      resource: 'incidents',
      scopes: [
        'incidents',
        `incident:${ID}`,
        `incident:${ID}:comments`,
        `incident:${ID}:attachments`,
      ],
    });
  });

  it('should treat an incidents-statuses change as a change of the incident', () => {
    expect(
      effectOf({ objectType: 'incidents-statuses', objectId: ID, eventType: 'UPDATED' }),
    ).toEqual({
      resource: 'incidents',
      scopes: ['incidents', `incident:${ID}`],
    });
  });

  it.each([
    ['contacts', 'contacts', ['contacts', `contact:${ID}`]],
    ['accounts', 'accounts', ['accounts', `account:${ID}`]],
    ['Contacts', 'contacts', ['contacts', `contact:${ID}`]],
  ])('should map %s to the %s scopes', (objectType, resource, scopes) => {
    expect(effectOf({ objectType, objectId: ID, eventType: 'UPDATED' })).toEqual({
      resource,
      scopes,
    });
  });

  it.each([
    ['contacts', ['contacts', `contact:${ID}`, 'links']],
    ['accounts', ['accounts', `account:${ID}`, 'links']],
  ])('should make links read again when a record of %s is deleted', (objectType, scopes) => {
    expect(effectOf({ objectType, objectId: ID, eventType: 'DELETED' })?.scopes).toEqual(scopes);
    expect(effectOf({ objectType, objectId: ID, eventType: 'CREATED' })?.scopes).not.toContain(
      'links',
    );
  });

  it('should invalidate only the lists when no object id was given', () => {
    expect(effectOf({ objectType: 'incidents', eventType: 'UNKNOWN' })?.scopes).toEqual([
      'incidents',
    ]);
    expect(effectOf({ objectType: 'contacts', eventType: 'UNKNOWN' })?.scopes).toEqual([
      'contacts',
    ]);
    expect(effectOf({ objectType: 'accounts', eventType: 'UNKNOWN' })?.scopes).toEqual([
      'accounts',
    ]);
  });

  it('should invalidate nothing for object types the gateway does not serve', () => {
    expect(
      effectOf({ objectType: 'ServiceRequestCollection', objectId: ID, eventType: 'UPDATED' }),
    ).toBeUndefined();
    expect(
      effectOf({ objectType: 'opportunities', objectId: ID, eventType: 'DELETED' }),
    ).toBeUndefined();
  });
});

import { toComment } from './comment.mapper.js';
import type { UpstreamComment } from './upstream-comment.js';

const INCIDENT = '00163E038C2E1EE299C1BB0BE9398F9B';

const full: UpstreamComment = {
  ObjectID: '00163E038C2E1EE299C1BB0BE93A0001',
  ParentObjectID: INCIDENT,
  Text: 'We have ordered a new fuser.',
  TypeCode: '10007',
  TypeCodeText: 'Reply to Customer',
  AuthorName: 'Ada Agent',
  CreatedBy: 'Ada Agent',
  CreatedOn: 1769774400000,
  UpdatedOn: '/Date(1769860800000)/',
};

describe(toComment.name, () => {
  it('should map every field of a full record', () => {
    expect(toComment(full, 'PATH-ID')).toEqual({
      id: '00163E038C2E1EE299C1BB0BE93A0001',
      incidentId: INCIDENT,
      body: 'We have ordered a new fuser.',
      type: 'reply_to_customer',
      typeCode: '10007',
      authorName: 'Ada Agent',
      createdAt: '2026-01-30T12:00:00.000Z',
      updatedAt: '2026-01-31T12:00:00.000Z',
    });
  });

  it.each<[string, string]>([
    ['10004', 'description'],
    ['10007', 'reply_to_customer'],
    ['10008', 'reply_from_customer'],
    ['10011', 'internal_note'],
    ['Z900', 'other'],
    ['10005', 'other'],
  ])('should map TypeCode %s to type %s and keep the code', (code, type) => {
    const comment = toComment({ ObjectID: 'C', TypeCode: code }, INCIDENT);
    expect({ type: comment.type, typeCode: comment.typeCode }).toEqual({ type, typeCode: code });
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
  ])('should give type other and typeCode null for a %s TypeCode', (_label, code) => {
    const comment = toComment({ ObjectID: 'C', TypeCode: code as string }, INCIDENT);
    expect({ type: comment.type, typeCode: comment.typeCode }).toEqual({
      type: 'other',
      typeCode: null,
    });
  });

  it('should use null for every missing value and the path incident for a missing parent', () => {
    expect(toComment({ ObjectID: 'C', Text: '  ', AuthorName: '' }, INCIDENT)).toEqual({
      id: 'C',
      incidentId: INCIDENT,
      body: null,
      type: 'other',
      typeCode: null,
      authorName: null,
      createdAt: null,
      updatedAt: null,
    });
  });

  it.each<[string, unknown, string | null]>([
    ['epoch milliseconds', 1769774400000, '2026-01-30T12:00:00.000Z'],
    ['epoch milliseconds as text', '1769774400000', '2026-01-30T12:00:00.000Z'],
    ['OData /Date(ms)/', '/Date(1769774400000)/', '2026-01-30T12:00:00.000Z'],
    ['OData /Date(ms+offset)/', '/Date(1769774400000+0100)/', '2026-01-30T12:00:00.000Z'],
    ['ISO 8601 UTC', '2026-01-30T12:00:00Z', '2026-01-30T12:00:00.000Z'],
    ['ISO 8601 with an offset', '2026-01-30T13:00:00+01:00', '2026-01-30T12:00:00.000Z'],
    ['an unreadable text', 'yesterday', null],
  ])('should read %s dates', (_label, value, expected) => {
    const comment = toComment(
      { ObjectID: 'C', CreatedOn: value as string, UpdatedOn: value as string },
      INCIDENT,
    );
    expect([comment.createdAt, comment.updatedAt]).toEqual([expected, expected]);
  });

  it('should attach the untouched record only when asked', () => {
    expect(toComment(full, INCIDENT)).not.toHaveProperty('raw');
    expect(toComment(full, INCIDENT, true).raw).toBe(full);
  });

  it('should never put a SAP field name in the normalized body', () => {
    const body = JSON.stringify(toComment(full, INCIDENT));
    for (const field of ['ObjectID', 'ParentObjectID', 'Text', 'TypeCode', 'AuthorName']) {
      expect(body).not.toContain(`"${field}"`);
    }
  });
});

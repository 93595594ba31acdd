import { ResolvedLinks } from '../links/link-ids.js';
import { toContact } from './contact.mapper.js';
import type { UpstreamContact } from './upstream-contact.js';

const links = new ResolvedLinks(new Map([['1000123', 'ACC-ID-1']]), new Map());

const full: UpstreamContact = {
  ObjectID: '00163E038C2E1EE299C1BB0BE9398F9B',
  id: '00163E038C2E1EE299C1BB0BE9398F9B',
  ContactID: '1100042',
  FirstName: 'Ada',
  LastName: 'Lovelace',
  Email: 'ada@example.com',
  Phone: '+49 89 1234567',
  AccountID: '1000123',
  CategoryCode: '1',
  CreatedOn: 1769774400000,
  ChangedOn: '/Date(1769860800000)/',
  ETag: 'W/"datetime\'2026-01-31T12%3A00%3A00.0000001Z\'"',
};

describe(toContact.name, () => {
  it('should map every field of a full record', () => {
    expect(toContact(full, links)).toEqual({
      id: '00163E038C2E1EE299C1BB0BE9398F9B',
      number: '1100042',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+49 89 1234567',
      accountId: 'ACC-ID-1',
      createdAt: '2026-01-30T12:00:00.000Z',
      updatedAt: '2026-01-31T12:00:00.000Z',
      version: 'W/"datetime\'2026-01-31T12%3A00%3A00.0000001Z\'"',
    });
  });

  it('should use null for every missing value, never "" or undefined', () => {
    const contact = toContact({ ObjectID: 'X' }, links);
    expect(contact).toEqual({
      id: 'X',
      number: null,
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
      accountId: null,
      createdAt: null,
      updatedAt: null,
      version: null,
    });
    expect(Object.keys(contact)).toHaveLength(10);
  });

  it('should turn empty, blank and null upstream values into null', () => {
    const contact = toContact(
      {
        ObjectID: 'X',
        ContactID: '',
        FirstName: '   ',
        LastName: null,
        Email: '',
        Phone: ' ',
        AccountID: '',
        CreatedOn: '',
        ChangedOn: null,
        ETag: '',
      },
      links,
    );
    expect(Object.values(contact).filter((v) => v !== null)).toEqual(['X']);
  });

  it.each<[unknown, string | null]>([
    [1769860800000, '2026-01-31T12:00:00.000Z'],
    ['1769860800000', '2026-01-31T12:00:00.000Z'],
    ['/Date(1769860800000)/', '2026-01-31T12:00:00.000Z'],
    ['/Date(1769860800000+0100)/', '2026-01-31T12:00:00.000Z'],
    ['2026-01-31T12:00:00Z', '2026-01-31T12:00:00.000Z'],
    ['2026-01-31T13:00:00.5+01:00', '2026-01-31T12:00:00.500Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    ['not a date', null],
  ])('should turn the date %j into %j for createdAt and updatedAt', (value, expected) => {
    const contact = toContact(
      { ObjectID: 'X', CreatedOn: value as string, ChangedOn: value as string },
      links,
    );
    expect([contact.createdAt, contact.updatedAt]).toEqual([expected, expected]);
  });

  it('should keep a numeric business key as text', () => {
    expect(
      toContact({ ObjectID: 'X', ContactID: 1100042 as unknown as string }, links).number,
    ).toBe('1100042');
  });

  it('should give null for an account key that names no known account', () => {
    expect(toContact({ ObjectID: 'X', AccountID: 'missing' }, links).accountId).toBeNull();
  });

  it('should resolve the account key through the links, never pass the key itself', () => {
    const other = new ResolvedLinks(new Map([['1000123', 'ACC-ID-2']]), new Map());
    expect(toContact(full, other).accountId).toBe('ACC-ID-2');
  });

  it('should attach the untouched record only when asked', () => {
    expect(toContact(full, links)).not.toHaveProperty('raw');
    expect(toContact(full, links, false)).not.toHaveProperty('raw');
    expect(toContact(full, links, true).raw).toBe(full);
  });

  it('should never put a SAP field name in the normalized body', () => {
    const body = JSON.stringify(toContact(full, links));
    const sapFields = Object.keys(full).filter((field) => field !== 'id');
    expect(sapFields).toHaveLength(11);
    for (const field of sapFields) {
      expect(body).not.toContain(`"${field}"`);
    }
  });
});

import { toAccount } from './account.mapper.js';
import type { UpstreamAccount } from './upstream-account.js';

const full: UpstreamAccount = {
  ObjectID: '00163E038C2E1EE299C1BB0BE9398F9B',
  id: '00163E038C2E1EE299C1BB0BE9398F9B',
  AccountID: '1000123',
  AccountName: 'Acme Corporation',
  Email: 'info@acme.example',
  Phone: '+49 30 1234567',
  RoleCode: 'CRM000',
  CreatedOn: '2026-01-30T12:00:00Z',
  ChangedOn: 1769860800000,
  ETag: 'W/"datetime\'2026-01-31T12%3A00%3A00.0000001Z\'"',
};

describe(toAccount.name, () => {
  it('should map every field of a full record', () => {
    expect(toAccount(full)).toEqual({
      id: '00163E038C2E1EE299C1BB0BE9398F9B',
      number: '1000123',
      name: 'Acme Corporation',
      email: 'info@acme.example',
      phone: '+49 30 1234567',
      createdAt: '2026-01-30T12:00:00.000Z',
      updatedAt: '2026-01-31T12:00:00.000Z',
      version: 'W/"datetime\'2026-01-31T12%3A00%3A00.0000001Z\'"',
    });
  });

  it('should use null for every missing value, never "" or undefined', () => {
    const account = toAccount({ ObjectID: 'X' });
    expect(account).toEqual({
      id: 'X',
      number: null,
      name: null,
      email: null,
      phone: null,
      createdAt: null,
      updatedAt: null,
      version: null,
    });
    expect(Object.keys(account)).toHaveLength(8);
  });

  it('should turn empty, blank and null upstream values into null', () => {
    const account = toAccount({
      ObjectID: 'X',
      AccountID: '',
      AccountName: '  ',
      Email: null,
      Phone: '',
      CreatedOn: '',
      ChangedOn: null,
      ETag: ' ',
    });
    expect(Object.values(account).filter((v) => v !== null)).toEqual(['X']);
  });

  it.each<[unknown, string | null]>([
    [1769860800000, '2026-01-31T12:00:00.000Z'],
    ['1769860800000', '2026-01-31T12:00:00.000Z'],
    ['/Date(1769860800000)/', '2026-01-31T12:00:00.000Z'],
    ['/Date(1769860800000-0500)/', '2026-01-31T12:00:00.000Z'],
    ['2026-01-31T12:00:00Z', '2026-01-31T12:00:00.000Z'],
    ['2026-01-31T07:00:00.25-05:00', '2026-01-31T12:00:00.250Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    ['yesterday', null],
  ])('should turn the date %j into %j for createdAt and updatedAt', (value, expected) => {
    const account = toAccount({
      ObjectID: 'X',
      CreatedOn: value as string,
      ChangedOn: value as string,
    });
    expect([account.createdAt, account.updatedAt]).toEqual([expected, expected]);
  });

  it('should keep a numeric business key as text', () => {
    expect(toAccount({ ObjectID: 'X', AccountID: 1000123 as unknown as string }).number).toBe(
      '1000123',
    );
  });

  it('should attach the untouched record only when asked', () => {
    expect(toAccount(full)).not.toHaveProperty('raw');
    expect(toAccount(full, false)).not.toHaveProperty('raw');
    expect(toAccount(full, true).raw).toBe(full);
  });

  it('should never put a SAP field name in the normalized body', () => {
    const body = JSON.stringify(toAccount(full));
    const sapFields = Object.keys(full).filter((field) => field !== 'id');
    expect(sapFields).toHaveLength(9);
    for (const field of sapFields) {
      expect(body).not.toContain(`"${field}"`);
    }
  });
});

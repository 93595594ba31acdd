import { unlistedCode, writeCode } from './listed-codes.js';

const STATUSES = new Set(['1', '2', '3', '4', 'Z1']);
const PRIORITIES = new Set(['1', '2', '3', '7']);

describe(writeCode.name, () => {
  it.each<[Parameters<typeof writeCode>[0], string, string]>([
    ['status', 'open', '1'],
    ['status', 'closed', '4'],
    ['status', 'Z1', 'Z1'],
    ['priority', 'low', '7'],
    ['priority', 'immediate', '1'],
    ['priority', '3', '3'],
  ])('should write %s %s as code %s', (field, value, code) => {
    expect(writeCode(field, value)).toBe(code);
  });
});

describe(unlistedCode.name, () => {
  it.each<[Parameters<typeof unlistedCode>[0], string]>([
    ['status', 'in_progress'],
    ['status', 'Z1'],
    ['status', '4'],
    ['priority', 'urgent'],
    ['priority', '7'],
  ])('should pass the listed %s %s', (field, value) => {
    expect(unlistedCode(field, value, field === 'status' ? STATUSES : PRIORITIES)).toBeUndefined();
  });

  it('should name the field, the value and the route that lists the codes', () => {
    expect(unlistedCode('priority', 'bogus', PRIORITIES)).toEqual({
      field: 'priority',
      message: '"bogus" is not a priority of this tenant; GET /v1/incident-priorities lists them',
    });
    expect(unlistedCode('status', 'Z2', STATUSES)).toEqual({
      field: 'status',
      message: '"Z2" is not a status of this tenant; GET /v1/incident-statuses lists them',
    });
  });

  it('should refuse a level whose code the tenant does not have, giving the code', () => {
    expect(unlistedCode('priority', 'low', new Set(['1', '2', '3']))?.message).toMatch(
      /^"low" \(code 7\) is not a priority/,
    );
  });

  it('should pass anything when the list could not be read', () => {
    expect(unlistedCode('priority', 'bogus', undefined)).toBeUndefined();
    expect(unlistedCode('status', 'Z9', undefined)).toBeUndefined();
  });
});

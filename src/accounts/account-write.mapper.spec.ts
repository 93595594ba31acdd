import { toUpstreamAccountCreate, toUpstreamAccountFields } from './account-write.mapper.js';

describe(toUpstreamAccountCreate.name, () => {
  it('should write every field natively, with the customer role', () => {
    expect(
      toUpstreamAccountCreate({
        name: 'Acme Corporation',
        email: 'info@acme.example',
        phone: '+49 30 1234567',
      }),
    ).toEqual({
      AccountName: 'Acme Corporation',
      Email: 'info@acme.example',
      Phone: '+49 30 1234567',
      RoleCode: 'CRM000',
    });
  });

  it('should leave out what was not given', () => {
    expect(toUpstreamAccountCreate({ name: 'Acme' })).toEqual({
      AccountName: 'Acme',
      RoleCode: 'CRM000',
    });
  });
});

describe(toUpstreamAccountFields.name, () => {
  it('should send only the fields that were given', () => {
    expect(toUpstreamAccountFields({ name: 'Acme GmbH' })).toEqual({ AccountName: 'Acme GmbH' });
    expect(toUpstreamAccountFields({ phone: '030 123' })).toEqual({ Phone: '030 123' });
    expect(toUpstreamAccountFields({})).toEqual({});
  });

  it('should send null to clear e-mail and phone', () => {
    expect(toUpstreamAccountFields({ email: null, phone: null })).toEqual({
      Email: null,
      Phone: null,
    });
  });

  it('should never set the role on an update', () => {
    expect(toUpstreamAccountFields({ name: 'Acme' })).not.toHaveProperty('RoleCode');
  });
});

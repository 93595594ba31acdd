import { toUpstreamContactCreate, toUpstreamContactFields } from './contact-write.mapper.js';

describe(toUpstreamContactCreate.name, () => {
  it('should write every field natively, with the account key and the person category', () => {
    expect(
      toUpstreamContactCreate(
        {
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.com',
          phone: '+49 89 1234567',
          accountId: 'ACC-ID-1',
        },
        { accountKey: '1000123' },
      ),
    ).toEqual({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: 'ada@example.com',
      Phone: '+49 89 1234567',
      AccountID: '1000123',
      CategoryCode: '1',
    });
  });

  it('should leave out what was not given', () => {
    expect(toUpstreamContactCreate({ firstName: 'Ada', lastName: 'Lovelace' }, {})).toEqual({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      CategoryCode: '1',
    });
  });
});

describe(toUpstreamContactFields.name, () => {
  it('should send only the fields that were given', () => {
    expect(toUpstreamContactFields({ lastName: 'Byron' }, {})).toEqual({ LastName: 'Byron' });
    expect(toUpstreamContactFields({}, {})).toEqual({});
  });

  it('should send null to clear e-mail, phone and the account link', () => {
    expect(
      toUpstreamContactFields({ email: null, phone: null, accountId: null }, { accountKey: null }),
    ).toEqual({ Email: null, Phone: null, AccountID: null });
  });

  it('should take the account link from the resolved key, never the caller id', () => {
    expect(toUpstreamContactFields({ accountId: 'ACC-ID-1' }, { accountKey: '1000123' })).toEqual({
      AccountID: '1000123',
    });
  });

  it('should never set the category on an update', () => {
    expect(toUpstreamContactFields({ firstName: 'Ada' }, {})).not.toHaveProperty('CategoryCode');
  });
});

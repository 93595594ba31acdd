import { parseAuthorization, requireSecrets } from './auth.js';
import { SandboxHttpError } from './http-error.js';

describe('parseAuthorization', () => {
  it('should read all three parts', () => {
    expect(parseAuthorization('User u1, Organization o1, Element e1/+=')).toEqual({
      user: 'u1',
      organization: 'o1',
      element: 'e1/+=',
    });
  });

  it('should tolerate any order, extra spaces and scheme case', () => {
    expect(parseAuthorization('  element e1 ,organization   o1,USER u1  ')).toEqual({
      user: 'u1',
      organization: 'o1',
      element: 'e1',
    });
  });

  it('should ignore malformed parts and a missing header', () => {
    expect(parseAuthorization('Bearer, User a b, Organization o1')).toEqual({ organization: 'o1' });
    expect(parseAuthorization(undefined)).toEqual({});
  });
});

describe('requireSecrets', () => {
  const secrets = { orgSecret: 'org', userSecret: 'user' };

  it('should accept matching secrets', () => {
    expect(() => requireSecrets({ user: 'user', organization: 'org' }, secrets)).not.toThrow();
  });

  it.each([
    { user: 'user' },
    { user: 'x', organization: 'org' },
    { user: 'user', organization: 'x' },
  ])('should answer 401 for %j', (parts) => {
    expect(() => requireSecrets(parts, secrets)).toThrow(SandboxHttpError);
  });
});

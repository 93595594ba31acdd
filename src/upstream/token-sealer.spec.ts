import { TokenSealer } from './token-sealer.js';

describe(TokenSealer.name, () => {
  const sealer = new TokenSealer({ orgSecret: 'org-secret-1', userSecret: 'user-secret-1' });

  it('should round-trip a token without showing it', () => {
    const sealed = sealer.seal('tok-abc-123');
    expect(sealed).not.toContain('tok-abc-123');
    expect(sealer.open(sealed)).toBe('tok-abc-123');
    expect(sealer.seal('tok-abc-123')).not.toBe(sealed);
  });

  it('should refuse values sealed under other secrets, tampered or malformed', () => {
    const other = new TokenSealer({ orgSecret: 'org-secret-2', userSecret: 'user-secret-1' });
    const sealed = sealer.seal('tok');
    expect(other.open(sealed)).toBeUndefined();
    const [iv, tag, body = ''] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 0xff;
    expect(sealer.open(`${iv}.${tag}.${flipped.toString('base64url')}`)).toBeUndefined();
    for (const bad of [null, undefined, '', 'plain-token', 'a.b', 'a.b.c.d']) {
      expect(sealer.open(bad)).toBeUndefined();
    }
  });
});

import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Element tokens are kept in Redis sealed with AES-256-GCM under a key derived from the CE secrets,
 * so a Redis dump or a stray MONITOR shows no usable token.
 */
export class TokenSealer {
  private readonly key: Buffer;

  constructor(secrets: { orgSecret: string; userSecret: string }) {
    this.key = createHmac('sha256', `${secrets.orgSecret}\0${secrets.userSecret}`)
      .update('element-token-v1')
      .digest();
  }

  seal(token: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.');
  }

  /** The token, or undefined for anything that was not sealed with this key. */
  open(value: string | null | undefined): string | undefined {
    const [iv, tag, sealed] = (value ?? '')
      .split('.')
      .map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !sealed || iv.length !== 12 || tag.length !== 16) {
      return undefined;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

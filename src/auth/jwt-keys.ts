import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import type { JwtKeySource } from '../config/security-config.js';

/** The issuer's keys could not be had (JWKS unreachable, slow or malformed): not the caller's fault. */
export class KeySourceUnavailable extends Error {
  constructor(cause: unknown) {
    super('The JWKS could not be fetched', { cause });
    this.name = 'KeySourceUnavailable';
  }
}

/** Errors of a JWKS look-up that are about the token (unknown `kid`, unusable `alg`), not the JWKS. */
const TOKEN_ERRORS = [
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSENotSupported,
];

/**
 * The verification key: the HS256 secret, or a remote JWKS that jose caches (`cacheMaxAge`) and
 * fetches again when a token names an unknown `kid`, at most once per `cooldown` (key rotation
 * without a restart, and no fetch storm from tokens with made-up `kid`s).
 */
export function verificationKey(source: JwtKeySource): Uint8Array | JWTVerifyGetKey {
  if (source.kind === 'secret') {
    return source.secret;
  }
  const jwks = createRemoteJWKSet(source.url, {
    cooldownDuration: source.cooldownMs,
    cacheMaxAge: source.cacheMaxAgeMs,
    timeoutDuration: source.timeoutMs,
  });
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      if (TOKEN_ERRORS.some((type) => error instanceof type)) {
        throw error;
      }
      throw new KeySourceUnavailable(error);
    }
  };
}

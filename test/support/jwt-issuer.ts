import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export const ISSUER = 'https://idp.example.test/';
export const AUDIENCE = 'helpdesk-gateway';
/** For gateways that verify with a shared secret (development mode). */
export const HS256_SECRET = 'test-hs256-secret-0123456789-abcdefghij';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function newSigningKey(
  alg = 'RS256',
  kid = `${alg}-${Date.now()}`,
): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, publicJwk };
}

/** The public key as PEM: what an attacker would use as an HMAC secret in an HS/RS confusion. */
export function publicKeyPem(key: SigningKey): Promise<string> {
  return exportSPKI(key.publicKey);
}

export interface TokenOptions {
  subject?: string;
  issuer?: string;
  audience?: string | string[];
  /** Seconds from now; negative for an expired token. Default 300. */
  expiresIn?: number;
  /** Seconds from now for `nbf`; unset: no nbf claim. */
  notBefore?: number;
  claims?: Record<string, unknown>;
  /** Leave these registered claims out. */
  omit?: ('exp' | 'sub' | 'iss' | 'aud')[];
  header?: Record<string, unknown>;
}

const now = (): number => Math.floor(Date.now() / 1000);

/** Signs a JWT with a key pair (its own alg and kid) or an HS256 secret. */
export function mintToken(
  key: SigningKey | Uint8Array,
  options: TokenOptions = {},
): Promise<string> {
  const omit = new Set(options.omit ?? []);
  const jwt = new SignJWT({
    tenants: ['acme'],
    scope: 'helpdesk:read helpdesk:write',
    ...options.claims,
  })
    .setProtectedHeader(
      key instanceof Uint8Array
        ? { alg: 'HS256', typ: 'JWT', ...options.header }
        : { alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header },
    )
    .setIssuedAt();
  if (!omit.has('sub')) {
    jwt.setSubject(options.subject ?? 'user-42');
  }
  if (!omit.has('iss')) {
    jwt.setIssuer(options.issuer ?? ISSUER);
  }
  if (!omit.has('aud')) {
    jwt.setAudience(options.audience ?? AUDIENCE);
  }
  if (!omit.has('exp')) {
    jwt.setExpirationTime(now() + (options.expiresIn ?? 300));
  }
  if (options.notBefore !== undefined) {
    jwt.setNotBefore(now() + options.notBefore);
  }
  return jwt.sign(key instanceof Uint8Array ? key : key.privateKey);
}

/** An unsecured JWT (`alg: none`, empty signature) with the usual claims. */
export function unsecuredToken(claims: Record<string, unknown> = {}): string {
  const encode = (value: object): string =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    sub: 'user-42',
    iss: ISSUER,
    aud: AUDIENCE,
    exp: now() + 300,
    tenants: ['acme'],
    scope: 'helpdesk:read helpdesk:write',
    ...claims,
  };
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
}

export function secretKey(secret = HS256_SECRET): Uint8Array {
  return new TextEncoder().encode(secret);
}

export interface JwksServer {
  /** The JWKS URL to give the gateway. */
  url: string;
  /** How many times the JWKS was fetched. */
  readonly fetches: number;
  /** Replaces the published keys (rotation). */
  publish(...keys: SigningKey[]): void;
  /** Answers every fetch with this status instead of the keys (0: back to normal). */
  failWith(status: number): void;
  close(): Promise<void>;
}

/** A tiny identity provider: serves a JWKS on a loopback port. */
export async function startJwksServer(...keys: SigningKey[]): Promise<JwksServer> {
  let published = keys;
  let fetches = 0;
  let failure = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    fetches++;
    if (failure !== 0) {
      response.writeHead(failure).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: published.map((k) => k.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetches() {
      return fetches;
    },
    publish: (...next) => {
      published = next;
    },
    failWith: (status) => {
      failure = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

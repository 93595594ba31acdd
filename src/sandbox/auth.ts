import { SandboxHttpError } from './http-error.js';

export interface AuthorizationParts {
  user?: string;
  organization?: string;
  element?: string;
}

export const INVALID_CREDENTIALS_MESSAGE =
  'Invalid Organization or User secret, or invalid Element token provided.';

/** `User <s>, Organization <s>, Element <t>`: parts in any order, spacing and case tolerated. */
export function parseAuthorization(header: string | undefined): AuthorizationParts {
  const parts: AuthorizationParts = {};
  for (const part of (header ?? '').split(',')) {
    const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(part);
    if (!match) {
      continue;
    }
    const [, scheme = '', value = ''] = match;
    switch (scheme.toLowerCase()) {
      case 'user':
        parts.user = value;
        break;
      case 'organization':
        parts.organization = value;
        break;
      case 'element':
        parts.element = value;
        break;
      default:
        break;
    }
  }
  return parts;
}

export interface PlatformSecrets {
  orgSecret: string;
  userSecret: string;
}

export function requireSecrets(parts: AuthorizationParts, secrets: PlatformSecrets): void {
  if (parts.user !== secrets.userSecret || parts.organization !== secrets.orgSecret) {
    throw new SandboxHttpError(401, INVALID_CREDENTIALS_MESSAGE);
  }
}

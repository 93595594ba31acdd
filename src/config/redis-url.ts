import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * `redis://` or `rediss://`, a host, an optional port (1-65535) and an optional database number:
 * what ioredis is given is checked here, so a bad value stops start-up naming REDIS_URL instead of
 * failing later inside the client (an invalid URL, or `SELECT NaN` for a path like `/abc`).
 */
export function IsRedisUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRedisUrl',
      validator: {
        validate: isRedisUrl,
        defaultMessage: () =>
          'must be a redis:// or rediss:// URL: [user:password@]host[:port][/database number]',
      },
    },
    options,
  );
}

export function isRedisUrl(value: unknown): boolean {
  if (typeof value !== 'string') {
    return false;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'redis:' || url.protocol === 'rediss:') &&
    url.hostname !== '' &&
    /^(\/\d{0,5})?$/.test(url.pathname) &&
    url.search === '' &&
    url.hash === ''
  );
}

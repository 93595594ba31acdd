import type { RedisConfig } from '../config/gateway-config.js';
import { redisOptions } from './redis-options.js';

const base: RedisConfig = {
  url: 'redis://127.0.0.1:6379',
  required: false,
  keyPrefix: 'hgw:',
  commandTimeoutMs: 100,
  sentinelName: 'mymaster',
};

describe(redisOptions.name, () => {
  it('should fail fast instead of queueing commands, and send each command as it comes', () => {
    expect(redisOptions(base)).toEqual(
      expect.objectContaining({
        host: '127.0.0.1',
        port: 6379,
        keyPrefix: 'hgw:',
        // The 100 ms timeout is applied around each command; ioredis's own is a backstop.
        commandTimeout: 1000,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        enableAutoPipelining: false,
        db: 0,
      }),
    );
  });

  it('should take credentials, database and TLS from the URL', () => {
    const options = redisOptions({ ...base, url: 'rediss://user:p%40ss@cache.internal:6380/3' });
    expect(options).toEqual(
      expect.objectContaining({
        host: 'cache.internal',
        port: 6380,
        username: 'user',
        password: 'p@ss',
        db: 3,
        tls: {},
      }),
    );
  });

  it('should use sentinels when configured', () => {
    const options = redisOptions({
      ...base,
      url: 'redis://:secret@ignored/1',
      sentinels: [{ host: 's1', port: 26379 }],
      sentinelName: 'gw',
    });
    expect(options).toEqual(
      expect.objectContaining({
        sentinels: [{ host: 's1', port: 26379 }],
        name: 'gw',
        password: 'secret',
        db: 1,
      }),
    );
    expect(options).not.toHaveProperty('host');
  });
});

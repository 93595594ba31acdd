import { ensureRedis } from './redis-server.js';

/** Runs once before the e2e project: every worker inherits REDIS_URL from here. */
export default async function globalSetup(): Promise<void> {
  const redis = await ensureRedis();
  process.env.REDIS_URL = redis.url;
  (globalThis as { __testRedis?: typeof redis }).__testRedis = redis;
}

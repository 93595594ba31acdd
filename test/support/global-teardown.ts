import type { RedisForTests } from './redis-server.js';

export default function globalTeardown(): void {
  (globalThis as { __testRedis?: RedisForTests }).__testRedis?.child?.kill();
}

import type { RedisForTests } from './global-setup.js';

export default function globalTeardown(): void {
  (globalThis as { __testRedis?: RedisForTests }).__testRedis?.child?.kill();
}

// Self-contained: Jest loads global setup outside its module mapper, so no relative imports here.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/** Answers true when a Redis server replies PONG at the given URL within a short time. */
export function redisAnswers(url: string, timeoutMs = 500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
    socket.connect(Number(port || 6379), hostname || '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RedisForTests {
  url: string;
  /** Set when this process started a private redis-server. */
  child?: ChildProcess;
}

/**
 * Uses REDIS_URL (or the default local Redis) when it answers; otherwise starts a private
 * redis-server on a free port; otherwise fails with a message that says how to install one.
 */
export async function ensureRedis(
  preferredUrl = process.env.REDIS_URL ?? DEFAULT_URL,
): Promise<RedisForTests> {
  if (await redisAnswers(preferredUrl)) {
    return { url: preferredUrl };
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      `No Redis answers at ${preferredUrl} and redis-server is not installed. ` +
        'Install it (Debian/Ubuntu: apt-get install -y redis-server) or set REDIS_URL.',
    );
  }
  return startRedisServer(await freePort());
}

/** Starts a private redis-server (no persistence) on the port and waits until it answers. */
export async function startRedisServer(port: number): Promise<RedisForTests> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore', detached: false },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await redisAnswers(url)) {
      return { url, child };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`Started redis-server on port ${port} but it did not answer.`);
}

/** Kills a private redis-server (as a crash would) and waits until it has exited. */
export async function stopRedisServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Runs once before the e2e project: every worker inherits REDIS_URL from here. */
export default async function globalSetup(): Promise<void> {
  const redis = await ensureRedis();
  process.env.REDIS_URL = redis.url;
  (globalThis as { __testRedis?: RedisForTests }).__testRedis = redis;
}

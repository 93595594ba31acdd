import { Cluster, Redis } from 'ioredis';
import type { RedisConfig } from '../config/gateway-config.js';
import { redisOptions } from './redis-options.js';

/**
 * A plain or Sentinel connection, or a Cluster client for REDIS_CLUSTER_NODES. Every key the gateway
 * uses in one command shares a `{tenant}` hash tag, so multi-key commands stay in one slot. The
 * Cluster client offers the same commands as a single connection, so the rest of the gateway uses
 * it through the `Redis` type.
 */
export function createRedisClient(config: RedisConfig): Redis {
  const options = redisOptions(config);
  if (!config.clusterNodes || config.clusterNodes.length === 0) {
    return new Redis(options);
  }
  const {
    keyPrefix,
    enableOfflineQueue,
    enableAutoPipelining,
    retryStrategy,
    host: _host,
    port: _port,
    db: _db,
    ...node
  } = options;
  const cluster = new Cluster(config.clusterNodes, {
    keyPrefix,
    enableOfflineQueue,
    enableAutoPipelining,
    clusterRetryStrategy: retryStrategy,
    redisOptions: node,
  });
  return cluster as unknown as Redis;
}

/**
 * Closes a connection politely when it is up and Redis answers (pending replies arrive), at once
 * otherwise: a Redis that has stopped answering would hold shutdown up for the QUIT's timeout.
 */
export async function closeConnection(connection: Redis, answering = true): Promise<void> {
  if (answering && connection.status === 'ready') {
    await connection.quit().catch(() => connection.disconnect(false));
  } else {
    connection.disconnect(false);
  }
}

/** Cloud Elements event notifications, the per-tenant event stream and the SSE API. */
export interface EventsConfig {
  /** Tenant → the key Cloud Elements signs its notifications with; a tenant without one refuses webhooks. */
  webhookSecrets: Map<string, string>;
  /** How long a notification id (`Elements-Webhook-Id`) is remembered to recognise a replay. */
  replayTtlSeconds: number;
  webhookBodyLimitBytes: number;
  /** Approximate number of events kept per tenant in the Redis stream (the resume window). */
  streamMaxLength: number;
  sseHeartbeatMs: number;
  /** A client whose unsent data grows past this is dropped. */
  sseMaxBufferBytes: number;
  sseMaxClients: number;
  /** 0: no fallback poller. */
  pollIntervalMs: number;
}

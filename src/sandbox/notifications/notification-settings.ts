/** Which parts of a Cloud Elements notification body the sandbox sends. */
export type NotificationShape = 'both' | 'normalized' | 'raw';

/** Where and how an instance sends event notifications (Cloud Elements' `event.notification.*`). */
export interface NotificationSettings {
  /** `event.notification.callback.url`. */
  callbackUrl: string;
  /** `event.notification.signature.key`; without it no Elements-Webhook-Signature is sent. */
  signatureKey?: string;
  /** `both` (default): `message.events` and `message.raw`; `normalized`: events only; `raw`: the polled records only. */
  shape?: NotificationShape;
  /** Changes within this window go out together (default 20 ms). */
  batchMs?: number;
  /** Waits before each retry of a failed delivery (default 200, 1000, 3000 ms). */
  retryDelaysMs?: number[];
}

const SHAPES = new Set<NotificationShape>(['both', 'normalized', 'raw']);

/** Checks settings given through the admin API or options; throws with a message on a bad one. */
export function validateNotificationSettings(value: unknown): NotificationSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('notification settings must be an object');
  }
  const { callbackUrl, signatureKey, shape, batchMs, retryDelaysMs, ...rest } = value as Record<
    string,
    unknown
  >;
  if (Object.keys(rest).length > 0) {
    throw new Error(`unknown notification setting(s): ${Object.keys(rest).join(', ')}`);
  }
  if (typeof callbackUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(callbackUrl)) {
    throw new Error('callbackUrl must be an http(s) URL');
  }
  if (signatureKey !== undefined && (typeof signatureKey !== 'string' || signatureKey === '')) {
    throw new Error('signatureKey must be a non-empty string');
  }
  if (shape !== undefined && !SHAPES.has(shape as NotificationShape)) {
    throw new Error('shape must be both, normalized or raw');
  }
  if (batchMs !== undefined && !isDelay(batchMs)) {
    throw new Error('batchMs must be a number of milliseconds from 0 to 10000');
  }
  if (
    retryDelaysMs !== undefined &&
    (!Array.isArray(retryDelaysMs) || retryDelaysMs.length > 10 || !retryDelaysMs.every(isDelay))
  ) {
    throw new Error('retryDelaysMs must be at most 10 numbers of milliseconds from 0 to 10000');
  }
  return {
    callbackUrl,
    signatureKey: signatureKey,
    shape: shape as NotificationShape | undefined,
    batchMs: batchMs,
    retryDelaysMs: retryDelaysMs,
  };
}

function isDelay(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 10_000;
}

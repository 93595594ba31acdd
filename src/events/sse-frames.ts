import type { HelpdeskEvent } from './helpdesk-event.js';

/** Why the gateway ends a stream, sent as the data of a final `close` event. */
export type CloseReason = 'shutdown' | 'slow-client' | 'error' | 'credentials-expired';

/** A change: unnamed (EventSource `onmessage`), with the stream entry id for `Last-Event-ID`. */
export function eventFrame(event: HelpdeskEvent, streamId?: string): string {
  return `${streamId === undefined ? '' : `id: ${streamId}\n`}data: ${JSON.stringify(event)}\n\n`;
}

/** A named control event (`close`, `reset`) with a small JSON body. */
export function controlFrame(name: 'close' | 'reset', data: Record<string, string>): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by clients, keeps proxies and the socket from timing out. */
export function commentFrame(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** How long an EventSource waits before reconnecting. */
export function retryFrame(ms: number): string {
  return `retry: ${ms}\n\n`;
}

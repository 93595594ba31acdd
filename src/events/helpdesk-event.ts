/** The resources an event can be about, as the gateway names them (never SAP names). */
export const EVENT_RESOURCES = ['incidents', 'contacts', 'accounts'] as const;
export type EventResource = (typeof EVENT_RESOURCES)[number];

export type EventType = 'created' | 'updated' | 'deleted' | 'unknown';

/** A change in the helpdesk, as published on a tenant's stream and sent to SSE clients. */
export interface HelpdeskEvent {
  /** Stable for the same change: a redelivered notification yields the same id. */
  id: string;
  tenant: string;
  resource: EventResource;
  objectId: string;
  type: EventType;
  /** ISO 8601 UTC. */
  occurredAt: string;
}

/** One change as Cloud Elements reported it (normalized event or polled record). */
export interface UpstreamChange {
  objectType: string;
  /** Absent when the notification named the collection only. */
  objectId?: string;
  eventType: 'CREATED' | 'UPDATED' | 'DELETED' | 'UNKNOWN';
  /** Epoch ms, when the notification gave a readable date. */
  date?: number;
}

import type { Exchange } from '../exchange.js';
import { readJsonObject } from '../http-body.js';
import type { SandboxInstance } from '../instances.js';
import { runListQuery, type ListPage } from '../list-query.js';
import type { ResourceSchema } from '../resources/resource-schema.js';
import type { InstanceStore } from '../store/instance-store.js';

export interface HubSettings {
  maxPageSize: number;
  maxUploadBytes: number;
}

export interface HubContext {
  instance: SandboxInstance;
  store: InstanceStore;
  params: Record<string, string>;
  exchange: Exchange;
  settings: HubSettings;
}

export interface HubResult {
  /** 200 unless given. */
  status?: number;
  /** JSON-serialized; absent means an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type HubHandler = (context: HubContext) => HubResult | Promise<HubResult>;

export function param(context: HubContext, name: string): string {
  return context.params[name] ?? '';
}

/** Reads a JSON object body and keeps it for the request log. */
export async function readJsonBody(context: HubContext): Promise<Record<string, unknown>> {
  const body = await readJsonObject(context.exchange.request);
  context.exchange.body = body;
  return body;
}

export function listPage<T>(
  context: HubContext,
  records: Iterable<T>,
  schema: ResourceSchema,
): ListPage<T> {
  return runListQuery(records, schema, context.exchange.query, {
    maxPageSize: context.settings.maxPageSize,
    onWhereParsed: (ast) => {
      context.exchange.whereAst = ast;
    },
  });
}

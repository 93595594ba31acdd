import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { GatewayConfig } from '../config/gateway-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { verifyWebhookSignature } from './webhook-signature.js';

/** Route config flag (`@RouteConfig`) of the routes that take signed Cloud Elements notifications. */
export const SIGNED_WEBHOOK = 'cloudElementsSignedWebhook';

const CHALLENGE = 'HMAC-SHA256 header="Elements-Webhook-Signature"';

/**
 * Authenticates Cloud Elements notifications before their body is parsed: a Fastify preParsing
 * hook, active only on routes flagged SIGNED_WEBHOOK, finds the tenant's signature key, reads the
 * raw body (bounded), checks `Elements-Webhook-Signature` over exactly those bytes and only then
 * hands them on to the JSON parser. Nothing of an unauthenticated body is ever parsed. Every
 * refused notification is counted as `rejected` once, when its error answer is sent.
 */
@Injectable()
export class WebhookAuthenticator implements OnModuleInit {
  private readonly tenants: ReadonlySet<string>;
  private readonly secrets: ReadonlyMap<string, string>;
  private readonly limitBytes: number;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.tenants = new Set(config.get('tenants', { infer: true }).keys());
    const events = config.get('events', { infer: true });
    this.secrets = events.webhookSecrets;
    this.limitBytes = events.webhookBodyLimitBytes;
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // Both hooks see every request: callback style, so that the others pass without a promise.
    fastify?.addHook('preParsing', (request, _reply, payload, done) => {
      if (request.routeOptions.config?.[SIGNED_WEBHOOK as never] !== true) {
        done(null, payload);
        return;
      }
      this.authenticate(request, payload).then(
        (body) => done(null, Readable.from([body])),
        (error: Error) => done(error),
      );
    });
    // Every refusal counts as rejected, wherever it happens: the signature check above, the body
    // parser (malformed or empty JSON, another content type) or the intake.
    fastify?.addHook('onSend', (request, reply, payload, done) => {
      if (
        request.routeOptions.config?.[SIGNED_WEBHOOK as never] === true &&
        reply.statusCode >= 400
      ) {
        this.metrics.eventNotifications.inc({ outcome: 'rejected' });
      }
      done(null, payload);
    });
  }

  /** The verified raw body, or a contract error: 404 unknown tenant, 401 bad signature, 413. */
  async authenticate(request: FastifyRequest, payload: AsyncIterable<unknown>): Promise<Buffer> {
    const tenant = (request.params as Record<string, unknown> | undefined)?.tenant;
    if (typeof tenant !== 'string' || !this.tenants.has(tenant)) {
      throw new GatewayError(ErrorCode.NotFound, 'No such tenant');
    }
    const key = this.secrets.get(tenant);
    if (key === undefined) {
      throw unauthenticated('This tenant takes no notifications: it has no signature key');
    }
    const signature = request.headers['elements-webhook-signature'];
    if (typeof signature !== 'string' || signature.length === 0) {
      throw unauthenticated('Elements-Webhook-Signature is missing');
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.limitBytes) {
      throw tooLarge();
    }
    const body = await readLimited(payload, this.limitBytes);
    if (!verifyWebhookSignature(signature, body, key)) {
      throw unauthenticated('Elements-Webhook-Signature does not match the body');
    }
    return body;
  }
}

async function readLimited(payload: AsyncIterable<unknown>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > limit) {
      throw tooLarge();
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

function unauthenticated(detail: string): GatewayError {
  return new GatewayError(ErrorCode.Unauthenticated, detail, {
    headers: { 'www-authenticate': CHALLENGE },
  });
}

function tooLarge(): GatewayError {
  return new GatewayError(ErrorCode.PayloadTooLarge, 'The notification is larger than allowed');
}

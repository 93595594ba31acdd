import { Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setCachedResponseHeaders } from './cache-request.js';

type RouteHandler = (...args: unknown[]) => Promise<unknown>;

/**
 * Makes a GET handler answer through the response cache: the handler itself runs only as the load
 * of a miss (coalesced with the same key's other misses), and the answer carries the cache headers.
 *
 * The handler is wrapped rather than intercepted: a Nest interceptor puts the call in an rxjs
 * pipeline that holds every miss alive while it waits on the upstream, which cost the miss path
 * 1.06–1.54× of its throughput (bench/notes.md). The wrapper gets the request and reply as two
 * arguments of its own after the handler's (Nest's `@Req()` and `@Res({ passthrough: true })`,
 * which no pipe runs on), and hands the handler only its own. Pipes have run by then, so an invalid
 * query is refused before the cache is asked anything.
 *
 * The cache to use is left on the request by the fast lane, which every GET and HEAD of a
 * `@Cached` route passes (src/cache/fast-lane.ts); none is left while the cache is off.
 */
export function ServedFromCache(): MethodDecorator {
  return (target, key, descriptor) => {
    const handler = descriptor.value as unknown as RouteHandler;
    const paramtypes = Reflect.getMetadata('design:paramtypes', target, key) as
      unknown[] | undefined;
    const own = paramtypes?.length ?? handler.length;
    Req()(target, key, own);
    Res({ passthrough: true })(target, key, own + 1);
    const served = function (this: unknown, ...args: unknown[]): Promise<unknown> {
      const request = args[own] as FastifyRequest;
      const reply = args[own + 1] as FastifyReply;
      return serve(request, reply, () => handler.apply(this, args.slice(0, own)));
    };
    // Decorators applied before this one (below it in the source) described the original.
    for (const name of Reflect.getOwnMetadataKeys(handler)) {
      Reflect.defineMetadata(name, Reflect.getOwnMetadata(name, handler), served);
    }
    Object.defineProperty(served, 'name', { value: handler.name });
    descriptor.value = served as never;
    return descriptor;
  };
}

/** The handler's answer through the cache, or the handler's own while the cache is off. */
async function serve(
  request: FastifyRequest,
  reply: FastifyReply,
  load: () => Promise<unknown>,
): Promise<unknown> {
  // The fast lane has set the Cache-Status of an answer the cache did not give (`fwd=bypass`
  // with the cache off, `fwd=miss` otherwise), which stands for errors: a remembered 404 brings
  // its own to the exception filter.
  const lookup = request.cacheLookup;
  if (!lookup) {
    return load();
  }
  const response = await lookup.cache.serve(lookup.request, load, lookup.probe);
  setCachedResponseHeaders(reply, response);
  // The stored JSON text, sent as it is (its content type is set).
  return response.body;
}

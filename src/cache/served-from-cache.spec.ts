import { Get, Query, RequestMethod } from '@nestjs/common';
import {
  METHOD_METADATA,
  PATH_METADATA,
  RESPONSE_PASSTHROUGH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServedFromCache } from './served-from-cache.js';

class Answer {}

/** @nestjs/swagger's key for `@ApiOkResponse` (its constants are not exported). */
const API_RESPONSE = 'swagger/apiResponse';

class Routes {
  readonly seen: unknown[][] = [];

  @Get('things')
  @ServedFromCache()
  @ApiOkResponse({ type: Answer })
  list(@Query() query: unknown, @Query('x') x: string): Promise<unknown> {
    this.seen.push([query, x]);
    return Promise.resolve({ listed: true });
  }
}

const argsOf = (): Record<string, { index: number }> =>
  Reflect.getMetadata(ROUTE_ARGS_METADATA, Routes, 'list') as Record<string, { index: number }>;

describe('ServedFromCache', () => {
  it('should ask Nest for the request and the reply after the handler’s own arguments, with the reply passed through', () => {
    const byType = Object.fromEntries(
      Object.entries(argsOf()).map(([key, value]) => [key.split(':')[0], value.index]),
    );
    expect(byType[RouteParamtypes.REQUEST]).toBe(2);
    expect(byType[RouteParamtypes.RESPONSE]).toBe(3);
    expect(Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, Routes, 'list')).toBe(true);
  });

  it('should keep what the decorators on either side of it said about the route', () => {
    const route = Routes.prototype.list;
    expect(Reflect.getMetadata(PATH_METADATA, route)).toBe('things');
    expect(Reflect.getMetadata(METHOD_METADATA, route)).toBe(RequestMethod.GET);
    expect(Reflect.getMetadata(API_RESPONSE, route)).toEqual({
      '200': expect.objectContaining({ type: Answer }),
    });
    expect(route.name).toBe('list');
  });

  it('should run the handler with its own arguments only while the request has no cache lookup', async () => {
    const routes = new Routes();
    const call = routes.list.bind(routes) as (...args: unknown[]) => Promise<unknown>;
    const request = {} as FastifyRequest;
    const reply = {} as FastifyReply;
    await expect(call({ a: '1' }, 'y', request, reply)).resolves.toEqual({ listed: true });
    expect(routes.seen).toEqual([[{ a: '1' }, 'y']]);
  });
});

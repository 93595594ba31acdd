import { createServer } from 'node:http';
import { Pool } from 'undici';

/**
 * P0: the least a proxy in Node can do for the miss path's GET: a bare node:http server that makes
 * the same upstream call with a keep-alive undici Pool (as the gateway does), parses the JSON and
 * serializes it again, and answers. No routing, checks, mapping, resilience, logging or metrics:
 * the miss path's ceiling on this machine, measured beside it.
 */
const upstream = new URL(process.env.UPSTREAM_URL ?? 'http://127.0.0.1:1/');
const pool = new Pool(upstream.origin, { connections: 64 });
const path = `${upstream.pathname}${upstream.search}`;
const headers = {
  authorization: process.env.UPSTREAM_AUTHORIZATION ?? '',
  accept: 'application/json',
};

const server = createServer((_request, response) => {
  pool
    .request({ method: 'GET', path, headers })
    .then(async ({ statusCode, body }) => {
      const text = JSON.stringify(JSON.parse(await body.text()));
      response.writeHead(statusCode, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      response.end(text);
    })
    .catch(() => {
      response.writeHead(502).end();
    });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.close();
});

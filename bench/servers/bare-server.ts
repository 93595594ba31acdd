import { createServer } from 'node:http';

/**
 * R0: a bare node:http server answering the same bytes as the gateway's cached GET, from memory.
 * The upper bound for any Node server on this machine, and the hit path's reference.
 */
const body = Buffer.from(process.env.BODY ?? '{}', 'utf8');
const contentType = process.env.CONTENT_TYPE ?? 'application/json; charset=utf-8';
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
  response.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});

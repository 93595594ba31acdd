import { request as httpRequest } from 'node:http';

/**
 * A GET with its headers sent exactly as listed, repeats, order and spelling kept (fetch would
 * merge repeated headers into one), answered as a fetch Response so the usual assertions apply.
 */
export function getWithRawHeaders(url: string, headers: string[]): Promise<Response> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers: ['Host', target.host, ...headers],
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const answer = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            answer.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
          }
          const status = res.statusCode ?? 0;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers: answer }));
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

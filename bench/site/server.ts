/**
 * `node --import tsx bench/site/server.ts <pages> [seed]`: serves the bench site on a free
 * loopback port, in a process of its own so its CPU is not the crawler's. Prints one JSON
 * line `{url, pages, articleBytes}` once listening; ends on SIGTERM or when stdin closes.
 */
import http from 'node:http';
import { buildSite } from './site';

const pages = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 1);
const site = buildSite(pages, seed);
const server = http.createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  const file = site.files.get(path);
  if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, 'last-modified': 'Fri, 01 Mar 2024 00:00:00 GMT' }).end(file.body);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // Listings name absolute URLs: the origin is known only now.
  for (const [path, file] of site.files) {
    if (!file.type.startsWith('text/html')) site.files.set(path, { ...file, body: Buffer.from(file.body.toString('utf8').replaceAll('{origin}', origin)) });
  }
  process.stdout.write(`${JSON.stringify({ url: origin, pages, articleBytes: site.articleBytes })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));

import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage, type FetchOptions } from '../src/http-client';
import { FetchError } from '../src/fetch-error';

const opts: FetchOptions = {
  userAgent: 'news-ingest-test',
  connectTimeoutMs: 2_000,
  readTimeoutMs: 500,
  deadlineMs: 5_000,
  maxBodyBytes: 64 * 1024,
  maxRedirects: 3,
  allowHosts: [],
  // The test server is on the loopback, which the SSRF guard refuses unless let through.
  allowPrivateNetworks: ['127.0.0.0/8'],
};

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/ok') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>Xin chào</h1>');
    if (path === '/gzip') return void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync('<p>nén</p>'));
    if (path === '/bomb') return void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x41)));
    if (path === '/big') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      for (let i = 0; i < 16; i++) res.write(chunk);
      return void res.end();
    }
    if (path.startsWith('/hop/')) {
      const n = Number(path.slice(5));
      return void res.writeHead(302, { location: n > 1 ? `/hop/${n - 1}` : '/ok' }).end();
    }
    if (path === '/loop-a') return void res.writeHead(301, { location: '/loop-b' }).end();
    if (path === '/loop-b') return void res.writeHead(301, { location: '/loop-a' }).end();
    if (path === '/pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
    if (path === '/slow') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>start');
      return; // never ends: the read timeout must fire
    }
    if (path === '/503') return void res.writeHead(503).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function failure(path: string, o: FetchOptions = opts): Promise<FetchError> {
  try {
    await fetchPage(base + path, o);
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    return err as FetchError;
  }
  throw new Error(`expected ${path} to fail`);
}

describe('fetchPage against a local server', () => {
  it('downloads a page with its status, type, hash and timing', async () => {
    const page = await fetchPage(base + '/ok', opts);
    expect(page.status).toBe(200);
    expect(page.body.toString('utf8')).toBe('<h1>Xin chào</h1>');
    expect(page.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decompresses gzip', async () => {
    expect((await fetchPage(base + '/gzip', opts)).body.toString('utf8')).toBe('<p>nén</p>');
  });

  it('follows redirects up to the limit and records the chain', async () => {
    const page = await fetchPage(base + '/hop/3', opts);
    expect(page.finalUrl).toBe(base + '/ok');
    expect(page.redirects).toHaveLength(3);
    expect((await failure('/hop/5')).reason).toBe('too-many-redirects');
  });

  it('detects a redirect loop', async () => {
    const err = await failure('/loop-a');
    expect(err.reason).toBe('redirect-loop');
    expect(err.retryable).toBe(false);
  });

  it('refuses bodies over the limit, compressed or not', async () => {
    expect((await failure('/big')).reason).toBe('too-large');
    expect((await failure('/bomb')).reason).toBe('too-large');
  });

  it('refuses content that is not HTML or a feed', async () => {
    expect((await failure('/pdf')).reason).toBe('unsupported-content-type');
  });

  it('times out a server that stops sending, as a retryable failure', async () => {
    const err = await failure('/slow');
    expect(['read-timeout', 'deadline']).toContain(err.reason);
    expect(err.retryable).toBe(true);
  });

  it('says whether an HTTP error status is worth retrying', async () => {
    const gone = await failure('/nothing-here');
    expect(gone).toMatchObject({ reason: 'http-status', status: 404, retryable: false });
    expect(await failure('/503')).toMatchObject({ reason: 'http-status', status: 503, retryable: true });
  });

  it('refuses non-http schemes and malformed URLs', async () => {
    await expect(fetchPage('file:///etc/passwd', opts)).rejects.toMatchObject({ reason: 'unsupported-scheme' });
    await expect(fetchPage('http//broken', opts)).rejects.toMatchObject({ reason: 'invalid-url' });
  });
});

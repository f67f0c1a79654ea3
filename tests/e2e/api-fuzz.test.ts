import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '@ingest/api';
import { knownRoutes } from '../support/routes';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';

/**
 * Hostile input against every route of the real app (real HTTP, Redis and Elasticsearch),
 * with the admin token sent so the guarded routes are fuzzed past the guard: malformed,
 * oversized and wrongly-typed query, params, body and headers must get a 4xx with a JSON
 * `{error}` (or a success, when what was generated happens to be valid), never a 5xx, and
 * the process answers /healthz at the end. Routes are read from the app itself, so a new
 * one is fuzzed without touching this file. The Bull Board internals under /admin/queues
 * (a third-party UI) only get a few basic probes.
 */

const SEED = 20261403;
const token = 'fuzz-admin-token-0123456789';
const AUTH = `Bearer ${token}`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

interface Req {
  method: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

const isBoard = (path: string) => path.startsWith('/admin/queues');
const hasBody = (method: string) => method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';

/** A route's path with each `:param` (and a trailing `*`) replaced by `value` (already URL-encoded). */
const fill = (path: string, value: string) => path.replace(/:\w+/g, value).replace(/\*$/, value);

describe('API under hostile input (real HTTP, Redis, Elasticsearch; admin token sent)', () => {
  const config = isolatedConfig({ ADMIN_TOKEN: token });
  let api: FastifyInstance;
  let port: number;
  let routes: { method: string; path: string }[];
  /** Query parameter names of each route, from the app's own OpenAPI document. */
  const queryKeys = new Map<string, string[]>();
  const problems: string[] = [];
  let cases = 0;
  const statuses = new Map<number, number>();

  /** One request over a real socket, through node:http (headers, body and method as given). */
  const send = ({ method, path, headers = {}, body }: Req): Promise<Answer> =>
    new Promise((resolve, reject) => {
      // A body always goes with its length: node sends DELETE bodies unframed otherwise, which is a client bug, not a hostile input.
      const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { authorization: AUTH, ...length, ...headers }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  /** Bytes written as they are (for what node:http refuses to send), the answer read until the server closes. */
  const raw = (bytes: string | Buffer, waitMs = 10_000): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => {
        const all = Buffer.concat(chunks).toString('latin1');
        const [head = '', ...rest] = all.split('\r\n\r\n');
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
        const headers: Record<string, string> = {};
        for (const line of head.split('\r\n').slice(1)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        let text = rest.join('\r\n\r\n');
        if (headers['transfer-encoding'] === 'chunked') text = dechunk(text);
        resolve({ status, headers, text: Buffer.from(text, 'latin1').toString('utf8') });
      });
      // Written, not ended: a half-closed socket makes node drop the answer of a request still in flight.
      socket.setTimeout(waitMs, () => socket.destroy());
      socket.write(bytes);
    });

  /** Never a 5xx (but the 503 of /readyz, which is its answer when a backend is away); a 4xx says `{error}` in JSON. */
  const judge = (label: string, req: Pick<Req, 'method' | 'path'>, res: Answer): string | null => {
    cases++;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status === 0) return `${label}: no HTTP answer`;
    if (res.status >= 500 && !(res.status === 503 && req.path.startsWith('/readyz'))) return `${label}: ${res.status} ${res.text.slice(0, 300)}`;
    if (res.status >= 400 && req.method !== 'HEAD') {
      let body: unknown;
      try {
        body = JSON.parse(res.text);
      } catch {
        return `${label}: ${res.status} is not JSON: ${res.text.slice(0, 200)}`;
      }
      const error = (body as { error?: unknown } | null)?.error;
      if (typeof error !== 'string' || !error) return `${label}: ${res.status} without an {error} message: ${res.text.slice(0, 200)}`;
    }
    return null;
  };
  const check = async (label: string, req: Req): Promise<Answer | undefined> => {
    try {
      const res = await send(req);
      const problem = judge(label, req, res);
      if (problem) problems.push(problem);
      return res;
    } catch (err) {
      problems.push(`${label}: ${(err as Error).message}`);
      return undefined;
    }
  };
  const label = (r: Req) => `${r.method} ${r.path.length > 120 ? `${r.path.slice(0, 120)}…(${r.path.length})` : r.path}`;

  beforeAll(async () => {
    api = await buildApi(config, testLogger(config, 'api'));
    const address = await api.listen({ host: '127.0.0.1', port: 0 });
    port = Number(new URL(address).port);
    routes = knownRoutes(api);
    const doc = (await (await fetch(`${address}/docs/json`)).json()) as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const names = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        queryKeys.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, names);
      }
    }
  });
  afterAll(async () => {
    await api?.close();
    await cleanup(config);
  });

  const fuzzed = () => routes.filter((r) => !isBoard(r.path));
  const keysOf = (r: { method: string; path: string }) => queryKeys.get(`${r.method === 'HEAD' ? 'GET' : r.method} ${r.path}`) ?? [];

  it('knows the routes it fuzzes', () => {
    const seen = fuzzed().map((r) => `${r.method} ${r.path}`);
    for (const r of ['GET /search', 'GET /tasks/search', 'GET /articles/:id', 'POST /crawls', 'GET /sources', 'POST /sources', 'PUT /sources/:id', 'DELETE /sources/:id', 'POST /sources/:id/pause', 'GET /admin/failed', 'GET /admin/failed/:queue/:id', 'POST /admin/failed/:queue/:id/retry', 'DELETE /admin/failed/:queue/:id', 'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /docs/json']) {
      expect(seen).toContain(r);
    }
    expect(queryKeys.get('GET /search')).toEqual(expect.arrayContaining(['q', 'size', 'after']));
  });

  /** Path segments, already URL-encoded as they go on the wire. */
  const NASTY_PARAMS = [
    '%00',
    'a%00b',
    '%ZZ',
    '%',
    '%C0%AF',
    '%FF%FE',
    '%E2%80%AE%F0%9F%92%A9%C3%BC',
    encodeURIComponent('\u0000\u0001\u001f\u007f'),
    '..%2F..%2Fetc%2Fpasswd',
    '..',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    '%20',
    encodeURIComponent(`'"<script>alert(1)</script>`),
    '-1',
    '1e309',
    'x'.repeat(201),
    'x'.repeat(8000),
  ];

  it('hand-written nasty params, query strings and long URLs', async () => {
    for (const r of fuzzed()) {
      for (const p of r.path.includes(':') || r.path.endsWith('*') ? NASTY_PARAMS : []) await check(`param ${p.slice(0, 40)}`, { method: r.method, path: fill(r.path, p) });
      const base = fill(r.path, 'probe');
      const keys = [...new Set([...keysOf(r), 'q', 'x'])];
      const queries = [
        '?&&&==&=',
        '?__proto__=x&constructor[prototype][polluted]=1',
        '?%ZZ=%ZZ',
        '?a=%',
        `?x=${'y'.repeat(8000)}`,
        ...keys.flatMap((k) => [
          `?${k}=1&${k}=2`,
          `?${k}=a&${k}=b&${k}=c&${k}=d`,
          `?${k}[]=1`,
          `?${k}[a]=1`,
          `?${k}=`,
          `?${k}`,
          `?${k}=abc`,
          `?${k}=-1`,
          `?${k}=1e309`,
          `?${k}=99999999999999999999999`,
          `?${k}=NaN`,
          `?${k}=true`,
          `?${k}=%00`,
          `?${k}=%ZZ`,
          `?${k}=%F0%9F%92%A9%E2%80%AE`,
          `?${k}=${'z'.repeat(4000)}`,
          `?${k}=${encodeURIComponent('{"a":[1,{"b":null}]}')}`,
        ]),
      ];
      // HEAD runs the GET handler: a few of them are enough there.
      for (const q of r.method === 'HEAD' ? queries.slice(0, 8) : queries) await check(`query ${q.slice(0, 60)}`, { method: r.method, path: base + q });
    }
  }, 300_000);

  it('an infinite number (Ajv coerces 1e309 to Infinity and then skips maximum) is a 400, not a 500 from Redis or Elasticsearch', async () => {
    for (const path of ['/admin/failed?limit=1e309', '/admin/failed?limit=-1e309', '/search?size=1e309', '/tasks/search?from=1e309', '/search?size=Infinity']) {
      const res = await send({ method: 'GET', path });
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.text).error, path).toMatch(/must be a finite number/);
    }
  });

  it('a URL longer than the server takes is a 431/414 with a JSON {error}, not a dropped connection', async () => {
    for (const path of [`/search?q=${'a'.repeat(100_000)}`, `/articles/${'a'.repeat(100_000)}`, `/sources/${'a'.repeat(20_000)}`]) {
      const res = await check(`long URL ${path.slice(0, 30)}…`, { method: 'GET', path });
      expect(res?.status, path.slice(0, 30)).toBeGreaterThanOrEqual(400);
      expect(res?.status).toBeLessThan(500);
    }
  });

  /** Bodies that are not what a JSON route wants: [label, content-type, body]. */
  const deep = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);
  const NASTY_BODIES: [string, string | undefined, string | Buffer][] = [
    ['invalid JSON', 'application/json', '{'],
    ['truncated JSON', 'application/json', '{"url": "http://127.0.0.1:9/a", "sourceId":'],
    ['trailing garbage', 'application/json', '{"sourceId":"x"} garbage'],
    ['empty JSON body', 'application/json', ''],
    ['JSON null', 'application/json', 'null'],
    ['JSON number', 'application/json', '123'],
    ['JSON string', 'application/json', '"a string"'],
    ['JSON true', 'application/json', 'true'],
    ['array instead of object', 'application/json', '[]'],
    ['array of objects', 'application/json', '[{"url":"http://127.0.0.1:9/a"},{"sourceId":"x"}]'],
    ['numbers as strings and strings as numbers', 'application/json', '{"url":123,"sourceId":456,"id":789,"name":false,"feeds":"1","schedule":"15m","paused":"true"}'],
    ['objects where strings are expected', 'application/json', '{"url":{"href":"http://127.0.0.1:9/"},"sourceId":["a"],"id":{},"name":[],"seeds":[{}],"schedule":{"every":[]}}'],
    ['__proto__ key', 'application/json', '{"__proto__":{"polluted":true},"sourceId":"x"}'],
    ['constructor.prototype key', 'application/json', '{"constructor":{"prototype":{"polluted":true}},"sourceId":"x"}'],
    ['NUL and unicode in strings', 'application/json', JSON.stringify({ url: 'http://127.0.0.1:9/\u0000\u202e💩', sourceId: 'a\u0000b', id: 'x\u0000', name: '\ud800' })],
    ['lone surrogate escape', 'application/json', '{"sourceId":"\\ud800","name":"\\udfff"}'],
    ['deeply nested arrays', 'application/json', deep(100_000, '[', ']')],
    ['deeply nested objects', 'application/json', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`],
    ['deeply nested under a known key', 'application/json', `{"id":"deep","name":"d","seeds":${deep(20_000, '[', ']')},"schedule":${'{"every":'.repeat(10_000)}1${'}'.repeat(10_000)}}`],
    ['2 MB body', 'application/json', JSON.stringify({ sourceId: 'x', pad: 'p'.repeat(2 * 1024 * 1024) })],
    ['2 MB of garbage', 'application/octet-stream', Buffer.alloc(2 * 1024 * 1024, 0xff)],
    ['text/plain', 'text/plain', '{"sourceId":"x"}'],
    ['form-encoded', 'application/x-www-form-urlencoded', 'sourceId=x&url=http%3A%2F%2F127.0.0.1%3A9%2F'],
    ['multipart', 'multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="sourceId"\r\n\r\nx\r\n--xyz--\r\n'],
    ['xml', 'application/xml', '<crawl><sourceId>x</sourceId></crawl>'],
    ['garbage content-type', ';;;/;;', '{"sourceId":"x"}'],
    ['content-type without subtype', 'application', '{"sourceId":"x"}'],
    ['json with odd charset', 'application/json; charset=utf-16', '{"sourceId":"x"}'],
    ['json with bogus parameters', 'application/json; foo=bar; ===', '{"sourceId":"x"}'],
    ['no content-type with a body', undefined, '{"sourceId":"x"}'],
    ['UTF-8 BOM', 'application/json', '\ufeff{"sourceId":"x"}'],
    ['invalid UTF-8 bytes', 'application/json', Buffer.from([0x7b, 0x22, 0x73, 0x6f, 0x75, 0x72, 0x63, 0x65, 0x49, 0x64, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d])],
    ['huge number', 'application/json', `{"sourceId":1${'0'.repeat(400)},"url":-1e999}`],
    ['many keys', 'application/json', JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])))],
  ];

  it('hand-written nasty bodies on every route that takes one', async () => {
    const withBodies = fuzzed().filter((r) => hasBody(r.method));
    expect(withBodies.length).toBeGreaterThan(5);
    for (const r of withBodies) {
      const path = fill(r.path, 'probe');
      for (const [what, type, body] of NASTY_BODIES) {
        await check(`${r.method} ${r.path} body: ${what}`, { method: r.method, path, headers: type ? { 'content-type': type } : {}, body });
      }
    }
    // What the body cases above must say, on a route that reads its body.
    const expectations: [string, number][] = [
      ['invalid JSON', 400],
      ['empty JSON body', 400],
      ['array instead of object', 400],
      ['2 MB body', 413],
      ['deeply nested objects', 400],
      // fastify parses text/plain as a string: the schema then refuses it.
      ['text/plain', 400],
      ['xml', 415],
      ['form-encoded', 415],
      ['garbage content-type', 415],
    ];
    for (const [what, status] of expectations) {
      const [, type, body] = NASTY_BODIES.find(([w]) => w === what)!;
      const res = await send({ method: 'POST', path: '/crawls', headers: { 'content-type': type! }, body });
      expect(res.status, what).toBe(status);
      expect(JSON.parse(res.text), what).toEqual({ error: expect.any(String) });
    }
  }, 300_000);

  it('bad Authorization headers are a 401 with a JSON {error} on guarded routes, and ignored on open ones', async () => {
    const BAD_AUTH = [
      '',
      'Bearer',
      'Bearer ',
      `Bearer  ${token}`,
      `Bearer ${token} ${token}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${'x'.repeat(8000)}`,
      'Basic',
      'Basic !!!not-base64!!!',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      `Basic ${Buffer.from(':').toString('base64')}`,
      `Basic ${Buffer.from(`admin:${token}x`).toString('base64')}`,
      `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x00]).toString('base64')}`,
      `Digest username="admin", response="${token}"`,
      token,
      `Bearer%20${token}`,
      '\u00e9\u00ff',
    ];
    for (const r of fuzzed()) {
      const path = fill(r.path, 'probe');
      for (const authorization of BAD_AUTH) {
        const res = await check(`${r.method} ${r.path} authorization: ${authorization.slice(0, 40)}`, { method: r.method, path, headers: { authorization } });
        if (res && res.status === 401 && r.method !== 'HEAD') expect(JSON.parse(res.text)).toEqual({ error: 'authentication required' });
      }
    }
    // The token must match exactly: case of the scheme aside, anything else is refused.
    expect((await send({ method: 'GET', path: '/admin/failed', headers: { authorization: `bearer ${token}` } })).status).toBe(200);
    for (const authorization of [`Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Bearer ${token.toUpperCase()}`, `Basic ${Buffer.from(`admin:${token} `).toString('base64')}`]) {
      expect((await send({ method: 'GET', path: '/admin/failed', headers: { authorization } })).status, authorization).toBe(401);
    }
  }, 300_000);

  it('odd headers and malformed requests written as raw bytes', async () => {
    const headerCases: Record<string, string | string[]>[] = [
      { accept: 'application/xml' },
      { accept: '*/*;q=nonsense, text/html;;;' },
      { 'accept-encoding': 'gzip;q=x, br;;, *' },
      { 'accept-language': 'x'.repeat(4000) },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      { 'x-forwarded-for': 'not an address, ::::' },
      { 'if-none-match': '"' },
      { 'if-modified-since': 'yesterday' },
      { range: 'bytes=99999999999999999999-' },
      { cookie: '=;=;=' },
      { 'x-request-id': '\u00ff'.repeat(100) },
    ];
    for (const r of fuzzed()) {
      const path = fill(r.path, 'probe');
      for (const headers of headerCases) await check(`${r.method} ${r.path} headers ${JSON.stringify(headers).slice(0, 60)}`, { method: r.method, path, headers });
    }
    const auth = `Authorization: ${AUTH}\r\n`;
    const rawCases: [string, string | Buffer][] = [
      ['no Host header', `GET /healthz HTTP/1.1\r\n${auth}Connection: close\r\n\r\n`],
      ['NUL in the path', `GET /articles/a\u0000b HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`],
      ['space in the path', `GET /articles/a b HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`],
      ['raw UTF-8 in the path', Buffer.from(`GET /sources/ünï💩 HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`, 'utf8')],
      ['raw high bytes in a header', Buffer.concat([Buffer.from(`GET /search?q=x HTTP/1.1\r\nHost: x\r\n${auth}X-Odd: `), Buffer.from([0xc3, 0x28, 0xff, 0x80]), Buffer.from('\r\nConnection: close\r\n\r\n')])],
      ['raw UTF-8 in Authorization', Buffer.from(`GET /admin/failed HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ünï💩\r\nConnection: close\r\n\r\n`, 'utf8')],
      ['duplicate Authorization', `GET /admin/failed HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n${auth}Connection: close\r\n\r\n`],
      ['duplicate Content-Type', `POST /crawls HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: 16\r\nConnection: close\r\n\r\n{"sourceId":"x"}`],
      ['duplicate Content-Length', `POST /crawls HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 16\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{"sourceId":"x"}`],
      ['negative Content-Length', `POST /crawls HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: -1\r\nConnection: close\r\n\r\n{}`],
      ['bad chunked encoding', `POST /crawls HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
      ['Content-Length and chunked', `POST /crawls HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n`],
      ['header without a colon', `GET /healthz HTTP/1.1\r\nHost: x\r\n${auth}Garbage\r\nConnection: close\r\n\r\n`],
      ['unknown method', `BREW /search HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`],
      ['bad HTTP version', `GET /search HTTP/9.9\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`],
      ['absolute-form URL', `GET http://elsewhere.example/search?q=x HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`],
      ['asterisk-form URL', `OPTIONS * HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`],
      ['too many headers', `GET /search?q=x HTTP/1.1\r\nHost: x\r\n${auth}${Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}Connection: close\r\n\r\n`],
      ['a header too large', `GET /search?q=x HTTP/1.1\r\nHost: x\r\n${auth}X-Big: ${'b'.repeat(100_000)}\r\nConnection: close\r\n\r\n`],
    ];
    // A body shorter than its Content-Length: the server waits for the rest (until its request timeout), answering nothing yet.
    const short = await raw(`POST /crawls HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"sourceId":"x"}`, 1_000);
    expect(short.status === 0 || (short.status >= 400 && short.status < 500), `short body: ${short.status}`).toBe(true);
    for (const [what, bytes] of rawCases) {
      cases++;
      const res = await raw(bytes);
      // The HTTP parser itself refuses some of these (fastify's clientErrorHandler answers JSON); none may be a 5xx.
      if (res.status >= 500 || res.status === 0) problems.push(`raw ${what}: ${res.status} ${res.text.slice(0, 200)}`);
      else if (res.status >= 400) {
        const problem = judge(`raw ${what}`, { method: 'GET', path: '' }, res);
        cases--;
        if (problem) problems.push(problem);
      }
    }
  }, 300_000);

  it('generated inputs (fast-check, fixed seed) on every route', async () => {
    const segment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }).map(encodeURIComponent),
      fc.string({ unit: 'grapheme', maxLength: 300 }).map(encodeURIComponent),
      fc.constantFrom(...NASTY_PARAMS),
      fc.constantFrom('fetch', 'parse', 'index', 'discover', 'probe', '1', '0'),
    );
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.integer().map(String),
      fc.double().map(String),
      fc.constantFrom('', 'true', 'false', 'null', 'relevance', 'date', 'day', 'week', 'year', '2024-01-31', '2024-13-45T99:99:99Z', 'abc', '-0', '1e309'),
      fc.string({ unit: 'grapheme', maxLength: 2500 }),
    );
    const hostileHost = fc.constantFrom('127.0.0.1:9', 'bao-a.example', '10.0.0.1', '[::1]', '169.254.169.254', 'localhost', '0.0.0.0', '[::ffff:10.0.0.1]', 'x.invalid', '');
    const crawlUrl = fc.oneof(
      fc.tuple(fc.constantFrom('http', 'https', 'ftp', 'file', 'javascript', 'gopher', 'data', 'HTTP'), hostileHost, fc.string({ maxLength: 30 })).map(([s, h, p]) => `${s}://${h}/${encodeURIComponent(p)}`),
      fc.string({ maxLength: 100 }),
      fc.integer(),
      fc.constant(null),
    );
    const definitionish = fc.record(
      {
        id: fc.oneof(fc.string({ maxLength: 70 }), fc.integer(), fc.constantFrom('fz-a', 'fz-b', '__proto__')),
        name: fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.constant(null)),
        url: crawlUrl,
        sourceId: fc.oneof(fc.string({ maxLength: 250 }), fc.integer(), fc.constantFrom('fz-a', 'nope')),
        feeds: fc.oneof(fc.array(crawlUrl, { maxLength: 3 }), crawlUrl),
        seeds: fc.oneof(fc.array(crawlUrl, { maxLength: 3 }), crawlUrl),
        schedule: fc.oneof(fc.record({ every: fc.oneof(fc.constantFrom('15m', '1h', '0s', '-1m'), fc.integer(), fc.string({ maxLength: 10 })) }), fc.record({ cron: fc.oneof(fc.constantFrom('0 */2 * * *', '* * *', '61 25 * * *'), fc.string({ maxLength: 20 })) }), fc.jsonValue()),
        timezone: fc.oneof(fc.constantFrom('Asia/Ho_Chi_Minh', 'Mars/Olympus', ''), fc.string({ maxLength: 20 })),
        paused: fc.oneof(fc.boolean(), fc.string({ maxLength: 5 })),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      definitionish.map((d) => JSON.stringify(d)),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    const contentType = fc.constantFrom(
      'application/json',
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'APPLICATION/JSON',
      'application/json;;',
      'image/png',
      '',
    );

    for (const r of fuzzed()) {
      const known = keysOf(r);
      const key = known.length ? fc.oneof(fc.constantFrom(...known), fc.constantFrom(...known), fc.string({ maxLength: 10 })) : fc.string({ maxLength: 10 });
      const query = fc.array(fc.tuple(key, value), { maxLength: 6 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : ''));
      const request = fc.record({ params: fc.array(segment, { minLength: 3, maxLength: 3 }), query, body, contentType });
      let generated = 0;
      try {
        await fc.assert(
          fc.asyncProperty(request, async ({ params, query: qs, body: b, contentType: ct }) => {
            let i = 0;
            const path = r.path.replace(/:\w+/g, () => params[i++ % params.length]!).replace(/\*$/, params[0]!) + qs;
            const req: Req = { method: r.method, path, ...(hasBody(r.method) ? { headers: ct ? { 'content-type': ct } : {}, body: b } : {}) };
            generated++;
            const problem = judge(label(req), req, await send(req));
            if (problem) throw new Error(problem);
          }),
          { seed: SEED, numRuns: r.method === 'HEAD' ? 10 : 40, endOnFailure: true },
        );
      } catch (err) {
        const message = (err as Error).message.split('\n').filter((l) => /Counterexample|Got error|^\S+:/.test(l));
        const cause = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : '';
        problems.push(`generated, ${r.method} ${r.path}: ${cause} | ${message.join(' | ').slice(0, 1500)}`);
      }
      expect(generated).toBeGreaterThan(0);
    }
  }, 300_000);

  it('the queue dashboard (Bull Board, third-party) gets basic probes only, and no 5xx from them', async () => {
    const board = routes.filter((r) => isBoard(r.path));
    expect(board.length).toBeGreaterThan(5);
    const probes: Req[] = [
      { method: 'GET', path: '/admin/queues' },
      { method: 'GET', path: '/admin/queues/api/queues' },
      { method: 'GET', path: '/admin/queues/api/queues?activeQueue=%00&status=%ZZ&page=-1&jobsPerPage=abc' },
      { method: 'GET', path: '/admin/queues/api/queues/no-such-queue/no-such-job' },
      { method: 'GET', path: '/admin/queues/api/queues/fetch/%00' },
      { method: 'GET', path: `/admin/queues/api/queues/fetch/${'x'.repeat(3000)}` },
      { method: 'PUT', path: '/admin/queues/api/queues/no-such-queue/retry/failed' },
      { method: 'PUT', path: '/admin/queues/api/queues/fetch/no-such-job/retry/failed' },
      { method: 'PUT', path: '/admin/queues/api/queues/fetch/clean/nonsense' },
      { method: 'PUT', path: '/admin/queues/api/queues/fetch/pause', headers: { 'content-type': 'application/json' }, body: '{' },
      { method: 'PUT', path: '/admin/queues/api/queues/fetch/pause', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'p'.repeat(2 * 1024 * 1024) }) },
      { method: 'PUT', path: '/admin/queues/api/queues/fetch/pause', headers: { 'content-type': 'text/plain' }, body: 'x' },
      { method: 'GET', path: '/admin/queues/static/..%2F..%2F..%2Fetc%2Fpasswd' },
      { method: 'GET', path: '/admin/queues/%ZZ' },
    ];
    // Its errors are its own `{error: {key}}` (the UI translates the key): only a 5xx or no answer counts as a problem here.
    const seen: string[] = [];
    for (const p of probes) {
      cases++;
      const res = await send(p).catch((err: Error) => ({ status: 0, headers: {}, text: err.message }));
      if (res.status === 0 || res.status >= 500) problems.push(`board ${p.method} ${p.path.slice(0, 60)}: ${res.status} ${res.text.slice(0, 200)}`);
      seen.push(`${p.method} ${p.path.slice(0, 70)} → ${res.status} ${res.text.slice(0, 120)}`);
    }
    console.info(`Bull Board probes:\n  ${seen.join('\n  ')}`);
  });

  it('found no 5xx and no answer without a JSON {error}, and the process is still up', async () => {
    console.info(`api fuzz: ${fuzzed().length} routes (+ ${routes.length - fuzzed().length} Bull Board routes probed), ${cases} requests judged; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    expect(problems).toEqual([]);
    expect(api.server.listening).toBe(true);
    const health = await send({ method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
  });
});

/** The body of a chunked answer. */
function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const i = rest.indexOf('\r\n');
    if (i < 0) return out;
    const size = parseInt(rest.slice(0, i), 16);
    if (!size) return out;
    out += rest.slice(i + 2, i + 2 + size);
    rest = rest.slice(i + 2 + size + 2);
  }
}

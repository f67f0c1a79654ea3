import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, SsrfGuard, type Resolver } from '../src/ssrf-guard';
import { fetchPage, parseRetryAfter, type FetchOptions } from '../src/http-client';

describe('address classification', () => {
  it('calls only public unicast addresses public', () => {
    const cases: [string, string, boolean][] = [
      ['8.8.8.8', 'unicast', true],
      ['2606:4700:4700::1111', 'unicast', true],
      ['127.0.0.1', 'loopback', false],
      ['::1', 'loopback', false],
      ['10.1.2.3', 'private', false],
      ['172.16.0.1', 'private', false],
      ['192.168.1.1', 'private', false],
      ['169.254.169.254', 'linkLocal', false],
      ['fe80::1', 'linkLocal', false],
      ['100.64.0.1', 'carrierGradeNat', false],
      ['fd00::1', 'uniqueLocal', false],
      ['0.0.0.0', 'unspecified', false],
      ['::', 'unspecified', false],
      ['::ffff:127.0.0.1', 'loopback', false],
      ['::ffff:169.254.169.254', 'linkLocal', false],
      ['224.0.0.1', 'multicast', false],
    ];
    for (const [ip, range, isPublic] of cases) expect(classifyAddress(ip), ip).toEqual({ range, public: isPublic });
  });
});

describe('SSRF guard', () => {
  const resolve: Resolver = async (host) => {
    const table: Record<string, string> = { 'news.example': '93.184.216.34', 'private.test': '10.0.0.7', 'metadata.test': '169.254.169.254', 'mixed.test': '93.184.216.34,127.0.0.1' };
    const ips = table[host];
    if (!ips) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return ips.split(',').map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it('refuses names that resolve inside (any of their addresses), and IP literals, naming the range', async () => {
    const guard = new SsrfGuard({ allowHosts: [], allowPrivateNetworks: [], resolve });
    await expect(guard.check(new URL('http://news.example/a'))).resolves.toBeUndefined();
    await expect(guard.check(new URL('http://private.test/a'))).rejects.toMatchObject({ reason: 'ssrf-blocked', retryable: false, message: expect.stringMatching(/10\.0\.0\.7 is private/) });
    await expect(guard.check(new URL('http://metadata.test/latest/meta-data/'))).rejects.toMatchObject({ reason: 'ssrf-blocked', message: expect.stringMatching(/linkLocal/) });
    await expect(guard.check(new URL('http://mixed.test/'))).rejects.toMatchObject({ reason: 'ssrf-blocked' });
    await expect(guard.check(new URL('http://169.254.169.254/'))).rejects.toMatchObject({ reason: 'ssrf-blocked' });
    await expect(guard.check(new URL('http://[::1]:8080/'))).rejects.toMatchObject({ reason: 'ssrf-blocked' });
  });

  it('opens exactly what the allow-lists name', async () => {
    const guard = new SsrfGuard({ allowHosts: ['private.test', '*.intranet.test'], allowPrivateNetworks: ['127.0.0.0/8'], resolve });
    await expect(guard.check(new URL('http://private.test/'))).resolves.toBeUndefined();
    await expect(guard.check(new URL('http://127.0.0.1:9/'))).resolves.toBeUndefined();
    await expect(guard.check(new URL('http://metadata.test/'))).rejects.toMatchObject({ reason: 'ssrf-blocked' });
    expect(guard.hostAllowed('wiki.intranet.test')).toBe(true);
    expect(guard.hostAllowed('intranet.test.evil.example')).toBe(false);
    expect(() => new SsrfGuard({ allowHosts: [], allowPrivateNetworks: ['10.0.0.0/33'] })).toThrow(/FETCH_ALLOW_PRIVATE_NETWORKS/);
  });
});

describe('fetchPage with the SSRF guard, against a local server', () => {
  let server: http.Server;
  let base: string;
  const opts = (allow: Partial<FetchOptions>): FetchOptions => ({
    userAgent: 'news-ingest-test',
    connectTimeoutMs: 2_000,
    readTimeoutMs: 2_000,
    deadlineMs: 5_000,
    maxBodyBytes: 64 * 1024,
    maxRedirects: 3,
    allowHosts: [],
    allowPrivateNetworks: [],
    ...allow,
  });
  // "private.test" resolves to the loopback, where the test server listens.
  const resolve: Resolver = async (host) => (host === 'private.test' || host === 'localhost' ? [{ address: '127.0.0.1', family: 4 }] : Promise.reject(new Error('ENOTFOUND')));

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/ok') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>');
      if (req.url === '/to-private') return void res.writeHead(302, { location: `http://private.test:${(server.address() as { port: number }).port}/ok` }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('refuses the loopback when nothing allows it, and fetches it when a CIDR does', async () => {
    await expect(fetchPage(base + '/ok', opts({}))).rejects.toMatchObject({ reason: 'ssrf-blocked', retryable: false });
    expect((await fetchPage(base + '/ok', opts({ allowPrivateNetworks: ['127.0.0.0/8'] }))).status).toBe(200);
  });

  it('refuses a name resolving to a private address, also when reached by a redirect', async () => {
    const port = new URL(base).port;
    await expect(fetchPage(`http://private.test:${port}/ok`, opts({ resolve }))).rejects.toMatchObject({ reason: 'ssrf-blocked' });
    // The first hop (allowed by host name) is fetched; the redirect into private.test is not.
    await expect(fetchPage(`http://localhost:${port}/to-private`, opts({ resolve, allowHosts: ['localhost'] }))).rejects.toMatchObject({ reason: 'ssrf-blocked', message: expect.stringMatching(/private\.test/) });
  });

  it('checks the address the connection itself resolves (a name that passes the first look is re-checked at connect)', async () => {
    let calls = 0;
    // First answer public, then the loopback: what a DNS-rebinding attacker would do.
    const rebinding: Resolver = async () => (++calls === 1 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const port = new URL(base).port;
    await expect(fetchPage(`http://rebind.test:${port}/ok`, opts({ resolve: rebinding }))).rejects.toMatchObject({ reason: 'ssrf-blocked' });
    expect(calls).toBe(2);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

import http from 'node:http';

/**
 * A small news site for run counting: a feed of two new articles, a missing one (404), a
 * flaky one (503 once, then the page: its fetch job is retried) and one robots.txt
 * disallows; a sitemap listing one more whose lastmod moves with `bump()` while its body
 * stays the same (the next run fetches it again and finds it unchanged).
 */
export interface RunsSite {
  url: string;
  /** Moves the sitemap lastmod of the unchanged article. */
  bump(): void;
  /** Requests per path. */
  hits(path: string): number;
  close(): Promise<void>;
}

export const PAGES = {
  a: '/news/one-1.html',
  b: '/news/two-2.html',
  missing: '/news/missing-3.html',
  sitemapped: '/news/listed-4.html',
  flaky: '/news/flaky-5.html',
  secret: '/private/secret-6.html',
} as const;

const PUBLISHED: Record<string, string> = {
  [PAGES.a]: '2026-11-01T08:00:00+07:00',
  [PAGES.b]: '2026-11-02T09:30:00+07:00',
  [PAGES.sitemapped]: '2026-10-30T10:00:00+07:00',
  [PAGES.flaky]: '2026-11-01T12:00:00+07:00',
};

function article(path: string): string {
  const title = `Bài viết ${path.replace(/\D+/g, '')} về giao thông thành phố`;
  const para = 'Thành phố đã công bố kế hoạch mới về giao thông công cộng, với nhiều tuyến xe buýt và tàu điện được mở thêm trong năm tới. '.repeat(6);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title>
<meta property="article:published_time" content="${PUBLISHED[path]}"></head>
<body><article><h1>${title}</h1><p>${para}</p><p>${para}</p></article></body></html>`;
}

export async function startRunsSite(): Promise<RunsSite> {
  let base = '';
  let version = 1;
  let flakyLeft = 1;
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const send = (type: string, body: string) => res.writeHead(200, { 'content-type': type }).end(body);
    if (path === '/robots.txt') return void send('text/plain', 'User-agent: *\nDisallow: /private/\n');
    if (path === '/feed.xml') {
      const items = [PAGES.a, PAGES.b, PAGES.missing, PAGES.flaky, PAGES.secret].map((p) => `<item><title>${p}</title><link>${base}${p}</link></item>`);
      return void send('application/rss+xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title><link>${base}/</link>${items.join('')}</channel></rss>`);
    }
    if (path === '/sitemap.xml') {
      const lastmod = `2026-11-${String(version).padStart(2, '0')}T00:00:00Z`;
      return void send('application/xml', `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${base}${PAGES.sitemapped}</loc><lastmod>${lastmod}</lastmod></url></urlset>`);
    }
    if (path === PAGES.flaky && flakyLeft > 0) {
      flakyLeft--;
      return void res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('busy');
    }
    if (PUBLISHED[path]) return void send('text/html; charset=utf-8', article(path));
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: base,
    bump: () => void version++,
    hits: (path) => counts.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

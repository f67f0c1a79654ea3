import http from 'node:http';

export interface ArticleSite {
  url: string;
  paths: string[];
  /** Requests served so far, per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export interface ArticleSiteOptions {
  /** Each page is answered after this long (default 0): a crawl then takes long enough to be interrupted half-way. */
  delayMs?: number;
  /** Path of page `n` (1-based); default `/tin/bai-<n>.html`. */
  path?: (n: number) => string;
  /** HTML of page `n`; default a short news brief (`briefPage`). */
  page?: (n: number) => string;
}

/** A short article page: title, date, lead and two paragraphs, distinct for each `n`. */
export function briefPage(n: number): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Bản tin số ${n}</title>
<meta property="article:published_time" content="2024-03-${String((n % 28) + 1).padStart(2, '0')}T08:00:00+07:00"></head>
<body><article><h1>Bản tin số ${n}</h1><p class="lead">Tóm tắt của bản tin số ${n} về giao thông đô thị.</p>
<p>Thành phố cho biết tuyến xe buýt số ${n} sẽ chạy thêm chuyến vào giờ cao điểm từ tuần tới, theo kế hoạch đã được thông qua.</p>
<p>Người dân có thể góp ý qua đường dây nóng trong suốt tháng này; các ý kiến sẽ được tổng hợp và trả lời công khai.</p>
</article></body></html>`;
}

/** A local site (loopback) of `count` distinct article pages; anything else is a 404. */
export async function startArticleSite(count: number, options: ArticleSiteOptions = {}): Promise<ArticleSite> {
  const { delayMs = 0, path: pathOf = (n: number) => `/tin/bai-${n}.html`, page = briefPage } = options;
  const paths = Array.from({ length: count }, (_, i) => pathOf(i + 1));
  const index = new Map(paths.map((p, i) => [p, i + 1]));
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = index.get(path);
    if (!n) return void res.writeHead(404).end();
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const body = page(n);
    const t = setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body), delayMs);
    res.on('close', () => clearTimeout(t));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    paths,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import http from 'node:http';

/**
 * An HTTP proxy in front of a real Elasticsearch that can make it slow or overloaded for
 * the clients pointed at it, without touching Elasticsearch itself:
 *
 * - `delayMs`: every request is held this long before it is forwarded (a slow cluster);
 * - `rejectBulk(...)`: `POST /_bulk` (any index) is answered 429 with the body
 *   Elasticsearch sends when its write queue is full, for the next `requests` bulk requests
 *   and/or until `until` (whichever ends first), without reaching Elasticsearch;
 * - `rejectItems(...)`: bulk requests reach Elasticsearch without every `every`-th
 *   article index operation (counted across requests), and the response says 429 `es_rejected_execution_exception`
 *   for exactly those items inside an otherwise successful 200 (what a busy cluster does
 *   to single items), for the next `requests` bulk requests.
 *
 * Everything else is forwarded as it is. Loopback only; counters say what happened.
 */
export class EsFaultProxy {
  private server: http.Server | undefined;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private bulkRejections: { left: number; until: number } | null = null;
  private itemRejections: { left: number; every: number; index: string; seen: number } | null = null;
  delayMs = 0;
  port = 0;
  readonly counts = { requests: 0, bulk: 0, bulkRejected: 0, bulkForwarded: 0, itemsRejected: 0, delayed: 0 };

  constructor(private readonly target: URL) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async open(): Promise<void> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Answers the next `requests` bulk requests (or all until `forMs` passed) with 429. */
  rejectBulk(opts: { requests?: number; forMs?: number }): void {
    this.bulkRejections = { left: opts.requests ?? Number.POSITIVE_INFINITY, until: opts.forMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.forMs };
  }

  /** In the next `requests` bulk requests, every `every`-th index operation into an index starting with `index` is refused with a per-item 429. */
  rejectItems(opts: { requests: number; every: number; index: string }): void {
    this.itemRejections = { left: opts.requests, every: opts.every, index: opts.index, seen: 0 };
  }

  /** Whether bulk requests are still being refused (by count and time). */
  get rejectingBulk(): boolean {
    const r = this.bulkRejections;
    return !!r && r.left > 0 && Date.now() < r.until;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.agent.destroy();
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.counts.requests++;
    const body = await readAll(req);
    if (this.delayMs > 0) {
      this.counts.delayed++;
      await new Promise((r) => setTimeout(r, this.delayMs));
    }
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const isBulk = req.method === 'POST' && /(^|\/)_bulk$/.test(path);
    if (isBulk) this.counts.bulk++;
    if (isBulk && this.rejectingBulk) {
      this.bulkRejections!.left--;
      this.counts.bulkRejected++;
      const payload = JSON.stringify({
        error: {
          root_cause: [{ type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1, max_coordinating_and_primary_bytes=0]' }],
          type: 'es_rejected_execution_exception',
          reason: 'rejected execution of coordinating operation',
        },
        status: 429,
      });
      res.writeHead(429, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }).end(payload);
      return;
    }
    if (isBulk) this.counts.bulkForwarded++;
    const items = isBulk && this.itemRejections && this.itemRejections.left > 0 ? this.splitItems(body) : null;
    const forwarded = items ? items.body : body;
    if (items && !forwarded.length) {
      // Every item refused: Elasticsearch is not asked at all.
      const out = items.merge(200, Buffer.alloc(0));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(out.length) }).end(out);
      return;
    }
    const upstream = http.request(
      {
        host: this.target.hostname,
        port: Number(this.target.port || 9200),
        method: req.method,
        path: req.url,
        agent: this.agent,
        headers: { ...req.headers, host: this.target.host, 'content-length': String(forwarded.length), 'accept-encoding': 'identity' },
      },
      (up) => {
        if (!items) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        void readAll(up).then((raw) => {
          const out = items.merge(up.statusCode ?? 502, raw);
          const headers = { ...up.headers, 'content-length': String(out.length) };
          delete headers['transfer-encoding'];
          res.writeHead(up.statusCode ?? 502, headers).end(out);
        });
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    upstream.end(forwarded);
  }

  /**
   * Drops every `every`-th matching index operation from an ndjson bulk body; `merge`
   * puts a 429 item back in its place in Elasticsearch's answer.
   */
  private splitItems(body: Buffer): { body: Buffer; merge(status: number, raw: Buffer): Buffer } {
    const r = this.itemRejections!;
    const lines = body.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    const kept: string[] = [];
    /** For each operation of the original request: the rejected action, or null when forwarded. */
    const ops: ({ _index: string; _id: string } | null)[] = [];
    for (let i = 0; i < lines.length; i++) {
      const action = JSON.parse(lines[i]!) as Record<string, { _index?: string; _id?: string }>;
      const kind = Object.keys(action)[0]!;
      const meta = action[kind]!;
      const hasSource = kind !== 'delete';
      const refuse = kind === 'index' && (meta._index ?? '').startsWith(r.index) && ++r.seen % r.every === 0;
      if (refuse) {
        ops.push({ _index: meta._index!, _id: meta._id! });
      } else {
        ops.push(null);
        kept.push(lines[i]!);
        if (hasSource) kept.push(lines[i + 1]!);
      }
      if (hasSource) i++;
    }
    const rejected = ops.filter(Boolean).length;
    if (!rejected) return { body, merge: (_s, raw) => raw };
    r.left--;
    return {
      body: Buffer.from(kept.length ? `${kept.join('\n')}\n` : '', 'utf8'),
      merge: (status, raw) => {
        const answered = kept.length ? (JSON.parse(raw.toString('utf8')) as { took?: number; errors: boolean; items: unknown[] }) : { took: 0, errors: false, items: [] };
        if (status !== 200) return raw;
        const items: unknown[] = [];
        let k = 0;
        for (const op of ops) {
          if (!op) {
            items.push(answered.items[k++]);
            continue;
          }
          this.counts.itemsRejected++;
          items.push({
            index: {
              _index: op._index,
              _id: op._id,
              status: 429,
              error: { type: 'es_rejected_execution_exception', reason: `rejected execution of primary operation [shard_detail=[${op._index}][0]]` },
            },
          });
        }
        return Buffer.from(JSON.stringify({ ...answered, errors: true, items }), 'utf8');
      },
    };
  }
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * What a crawler child process (bench/crawl/crawlee-crawler.ts, floor-crawler.ts) shares:
 * it says it is ready, waits for `go` on stdin (the parent reads its CPU in /proc around
 * the run), crawls, and prints what it got as one JSON line.
 */
import { createInterface } from 'node:readline';

export interface CrawlerReport {
  done: true;
  /** Pages whose title and body were both read. */
  articles: number;
  failed: number;
  seconds: number;
  bodyChars: number;
}

export async function runWhenTold(crawl: (siteUrl: string, concurrency: number) => Promise<Omit<CrawlerReport, 'done' | 'seconds'>>): Promise<void> {
  const [siteUrl, concurrency] = [process.argv[2]!, Number(process.argv[3] ?? 8)];
  const lines = createInterface({ input: process.stdin });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  for await (const line of lines) {
    if (!line.includes('go')) continue;
    const t0 = performance.now();
    const got = await crawl(siteUrl, concurrency);
    const report: CrawlerReport = { done: true, ...got, seconds: (performance.now() - t0) / 1000 };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    break;
  }
  process.exit(0);
}

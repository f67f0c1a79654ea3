// The entry of an extraction thread (plain JS: piscina loads it before any TypeScript
// loader exists in the thread). It makes .ts importable, loads the extraction module named
// in workerData (default export `(html, url, fetchedAt?) => IndexedArticle`, synchronous) and gives
// piscina one handler: it says "started" on the task's port, so the pool's time limit
// counts extraction only (not a wait for a thread), then decodes the page's bytes (moved
// here from the main thread) and extracts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// Even under the tsx CLI (whose flags a thread inherits) a thread has no TypeScript loader
// of its own, nor has one under vitest: register one for this thread.
register();

const extractPage = (await import(workerData.extractModule)).default;
// The charset module alone: a thread needs no HTTP client, Redis or feed parsers.
const { decodeBody } = await import('@ingest/crawl/charset');
if (typeof extractPage !== 'function') throw new Error(`${workerData.extractModule} has no default export function`);

export default function extractTask({ bytes, contentType, url, fetchedAt, started }) {
  started.postMessage(0);
  started.close();
  const { text, charset } = decodeBody(bytes, contentType);
  return { article: extractPage(text, url, fetchedAt), charset };
}

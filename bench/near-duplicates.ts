/**
 * `pnpm bench near-duplicates [--stories N]`: how well the indexer's story assignment
 * (MinHash over body shingles, LSH bands, one Redis script: packages/search/src/stories)
 * groups near copies, against exact body hashes, on a generated set: real article bodies
 * (extracted by us from trafilatura's evaluation pages, used for evaluation only) as the
 * originals, and for some of them re-published versions made from them — an exact copy, a
 * copy with a dateline, credit and related-news lines, an edited copy (a tenth of its
 * sentences replaced, a paragraph dropped), and a shortened one (its first 60%). The other
 * originals are the negatives: different articles, many from the same sites. Each article
 * goes through the registry in a shuffled order, as from many feeds; pairs put in one
 * story are compared with the truth. Merged into bench/results.json (`nearDuplicates`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '@ingest/config';
import { extract } from '@ingest/extract';
import { createRedisConnection, deleteKeysMatching } from '@ingest/queue';
import { RedisKeys } from '@ingest/contracts';
import { minHashSignature, STORY_WINDOW_MS, StoryRegistry } from '@ingest/search';
import { datasetDir, DEFAULT_URL, loadEntries, loadPage } from './dataset';
import { mergeResult } from './results';
import { seededRandom } from './site/words';

type Variant = 'original' | 'exact' | 'boilerplate' | 'edited' | 'shortened';

interface Item {
  id: string;
  group: number;
  variant: Variant;
  body: string;
}

function originals(limit: number): string[] {
  const dir = datasetDir();
  const bodies: string[] = [];
  for (const entry of loadEntries(dir)) {
    if (bodies.length >= limit) break;
    const body = extract(loadPage(dir, entry).html, entry.url ?? DEFAULT_URL).body;
    if (body.split(/\s+/).length >= 150) bodies.push(body);
  }
  return bodies;
}

const sentencesOf = (body: string) => body.split(/(?<=[.!?])\s+/);

function variantsOf(body: string, other: string, r: () => number): [Variant, string][] {
  const paragraphs = body.split(/\n{2,}/);
  const foreign = sentencesOf(other);
  const edited = sentencesOf(paragraphs.filter((_, i) => paragraphs.length < 3 || i !== 1).join('\n\n')).map((s) => (r() < 0.1 ? foreign[Math.floor(r() * foreign.length)]! : s));
  return [
    ['exact', body],
    ['boilerplate', `CITY (Agency) - ${body}\n\nReporting by staff; editing by the desk. Read more: Top stories of the day. Follow us for more news.`],
    ['edited', edited.join(' ')],
    ['shortened', paragraphs.slice(0, Math.max(1, Math.ceil(paragraphs.length * 0.6))).join('\n\n')],
  ];
}

function generatedSet(stories: number): Item[] {
  const r = seededRandom(18);
  const bodies = originals(stories * 3);
  const items: Item[] = bodies.map((body, i) => ({ id: `o${i}`, group: i, variant: 'original', body }));
  for (let i = 0; i < Math.min(stories, bodies.length); i++) {
    for (const [variant, body] of variantsOf(bodies[i]!, bodies[(i + 7) % bodies.length]!, r)) items.push({ id: `o${i}-${variant}`, group: i, variant, body });
  }
  // Shuffled: copies often arrive before their original.
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

interface PairScores {
  precision: number;
  recall: number;
  truePairs: number;
  predictedPairs: number;
}

function pairScores(items: Item[], storyOf: Map<string, string>): PairScores {
  let tp = 0;
  let predicted = 0;
  let truth = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const same = items[i]!.group === items[j]!.group;
      const put = storyOf.get(items[i]!.id) === storyOf.get(items[j]!.id);
      if (same) truth++;
      if (put) predicted++;
      if (same && put) tp++;
    }
  }
  return { precision: predicted ? tp / predicted : 1, recall: truth ? tp / truth : 1, truePairs: truth, predictedPairs: predicted };
}

/** Share of copies of each kind put in their original's story. */
function recallByVariant(items: Item[], storyOf: Map<string, string>): Record<string, number> {
  const original = new Map(items.filter((x) => x.variant === 'original').map((x) => [x.group, storyOf.get(x.id)]));
  const out: Record<string, number> = {};
  for (const v of ['exact', 'boilerplate', 'edited', 'shortened'] as const) {
    const copies = items.filter((x) => x.variant === v);
    out[v] = copies.length ? copies.filter((x) => storyOf.get(x.id) === original.get(x.group)).length / copies.length : 0;
  }
  return out;
}

export async function runNearDuplicatesBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { stories: { type: 'string', default: '60' } } });
  const items = generatedSet(Number(values.stories));
  const config = loadConfig({ ...process.env, QUEUE_PREFIX: `bench-dup-${randomBytes(3).toString('hex')}`, LOG_LEVEL: 'warn' });
  const redis = createRedisConnection(config.redisUrl);
  try {
    const registry = new StoryRegistry(redis, config.queuePrefix);
    const ours = new Map<string, string>();
    const started = performance.now();
    for (const x of items) ours.set(x.id, await registry.assign(x.id, minHashSignature(x.body)));
    const msPerArticle = (performance.now() - started) / items.length;
    // What every article keeps in Redis for good (the three story keys).
    const period = Math.floor(Date.now() / STORY_WINDOW_MS);
    const keys = [RedisKeys.storySignatures, RedisKeys.storyOf, RedisKeys.storyBands].map((k) => k(config.queuePrefix, period));
    const bytes = (await Promise.all(keys.map((k) => redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0')))).reduce<number>((a, b) => a + Number(b ?? 0), 0);
    // The alternative: one story per exact body (what a content hash finds).
    const firstByHash = new Map<string, string>();
    const hashed = new Map(items.map((x) => {
      const h = createHash('sha256').update(x.body.replace(/\s+/g, ' ').trim()).digest('hex');
      if (!firstByHash.has(h)) firstByHash.set(h, x.id);
      return [x.id, firstByHash.get(h)!];
    }));
    report(items, ours, hashed, msPerArticle, Math.round(bytes / items.length));
  } finally {
    await deleteKeysMatching(redis, `${config.queuePrefix}:*`);
    redis.disconnect();
  }
}

function report(items: Item[], ours: Map<string, string>, hashed: Map<string, string>, msPerArticle: number, redisBytesPerArticle: number): void {
  const r3 = (n: number) => Number(n.toFixed(3));
  const rows = [
    { system: 'MinHash + LSH in Redis (ours)', ...pairScores(items, ours), byVariant: recallByVariant(items, ours) },
    { system: 'exact body hash', ...pairScores(items, hashed), byVariant: recallByVariant(items, hashed) },
  ];
  const groups = new Set(items.map((x) => x.group)).size;
  console.log(`${items.length} articles: ${groups} originals, ${items.length - groups} re-published versions of ${items.filter((x) => x.variant === 'exact').length} of them; ${r3(msPerArticle)} ms per article to assign (signature + Redis script, one at a time), ${redisBytesPerArticle} bytes of Redis per article\n`);
  console.log('| detector | pair precision | pair recall | exact copy | + boilerplate | edited | shortened |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.system} | ${r3(r.precision)} | ${r3(r.recall)} | ${r3(r.byVariant.exact!)} | ${r3(r.byVariant.boilerplate!)} | ${r3(r.byVariant.edited!)} | ${r3(r.byVariant.shortened!)} |`);
  mergeResult('nearDuplicates', {
    measuredAt: new Date().toISOString(),
    articles: items.length,
    originals: groups,
    msPerArticle: r3(msPerArticle),
    redisBytesPerArticle,
    rows: rows.map((r) => ({ system: r.system, precision: r3(r.precision), recall: r3(r.recall), truePairs: r.truePairs, predictedPairs: r.predictedPairs, recallByVariant: Object.fromEntries(Object.entries(r.byVariant).map(([k, v]) => [k, r3(v)])) })),
  });
}

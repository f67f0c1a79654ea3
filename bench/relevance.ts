/**
 * `pnpm bench relevance`: nDCG@10 and recall@10 of the article search on a labelled corpus
 * (bench/relevance-corpus.ts: 257 articles, 41 queries — Vietnamese with and without
 * diacritics, English in the same and in other word forms, task searches), for the query
 * before issue 18 (exact + folded fields only) and today's (plus stems and phrases), in one
 * run against the same index, merged into bench/results.json (`relevance`).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@ingest/config';
import { articleIdFor, cleanQueryText, createSearchClient, deleteIndices, ensureIndices, foldText, searchArticles, toArticleDocument, writeArticles, type Client, type estypes, type IndexNames } from '@ingest/search';
import { buildCorpus, type LabelledQuery } from './relevance-corpus';
import { mergeResult } from './results';

const K = 10;

/** The article query as it was before stems and phrases: as typed on the exact fields, folded on the folded ones. */
function baselineQuery(raw: string): estypes.QueryDslQueryContainer {
  const q = cleanQueryText(raw);
  const common = { default_operator: 'and' as const, lenient: true };
  const text = (exact: string[], folded: string[]) => ({
    bool: { should: [{ simple_query_string: { query: q, fields: exact, ...common } }, { simple_query_string: { query: foldText(q), fields: folded, ...common } }], minimum_should_match: 1 },
  });
  const main = text(['title^3', 'lead^2', 'body', 'authors', 'taskHeading'], ['title_folded^3', 'lead_folded^2', 'body_folded', 'authors_folded']);
  const inTasks = text(['tasks.text'], ['tasks.text_folded']);
  return { bool: { must: [{ bool: { should: [main, { nested: { path: 'tasks', score_mode: 'max', query: inTasks } }], minimum_should_match: 1 } }] } };
}

async function baselineSearch(es: Client, names: IndexNames, q: string): Promise<string[]> {
  const res = await es.search({ index: names.articles, size: K, _source: false, query: baselineQuery(q), sort: [{ _score: { order: 'desc' } }, { finalUrl: { order: 'asc' } }] });
  return res.hits.hits.map((h) => h._id!);
}

async function currentSearch(es: Client, names: IndexNames, q: string): Promise<string[]> {
  return (await searchArticles(es, names, { q, size: K, duplicates: true, facets: false })).hits.map((h) => h.id);
}

/** Binary relevance: DCG of the ranking over the best DCG possible with this many relevant documents. */
export function ndcgAt(k: number, ranked: string[], relevant: Set<string>): number {
  const dcg = ranked.slice(0, k).reduce((s, id, i) => s + (relevant.has(id) ? 1 / Math.log2(i + 2) : 0), 0);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal ? dcg / ideal : 0;
}

export function recallAt(k: number, ranked: string[], relevant: Set<string>): number {
  return relevant.size ? ranked.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size : 0;
}

type Scores = { ndcg: number; recall: number };

async function score(queries: LabelledQuery[], idOf: Map<string, string>, search: (q: string) => Promise<string[]>): Promise<Scores[]> {
  const out: Scores[] = [];
  for (const lq of queries) {
    const relevant = new Set(lq.relevant.map((k) => idOf.get(k)!));
    const ranked = await search(lq.q);
    out.push({ ndcg: ndcgAt(K, ranked, relevant), recall: recallAt(K, ranked, relevant) });
  }
  return out;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const r3 = (n: number) => Number(n.toFixed(3));

export async function runRelevanceBench(): Promise<void> {
  const config = loadConfig({ ...process.env, INDEX_PREFIX: `bench-rel-${randomBytes(3).toString('hex')}`, LOG_LEVEL: 'warn' });
  const es = createSearchClient(config.elasticsearchUrl);
  const { articles, queries } = buildCorpus();
  try {
    const names = await ensureIndices(es, config.indexPrefix);
    const idOf = new Map<string, string>();
    const docs = articles.map(({ key, article }) => {
      const url = `https://relevance.example/${key}`;
      idOf.set(key, articleIdFor(url));
      return toArticleDocument(article, { url, finalUrl: url, source: key.startsWith('vi') ? 'vi.example' : 'en.example', fetchedAt: '2026-12-01T00:00:00Z', contentHash: key });
    });
    await writeArticles(es, names, docs, { refresh: true });
    console.log(`corpus: ${articles.length} articles, ${queries.length} labelled queries (index ${config.indexPrefix})\n`);
    const before = await score(queries, idOf, (q) => baselineSearch(es, names, q));
    const now = await score(queries, idOf, (q) => currentSearch(es, names, q));
    printAndMerge(queries, before, now, articles.length);
  } finally {
    await deleteIndices(es, config.indexPrefix);
    await es.close();
  }
}

function printAndMerge(queries: LabelledQuery[], before: Scores[], now: Scores[], corpusSize: number): void {
  const kinds = [...new Set(queries.map((q) => q.kind)), 'all'] as const;
  const rows = kinds.map((kind) => {
    const idx = queries.map((q, i) => (kind === 'all' || q.kind === kind ? i : -1)).filter((i) => i >= 0);
    const m = (s: Scores[], f: keyof Scores) => r3(mean(idx.map((i) => s[i]![f])));
    return { kind, queries: idx.length, before: { ndcg: m(before, 'ndcg'), recall: m(before, 'recall') }, now: { ndcg: m(now, 'ndcg'), recall: m(now, 'recall') } };
  });
  console.log('| queries | n | nDCG@10 before | nDCG@10 now | recall@10 before | recall@10 now |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.kind} | ${r.queries} | ${r.before.ndcg} | **${r.now.ndcg}** | ${r.before.recall} | **${r.now.recall}** |`);
  const worst = queries.map((q, i) => ({ q: q.q, kind: q.kind, before: r3(before[i]!.ndcg), now: r3(now[i]!.ndcg) })).sort((a, b) => a.now - b.now).slice(0, 5);
  console.log('\nlowest nDCG@10 now:');
  for (const w of worst) console.log(`  ${w.now.toFixed(3)} (before ${w.before.toFixed(3)})  [${w.kind}] ${w.q}`);
  mergeResult('relevance', { measuredAt: new Date().toISOString(), corpus: { articles: corpusSize, queries: queries.length, seed: 18 }, k: K, rows, lowest: worst });
}

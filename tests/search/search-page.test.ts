import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { articleIdFor, createSearchClient, ensureIndices, writeArticles } from '@ingest/search';
import { buildApi } from '@ingest/api';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { article, doc, seed, seedArticle } from './corpus';

const SEED_URL = 'https://laodong.vn/thoi-su/6-nhiem-vu-trong-tam-1000001.ldo';

/** The search page at / in real headless Chromium (the Debian package), against the real API and Elasticsearch. */
describe('search page in headless Chromium', () => {
  const config = isolatedConfig();
  const es = createSearchClient(config.elasticsearchUrl);
  let api: FastifyInstance;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const names = await ensureIndices(es, config.indexPrefix);
    await writeArticles(
      es,
      names,
      [
        doc(SEED_URL, seedArticle(), '2024-01-01T00:00:00Z', 'laodong.vn'),
        doc('https://port.example/1', article({ title: 'Harbour cranes at night', language: 'en', lead: 'Ships came in.' }), '2024-01-01T00:00:00Z', 'port.example'),
      ],
      { refresh: true },
    );
    api = await buildApi(config, testLogger(config, 'search-page'));
    base = await api.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await es.close();
    await cleanup(config);
  });

  it('type a query, see the seed article with highlights, open it, see its 6 numbered tasks', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + '/');
    await page.fill('#q', 'nhiem vu trong tam');
    await page.press('#q', 'Enter');

    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '1 result');
    const first = page.locator('#results li.hit').first();
    expect(await first.locator('h2').textContent()).toBe(seed.title);
    expect(await first.locator('h2 mark').allTextContents()).toEqual(['nhiệm', 'vụ', 'trọng', 'tâm']);
    expect(await first.locator('.meta').textContent()).toContain('Phạm Đông, Hải Nguyễn');

    await first.locator('h2 a').click();
    await page.waitForURL(`**/#/articles/${articleIdFor(SEED_URL)}`);
    const tasks = page.locator('#article ol.tasks > li');
    await tasks.first().waitFor();
    expect(await page.locator('#article h1').textContent()).toBe(seed.title);
    expect(await tasks.count()).toBe(6);
    expect(await tasks.evaluateAll((items) => items.map((li) => (li as HTMLLIElement).value))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await tasks.nth(5).textContent()).toBe(`${seed.tasks[5]!.marker}:${seed.tasks[5]!.text}`);

    // Back to the results, then narrow them with a filter.
    await page.goBack();
    await page.locator('#results li.hit').first().waitFor();
    await page.fill('#q', '');
    await page.press('#q', 'Enter');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '2 results');
    await page.selectOption('#language', 'en');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '1 result');
    expect(await page.locator('#results li.hit h2').allTextContents()).toEqual(['Harbour cranes at night']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a story once with "1 other version", lists its versions from there, and every copy with the box ticked', async () => {
    const names = await ensureIndices(es, config.indexPrefix);
    const wire = doc('https://wire.example/dredging', article({ title: 'Dredging starts at the old port', language: 'en', lead: 'Work begins on Monday.' }), '2024-01-02T00:00:00Z', 'wire.example');
    const copy = doc('https://daily.example/port-dredging', article({ title: 'Old port to be dredged', language: 'en', lead: 'Work begins on Monday.' }), '2024-01-03T00:00:00Z', 'daily.example');
    copy.storyId = wire.storyId;
    await writeArticles(es, names, [wire, copy], { refresh: true });

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/#/?q=dredging`);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '1 result');
    const versions = page.locator('#results li.hit .versions');
    expect((await versions.textContent())?.replace(/\s+/g, ' ')).toMatch(/^1 other version: (wire|daily)\.example$/);

    await versions.locator('a').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '2 results');
    expect((await page.locator('#results li.hit h2').allTextContents()).sort()).toEqual(['Dredging starts at the old port', 'Old port to be dredged']);
    expect(await page.locator('#duplicates').isChecked()).toBe(true);

    await page.goto(`${base}/#/?q=port`);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '1 result');
    await page.check('#duplicates');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '2 results');
    expect(errors).toEqual([]);
    await page.close();
  });
});

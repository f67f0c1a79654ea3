import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startDemoSite, type DemoSite } from '../fixtures/demo-site/server';
import { startPipeline, type RunningPipeline } from '../support/pipeline';
import { isolatedConfig } from '../support/test-env';

/** The sources page in real headless Chromium (the Debian package), against the whole pipeline and the demo site. */
describe('sources page in headless Chromium', () => {
  const token = 'sources-page-token-0123456';
  const config = isolatedConfig({ ADMIN_TOKEN: token });
  let site: DemoSite;
  let pipeline: RunningPipeline;
  let browser: Browser;

  beforeAll(async () => {
    site = await startDemoSite();
    pipeline = await startPipeline(config, 'sources-page');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await pipeline?.close();
    await site?.close();
  });

  it('add a source for the demo site (a bad field is named next to it), run it, watch the run finish with its counts, pause it', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pipeline.apiUrl + '/sources.html');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '0 sources');

    // A first try with a sitemap that is no URL: the token is asked for, then the API's answer lands by the field.
    await page.click('#add');
    await page.fill('#source-form [name=id]', 'demo');
    await page.fill('#source-form [name=name]', 'Lao Động Demo');
    await page.fill('#source-form [name=sitemaps]', 'not a url');
    await page.click('#source-form button[type=submit]');
    await page.locator('#token-form').waitFor();
    await page.fill('#token', token);
    await page.click('#token-form button[type=submit]');
    const sitemapError = page.locator('#source-form .error[data-for="sitemaps"]');
    await sitemapError.filter({ hasText: 'an absolute http(s) URL' }).waitFor();
    expect(await page.locator('#source-form [name=sitemaps]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#source-form .error[data-for="id"]').textContent()).toBe('');

    await page.fill('#source-form [name=sitemaps]', `${site.url}/sitemap.xml`);
    await page.click('#source-form button[type=submit]');
    const row = page.locator('#sources tr[data-id="demo"]');
    await row.waitFor();
    expect(await page.locator('#source-form').isHidden()).toBe(true);
    expect(await row.locator('.health').textContent()).toBe('ok');

    // Run it now and watch its run finish, with its counts.
    await row.locator('button[data-act=run]').click();
    const finished = page.locator('#runs tr[data-status="finished"]');
    await finished.waitFor({ timeout: 90_000 });
    const cell = async (name: string) => (await finished.locator(`td.${name}`).textContent())?.trim();
    expect({ trigger: await cell('trigger'), discovered: await cell('discovered'), enqueued: await cell('enqueued'), indexed: await cell('indexed'), new: await cell('new'), failed: await cell('failed') }).toEqual({
      trigger: 'requested',
      discovered: '5',
      enqueued: '5',
      indexed: '5',
      new: '5',
      failed: '0',
    });
    await row.locator('.last-run').filter({ hasText: '5 indexed (5 new)' }).waitFor();

    // Pause it: the token kept for the tab is used, not asked again.
    await row.locator('button[data-act=pause]').click();
    await row.locator('button[data-act=resume]').waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('paused');
    expect(await page.locator('#token-form').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('news-ingest.admin-token'))).toBe(token);
    const stored = (await (await fetch(`${pipeline.apiUrl}/sources/demo`)).json()) as { paused: boolean; health: string };
    expect(stored).toMatchObject({ paused: true, health: 'ok' });
    expect(errors).toEqual([]);
    await page.close();
  });
});

/**
 * The floor (a child process of `pnpm bench crawl`): undici and cheerio in htmlparser2
 * mode, no queue, nothing stored — robots.txt read once (its Disallow prefixes applied),
 * the sitemap index and its sitemaps read for the URLs, then `concurrency` loops fetching
 * and pulling title and body text.
 */
import { load } from 'cheerio';
import { Agent, request } from 'undici';
import { runWhenTold } from './runner';

const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
const text = async (url: string) => (await request(url, { dispatcher: agent })).body.text();
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.trim());

await runWhenTold(async (siteUrl, concurrency) => {
  const disallowed = (await text(`${siteUrl}/robots.txt`)).split('\n').filter((l) => /^disallow:/i.test(l)).map((l) => l.slice(9).trim()).filter((p) => p && !p.includes('*'));
  const urls = (await Promise.all(locs(await text(`${siteUrl}/sitemap.xml`)).map(async (s) => locs(await text(s))))).flat().filter((u) => !disallowed.some((p) => new URL(u).pathname.startsWith(p)));
  let next = 0;
  let articles = 0;
  let failed = 0;
  let bodyChars = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        try {
          const $ = load(await text(url), { xml: { xmlMode: false, decodeEntities: true } });
          const title = $('h1').first().text().trim() || $('title').text().trim();
          const body = ($('article').first().text() || $('main').text() || $('body').text()).trim();
          if (title && body) articles++;
          bodyChars += body.length;
        } catch {
          failed++;
        }
      }
    }),
  );
  return { articles, failed, bodyChars };
});

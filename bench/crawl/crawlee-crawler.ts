/**
 * Crawlee's CheerioCrawler on the bench site (a child process of `pnpm bench crawl`): the
 * URLs from the sitemap (Crawlee's Sitemap loader), robots.txt honoured, `concurrency`
 * requests at once, title and body text pulled with cheerio. Storage in memory only.
 */
import { CheerioCrawler, Configuration, log, LogLevel, Sitemap } from 'crawlee';
import { runWhenTold } from './runner';

log.setLevel(LogLevel.WARNING);

await runWhenTold(async (siteUrl, concurrency) => {
  const config = new Configuration({ persistStorage: false, purgeOnStart: true });
  const { urls } = await Sitemap.load(`${siteUrl}/sitemap.xml`);
  let articles = 0;
  let bodyChars = 0;
  let failed = 0;
  const crawler = new CheerioCrawler(
    {
      minConcurrency: concurrency,
      maxConcurrency: concurrency,
      maxRequestRetries: 2,
      respectRobotsTxtFile: true,
      requestHandler: async ({ $ }) => {
        const title = $('h1').first().text().trim() || $('title').text().trim();
        const body = ($('article').first().text() || $('main').text() || $('body').text()).trim();
        if (title && body) articles++;
        bodyChars += body.length;
      },
      failedRequestHandler: async () => {
        failed++;
      },
    },
    config,
  );
  await crawler.run(urls);
  return { articles, failed, bodyChars };
});

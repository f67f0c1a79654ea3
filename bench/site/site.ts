/**
 * The bench site, built whole in memory from a seed: `count` article pages (40–80 KB,
 * four layouts, Vietnamese and English), robots.txt, an RSS feed of the latest 50, and a
 * sitemap index over sitemaps of 500 URLs each. Same seed and count, same bytes.
 */
import { between, seededRandom } from './words';
import { languageOf, prose, renderArticle, TEMPLATES, type ArticleSpec, type Teaser } from './templates';

export interface BenchSite {
  /** path → body and content type. */
  files: Map<string, { body: Buffer; type: string }>;
  articlePaths: string[];
  articleBytes: number;
}

export const SITEMAP_PATH = '/sitemap.xml';
export const FEED_PATH = '/rss/tin-moi-nhat.rss';
const PER_SITEMAP = 500;
const SLUGS = ['du-an-duong-vanh-dai', 'chuyen-doi-so', 'ho-tro-lai-suat', 'quy-hoach-do-thi', 'hoc-phi', 'nuoc-sach', 'metro-so-hai', 'chong-ngap'];
const EN_SLUGS = ['ring-road', 'digital-transformation', 'interest-rate-support', 'urban-plan', 'tuition', 'clean-water', 'metro-line-two', 'flood-prevention'];

function specOf(n: number, seed: number): ArticleSpec {
  const rnd = seededRandom(seed * 100_003 + n);
  const template = TEMPLATES[n % TEMPLATES.length]!;
  const lang = languageOf(template);
  const { title, lead, paragraphs } = prose(rnd, lang);
  const slug = (lang.code === 'vi' ? SLUGS : EN_SLUGS)[n % SLUGS.length]!;
  const section = lang.sections[n % lang.sections.length]!;
  const path = lang.code === 'vi' ? `/${['thoi-su', 'kinh-doanh', 'xa-hoi', 'giao-duc'][n % 4]}/${slug}-${n}.html` : `/en/${['news', 'business', 'world', 'travel'][n % 4]}/2024/03/${slug}-${n}`;
  // Newest last: article n was published n × 7 minutes after the start of 2024-03-01 (UTC+7).
  const publishedAt = new Date(Date.UTC(2024, 1, 29, 17) + n * 7 * 60_000).toISOString().replace('.000Z', '+00:00');
  return { n, path, template, lang, title, lead, paragraphs, author: lang.authors[n % lang.authors.length]!, section, publishedAt, targetBytes: between(rnd, 40 * 1024, 80 * 1024) };
}

const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function buildSite(count: number, seed = 1): BenchSite {
  const specs = Array.from({ length: count }, (_, i) => specOf(i + 1, seed));
  const files = new Map<string, { body: Buffer; type: string }>();
  const html = 'text/html; charset=utf-8';
  let articleBytes = 0;
  for (const spec of specs) {
    const rnd = seededRandom(seed * 7_919 + spec.n);
    let k = 0;
    const teasersOf = (c: number): Teaser[] =>
      Array.from({ length: c }, () => {
        const other = specs[(spec.n * 31 + ++k * 17) % count]!;
        return { path: other.path, title: other.title, summary: other.lead };
      });
    const body = Buffer.from(renderArticle(spec, rnd, teasersOf));
    articleBytes += body.length;
    files.set(spec.path, { body, type: html });
  }
  files.set('/robots.txt', { body: Buffer.from(`User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem\nDisallow: /*?utm_\n\nSitemap: {origin}${SITEMAP_PATH}\n`), type: 'text/plain; charset=utf-8' });
  addSitemaps(files, specs);
  files.set(FEED_PATH, { body: Buffer.from(feed(specs.slice(-50).reverse())), type: 'application/rss+xml; charset=utf-8' });
  return { files, articlePaths: specs.map((s) => s.path), articleBytes };
}

/** A sitemap index over child sitemaps; its `<loc>`s are root-relative, resolved by the server with its own origin. */
function addSitemaps(files: BenchSite['files'], specs: ArticleSpec[]): void {
  const xml = 'application/xml; charset=utf-8';
  const children: string[] = [];
  for (let i = 0; i < specs.length; i += PER_SITEMAP) {
    const path = `/sitemaps/articles-${i / PER_SITEMAP + 1}.xml`;
    children.push(path);
    const urls = specs.slice(i, i + PER_SITEMAP).map((s) => `<url><loc>{origin}${s.path}</loc><lastmod>${s.publishedAt}</lastmod></url>`);
    files.set(path, { body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`), type: xml });
  }
  const index = children.map((c) => `<sitemap><loc>{origin}${c}</loc></sitemap>`).join('\n');
  files.set(SITEMAP_PATH, { body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${index}\n</sitemapindex>\n`), type: xml });
}

function feed(latest: ArticleSpec[]): string {
  const items = latest.map((s) => `<item><title>${xmlEsc(s.title)}</title><link>{origin}${s.path}</link><guid>{origin}${s.path}</guid><pubDate>${new Date(s.publishedAt).toUTCString()}</pubDate><description>${xmlEsc(s.lead)}</description></item>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Tin mới nhất</title><link>{origin}/</link><description>Bench site</description>\n${items.join('\n')}\n</channel></rss>\n`;
}

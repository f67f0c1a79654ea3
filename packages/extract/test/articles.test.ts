import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/index';

/**
 * Whole news pages in several Vietnamese and English site templates (besides the seed article's
 * two, in seed.test.ts), each with a hand-written `NAME.expected.json`: the metadata a reader sees
 * and phrases the body must and must not contain (captions, boxes, bylines, comments, footers).
 */
interface ExpectedArticle {
  url: string;
  title: string;
  lead: string;
  authors: string[];
  publishedAt: string | null;
  modifiedAt: string | null;
  language: string;
  bodyMust: string[];
  bodyMustNot: string[];
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'articles');
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.html'))
  .map((f) => f.slice(0, -'.html'.length))
  .sort();

describe('article fixtures (Vietnamese and English templates)', () => {
  it('covers at least three templates per language, each with an expectation', () => {
    expect(pages.filter((p) => p.startsWith('vi-')).length).toBeGreaterThanOrEqual(3);
    expect(pages.filter((p) => p.startsWith('en-')).length).toBeGreaterThanOrEqual(3);
    const expectations = readdirSync(dir).filter((f) => f.endsWith('.expected.json'));
    expect(expectations.map((f) => f.slice(0, -'.expected.json'.length)).sort()).toEqual(pages);
  });

  describe.each(pages)('%s', (name) => {
    const want = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as ExpectedArticle;
    const a = extract(readFileSync(join(dir, `${name}.html`), 'utf8'), want.url);

    it('reads title, lead, authors, dates and language', () => {
      expect({ title: a.title, lead: a.lead, authors: a.authors, publishedAt: a.publishedAt, modifiedAt: a.modifiedAt, language: a.language }).toEqual({
        title: want.title,
        lead: want.lead,
        authors: want.authors,
        publishedAt: want.publishedAt,
        modifiedAt: want.modifiedAt,
        language: want.language,
      });
    });

    it('keeps the article text and only it', () => {
      for (const phrase of want.bodyMust) expect(a.body).toContain(phrase);
      for (const phrase of want.bodyMustNot) expect(a.body).not.toContain(phrase);
      expect(a.body).not.toContain(a.title);
    });
  });
});

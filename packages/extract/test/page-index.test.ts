import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseHtml, parsePage } from '../src/dom/load';
import { Page } from '../src/dom/page';
import { fixture } from './helpers';

const articles = readdirSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'articles'))
  .filter((f) => f.endsWith('.html'))
  .map((f) => `articles/${f}`);

/** Everything a Page holds, with elements named by their place in document order. */
function snapshot(page: Page): unknown {
  const at = (el: unknown): number => page.elements.indexOf(el as never);
  return {
    infos: page.elements.map((el) => ({ name: el.name, ...page.get(el) })),
    hinted: page.hinted.map(at),
    h1s: page.h1s.map(at),
    times: page.times.map(at),
    images: page.images.map(at),
    itemprops: page.itemprops.map((p) => [p.prop, at(p.el)]),
    metas: page.metas,
    links: page.links,
    jsonLd: page.jsonLd,
    appState: page.appState,
    head: [page.htmlLang, page.documentTitle, page.baseHref],
  };
}

// The index built during the parse must equal the one a separate walk over the finished tree gives.
describe('indexing while parsing', () => {
  const tricky = [
    '<html lang="vi"><head><title>T &amp; t</title><meta property="og:title" content="X"><script type="application/ld+json">{"a":1}</script></head>' +
      '<body><div class="a" class="b" hidden><p>Một, hai</p></div><svg><g class="content"><text>no</text></g></svg>' +
      '<a rel="author" href="/x" itemprop="author">Tác giả</a><ul><li>x<li>y, z</ul><p>1<p>2</p></p><br/><time>3</time></body></html>',
    '<html><body><nav><p style="display:none">menu</p></nav><article><h1 id="t">Tiêu đề</h1>' +
      '<p aria-hidden="true">ẩn</p><p>Văn bản, rất dài</p><noscript><p>không</p></noscript><img src="a.jpg"></article></body></html>',
  ];
  const pages: Array<[string, string]> = [
    ...['seed-laodong.html', 'seed-vnexpress.html', ...articles].map((f): [string, string] => [f, fixture(f)]),
    ...tricky.map((html, i): [string, string] => [`tricky ${i + 1}`, html]),
  ];

  it.each(pages)('%s: same figures, lists and metadata as the walk', (_name, html) => {
    const during = parsePage(html).page;
    const after = new Page(parseHtml(html).root);
    expect(during.elements.length).toBeGreaterThan(5);
    expect(snapshot(during)).toEqual(snapshot(after));
  });

  it('a fragment gets its synthetic <body> first, as the walk gives it', () => {
    const { page } = parsePage('<p>Một đoạn văn, có dấu phẩy.</p><p>Hai</p>');
    expect(page.elements.map((el) => el.name)).toEqual(['body', 'p', 'p']);
    expect(page.get(page.elements[0]!).text).toBe(24);
  });
});

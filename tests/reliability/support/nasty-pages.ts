/**
 * Hostile pages, generated at test time (nothing of this size is committed). Each is the raw
 * bytes a server would send and the Content-Type it sends them with. FAKE is written only where
 * a reader never sees it (script, style, template, noscript, comments, hidden blocks): a body
 * that contains it took invisible text for article text.
 */
export const FAKE = 'VĂN-BẢN-GIẢ-MẠO';

export interface NastyPage {
  /** Also the path it is served under: /nasty/<name>. */
  name: string;
  contentType: string;
  body: Buffer;
  /** Real article text the page carries, when it has any (a sentence the body should hold). */
  article?: string;
}

const ARTICLE = 'Đây là đoạn văn thật của bài viết, đủ dài, có nhiều dấu phẩy, để được chấm điểm như nội dung chính của trang tin.';
const para = (i: number) => `<p>${ARTICLE} Đoạn số ${i}, với nội dung riêng, và thêm vài chữ nữa.</p>`;
const article = (n: number) => Array.from({ length: n }, (_, i) => para(i + 1)).join('\n');
const fakePara = `<p>${FAKE} nhiệm vụ trọng tâm, Thứ nhất, công tác dân vận, First, the government said, một đoạn văn giả rất dài để được chấm điểm cao như bài viết thật.</p>`;

/** Fake article text in every place that is not page text. */
const hidden = [
  `<script>var draft = "${fakePara.replace(/"/g, '\\"')}"; document.write(draft);</script>`,
  `<script type="text/template"><article>${fakePara}${fakePara}</article></script>`,
  `<style>/* ${fakePara} */ .a { color: red }</style>`,
  `<template><article><h1>${FAKE}</h1>${fakePara}${fakePara}${fakePara}</article></template>`,
  `<noscript><article>${fakePara}${fakePara}</article></noscript>`,
  `<!-- <article>${fakePara}${fakePara}</article> -->`,
  `<div hidden><article>${fakePara}${fakePara}</article></div>`,
  `<div style="display:none">${fakePara}${fakePara}</div>`,
].join('\n');

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const html = (title: string, body: string, head = '<meta charset="utf-8">') =>
  `<!DOCTYPE html><html lang="vi"><head>${head}<title>${title}</title></head><body>${body}</body></html>`;

/** windows-1252 bytes of a string made of Latin-1 characters (what a legacy page sends). */
function latin1(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

export function nastyPages(): NastyPage[] {
  const pages: NastyPage[] = [];
  const add = (name: string, contentType: string, body: Buffer | string, articleText?: string) =>
    pages.push({ name, contentType, body: typeof body === 'string' ? utf8(body) : body, ...(articleText ? { article: articleText } : {}) });

  // 100,000 nested tags, the article and the fake text at the bottom.
  const depth = 100_000;
  add('nested-100k', 'text/html; charset=utf-8', html('Lồng sâu', '<div>'.repeat(depth) + hidden + `<article>${article(5)}</article>` + '</div>'.repeat(depth)), ARTICLE);

  // A 5 MB page on one line (no newline anywhere), just under the fetcher's 5 MiB cap.
  {
    const head = html('Một dòng', '').replace('</body></html>', '');
    const one = `<article>${article(3)}</article>`.replace(/\n/g, ' ');
    const filler = `<span class="w">${'chữ '.repeat(200)}</span>`;
    const parts = [head, one, hidden.replace(/\n/g, ' ')];
    const fillerBytes = Buffer.byteLength(filler);
    let size = Buffer.byteLength(parts.join(''));
    while (size + fillerBytes < 5 * 1024 * 1024 - 1024) {
      parts.push(filler);
      size += fillerBytes;
    }
    parts.push('</body></html>');
    add('single-line-5mb', 'text/html; charset=utf-8', parts.join(''));
  }

  // Declared UTF-8, with bytes that are not: lone continuation bytes, overlong forms, encoded surrogates, 0xFF.
  {
    const bad = [Buffer.from([0x80]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xff, 0xfe]), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from([0xe1, 0xbb])];
    const chunks: Buffer[] = [utf8(html('UTF-8 hỏng', '').replace('</body></html>', '<article>'))];
    for (let i = 0; i < 20; i++) chunks.push(utf8(para(i)), bad[i % bad.length]!);
    chunks.push(utf8(hidden), utf8('</article></body></html>'));
    add('invalid-utf8', 'text/html; charset=utf-8', Buffer.concat(chunks), ARTICLE);
  }

  // Says windows-1252 (header and meta), sends UTF-8: mojibake, but text all the same.
  add('utf8-bytes-declared-1252', 'text/html; charset=windows-1252', html('Mã sai', `<article>${article(5)}</article>${hidden}`, '<meta charset="windows-1252">'));

  // Says UTF-8, sends windows-1252 (é, ç, ü as single bytes, invalid as UTF-8).
  {
    const fr = "<p>L'économie française a progressé, selon l'Insee, grâce à la consommation des ménages, à l'été, et à la reprise du tourisme étranger.</p>";
    add('1252-bytes-declared-utf8', 'text/html; charset=utf-8', latin1(`<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Économie</title></head><body><article>${fr.repeat(6)}</article></body></html>`));
  }

  // NUL bytes everywhere: in text, in tag names, in attribute names and values.
  add(
    'null-bytes',
    'text/html; charset=utf-8',
    html('Ký\u0000 tự rỗng', `<art\u0000icle class="a\u0000b" da\u0000ta-x="\u0000"><p>\u0000</p>${article(5).replace(/, /g, ',\u0000 ')}\u0000<script>var s = "\u0000${FAKE}\u0000";</script></article>\u0000\u0000`),
  );

  // Huge attribute values: 2 MB of class, 1 MB of data, a 500 KB href.
  add(
    'huge-attributes',
    'text/html; charset=utf-8',
    html('Thuộc tính lớn', `<div class="${'x '.repeat(1_000_000)}" data-blob="${'A'.repeat(1_000_000)}"><article>${article(5)}<a href="/${'b'.repeat(500_000)}">liên kết</a></article></div>${hidden}`),
    ARTICLE,
  );

  // One giant table: 20,000 rows.
  {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<tr><td>${i}</td><td>Hàng số ${i}, giá trị ${i * 7}</td><td>${i % 3 ? 'có' : 'không'}</td></tr>`).join('');
    add('giant-table', 'text/html; charset=utf-8', html('Bảng lớn', `<article><h1>Bảng lớn</h1>${article(2)}<table>${rows}</table></article>${hidden}`));
  }

  // A real article with fake article text in every invisible place around it, and more of it.
  add('fake-text-in-hidden-places', 'text/html; charset=utf-8', html('Bài viết thật', `${hidden}<main><article><h1>Bài viết thật</h1>${article(4)}</article></main>${hidden}${hidden}`), ARTICLE);

  // A page that is only an image.
  add('image-only', 'text/html; charset=utf-8', html('', '<img src="/anh/lon.jpg" alt="">'));

  // 50,000 links.
  add('links-50k', 'text/html; charset=utf-8', html('Liên kết', `<ul>${Array.from({ length: 50_000 }, (_, i) => `<li><a href="/tin/${i}.html">Tin số ${i}: giá xăng, giá vàng hôm nay</a></li>`).join('')}</ul>${hidden}`));

  return pages;
}

/** An ordinary article, crawled after the nasty ones: it must still be indexed. */
export const NORMAL_PAGE = html(
  'Bài viết bình thường',
  `<article><h1>Bài viết bình thường</h1><p>Đây là một đoạn văn đủ dài của bài viết để được xem là nội dung chính của trang tin.</p><p>Đoạn thứ hai của bài viết cũng có nội dung thật sự, với dấu phẩy, và thêm chữ.</p></article>`,
);

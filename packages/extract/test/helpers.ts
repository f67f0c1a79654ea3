import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Reads a file under test/fixtures (tests never read outside the package). */
export function fixture(name: string): string {
  return readFileSync(join(here, 'fixtures', name), 'utf8');
}

export interface PageOptions {
  title: string;
  lead?: string;
  body: string;
  lang?: string;
  head?: string;
  byline?: string;
  /** Extra markup after the article, inside the main column. */
  after?: string;
}

/**
 * A small but complete news page around `body`: header and menu, breadcrumb, title, lead,
 * byline, the body, then a latest-news sidebar and a recommendations box full of headlines
 * with numbers, weekdays and dates — the traps every task test must survive.
 */
export function newsPage(o: PageOptions): string {
  const lang = o.lang ?? 'vi';
  const latest =
    lang === 'en'
      ? ['Top 10 most read stories of the year', 'First, the good news: markets rally', '3 things to know before Monday', 'Second round of talks set for Jan 3']
      : ['Thứ Hai, ngày 3/1: Giá xăng dầu có thể tăng', 'Top 10 sự kiện nổi bật năm 2021', '3 điều cần biết về lương tối thiểu vùng', 'Thứ 2 tuần tới, Hà Nội tiêm mũi 3'];
  const box = lang === 'en' ? 'Latest news' : 'Tin mới nhất';
  const rec = lang === 'en' ? 'Recommended for you' : 'Gợi ý dành cho bạn';
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${o.title} | Báo Mẫu</title>${o.head ?? ''}</head>
<body>
<header class="site-header"><div class="slogan">CƠ QUAN NGÔN LUẬN MẪU</div>
<nav><ul><li><a href="/moi-nhat">MỚI NHẤT</a></li><li><a href="/thoi-su">Thời sự</a></li><li><a href="/kinh-te">Kinh tế</a></li></ul></nav></header>
<div class="layout">
 <div class="main-col">
  <div class="story">
   <h1>${o.title}</h1>
   ${o.byline ? `<div class="byline">${o.byline}</div>` : ''}
   ${o.lead ? `<div class="sapo">${o.lead}</div>` : ''}
   <div class="story-body">
${o.body}
   </div>
  </div>
  ${o.after ?? ''}
  <div class="recommend"><h3>${rec}</h3>
   <ol>${latest.map((t, i) => `<li><a href="/r${i}.html">${i + 1}. ${t}</a></li>`).join('')}</ol>
  </div>
 </div>
 <div class="side"><div class="latest-box"><h3>${box}</h3><ul>${latest.map((t, i) => `<li><a href="/l${i}.html">${t}</a><span class="time">31/12/2021 16:0${i}</span></li>`).join('')}</ul></div></div>
</div>
<footer><p>© Báo Mẫu. Giấy phép số 000/GP-BTTTT. Địa chỉ: Hà Nội.</p></footer>
</body></html>`;
}

/** Wraps each string in <p>. */
export function paras(...texts: string[]): string {
  return texts.map((t) => `<p>${t}</p>`).join('\n');
}

import { describe, expect, it } from 'vitest';
import { extract } from '../src/index';
import { parseByline } from '../src/metadata/authors';
import { newsPage, paras } from './helpers';

describe('parseByline', () => {
  it.each([
    ['Phạm Đông - Hải Nguyễn LDO | 31/12/2021 17:04', ['Phạm Đông', 'Hải Nguyễn'], 'LDO'],
    ['Phạm Đông - Hải Nguyễn (LDO)', ['Phạm Đông', 'Hải Nguyễn'], 'LDO'],
    ['Hải Nguyễn LĐO', ['Hải Nguyễn'], 'LĐO'],
    ['By Jane Doe and John Smith', ['Jane Doe', 'John Smith'], null],
    ['Jane Doe, John Smith', ['Jane Doe', 'John Smith'], null],
    ['By JANE DOE | Updated Dec 31, 2021', ['JANE DOE'], null],
    ['Bài và ảnh: Minh Thu', ['Minh Thu'], null],
    ['Nhóm PV (Theo TTXVN)', [], 'TTXVN'],
    ['Theo TTXVN', [], 'TTXVN'],
    ['Nguyễn Văn An - Thứ Sáu, 31/12/2021', ['Nguyễn Văn An'], null],
    ['Minh Anh, Quang Huy và Thu Hà', ['Minh Anh', 'Quang Huy', 'Thu Hà'], null],
    ['Ludwig van Beethoven & Mary-Jane O’Neil', ['Ludwig van Beethoven', 'Mary-Jane O’Neil'], null],
    ['Jane Doe, AP', ['Jane Doe'], 'AP'],
  ])('%s', (text, authors, label) => {
    const b = parseByline(text);
    expect(b.authors).toEqual(authors);
    expect(b.label).toBe(label);
  });

  it('rejects things that are not names', () => {
    expect(parseByline('Chia sẻ bài viết').authors).toEqual([]);
    expect(parseByline('31/12/2021 17:04').authors).toEqual([]);
    expect(parseByline('').authors).toEqual([]);
  });
});

describe('authors in pages', () => {
  const body = paras(
    'Sáng nay, thành phố tổ chức hội nghị tổng kết năm, với sự tham dự của nhiều đại biểu, lãnh đạo các sở, ngành và quận, huyện.',
    'Tại hội nghị, các đại biểu đã thảo luận, đánh giá kết quả, chỉ ra hạn chế, đề xuất giải pháp cho năm tới, nhất là về giao thông, môi trường.',
  );
  const ld = (author: string): string => `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Hội nghị tổng kết năm của thành phố","author":${author}}</script>`;

  it('reads JSON-LD authors as an object, an array, or a string', () => {
    const title = 'Hội nghị tổng kết năm của thành phố';
    expect(extract(newsPage({ title, body, head: ld('{"@type":"Person","name":"Jane Doe"}') }), 'https://x.vn/a').authors).toEqual(['Jane Doe']);
    expect(extract(newsPage({ title, body, head: ld('[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Smith"}]') }), 'https://x.vn/a').authors).toEqual(['Jane Doe', 'John Smith']);
    expect(extract(newsPage({ title, body, head: ld('"Minh Thu - Quang Huy"') }), 'https://x.vn/a').authors).toEqual(['Minh Thu', 'Quang Huy']);
  });

  it('does not take an organisation author for a person', () => {
    const head = ld('{"@type":"Organization","name":"Báo Mẫu"}') + '<meta property="og:site_name" content="Báo Mẫu">';
    expect(extract(newsPage({ title: 'Hội nghị tổng kết năm của thành phố', body, head }), 'https://x.vn/a').authors).toEqual([]);
  });

  it('falls back to meta author', () => {
    const head = '<meta name="author" content="Jane Doe, John Smith">';
    expect(extract(newsPage({ title: 'Hội nghị tổng kết năm của thành phố', body, head }), 'https://x.vn/a').authors).toEqual(['Jane Doe', 'John Smith']);
  });

  it('prefers the visible byline and keeps it out of the body', () => {
    const a = extract(newsPage({ title: 'Hội nghị tổng kết năm của thành phố', body, byline: 'Minh Thu - Quang Huy TTXVN | 02/01/2022 08:30' }), 'https://x.vn/a');
    expect(a.authors).toEqual(['Minh Thu', 'Quang Huy']);
    expect(a.sourceLabel).toBe('TTXVN');
    expect(a.publishedAt).toBe('2022-01-02T08:30:00+07:00');
    expect(a.body).not.toContain('Minh Thu');
  });

  it('reads a right-aligned bold author line at the end of the body', () => {
    const a = extract(newsPage({ title: 'Hội nghị tổng kết năm của thành phố', body: body + '<p style="text-align:right"><strong>Minh Thu</strong></p>' }), 'https://x.vn/a');
    expect(a.authors).toEqual(['Minh Thu']);
    expect(a.body).not.toContain('Minh Thu');
  });
});

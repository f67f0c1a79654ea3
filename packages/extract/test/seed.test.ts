import { describe, expect, it } from 'vitest';
import { extract } from '../src/index';
import { fixture } from './helpers';
import { seedExpected as expected } from './seed-expected';
const SUBHEADINGS = ['Nhân dân đánh giá cao công tác lãnh đạo, chỉ đạo công tác phòng chống dịch', '6 nhiệm vụ trọng tâm'];
const PARAGRAPH_COUNTS = [1, 2, 2, 3, 1, 1];

const templates = [
  {
    name: 'Lao Động-like (div.sapo, div.author, JSON-LD)',
    file: 'seed-laodong.html',
    url: 'https://laodong.vn/thoi-su/6-nhiem-vu-trong-tam-cong-tac-dan-van-nam-2022-990123.ldo',
    canonical: 'https://laodong.vn/thoi-su/6-nhiem-vu-trong-tam-cong-tac-dan-van-nam-2022-990123.ldo',
    siteName: 'Báo Lao Động',
    modifiedAt: '2021-12-31T17:32:00+07:00',
  },
  {
    name: 'VnExpress-like (p.description, p.author_mail, span.date, no JSON-LD, no lang)',
    file: 'seed-vnexpress.html',
    url: 'https://tinnhanh-mau.vn/6-nhiem-vu-trong-tam-cong-tac-dan-van-nam-2022-4410123.html',
    canonical: 'https://tinnhanh-mau.vn/6-nhiem-vu-trong-tam-cong-tac-dan-van-nam-2022-4410123.html',
    siteName: 'Tin Nhanh Mẫu',
    modifiedAt: null,
  },
];

describe.each(templates)('seed article — $name', (t) => {
  const a = extract(fixture(t.file), t.url);

  it('reads title, lead, authors, label, date and language', () => {
    expect(a.title).toBe(expected.title);
    expect(a.lead).toBe(expected.lead);
    expect(a.authors).toEqual(expected.authors);
    expect(a.sourceLabel).toBe(expected.sourceLabel);
    expect(a.publishedAt).toBe(expected.publishedAt);
    expect(a.modifiedAt).toBe(t.modifiedAt);
    expect(a.language).toBe(expected.language);
    expect(a.warnings).toEqual([]);
  });

  it('reads canonical URL and site name from the page', () => {
    expect(a.canonicalUrl).toBe(t.canonical);
    expect(a.siteName).toBe(t.siteName);
  });

  it('keeps exactly the article paragraphs in the body, sub-headings in place', () => {
    expect(a.body).toBe(expected.bodyParagraphs.join('\n\n'));
    for (const junk of expected.notInBody) expect(a.body).not.toContain(junk);
    expect(a.wordCount).toBeGreaterThan(900);
  });

  it('marks sub-headings as heading blocks and the rest as paragraphs', () => {
    expect(a.blocks.map((b) => ('text' in b ? b.text : ''))).toEqual(expected.bodyParagraphs);
    for (const b of a.blocks) {
      const text = 'text' in b ? b.text : '';
      expect(b.type).toBe(SUBHEADINGS.includes(text) ? 'heading' : 'paragraph');
    }
  });

  it('finds the six announced tasks, the first one implicit', () => {
    expect(a.announcedTaskCount).toBe(expected.announcedTaskCount);
    expect(a.taskHeading).toBe(expected.taskHeading);
    expect(a.tasks.map(({ ordinal, marker, text }) => ({ ordinal, marker, text }))).toEqual(expected.tasks);
    expect(a.tasks.map((x) => x.paragraphs)).toEqual(PARAGRAPH_COUNTS);
    expect(a.taskWarnings).toEqual([]);
  });

  it('keeps captions with their images, with the photo credit split out', () => {
    expect(a.images.map((i) => i.caption)).toEqual(expected.imageCaptions);
    expect(a.images[0]!.credit).toBe('Hải Nguyễn');
    expect(a.images[1]!.credit).toBeNull();
    for (const i of a.images) expect(i.src).toMatch(/^https:\/\/.+\.jpg/);
  });

  it('leaves the site boxes out of the last task', () => {
    const last = a.tasks[a.tasks.length - 1]!;
    expect(last.text).toBe(expected.tasks[5]!.text);
    for (const junk of ['Tin mới nhất', 'Gợi ý dành cho bạn', 'Top 10', 'ngày 3/1']) expect(last.text).not.toContain(junk);
  });
});

describe('seed article — site timezone', () => {
  // No JSON-LD, no zone in the text, a .com host: the offset must come from language or option.
  const html = fixture('seed-laodong.html').replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g, '');

  it('applies +07:00 for a Vietnamese page when the text names no zone', () => {
    const a = extract(html, 'https://example.com/a.html');
    expect(a.publishedAt).toBe('2021-12-31T17:04:00+07:00');
    expect(a.authors).toEqual(['Phạm Đông', 'Hải Nguyễn']);
  });

  it('lets options.timezone override the inferred zone (offsets and IANA names)', () => {
    const at = (timezone: string): string | null => extract(html, 'https://example.com/a.html', { timezone }).publishedAt;
    expect(at('+07:00')).toBe('2021-12-31T17:04:00+07:00');
    expect(at('+0900')).toBe('2021-12-31T17:04:00+09:00');
    expect(at('UTC+7')).toBe('2021-12-31T17:04:00+07:00');
    expect(at('Asia/Ho_Chi_Minh')).toBe('2021-12-31T17:04:00+07:00');
    expect(at('America/New_York')).toBe('2021-12-31T17:04:00-05:00');
  });

  it('warns about a timezone option it cannot read and falls back to the inferred zone', () => {
    const a = extract(html, 'https://example.com/a.html', { timezone: 'somewhere' });
    expect(a.publishedAt).toBe('2021-12-31T17:04:00+07:00');
    expect(a.warnings.join()).toMatch(/timezone option/);
  });
});

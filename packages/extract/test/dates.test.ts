import { describe, expect, it } from 'vitest';
import { formatIso, parseDate } from '../src/dates/parse';
import { parseTimezoneOption, siteOffsetResolver } from '../src/dates/timezone';
import { extract } from '../src/index';

/** Parses and formats with the site offset used when the text has none. */
function iso(text: string, siteOffset: string | null = '+07:00', dayFirst = true): string | null {
  const p = parseDate(text, { dayFirst });
  return p ? formatIso(p, siteOffset) : null;
}

describe('parseDate — machine formats', () => {
  it.each([
    ['2021-12-31T17:04:00+07:00', '2021-12-31T17:04:00+07:00'],
    ['2021-12-31T10:04:00Z', '2021-12-31T10:04:00+00:00'],
    ['2021-12-31T17:04:00.000+0700', '2021-12-31T17:04:00+07:00'],
    ['2021-12-31T17:04:00-05:00', '2021-12-31T17:04:00-05:00'],
    ['2021-12-31 17:04:00', '2021-12-31T17:04:00+07:00'],
    ['2021-12-31T17:04', '2021-12-31T17:04:00+07:00'],
    ['2021-12-31', '2021-12-31T00:00:00+07:00'],
    ['2021/12/31 17:04', '2021-12-31T17:04:00+07:00'],
    ['Fri, 31 Dec 2021 10:04:00 +0000', '2021-12-31T10:04:00+00:00'],
    ['1640945040', '2021-12-31T10:04:00+00:00'],
  ])('%s', (input, out) => {
    expect(iso(input)).toBe(out);
  });
});

describe('parseDate — visible text', () => {
  it.each([
    ['31/12/2021 17:04', '2021-12-31T17:04:00+07:00'],
    ['Phạm Đông - Hải Nguyễn LDO | 31/12/2021 17:04', '2021-12-31T17:04:00+07:00'],
    ['Thứ Sáu, 31/12/2021, 17:04 (GMT+7)', '2021-12-31T17:04:00+07:00'],
    ['Thứ sáu, 31/12/2021 - 17:04 GMT+07:00', '2021-12-31T17:04:00+07:00'],
    ['31-12-2021 - 17:04', '2021-12-31T17:04:00+07:00'],
    ['17:04 31/12/2021', '2021-12-31T17:04:00+07:00'],
    ['Cập nhật: 17h04 ngày 31.12.2021', '2021-12-31T17:04:00+07:00'],
    ['ngày 31 tháng 12 năm 2021', '2021-12-31T00:00:00+07:00'],
    ['Dec 31, 2021 5:04 PM', '2021-12-31T17:04:00+07:00'],
    ['December 31, 2021', '2021-12-31T00:00:00+07:00'],
    ['31 December 2021 17:04 GMT', '2021-12-31T17:04:00+00:00'],
    ['Friday, December 31, 2021 5:04 p.m. EST', '2021-12-31T17:04:00-05:00'],
    ['Dec. 31st, 2021, 12:30 AM', '2021-12-31T00:30:00+07:00'],
  ])('%s', (input, out) => {
    expect(iso(input)).toBe(out);
  });

  it('reads day first unless told otherwise, and never when the day cannot be a month', () => {
    expect(iso('01/02/2022')).toBe('2022-02-01T00:00:00+07:00');
    expect(iso('01/02/2022', '+07:00', false)).toBe('2022-01-02T00:00:00+07:00');
    expect(iso('12/31/2021', '+07:00', true)).toBe('2021-12-31T00:00:00+07:00');
  });

  it('rejects text that holds no date', () => {
    for (const s of ['', 'Chiều nay', '31.12', '2 giờ trước', '32/13/2021', 'Giá 1.000.000 đồng', '31/02/2021']) expect(parseDate(s)).toBeNull();
  });

  it('falls back to UTC only when neither the text nor the site gives a zone', () => {
    expect(iso('31/12/2021 17:04', null)).toBe('2021-12-31T17:04:00+00:00');
  });
});

describe('timezone of a site', () => {
  const at = { year: 2021, month: 7, day: 1, hour: 12, minute: 0, second: 0, offset: null, hasTime: true };
  it('reads offsets and IANA names (daylight saving included)', () => {
    expect(parseTimezoneOption('+07:00')!(at)).toBe('+07:00');
    expect(parseTimezoneOption('GMT-3')!(at)).toBe('-03:00');
    expect(parseTimezoneOption('Z')!(at)).toBe('+00:00');
    expect(parseTimezoneOption('Europe/London')!(at)).toBe('+01:00');
    expect(parseTimezoneOption('Not/A_Zone')).toBeNull();
  });
  it('infers +07:00 from a .vn host or Vietnamese language, nothing for .com in English', () => {
    expect(siteOffsetResolver(undefined, 'https://a.vn/x', 'en').resolve(at)).toBe('+07:00');
    expect(siteOffsetResolver(undefined, 'https://a.com/x', 'vi').resolve(at)).toBe('+07:00');
    expect(siteOffsetResolver(undefined, 'https://a.com/x', 'en').known).toBe(false);
  });
});

describe('publication date sources in a page', () => {
  const page = (head: string, body: string): string => `<html lang="en"><head><title>T</title>${head}</head><body><article><h1>Title of the story here</h1>${body}<div class="content"><p>${'Some sentence, with a comma, and more words. '.repeat(8)}</p><p>${'Another sentence, with commas, for the scorer. '.repeat(8)}</p></div></article></body></html>`;
  const url = 'https://news.example.com/story';

  it('prefers JSON-LD, keeping its offset', () => {
    const html = page(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"x","datePublished":"2021-12-31T10:04:00Z","dateModified":"2022-01-01T08:00:00+01:00"}</script><meta property="article:published_time" content="2020-01-01T00:00:00Z">`, '');
    const a = extract(html, url);
    expect(a.publishedAt).toBe('2021-12-31T10:04:00+00:00');
    expect(a.modifiedAt).toBe('2022-01-01T08:00:00+01:00');
  });

  it('reads meta tags, itemprop and <time datetime>', () => {
    expect(extract(page('<meta property="article:published_time" content="2021-12-31T17:04:00+07:00">', ''), url).publishedAt).toBe('2021-12-31T17:04:00+07:00');
    expect(extract(page('<meta itemprop="datePublished" content="2021-12-31T17:04:00+07:00">', ''), url).publishedAt).toBe('2021-12-31T17:04:00+07:00');
    expect(extract(page('', '<time datetime="2021-12-31T17:04:00-05:00">Dec 31</time>'), url).publishedAt).toBe('2021-12-31T17:04:00-05:00');
  });

  it('reads a visible date line and warns when it has to assume UTC', () => {
    const a = extract(page('', '<div class="post-date">Dec 31, 2021 5:04 PM</div>'), url);
    expect(a.publishedAt).toBe('2021-12-31T17:04:00+00:00');
    expect(a.warnings.join()).toMatch(/UTC assumed/);
  });

  it('ignores dates of other stories in site boxes', () => {
    const html = page('', '<aside class="sidebar"><span class="date">01/01/2020 10:00</span></aside><span class="date">31/12/2021 17:04</span>');
    expect(extract(html, 'https://x.vn/a').publishedAt).toBe('2021-12-31T17:04:00+07:00');
  });
});

/**
 * Issue 16: appeals, JSON-only article text, invisible characters, pages that are not articles,
 * bylines with roles, visible date lines. Small fixtures built around one general rule each.
 */
import { describe, expect, it } from 'vitest';
import { isAppeal } from '../src/body/appeals';
import { isBoxTitle, isLabelLine, isToolList } from '../src/body/boilerplate';
import { dateLinePart } from '../src/dates/published';
import { parseDate, parseRelativeDate } from '../src/dates/parse';
import { extract } from '../src/index';
import { parseByline } from '../src/metadata/authors';
import { newsPage, paras } from './helpers';

const EN = [
  'The council voted on Tuesday to expand the bus network, adding four routes, longer hours and a night service.',
  'Officials said the plan, which costs 12 million pounds, would be paid for by a new levy on parking spaces.',
  'Residents who spoke at the meeting, many of them older, said the current service left them stranded at night.',
];
const VI = [
  'Hội nghị tổng kết công tác dân vận năm 2021 diễn ra chiều 31.12, với sự tham dự của nhiều đại biểu, lãnh đạo.',
  'Theo báo cáo, năm qua công tác dân vận đã có nhiều chuyển biến tích cực, góp phần giữ vững ổn định chính trị.',
  'Các đại biểu cũng thảo luận, góp ý về phương hướng, nhiệm vụ trọng tâm của năm 2022, trong bối cảnh mới.',
];

describe('appeals to the reader', () => {
  it.each([
    'Support independent journalism: become a member today.',
    'If you enjoyed reading this post, please consider a donation.',
    'Sign up for our daily newsletter to get the best stories.',
    'To view the full story, please subscribe to The Daily Example.',
    'Follow The Example Times on Twitter and Instagram.',
    'Download the Example News app for iOS and Android.',
    'Folgen Sie uns auf Facebook.',
    'Theo dõi Báo Mẫu trên Google News',
    'Đăng ký nhận bản tin mỗi sáng',
    'Mời bạn đọc ủng hộ báo để duy trì nội dung chất lượng.',
    'Tải ứng dụng Báo Mẫu để đọc tin nhanh hơn.',
  ])('%s', (text) => expect(isAppeal(text)).toBe(true));

  it.each([
    'Netflix said it had 230 million subscribers at the end of the year.',
    'The app lets residents report potholes to the city.',
    'Donations to the campaign rose by 20 percent in March.',
    'He urged people to follow the rules on Twitter.',
    'Người dân theo dõi diễn biến trên truyền hình suốt đêm.',
  ])('keeps article sentences: %s', (text) => expect(isAppeal(text)).toBe(false));

  it('drops appeal lines and boxes from the body, EN and VI', () => {
    const en = extract(newsPage({ lang: 'en', title: 'Council expands bus network', body: `${paras(...EN)}<p>Support independent journalism: become a member today.</p><div class="promo-box"><h3>Newsletter</h3><p>Every morning, the five stories you need.</p></div>` }), 'https://news.example/a');
    expect(en.body).toContain(EN[2]!);
    expect(en.body).not.toContain('become a member');
    expect(en.body).not.toContain('five stories you need');
    const vi = extract(newsPage({ title: 'Tổng kết công tác dân vận', body: `${paras(...VI)}<p>Theo dõi Báo Mẫu trên Google News</p><p>Tải ứng dụng Báo Mẫu để đọc tin nhanh hơn.</p>` }), 'https://baomau.vn/a');
    expect(vi.body).toContain(VI[2]!);
    expect(vi.body).not.toContain('Google News');
    expect(vi.body).not.toContain('Tải ứng dụng');
  });
});

describe('label, credit and furniture lines', () => {
  it.each([
    'Quelle: Landesregierung', 'Credit: Clayton Aldern / Grist', 'Abbildung 4: klassische Schwachschicht.', 'Kontakt:', 'Ảnh: Hải Nguyễn',
    'Nguồn: TTXVN', '3:59 PM', '23.10.2018', '24. März 2004, 19:49 |', '© 2020 General Mills All Rights Reserved', 'Stand: 05. Februar 2020',
    'Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO', 'Informationsschreiben vom 14. Oktober 2021PDF | 38 KB',
  ])('%s', (text) => expect(isLabelLine(text)).toBe(true));

  it.each([
    'The source of the leak was never found, officials said on Monday.',
    'Nguồn tin cho biết cuộc họp sẽ diễn ra vào tuần tới.',
    'Am 23.10.2018 begann der Prozess vor dem Landgericht.',
  ])('keeps prose: %s', (text) => expect(isLabelLine(text)).toBe(false));

  it('knows share toolbars and end-of-article prompts', () => {
    expect(isToolList(['Share', 'Versenden', 'Drucken'])).toBe(true);
    expect(isToolList(['Flour, 200 g', 'Sugar, 100 g', 'Two eggs'])).toBe(false);
    expect(isBoxTitle('Jetzt teilen!')).toBe(true);
    expect(isBoxTitle('Weitere Informationen:')).toBe(true);
    expect(isBoxTitle('Über den Autor')).toBe(true);
    expect(isBoxTitle('Die Folgen für die Region')).toBe(false);
  });
});

describe('article text kept only in JSON', () => {
  const long = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} of the story, told in full, with enough words to be read as prose by anyone.`);

  it('uses JSON-LD articleBody when the HTML holds only a teaser', () => {
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'Full story', articleBody: long.join('\n') });
    const a = extract(newsPage({ lang: 'en', title: 'Full story', head: `<script type="application/ld+json">${ld}</script>`, body: `<p>${long[0]}</p>` }), 'https://news.example/b');
    expect(a.body).toContain(long[11]!);
    expect(a.body.split('\n\n')).toHaveLength(12);
    expect(a.warnings).toContain('article text read from the JSON in the page: its HTML holds less of it');
  });

  it('uses __NEXT_DATA__ markup, and leaves a full HTML article alone', () => {
    const next = JSON.stringify({ props: { pageProps: { story: { title: 'x', bodyHtml: long.map((p) => `<p>${p}</p>`).join('') } } } });
    const a = extract(newsPage({ lang: 'en', title: 'Full story', body: `<p>${long[0]}</p><script id="__NEXT_DATA__" type="application/json">${next}</script>` }), 'https://news.example/c');
    expect(a.body).toContain(long[11]!);
    const full = extract(newsPage({ lang: 'en', title: 'Full story', body: `${paras(...long)}<script id="__NEXT_DATA__" type="application/json">${JSON.stringify({ props: { body: 'Short teaser text only.' } })}</script>` }), 'https://news.example/d');
    expect(full.body).toContain(long[11]!);
    expect(full.warnings.join()).not.toContain('JSON');
  });
});

describe('what the reader sees', () => {
  it('removes soft hyphens and invisible marks from body, title and lead', () => {
    const a = extract(newsPage({ lang: 'en', title: 'Bus\u00adnetwork grows', lead: 'The coun\u00adcil voted\u200b to ex\u00adpand the bus net\u00adwork this week.', body: paras(`Offi\u00adcials\u200e said ${EN[1]}`, ...EN) }), 'https://news.example/e');
    expect(a.title).toBe('Busnetwork grows');
    expect(a.lead).toContain('council voted to expand');
    expect(a.body).toContain('Officials said');
    expect(a.body).not.toMatch(/[\u00ad\u200b\u200e]/);
  });

  it('says why a page of links has no body', () => {
    const links = '<a href="/x">Một liên kết</a> '.repeat(5000);
    const a = extract(`<html><body><h1>Trang</h1>${links}</body></html>`, 'https://baomau.vn/');
    expect(a.body).toBe('');
    expect(a.warnings).toContain('no article body found');
    expect(a.warnings.find((w) => w.startsWith('not an article:'))).toMatch(/mostly links \(5000 links/);
  });
});

describe('bylines with roles', () => {
  it.each([
    ['Jane Doe, Health Correspondent', ['Jane Doe'], ['Health Correspondent']],
    ['By Tom Smith, Political Reporter', ['Tom Smith'], ['Political Reporter']],
    ['Staff Writer', [], ['Staff Writer']],
    ['Phóng viên thường trú', [], ['Phóng viên thường trú']],
    ['Người viết: Nguyễn Văn An', ['Nguyễn Văn An'], []],
    ['Theo Nguyễn Văn An', ['Nguyễn Văn An'], []],
    ['Bài và ảnh: Trần Thị Bình', ['Trần Thị Bình'], []],
    ['By John Smith Sept 3, 2021', ['John Smith'], []],
    ['By Sept', [], []],
    ['Tháng 6', [], []],
    ['June Carter', ['June Carter'], []],
  ])('%s', (text, authors, roles) => {
    const b = parseByline(text);
    expect(b.authors).toEqual(authors);
    expect(b.roles ?? []).toEqual(roles);
  });

  it('keeps "Theo <outlet>" a source label', () => {
    expect(parseByline('Theo TTXVN')).toMatchObject({ authors: [], label: 'TTXVN' });
  });

  it('gives authorRoles on the article and reads a vcard byline', () => {
    const a = extract(newsPage({ lang: 'en', title: 'Council expands bus network', byline: 'By Jane Doe, Health Correspondent', body: paras(...EN) }), 'https://news.example/f');
    expect(a.authors).toEqual(['Jane Doe']);
    expect(a.authorRoles).toEqual(['Health Correspondent']);
    const v = extract(newsPage({ lang: 'en', title: 'Council expands bus network', body: `<p class="vcard"><a class="url fn" href="/people/ann">Ann Lee</a></p>${paras(...EN)}` }), 'https://news.example/g');
    expect(v.authors).toEqual(['Ann Lee']);
  });
});

describe('visible date lines', () => {
  it('tells published from updated, zone kept', () => {
    const line = 'Posted Mar 3, 2021 9:05 AM EST | Updated Mar 4, 2021 10:30 AM EST';
    expect(parseDate(dateLinePart(line, 'published')!)).toMatchObject({ year: 2021, month: 3, day: 3, hour: 9, minute: 5, offset: '-05:00' });
    expect(parseDate(dateLinePart(line, 'modified')!)).toMatchObject({ day: 4, hour: 10, minute: 30, offset: '-05:00' });
    expect(dateLinePart('Mar 3, 2021', 'modified')).toBeNull();
    const a = extract(newsPage({ lang: 'en', title: 'Council expands bus network', body: `<div class="post-date">${line}</div>${paras(...EN)}` }), 'https://news.example/h');
    expect(a.publishedAt).toBe('2021-03-03T09:05:00-05:00');
    expect(a.modifiedAt).toBe('2021-03-04T10:30:00-05:00');
  });

  it('reads Vietnamese date lines', () => {
    expect(parseDate('Thứ Sáu, 03/03/2023 - 21:10 (GMT+7)')).toMatchObject({ year: 2023, month: 3, day: 3, hour: 21, minute: 10, offset: '+07:00' });
    expect(parseDate('15 tháng 1, 2022')).toMatchObject({ year: 2022, month: 1, day: 15 });
    const a = extract(newsPage({ title: 'Tổng kết công tác dân vận', body: `<div class="date-time">Thứ Sáu, 03/03/2023 - 21:10 (GMT+7) | Cập nhật: 04/03/2023 - 08:00 (GMT+7)</div>${paras(...VI)}` }), 'https://baomau.vn/b');
    expect(a.publishedAt).toBe('2023-03-03T21:10:00+07:00');
    expect(a.modifiedAt).toBe('2023-03-04T08:00:00+07:00');
  });

  it('resolves relative dates against the fetch time', () => {
    const now = Date.parse('2024-05-10T12:00:00Z');
    expect(parseRelativeDate('2 giờ trước', now)).toMatchObject({ day: 10, hour: 10, offset: '+00:00', hasTime: true });
    expect(parseRelativeDate('3 hours ago', now)).toMatchObject({ hour: 9 });
    expect(parseRelativeDate('a day ago', now)).toMatchObject({ day: 9, hasTime: false });
    expect(parseRelativeDate('the hours before', now)).toBeNull();
    const a = extract(newsPage({ title: 'Tổng kết công tác dân vận', body: `<div class="time">2 giờ trước</div>${paras(...VI)}` }), 'https://baomau.vn/c', { fetchedAt: '2024-05-10T12:00:00Z' });
    expect(a.publishedAt).toBe('2024-05-10T10:00:00+00:00');
  });
});

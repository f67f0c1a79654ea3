import { describe, expect, it } from 'vitest';
import { extract } from '../src/index';
import { detectLanguage } from '../src/metadata/language';
import { splitDocumentTitle } from '../src/metadata/title';
import { newsPage, paras } from './helpers';

const VI = paras(
  'Sáng 5/1, Ủy ban nhân dân thành phố tổ chức hội nghị triển khai nhiệm vụ năm 2022, với sự tham dự của lãnh đạo các sở, ngành.',
  'Phát biểu tại hội nghị, Chủ tịch UBND thành phố yêu cầu các đơn vị bám sát kế hoạch, tập trung tháo gỡ khó khăn cho doanh nghiệp.',
);
const EN = paras(
  'The city council on Wednesday approved a plan to reorganise the bus network, with the changes expected to take effect in the spring.',
  'Officials said the new routes would cut waiting times for most riders and that the cost would be covered by the existing budget.',
);

describe('language', () => {
  it('detects Vietnamese and English text', () => {
    expect(detectLanguage('Hội nghị tổng kết công tác dân vận của Đảng đoàn MTTQ Việt Nam năm 2021 đã nêu ra nhiệm vụ')).toBe('vi');
    expect(detectLanguage('The city council on Wednesday approved a plan to reorganise the bus network in the spring')).toBe('en');
    expect(detectLanguage('short')).toBeNull();
  });

  it('normalises the declared language and overrides a wrong template default', () => {
    expect(extract(newsPage({ title: 'Hội nghị triển khai nhiệm vụ năm 2022', body: VI, lang: 'vi-VN' }), 'https://a.com/x').language).toBe('vi');
    expect(extract(newsPage({ title: 'Hội nghị triển khai nhiệm vụ năm 2022', body: VI, lang: 'en' }), 'https://a.com/x').language).toBe('vi');
    expect(extract(newsPage({ title: 'Council approves new bus network', body: EN, lang: 'en-GB' }), 'https://a.com/x').language).toBe('en');
  });
});

describe('title and site name', () => {
  it('splits "Headline | Site"', () => {
    expect(splitDocumentTitle('6 nhiệm vụ trọng tâm năm 2022 | Báo Lao Động', null)).toEqual({ headline: '6 nhiệm vụ trọng tâm năm 2022', site: 'Báo Lao Động' });
    expect(splitDocumentTitle('Phạm Đông - Hải Nguyễn nhận giải báo chí quốc gia năm 2021', null).site).toBeNull();
    expect(splitDocumentTitle('VnExpress - Tin nhanh: Giá xăng tăng mạnh từ chiều nay', 'VnExpress').site).toBe('VnExpress');
  });

  it('ignores a logo <h1> and takes the headline matching og:title', () => {
    const html = `<html><head><meta property="og:title" content="Giá xăng tăng mạnh từ chiều nay"><meta property="og:site_name" content="Báo Mẫu"></head><body>
      <header><h1 class="logo"><a href="/">Báo Mẫu</a></h1></header><div class="detail"><h1>Giá xăng tăng mạnh từ chiều nay</h1>${VI}</div></body></html>`;
    const a = extract(html, 'https://bao.example.vn/x');
    expect(a.title).toBe('Giá xăng tăng mạnh từ chiều nay');
    expect(a.siteName).toBe('Báo Mẫu');
  });

  it('falls back to og:title / <title> when the page has no <h1>', () => {
    const html = `<html><head><title>Giá xăng tăng mạnh - Báo Mẫu</title></head><body><div class="detail">${VI}</div></body></html>`;
    const a = extract(html, 'https://bao.example.vn/x');
    expect(a.title).toBe('Giá xăng tăng mạnh');
    expect(a.siteName).toBe('Báo Mẫu');
  });
});

describe('links, section, tags, images', () => {
  const head =
    '<link rel="canonical" href="/thoi-su/bai-viet-1.html"><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"Hội nghị triển khai nhiệm vụ năm 2022","keywords":["Kinh tế","Ngân sách"],"articleSection":"Thời sự","image":"https://cdn.example.vn/og.jpg"}]}</script>';
  const body =
    VI +
    '<p><img data-src="/img/lazy.jpg" src="data:image/gif;base64,R0lGOD"></p><p><img src="/img/icon-share.png" width="16" height="16"></p>' +
    '<picture><source srcset="/img/p-480.jpg 480w, /img/p-960.jpg 960w"><img src="data:image/gif;base64,AA"></picture>';
  const after = '<div class="related"><a href="/z"><img src="/img/thumb-related.jpg"></a><a href="/z">Tin khác về ngân sách thành phố</a></div>';
  const a = extract(newsPage({ title: 'Hội nghị triển khai nhiệm vụ năm 2022', body, head, after }), 'https://bao.example.vn/thoi-su/bai-viet-1.html?utm=x');

  it('resolves the canonical URL and reads section and tags from JSON-LD @graph', () => {
    expect(a.canonicalUrl).toBe('https://bao.example.vn/thoi-su/bai-viet-1.html');
    expect(a.section).toBe('Thời sự');
    expect(a.tags).toEqual(['Kinh tế', 'Ngân sách']);
  });

  it('finds lazy and <picture> images, skips icons and box thumbnails, adds the declared image', () => {
    expect(a.images.map((i) => i.src)).toEqual([
      'https://bao.example.vn/img/lazy.jpg',
      'https://bao.example.vn/img/p-960.jpg',
      'https://cdn.example.vn/og.jpg',
    ]);
  });

  it('falls back to meta keywords for tags only when nothing else names any', () => {
    const b = extract(newsPage({ title: 'Hội nghị triển khai nhiệm vụ năm 2022', body: VI, head: '<meta name="keywords" content="kinh tế, ngân sách, , hội nghị">' }), 'https://bao.example.vn/x');
    expect(b.tags).toEqual(['kinh tế', 'ngân sách', 'hội nghị']);
  });
});

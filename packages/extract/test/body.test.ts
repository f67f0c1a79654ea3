import { describe, expect, it } from 'vitest';
import { extract } from '../src/index';
import { newsPage, paras } from './helpers';

const P1 = 'Sáng 5/1, Ủy ban nhân dân thành phố tổ chức hội nghị triển khai nhiệm vụ năm 2022, với sự tham dự của lãnh đạo các sở, ngành.';
const P2 = 'Phát biểu tại hội nghị, Chủ tịch UBND thành phố yêu cầu các đơn vị bám sát kế hoạch, tập trung tháo gỡ khó khăn cho doanh nghiệp.';
const P3 = 'Theo báo cáo, năm 2021 thành phố thu ngân sách đạt 105% dự toán, giải ngân vốn đầu tư công đạt 92%, cao hơn mức bình quân cả nước.';
const url = 'https://bao.example.vn/thoi-su/a.html';
const title = 'Thành phố triển khai nhiệm vụ năm 2022';

describe('body: boilerplate removal', () => {
  it('keeps captions, "Xem thêm" links, hidden text, share bars and ads out of the body', () => {
    const body =
      paras(P1) +
      '<figure><img src="/a.jpg"><figcaption>Quang cảnh hội nghị. Ảnh: Minh Thu</figcaption></figure>' +
      '<p><strong>Xem thêm:</strong> <a href="/b">Thủ tướng chỉ đạo 5 giải pháp phục hồi kinh tế sau dịch COVID-19</a></p>' +
      '<div style="display:none">Nội dung ẩn không phải bài viết</div>' +
      '<div class="social-share"><a href="#">Facebook</a> <a href="#">Zalo</a> Chia sẻ bài viết này</div>' +
      '<div class="ads"><p>Quảng cáo: Mua nhà giá rẻ, liên hệ ngay hôm nay để nhận ưu đãi.</p></div>' +
      paras(P2, P3);
    const a = extract(newsPage({ title, body }), url);
    expect(a.body).toBe([P1, P2, P3].join('\n\n'));
    expect(a.images).toEqual([{ src: 'https://bao.example.vn/a.jpg', caption: 'Quang cảnh hội nghị. Ảnh: Minh Thu', credit: 'Minh Thu' }]);
  });

  it('takes captions from image tables (class *caption*) too', () => {
    const body = paras(P1) + '<table class="tplCaption" align="center"><tr><td><img src="/b.jpg"></td></tr><tr><td><p class="Image">Đại biểu dự hội nghị. Ảnh: TL</p></td></tr></table>' + paras(P2);
    const a = extract(newsPage({ title, body }), url);
    expect(a.body).toBe([P1, P2].join('\n\n'));
    expect(a.images[0]).toEqual({ src: 'https://bao.example.vn/b.jpg', caption: 'Đại biểu dự hội nghị. Ảnh: TL', credit: 'TL' });
  });

  it('joins an article split around an embedded block', () => {
    const html = `<html lang="vi"><head><title>${title}</title></head><body><div class="wrap"><h1>${title}</h1>
      <div class="content-part">${paras(P1, P2)}</div><div class="video-embed"><iframe src="/v"></iframe></div><div class="content-part">${paras(P3, P1.replace('Sáng 5/1', 'Chiều 5/1'))}</div>
      <div class="related-news"><h3>Tin liên quan</h3><ul><li><a href="/1">Tin một</a></li><li><a href="/2">Tin hai</a></li></ul></div></div></body></html>`;
    const a = extract(html, url);
    expect(a.body).toBe([P1, P2, P3, P1.replace('Sáng 5/1', 'Chiều 5/1')].join('\n\n'));
  });

  it('splits text written between <br><br> into paragraphs', () => {
    const body = `<div>${P1}<br><br>${P2}<br>\n<br>${P3}</div>`;
    expect(extract(newsPage({ title, body }), url).body).toBe([P1, P2, P3].join('\n\n'));
  });

  it('keeps lists and quotes as blocks', () => {
    const body = paras(P1) + '<ul><li>Thu ngân sách đạt 105%.</li><li>Giải ngân đạt 92%.</li></ul><blockquote><p>Chúng ta phải làm tốt hơn nữa, nhanh hơn nữa.</p></blockquote>' + paras(P2);
    const a = extract(newsPage({ title, body }), url);
    expect(a.blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'quote', 'paragraph']);
    expect(a.body).toBe([P1, 'Thu ngân sách đạt 105%.\nGiải ngân đạt 92%.', 'Chúng ta phải làm tốt hơn nữa, nhanh hơn nữa.', P2].join('\n\n'));
  });

  it('stops at a box title inside the content', () => {
    const body = paras(P1, P2) + '<h3>Bài viết liên quan</h3><p>Giá vàng hôm nay tăng mạnh, nhiều người đổ xô đi mua, theo ghi nhận của phóng viên.</p>';
    expect(extract(newsPage({ title, body }), url).body).toBe([P1, P2].join('\n\n'));
  });
});

describe('body: lead handling', () => {
  it('takes a bold first paragraph equal to the meta description as the lead, not body', () => {
    const lead = 'Năm 2022, thành phố đặt mục tiêu tăng trưởng 7%, tập trung phục hồi kinh tế sau đại dịch COVID-19 và chăm lo an sinh xã hội.';
    const html = newsPage({ title, body: `<p><strong>(LĐO) - ${lead}</strong></p>` + paras(P1, P2), head: `<meta name="description" content="${lead.slice(0, 90)}...">` });
    const a = extract(html, url);
    expect(a.lead).toBe(lead);
    expect(a.body).toBe([P1, P2].join('\n\n'));
  });

  it('strips the outlet tag in front of a lead', () => {
    const a = extract(newsPage({ title, lead: 'TPO - Thành phố đặt mục tiêu tăng trưởng 7% trong năm 2022.', body: paras(P1, P2) }), url);
    expect(a.lead).toBe('Thành phố đặt mục tiêu tăng trưởng 7% trong năm 2022.');
  });

  it('does not repeat the title in the body', () => {
    const a = extract(newsPage({ title, body: `<h2>${title}</h2>` + paras(P1, P2) }), url);
    expect(a.body.startsWith(P1)).toBe(true);
  });
});

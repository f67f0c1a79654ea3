import { startArticleSite, type ArticleSite } from '../../ops/support/article-site';

const ORDINALS = ['Thứ nhất', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu'];
const COUNT_WORDS = ['', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu'];
const TOPICS = ['giao thông đô thị', 'giáo dục phổ thông', 'y tế cơ sở', 'chuyển đổi số', 'nông nghiệp sạch', 'phòng chống thiên tai'];
const ACTIONS = [
  'rà soát toàn bộ quy hoạch và công bố công khai kết quả cho người dân trước cuối quý',
  'tăng cường kiểm tra, giám sát việc thực hiện tại các phường, xã, xử lý nghiêm vi phạm',
  'bố trí đủ kinh phí, nhân lực và phương tiện để triển khai các hạng mục đã được phê duyệt',
  'đẩy mạnh tuyên truyền, lấy ý kiến đóng góp của người dân qua đường dây nóng và cổng thông tin',
  'phối hợp với các sở, ngành liên quan để tháo gỡ vướng mắc, không để công việc bị chậm trễ',
  'tổng kết, đánh giá kết quả thực hiện và báo cáo Ủy ban nhân dân thành phố hằng tháng',
];

/** How many numbered tasks page `n` (1-based) announces and lists: 2, 3 or 4. */
export function tasksOfPage(n: number): number {
  return 2 + (n % 3);
}

/**
 * One realistic Vietnamese news page: title announcing "N nhiệm vụ", a lead, a byline,
 * an introducing paragraph, then "Thứ nhất… Thứ hai…" paragraphs (one task each), a
 * closing paragraph, and the usual boilerplate around the article (nav, related box, footer).
 */
export function articlePage(n: number): string {
  const k = tasksOfPage(n);
  const topic = TOPICS[n % TOPICS.length]!;
  const day = String((n % 28) + 1).padStart(2, '0');
  const items = Array.from({ length: k }, (_, i) => `<p>${ORDINALS[i]}, ${ACTIONS[(n + i) % ACTIONS.length]} trong lĩnh vực ${topic} (bản tin ${n}, mục ${i + 1}).</p>`).join('\n');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${k} nhiệm vụ trọng tâm về ${topic} năm 2024 (bản tin ${n})</title>
<meta property="og:title" content="${k} nhiệm vụ trọng tâm về ${topic} năm 2024 (bản tin ${n})">
<meta name="author" content="Minh Anh">
<meta property="article:published_time" content="2024-03-${day}T08:00:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a> <a href="/kinh-te">Kinh tế</a></nav>
<main><article><h1>${k} nhiệm vụ trọng tâm về ${topic} năm 2024 (bản tin ${n})</h1>
<p class="lead">Thành phố đề ra ${COUNT_WORDS[k]} nhiệm vụ trọng tâm về ${topic} trong năm 2024, theo kế hoạch số ${n} vừa được thông qua.</p>
<p class="author">Minh Anh</p>
<p>Phát biểu tại hội nghị sáng nay, đại diện lãnh đạo thành phố cho biết năm 2024 sẽ tập trung vào ${k} nhiệm vụ trọng tâm sau đây, với lộ trình và trách nhiệm cụ thể cho từng đơn vị.</p>
${items}
<p>Kết thúc hội nghị, lãnh đạo thành phố đề nghị các đơn vị khẩn trương xây dựng kế hoạch chi tiết, gửi về văn phòng trước ngày 15 của tháng tới để tổng hợp.</p>
</article>
<aside class="related"><h3>Tin liên quan</h3><ul><li><a href="/tin/khac-1.html">Một tin khác</a></li><li><a href="/tin/khac-2.html">Tin khác nữa</a></li></ul></aside></main>
<footer>© Báo Thành phố. Địa chỉ: 1 Đường Lớn, Quận 1.</footer></body></html>`;
}

export type NewsSite = ArticleSite;

/** A local site (loopback) of `count` article pages with numbered tasks, each answered after `delayMs`. */
export function startNewsSite(count: number, delayMs = 0): Promise<NewsSite> {
  return startArticleSite(count, { delayMs, path: (n) => `/thoi-su/ban-tin-${n}.html`, page: articlePage });
}

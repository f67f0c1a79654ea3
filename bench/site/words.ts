/**
 * Vocabulary of the bench site: Vietnamese and English news prose made from phrase
 * fragments, drawn by a seeded generator so every run serves the very same bytes.
 */

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function pick<T>(rnd: Random, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

export function between(rnd: Random, lo: number, hi: number): number {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

export interface Language {
  code: 'vi' | 'en';
  subjects: readonly string[];
  verbs: readonly string[];
  objects: readonly string[];
  tails: readonly string[];
  topics: readonly string[];
  sections: readonly string[];
  authors: readonly string[];
  related: string;
  readMore: string;
}

export const VI: Language = {
  code: 'vi',
  subjects: ['Ủy ban nhân dân thành phố', 'Bộ Giao thông vận tải', 'Sở Giáo dục và Đào tạo', 'các doanh nghiệp xuất khẩu', 'người dân ở các quận ven đô', 'Ngân hàng Nhà nước', 'lãnh đạo tỉnh', 'các chuyên gia kinh tế', 'Hội đồng nhân dân', 'nhiều hộ kinh doanh nhỏ'],
  verbs: ['đã đề xuất', 'cho biết sẽ triển khai', 'vừa thông qua', 'đang xem xét', 'yêu cầu đẩy nhanh', 'kiến nghị điều chỉnh', 'công bố kế hoạch', 'khẳng định sẽ hoàn thành', 'tiếp tục rà soát', 'đặt mục tiêu mở rộng'],
  objects: ['dự án đường vành đai', 'chương trình chuyển đổi số', 'gói hỗ trợ lãi suất', 'quy hoạch khu đô thị mới', 'chính sách học phí', 'hệ thống cấp nước sạch', 'tuyến metro số hai', 'kế hoạch phòng chống ngập', 'đề án phát triển du lịch', 'mạng lưới trạm y tế'],
  tails: ['trong năm tới', 'trước cuối quý ba', 'theo lộ trình đã được phê duyệt', 'với tổng vốn hàng nghìn tỷ đồng', 'nhằm giảm áp lực cho người dân', 'sau nhiều tháng lấy ý kiến', 'tại hội nghị sáng nay', 'để bảo đảm tiến độ', 'dù còn nhiều vướng mắc về mặt bằng', 'theo báo cáo gửi Chính phủ'],
  topics: ['giao thông', 'giáo dục', 'y tế', 'kinh tế số', 'bất động sản', 'nông nghiệp', 'môi trường', 'du lịch'],
  sections: ['Thời sự', 'Kinh doanh', 'Xã hội', 'Giáo dục', 'Sức khỏe', 'Thế giới', 'Pháp luật', 'Du lịch'],
  authors: ['Minh Anh', 'Hoàng Nam', 'Thu Trang', 'Quốc Việt', 'Lan Hương', 'Đức Huy'],
  related: 'Tin liên quan',
  readMore: 'Xem thêm',
};

export const EN: Language = {
  code: 'en',
  subjects: ['The city council', 'The transport ministry', 'Local schools', 'Exporters in the region', 'Residents of the outer districts', 'The central bank', 'Provincial leaders', 'Economists', 'The national assembly', 'Small business owners'],
  verbs: ['proposed', 'said it would roll out', 'approved', 'is reviewing', 'called for faster work on', 'asked to revise', 'announced a plan for', 'pledged to complete', 'continued to audit', 'aims to expand'],
  objects: ['the ring road project', 'the digital transformation programme', 'a package of interest-rate support', 'the new urban area plan', 'the tuition policy', 'the clean water network', 'the second metro line', 'the flood prevention plan', 'the tourism development scheme', 'the network of clinics'],
  tails: ['next year', 'before the end of the third quarter', 'on the approved schedule', 'at a cost of several billion dollars', 'to ease pressure on households', 'after months of consultation', 'at a meeting this morning', 'to keep the work on time', 'despite disputes over land clearance', 'according to a report to the government'],
  topics: ['transport', 'education', 'health', 'the digital economy', 'property', 'farming', 'the environment', 'tourism'],
  sections: ['News', 'Business', 'Society', 'Education', 'Health', 'World', 'Law', 'Travel'],
  authors: ['Anna Miller', 'James Carter', 'Sophie Tran', 'David Nguyen', 'Laura Chen', 'Peter Walsh'],
  related: 'Related stories',
  readMore: 'Read more',
};

const VI_PLACES = ['Hà Nội', 'TP.HCM', 'Đà Nẵng', 'Hải Phòng', 'Cần Thơ', 'Nghệ An', 'Thanh Hóa', 'Quảng Ninh', 'Bình Dương', 'Đồng Nai', 'Khánh Hòa', 'Lâm Đồng', 'Huế', 'Bắc Ninh', 'An Giang', 'Kiên Giang', 'Gia Lai', 'Đắk Lắk', 'Quảng Nam', 'Long An'];
const EN_PLACES = ['Hanoi', 'Ho Chi Minh City', 'Da Nang', 'Hai Phong', 'Can Tho', 'the Mekong Delta', 'the Central Highlands', 'Quang Ninh', 'Binh Duong', 'Dong Nai', 'Nha Trang', 'Da Lat', 'Hue', 'Bac Ninh', 'An Giang', 'Phu Quoc', 'Gia Lai', 'Dak Lak', 'Hoi An', 'Long An'];
const VI_UNITS = ['tỷ đồng', 'hộ dân', 'km đường', 'trường học', 'ha đất', 'doanh nghiệp', 'lượt khách', 'người lao động'];
const EN_UNITS = ['billion dong', 'households', 'km of road', 'schools', 'hectares', 'companies', 'visitors', 'workers'];

/**
 * One sentence of news prose: the grammar's fragments, plus a place, a figure and a date of
 * their own, so that two articles share phrases as real ones do, not whole texts (a site
 * whose pages were near-duplicates of each other would test something else).
 */
export function sentence(rnd: Random, lang: Language): string {
  const vi = lang.code === 'vi';
  const figure = `${between(rnd, 2, 980)}${rnd() < 0.5 ? `.${String(between(rnd, 0, 999)).padStart(3, '0')}` : ''} ${pick(rnd, vi ? VI_UNITS : EN_UNITS)}`;
  const date = `${between(rnd, 1, 28)}/${between(rnd, 1, 12)}`;
  const where = pick(rnd, vi ? VI_PLACES : EN_PLACES);
  const extra = vi ? [`tại ${where}`, `với ${figure}`, `từ ngày ${date}`] : [`in ${where}`, `covering ${figure}`, `from ${date}`];
  const parts = [pick(rnd, lang.subjects), pick(rnd, lang.verbs), pick(rnd, lang.objects), ...extra.filter(() => rnd() < 0.7), pick(rnd, lang.tails)];
  const s = parts.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

/** A paragraph of 3–7 sentences. */
export function paragraph(rnd: Random, lang: Language): string {
  return Array.from({ length: between(rnd, 3, 7) }, () => sentence(rnd, lang)).join(' ');
}

/**
 * A labelled search corpus made deterministically (seeded), for `pnpm bench relevance`:
 * Vietnamese and English news articles on topics, each topic with the articles about it
 * (relevant to its queries) and distractors sharing some of its words but not its subject
 * (the syllables of a Vietnamese phrase apart, an English word used in another sense),
 * plus filler articles. The labels come from how each article was made, not from any
 * search. Written for this bench; the sentences are invented.
 */
import type { Article, ArticleTask } from '@ingest/contracts';
import { seededRandom } from './site/words';

export interface CorpusArticle {
  key: string;
  article: Article;
}

export interface LabelledQuery {
  q: string;
  kind: 'vi-diacritics' | 'vi-no-diacritics' | 'en-other-form' | 'en-same-form' | 'task';
  relevant: string[];
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

const VI_FILLER = [
  'Theo báo cáo, kết quả đạt được trong quý vừa qua cao hơn cùng kỳ năm trước.',
  'Lãnh đạo địa phương cho biết sẽ tiếp tục lắng nghe ý kiến của người dân.',
  'Nhiều doanh nghiệp đã chủ động điều chỉnh kế hoạch sản xuất kinh doanh.',
  'Các đại biểu đánh giá cao sự phối hợp giữa các sở, ngành trong thời gian qua.',
  'Dự kiến chương trình sẽ được triển khai trên địa bàn toàn tỉnh từ tháng tới.',
  'Người dân phấn khởi khi thủ tục được rút gọn và thời gian chờ đợi giảm.',
  'Hội nghị diễn ra trong không khí dân chủ, thẳng thắn và trách nhiệm.',
  'Cơ quan chức năng khuyến cáo người dân theo dõi thông tin chính thức.',
  'Ủy ban nhân dân thành phố đã ban hành văn bản hướng dẫn chi tiết.',
  'Số liệu thống kê cho thấy xu hướng tích cực ở hầu hết các lĩnh vực.',
  'Đoàn công tác đã làm việc với lãnh đạo các huyện và thị xã.',
  'Ông cũng đề nghị báo chí tăng cường tuyên truyền để người dân hiểu rõ.',
] as const;

const EN_FILLER = [
  'Officials said the figures for the last quarter were higher than a year earlier.',
  'Local leaders promised to keep listening to residents in the coming months.',
  'Several companies have already adjusted their plans for the rest of the year.',
  'The meeting was attended by representatives of the regional government.',
  'The programme is expected to start across the province next month.',
  'Residents welcomed the shorter waiting times at public offices.',
  'Analysts cautioned that the data for a single month can be misleading.',
  'The city council published detailed guidance on its website.',
  'A spokesperson declined to comment on the details of the agreement.',
  'Statistics show a positive trend in most sectors of the economy.',
  'The delegation also met business leaders during the two-day visit.',
  'Critics said the plan lacked funding and a clear timetable.',
] as const;

interface ViTopic {
  phrase: string;
  /** Sentences holding the phrase; `{}` is where it goes. */
  sentences: string[];
  /** Sentences holding its syllables apart (distractors). */
  apart: string[];
}

const VI_TOPICS: ViTopic[] = [
  { phrase: 'nhiệm vụ trọng tâm', sentences: ['Hội nghị đã thống nhất sáu {} của năm 2026.', 'Tỉnh xác định {} là phát triển hạ tầng nông thôn.', 'Các đại biểu thảo luận về {} trong giai đoạn tới.'], apart: ['Nhiệm kỳ mới bắt đầu với nhiều vụ việc tồn đọng.', 'Các điểm trọng yếu được giữ bí mật, tạo tâm lý lo ngại.', 'Vụ mùa năm nay được coi trọng vì tâm huyết của nông dân.'] },
  { phrase: 'giải phóng mặt bằng', sentences: ['Công tác {} dự án đang gặp nhiều vướng mắc.', 'Huyện cam kết hoàn thành {} trước ngày 30/6.', 'Kinh phí {} chiếm phần lớn tổng mức đầu tư.'], apart: ['Chính phủ đã giải thích phương án cân bằng ngân sách.', 'Mặt hàng này được phóng viên ghi nhận giá bằng năm ngoái.', 'Cuộc giải đấu diễn ra trên mặt sân bằng phẳng.'] },
  { phrase: 'cao tốc Bắc Nam', sentences: ['Tuyến {} đoạn qua tỉnh sẽ thông xe cuối năm.', 'Nhà thầu thi công {} làm việc ba ca.', 'Dự án {} phía Đông được đẩy nhanh tiến độ.'], apart: ['Giá cao khiến người dân miền Bắc lo lắng, tốc độ tăng ở miền Nam chậm hơn.', 'Tốc độ tăng trưởng cao nhất thuộc về các tỉnh phía Nam.'] },
  { phrase: 'giá xăng dầu', sentences: ['Liên bộ điều chỉnh {} từ 15 giờ chiều nay.', 'Việc {} tăng ảnh hưởng đến chi phí vận tải.', 'Doanh nghiệp lo ngại {} biến động khó lường.'], apart: ['Giá trị sản xuất tăng, trong khi xăng xe và dầu ăn vẫn ổn định.', 'Dầu khí là ngành có giá trị xuất khẩu lớn.'] },
  { phrase: 'phòng chống thiên tai', sentences: ['Ban chỉ huy {} họp khẩn trong đêm.', 'Tỉnh bố trí ngân sách cho công tác {}.', 'Diễn tập {} được tổ chức tại các xã ven biển.'], apart: ['Phòng khám mới đi vào hoạt động, chống quá tải cho bệnh viện tuyến trên.', 'Thiên nhiên ưu đãi cho vùng đất này, tai nạn giao thông giảm.'] },
  { phrase: 'chuyển đổi số', sentences: ['Thành phố đặt mục tiêu {} toàn diện vào năm 2030.', 'Doanh nghiệp nhỏ gặp khó trong {}.', 'Ngành giáo dục đẩy mạnh {} trong dạy học.'], apart: ['Số lượng hồ sơ chuyển lên cấp trên tăng, đổi mới cách làm là cần thiết.'] },
  { phrase: 'an toàn thực phẩm', sentences: ['Đoàn kiểm tra {} phát hiện nhiều vi phạm.', 'Bếp ăn tập thể phải bảo đảm {}.', 'Tháng hành động vì {} được phát động.'], apart: ['Thực hiện nghiêm quy định an toàn lao động, phẩm chất đạo đức cán bộ được đề cao.'] },
  { phrase: 'xuất khẩu gạo', sentences: ['Kim ngạch {} tăng mạnh trong quý đầu năm.', 'Doanh nghiệp {} tìm kiếm thị trường mới.', 'Giá {} của Việt Nam ở mức cao.'], apart: ['Xuất khẩu thủy sản tăng, trong khi giá gạo trong nước ổn định.'] },
  { phrase: 'bảo hiểm xã hội', sentences: ['Tình trạng nợ đóng {} vẫn diễn ra.', 'Người lao động rút {} một lần tăng.', 'Luật {} sửa đổi có hiệu lực từ năm sau.'], apart: ['Xã hội cần chung tay bảo vệ môi trường, hiểm họa rác thải nhựa ngày càng lớn.'] },
  { phrase: 'ùn tắc giao thông', sentences: ['Tình trạng {} kéo dài tại cửa ngõ thành phố.', 'Giải pháp giảm {} giờ cao điểm được đề xuất.', 'Mưa lớn khiến {} nghiêm trọng.'], apart: ['Giao thông nông thôn được đầu tư, rác thải ùn ứ và nạn tắc cống được xử lý.'] },
];

interface EnTopic {
  /** Queries and the word form each uses. */
  queries: { q: string; sameForm: boolean }[];
  /** Sentences about the topic, in several word forms. */
  sentences: string[];
  /** Sentences using some of the words in another sense (distractors). */
  other: string[];
}

const EN_TOPICS: EnTopic[] = [
  { queries: [{ q: 'government priority', sameForm: false }, { q: 'government priorities', sameForm: true }], sentences: ['The government set out its priorities for the coming year.', 'Health care was prioritised by the government in the new budget.', 'Ministers said the government would prioritise schools and hospitals.'], other: ['The priority lane at the airport was closed for repairs.'] },
  { queries: [{ q: 'pension reform', sameForm: false }], sentences: ['Parliament debated the pension reforms until late at night.', 'Unions opposed plans for reforming pensions.', 'The pension system was reformed twice in a decade.'], other: ['The reformed band played its first concert in years.'] },
  { queries: [{ q: 'interest rate rise', sameForm: false }, { q: 'interest rates rising', sameForm: true }], sentences: ['The central bank kept raising interest rates as prices kept rising.', 'Interest rates rose for the third time this year.', 'Borrowers braced for rising interest rates.'], other: ['Hotel rates rise every summer in the seaside towns.'] },
  { queries: [{ q: 'flood warning', sameForm: false }], sentences: ['Forecasters issued flood warnings for three counties.', 'Rivers flooded several villages overnight, and warnings stayed in place.', 'Residents were warned that flooding could return.'], other: ['The market was flooded with cheap phones, retailers warned.'] },
  { queries: [{ q: 'teacher strike', sameForm: false }, { q: 'teachers striking', sameForm: true }], sentences: ['Teachers went on strike over pay and conditions.', 'Striking teachers marched to the education ministry.', 'The teachers union said strikes would continue.'], other: ['The striking design of the new school won an award.'] },
  { queries: [{ q: 'vaccination campaign', sameForm: false }], sentences: ['Health workers vaccinated children in remote villages during the campaign.', 'The vaccine campaigns reached a million people.', 'Officials campaigned for higher vaccination rates among the elderly.'], other: [] },
  { queries: [{ q: 'housing shortage', sameForm: false }], sentences: ['Cities face a shortage of affordable houses.', 'The housing shortages pushed rents to record highs.', 'Builders said new houses were short of skilled workers.'], other: ['The museum houses a collection of old maps.'] },
  { queries: [{ q: 'election result', sameForm: false }, { q: 'elected mayor', sameForm: true }], sentences: ['Voters elected a new mayor after a close race.', 'The election results were announced on Monday morning.', 'The newly elected mayor promised to cut waiting lists.'], other: [] },
  { queries: [{ q: 'investment in renewable energy', sameForm: false }], sentences: ['Investors are investing heavily in renewable energy projects.', 'Investments in renewables doubled in two years.', 'The fund invested in wind and solar energy.'], other: [] },
  { queries: [{ q: 'police report', sameForm: false }, { q: 'reported to police', sameForm: true }], sentences: ['Police reported a fall in burglaries this spring.', 'The incident was reported to police by a neighbour.', 'Police are reporting more thefts of bicycles.'], other: ['The weather report promised sunshine for the weekend.'] },
];

interface TaskTopic {
  lang: 'vi' | 'en';
  heading: string;
  /** Task texts; the first holds the query's words. */
  tasks: string[];
  query: string;
}

const TASK_TOPICS: TaskTopic[] = [
  { lang: 'vi', heading: '5 giải pháp', query: 'tăng cường kiểm tra giám sát', tasks: ['Tăng cường kiểm tra, giám sát việc thực hiện các quy định.', 'Đẩy mạnh tuyên truyền trong nhân dân.', 'Hoàn thiện cơ chế chính sách.'] },
  { lang: 'vi', heading: '4 nhiệm vụ', query: 'cải cách thủ tục hành chính', tasks: ['Tiếp tục cải cách thủ tục hành chính, giảm thời gian giải quyết hồ sơ.', 'Nâng cao chất lượng đội ngũ cán bộ.', 'Ứng dụng công nghệ thông tin.'] },
  { lang: 'vi', heading: '3 nhiệm vụ', query: 'nang cao chat luong nguon nhan luc', tasks: ['Nâng cao chất lượng nguồn nhân lực cho các ngành mũi nhọn.', 'Thu hút đầu tư vào khu công nghiệp.', 'Bảo vệ môi trường sinh thái.'] },
  { lang: 'en', heading: 'five priorities', query: 'train teacher', tasks: ['Training more teachers for rural schools.', 'Building new classrooms.', 'Raising the school leaving age.'] },
  { lang: 'en', heading: 'four steps', query: 'reduce emission', tasks: ['Reducing emissions from power stations by a third.', 'Planting trees along the rivers.', 'Helping households insulate their homes.'] },
  { lang: 'en', heading: 'three measures', query: 'cutting hospital waiting list', tasks: ['Cut hospital waiting lists by opening clinics at weekends.', 'Hire more nurses.', 'Fund mental health services.'] },
];

export interface Corpus {
  articles: CorpusArticle[];
  queries: LabelledQuery[];
}

function makeArticle(lang: 'vi' | 'en', title: string, sentences: string[], r: () => number, tasks: ArticleTask[] = [], heading: string | null = null): Article {
  const filler = lang === 'vi' ? VI_FILLER : EN_FILLER;
  const body = [...sentences];
  for (let i = 0, n = 3 + Math.floor(r() * 4); i < n; i++) body.splice(Math.floor(r() * (body.length + 1)), 0, pick(r, filler));
  const text = [...body, ...tasks.map((t) => t.text)].join('\n\n');
  const day = 1 + Math.floor(r() * 28);
  return {
    title, lead: body[0]!, authors: [], sourceLabel: null, publishedAt: `2026-0${1 + Math.floor(r() * 9)}-${String(day).padStart(2, '0')}T08:00:00+07:00`, modifiedAt: null,
    language: lang, canonicalUrl: null, siteName: null, section: null, tags: [], images: [], body: text, blocks: [], wordCount: text.split(/\s+/).length,
    announcedTaskCount: tasks.length || null, taskHeading: heading, tasks, taskWarnings: [], warnings: [],
  };
}

export function buildCorpus(seed = 18): Corpus {
  const r = seededRandom(seed);
  const articles: CorpusArticle[] = [];
  const queries: LabelledQuery[] = [];
  const add = (key: string, a: Article) => (articles.push({ key, article: a }), key);
  VI_TOPICS.forEach((t, ti) => {
    const relevant: string[] = [];
    for (let i = 0; i < 8; i++) {
      const s = [0, 1].map(() => pick(r, t.sentences).replace('{}', t.phrase));
      relevant.push(add(`vi-${ti}-${i}`, makeArticle('vi', i % 2 ? `Tin địa phương: ${pick(r, VI_FILLER).slice(0, 40)}` : s[0]!.slice(0, 60), s, r)));
    }
    for (let i = 0; i < 4; i++) add(`vi-${ti}-apart-${i}`, makeArticle('vi', `Ghi nhận ${i + 1}: ${t.apart[i % t.apart.length]!.slice(0, 40)}`, [t.apart[i % t.apart.length]!, pick(r, t.apart)], r));
    queries.push({ q: t.phrase, kind: 'vi-diacritics', relevant }, { q: fold(t.phrase), kind: 'vi-no-diacritics', relevant });
  });
  EN_TOPICS.forEach((t, ti) => {
    const relevant: string[] = [];
    for (let i = 0; i < 7; i++) relevant.push(add(`en-${ti}-${i}`, makeArticle('en', pick(r, t.sentences).replace(/\.$/, ''), [pick(r, t.sentences), pick(r, t.sentences)], r)));
    t.other.forEach((o, i) => add(`en-${ti}-other-${i}`, makeArticle('en', o.replace(/\.$/, ''), [o], r)));
    for (const q of t.queries) queries.push({ q: q.q, kind: q.sameForm ? 'en-same-form' : 'en-other-form', relevant });
  });
  TASK_TOPICS.forEach((t, ti) => {
    const relevant: string[] = [];
    for (let i = 0; i < 5; i++) {
      const tasks = [...t.tasks].sort(() => r() - 0.5).map((text, k) => ({ ordinal: k + 1, marker: `${k + 1}.`, text, paragraphs: 1 }));
      relevant.push(add(`task-${ti}-${i}`, makeArticle(t.lang, `${t.heading} ${i + 1}`, [pick(r, t.lang === 'vi' ? VI_FILLER : EN_FILLER)], r, tasks, t.heading)));
    }
    queries.push({ q: t.query, kind: 'task', relevant });
  });
  for (let i = 0; i < 30; i++) {
    const lang = i % 2 ? 'en' : 'vi';
    add(`filler-${i}`, makeArticle(lang, `${lang === 'vi' ? 'Bản tin' : 'Bulletin'} ${i}`, [pick(r, lang === 'vi' ? VI_FILLER : EN_FILLER)], r));
  }
  return { articles, queries };
}

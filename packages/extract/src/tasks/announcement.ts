import { EN_CARDINALS, VI_CARDINALS, alternation, numberValue } from './numbers';

/** A count the article announces: "6 nhiệm vụ trọng tâm", "five key priorities", "Top 10". */
export interface Announcement {
  count: number;
  /** A count followed by a task-like noun; loose ones ("7 món ăn…", "Top 10…") only count when an enumeration of that size exists. */
  strict: boolean;
  source: 'title' | 'lead' | 'heading' | 'intro';
  /** Block index for headings and intro paragraphs. */
  block: number | null;
  /** The task noun as written, lower-cased with single spaces ("giải pháp", "priorities"); null for loose counts. */
  noun?: string | null;
}

const VI_NOUNS = [
  'nhiệm vụ', 'giải pháp', 'điểm', 'vấn đề', 'nội dung', 'mục tiêu', 'yêu cầu', 'biện pháp', 'bước', 'cách',
  'lý do', 'lí do', 'điều', 'việc', 'công việc', 'kiến nghị', 'khuyến nghị', 'đề xuất', 'đề nghị', 'chương trình',
  'đột phá', 'nhóm', 'lưu ý', 'chính sách', 'định hướng', 'trọng tâm', 'tiêu chí', 'tiêu chuẩn', 'quyết sách',
  'ưu tiên', 'hành động', 'lời khuyên', 'bài học', 'thay đổi', 'xu hướng', 'kịch bản', 'phương án', 'chỉ tiêu',
  'nguyên tắc', 'dấu hiệu', 'thói quen', 'sai lầm', 'mẹo', 'bí quyết', 'câu hỏi', 'lĩnh vực', 'trụ cột',
  'chủ trương', 'quy định', 'thông điệp', 'cam kết', 'sáng kiến', 'thách thức', 'rủi ro', 'cơ hội', 'yếu tố',
  'nhân tố', 'phong trào', 'đặc điểm', 'chiến lược', 'kế hoạch', 'hoạt động', 'mục', 'phần', 'lợi ích',
];
const EN_NOUNS = [
  'tasks?', 'priorit(?:y|ies)', 'steps?', 'ways?', 'reasons?', 'tips?', 'things?', 'lessons?', 'solutions?',
  'measures?', 'goals?', 'objectives?', 'points?', 'ideas?', 'rules?', 'questions?', 'keys?', 'pillars?',
  'principles?', 'changes?', 'trends?', 'recommendations?', 'actions?', 'areas?', 'issues?', 'challenges?',
  'mistakes?', 'facts?', 'signs?', 'habits?', 'strateg(?:y|ies)', 'takeaways?', 'factors?', 'options?',
  'moves?', 'proposals?', 'initiatives?', 'commitments?', 'demands?', 'requirements?', 'missions?',
  'polic(?:y|ies)', 'benefits?', 'risks?', 'myths?', 'secrets?', 'tricks?', 'hacks?', 'items?', 'duties',
  'duty', 'targets?', 'plans?', 'lessons?', 'elements?',
];
/** Words that may stand between an English count and its noun only if they are not these. */
const EN_FILLER_BAN = '(?:of|in|on|at|for|to|the|a|an|and|or|years?|days?|months?|weeks?|hours?|minutes?|people|percent|per|times?|million|billion|thousand|hundred)';

const VI_STRICT = new RegExp(
  `(?<![\\p{L}\\p{N}.,])(\\d{1,2}|${alternation(VI_CARDINALS)})\\s+(?:(?:nhóm|loại|đầu)\\s+)?(?:${VI_NOUNS.map((n) => n.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}])`,
  'giu',
);
const EN_STRICT = new RegExp(
  `(?<![\\p{L}\\p{N}.,])(\\d{1,2}|${alternation(EN_CARDINALS)})\\s+(?:(?!${EN_FILLER_BAN}\\b)[\\p{L}-]+\\s+){0,2}?(?:${EN_NOUNS.join('|')})(?![\\p{L}])`,
  'giu',
);
const LOOSE = /^(?:top\s+)?(\d{1,2})\s+\p{L}/iu;

/** Counts announced in one text (title, lead, heading or intro paragraph). */
export function findAnnouncements(text: string, source: Announcement['source'], block: number | null): Announcement[] {
  const out: Announcement[] = [];
  const t = text.slice(0, 2000);
  for (const re of [VI_STRICT, EN_STRICT]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t))) {
      const n = numberValue(m[1]!);
      if (n !== null && n >= 2 && n <= 30) out.push({ count: n, strict: true, source, block, noun: nounOf(m[0], m[1]!) });
    }
  }
  if (source === 'title' || source === 'heading') {
    const m = LOOSE.exec(t);
    if (m) {
      const n = Number(m[1]);
      if (n >= 2 && n <= 30 && !out.some((a) => a.count === n)) out.push({ count: n, strict: false, source, block, noun: null });
    }
  }
  return out;
}

/** The last word(s) of a strict match, i.e. its noun ("4 giải pháp" → "giải pháp"). */
function nounOf(match: string, count: string): string {
  return match.slice(count.length).trim().toLowerCase().replace(/\s+/g, ' ');
}

import type { BodyBlock } from '../block';
import { isFootnoteLine, isNotesTitle } from './notes';

/**
 * Where the last item ends. Items before it end at the next marker; the last one has none, so
 * what follows it is read: a closing news sentence (attribution "…, the minister said." /
 * "…, ông X cho biết.", the meeting or the plan as a whole: "Hội nghị kết thúc…", "Dự kiến
 * kế hoạch sẽ…", "Work on the plan begins…") ends the list, and past the length the other
 * items had, a paragraph joins only if it goes on with the item (a connective, a lower-case
 * start, the item's own words, or after a colon).
 */

const EN_SAID = /,["”]?\s+(?:(?:the|a|an|her|his|their|its)\s+)?(?:[\p{L}'’.-]+\s+){0,5}?(?:said|says|added|explained|noted|stressed|warned|announced|confirmed|told [\p{L}\s]{1,30}?)\s*\.["”]?$/iu;
const EN_SAID_FRONT = /,["”]?\s+(?:said|says|added)\s+(?:the\s+)?[\p{L}\s'’.-]{1,60}\.["”]?$/iu;
const VI_SAID = /,\s*(?:ông|bà|anh|chị|lãnh đạo|đại diện|phó|thứ trưởng|bộ trưởng|chủ tịch|giám đốc|trưởng|\p{Lu})[^,.;]{0,60}?\s(?:cho biết|nói|khẳng định|nhấn mạnh|chia sẻ|cho hay|bày tỏ|phát biểu|kết luận|thông tin)\s*\.?["”]?$/u;
const SAID_FRONT =
  /^(?:according to|theo (?:ông|bà|anh|chị|lãnh đạo|đại diện|kế hoạch|dự kiến|lộ trình|\p{Lu}\p{Ll}+ \p{Lu})|(?:ông|bà)\s+\p{Lu}[\p{L}\s]{0,30}?\s(?:cho biết|nói|khẳng định|nhấn mạnh|cho hay|phát biểu))/u;
const VI_CLOSING =
  /^(?:dự kiến|theo dự kiến|hội nghị|cuộc họp|buổi làm việc|phiên họp|kỳ họp|trước đó|sau đó,|kết thúc|phát biểu (?:kết luận|chỉ đạo|tại)|các (?:nhiệm vụ|giải pháp|nội dung|biện pháp|mục tiêu|đề xuất|kiến nghị|yêu cầu)(?:\s+\p{L}+){0,3}\s+(?:trên|này|nêu trên)|(?:kế hoạch|đề án|chương trình|chỉ thị|nghị quyết|quyết định|văn bản) (?:này|trên|nói trên|sẽ|được|có hiệu lực))|cùng ngày/iu;
const EN_CLOSING =
  /^(?:work on|the (?:meeting|session|hearing|conference) (?:ended|closed|finished|was)|the (?:plan|plans|measures|proposals|changes|priorities|package|strategy|programme|program|steps|rules|bill) (?:is|are|was|were|will|would|must|come|comes|take|takes|go|goes)\b|(?:these|those|all (?:three|four|five|six|seven|eight|nine|ten)|all of the(?:se|m)?) (?:\p{L}+ )?(?:measures|steps|priorities|changes|proposals|tasks|plans|points|ideas)|earlier|previously|meanwhile|last (?:week|month|year)|it is (?:expected|due|hoped)|critics|opponents|officials (?:said|say|expect))/iu;
const CONTINUES =
  /^(?:đồng thời|ngoài ra|bên cạnh đó|cùng với đó|trong đó|cụ thể|theo đó|qua đó|từ đó|nhờ đó|việc (?:này|đó)|điều (?:này|đó)|đây là|also|in addition|additionally|this|that|these|those|it|they|such|for example|for instance|in particular)(?![\p{L}])/iu;

/** Whether a paragraph after the last item closes the list: attribution, the event or the plan as a whole, notes. */
export function closesList(b: BodyBlock): boolean {
  if (b.type === 'heading') return isNotesTitle(b.text);
  if (b.type === 'list') return false;
  if (b.alignedRight && b.text.length <= 60) return true;
  const t = b.text;
  if (isNotesTitle(t) || isFootnoteLine(t)) return true;
  return isClosingSentence(t);
}

/** A sentence that reports on the list rather than adding to its last item (attribution, the event, the plan). */
function isClosingSentence(t: string): boolean {
  return EN_SAID.test(t) || EN_SAID_FRONT.test(t) || VI_SAID.test(t) || SAID_FRONT.test(t) || VI_CLOSING.test(t) || EN_CLOSING.test(t);
}

/** Sentence ends: a stop followed by a capital, not after a short abbreviation ("TP.", "Mr.", "St."). */
export const SENTENCE_END = /(?<![\s(](?:\p{Lu}\p{L}?|Mr|Mrs|Ms|Dr|St|No|Jr|Sr|Prof|ThS|PGS|TS|GS|TP|vs|etc|e\.g|i\.e))[.!?…]["”’)]?(?=\s+["“]?\p{Lu})/gu;

/**
 * The last paragraph of the last item without the closing sentences it ends with ("Thứ ba,
 * bảo đảm đủ thuốc. Hội nghị kết thúc lúc 11h cùng ngày." keeps its first sentence).
 */
export function withoutClosingSentences(text: string): string {
  SENTENCE_END.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_END.exec(text))) {
    const cut = m.index + m[0].length;
    if (isClosingSentence(text.slice(cut).trim())) return text.slice(0, cut);
  }
  return text;
}

const STOP = new Set(
  ('the a an and or of to in on at for by with from as is are was were be been will would can could should must this that these those it its their they ' +
    'which who what when where there here have has had not but also more most than then into over about after before under all any each such only other').split(' '),
);
const VI_FUNCTION = new Set(
  'của và các những cho với là được trong này đó một có không đã sẽ đang để khi thì mà từ tại theo về như nhiều người việc cũng lại ra vào trên dưới'.split(' '),
);

/** Terms a paragraph may share with an item: English content words (stemmed), Vietnamese syllable pairs. */
function terms(text: string, limit: number): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  const w = words.slice(0, limit);
  for (let i = 0; i < w.length; i++) {
    const a = w[i]!;
    if (/^[a-z]+$/.test(a)) {
      if (a.length >= 4 && !STOP.has(a)) out.add(a.replace(/(?:ies|es|s)$/, ''));
      continue;
    }
    const b = w[i + 1];
    if (b && !VI_FUNCTION.has(a) && !VI_FUNCTION.has(b)) out.add(`${a} ${b}`);
  }
  return out;
}

/** The terms of an item's own text, for `continuesItem`. */
export function itemTerms(item: string): Set<string> {
  return terms(item.slice(0, 4000), 400);
}

/** Whether `next` goes on with the item whose own terms are `own` (the block before it is `prev`). */
export function continuesItem(own: Set<string>, prev: BodyBlock, next: BodyBlock): boolean {
  if (/[:：]\s*$/u.test(prev.text) && prev.type !== 'list') return true;
  if (next.type === 'list' || next.type === 'heading') return false;
  const t = next.text.replace(/^[\s"“‘'(]+/u, '');
  if (/^\p{Ll}/u.test(t) || CONTINUES.test(t)) return true;
  // The paragraph's opening (its subject) takes up the item's own words.
  const opening = terms(t.slice(0, 200), 8);
  for (const term of opening) if (own.has(term)) return true;
  return false;
}

/** Whether an item's first block is a title ("1. Chăm lo đời sống đoàn viên") whose text follows below it. */
export function isTitleItem(b: BodyBlock, rest: string): boolean {
  if (b.type === 'heading') return true;
  // A reference mark after the stop ("…the shelter.3", "…a day.[2]") still ends a sentence.
  const text = rest.replace(/(?:\[\d{1,3}\]|(?<=[.!?…])\d{1,2})$/u, '');
  return text.length <= 90 && !/[.!?…:;]["”’)]?$/u.test(text);
}

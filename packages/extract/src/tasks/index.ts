import type { ArticleTask } from '@ingest/contracts';
import type { BodyBlock } from '../block';
import { findAnnouncements, type Announcement } from './announcement';
import { findSequences, itemSpans, type Sequence, type SequenceKind } from './enumerations';
import { withoutClosingSentences } from './extent';
import { isReferenceList } from './notes';

export interface TaskResult {
  announcedTaskCount: number | null;
  taskHeading: string | null;
  tasks: ArticleTask[];
  taskWarnings: string[];
}

/**
 * How a candidate enumeration is scored; the highest score is the article's list of tasks.
 * An announced count that fits outweighs everything else; without one, how prominently the
 * markers are written decides, then the size of the enumeration.
 */
const WEIGHTS = {
  /** By how the markers are written: headings stand out most; bullets only count under an announced count. */
  kind: { heading: 30, paragraph: 12, list: 15, bullet: 0, inline: 8 } satisfies Record<SequenceKind, number>,
  /** Paragraph markers in bold or written as words ("Thứ nhất", "First,", "Step 1") are meant as markers, unlike a stray "1.". */
  emphasisedParagraph: 10,
  /** The enumeration has the size of a count announced with a task-like noun ("6 nhiệm vụ")… */
  strictMatch: 100,
  /** …or of a loose count ("Top 10", "7 món ăn"). */
  looseMatch: 60,
  /** The title's (or lead's) count is introduced by the same noun as the count right above this enumeration. */
  sameNoun: 20,
  /** A heading right above the enumeration. */
  headingAbove: 5,
  /** Per item, up to `maxCountedItems`: a longer enumeration is more likely the point of the article. */
  perItem: 2,
  maxCountedItems: 12,
  /** Per missing number ("1, 2, 4"). */
  perGap: -5,
  /** An inline enumeration inside an item of another one ("1. Kiểm tra…, gồm: a) …; b) …") is a detail of that item. */
  nestedInline: -30,
} as const;
const WORD_FAMILY = /^(?:vi-thu|vi-la|en-ord|kw:)/;
/** Bounds on the work per page: no article announces or enumerates more than a few hundred things. */
const MAX_ANNOUNCEMENTS = 300;
const MAX_SEQUENCES = 300;

/** What a candidate's score is made of, to say why one won (see `choiceWarning`). */
type ScorePart = 'match' | 'sameNoun' | 'kind' | 'emphasis' | 'headingAbove' | 'size' | 'gaps' | 'nested';

/** An enumeration with its score and the announced count it answers. */
interface Candidate {
  seq: Sequence;
  score: number;
  parts: Record<ScorePart, number>;
  match: Announcement | null;
}

/**
 * The numbered tasks of an article: the count it announces (title, lead, a sub-heading or the
 * paragraph introducing a list) and the enumeration that count refers to — else the most
 * prominent one. Items run from their marker to the next one; the last runs to the end of
 * its section of the body (site boxes are never part of the body).
 */
export function findTasks(blocks: BodyBlock[], title: string, lead: string, language: string | null): TaskResult {
  const announcements = collectAnnouncements(blocks, title, lead);
  const firstStrict = pickFirst(announcements.filter((a) => a.strict));
  const candidates = scoreAll(blocks, findSequences(blocks, language).slice(0, MAX_SEQUENCES), announcements);
  const best = candidates[0] ?? null;
  if (!best) {
    const warnings = firstStrict ? [`announced ${firstStrict.count} tasks but found no numbered items`] : [];
    return { announcedTaskCount: firstStrict?.count ?? null, taskHeading: null, tasks: [], taskWarnings: warnings };
  }

  const { seq, match } = best;
  const tasks = taskTexts(seq, blocks);
  const announced = match?.count ?? firstStrict?.count ?? null;
  const heading = headingBefore(blocks, seq.items[0]!.block);
  const announcingHeading = match?.source === 'heading' && match.block !== null ? blocks[match.block]!.text : null;
  return {
    announcedTaskCount: announced,
    taskHeading: heading ?? announcingHeading,
    tasks,
    taskWarnings: [...enumerationWarnings(seq, announced, tasks.length), ...choiceWarning(blocks, candidates, firstStrict?.count ?? null)],
  };
}

/** Counts announced in the title, the lead and the sub-headings (intro paragraphs are read per enumeration). */
function collectAnnouncements(blocks: BodyBlock[], title: string, lead: string): Announcement[] {
  const announcements: Announcement[] = [
    ...findAnnouncements(title, 'title', null),
    ...findAnnouncements(lead, 'lead', null),
  ];
  for (let i = 0; i < blocks.length && announcements.length < MAX_ANNOUNCEMENTS; i++) {
    const b = blocks[i]!;
    if (b.type === 'heading') announcements.push(...findAnnouncements(b.text, 'heading', i));
  }
  return announcements;
}

/** Every enumeration that can be the tasks, best first (the first of equals stays first). */
function scoreAll(blocks: BodyBlock[], sequences: Sequence[], announcements: Announcement[]): Candidate[] {
  const out: Candidate[] = [];
  for (const seq of sequences) {
    const c = scoreSequence(blocks, seq, announcements, sequences);
    if (c) out.push(c);
  }
  // Stable sort: among equal scores the enumeration found first wins, as before.
  return out.sort((a, b) => b.score - a.score);
}

/** Scores one enumeration by WEIGHTS; null when it cannot be the tasks. */
function scoreSequence(blocks: BodyBlock[], seq: Sequence, announcements: Announcement[], all: Sequence[]): Candidate | null {
  const total = seq.items.length;
  const start = seq.items[0]!.block;
  const intro = introAnnouncements(blocks, seq);
  const candidates = [...announcements.filter((a) => a.block === null || a.block < start), ...intro];
  const match = pickFirst(candidates.filter((a) => a.count === total && a.strict)) ?? pickFirst(candidates.filter((a) => a.count === total));
  // Bullets and plain <ul>s are everywhere (menus, link lists): only a count that names them makes them tasks.
  if ((seq.kind === 'bullet' || seq.family === 'ul') && !(match && match.strict)) return null;
  // Two things named inline ("first in Hanoi, second in Hue") are prose unless a count of two is announced.
  if (seq.kind === 'inline' && total < 3 && !(match && match.strict)) return null;
  if (isReferenceList(seq, blocks)) return null;
  const parts: Record<ScorePart, number> = {
    match: match ? (match.strict ? WEIGHTS.strictMatch : WEIGHTS.looseMatch) : 0,
    // Two lists of the announced size ("4 lý do:" … then "4 giải pháp"): the one introduced by
    // the same noun as the title's count is the one the title refers to.
    sameNoun: match && (match.source === 'title' || match.source === 'lead') && sameNoun(match, localAnnouncements(announcements, intro, start, total)) ? WEIGHTS.sameNoun : 0,
    kind: WEIGHTS.kind[seq.kind],
    emphasis: seq.kind === 'paragraph' && (seq.bold || WORD_FAMILY.test(seq.family)) ? WEIGHTS.emphasisedParagraph : 0,
    headingAbove: headingBefore(blocks, start) !== null ? WEIGHTS.headingAbove : 0,
    size: Math.min(total, WEIGHTS.maxCountedItems) * WEIGHTS.perItem,
    gaps: seq.gaps.length * WEIGHTS.perGap,
    nested: seq.kind === 'inline' && all.some((o) => o !== seq && o.kind !== 'inline' && covers(o, blocks, start)) ? WEIGHTS.nestedInline : 0,
  };
  const score = Object.values(parts).reduce((a, b) => a + b, 0);
  return { seq, score, parts, match };
}

/** Whether block `at` lies inside an item of `seq` (its last item: its first block, or right after a colon). */
function covers(seq: Sequence, blocks: BodyBlock[], at: number): boolean {
  const first = seq.items[0]!.block;
  const last = seq.items[seq.items.length - 1]!.block;
  if (at >= first && at <= last) return true;
  return at === last + 1 && /[:：]\s*$/u.test(blocks[last]!.text);
}

/** Each item's text: from its marker (the marker itself left out) to the next item or the end of its section. */
function taskTexts(seq: Sequence, blocks: BodyBlock[]): ArticleTask[] {
  const spans = itemSpans(seq, blocks);
  return seq.items.map((item, k) => {
    const [from, to] = spans[k]!;
    const parts: string[] = [];
    if (item.listItem !== null || seq.kind === 'inline') {
      parts.push(item.marker?.rest ?? '');
    } else {
      for (let i = from; i < to; i++) {
        const b = blocks[i]!;
        if (i === from && item.marker) parts.push(item.marker.rest);
        else parts.push(b.text);
      }
    }
    const kept = parts.filter((p) => p.trim() !== '');
    // The last item's last paragraph may end the article's way: "… . Hội nghị kết thúc lúc 11h."
    if (k === seq.items.length - 1 && seq.kind === 'paragraph' && kept.length > 0) kept[kept.length - 1] = withoutClosingSentences(kept[kept.length - 1]!);
    return { ordinal: k + 1, marker: item.marker?.marker ?? '', text: kept.join('\n\n'), paragraphs: kept.length };
  });
}

/** What a reader should know about the enumeration: a count that does not match, skipped or late-starting numbers. */
function enumerationWarnings(seq: Sequence, announced: number | null, found: number): string[] {
  const warnings: string[] = [];
  if (announced !== null && announced !== found) warnings.push(`announced ${announced} tasks but found ${found}`);
  for (const [a, b] of seq.gaps) warnings.push(`numbering skips from ${a} to ${b}`);
  const firstOrdinal = seq.items[0]!.marker?.ordinal ?? 1;
  if (!seq.implicitFirst && firstOrdinal > 1 && seq.kind !== 'list') warnings.push(`numbering starts at ${firstOrdinal}`);
  return warnings;
}

const KIND_NOUN: Record<SequenceKind, string> = { heading: 'headings', paragraph: 'paragraphs', list: 'list items', bullet: 'bullets', inline: 'items inline' };
const WHY: Partial<Record<ScorePart, string>> = {
  kind: 'its markers are written more prominently',
  emphasis: 'its markers are bold or written as words',
  headingAbove: 'a heading introduces it',
  size: 'it has more items',
  gaps: 'its numbering has no gaps',
  nested: 'the other sits inside one of its items',
};

/**
 * When several enumerations could be the tasks and none has the announced size (or nothing is
 * announced), which one was chosen and why: the part of the score that set it apart most.
 * Enumerations inside the chosen one's items (sub-points of an item) do not compete with it.
 */
function choiceWarning(blocks: BodyBlock[], candidates: Candidate[], announced: number | null): string[] {
  const best = candidates[0];
  if (!best || best.match) return [];
  const spans = itemSpans(best.seq, blocks);
  const from = spans[0]![0];
  const to = spans[spans.length - 1]![1];
  const others = candidates.slice(1).filter((c) => {
    const at = c.seq.items[0]!.block;
    return !(at >= from && at < to) && !(c.seq.kind === 'inline' && c.parts.nested < 0);
  });
  const runnerUp = others[0];
  if (!runnerUp) return [];
  let why = 'it comes first';
  let widest = 0;
  for (const part of Object.keys(WHY) as ScorePart[]) {
    const diff = best.parts[part] - runnerUp.parts[part];
    if (diff > widest) [widest, why] = [diff, WHY[part]!];
  }
  const more = others.length > 1 ? ` and ${others.length - 1} more` : '';
  const count = announced === null ? 'no count is announced' : `none has the announced ${announced} items`;
  return [`chose ${describe(best.seq)} over ${describe(runnerUp.seq)}${more}: ${count}, and ${why}`];
}

/** "4 paragraphs "Thứ nhất"…"Thứ tư"". */
function describe(seq: Sequence): string {
  const first = seq.items[0]!.marker?.marker || '(unmarked)';
  const last = seq.items[seq.items.length - 1]!.marker?.marker ?? '';
  return `${seq.items.length} ${KIND_NOUN[seq.kind]} "${first}"…"${last}"`;
}

/** Counts of `total` announced right above an enumeration: its intro paragraph or a heading at most three blocks before it. */
function localAnnouncements(all: Announcement[], intro: Announcement[], start: number, total: number): Announcement[] {
  const near = all.filter((a) => a.source === 'heading' && a.block !== null && a.block < start && a.block >= start - 3);
  return [...intro, ...near].filter((a) => a.strict && a.count === total);
}

/** Whether one of the local announcements names the same kind of thing as `global` ("giải pháp" / "nhóm giải pháp"). */
function sameNoun(global: Announcement, local: Announcement[]): boolean {
  const g = global.noun;
  if (!g) return false;
  return local.some((a) => !!a.noun && (a.noun.endsWith(g) || g.endsWith(a.noun)));
}

/** Title first, then sub-headings, then lead, then intro paragraphs. */
function pickFirst(list: Announcement[]): Announcement | null {
  const order: Announcement['source'][] = ['title', 'heading', 'lead', 'intro'];
  for (const src of order) {
    const a = list.find((x) => x.source === src);
    if (a) return a;
  }
  return null;
}

/** "Bộ đề ra 3 giải pháp:" right before a list (or before the first marker of an inline one) announces its count. */
function introAnnouncements(blocks: BodyBlock[], seq: Sequence): Announcement[] {
  const start = seq.items[0]!.block;
  const own = seq.introText ? findAnnouncements(seq.introText, 'intro', start).filter((a) => a.strict) : [];
  const prev = blocks[start - 1];
  if (!prev || prev.type === 'heading' || prev.type === 'list') return own;
  return [...own, ...findAnnouncements(prev.text, 'intro', start - 1).filter((a) => a.strict)];
}

/** The heading just above an enumeration (at most two intro blocks in between). */
function headingBefore(blocks: BodyBlock[], start: number): string | null {
  for (let i = start - 1; i >= Math.max(0, start - 3); i--) {
    const b = blocks[i]!;
    if (b.type === 'heading') return b.text;
  }
  return null;
}

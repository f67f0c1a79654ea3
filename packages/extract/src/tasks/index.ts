import type { ArticleTask } from '@ingest/contracts';
import type { BodyBlock } from '../block';
import { findAnnouncements, type Announcement } from './announcement';
import { findSequences, itemSpans, type Sequence, type SequenceKind } from './enumerations';

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
  kind: { heading: 30, paragraph: 12, list: 15, bullet: 0 } satisfies Record<SequenceKind, number>,
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
} as const;
const WORD_FAMILY = /^(?:vi-thu|vi-la|en-ord|kw:)/;
/** Bounds on the work per page: no article announces or enumerates more than a few hundred things. */
const MAX_ANNOUNCEMENTS = 300;
const MAX_SEQUENCES = 300;

/** An enumeration with its score and the announced count it answers. */
interface Candidate {
  seq: Sequence;
  score: number;
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
  const best = bestCandidate(blocks, findSequences(blocks, language).slice(0, MAX_SEQUENCES), announcements);
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
    taskWarnings: enumerationWarnings(seq, announced, tasks.length),
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

/** The highest-scoring enumeration (the first of equals). */
function bestCandidate(blocks: BodyBlock[], sequences: Sequence[], announcements: Announcement[]): Candidate | null {
  let best: Candidate | null = null;
  for (const seq of sequences) {
    const c = scoreSequence(blocks, seq, announcements);
    if (c && (!best || c.score > best.score)) best = c;
  }
  return best;
}

/** Scores one enumeration by WEIGHTS; null when it cannot be the tasks. */
function scoreSequence(blocks: BodyBlock[], seq: Sequence, announcements: Announcement[]): Candidate | null {
  const total = seq.items.length;
  const start = seq.items[0]!.block;
  const intro = introAnnouncements(blocks, start);
  const candidates = [...announcements.filter((a) => a.block === null || a.block < start), ...intro];
  const match = pickFirst(candidates.filter((a) => a.count === total && a.strict)) ?? pickFirst(candidates.filter((a) => a.count === total));
  // Bullets and plain <ul>s are everywhere (menus, link lists): only a count that names them makes them tasks.
  if ((seq.kind === 'bullet' || seq.family === 'ul') && !(match && match.strict)) return null;
  let score = WEIGHTS.kind[seq.kind];
  if (seq.kind === 'paragraph' && (seq.bold || WORD_FAMILY.test(seq.family))) score += WEIGHTS.emphasisedParagraph;
  if (match) score += match.strict ? WEIGHTS.strictMatch : WEIGHTS.looseMatch;
  // Two lists of the announced size ("4 lý do:" … then "4 giải pháp"): the one introduced by
  // the same noun as the title's count is the one the title refers to.
  if (match && (match.source === 'title' || match.source === 'lead') && sameNoun(match, localAnnouncements(announcements, intro, start, total))) score += WEIGHTS.sameNoun;
  if (headingBefore(blocks, start) !== null) score += WEIGHTS.headingAbove;
  score += Math.min(total, WEIGHTS.maxCountedItems) * WEIGHTS.perItem + seq.gaps.length * WEIGHTS.perGap;
  return { seq, score, match };
}

/** Each item's text: from its marker (the marker itself left out) to the next item or the end of its section. */
function taskTexts(seq: Sequence, blocks: BodyBlock[]): ArticleTask[] {
  const spans = itemSpans(seq, blocks);
  return seq.items.map((item, k) => {
    const [from, to] = spans[k]!;
    const parts: string[] = [];
    if (item.listItem !== null) {
      parts.push(item.marker?.rest ?? '');
    } else {
      for (let i = from; i < to; i++) {
        const b = blocks[i]!;
        if (i === from && item.marker) parts.push(item.marker.rest);
        else parts.push(b.text);
      }
    }
    const kept = parts.filter((p) => p.trim() !== '');
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

/** "Bộ đề ra 3 giải pháp:" right before a list announces its count. */
function introAnnouncements(blocks: BodyBlock[], start: number): Announcement[] {
  const prev = blocks[start - 1];
  if (!prev || prev.type === 'heading' || prev.type === 'list') return [];
  return findAnnouncements(prev.text, 'intro', start - 1).filter((a) => a.strict);
}

/** The heading just above an enumeration (at most two intro blocks in between). */
function headingBefore(blocks: BodyBlock[], start: number): string | null {
  for (let i = start - 1; i >= Math.max(0, start - 3); i--) {
    const b = blocks[i]!;
    if (b.type === 'heading') return b.text;
  }
  return null;
}

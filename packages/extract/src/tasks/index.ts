import type { ArticleTask } from '@ingest/contracts';
import type { BodyBlock } from '../body/blocks';
import { findAnnouncements, type Announcement } from './announcement';
import { findSequences, itemSpans, type Sequence } from './enumerations';

export interface TaskResult {
  announcedTaskCount: number | null;
  taskHeading: string | null;
  tasks: ArticleTask[];
  taskWarnings: string[];
}

/** Prominence of a sequence by how its markers are written. */
const KIND_WEIGHT: Record<string, number> = { heading: 30, paragraph: 12, list: 15, bullet: 0 };
const WORD_FAMILY = /^(?:vi-thu|vi-la|en-ord|kw:)/;
/** Bounds on the work per page: no article announces or enumerates more than a few hundred things. */
const MAX_ANNOUNCEMENTS = 300;
const MAX_SEQUENCES = 300;

/**
 * The numbered tasks of an article: the count it announces (title, lead, a sub-heading or the
 * paragraph introducing a list) and the enumeration that count refers to — else the most
 * prominent one. Items run from their marker to the next one; the last runs to the end of
 * its section of the body (site boxes are never part of the body).
 */
export function findTasks(blocks: BodyBlock[], title: string, lead: string, language: string | null): TaskResult {
  const announcements: Announcement[] = [
    ...findAnnouncements(title, 'title', null),
    ...findAnnouncements(lead, 'lead', null),
  ];
  for (let i = 0; i < blocks.length && announcements.length < MAX_ANNOUNCEMENTS; i++) {
    const b = blocks[i]!;
    if (b.type === 'heading') announcements.push(...findAnnouncements(b.text, 'heading', i));
  }
  const strict = announcements.filter((a) => a.strict);
  const firstStrict = pickFirst(strict);

  const sequences = findSequences(blocks, language).slice(0, MAX_SEQUENCES);
  let best: { seq: Sequence; score: number; match: Announcement | null } | null = null;
  for (const seq of sequences) {
    const total = seq.items.length;
    const start = seq.items[0]!.block;
    const intro = introAnnouncements(blocks, start);
    const candidates = [...announcements.filter((a) => a.block === null || a.block < start), ...intro];
    const match = pickFirst(candidates.filter((a) => a.count === total && a.strict)) ?? pickFirst(candidates.filter((a) => a.count === total));
    if ((seq.kind === 'bullet' || seq.family === 'ul') && !(match && match.strict)) continue;
    let score = KIND_WEIGHT[seq.kind] ?? 0;
    if (seq.kind === 'paragraph' && (seq.bold || WORD_FAMILY.test(seq.family))) score += 10;
    if (match) score += match.strict ? 100 : 60;
    // Two lists of the announced size ("4 lý do:" … then "4 giải pháp"): the one introduced by
    // the same noun as the title's count is the one the title refers to.
    if (match && (match.source === 'title' || match.source === 'lead') && sameNoun(match, localAnnouncements(announcements, intro, start, total))) score += 20;
    if (headingBefore(blocks, start) !== null) score += 5;
    score += Math.min(total, 12) * 2 - seq.gaps.length * 5;
    if (!best || score > best.score) best = { seq, score, match };
  }

  const warnings: string[] = [];
  if (!best) {
    if (firstStrict) warnings.push(`announced ${firstStrict.count} tasks but found no numbered items`);
    return { announcedTaskCount: firstStrict?.count ?? null, taskHeading: null, tasks: [], taskWarnings: warnings };
  }

  const { seq, match } = best;
  const spans = itemSpans(seq, blocks);
  const tasks: ArticleTask[] = seq.items.map((item, k) => {
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

  const announced = match?.count ?? firstStrict?.count ?? null;
  if (announced !== null && announced !== tasks.length) warnings.push(`announced ${announced} tasks but found ${tasks.length}`);
  for (const [a, b] of seq.gaps) warnings.push(`numbering skips from ${a} to ${b}`);
  const firstOrdinal = seq.items[0]!.marker?.ordinal ?? 1;
  if (!seq.implicitFirst && firstOrdinal > 1 && seq.kind !== 'list') warnings.push(`numbering starts at ${firstOrdinal}`);

  const heading = headingBefore(blocks, seq.items[0]!.block);
  const announcingHeading = match?.source === 'heading' && match.block !== null ? blocks[match.block]!.text : null;
  return {
    announcedTaskCount: announced,
    taskHeading: heading ?? announcingHeading,
    tasks,
    taskWarnings: warnings,
  };
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

/**
 * `pnpm bench tasks [--worst N]`: numbered-task extraction over every task fixture
 * (packages/extract/test/fixtures/tasks/, tasks-known-gaps/ and the two seed templates), scored
 * against the hand-written expectations: pages fully right, task precision / recall / F1 and
 * errors per field. Beside ours, a naive reading (the body's first numbered list: an <ol>, else
 * paragraphs "1.", "2."…; the title's first number as the count) shows what the rules add.
 * Merges its figures into bench/results.json under `tasks`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Article, ArticleTask } from '@ingest/contracts';
import { extract } from '@ingest/extract';
import { REPO_ROOT, parseArgs, table } from './dataset';
import { mergeResult } from './results';

const FIXTURES = join(REPO_ROOT, 'packages/extract/test/fixtures');

type Task = Pick<ArticleTask, 'ordinal' | 'marker' | 'text' | 'paragraphs'>;

/** What a page should give; `taskWarnings` is how many warnings it should produce. */
interface Expected {
  announcedTaskCount: number | null;
  taskHeading: string | null;
  tasks: Task[];
  taskWarnings: number;
}

interface Page {
  name: string;
  set: 'tasks' | 'known-gaps' | 'seed';
  html: string;
  url: string;
  want: Expected;
}

/** The fields a page can get wrong; page-level ones count pages, task-level ones count tasks aligned by ordinal. */
const FIELDS = ['announcedTaskCount', 'taskHeading', 'task count', 'taskWarnings count', 'marker', 'text', 'paragraphs'] as const;
type Field = (typeof FIELDS)[number];

interface Score {
  pages: number;
  fullyRight: number;
  expectedTasks: number;
  foundTasks: number;
  rightTasks: number;
  errors: Record<Field, number>;
  wrongPages: string[];
}

function loadPages(): Page[] {
  const pages: Page[] = [];
  for (const [set, sub] of [['tasks', 'tasks'], ['known-gaps', 'tasks-known-gaps']] as const) {
    const dir = join(FIXTURES, sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.html')).sort()) {
      const name = f.slice(0, -'.html'.length);
      const want = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as Expected & { url: string };
      pages.push({ name, set, html: readFileSync(join(dir, f), 'utf8'), url: want.url, want });
    }
  }
  const seed = JSON.parse(readFileSync(join(FIXTURES, 'seed.expected.json'), 'utf8')) as Omit<Expected, 'tasks' | 'taskWarnings'> & { tasks: Omit<Task, 'paragraphs'>[] };
  const want: Expected = {
    announcedTaskCount: seed.announcedTaskCount,
    taskHeading: seed.taskHeading,
    tasks: seed.tasks.map((t) => ({ ...t, paragraphs: t.text.split('\n\n').length })),
    taskWarnings: 0,
  };
  for (const file of ['seed-laodong.html', 'seed-vnexpress.html']) {
    pages.push({ name: file.replace(/\.html$/, ''), set: 'seed', html: readFileSync(join(FIXTURES, file), 'utf8'), url: 'https://laodong.vn/thoi-su/seed-990123.ldo', want });
  }
  return pages;
}

/** The naive reading: the first <ol> of the body, else the first run of "1." paragraphs; the title's first number. */
function naive(a: Article): Expected {
  const count = /(?<![\p{L}\p{N}])(\d{1,2})(?![\p{N}])/u.exec(a.title);
  const list = a.blocks.find((b) => b.type === 'list' && b.ordered);
  let tasks: Task[] = [];
  if (list && list.type === 'list') tasks = list.items.map((text, i) => ({ ordinal: i + 1, marker: `${i + 1}.`, text, paragraphs: 1 }));
  else {
    for (const b of a.blocks) {
      if (b.type === 'list') continue;
      const m = /^(\d{1,2})\.\s+(.*)$/su.exec(b.text);
      if (m && Number(m[1]) === tasks.length + 1) tasks.push({ ordinal: tasks.length + 1, marker: `${m[1]}.`, text: m[2]!, paragraphs: 1 });
    }
    if (tasks.length < 2) tasks = [];
  }
  return { announcedTaskCount: count ? Number(count[1]) : null, taskHeading: null, tasks, taskWarnings: 0 };
}

function ours(a: Article): Expected {
  return {
    announcedTaskCount: a.announcedTaskCount,
    taskHeading: a.taskHeading,
    tasks: a.tasks.map((t) => ({ ordinal: t.ordinal, marker: t.marker, text: t.text, paragraphs: t.paragraphs })),
    taskWarnings: a.taskWarnings.length,
  };
}

function emptyScore(): Score {
  const errors = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
  return { pages: 0, fullyRight: 0, expectedTasks: 0, foundTasks: 0, rightTasks: 0, errors, wrongPages: [] };
}

/** Adds one page: a found task is right when its ordinal, marker and text equal an expected one's. */
function addPage(s: Score, name: string, got: Expected, want: Expected): void {
  s.pages++;
  s.expectedTasks += want.tasks.length;
  s.foundTasks += got.tasks.length;
  const e = s.errors;
  let wrong = 0;
  const miss = (f: Field, bad: boolean): void => {
    if (bad) [e[f], wrong] = [e[f] + 1, wrong + 1];
  };
  miss('announcedTaskCount', got.announcedTaskCount !== want.announcedTaskCount);
  miss('taskHeading', got.taskHeading !== want.taskHeading);
  miss('task count', got.tasks.length !== want.tasks.length);
  miss('taskWarnings count', got.taskWarnings !== want.taskWarnings);
  for (let i = 0; i < Math.min(got.tasks.length, want.tasks.length); i++) {
    const g = got.tasks[i]!;
    const w = want.tasks[i]!;
    miss('marker', g.marker !== w.marker);
    miss('text', g.text !== w.text);
    miss('paragraphs', g.paragraphs !== w.paragraphs);
    if (g.ordinal === w.ordinal && g.marker === w.marker && g.text === w.text) s.rightTasks++;
  }
  if (wrong === 0) s.fullyRight++;
  else s.wrongPages.push(name);
}

function figures(s: Score): { precision: number; recall: number; f1: number } {
  const precision = s.foundTasks === 0 ? 1 : s.rightTasks / s.foundTasks;
  const recall = s.expectedTasks === 0 ? 1 : s.rightTasks / s.expectedTasks;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export async function runTasksBench(argv: string[]): Promise<void> {
  const worst = Number(parseArgs(argv).flags.get('worst') ?? 10);
  const pages = loadPages();
  const scores = { ours: emptyScore(), naive: emptyScore() };
  let ms = 0;
  for (const p of pages) {
    const t0 = performance.now();
    const a = extract(p.html, p.url);
    ms += performance.now() - t0;
    addPage(scores.ours, p.name, ours(a), p.want);
    addPage(scores.naive, p.name, naive(a), p.want);
  }
  printScores(pages, scores, ms, worst);
  const summary = (s: Score) => ({ ...pick(s), ...round(figures(s)), errors: s.errors });
  const tasks = { at: new Date().toISOString(), ours: { ...summary(scores.ours), wrongPages: scores.ours.wrongPages }, naive: summary(scores.naive) };
  mergeResult('tasks', tasks);
}

function pick(s: Score): Pick<Score, 'pages' | 'fullyRight' | 'expectedTasks' | 'foundTasks' | 'rightTasks'> {
  return { pages: s.pages, fullyRight: s.fullyRight, expectedTasks: s.expectedTasks, foundTasks: s.foundTasks, rightTasks: s.rightTasks };
}

function round(f: { precision: number; recall: number; f1: number }): typeof f {
  return { precision: Number(f.precision.toFixed(3)), recall: Number(f.recall.toFixed(3)), f1: Number(f.f1.toFixed(3)) };
}

function printScores(pages: Page[], scores: { ours: Score; naive: Score }, ms: number, worst: number): void {
  const sets = ['tasks', 'known-gaps', 'seed'].map((s) => `${pages.filter((p) => p.set === s).length} ${s}`).join(', ');
  console.log(`numbered tasks over ${pages.length} pages (${sets}); extraction ${(ms / pages.length).toFixed(1)} ms/page\n`);
  const row = (name: string, s: Score): (string | number)[] => {
    const f = figures(s);
    return [name, `${s.fullyRight}/${s.pages}`, `${s.rightTasks}/${s.foundTasks}/${s.expectedTasks}`, f.precision.toFixed(3), f.recall.toFixed(3), f.f1.toFixed(3)];
  };
  console.log(table(['system', 'pages fully right', 'tasks right/found/expected', 'precision', 'recall', 'F1'], [row('ours (@ingest/extract)', scores.ours), row('naive: first numbered list', scores.naive)]));
  console.log(`\n${table(['field', 'ours: errors', 'naive: errors'], FIELDS.map((f) => [f, scores.ours.errors[f], scores.naive.errors[f]]))}`);
  console.log('  (announcedTaskCount … taskWarnings count: pages wrong; marker, text, paragraphs: tasks wrong, aligned by ordinal)');
  if (scores.ours.wrongPages.length) console.log(`\nour wrong pages: ${scores.ours.wrongPages.slice(0, worst).join(', ')}`);
}

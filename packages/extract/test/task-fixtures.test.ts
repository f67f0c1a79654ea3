import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/index';

/**
 * Whole news pages (several site templates, Vietnamese and English) with the numbered tasks a
 * careful human reader sees in them. Each `NAME.html` has a hand-written `NAME.expected.json`.
 */
interface ExpectedTasks {
  url: string;
  announcedTaskCount: number | null;
  taskHeading: string | null;
  tasks: Array<{ ordinal: number; marker: string; text: string; paragraphs: number }>;
  /** How many task warnings the page should produce. */
  taskWarnings: number;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tasks');
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.html'))
  .map((f) => f.slice(0, -'.html'.length))
  .sort();

describe('task fixture corpus', () => {
  it('has at least 20 pages, each with an expectation', () => {
    expect(pages.length).toBeGreaterThanOrEqual(20);
    const expectations = readdirSync(dir).filter((f) => f.endsWith('.expected.json'));
    expect(expectations.map((f) => f.slice(0, -'.expected.json'.length)).sort()).toEqual(pages);
  });

  it.each(pages)('%s', (name) => {
    const html = readFileSync(join(dir, `${name}.html`), 'utf8');
    const want = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as ExpectedTasks;
    const a = extract(html, want.url);
    expect({
      announcedTaskCount: a.announcedTaskCount,
      taskHeading: a.taskHeading,
      tasks: a.tasks.map((t) => ({ ordinal: t.ordinal, marker: t.marker, text: t.text, paragraphs: t.paragraphs })),
      taskWarnings: a.taskWarnings.length,
    }).toEqual({
      announcedTaskCount: want.announcedTaskCount,
      taskHeading: want.taskHeading,
      tasks: want.tasks,
      taskWarnings: want.taskWarnings,
    });
  });
});

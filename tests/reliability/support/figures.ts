import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Env var naming a directory: when set (by `pnpm bench reliability`), each test file leaves its figures there. */
export const FIGURES_DIR_ENV = 'RELIABILITY_FIGURES_DIR';

/** Prints a test's figures (one line each) and hands them to the bench when it asked for them. */
export function recordFigures(name: string, figures: Record<string, unknown>): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  const lines = Object.entries(figures).map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  console.log(`[reliability] ${name}\n${lines.join('\n')}`);
  const dir = process.env[FIGURES_DIR_ENV];
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  }
}

export const MB = 1024 * 1024;

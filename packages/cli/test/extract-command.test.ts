import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'packages/extract/test/fixtures');

/** Runs `ingest extract` as a user does: its own process, optional stdin. No services needed. */
function ingestExtract(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'extract', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const FIELDS = [
  'file', 'title', 'lead', 'authors', 'authorRoles', 'sourceLabel', 'publishedAt', 'modifiedAt', 'language', 'canonicalUrl', 'siteName',
  'section', 'tags', 'images', 'body', 'blocks', 'wordCount', 'announcedTaskCount', 'taskHeading', 'tasks', 'taskWarnings', 'warnings',
];

describe('ingest extract (CLI contract)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-extract-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one line per input in order (.html.gz gunzipped, - for stdin, non-articles included); exit 0 when all readable', async () => {
    const gz = join(dir, 'seed.html.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(FIXTURES, 'seed-laodong.html'))));
    const notArticle = join(dir, 'login.html');
    writeFileSync(notArticle, '<html><body><form><input name="user"><button>Log in</button></form></body></html>');
    const stdin = readFileSync(join(FIXTURES, 'seed-vnexpress.html'), 'utf8');

    const r = await ingestExtract([gz, '-', notArticle], stdin);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.file)).toEqual([gz, '-', notArticle]);
    for (const l of lines) expect(Object.keys(l).sort()).toEqual([...FIELDS].sort());
    expect(lines[0]!.title).toBe('6 nhiệm vụ trọng tâm công tác dân vận năm 2022');
    expect(lines[1]!.title).toBe('6 nhiệm vụ trọng tâm công tác dân vận năm 2022');
    expect(lines[0]!.announcedTaskCount).toBe(6);
    expect(lines[2]!.body).toBe('');
    expect(lines[2]!.warnings).toContain('no article body found');
  });

  it('exits non-zero for an unreadable file, with one stderr line naming it, and still prints the others', async () => {
    const missing = join(dir, 'no-such-page.html');
    const broken = join(dir, 'broken.html.gz');
    writeFileSync(broken, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    const r = await ingestExtract([join(FIXTURES, 'seed-laodong.html'), missing, broken]);
    expect(r.code).toBe(1);
    const errLines = r.stderr.trimEnd().split('\n');
    expect(errLines).toHaveLength(2);
    expect(errLines[0]).toContain(missing);
    expect(errLines[1]).toContain(broken);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { file: string });
    expect(lines.map((l) => l.file)).toEqual([join(FIXTURES, 'seed-laodong.html')]);
  });
});

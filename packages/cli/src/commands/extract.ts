import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { decodeBody } from '@ingest/crawl';
import { extract } from '@ingest/extract';

/**
 * `ingest extract [--url URL] FILE...`: one JSON line per input file, in input order.
 * Only an unreadable file makes the exit code non-zero; a page that is not an article
 * still gets its line (with empty fields and warnings).
 */
export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('extract the article from HTML files (- for stdin, .gz read gunzipped); prints one JSON line per file')
    .argument('<file...>', 'HTML files')
    .option('--url <url>', 'URL the page was fetched from (for relative links and site rules)', 'http://localhost/')
    .option('--timezone <offset>', 'timezone of the site when the page gives none, e.g. +07:00')
    .action(async (files: string[], opts: { url: string; timezone?: string }) => {
      let failed = false;
      for (const file of files) {
        let bytes: Buffer;
        try {
          bytes = file === '-' ? await readStdin() : await readFile(file);
          if (file.endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b)) bytes = gunzipSync(bytes);
        } catch (err) {
          process.stderr.write(`ingest extract: cannot read ${file}: ${oneLine((err as Error).message)}\n`);
          failed = true;
          continue;
        }
        const { text } = decodeBody(bytes, null);
        const article = extract(text, opts.url, opts.timezone ? { timezone: opts.timezone } : undefined);
        process.stdout.write(JSON.stringify({ file, ...article }) + '\n');
      }
      if (failed) process.exitCode = 1;
    });
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The contract promises one stderr line per unreadable file. */
function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

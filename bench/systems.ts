/** The extractors under comparison, each as html + url → plain text. Dev-only: readability/jsdom stay in bench/. */
import { Readability } from '@mozilla/readability';
import { load } from 'cheerio/slim';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extract } from '@ingest/extract';
import { normalizeWs } from './dataset';

export type SystemName = 'ours' | 'readability';
export const SYSTEMS: SystemName[] = ['ours', 'readability'];

export interface SystemOutput {
  text: string | null;
  /** Extra diagnostics (our extractor's warnings). */
  notes: string[];
}

/**
 * Our article text = `lead` + `body`. The published systems are scored on the main text they output;
 * for us that is what a reader gets below the headline: the lead (standfirst), when the extractor pulled it
 * out of the body, then the body. The title is left out, as trafilatura's default text output leaves it out.
 */
export function runOurs(html: string, url: string): SystemOutput {
  const a = extract(html, url);
  const body = a.body;
  const lead = a.lead.trim();
  const text = lead && !normalizeWs(body).includes(normalizeWs(lead)) ? `${lead}\n\n${body}` : body;
  return { text, notes: a.warnings };
}

/** Quiet console: jsdom otherwise prints CSS parse errors for many pages. Scripts are never run. */
export function makeDom(html: string, url: string): JSDOM {
  return new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
}

export function runReadability(html: string, url: string): SystemOutput {
  const dom = makeDom(html, url);
  try {
    const parsed = new Readability(dom.window.document).parse();
    return { text: parsed?.textContent ?? null, notes: parsed ? [] : ['readability returned null'] };
  } finally {
    dom.window.close();
  }
}

export function runSystem(name: SystemName, html: string, url: string): SystemOutput {
  return name === 'ours' ? runOurs(html, url) : runReadability(html, url);
}

/** The floor for the speed bench: parse only, htmlparser2 mode as our extractor uses. */
export function cheerioParse(html: string): unknown {
  return load(html, { xml: { xmlMode: false, decodeEntities: true } });
}

/** jsdom rejects some URLs; fall back to the default. */
export function safeUrl(url: string | null, fallback: string): string {
  if (!url) return fallback;
  try {
    return new URL(url).href;
  } catch {
    return fallback;
  }
}

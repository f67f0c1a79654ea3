import { StageError } from '@ingest/contracts';

/**
 * Label values must stay few: every distinct value is a time series kept forever by
 * Prometheus. These helpers reduce free text to a short class and cap how many distinct
 * classes one label may take in a process.
 */
const MAX_VALUES_PER_LABEL = 64;
const seen = new Map<string, Set<string>>();

/** `value`, or "other" once the label already took MAX_VALUES_PER_LABEL distinct values. */
export function bounded(label: string, value: string): string {
  let values = seen.get(label);
  if (!values) seen.set(label, (values = new Set()));
  if (values.has(value)) return value;
  if (values.size >= MAX_VALUES_PER_LABEL) return 'other';
  values.add(value);
  return value;
}

/**
 * The class of a failure: the code our errors carry (StageError and its kinds, e.g.
 * FetchError's reason); library errors are known by their name (ConnectionError,
 * TimeoutError, ResponseError…). The message is for people and never read here.
 */
export function reasonClass(err: unknown): string {
  if (err instanceof StageError) return err.code;
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown };
    if (typeof e.name === 'string' && e.name && e.name !== 'Error' && e.name !== 'UnrecoverableError') return e.name;
  }
  return 'error';
}

/** An extractor warning without its particulars: numbers become N, quoted text "…", details after ":" dropped. */
export function warningClass(warning: string): string {
  const unquoted = warning.replace(/"[^"]*"/g, '"…"');
  const head = unquoted.includes(':') ? unquoted.slice(0, unquoted.indexOf(':')) : unquoted;
  return head
    .replace(/\d+/g, 'N')
    .trim()
    .slice(0, 80);
}

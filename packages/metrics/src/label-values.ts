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

const CODE = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;

/**
 * The class of a failure: our errors start their message with a code ("http-status: …",
 * "page-expired: …", FetchError's reason); library errors are known by their name
 * (ConnectionError, TimeoutError, ResponseError…).
 */
export function reasonClass(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { reason?: unknown; message?: unknown; name?: unknown };
    if (typeof e.reason === 'string' && CODE.test(e.reason)) return e.reason;
    if (typeof e.message === 'string') {
      const head = e.message.split(':', 1)[0]!.trim();
      if (head.length <= 40 && CODE.test(head) && e.message.includes(':')) return head;
    }
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

import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { parseSource, InvalidSourceError, type Source } from './source';

/**
 * Reads a file of source definitions: JSON or YAML (by extension), either a list of
 * sources or `{ sources: [...] }`. Every bad entry is named in one error.
 */
export async function loadSourcesFile(path: string): Promise<Source[]> {
  const text = await readFile(path, 'utf8');
  return parseSourcesText(text, /\.ya?ml$/i.test(path) ? 'yaml' : 'json', path);
}

export function parseSourcesText(text: string, format: 'json' | 'yaml', origin = 'sources'): Source[] {
  let doc: unknown;
  try {
    doc = format === 'yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new Error(`${origin}: not valid ${format.toUpperCase()}: ${(err as Error).message}`);
  }
  const entries = Array.isArray(doc) ? doc : (doc as { sources?: unknown })?.sources;
  if (!Array.isArray(entries)) throw new Error(`${origin}: expected a list of sources or {sources: [...]}`);
  const problems: string[] = [];
  const sources: Source[] = [];
  entries.forEach((entry, i) => {
    try {
      sources.push(parseSource(entry));
    } catch (err) {
      const id = (entry as { id?: unknown })?.id;
      problems.push(`entry ${i}${typeof id === 'string' ? ` (${id})` : ''}: ${err instanceof InvalidSourceError ? err.issues.join('; ') : (err as Error).message}`);
    }
  });
  const ids = new Set<string>();
  for (const s of sources) {
    if (ids.has(s.id)) problems.push(`duplicate id ${s.id}`);
    ids.add(s.id);
  }
  if (problems.length) throw new Error(`${origin}: ${problems.join('\n  ')}`);
  return sources;
}

import { toIndexedArticle, type IndexedArticle } from '@ingest/contracts';
import { extract } from '@ingest/extract';

/** Marks a page whose extraction never ends. */
export const SPIN_MARKER = 'poison-page:spin-forever';
/** Marks a page that makes the extractor throw. */
export const THROW_MARKER = 'poison-page:throw';

/**
 * What the poison-page test's extraction threads run instead of the extractor: the real one,
 * except for a page carrying a marker, where it spins forever (as a runaway regex or a
 * pathological tree walk would) or throws.
 */
export default function poisonExtract(html: string, url: string): IndexedArticle {
  if (html.includes(SPIN_MARKER)) for (;;);
  if (html.includes(THROW_MARKER)) throw new Error('extractor crashed on a poison page');
  return toIndexedArticle(extract(html, url));
}

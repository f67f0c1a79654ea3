/**
 * Turns page bytes into text. Order of evidence, as browsers do it: a byte-order mark,
 * then the charset in the Content-Type header, then a <meta> charset in the first 2 KB,
 * then UTF-8. Decoding uses the WHATWG TextDecoder built into Node (full ICU), which
 * knows the legacy Vietnamese windows-1258 as well as every other web encoding.
 */
export function detectCharset(bytes: Uint8Array, contentType: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  const fromHeader = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
  if (fromHeader && isKnown(fromHeader)) return fromHeader.toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const fromMeta =
    head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i)?.[1] ??
    head.match(/<meta[^>]+content\s*=\s*["'][^"']*charset\s*=\s*([\w.:-]+)/i)?.[1];
  if (fromMeta && isKnown(fromMeta)) return fromMeta.toLowerCase();
  return 'utf-8';
}

function isKnown(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

export function decodeBody(bytes: Uint8Array, contentType: string | null): { text: string; charset: string } {
  const charset = detectCharset(bytes, contentType);
  // `fatal: false` replaces undecodable bytes with U+FFFD instead of failing the page.
  const text = new TextDecoder(charset, { fatal: false }).decode(bytes);
  return { text, charset };
}

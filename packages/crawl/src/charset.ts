/**
 * Turns page bytes into text. Order of evidence, as browsers do it: a byte-order mark,
 * then the charset in the Content-Type header, then a <meta> charset in the page's head,
 * then UTF-8 when the bytes are valid UTF-8, else windows-1252 (what browsers assume of
 * unlabelled legacy pages). Decoding uses the WHATWG TextDecoder built into Node (full
 * ICU), which knows the legacy Vietnamese windows-1258 as well as every other web encoding.
 */
export function detectCharset(bytes: Uint8Array, contentType: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  const fromHeader = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
  if (fromHeader && isKnown(fromHeader)) return fromHeader.toLowerCase();
  const fromMeta = metaCharset(bytes);
  if (fromMeta && isKnown(fromMeta)) return fromMeta.toLowerCase();
  return isValidUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

/**
 * The <meta> charset of the head. Browsers look at the first 1 KB only, but many real
 * pages declare it after kilobytes of scripts and styles; the head is bounded to 64 KB
 * and ends at </head> or <body, so a charset quoted in the article text never counts.
 */
const META_SCAN_BYTES = 64 * 1024;
function metaCharset(bytes: Uint8Array): string | undefined {
  let head = Buffer.from(bytes.subarray(0, META_SCAN_BYTES)).toString('latin1');
  const end = head.search(/<\/head\s*>|<body[\s>]/i);
  if (end >= 0) head = head.slice(0, end);
  return (
    head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i)?.[1] ??
    head.match(/<meta[^>]+content\s*=\s*["'][^"']*charset\s*=\s*([\w.:-]+)/i)?.[1]
  );
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
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

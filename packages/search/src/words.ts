/**
 * The words of a text: runs of letters, marks and digits (Unicode), found through a table
 * of the Basic Multilingual Plane built once (~30 ms), like fold.ts: on the indexer's hot
 * path a regular expression with Unicode classes cost several times more per body.
 * Surrogates count as word characters, so a letter beyond the BMP stays inside its word.
 */
let wordTable: Uint8Array | undefined;

function buildWordTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  const word = /[\p{L}\p{M}\p{N}]/u;
  for (let c = 0; c < 0x10000; c++) table[c] = (c >= 0xd800 && c <= 0xdfff) || word.test(String.fromCharCode(c)) ? 1 : 0;
  return table;
}

export function wordsOf(text: string): string[] {
  const table = (wordTable ??= buildWordTable());
  const out: string[] = [];
  let start = -1;
  for (let i = 0, n = text.length; i <= n; i++) {
    const inWord = i < n && table[text.charCodeAt(i)] === 1;
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
    }
  }
  return out;
}

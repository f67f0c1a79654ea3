import { foldText } from '../fold';
import { wordsOf } from '../words';

/**
 * Near-duplicate detection by MinHash over the body's word shingles. Two bodies are near
 * copies when their sets of word 3-grams overlap by at least `NEAR_DUPLICATE_JACCARD`
 * (Jaccard similarity); MinHash estimates that overlap from a fixed-size signature, and
 * LSH bands (`bandKeys`) find the candidates to compare without looking at every article:
 * with 16 bands of 4 rows, a pair at Jaccard 0.5 shares a band with probability 0.64,
 * at 0.7 with 0.98, at 0.3 with 0.12 (1 − (1 − J⁴)¹⁶).
 *
 * Shingles are taken from the folded words (case and diacritics do not matter; a
 * re-typed copy without diacritics is still a copy), so a changed headline or a few
 * added boilerplate lines move the estimate a little, and a different article on the same
 * topic shares few 3-grams even when it shares its vocabulary.
 */
export const SIGNATURE_SIZE = 64;
export const BANDS = 16;
export const ROWS_PER_BAND = SIGNATURE_SIZE / BANDS;
export const SHINGLE_WORDS = 3;
export const NEAR_DUPLICATE_JACCARD = 0.5;
/** Bodies with fewer shingles than this are never merged: too little text to tell. */
export const MIN_SHINGLES = 12;

export interface MinHashSignature {
  /** SIGNATURE_SIZE minimum hashes, each 8 hex digits, concatenated. */
  hex: string;
  /** Word 3-grams of the text (repeats included). */
  shingles: number;
}

/**
 * The word 3-grams of a text, each as a pair of 32-bit hashes: every word is hashed once
 * (two ways) and a shingle's hashes mix its words' hashes in order, so no shingle string is
 * built. A repeated shingle is not removed: it cannot change a minimum.
 */
function shingleHashes(text: string): { h1: Uint32Array; h2: Uint32Array } {
  const words = wordsOf(foldText(text));
  const n = Math.max(0, words.length - SHINGLE_WORDS + 1);
  const a = new Uint32Array(words.length);
  const b = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    a[i] = fnv1a(words[i]!, 0x811c9dc5);
    b[i] = fnv1a(words[i]!, 0x01000193);
  }
  const h1 = new Uint32Array(n);
  const h2 = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    h1[i] = mix(Math.imul(a[i]!, 0x9e3779b1) ^ Math.imul(a[i + 1]!, 0x85ebca77) ^ a[i + 2]!);
    h2[i] = mix(Math.imul(b[i]!, 0xc2b2ae3d) ^ Math.imul(b[i + 1]!, 0x27d4eb2f) ^ b[i + 2]!) | 1;
  }
  return { h1, h2 };
}

/** 32-bit FNV-1a over UTF-16 code units, from a given offset basis, then mixed. */
function fnv1a(s: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix(h);
}

/** A final avalanche (murmur3's): FNV's and a product's low bits alone mix poorly. */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The signature, by one-permutation hashing: each shingle is hashed once, its first hash
 * picks one of SIGNATURE_SIZE bins and its second is the value whose minimum the bin keeps
 * — one step per shingle instead of SIGNATURE_SIZE, with the same estimate of the Jaccard
 * similarity as SIGNATURE_SIZE hash functions once there are many more shingles than bins.
 * A bin no shingle fell into (short texts) takes the value of the next filled bin to its
 * right, mixed with the distance ("rotation" densification), so two copies fill it alike.
 * Null when the text has fewer than MIN_SHINGLES shingles.
 */
export function minHashSignature(text: string): MinHashSignature | null {
  const { h1, h2 } = shingleHashes(text);
  if (h1.length < MIN_SHINGLES) return null;
  const mins = new Uint32Array(SIGNATURE_SIZE).fill(EMPTY);
  const filled = new Uint8Array(SIGNATURE_SIZE);
  for (let s = 0; s < h1.length; s++) {
    const bin = h1[s]! >>> BIN_SHIFT;
    const v = h2[s]!;
    if (!filled[bin] || v < mins[bin]!) {
      mins[bin] = v;
      filled[bin] = 1;
    }
  }
  let hex = '';
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    let value = mins[i]!;
    if (!filled[i]) {
      let k = 1;
      while (!filled[(i + k) % SIGNATURE_SIZE]) k++;
      value = mix(mins[(i + k) % SIGNATURE_SIZE]! + Math.imul(k, 0x9e3779b1));
    }
    hex += value.toString(16).padStart(8, '0');
  }
  return { hex, shingles: h1.length };
}

const EMPTY = 0xffffffff;
/** The top bits of a shingle's first hash name its bin: log2(SIGNATURE_SIZE) of them. */
const BIN_SHIFT = 32 - Math.log2(SIGNATURE_SIZE);

/** The estimated Jaccard similarity of two signatures: the share of equal minimums. */
export function estimatedJaccard(a: string, b: string): number {
  let equal = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a.substr(i * 8, 8) === b.substr(i * 8, 8)) equal++;
  return equal / SIGNATURE_SIZE;
}

/** The LSH band values of a signature: near copies share at least one with high probability. */
export function bandKeys(sig: string): string[] {
  const width = ROWS_PER_BAND * 8;
  return Array.from({ length: BANDS }, (_, b) => sig.slice(b * width, (b + 1) * width));
}

/** Whether two bodies are near copies by the detector's rule (what the index stage decides, without Redis). */
export function isNearDuplicate(a: MinHashSignature | null, b: MinHashSignature | null): boolean {
  return a !== null && b !== null && estimatedJaccard(a.hex, b.hex) >= NEAR_DUPLICATE_JACCARD;
}

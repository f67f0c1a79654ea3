import { describe, expect, it } from 'vitest';
import { bandKeys, BANDS, estimatedJaccard, isNearDuplicate, minHashSignature, SIGNATURE_SIZE } from '../src/stories/minhash';
import { enAgency, enRepublished, enSameTopic, viAgency, viRepublished, viSameTopic } from './story-fixtures';

const sig = (text: string) => minHashSignature(text)!;

describe('MinHash near-duplicate detector', () => {
  it('gives a signature of fixed size, the same for the same text, and none for a text too short to tell', () => {
    const a = sig(viAgency);
    expect(a.hex).toHaveLength(SIGNATURE_SIZE * 8);
    expect(sig(viAgency).hex).toBe(a.hex);
    expect(bandKeys(a.hex)).toHaveLength(BANDS);
    expect(minHashSignature('Breaking: markets fall.')).toBeNull();
    expect(minHashSignature('')).toBeNull();
  });

  for (const [lang, agency, republished, sameTopic] of [
    ['Vietnamese', viAgency, viRepublished, viSameTopic],
    ['English', enAgency, enRepublished, enSameTopic],
  ] as const) {
    describe(lang, () => {
      it('an exact copy is a near duplicate (estimate 1)', () => {
        expect(estimatedJaccard(sig(agency).hex, sig(agency).hex)).toBe(1);
        expect(isNearDuplicate(sig(agency), minHashSignature(agency))).toBe(true);
      });

      it('the same text with a dateline, a credit and a related-news line is a near duplicate', () => {
        expect(estimatedJaccard(sig(agency).hex, sig(republished).hex)).toBeGreaterThan(0.7);
        expect(isNearDuplicate(sig(agency), sig(republished))).toBe(true);
      });

      it('the same text typed without diacritics and in other case is still a copy', () => {
        const retyped = agency.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toUpperCase();
        expect(isNearDuplicate(sig(agency), sig(retyped))).toBe(true);
      });

      it('a different article on the same topic is not merged', () => {
        expect(estimatedJaccard(sig(agency).hex, sig(sameTopic).hex)).toBeLessThan(0.2);
        expect(isNearDuplicate(sig(agency), sig(sameTopic))).toBe(false);
      });

      it('near copies share an LSH band, so the registry finds them as candidates', () => {
        const a = new Set(bandKeys(sig(agency).hex).map((b, i) => `${i}:${b}`));
        expect(bandKeys(sig(republished).hex).some((b, i) => a.has(`${i}:${b}`))).toBe(true);
      });
    });
  }
});

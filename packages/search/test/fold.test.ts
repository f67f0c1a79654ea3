import { describe, expect, it } from 'vitest';
import { cleanQueryText, foldText } from '../src/fold';

describe('foldText', () => {
  it('strips Vietnamese diacritics, folds đ/Đ and lower-cases', () => {
    expect(foldText('6 Nhiệm vụ trọng tâm công tác dân vận năm 2022')).toBe('6 nhiem vu trong tam cong tac dan van nam 2022');
    expect(foldText('Đảng đoàn Phạm Đông, Hải Nguyễn')).toBe('dang doan pham dong, hai nguyen');
    expect(foldText('Ủy viên, Uỷ viên, thứ sáu, phản biện xã hội')).toBe('uy vien, uy vien, thu sau, phan bien xa hoi');
  });

  it('folds other Latin diacritics too', () => {
    expect(foldText('Crème brûlée à São Paulo, Łódź')).toBe('creme brulee a sao paulo, łodz');
  });

  it('keeps the length in UTF-16 units, so highlight offsets line up with the original', () => {
    for (const s of ['Thứ sáu: giám sát', 'İstanbul ǅ ß ﬁ 😀 tiếng Việt', 'x\u0302 e\u0301', 'ΆΈΉ Ωμέγα']) {
      expect(foldText(s)).toHaveLength(s.length);
    }
  });

  it('is idempotent', () => {
    const once = foldText('Nghị quyết Đại hội XIII');
    expect(foldText(once)).toBe(once);
  });
});

describe('cleanQueryText', () => {
  it('normalises to NFC so decomposed input matches composed text', () => {
    expect(cleanQueryText('nhie\u0302\u0323m vu\u0323')).toBe('nhiệm vụ');
  });

  it('replaces lone surrogates and control characters, caps the length', () => {
    expect(cleanQueryText('a\uD800b\uDFFFc\u0000d')).toBe('a\uFFFDb\uFFFDc d');
    expect(cleanQueryText('😀'.repeat(10))).toBe('😀'.repeat(10));
    expect(cleanQueryText('x'.repeat(5000), 100)).toHaveLength(100);
  });
});

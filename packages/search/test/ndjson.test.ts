import { describe, expect, it } from 'vitest';
import { toNdjson } from '../src/ndjson';

/** What the client itself would send for the same values. */
const asClientWould = (values: unknown[]) => Buffer.from(values.map((v) => JSON.stringify(v) + '\n').join(''), 'utf8');

describe('toNdjson (bulk request bodies)', () => {
  it('writes one JSON line per value, byte for byte what the client would send', () => {
    const values = [{ index: { _index: 'articles', _id: 'a1', version: 1, version_type: 'external_gte' } }, { title: 'Thứ nhất, tăng cường giám sát', n: 1, ok: true }, { delete: { _index: 'tasks', _id: 'a1-7' } }];
    const body = toNdjson(values);
    expect(body.equals(asClientWould(values))).toBe(true);
    expect(body.toString('utf8').split('\n').slice(0, -1).map((l) => JSON.parse(l))).toEqual(values);
  });

  it('keeps every character: Vietnamese, CJK, emoji (surrogate pairs), escapes and control characters', () => {
    const values = [{ text: 'Nhiệm vụ trọng tâm — 任务 😀👍🏽 "quoted" \\ back\tslash\n new line \u0000 \u2028' }];
    expect(toNdjson(values).equals(asClientWould(values))).toBe(true);
  });

  it('joins many chunks, and gives a line longer than a chunk its own', () => {
    const long = 'đ'.repeat(700_000); // 1.4 MB in UTF-8: more than one chunk
    const values = Array.from({ length: 3_000 }, (_, i) => (i === 1_500 ? { body: long } : { i, text: `bài số ${i} — tiếng Việt` }));
    const body = toNdjson(values);
    expect(body.length).toBeGreaterThan(1 << 20);
    expect(body.equals(asClientWould(values))).toBe(true);
  });

  it('makes an empty body of no values', () => {
    expect(toNdjson([]).length).toBe(0);
  });
});

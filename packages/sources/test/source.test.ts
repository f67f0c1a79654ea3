import { describe, expect, it } from 'vitest';
import { matchesPatterns, parseDuration, parseSource, parseSourcesText, InvalidSourceError } from '../src/index';

const minimal = { id: 'vnexpress', name: 'VnExpress', feeds: ['https://vnexpress.net/rss/tin-moi-nhat.rss'] };

describe('Source definitions', () => {
  it('fills defaults and turns an interval into milliseconds', () => {
    const s = parseSource({ ...minimal, schedule: { every: '15m' } });
    expect(s).toMatchObject({ seeds: [], sitemaps: [], include: [], exclude: [], paused: false, schedule: { every: 900_000 } });
    expect(parseSource(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('names every problem of a bad definition', () => {
    try {
      parseSource({ id: 'Bad Id', name: '', seeds: ['ftp://x'], include: ['('], schedule: { cron: 'not a cron' }, timezone: 'Mars/Olympus' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidSourceError);
      const text = (err as InvalidSourceError).issues.join('\n');
      for (const path of ['id', 'name', 'seeds.0', 'include.0', 'timezone']) expect(text).toContain(path + ':');
    }
  });

  it('rejects a source with nothing to read, a bad cron, an interval under a second and unknown fields', () => {
    expect(() => parseSource({ id: 'x', name: 'x' })).toThrow(/at least one seed, feed or sitemap/);
    expect(() => parseSource({ ...minimal, schedule: { cron: '61 * * * *' } })).toThrow(/bad cron pattern/);
    expect(() => parseSource({ ...minimal, schedule: { every: 500 } })).toThrow(/at least 1 s/);
    expect(() => parseSource({ ...minimal, colour: 'red' })).toThrow(/colour|unrecognized/i);
    expect(parseSource({ ...minimal, schedule: { cron: '*/5 6-22 * * *' }, timezone: 'Asia/Ho_Chi_Minh' }).schedule).toEqual({ cron: '*/5 6-22 * * *' });
  });

  it('reads durations', () => {
    expect([parseDuration('90s'), parseDuration('2h'), parseDuration(1500), parseDuration('1d'), parseDuration('soon'), parseDuration(0)]).toEqual([90_000, 7_200_000, 1500, 86_400_000, null, null]);
  });

  it('applies include and exclude patterns (exclude wins; no include = all)', () => {
    const s = parseSource({ ...minimal, include: ['-\\d{7}\\.html$'], exclude: ['/video/'] });
    expect(matchesPatterns(s, 'https://vnexpress.net/thoi-su/bai-1234567.html')).toBe(true);
    expect(matchesPatterns(s, 'https://vnexpress.net/video/bai-1234567.html')).toBe(false);
    expect(matchesPatterns(s, 'https://vnexpress.net/thoi-su')).toBe(false);
    expect(matchesPatterns(parseSource(minimal), 'https://vnexpress.net/anything')).toBe(true);
  });

  it('loads a YAML or JSON file of sources and names each bad entry and duplicate id', () => {
    const yaml = `sources:\n  - id: a\n    name: A\n    sitemaps: [https://a.example/sitemap.xml]\n    schedule: { every: 1h }\n  - id: b\n    name: B\n    seeds: [https://b.example/]\n`;
    expect(parseSourcesText(yaml, 'yaml').map((s) => s.id)).toEqual(['a', 'b']);
    expect(parseSourcesText(JSON.stringify([minimal]), 'json')[0]!.id).toBe('vnexpress');
    expect(() => parseSourcesText(JSON.stringify([minimal, minimal, { id: 'z' }]), 'json', 'f.json')).toThrow(/entry 2 \(z\)[\s\S]*duplicate id vnexpress/);
    expect(() => parseSourcesText('{', 'json')).toThrow(/not valid JSON/);
  });
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { registry } from '../src/index';

/** The example dashboard must only chart metrics that exist: a rename here breaks it there. */
describe('infra/grafana dashboard', () => {
  it('queries only metrics the registry defines', async () => {
    const dashboard = JSON.parse(await readFile(new URL('../../../infra/grafana/news-ingest-dashboard.json', import.meta.url), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const defined = new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
    const used = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const t of panel.targets) for (const m of t.expr.matchAll(/\b((?:ingest|process|nodejs)_[a-z0-9_]+)/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect(defined.has(name.replace(/_(bucket|count|sum)$/, '')) || defined.has(name), name).toBe(true);
    // Every metric of ours is on the dashboard.
    for (const name of defined) if (name.startsWith('ingest_')) expect([...used].some((u) => u.startsWith(name)), name).toBe(true);
  });
});

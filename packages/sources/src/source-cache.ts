import type { Source } from './source';
import type { SourceStore } from './source-store';

/** Source definitions read through a few seconds' cache: one Redis read per source, not per page. */
export class SourceCache {
  private readonly entries = new Map<string, { at: number; source: Source | null }>();
  constructor(
    private readonly store: SourceStore,
    private readonly ttlMs = 5_000,
  ) {}

  async get(id: string): Promise<Source | null> {
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.source;
    const source = await this.store.get(id);
    this.entries.set(id, { at: Date.now(), source });
    return source;
  }
}

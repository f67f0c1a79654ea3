import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { QueueName, RedisKeys } from '@ingest/contracts';
import { openQueue, type QueueSettings, type TypedQueue } from '@ingest/queue';
import { parseSource, type Source } from './source';
import { SourceStore } from './source-store';
import { SourceScheduler } from './source-scheduler';
import { loadSourcesFile } from './source-file';
import { RunLedger } from './run-ledger';
import type { RunRecord } from './run-record';
import { healthOf, type HealthThresholds, type HealthWord } from './source-health';

export interface SourceView extends Source {
  nextRunAt: string | null;
  /** The newest run, finished or not. */
  lastRun: RunRecord | null;
  health: HealthWord;
  healthReason: string;
}

/** Runs kept per source and the thresholds of the health word (config.sourceRuns). */
export interface RunSettings extends HealthThresholds {
  kept: number;
}

/** The defaults of @ingest/config's SOURCE_RUNS_KEPT, SOURCE_QUIET_RUNS and SOURCE_QUIET_DAYS, for tools without a config. */
export const DEFAULT_RUN_SETTINGS: RunSettings = { kept: 20, quietRuns: 3, quietDays: 2 };

/**
 * What the CLI and the API do with sources: every change to a definition goes through
 * here, so the stored source and its schedule never disagree.
 */
export class SourceRegistry {
  readonly store: SourceStore;
  private readonly discoverQueue: TypedQueue<'discover'>;
  private readonly scheduler: SourceScheduler;
  readonly runs: RunLedger;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly settings: QueueSettings,
    private readonly runSettings: RunSettings = DEFAULT_RUN_SETTINGS,
  ) {
    this.store = new SourceStore(redis, settings.prefix);
    this.runs = new RunLedger(redis, settings.prefix, { keep: runSettings.kept });
    this.discoverQueue = openQueue(QueueName.discover, settings);
    this.scheduler = new SourceScheduler(this.discoverQueue);
  }

  async list(): Promise<SourceView[]> {
    return Promise.all((await this.store.list()).map((s) => this.view(s)));
  }

  async get(id: string): Promise<SourceView | null> {
    const s = await this.store.get(id);
    return s ? this.view(s) : null;
  }

  /** Adds or replaces a source (validated) and (re)schedules it. */
  async save(input: unknown): Promise<{ source: SourceView; created: boolean }> {
    const source = parseSource(input);
    const created = await this.store.put(source);
    await this.scheduler.sync(source);
    return { source: await this.view(source), created };
  }

  async setPaused(id: string, paused: boolean): Promise<SourceView | null> {
    const source = await this.store.get(id);
    if (!source) return null;
    const next = { ...source, paused };
    await this.store.put(next);
    await this.scheduler.sync(next);
    return this.view(next);
  }

  /** Removes the source, its schedule and its seen-URL memory. */
  async remove(id: string): Promise<boolean> {
    await this.scheduler.unschedule(id);
    // One DEL a key: on a Redis Cluster the two sit in different slots.
    await Promise.all([this.redis.del(RedisKeys.seen(this.settings.prefix, id)), this.redis.del(RedisKeys.seenSitemaps(this.settings.prefix, id))]);
    await this.runs.removeAll(id);
    return this.store.remove(id);
  }

  /**
   * At a fetcher's start: the sources of SOURCES_FILE (when set) join those already in
   * Redis, then every scheduler is brought in line with its definition. Every replica does
   * the same idempotent writes. Returns how many sources came from the file.
   */
  async loadFileAndSync(file: string | undefined): Promise<number> {
    const fromFile = file ? await loadSourcesFile(file) : [];
    for (const s of fromFile) await this.save(s);
    await this.syncAll();
    return fromFile.length;
  }

  /** Makes every stored source's scheduler match its definition (idempotent; run at start-up). */
  async syncAll(): Promise<number> {
    const sources = await this.store.list();
    for (const s of sources) await this.scheduler.sync(s);
    return sources.length;
  }

  /** Starts one run of the source now, whatever its schedule; returns the discover job's id. */
  async runNow(id: string): Promise<string | null> {
    if (!(await this.store.get(id))) return null;
    const runId = randomUUID();
    await this.discoverQueue.add(QueueName.discover, { sourceId: id, url: `source:${id}`, visitId: runId, requestedAt: Date.now() }, { jobId: runId });
    return runId;
  }

  private async view(source: Source): Promise<SourceView> {
    const next = source.paused ? null : await this.scheduler.nextRun(source.id);
    const runs = await this.runs.list(source.id);
    const { health, reason } = healthOf(runs, this.runSettings);
    return { ...source, nextRunAt: next ? new Date(next).toISOString() : null, lastRun: runs[0] ?? null, health, healthReason: reason };
  }

  async close(): Promise<void> {
    await this.discoverQueue.close();
  }
}

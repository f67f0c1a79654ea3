import { join } from 'node:path';
import { scrape, sample } from '../../ops/support/prometheus-text';
import { ServiceProcess } from '../../ops/support/service-process';

export type WorkerName = 'fetcher' | 'parser' | 'indexer';

/** Lines worth keeping in memory from a long run: warnings and errors (the rest go to the log file). */
const keepWarnings = (entry: Record<string, unknown>) => typeof entry.level === 'number' && entry.level >= 40;

/**
 * The workers of one test as real processes, one current process per stage: kill -9 one
 * and start its replacement, read each one's RSS from its own /metrics, and tell whether
 * any died that the test did not kill.
 */
export class Crew {
  readonly current = new Map<WorkerName, ServiceProcess>();
  /** Every process started, in order. */
  readonly all: ServiceProcess[] = [];
  private readonly killedOnPurpose = new Set<ServiceProcess>();
  readonly kills: Record<WorkerName, number> = { fetcher: 0, parser: 0, indexer: 0 };
  readonly peakRss: Record<WorkerName, number> = { fetcher: 0, parser: 0, indexer: 0 };

  constructor(
    private readonly env: Record<string, string>,
    private readonly logDir: string,
    private readonly perWorkerEnv: Partial<Record<WorkerName, Record<string, string>>> = {},
  ) {}

  start(name: WorkerName): ServiceProcess {
    const n = this.all.filter((p) => p.name === name).length + 1;
    const p = new ServiceProcess(name, { ...this.env, ...this.perWorkerEnv[name] }, { logFile: join(this.logDir, `${name}-${n}.log`), keep: keepWarnings });
    this.all.push(p);
    this.current.set(name, p);
    return p;
  }

  async startAll(names: readonly WorkerName[] = ['fetcher', 'parser', 'indexer']): Promise<void> {
    const started = names.map((n) => this.start(n));
    await Promise.all(started.map((p) => p.healthUrl()));
  }

  /** SIGKILL, no warning, no drain; waits for the exit, then starts its replacement at once. */
  async killNine(name: WorkerName): Promise<ServiceProcess> {
    const victim = this.current.get(name)!;
    this.killedOnPurpose.add(victim);
    victim.signal('SIGKILL');
    const exit = await victim.exited;
    if (exit.signal !== 'SIGKILL') throw new Error(`${name} exited ${JSON.stringify(exit)} instead of being killed`);
    this.kills[name]++;
    return this.start(name);
  }

  /** Processes that exited without the test killing them (a crash, or an exit on its own). */
  unexpectedExits(): string[] {
    return this.all.filter((p) => !this.killedOnPurpose.has(p) && !p.running).map((p) => `${p.name} (pid ${p.pid})`);
  }

  /** RSS in bytes of each current worker, from process_resident_memory_bytes on its health port. */
  async rss(names: readonly WorkerName[] = [...this.current.keys()]): Promise<Partial<Record<WorkerName, number>>> {
    const mem = await this.memory(names);
    return Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, v.rss])) as Partial<Record<WorkerName, number>>;
  }

  /** RSS and V8 heap in use (nodejs_heap_size_used_bytes) of each current worker, in bytes. */
  async memory(names: readonly WorkerName[] = [...this.current.keys()]): Promise<Partial<Record<WorkerName, { rss: number; heap: number }>>> {
    const out: Partial<Record<WorkerName, { rss: number; heap: number }>> = {};
    await Promise.all(
      names.map(async (name) => {
        const p = this.current.get(name);
        if (!p?.running) return;
        try {
          const metrics = await scrape(`${await p.healthUrl(5_000)}/metrics`);
          const rss = sample(metrics, 'process_resident_memory_bytes');
          out[name] = { rss, heap: sample(metrics, 'nodejs_heap_size_used_bytes') };
          this.peakRss[name] = Math.max(this.peakRss[name], rss);
        } catch {
          // Just restarted, not listening yet: no sample this time.
        }
      }),
    );
    return out;
  }

  /** Warnings and errors every process logged (info and below are in the log files). */
  warnings(): { worker: string; msg: string }[] {
    return this.all.flatMap((p) => p.lines.map((l) => ({ worker: p.name, msg: String(l.msg) })));
  }

  async stopAll(): Promise<void> {
    for (const p of this.all) await p.kill();
  }
}

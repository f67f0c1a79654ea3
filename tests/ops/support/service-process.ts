import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '@ingest/config';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceProcessOptions {
  /** Every stdout line is appended to this file (e.g. to read a long run's log afterwards). */
  logFile?: string;
  /** Which parsed lines stay in `lines` (default all): a long run keeps memory bounded with this. */
  keep?: (entry: Record<string, unknown>) => boolean;
}

/** One service (`services/<name>/src/main.ts`) run as its own process, as production runs it. */
export class ServiceProcess {
  readonly lines: Record<string, unknown>[] = [];
  private readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private healthPort: Promise<number>;

  constructor(
    readonly name: 'fetcher' | 'parser' | 'indexer' | 'api',
    env: Record<string, string>,
    opts: ServiceProcessOptions = {},
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
      cwd: ROOT,
      env: { ...process.env, LOG_PRETTY: 'false', LOG_LEVEL: 'info', HEALTH_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    this.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const log: WriteStream | undefined = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
    const keep = opts.keep ?? (() => true);
    let buffered = '';
    let onPort: (port: number) => void = () => {};
    this.healthPort = new Promise((resolve) => (onPort = resolve));
    this.child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        log?.write(`${line}\n`);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (keep(entry)) this.lines.push(entry);
          if (typeof entry.port === 'number' && String(entry.msg).startsWith('health server listening')) onPort(entry.port);
        } catch {
          this.lines.push({ msg: line });
        }
      }
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        log?.end();
        if (code && code !== 0 && code !== 130 && stderr) process.stderr.write(`[${name}] ${stderr}\n`);
        resolve({ code, signal });
      }),
    );
  }

  /** Base URL of the worker's health server (/healthz, /readyz, /metrics), once it listens. */
  async healthUrl(timeoutMs = 60_000): Promise<string> {
    const port = await Promise.race([
      this.healthPort,
      this.exited.then(({ code }) => Promise.reject(new Error(`${this.name} exited (code ${code}) before listening`))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${this.name}: no health port within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return `http://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Still running (not exited, not killed). */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  logged(msg: string): boolean {
    return this.lines.some((l) => l.msg === msg);
  }

  /** Stops it for good (test clean-up). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** The environment of the services of one isolated config (what every test of real processes starts from). */
export function serviceEnv(config: Config, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: config.redisUrl,
    ELASTICSEARCH_URL: config.elasticsearchUrl,
    QUEUE_PREFIX: config.queuePrefix,
    INDEX_PREFIX: config.indexPrefix,
    FETCH_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8',
    FETCH_HOST_DELAY_MS: '0',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** Warnings and errors, and the lines saying a service started or stopped cleanly. */
export const keepWarningsAndLifecycle = (e: Record<string, unknown>) => typeof e.level !== 'number' || e.level >= 40 || /stopped cleanly|started$/.test(String(e.msg));

/**
 * The processes of one test, all stopped by `killAll`. With a `dir`, each one's log goes
 * to a file there (`<name>.log`, `<name>-1.log`, …) and only the lines `keep` says stay
 * in memory (by default warnings, errors, started and stopped), so a long run stays small;
 * without, every line stays in memory and no file is written.
 */
export class Services {
  readonly all: ServiceProcess[] = [];
  private readonly keep: ServiceProcessOptions['keep'];

  constructor(
    private readonly dir?: string,
    keep?: ServiceProcessOptions['keep'],
  ) {
    this.keep = keep ?? (dir ? keepWarningsAndLifecycle : undefined);
  }

  start(name: ServiceProcess['name'], env: Record<string, string>): ServiceProcess {
    const n = this.all.filter((p) => p.name === name).length;
    const opts: ServiceProcessOptions = {};
    if (this.dir) opts.logFile = path.join(this.dir, `${name}${n ? `-${n}` : ''}.log`);
    if (this.keep) opts.keep = this.keep;
    const p = new ServiceProcess(name, env, opts);
    this.all.push(p);
    return p;
  }

  /** Every process started is still running: none died, none had to be restarted. */
  stillRunning(): Record<string, boolean> {
    return Object.fromEntries(this.all.map((p, i) => [`${p.name}#${i}`, p.running]));
  }

  async killAll(): Promise<void> {
    await Promise.all(this.all.map((p) => p.kill()));
  }
}

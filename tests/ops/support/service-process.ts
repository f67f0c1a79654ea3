import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

/**
 * The processes of the crawl and e2e benches, each its own OS process so its CPU can be
 * read apart from the others' in /proc: the bench site, a private redis-server, the
 * services (as production runs them) and the other crawlers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) a process has used so far, all its threads; with `mainThreadOnly`,
 * its main thread's alone (whose thread id is the pid). null once it is gone.
 */
export function cpuSecondsOf(pid: number, mainThreadOnly = false): number | null {
  try {
    const stat = readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Peak resident set of a process (VmHWM), bytes. */
export function peakRssOf(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of each named process between this call and the call of what it returns. A
 * name ending in `:main` reads that process's main thread only (e.g. `parser:main` beside
 * `parser`, whose extraction threads make the rest).
 */
export function cpuWindow(pids: Record<string, number>): () => Record<string, number> {
  const read = (k: string, pid: number) => cpuSecondsOf(pid, k.endsWith(':main'));
  const start = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, read(k, pid) ?? 0]));
  return () => Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, (read(k, pid) ?? start[k]!) - start[k]!]));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A child process whose stdout is read as JSON lines; `next(test)` waits for a line that passes. */
export class Child {
  readonly proc: ChildProcess;
  private readonly lines: Record<string, unknown>[] = [];
  private waiters: { test: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  private stderr = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    args: string[],
    env: Record<string, string> = {},
    opts: { logFile?: string; command?: string } = {},
  ) {
    // A service's log goes straight to its file, as to a log collector in production: through a
    // pipe to this process, a busy bench would slow the service's writes down.
    const out = opts.logFile ? openSync(opts.logFile, 'a') : 'pipe';
    this.proc = spawn(opts.command ?? process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', out, out] });
    if (typeof out === 'number') closeSync(out);
    this.exited = new Promise((resolve) => this.proc.once('exit', (code) => resolve(code)));
    if (!this.proc.stdout) return;
    let buffered = '';
    this.proc.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        try {
          this.take(JSON.parse(line) as Record<string, unknown>);
        } catch {
          /* not JSON: only in the log file */
        }
      }
    });
    this.proc.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4_000);
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }

  private take(line: Record<string, unknown>): void {
    const ready = this.waiters.filter((w) => w.test(line));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    if (ready.length) for (const w of ready) w.resolve(line);
    else if (this.lines.length < 1_000) this.lines.push(line);
  }

  /** The first line (already read or to come) that passes `test`, or an error when the process ends first. */
  next(test: (l: Record<string, unknown>) => boolean, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    const i = this.lines.findIndex(test);
    if (i >= 0) return Promise.resolve(this.lines.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no expected line within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      void this.exited.then((code) => reject(new Error(`${this.name} exited (${code}); stderr: ${this.stderr}`)));
      this.waiters.push({ test, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  }

  send(line: unknown): void {
    this.proc.stdin!.write(`${JSON.stringify(line)}\n`);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill(signal);
    const killer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killer);
  }
}

/** The bench site in its own process: its origin and its pid. */
export async function startSite(pages: number, seed = 1): Promise<{ url: string; articleBytes: number; child: Child }> {
  const child = new Child('site', ['--import', 'tsx', 'bench/site/server.ts', String(pages), String(seed)]);
  const line = await child.next((l) => typeof l.url === 'string');
  return { url: line.url as string, articleBytes: line.articleBytes as number, child };
}

/**
 * A private redis-server (no persistence) on a free port, so its CPU and memory are this
 * bench's alone; removed with `stop()`. Never the machine's shared Redis.
 */
export async function startRedis(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  const child = new Child('redis', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', join(dir, 'redis.log')], {}, { command: 'redis-server' });
  const t0 = Date.now();
  while (!(await ping(port))) {
    if (Date.now() - t0 > 15_000) throw new Error(`redis-server on ${port} did not answer (see ${dir}/redis.log)`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    stop: async () => {
      await child.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.setTimeout(1_000, () => s.destroy());
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => (s.end(), resolve(d.toString().startsWith('+PONG'))));
    s.once('error', () => resolve(false));
    s.once('close', () => resolve(false));
  });
}

/** One service of ours (`services/<name>/src/main.ts`) as production runs it; resolves once its /readyz answers 200. */
export async function startService(name: 'fetcher' | 'parser' | 'indexer', env: Record<string, string>, logFile: string): Promise<Child> {
  const port = await freePort();
  // BENCH_PROFILE_DIR: each service writes a V8 CPU profile there when it stops (threads included).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = new Child(name, [...profile, '--import', 'tsx', `services/${name}/src/main.ts`], { LOG_PRETTY: 'false', ...env, HEALTH_PORT: String(port) }, { logFile });
  const t0 = Date.now();
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status, () => 0);
    if (status === 200) return child;
    if (child.proc.exitCode !== null) throw new Error(`${name} exited with ${child.proc.exitCode} (see ${logFile})`);
    if (Date.now() - t0 > 120_000) throw new Error(`${name} not ready within 120 s (see ${logFile})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

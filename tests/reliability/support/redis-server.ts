import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, sleep } from './crawl-harness';

/**
 * A private redis-server (the Debian binary) for one test: its own port and data directory,
 * AOF on with fsync on every write, no RDB snapshots, so a test may stop it (SHUTDOWN or a
 * kill -9) and start it again on the same port and directory, as an operator restarting
 * Redis would. Never the machine's shared Redis.
 */
export class RedisServer {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'ingest-redis-'));
  port = 0;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  starts = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again, on the same port and directory) and waits until it answers PING. */
  async start(timeoutMs = 20_000): Promise<void> {
    if (this.child) throw new Error('redis-server already running');
    this.port ||= await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir, '--save', '', '--logfile', path.join(this.dir, 'redis.log')],
      { stdio: 'ignore' },
    );
    this.child = child;
    this.starts++;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => {
      if (this.child === child) this.child = undefined;
    });
    const t0 = Date.now();
    while (!(await this.ping())) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`redis-server on ${this.port} did not answer PING within ${timeoutMs} ms (see ${this.dir}/redis.log)`);
      if (!this.child) throw new Error(`redis-server on ${this.port} exited at start (see ${this.dir}/redis.log)`);
      await sleep(50);
    }
  }

  /** `shutdown`: SHUTDOWN (AOF flushed, clean exit); `kill`: SIGKILL, a crash (fsync always: nothing acknowledged is lost). */
  async stop(how: 'shutdown' | 'kill' = 'shutdown'): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (how === 'kill') child.kill('SIGKILL');
    else await this.command('SHUTDOWN').catch(() => child.kill('SIGTERM'));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(killer);
    this.child = undefined;
  }

  async ping(): Promise<boolean> {
    return (await this.command('PING').catch(() => '')).startsWith('+PONG');
  }

  /** One inline command; resolves with the first reply chunk (or '' when the server closed). */
  private command(cmd: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const s = net.connect(this.port, '127.0.0.1');
      let reply = '';
      s.setTimeout(2_000, () => s.destroy(new Error('timeout')));
      s.once('connect', () => s.write(`${cmd}\r\n`));
      s.on('data', (d) => {
        reply += d.toString();
        s.end();
      });
      s.once('close', () => resolve(reply));
      s.once('error', reject);
    });
  }

  /** Stops it and removes its data directory. */
  async destroy(): Promise<void> {
    await this.stop('kill');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type ClusterKind = 'redis-cluster' | 'es-cluster';

/** A cluster started (or found running) by infra/local/services.sh for one test file. */
export interface LocalCluster {
  /** What services.sh printed: REDIS_URL or ELASTICSEARCH_URL for every service. */
  url: string;
  /** Seconds the start took (≈0 when it was already running). */
  startSeconds: number;
  /** Stops node N (1-based) only. */
  stopNode(n: number): Promise<void>;
  /** Stops the whole cluster, unless it was already running before this file started it. */
  stop(): Promise<void>;
}

async function services(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('bash', ['infra/local/services.sh', ...args], { cwd: REPO_ROOT, timeout: 600_000, maxBuffer: 10 * 1024 * 1024 }).catch((err: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`infra/local/services.sh ${args.join(' ')} failed:\n${err.stderr ?? ''}\n${err.stdout ?? ''}`);
  });
}

/**
 * Starts a 3-node cluster on its own loopback ports through the project's own scripts
 * (redis-cluster: 7001-7003; es-cluster: HTTP 9501-9503, transport 9601-9603), so CI
 * needs nothing but what `services.sh` installs or finds.
 */
export async function startLocalCluster(kind: ClusterKind): Promise<LocalCluster> {
  const wasUp = await services('status', kind).then(
    () => true,
    () => false,
  );
  const t0 = Date.now();
  const { stdout, stderr } = await services('start', kind);
  const startSeconds = (Date.now() - t0) / 1000;
  process.stderr.write(stderr);
  const name = kind === 'redis-cluster' ? 'REDIS_URL' : 'ELASTICSEARCH_URL';
  const url = new RegExp(`^${name}=(\\S+)$`, 'm').exec(stdout)?.[1];
  if (!url) throw new Error(`services.sh start ${kind} printed no ${name}=:\n${stdout}`);
  return {
    url,
    startSeconds,
    stopNode: async (n) => {
      process.stderr.write((await services('stop', kind, String(n))).stderr);
    },
    stop: async () => {
      if (!wasUp) process.stderr.write((await services('stop', kind)).stderr);
    },
  };
}

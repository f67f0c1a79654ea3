/**
 * CPU seconds spent by Elasticsearch, Redis and this process, read from /proc (Linux; elsewhere
 * the other two are left out). On one machine every component competes for the same cores,
 * so a path's cost is its CPU as much as its wall time.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuSeconds {
  elasticsearch: number | null;
  redis: number | null;
  node: number;
}

const TICKS_PER_SECOND = 100;

function processesMatching(test: (comm: string, cmdline: string) => boolean): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((d) => {
    if (!/^\d+$/.test(d)) return false;
    try {
      return test(readFileSync(`/proc/${d}/comm`, 'utf8').trim(), readFileSync(`/proc/${d}/cmdline`, 'utf8'));
    } catch {
      return false;
    }
  }).map(Number);
}

function cpuOf(pids: number[]): number | null {
  if (!pids.length) return null;
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / TICKS_PER_SECOND;
}

export function cpuMeter(): () => CpuSeconds {
  const es = processesMatching((comm, cmd) => comm === 'java' && cmd.includes('org.elasticsearch'));
  const redis = processesMatching((comm) => comm.startsWith('redis-server'));
  const read = (): CpuSeconds => {
    const u = process.cpuUsage();
    return { elasticsearch: cpuOf(es), redis: cpuOf(redis), node: (u.user + u.system) / 1e6 };
  };
  const start = read();
  return () => {
    const end = read();
    const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
    return { elasticsearch: diff(start.elasticsearch, end.elasticsearch), redis: diff(start.redis, end.redis), node: end.node - start.node };
  };
}

export function formatCpu(c: CpuSeconds): string {
  const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(1));
  return `CPU s: es ${f(c.elasticsearch)}, redis ${f(c.redis)}, node ${f(c.node)}`;
}

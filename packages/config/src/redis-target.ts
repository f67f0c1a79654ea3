/**
 * What `REDIS_URL` names: one Redis (`redis://`, `rediss://`) or a Redis Cluster
 * (`redis+cluster://[user:password@]host:port,host:port…`, `rediss+cluster://` for TLS).
 * The cluster form lists seed nodes: any reachable one is enough, the client learns the
 * rest of the cluster (and every later change of it) from the nodes themselves.
 */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: { host: string; port: number }[]; username?: string; password?: string; tls: boolean };

const CLUSTER_SCHEME = /^(rediss?)\+cluster:\/\//i;

export function isClusterUrl(url: string): boolean {
  return CLUSTER_SCHEME.test(url);
}

/** Parses REDIS_URL; throws an Error whose message says what is wrong with it. */
export function parseRedisTarget(url: string): RedisTarget {
  const scheme = CLUSTER_SCHEME.exec(url);
  if (!scheme) {
    const parsed = new URL(url);
    if (!['redis:', 'rediss:'].includes(parsed.protocol)) throw new Error(`expected redis://, rediss:// or redis+cluster://, got ${parsed.protocol}//`);
    return { kind: 'single', url };
  }
  let rest = url.slice(scheme[0].length).replace(/\/+$/, '');
  if (rest.includes('/') || rest.includes('?')) throw new Error('a cluster URL has no database or options: redis+cluster://host:port,host:port');
  const at = rest.lastIndexOf('@');
  let username: string | undefined;
  let password: string | undefined;
  if (at >= 0) {
    const credentials = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = credentials.indexOf(':');
    username = decodeURIComponent(colon >= 0 ? credentials.slice(0, colon) : credentials) || undefined;
    password = colon >= 0 ? decodeURIComponent(credentials.slice(colon + 1)) || undefined : undefined;
  }
  const nodes = rest.split(',').map((s) => s.trim()).filter(Boolean).map(parseHostPort);
  if (!nodes.length) throw new Error('a cluster URL names at least one node: redis+cluster://host:port,host:port');
  return { kind: 'cluster', nodes, ...(username ? { username } : {}), ...(password ? { password } : {}), tls: scheme[1]!.toLowerCase() === 'rediss' };
}

function parseHostPort(node: string): { host: string; port: number } {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+):(\d{1,5})$/i.exec(node);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) throw new Error(`cluster node "${node}" is not host:port`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/**
 * A prefix that is a Redis Cluster hash tag: `ingest` → `{ingest}`, kept as it is when it
 * already holds one. Every key under it hashes to the slot of the tag.
 */
export function hashTagged(prefix: string): string {
  return /\{[^}]+\}/.test(prefix) ? prefix : `{${prefix}}`;
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    elasticsearchUrl: string;
    servicesVia: string;
  }
}

type Stop = () => Promise<void>;

/**
 * Real Redis and real Elasticsearch for the integration tests, found the same way
 * everywhere: REDIS_URL / ELASTICSEARCH_URL when set; else containers through
 * testcontainers when a Docker engine answers; else the project's native services
 * (infra/local/services.sh), which is what CI and Docker-less machines use.
 */
export default async function setup(project: TestProject): Promise<Stop> {
  const stops: Stop[] = [];
  let redisUrl = process.env.REDIS_URL;
  let elasticsearchUrl = process.env.ELASTICSEARCH_URL;
  const via: string[] = [];
  if (redisUrl) via.push('redis from REDIS_URL');
  if (elasticsearchUrl) via.push('elasticsearch from ELASTICSEARCH_URL');

  if ((!redisUrl || !elasticsearchUrl) && (await dockerAnswers())) {
    const started = await startContainers({ redis: !redisUrl, elasticsearch: !elasticsearchUrl });
    redisUrl ??= started.redisUrl;
    elasticsearchUrl ??= started.elasticsearchUrl;
    stops.push(started.stop);
    via.push('testcontainers');
  }
  if (!redisUrl || !elasticsearchUrl) {
    const which = !redisUrl && !elasticsearchUrl ? 'all' : !redisUrl ? 'redis' : 'elasticsearch';
    const native = await startNative(which);
    redisUrl ??= native.REDIS_URL;
    elasticsearchUrl ??= native.ELASTICSEARCH_URL;
    via.push(`native infra/local/services.sh (${which})`);
  }
  if (!redisUrl || !elasticsearchUrl) throw new Error('could not obtain Redis and Elasticsearch for the integration tests');

  project.provide('redisUrl', redisUrl);
  project.provide('elasticsearchUrl', elasticsearchUrl);
  project.provide('servicesVia', via.join(', '));
  console.log(`[integration] Redis ${redisUrl}, Elasticsearch ${elasticsearchUrl} (${via.join(', ')})`);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('docker probe timed out')), 5_000)),
    ]);
    return Boolean(client);
  } catch {
    return false;
  }
}

async function startContainers(want: { redis: boolean; elasticsearch: boolean }) {
  const { GenericContainer, Wait } = await import('testcontainers');
  const versions = await readVersions();
  const out: { redisUrl?: string; elasticsearchUrl?: string; stop: Stop } = { stop: async () => {} };
  const started: { stop(): Promise<unknown> }[] = [];
  if (want.redis) {
    const c = await new GenericContainer(versions.REDIS_IMAGE ?? 'redis:7-alpine').withExposedPorts(6379).withCommand(['redis-server', '--appendonly', 'yes']).start();
    started.push(c);
    out.redisUrl = `redis://${c.getHost()}:${c.getMappedPort(6379)}`;
  }
  if (want.elasticsearch) {
    const c = await new GenericContainer(versions.ES_IMAGE ?? `docker.elastic.co/elasticsearch/elasticsearch:${versions.ES_VERSION}`)
      .withExposedPorts(9200)
      .withEnvironment({ 'discovery.type': 'single-node', 'xpack.security.enabled': 'false', ES_JAVA_OPTS: '-Xms1g -Xmx1g' })
      .withWaitStrategy(Wait.forHttp('/_cluster/health?wait_for_status=yellow', 9200).forStatusCode(200))
      .withStartupTimeout(180_000)
      .start();
    started.push(c);
    out.elasticsearchUrl = `http://${c.getHost()}:${c.getMappedPort(9200)}`;
  }
  out.stop = async () => {
    await Promise.all(started.map((c) => c.stop()));
  };
  return out;
}

async function readVersions(): Promise<Record<string, string>> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL('../../infra/versions.env', import.meta.url), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && l.includes('='))
      .map((l) => {
        const i = l.indexOf('=');
        return [l.slice(0, i), l.slice(i + 1).replace(/^["']|["']$/g, '')];
      }),
  );
}

async function startNative(which: string): Promise<Record<string, string>> {
  const started = Date.now();
  const { stdout, stderr } = await run('bash', ['infra/local/services.sh', 'start', which], { cwd: REPO_ROOT, timeout: 600_000, maxBuffer: 10 * 1024 * 1024 }).catch((err: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`infra/local/services.sh start ${which} failed:\n${err.stderr ?? ''}\n${err.stdout ?? ''}`);
  });
  // The script's own account (versions, what it started, how long it took) belongs in the run's log.
  process.stderr.write(stderr);
  console.log(`[integration] native services ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const urls: Record<string, string> = {};
  for (const m of stdout.matchAll(/^(REDIS_URL|ELASTICSEARCH_URL)=(\S+)$/gm)) urls[m[1]!] = m[2]!;
  return urls;
}

import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** A URL with its password (if any) replaced by `***`: `redis://:s3cret@h:6379` → `redis://:***@h:6379`. */
export function maskUrlPassword(value: string): string {
  // Not via new URL(): it would normalise the rest of the string, and inputs may be free text.
  return value.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]+@/gi, '$1:***@');
}

/** Fields that hold secrets outright: their whole value is censored. */
const SECRET_KEYS = new Set(['password', 'token', 'authorization', 'cookie', 'set-cookie', 'adminToken', 'apiKey', 'secret']);

/**
 * Where secrets can appear in what callers log: credentials by name, request and response
 * headers (fastify, undici), and URLs of backends that may carry a password.
 */
const REDACT_PATHS = [
  ...[...SECRET_KEYS].flatMap((k) => [k, `*.${k}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'res.headers["set-cookie"]',
  'redisUrl',
  'redis',
  'elasticsearchUrl',
  'elasticsearch',
  'url',
  '*.redisUrl',
  '*.url',
  'err.message',
  'err.stack',
];

function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? '';
  if (SECRET_KEYS.has(key) || key === 'authorization' || key === 'cookie') return '[redacted]';
  // URL-ish fields and error texts keep their content, minus any password inside a URL.
  return typeof value === 'string' ? maskUrlPassword(value) : value;
}

/**
 * The one logger setup: JSON lines by default (what log shippers want), pretty output
 * only when a person is watching a terminal. Context travels in child loggers
 * (`logger.child({ jobId, url, stage })`), never pasted into messages. Secrets never
 * reach a line: credentials are censored by field name, passwords inside URLs masked.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logPretty'>, name: string, destination?: DestinationStream): Logger {
  const pretty = !destination && (config.logPretty ?? Boolean(process.stdout.isTTY));
  const options = {
    name,
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A child logger made on its first line at an enabled level. A busy stage makes one per
 * job, and making it (bindings serialised and redacted) cost ~25 µs even when the job then
 * logged nothing.
 */
export function lazyChild(logger: Logger, bindings: () => Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const levels = logger.levels.values;
  return new Proxy(logger, {
    get(_target, key) {
      if (typeof key === 'string' && key in levels && !logger.isLevelEnabled(key)) return noop;
      child ??= logger.child(bindings());
      const value: unknown = Reflect.get(child, key, child);
      return typeof value === 'function' ? value.bind(child) : value;
    },
  });
}

function noop(): void {}

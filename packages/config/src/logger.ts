import { pino, type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/**
 * The one logger setup: JSON lines by default (what log shippers want), pretty output
 * only when a person is watching a terminal. Context travels in child loggers
 * (`logger.child({ jobId, url, stage })`), never pasted into messages.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logPretty'>, name: string): Logger {
  const pretty = config.logPretty ?? Boolean(process.stdout.isTTY);
  return pino({
    name,
    level: config.logLevel,
    // Secrets must never reach a log line, whatever object a caller passes.
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'headers.cookie'],
      censor: '[redacted]',
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
  });
}

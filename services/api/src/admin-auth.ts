import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from '@ingest/config';

/** Set on the config of each route registered in an `openRoutes` scope, and nowhere else. */
const OPEN: unique symbol = Symbol('open to anyone');

declare module 'fastify' {
  interface FastifyContextConfig {
    [OPEN]?: true;
  }
}

const READING = new Set(['GET', 'HEAD', 'OPTIONS']);
const isAdminPath = (url: string) => url.startsWith('/admin');

/**
 * Wraps a plugin whose routes only read: they answer without the admin token. Registering a
 * route that changes state (anything but GET, HEAD, OPTIONS) or lies under /admin in such a
 * scope fails at start-up, so no mutating route can be opened, not even by mistake.
 */
export function openRoutes<Options extends object = Record<never, never>>(plugin: FastifyPluginAsync<Options>): FastifyPluginAsync<Options> {
  return async (scope, opts) => {
    scope.addHook('onRoute', markOpen);
    await plugin(scope, opts);
  };
}

function markOpen(route: RouteOptions): void {
  const methods = [route.method].flat();
  if (methods.some((m) => !READING.has(m)) || isAdminPath(route.url)) {
    throw new Error(`${methods.join(',')} ${route.url} changes state or is under /admin: it cannot be an open route`);
  }
  route.config = { ...route.config, [OPEN]: true };
}

export interface AdminAuthOptions {
  token: string | undefined;
  logger: Logger;
}

/**
 * The admin guard, registered before any route. When ADMIN_TOKEN is set, every route needs
 * it (`Authorization: Bearer <token>`, or basic auth with the token as password) unless it
 * was registered through `openRoutes`: a new route, of whatever file or plugin, is guarded
 * until someone opens it on purpose. Requests that match no route need it when they would
 * change something or lie under /admin, so probing there says 401 rather than 404.
 * Without a token all of it is open for local use, and start-up says so loudly.
 */
export const adminAuth = fp<AdminAuthOptions>(
  async (app, { token, logger }) => {
    if (!token) {
      logger.warn('ADMIN_TOKEN is not set: the queue dashboard at /admin/queues, and changing sources or requesting crawls, are open to anyone who can reach this port');
      return;
    }
    const matches = tokenMatcher(token);
    app.addHook('onRequest', async (req, reply) => {
      if (!needsToken(req) || matches(presentedToken(req.headers.authorization))) return;
      return reply.code(401).header('www-authenticate', challengeFor(req.headers.authorization)).send({ error: 'authentication required' });
    });
  },
  { name: 'admin-auth' },
);

function needsToken(req: FastifyRequest): boolean {
  if (req.is404) return !READING.has(req.method) || isAdminPath(req.url);
  return req.routeOptions.config[OPEN] !== true;
}

/**
 * Basic, so that a browser opening /admin asks for the token; but Bearer to a client that
 * sent a bearer token (the sources page): a Basic challenge to a script's fetch would make
 * the browser ask in a dialog of its own instead of letting the page ask.
 */
function challengeFor(header = ''): string {
  return header.split(' ', 1)[0]?.toLowerCase() === 'bearer' ? 'Bearer realm="news-ingest admin"' : 'Basic realm="news-ingest admin"';
}

/** The token of a bearer header, or the password of a basic one; '' for anything else. */
function presentedToken(header = ''): string {
  const [scheme, value = ''] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':').slice(1).join(':');
  return '';
}

/**
 * Compares HMAC-SHA256 digests (under a key made at start-up) of the expected and the given
 * token with timingSafeEqual: both are always 32 bytes, so neither the time taken nor an
 * early exit on a length mismatch tells anything about the token, its length included.
 */
function tokenMatcher(token: string): (given: string) => boolean {
  const key = randomBytes(32);
  const digest = (value: string) => createHmac('sha256', key).update(value, 'utf8').digest();
  const expected = digest(token);
  return (given) => timingSafeEqual(digest(given), expected);
}

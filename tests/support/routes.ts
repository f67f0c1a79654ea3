import type { FastifyInstance } from 'fastify';

/** Every route fastify knows, as `printRoutes` draws them: method and path, params left as `:name`. */
export function knownRoutes(api: FastifyInstance): { method: string; path: string }[] {
  const paths: string[] = [];
  const routes: { method: string; path: string }[] = [];
  for (const line of api.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (.+?)(?: \(([^)]*)\))?$/u.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (paths[depth - 1] ?? '') + m[2]!;
    paths[depth] = path;
    for (const method of m[3]?.split(', ') ?? []) routes.push({ method, path });
  }
  return routes;
}

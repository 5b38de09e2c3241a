/**
 * Every route fastify has registered, read from its printRoutes() tree (fastify has no
 * public list): one { method, path } per method, HEAD routes fastify adds by itself excluded.
 */
export interface RegisteredRoute {
  method: string;
  path: string;
}

const LINE = /^([│├└─\s]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/u;

export function parseRouteTree(tree: string): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const prefixes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = LINE.exec(line.trimEnd());
    if (!match) continue;
    const depth = Math.floor((match[1] ?? '').length / 4);
    prefixes.length = depth;
    const path = `${prefixes.join('')}${match[2] ?? ''}`;
    prefixes.push(match[2] ?? '');
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) {
      if (method !== 'HEAD') routes.push({ method, path });
    }
  }
  return routes;
}

/** fastify's `/a/:id/*` as OpenAPI's `/a/{id}/*`. */
export const toOpenApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * The one route list. The API constructs create these routes, the local runtime serves them, and the
 * tests walk them; nothing else names a route.
 *
 * Every route is served under API_BASE_PATH (`/raffle/...`): on the admin domain through an API
 * mapping with that key, on the site's CloudFront distribution through a `/raffle/*` behaviour, and
 * locally by the gateway.
 */
import type { FunctionName } from './catalog';

export const API_BASE_PATH = 'raffle';

/** `public`: anyone, no client certificate. `admin`: only through the mutual-TLS domain (or IAM auth without a domain). */
export type RouteAccess = 'public' | 'admin';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST';
  /** Path below API_BASE_PATH, starting with "/". */
  readonly path: string;
  readonly functionName: FunctionName;
  readonly access: RouteAccess;
}

export const ROUTES: readonly RouteDefinition[] = [
  { method: 'POST', path: '/apply', functionName: 'apply', access: 'public' },
  { method: 'GET', path: '/count', functionName: 'count', access: 'public' },
  // The organiser's page lives on the admin domain and reads the count same-origin.
  { method: 'GET', path: '/count', functionName: 'count', access: 'admin' },
  { method: 'POST', path: '/draw', functionName: 'draw', access: 'admin' },
  { method: 'GET', path: '/draws', functionName: 'draws', access: 'admin' },
];

export function routesFor(access: RouteAccess): RouteDefinition[] {
  return ROUTES.filter((r) => r.access === access);
}

/** API Gateway route key, e.g. "POST /apply". */
export function routeKey(route: RouteDefinition, prefix = ''): string {
  return `${route.method} ${prefix}${route.path}`;
}

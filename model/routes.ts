/**
 * The one route list. A route has one key, e.g. "POST /raffle/apply": the API Gateway route key on AWS,
 * the routeKey of the event the handler receives (and logs), what the local runtime serves, and what the
 * tests call. The stack creates these routes, the local runtime serves them, the pages read their paths
 * from the generated config.js, and nothing else names a route.
 *
 * Both APIs serve the full paths: the public one behind the site's CloudFront `/raffle/*` behaviour, the
 * admin one on its own mutual-TLS domain (mapped whole), on each API's `$default` stage.
 */
import type { FunctionName } from './functions';

export const API_BASE_PATH = '/raffle';

/** Each API's one stage, served at its root: its name appears in no path (events carry it in requestContext.stage). */
export const API_STAGE = '$default';

/** `public`: anyone, no client certificate. `admin`: only through the mutual-TLS domain (or IAM auth without a domain). */
export type ApiName = 'public' | 'admin';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST';
  /** Full path, under API_BASE_PATH. */
  readonly path: string;
  readonly functionName: FunctionName;
  /** The APIs that serve it. */
  readonly apis: readonly ApiName[];
}

export const ROUTES = {
  apply: { method: 'POST', path: `${API_BASE_PATH}/apply`, functionName: 'apply', apis: ['public'] },
  // The button of confirm.html (the link in the email): a GET never confirms, mail scanners follow links.
  confirm: { method: 'POST', path: `${API_BASE_PATH}/confirm`, functionName: 'confirm', apis: ['public'] },
  // The organiser's page lives on the admin domain and reads the count same-origin.
  count: { method: 'GET', path: `${API_BASE_PATH}/count`, functionName: 'count', apis: ['public', 'admin'] },
  draw: { method: 'POST', path: `${API_BASE_PATH}/draw`, functionName: 'draw', apis: ['admin'] },
  draws: { method: 'GET', path: `${API_BASE_PATH}/draws`, functionName: 'draws', apis: ['admin'] },
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof ROUTES;
export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];

export function routesFor(api: ApiName): RouteDefinition[] {
  return ROUTE_NAMES.map((name) => ROUTES[name] as RouteDefinition).filter((r) => r.apis.includes(api));
}

/** "POST /raffle/apply": the route key, everywhere. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

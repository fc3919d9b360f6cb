/**
 * The one route list. A route has one key, e.g. "POST /raffle/raffles/{raffleId}/apply": the API Gateway route key on AWS,
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
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Full path, under API_BASE_PATH; `{name}` is a path parameter (one segment), as in API Gateway. */
  readonly path: string;
  readonly functionName: FunctionName;
  /** The APIs that serve it. */
  readonly apis: readonly ApiName[];
}

const RAFFLE = `${API_BASE_PATH}/raffles/{raffleId}`;

export const ROUTES = {
  // Both APIs: the public sees published raffles (drafts and archived ones are 404), the organiser all.
  raffles: { method: 'GET', path: `${API_BASE_PATH}/raffles`, functionName: 'raffles', apis: ['public', 'admin'] },
  raffle: { method: 'GET', path: RAFFLE, functionName: 'raffles', apis: ['public', 'admin'] },
  createRaffle: { method: 'POST', path: `${API_BASE_PATH}/raffles`, functionName: 'organise', apis: ['admin'] },
  editRaffle: { method: 'PATCH', path: RAFFLE, functionName: 'organise', apis: ['admin'] },
  stats: { method: 'GET', path: `${RAFFLE}/stats`, functionName: 'raffles', apis: ['admin'] },
  apply: { method: 'POST', path: `${RAFFLE}/apply`, functionName: 'apply', apis: ['public'] },
  // The button of confirm.html (the link in the email): a GET never confirms, mail scanners follow links. The token knows its raffle.
  confirm: { method: 'POST', path: `${API_BASE_PATH}/confirm`, functionName: 'confirm', apis: ['public'] },
  draw: { method: 'POST', path: `${RAFFLE}/draw`, functionName: 'draw', apis: ['admin'] },
  draws: { method: 'GET', path: `${RAFFLE}/draws`, functionName: 'draws', apis: ['admin'] },
  // Voids one winner of a draw and draws a replacement: the draw's own guarantees, so the draw function.
  voidWinner: { method: 'POST', path: `${RAFFLE}/draws/{drawId}/void`, functionName: 'draw', apis: ['admin'] },
  // A winner's claim, from the link in their email: the button of claim.html (a GET never claims). The token knows its win.
  claim: { method: 'POST', path: `${API_BASE_PATH}/claim`, functionName: 'confirm', apis: ['public'] },
  // The organiser marks a win claimed by hand (a phone call), recorded as such.
  markClaimed: { method: 'POST', path: `${RAFFLE}/draws/{drawId}/claim`, functionName: 'draw', apis: ['admin'] },
  // A verifiable draw's next labels, as names: for planning a replacement. It reads the published ranking, as the draw does.
  alternates: { method: 'GET', path: `${RAFFLE}/draws/{drawId}/alternates`, functionName: 'draw', apis: ['admin'] },
  entrants: { method: 'GET', path: `${RAFFLE}/entrants`, functionName: 'entrants', apis: ['admin'] },
  entrantsCsv: { method: 'GET', path: `${RAFFLE}/entrants.csv`, functionName: 'entrants', apis: ['admin'] },
  // Erasure on request. A DELETE cannot come from another site's form, nor from its fetch without a CORS preflight.
  eraseEntrant: { method: 'DELETE', path: `${RAFFLE}/entrants/{email}`, functionName: 'erase', apis: ['admin'] },
  // A data-protection request is about a person: erased from every raffle.
  erasePerson: { method: 'DELETE', path: `${API_BASE_PATH}/people/{email}`, functionName: 'erase', apis: ['admin'] },
  // Feeds results.html; cached by CloudFront for LIMITS.resultsMaxAgeSeconds.
  results: { method: 'GET', path: `${RAFFLE}/results`, functionName: 'results', apis: ['public'] },
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof ROUTES;
export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];

export function routesFor(api: ApiName): RouteDefinition[] {
  return ROUTE_NAMES.map((name) => ROUTES[name] as RouteDefinition).filter((r) => r.apis.includes(api));
}

/** "POST /raffle/raffles/{raffleId}/apply": the route key, everywhere. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

const PARAMETER = /\{([A-Za-z]+)\}/g;

/**
 * The path parameters of `path` if it is an address of `route`, e.g. {raffleId: "spring", drawId: "abc"}
 * for "/raffle/raffles/spring/draws/abc/void"; undefined if it is not. Values stay as sent (percent-encoded), as in the
 * event's rawPath: the handler decodes them once.
 */
export function matchRoutePath(route: Pick<RouteDefinition, 'path'>, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(PARAMETER, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}$`).exec(path);
  return match ? Object.fromEntries(names.map((name, i) => [name, match[i + 1]])) : undefined;
}

/** The route's path with each parameter filled in (percent-encoded), e.g. for a page's request. */
export function fillRoutePath(route: Pick<RouteDefinition, 'path'>, values: Readonly<Record<string, string>>): string {
  return route.path.replace(PARAMETER, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route.path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

/** The route's path as Lambda permissions name it: each parameter as `*` (which matches any characters in an ARN). */
export function permissionPath(route: Pick<RouteDefinition, 'path'>): string {
  return route.path.replace(/\{[^}]*\}/g, '*');
}

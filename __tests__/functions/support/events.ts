/** Builders of API Gateway HTTP API (payload 2.0) events for handler tests. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomBytes, randomUUID } from 'crypto';
import { API_BASE_PATH, API_STAGE, matchRoutePath, ROUTE_NAMES, ROUTES } from '../../../model/routes';

/** The raffle every handler test has (./handlers.ts makes it before each test). */
export const RAFFLE_ID = 'spring';
/** Its paths' start, below /raffle: e.g. `${IN_RAFFLE}/apply`. */
export const IN_RAFFLE = `/raffles/${RAFFLE_ID}`;

export interface EventOptions {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below /raffle, e.g. `${IN_RAFFLE}/apply`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly isBase64Encoded?: boolean;
  /** Subject DN of the client certificate (admin domain). */
  readonly clientCertSubject?: string;
}

export function httpEvent(opts: EventOptions): APIGatewayProxyEventV2 {
  const requestId = randomBytes(8).toString('hex');
  const rawPath = `${API_BASE_PATH}${opts.path}`;
  const routeKey = `${opts.method} ${routeOf(opts.method, rawPath)}`;
  const rawQueryString = new URLSearchParams(opts.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(rawQueryString ? { queryStringParameters: { ...opts.query } } : {}),
    headers: { host: 'localhost', ...(opts.headers ?? {}) },
    body: opts.body,
    isBase64Encoded: opts.isBase64Encoded ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: opts.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId,
      routeKey,
      stage: API_STAGE,
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(opts.clientCertSubject
        ? {
            authentication: {
              clientCert: {
                clientCertPem: '',
                subjectDN: opts.clientCertSubject,
                issuerDN: 'CN=Raffle Test CA',
                serialNumber: '01',
                validity: { notBefore: '', notAfter: '' },
              },
            },
          }
        : {}),
    },
  };
}

/** API Gateway's routeKey names the route the address matched, e.g. "/raffle/raffles/{raffleId}/apply"; an address of none, itself. */
function routeOf(method: string, rawPath: string): string {
  const route = ROUTE_NAMES.map((name) => ROUTES[name]).find((r) => r.method === method && matchRoutePath(r, rawPath));
  return route?.path ?? rawPath;
}

export function jsonPost(path: string, body: unknown, headers: Readonly<Record<string, string>> = {}): APIGatewayProxyEventV2 {
  return httpEvent({ method: 'POST', path, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
}

export function parseBody(result: { body?: string }): any {
  return JSON.parse(result.body ?? 'null');
}

/** The organiser, as the mTLS domain names them. */
export const ORGANISER = 'CN=organiser,O=Raffle';

/**
 * A draw as the organiser's page sends it: a JSON body, and a fresh Idempotency-Key unless the headers
 * name one. The test's raffle is open for a year, so an object body says `"early": true` unless it says
 * otherwise: a test of the refusal sends `"early": false`.
 */
export function drawPost(body: unknown = {}, headers: Readonly<Record<string, string>> = {}, raffleId = RAFFLE_ID): APIGatewayProxyEventV2 {
  const keyed = Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key');
  const early = typeof body === 'object' && body !== null && !Array.isArray(body) && !('early' in body) ? { ...body, early: true } : body;
  return httpEvent({
    method: 'POST',
    path: `/raffles/${raffleId}/draw`,
    body: JSON.stringify(early),
    headers: { 'content-type': 'application/json', ...(keyed ? {} : { 'idempotency-key': randomUUID() }), ...headers },
    clientCertSubject: ORGANISER,
  });
}

/** A void of one winner, as the organiser's page sends it (a fresh Idempotency-Key unless the headers name one). */
export function voidPost(
  drawId: string,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  raffleId = RAFFLE_ID,
): APIGatewayProxyEventV2 {
  const keyed = Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key');
  return httpEvent({
    method: 'POST',
    path: `/raffles/${raffleId}/draws/${encodeURIComponent(drawId)}/void`,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(keyed ? {} : { 'idempotency-key': randomUUID() }), ...headers },
    clientCertSubject: ORGANISER,
  });
}

/** The erasure of one entrant, by any spelling of their address. */
export function eraseDelete(email: string): APIGatewayProxyEventV2 {
  return httpEvent({
    method: 'DELETE',
    path: `${IN_RAFFLE}/entrants/${encodeURIComponent(email)}`,
    clientCertSubject: ORGANISER,
  });
}

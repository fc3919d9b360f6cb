/**
 * The local stand-in for API Gateway's HTTP API: pure translations between a Node request and the
 * payload-format-2.0 event the Lambda handlers receive, and back from their result to a response.
 *
 * Nothing here touches a socket or the clock: the server reads the request (see readBody), then hands
 * these functions plain values, so the translation is unit-testable and identical for both servers.
 * Behaviour follows the HTTP API documentation: header names lower-cased and repeated headers joined
 * with commas, cookies moved out of the headers into `cookies`, binary bodies base64-encoded, the
 * `{"message":"Not Found"}` answer for an unknown route, and `{"message":"Internal Server Error"}` when a
 * function fails.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { isUtf8 } from 'buffer';
import { X509Certificate } from 'crypto';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'http';
import { API_BASE_PATH, API_STAGE, matchRoutePath, routeKey, type RouteDefinition } from '../model/routes';

/** API Gateway's payload limit for HTTP APIs: 10 MB. Bigger requests get 413 before any function runs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Client certificate details, as API Gateway puts them in requestContext.authentication.clientCert. */
export interface ClientCertInfo {
  readonly clientCertPem: string;
  readonly subjectDN: string;
  readonly issuerDN: string;
  readonly serialNumber: string;
  readonly validity: { readonly notBefore: string; readonly notAfter: string };
}

/** What the server knows about a request once its body has been read. */
export interface GatewayRequest {
  readonly method: string;
  /** Request target as received: path plus optional query string, e.g. "/raffle/count?x=1". */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  /** e.g. "HTTP/1.1" */
  readonly protocol: string;
  /** Host the client addressed, without the port, e.g. "localhost". */
  readonly domainName: string;
  readonly requestId: string;
  /** Milliseconds since the epoch at which the request arrived. */
  readonly timeEpoch: number;
  /** Present on the mutual-TLS server only. */
  readonly clientCert?: ClientCertInfo;
  /** Which API the request came in on, as requestContext.apiId says on AWS. */
  readonly apiId: string;
}

/** A response ready for Node's `res.writeHead(statusCode, headers); res.end(body)`. */
export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
}

/** Splits a request target into its path and raw query string (without "?"). */
export function splitUrl(url: string): { path: string; rawQueryString: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, rawQueryString: '' } : { path: url.slice(0, q), rawQueryString: url.slice(q + 1) };
}

/** Finds the route a request addresses: the same method and full path as the deployed route key. */
export function matchRoute(routes: readonly RouteDefinition[], method: string, path: string): RouteDefinition | undefined {
  // A literal path wins over a parameter, as in API Gateway ("/raffle/entrants.csv" is not an {email}).
  const candidates = routes.filter((r) => r.method === method.toUpperCase());
  return candidates.find((r) => r.path === path) ?? candidates.find((r) => matchRoutePath(r, path) !== undefined);
}

/** True when the path is in the API's namespace, i.e. what the API (not the site) answers. */
export function isApiPath(path: string): boolean {
  return path === API_BASE_PATH || path.startsWith(`${API_BASE_PATH}/`);
}

/** Lower-cases header names and joins repeated values with commas; cookies are taken out (see `cookiesOf`). */
export function eventHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value === undefined || key === 'cookie') continue;
    out[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

export function cookiesOf(headers: IncomingHttpHeaders): string[] | undefined {
  const raw = Object.entries(headers)
    .filter(([name, value]) => name.toLowerCase() === 'cookie' && value !== undefined)
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value as string]));
  const cookies = raw
    .flatMap((h) => h.split(';'))
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
  return cookies.length > 0 ? cookies : undefined;
}

/** Query parameters as HTTP API gives them: decoded, repeated keys joined with commas. */
export function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  // A Map, not `key in {}`: a name every object has (toString, constructor, __proto__) is a parameter like any other.
  const values = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    const earlier = values.get(key);
    values.set(key, earlier === undefined ? value : `${earlier},${value}`);
  }
  return values.size > 0 ? Object.fromEntries(values) : undefined;
}

/** Path parameters as the event carries them: percent-decoded (rawPath keeps them as sent). */
function decodedParameters(parameters: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parameters)) {
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** HTTP API passes UTF-8 text through as a string and base64-encodes anything else. */
export function encodeBody(body: Buffer): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  return isUtf8(body) ? { body: body.toString('utf8'), isBase64Encoded: false } : { body: body.toString('base64'), isBase64Encoded: true };
}

/** The time format API Gateway uses in requestContext.time, e.g. "21/Nov/2026:22:36:30 +0000". */
export function gatewayTime(epochMs: number): string {
  const d = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Reads what API Gateway reports about a client certificate from its DER bytes. */
export function clientCertInfo(der: Buffer): ClientCertInfo {
  const cert = new X509Certificate(der);
  // Node separates RDNs with newlines; API Gateway reports the DN as one comma-separated line.
  const dn = (s: string): string => s.split('\n').filter(Boolean).join(',');
  return {
    clientCertPem: cert.toString(),
    subjectDN: dn(cert.subject),
    issuerDN: dn(cert.issuer),
    serialNumber: cert.serialNumber,
    validity: { notBefore: cert.validFrom, notAfter: cert.validTo },
  };
}

/** Builds the payload-format-2.0 event API Gateway would send the route's function. */
export function toApiGatewayEvent(request: GatewayRequest, route: RouteDefinition): APIGatewayProxyEventV2 {
  const { path, rawQueryString } = splitUrl(request.url);
  const headers = eventHeaders(request.headers);
  const cookies = cookiesOf(request.headers);
  const queryStringParameters = queryParameters(rawQueryString);
  const parameters = matchRoutePath(route, path) ?? {};
  const pathParameters = Object.keys(parameters).length > 0 ? decodedParameters(parameters) : undefined;
  const body = encodeBody(request.body);
  const event: APIGatewayProxyEventV2 & { requestContext: { authentication?: unknown } } = {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: path,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: request.apiId,
      domainName: request.domainName,
      domainPrefix: request.domainName.split('.')[0],
      http: {
        method: request.method.toUpperCase(),
        path,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: routeKey(route),
      stage: API_STAGE,
      time: gatewayTime(request.timeEpoch),
      timeEpoch: request.timeEpoch,
      ...(request.clientCert ? { authentication: { clientCert: request.clientCert } } : {}),
    },
    ...(body.body !== undefined ? { body: body.body } : {}),
    isBase64Encoded: body.isBase64Encoded,
  };
  return event;
}

/**
 * Turns a function's result into a response, as HTTP API does for payload 2.0: a structured result is
 * used as given; anything else (a string, an object without statusCode) is a 200 JSON body.
 */
export function fromLambdaResult(result: APIGatewayProxyResultV2 | undefined, requestId: string): GatewayResponse {
  const base: OutgoingHttpHeaders = { 'apigw-requestid': requestId };
  const structured = typeof result === 'object' && result !== null && 'statusCode' in result && typeof result.statusCode === 'number';
  if (!structured) {
    const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: { ...base, 'content-type': 'application/json' }, body: Buffer.from(text, 'utf8') };
  }
  const r = result as Exclude<APIGatewayProxyResultV2, string> & { statusCode: number };
  const headers: OutgoingHttpHeaders = { ...base };
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (r.cookies && r.cookies.length > 0) headers['set-cookie'] = [...r.cookies];
  const raw = r.body ?? '';
  const body = r.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  return { statusCode: r.statusCode, headers, body };
}

/** A JSON answer from the gateway itself (not from a function), shaped like API Gateway's own. */
export function gatewayError(statusCode: number, message: string, requestId: string): GatewayResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'apigw-requestid': requestId },
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
  };
}

export const notFound = (requestId: string): GatewayResponse => gatewayError(404, 'Not Found', requestId);
export const payloadTooLarge = (requestId: string): GatewayResponse => gatewayError(413, 'Request Entity Too Large', requestId);
export const internalError = (requestId: string): GatewayResponse => gatewayError(500, 'Internal Server Error', requestId);
/** A request for a host this server is not (DNS rebinding): answered before anything else runs. */
export const misdirected = (requestId: string): GatewayResponse => gatewayError(421, 'Misdirected Request', requestId);

/** The names this machine's servers answer to: a page of another site, rebound to 127.0.0.1, is refused. */
export const LOCAL_HOST_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** True when `host` (the Host header) names this machine on `port`. */
export function isLocalHost(host: string | undefined, port: number): boolean {
  return host !== undefined && LOCAL_HOST_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

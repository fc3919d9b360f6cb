/**
 * The HTTP edge of every handler (HTTP API payload format 2.0): body parsing, responses, and the one
 * place where a domain error becomes an HTTP status.
 *
 * Error body everywhere: {"error":{"code":"<stable_snake_case>","message":"<human text>","field"?:"<name>","reason"?:"<field problem>"}}.
 * Server faults (5xx) add the request id and never an internal message.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { timingSafeEqual, X509Certificate } from 'crypto';
import { DomainError, type ErrorCode } from '../../model/errors';
import { ORIGIN_SECRET_HEADER } from '../../model/functions';
import { LIMITS } from '../../model/limits';
import { matchRoutePath, type RouteDefinition } from '../../model/routes';
import type { Settings } from '../../model/settings';
import { isTransient } from './dynamodb';
import { faultOf, type Logger } from './log';
import type { Clock } from './ports';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** The status of each error code: the only mapping from the domain to HTTP. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  malformed_json: 400,
  invalid_body: 400,
  missing_field: 400,
  invalid_field: 400,
  invalid_idempotency_key: 400,
  missing_idempotency_key: 400,
  consent_required: 400,
  invalid_token: 400,
  invalid_cursor: 400,
  entries_closed: 403,
  entries_not_open: 403,
  raffle_not_found: 404,
  raffle_exists: 409,
  raffle_locked: 409,
  entries_begun: 409,
  invalid_status_change: 409,
  not_in_deployment: 400,
  forbidden_origin: 403,
  cross_origin_request: 403,
  certificate_not_for_clients: 403,
  draw_not_found: 404,
  winner_not_found: 404,
  phone_already_registered: 409,
  winner_already_void: 409,
  no_eligible_entrants: 409,
  scheduled_draw_pending: 409,
  draw_before_deadline: 409,
  body_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_mismatch: 422,
  export_too_large: 422,
  verifiable_not_enabled: 400,
  beacon_unavailable: 503,
  beacon_invalid: 502,
  pool_changed: 409,
  pool_locked: 409,
  // The deadline passed: the win is no longer this person's to claim (it is, or is about to be, replaced).
  claim_expired: 410,
  no_claim_period: 409,
  no_alternates: 409,
  internal_error: 500,
  service_busy: 503,
};

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Counts and draw results change; no browser or CDN may serve a stale copy.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function json(status: number, body: unknown): HttpResult {
  return { statusCode: status, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

export function errorResponse(err: DomainError): HttpResult {
  const result = json(HTTP_STATUS[err.code], {
    error: {
      code: err.code,
      message: err.message,
      ...(err.field ? { field: err.field } : {}),
      ...(err.reason ? { reason: err.reason } : {}),
      ...(err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {}),
    },
  });
  if (err.retryAfterSeconds !== undefined) result.headers = { ...result.headers, 'retry-after': String(err.retryAfterSeconds) };
  return result;
}

/** When a busy or unreachable table is worth asking again: soon, but not at once (clients spread out by their own jitter). */
export const BUSY_RETRY_AFTER_SECONDS = 2;

function faultResponse(code: 'internal_error' | 'service_busy', message: string, requestId: string): HttpResult {
  if (code === 'internal_error') return json(HTTP_STATUS[code], { error: { code, message, requestId } });
  const result = json(HTTP_STATUS[code], { error: { code, message, requestId, retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS } });
  return { ...result, headers: { ...result.headers, 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) } };
}

/**
 * The route's path parameters, read from the event's rawPath (as sent, percent-encoded) and decoded
 * once here, whatever API Gateway did to pathParameters. A parameter that does not decode is a 400.
 */
export function pathParameters(event: HttpEvent, route: Pick<RouteDefinition, 'path'>): Record<string, string> {
  const raw = matchRoutePath(route, event.rawPath ?? '');
  if (!raw) throw new Error(`${event.rawPath} is not an address of ${route.path}`);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      throw new DomainError('invalid_field', `The ${name} in the address is not valid.`, name);
    }
  }
  return out;
}

/** The Idempotency-Key header, required and checked: a retried click must name the same draw. */
export function idempotencyKey(event: HttpEvent): string {
  const key = header(event, 'idempotency-key');
  // Required: a retried click must name the same draw, and a forged or replayed request has to choose one.
  if (key === undefined) {
    throw new DomainError(
      'missing_idempotency_key',
      'Send an Idempotency-Key header (a new random value per draw) so that a retry cannot draw twice.',
      'Idempotency-Key',
    );
  }
  if (key.length < 1 || key.length > LIMITS.idempotencyKeyLength || !/^[\x21-\x7e]+$/.test(key)) {
    throw new DomainError(
      'invalid_idempotency_key',
      `Idempotency-Key must be 1–${LIMITS.idempotencyKeyLength} visible ASCII characters.`,
      'Idempotency-Key',
    );
  }
  return key;
}

/** Header lookup that does not depend on case (HTTP API lower-cases them; hand-written events may not). */
export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/** The raw body as bytes, whether API Gateway passed it as text or base64. */
export function bodyBytes(event: HttpEvent): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/**
 * The JSON object in the body; an empty or non-JSON body is refused (a form or a no-cors fetch from
 * another site cannot send JSON). Size is checked before content type so a huge upload is refused cheaply.
 */
export function parseJsonObject(event: HttpEvent): Record<string, unknown> {
  // A base64 string is 4/3 the size of its bytes: refuse obviously oversized bodies before decoding.
  if ((event.body?.length ?? 0) > LIMITS.bodyBytes * 2) throw tooLarge();
  const bytes = bodyBytes(event);
  if (bytes.length > LIMITS.bodyBytes) throw tooLarge();
  if (!isJsonContentType(header(event, 'content-type'))) {
    throw new DomainError('unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
  }
  // JSON is UTF-8 (RFC 8259). Bytes that are not (a lone surrogate written raw, an overlong form, FF) would
  // otherwise be read as U+FFFD and stored in place of what was sent: refused as the malformed JSON they are.
  const text = utf8(bytes);
  let parsed: unknown;
  try {
    if (text === undefined) throw new Error('not UTF-8');
    parsed = JSON.parse(text);
  } catch {
    throw new DomainError('malformed_json', 'The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DomainError('invalid_body', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** The bytes as text if they are UTF-8, else undefined; a byte order mark is kept (JSON.parse refuses it, as before). */
function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function tooLarge(): DomainError {
  return new DomainError('body_too_large', `The request body must be at most ${LIMITS.bodyBytes} bytes.`);
}

export interface Outcome {
  readonly result: HttpResult;
  /** Safe facts for the request's log line (never personal data). */
  readonly log?: Readonly<Record<string, unknown>>;
}

/** What the edge of every HTTP handler needs: the origin secret's settings, a clock for durations, the logger. */
export interface HttpEdge {
  readonly settings: Pick<Settings, 'publicApiId' | 'originSecret'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** An HTTP handler, as API Gateway (payload 2.0) invokes it. */
export type HttpHandler = (event: HttpEvent) => Promise<HttpResult>;

/** id-kp-clientAuth (RFC 5280, 4.2.1.12): the extended key usage of a TLS client certificate. */
export const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';

/**
 * Why a client certificate may not sign in as a client, or undefined when it may: its extended key usage
 * must allow client authentication (clientAuth listed, or no extended key usage at all, which RFC 5280
 * reads as any use). This is OpenSSL's rule for a TLS client (`openssl verify -purpose sslclient`), so
 * the local door, whose TLS applies it at the handshake, and this edge agree.
 */
export function clientCertificateProblem(pem: string): string | undefined {
  let usages: readonly string[] | undefined;
  try {
    usages = new X509Certificate(pem).keyUsage;
  } catch {
    return 'it is not a readable X.509 certificate';
  }
  if (usages === undefined || usages.includes(CLIENT_AUTH_OID)) return undefined;
  return `its extended key usage (${usages.join(', ') || 'none'}) does not allow client authentication (${CLIENT_AUTH_OID})`;
}

/**
 * Refuses what did not arrive the way it must, before a handler runs:
 *   - a client certificate (the admin domain's mutual TLS) that is not for clients, e.g. a server's
 *     certificate from the same CA: 403 certificate_not_for_clients. API Gateway checks the chain to the
 *     truststore and the validity period, not the extended key usage (nor revocation), so the check is
 *     here, where every admin function refuses alike (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mutual-tls.html).
 *     An event without the certificate's PEM (IAM without a domain; hand-made test events) has none to judge;
 *   - on the public API, a request without CloudFront's origin secret came around the distribution (and
 *     its WAF): 403 forbidden_origin;
 *   - elsewhere (the admin API), a state-changing request that a browser says comes from another site
 *     (Sec-Fetch-Site, or an Origin that is not this host): 403 cross_origin_request. Browsers send a
 *     remembered client certificate to any site's form or no-cors fetch; these headers they cannot forge.
 */
export function assertArrivedProperly(event: HttpEvent, settings: HttpEdge['settings']): void {
  const certificatePem = event.requestContext?.authentication?.clientCert?.clientCertPem;
  if (certificatePem) {
    const problem = clientCertificateProblem(certificatePem);
    if (problem)
      throw new DomainError(
        'certificate_not_for_clients',
        `This certificate may not sign in as a client: ${problem}. Use the organiser's client certificate.`,
      );
  }
  const publicApiId = settings.publicApiId;
  if (publicApiId && event.requestContext?.apiId === publicApiId) {
    const secret = settings.originSecret;
    const presented = header(event, ORIGIN_SECRET_HEADER) ?? '';
    const same = secret.length > 0 && presented.length === secret.length && timingSafeEqual(Buffer.from(presented), Buffer.from(secret));
    if (!same) throw new DomainError('forbidden_origin', 'Use the raffle site: this API answers only requests that come through it.');
    return;
  }
  const method = event.requestContext?.http?.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return;
  const site = header(event, 'sec-fetch-site');
  const origin = header(event, 'origin');
  const host = header(event, 'host');
  const crossSite =
    (site !== undefined && site !== 'same-origin') ||
    (origin !== undefined && (host === undefined || hostOf(origin) !== host.toLowerCase()));
  if (crossSite) throw new DomainError('cross_origin_request', 'This request came from another site: send it from the organiser page.');
}

/**
 * Who is asking: the public (a request on the public API, which only CloudFront reaches) or the
 * organiser (the admin API, behind mutual TLS or IAM). Routes both APIs serve show the public less.
 */
export function audienceOf(event: HttpEvent, settings: Pick<Settings, 'publicApiId'>): 'public' | 'organiser' {
  return settings.publicApiId && event.requestContext?.apiId === settings.publicApiId ? 'public' : 'organiser';
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Runs one request: turns domain errors into their responses, any other error into a 5xx that carries
 * the request id and nothing internal, and writes the request's one log line under its route key.
 */
export async function handleRequest(edge: HttpEdge, event: HttpEvent, run: () => Promise<Outcome>): Promise<HttpResult> {
  const started = edge.clock.now().getTime();
  const requestId = event.requestContext?.requestId ?? 'unknown';
  let result: HttpResult;
  let extra: Readonly<Record<string, unknown>> = {};
  let code: ErrorCode | undefined;
  let failure: unknown;
  try {
    assertArrivedProperly(event, edge.settings);
    const outcome = await run();
    result = outcome.result;
    extra = outcome.log ?? {};
  } catch (err) {
    if (err instanceof DomainError) {
      result = errorResponse(err);
      code = err.code;
    } else if (isTransient(err)) {
      code = 'service_busy';
      result = faultResponse(code, 'The service is busy. Please try again in a moment.', requestId);
      failure = err;
    } else {
      code = 'internal_error';
      result = faultResponse(code, 'Something went wrong on our side. Please try again later.', requestId);
      failure = err;
    }
  }
  const status = result.statusCode ?? 200;
  edge.logger.child({ requestId, route: event.routeKey }).log(status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info', {
    status,
    durationMs: edge.clock.now().getTime() - started,
    ...(code ? { code } : {}),
    ...extra,
    ...(failure ? { fault: faultOf(failure) } : {}),
  });
  return result;
}

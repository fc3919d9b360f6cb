/**
 * Responses, errors and body parsing shared by every handler (HTTP API payload format 2.0).
 *
 * Error body everywhere: {"error":{"code":"<stable_snake_case>","message":"<human text>","field"?:"<name>"}}.
 * Server faults (5xx) add the request id and never an internal message.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logLine } from './log';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Request bodies larger than this are refused with 413 (counted in bytes, after base64 decoding). */
export const MAX_BODY_BYTES = 4096;

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Counts and draw results change; no browser or CDN may serve a stale copy.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** An expected failure with a status, a stable code and a message that is safe to show. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function json(status: number, body: unknown): HttpResult {
  return { statusCode: status, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

export function errorResponse(err: HttpError): HttpResult {
  return json(err.status, { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
}

export function faultResponse(status: number, code: string, message: string, requestId: string): HttpResult {
  return json(status, { error: { code, message, requestId } });
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
 * The JSON object in the body. `optional` lets an empty body mean `{}` (the draw); otherwise an empty
 * body is malformed. Size is checked before content type so a huge upload is refused cheaply.
 */
export function parseJsonObject(event: HttpEvent, opts: { readonly optional?: boolean } = {}): Record<string, unknown> {
  // A base64 string is 4/3 the size of its bytes: refuse obviously oversized bodies before decoding.
  if ((event.body?.length ?? 0) > MAX_BODY_BYTES * 2) throw tooLarge();
  const bytes = bodyBytes(event);
  if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
  if (bytes.length === 0 && opts.optional) return {};
  if (!isJsonContentType(header(event, 'content-type'))) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new HttpError(400, 'malformed_json', 'The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpError(400, 'invalid_body', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function tooLarge(): HttpError {
  return new HttpError(413, 'body_too_large', `The request body must be at most ${MAX_BODY_BYTES} bytes.`);
}

export interface Outcome {
  readonly result: HttpResult;
  /** Safe facts for the request's log line (never personal data). */
  readonly log?: Readonly<Record<string, unknown>>;
}

const THROTTLED = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/**
 * Runs one request: turns HttpErrors into their responses, any other error into a 5xx that carries the
 * request id and nothing internal, and writes the request's one log line.
 */
export async function handleRequest(route: string, event: HttpEvent, run: () => Promise<Outcome>): Promise<HttpResult> {
  const started = Date.now();
  const requestId = event.requestContext?.requestId ?? 'unknown';
  let result: HttpResult;
  let extra: Readonly<Record<string, unknown>> = {};
  let code: string | undefined;
  let failure: unknown;
  try {
    const outcome = await run();
    result = outcome.result;
    extra = outcome.log ?? {};
  } catch (err) {
    if (err instanceof HttpError) {
      result = errorResponse(err);
      code = err.code;
    } else if (THROTTLED.has((err as { name?: string })?.name ?? '')) {
      code = 'service_busy';
      result = faultResponse(503, code, 'The service is busy. Please try again in a moment.', requestId);
      failure = err;
    } else {
      code = 'internal_error';
      result = faultResponse(500, code, 'Something went wrong on our side. Please try again later.', requestId);
      failure = err;
    }
  }
  const status = result.statusCode ?? 200;
  logLine({
    level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
    requestId,
    route,
    status,
    durationMs: Date.now() - started,
    ...(code ? { code } : {}),
    ...extra,
    // The error's class and message (SDK messages name no item values), for the operator only.
    ...(failure ? { fault: { name: (failure as Error)?.name, message: (failure as Error)?.message } } : {}),
  });
  return result;
}

/**
 * What counts as a good answer to a fuzz case, decided from the case and the bytes that came back. Pure.
 *
 *   - a refusal: a 4xx whose body is the API's error shape, {"error":{"code":<model/errors.ts>,"message":…}},
 *     with the status functions/runtime/http.ts gives that code; or one of the front door's own answers,
 *     which API Gateway gives in its place (GATEWAY_ANSWERS); or, for malformed HTTP only, the HTTP
 *     server's bare 400 or 431 (HTTP_SERVER_ANSWERS);
 *   - a success: only for a case that may be valid, and then JSON (CSV for the export; a page for the
 *     admin door's site) with no broken or control character in any string;
 *   - never a 5xx (503 service_busy is retryable, and still reported), never silence.
 */
import { HTTP_STATUS } from '../functions/runtime/http';
import { ERROR_CODES, FIELD_PROBLEMS, type ErrorCode } from '../model/errors';
import type { FuzzCase } from './fuzz-draft';
import type { RawOutcome } from './raw-http';

/** Who gave the answer. */
export type Source = 'function' | 'gateway' | 'http-server' | 'site' | 'none';

export interface Verdict {
  readonly outcome: 'refused' | 'accepted' | 'violation';
  readonly source: Source;
  /** The status, or "no answer" / "closed". */
  readonly status: string;
  /** The error code, or the gateway's message. */
  readonly code?: string;
  /** What is wrong, for a violation. */
  readonly problem?: string;
}

/** The local gateway's answers where API Gateway itself would answer (local/gateway.ts). */
export const GATEWAY_ANSWERS: ReadonlyArray<{ readonly status: number; readonly message: string; readonly why: string }> = [
  { status: 404, message: 'Not Found', why: 'no route has this method and path (API Gateway: the same body)' },
  { status: 413, message: 'Request Entity Too Large', why: 'a body past the 10 MB payload limit' },
  { status: 421, message: 'Misdirected Request', why: 'a Host that is not this server (local only: DNS rebinding)' },
];

/** The HTTP server's own bare answers to malformed HTTP (Node's parser), before any route is looked up. */
export const HTTP_SERVER_ANSWERS: ReadonlyArray<{ readonly status: number; readonly why: string }> = [
  {
    status: 400,
    why: 'a request line, header or framing that is not HTTP/1.1 (unknown or lower-case method, bad Content-Length, broken chunk, truncated body, bytes after the body)',
  },
  { status: 431, why: 'a request line and headers past 16 KB' },
];

// A lone surrogate, a direction override or isolate, or a C0/C1 control but the line feed (descriptions keep paragraphs).
const CONTROL_OR_BROKEN = /[\p{Cs}\u202A-\u202E\u2066-\u2069]|(?!\n)\p{Cc}/u;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with a 4xx/5xx body as the API's error shape, or undefined. */
export function errorShapeProblem(status: number, contentType: string | undefined, body: Buffer): string | undefined {
  if (!/^application\/json/i.test(contentType ?? '')) return `content-type ${JSON.stringify(contentType ?? null)}, not JSON`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'a body that is not JSON';
  }
  if (!isObject(parsed) || Object.keys(parsed).length !== 1 || !isObject(parsed.error)) return 'not {"error":{…}}';
  const e = parsed.error;
  if (typeof e.code !== 'string' || !(ERROR_CODES as readonly string[]).includes(e.code))
    return `code ${JSON.stringify(e.code)} is not one of ERROR_CODES`;
  if (typeof e.message !== 'string' || e.message.trim() === '') return 'no message';
  for (const key of Object.keys(e)) {
    if (!['code', 'message', 'field', 'reason', 'retryAfterSeconds', 'requestId'].includes(key))
      return `an unexpected key ${JSON.stringify(key)}`;
  }
  if (e.field !== undefined && typeof e.field !== 'string') return 'a field that is not a string';
  if (e.reason !== undefined && !(FIELD_PROBLEMS as readonly string[]).includes(e.reason as string))
    return `reason ${JSON.stringify(e.reason)} is not a field problem`;
  if (e.retryAfterSeconds !== undefined && !(Number.isInteger(e.retryAfterSeconds) && (e.retryAfterSeconds as number) >= 0)) {
    return 'a retryAfterSeconds that is not a whole number';
  }
  if (e.requestId !== undefined && status < 500) return 'a requestId on a 4xx';
  const expected = HTTP_STATUS[e.code as ErrorCode];
  if (expected !== status) return `status ${status}, but ${e.code} is ${expected}`;
  return undefined;
}

/** The first string in `value` (keys included) with a broken character, a bidi override or a control other than LF, or undefined. */
export function brokenString(value: unknown): string | undefined {
  if (typeof value === 'string') return CONTROL_OR_BROKEN.test(value) ? value : undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = brokenString(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = brokenString(key) ?? brokenString(item);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The body as text, if it is UTF-8 (JSON must be: RFC 8259). */
export function strictUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const show = (text: string, max = 160): string => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

export function judge(c: FuzzCase, outcome: RawOutcome, timeoutMs: number): Verdict {
  const violation = (source: Source, status: string, problem: string, code?: string): Verdict => ({
    outcome: 'violation',
    source,
    status,
    problem,
    ...(code ? { code } : {}),
  });
  if (outcome.kind === 'timeout') return violation('none', 'no answer', `no answer within ${timeoutMs / 1000} s`);
  if (outcome.kind === 'closed') {
    // Node's server has no CONNECT handler: it closes the connection, as it should for a tunnel it does not offer.
    if (c.malformedHttp && c.request.method === 'CONNECT') return { outcome: 'refused', source: 'http-server', status: 'closed' };
    return violation('none', 'closed', `the connection ended without an answer (${outcome.detail})`);
  }
  const { status, headers, body } = outcome;
  const code = String(status);
  const contentType = headers['content-type'];
  const parsed = ((): unknown => {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
  })();
  const errorCode = isObject(parsed) && isObject(parsed.error) && typeof parsed.error.code === 'string' ? parsed.error.code : undefined;

  if (status >= 500) {
    const retryable = status === 503 && errorCode === 'service_busy';
    return violation(
      'function',
      code,
      retryable ? '503 service_busy (documented as retryable; a finding all the same)' : `a ${status}: ${show(body.toString('utf8'))}`,
      errorCode,
    );
  }
  if (c.request.method === 'HEAD') {
    // No body comes with an answer to HEAD: the status and the type are all there is.
    if (status === 404 && /^application\/json/.test(contentType ?? ''))
      return { outcome: 'refused', source: 'gateway', status: code, code: 'Not Found' };
    return violation('gateway', code, `HEAD answered ${status} ${contentType ?? ''}`);
  }
  if (status >= 400) {
    if (errorCode !== undefined) {
      const problem = errorShapeProblem(status, contentType, body);
      return problem
        ? violation('function', code, `error shape: ${problem}`, errorCode)
        : { outcome: 'refused', source: 'function', status: code, code: errorCode };
    }
    const message = isObject(parsed) && Object.keys(parsed).length === 1 && typeof parsed.message === 'string' ? parsed.message : undefined;
    if (GATEWAY_ANSWERS.some((a) => a.status === status && a.message === message))
      return { outcome: 'refused', source: 'gateway', status: code, code: message };
    if (body.length === 0 && contentType === undefined && HTTP_SERVER_ANSWERS.some((a) => a.status === status)) {
      return c.malformedHttp
        ? { outcome: 'refused', source: 'http-server', status: code }
        : violation('http-server', code, `the HTTP server refused a request meant to be well-formed (${status}, no body)`);
    }
    return violation('function', code, `a ${status} without the error shape: ${show(body.toString('utf8'))}`);
  }
  if (status < 200 || status >= 400) return violation('function', code, `an unexpected ${status}`);
  if (c.expect === 'refusal') return violation('function', code, `invalid input accepted (${status}): ${show(body.toString('utf8'))}`);
  // The admin door serves the console's pages below /raffle/ and sends /raffle/ to draw.html.
  if (
    c.api === 'admin' &&
    c.request.method === 'GET' &&
    (headers['content-security-policy'] || (status === 302 && /\/draw\.html$/.test(headers.location ?? '')))
  ) {
    return { outcome: 'accepted', source: 'site', status: code };
  }
  if (c.route === 'entrantsCsv' && /^text\/csv/.test(contentType ?? '')) {
    const text = strictUtf8(body);
    if (text === undefined) return violation('function', code, 'a CSV that is not UTF-8');
    return { outcome: 'accepted', source: 'function', status: code };
  }
  if (!/^application\/json/.test(contentType ?? '') || !isObject(parsed))
    return violation('function', code, `a success that is not a JSON object: ${show(body.toString('utf8'))}`);
  const broken = brokenString(parsed);
  if (broken !== undefined) return violation('function', code, `the answer carries a broken or control character: ${show(broken)}`);
  if (isBodyRouteCase(c) && strictUtf8(c.request.body) === undefined) {
    return violation('function', code, 'a body that is not UTF-8 was accepted (its text was changed before it was read)');
  }
  return { outcome: 'accepted', source: 'function', status: code };
}

function isBodyRouteCase(c: FuzzCase): boolean {
  return c.request.method === 'POST' || c.request.method === 'PATCH';
}

// @ts-check
/**
 * The pages' one way to the API: the model's route paths (through config.js), JSON requests, answers
 * read without throwing, the API's error body, Idempotency-Keys and the retries of a keyed POST. Every
 * call is same-origin (the CSP's connect-src 'self'), by absolute path, so a page works the same on
 * the public site and on the admin domain.
 */
/** @import { ErrorAnswer } from '../model/api' */
/** @import { RouteName } from '../model/routes' */
import { codeWords, t } from './i18n.js';
import { config } from './site-config.js';

/**
 * An answer: the response and its body as JSON, or null when the body is empty or not JSON (a
 * gateway's error page, say). Once the status says success, the body is the route's answer in
 * model/api.ts, and the caller names that type.
 * @typedef {{ readonly res: Response; readonly body: unknown }} Answer
 */

/** @typedef {Partial<ErrorAnswer['error']>} ApiError */

// A keyed POST that fails on the network or at a gateway is sent again, with the same key, after each delay.
const RETRY_DELAYS_MS = [500, 1500, 3000];
const RETRYABLE_STATUS = [502, 503, 504];

/**
 * Whether an answer is a gateway's, not the API's: a server error without the API's error body. Every
 * function answers its faults in that body; API Gateway answers `500 {"message":"Internal Server Error"}`
 * itself when Lambda refuses the call (a throttled function), and nothing was done.
 * @param {Answer} answer
 */
export function isGatewayFault({ res, body }) {
  return res.status >= 500 && !errorOf(body).code;
}

/**
 * The path of a route of the model, e.g. routePath('raffles') → "/raffle/raffles".
 * @param {RouteName} name
 */
export function routePath(name) {
  return config.routes[name].path;
}

/**
 * The path of a route with its `{name}` parameters filled in, percent-encoded, as model/routes.ts
 * fillRoutePath does, e.g. fillRoutePath('voidWinner', { raffleId: 'spring', drawId: 'abc' }) →
 * "/raffle/raffles/spring/draws/abc/void".
 * A missing value throws: a request to a half-filled path would reach the wrong route or none.
 * @param {RouteName} name
 * @param {Readonly<Record<string, string>>} values
 */
export function fillRoutePath(name, values) {
  return routePath(name).replace(/\{([A-Za-z]+)\}/g, (_match, /** @type {string} */ param) => {
    const value = Object.hasOwn(values, param) ? values[param] : undefined;
    if (value === undefined) throw new Error(`no value for {${param}} in route ${name}`);
    return encodeURIComponent(value);
  });
}

/** @typedef {'GET' | 'POST' | 'PATCH' | 'DELETE'} Method */

/**
 * Asks the API and reads its answer; rejects only when the API cannot be reached.
 * @param {string} path
 * @param {{ method?: Method; json?: unknown; idempotencyKey?: string }} [options] `json`: the body, sent as JSON
 * @returns {Promise<Answer>}
 */
export async function request(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  return { res, body: await parseJson(res) };
}

/**
 * POSTs JSON with an Idempotency-Key, and sends it again with the same key after a network failure
 * or a gateway error: the server answers a retry with what the first request may already have done.
 * @param {string} path
 * @param {unknown} json
 * @param {string} key
 * @returns {Promise<Answer>}
 */
export function postWithKey(path, json, key) {
  return sendWithKey('POST', path, json, key);
}

/**
 * Sends JSON with an Idempotency-Key (a POST, or a raffle's PATCH), retried as postWithKey says.
 * @param {'POST' | 'PATCH'} method
 * @param {string} path
 * @param {unknown} json
 * @param {string} key
 * @returns {Promise<Answer>}
 */
export function sendWithKey(method, path, json, key) {
  return withRetries(() => request(path, { method, json, idempotencyKey: key }));
}

/**
 * GETs a path, asked again as postWithKey says: reading changes nothing, and a busy moment (a `503
 * service_busy`, a gateway's fault, the network) should not leave the page without what it reads.
 * @param {string} path
 * @returns {Promise<Answer>}
 */
export function getWithRetries(path) {
  return withRetries(() => request(path));
}

/**
 * Sends again after a network failure or a retryable answer, after each of RETRY_DELAYS_MS; the last
 * answer (or network failure) stands.
 * @param {() => Promise<Answer>} send
 * @returns {Promise<Answer>}
 */
async function withRetries(send) {
  for (let attempt = 0; ; attempt++) {
    const retriesLeft = attempt < RETRY_DELAYS_MS.length;
    try {
      const answer = await send();
      if (!retriesLeft || !(RETRYABLE_STATUS.includes(answer.res.status) || isGatewayFault(answer))) return answer;
    } catch (networkError) {
      if (!retriesLeft) throw networkError;
    }
    await sleep(RETRY_DELAYS_MS[attempt]);
  }
}

/**
 * The pause between two tries of the same request (here, and a verifiable draw's reveal).
 * @param {number} ms
 */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The body as JSON, or null when it is empty or not JSON: callers never throw on it.
 * @param {Response} res
 * @returns {Promise<unknown>}
 */
async function parseJson(res) {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/**
 * The API's error object ({ code, message, field, requestId }), or {} so callers can read its fields without checks.
 * @param {unknown} body
 * @returns {ApiError}
 */
export function errorOf(body) {
  const error = body !== null && typeof body === 'object' && 'error' in body ? body.error : undefined;
  return error !== null && typeof error === 'object' ? /** @type {ApiError} */ (error) : {};
}

/**
 * The request id support can look up: the API's error carries it on a server fault, and an API
 * Gateway error answer at its top level.
 * @param {unknown} body
 * @returns {string | undefined}
 */
export function referenceOf(body) {
  const topLevel = body !== null && typeof body === 'object' && 'requestId' in body ? body.requestId : undefined;
  return errorOf(body).requestId || (typeof topLevel === 'string' && topLevel !== '' ? topLevel : undefined);
}

/**
 * What an answer's error means, in the page's language: the words for its code (never the server's
 * English sentence), or for its HTTP status when it has none.
 * @param {Answer} answer
 */
export function errorWords(answer) {
  const { code } = errorOf(answer.body);
  if (code) return codeWords(code);
  if (isGatewayFault(answer)) return t('error.gateway');
  return t('error.http', { status: answer.res.status });
}

/**
 * A sentence for a failed answer: what failed, what the error means, and the request id of a server
 * fault, e.g. "The draw failed: The raffle is very busy. Wait a moment and try again. (Reference: 1a2b…)".
 * @param {string} what
 * @param {Answer} answer
 */
export function describeFailure(what, answer) {
  const reference = referenceOf(answer.body);
  return t('failure.line', { what, why: errorWords(answer) }) + (reference ? ` ${t('network.reference', { reference })}` : '');
}

/** A fresh random Idempotency-Key: one per user action, reused only by the retries of that action. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Secure contexts (HTTPS, localhost) have randomUUID in current browsers; this covers older ones.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

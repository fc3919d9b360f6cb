/**
 * The stable error codes of the API (clients and the pages branch on them) and the one error type the
 * domain throws. The domain says what went wrong; functions/runtime/http.ts alone turns a code into an
 * HTTP status.
 */
export const ERROR_CODES = [
  'malformed_json',
  'invalid_body',
  'missing_field',
  'invalid_field',
  'body_too_large',
  'unsupported_media_type',
  'consent_required',
  'entries_closed',
  'entries_not_open',
  'raffle_not_found',
  'raffle_exists',
  'raffle_locked',
  'entries_begun',
  'invalid_status_change',
  'not_in_deployment',
  'invalid_token',
  'phone_already_registered',
  'forbidden_origin',
  'cross_origin_request',
  'certificate_not_for_clients',
  'missing_idempotency_key',
  'draw_before_deadline',
  'no_eligible_entrants',
  'scheduled_draw_pending',
  'invalid_idempotency_key',
  'idempotency_key_mismatch',
  'invalid_cursor',
  'draw_not_found',
  'winner_not_found',
  'winner_already_void',
  'export_too_large',
  'verifiable_not_enabled',
  'beacon_unavailable',
  'beacon_invalid',
  'pool_changed',
  'pool_locked',
  'claim_expired',
  'no_claim_period',
  'no_alternates',
  'service_busy',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What is wrong with a field, beside `invalid_field` or `missing_field`: stable like the codes, so a page
 * words it in its own language (model/messages, "problem.<reason>") instead of showing the server's sentence.
 */
export const FIELD_PROBLEMS = [
  'required',
  'not_text',
  'too_long',
  'control_characters',
  'broken_characters',
  'no_visible_characters',
  'not_an_address',
  'address_not_ascii',
  'not_international',
  'not_a_number',
] as const;

export type FieldProblem = (typeof FIELD_PROBLEMS)[number];

/** An expected failure: a stable code, a message that is safe to show, and the field at fault (and what is wrong with it) if one is. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly reason?: FieldProblem,
    /** When asking again may succeed (pool_locked): the answer's Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

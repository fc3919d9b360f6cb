// @ts-check
/**
 * Why the API refused a raffle's creation or edit, in words (model/raffle-edit.ts says what may change
 * when; model/errors.ts names the codes): the code turned into a short reason, before the API's own
 * message, which says what to do. Shown next to the field the error names.
 */
/** @import { ErrorCode } from '../model/errors' */
/** @import { ApiError } from './api.js' */

/** @type {Partial<Record<ErrorCode, string>>} */
const REASONS = {
  missing_field: 'Required',
  invalid_field: 'Not accepted',
  raffle_exists: 'This address is taken',
  raffle_locked: 'Locked',
  entries_begun: 'Fixed once entries began',
  invalid_status_change: 'Not possible now',
  not_in_deployment: 'Not available in this deployment',
  raffle_not_found: 'No such raffle',
};

/**
 * "People have entered: <the API's message>", or the message alone for a code with no reason of its own.
 * @param {ApiError} error
 */
export function refusalText(error) {
  const reason = error.code ? REASONS[error.code] : undefined;
  const message = error.message || 'Check this field.';
  return reason ? `${reason}: ${message}` : message;
}

/**
 * The form field an error names: "prizes[2].name" is the prizes, as the form shows them together.
 * @param {string | undefined} field
 */
export function fieldOf(field) {
  if (!field) return undefined;
  return field.startsWith('prizes') ? 'prizes' : field;
}

// @ts-check
/**
 * Why the API refused a raffle's creation or edit, in words (model/raffle-edit.ts says what may change
 * when; model/errors.ts names the codes): the words for the field's problem (error.reason), or for the
 * code on that field (a closing time refused says what a closing time must be), or for the code alone.
 * Never the API's own sentence: it is English, and written for developers. Shown beside the field named.
 */
/** @import { MessageKey } from '../model/i18n' */
/** @import { ApiError } from './api.js' */
import { codeWords, t, tOr } from './i18n.js';
import { config } from './site-config.js';

// The codes that have words of their own for a field of the raffle form (console.ts "console.refusal.<code>.<field>").
const FIELD_WORDS = new Set([
  'invalid_field.raffleId',
  'invalid_field.opensAt',
  'invalid_field.closesAt',
  'invalid_field.drawAt',
  'invalid_field.rulesUrl',
  'invalid_field.privacyUrl',
  'invalid_field.prizes',
  'invalid_field.language',
  'entries_begun.prizes',
  'entries_begun.closesAt',
  'entries_begun.opensAt',
  'entries_begun.rulesUrl',
  'entries_begun.privacyUrl',
  'entries_begun.confirmEntries',
  'not_in_deployment.confirmEntries',
  'not_in_deployment.verifiableDraws',
]);

/**
 * The most characters a field takes, for "Use at most {count} characters".
 * @param {string | undefined} field
 */
function lengthOf(field) {
  const { raffle, prizeLength } = config.limits;
  return { raffleId: raffle.idLength, title: raffle.titleLength, description: raffle.descriptionLength, prizes: prizeLength }[field ?? ''];
}

/**
 * The refusal in words, e.g. "People have entered: prizes can only be added after the last one."
 * @param {ApiError} error
 */
export function refusalText(error) {
  const field = fieldOf(error.field);
  if (error.reason) return tOr(`problem.${error.reason}`, 'error.invalid_field', { count: lengthOf(field) ?? 0 });
  const specific = `${error.code}.${field}`;
  if (FIELD_WORDS.has(specific)) return t(/** @type {MessageKey} */ (`console.refusal.${specific}`));
  return error.code ? codeWords(error.code) : t('error.invalid_field');
}

/**
 * The form field an error names: "prizes[2].name" is the prizes, as the form shows them together.
 * @param {string | undefined} field
 */
export function fieldOf(field) {
  if (!field) return undefined;
  return field.startsWith('prizes') ? 'prizes' : field;
}

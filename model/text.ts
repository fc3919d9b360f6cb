/**
 * Free text people and organisers type (a name, a prize, the reason for a void): trimmed, counted in
 * characters as people count them (code points), and refused when it could mislead or break what shows
 * it: control characters (which could break a line of a log or an email) and bidi overrides (which
 * disguise text), a lone surrogate (half of a character: no encoding can store it faithfully), and text
 * with nothing visible in it (only spaces, zero-width or filler characters). Pure, and free of Node's
 * own modules: the pages run these same rules (site/rules.js is built from model/entrant.ts).
 */
import { DomainError, type FieldProblem } from './errors';

// C0/C1 controls (including tab and newlines) and the bidi overrides and isolates that can disguise a name.
const CONTROL_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
// With the u flag, a surrogate matches here only when it is unpaired.
const LONE_SURROGATE = /\p{Cs}/u;
// What renders as nothing: spaces, default-ignorable characters (zero-width, fillers such as U+3164,
// variation selectors), combining marks with nothing to combine with, and the blank braille pattern.
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/gu;

function problem(code: 'missing_field' | 'invalid_field', field: string, reason: FieldProblem, message: string): DomainError {
  return new DomainError(code, message, field, reason);
}

/** What is wrong with a trimmed, non-empty text, or undefined; `lineBreaks` allows LF (paragraphs). */
function textProblem(text: string, field: string, maxLength: number, lineBreaks: boolean): DomainError | undefined {
  if (LONE_SURROGATE.test(text)) return problem('invalid_field', field, 'broken_characters', `${field} has a broken character in it.`);
  if (CONTROL_CHARACTERS.test(lineBreaks ? text.replace(/\n/g, '') : text)) {
    const other = lineBreaks ? ' other than line breaks' : '';
    return problem('invalid_field', field, 'control_characters', `${field} must not contain control characters${other}.`);
  }
  if (text.replace(INVISIBLE, '') === '') {
    return problem('invalid_field', field, 'no_visible_characters', `${field} must contain a visible character.`);
  }
  if ([...text].length > maxLength) return problem('invalid_field', field, 'too_long', `${field} must be at most ${maxLength} characters.`);
  return undefined;
}

/** The trimmed text, or a DomainError naming `field` and what is wrong: missing (empty), not a string, or a problem above. */
export function plainText(value: unknown, field: string, maxLength: number): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw problem('missing_field', field, 'required', `${field} is required.`);
  }
  if (typeof value !== 'string') throw problem('invalid_field', field, 'not_text', `${field} must be a string.`);
  const text = value.trim();
  const wrong = textProblem(text, field, maxLength, false);
  if (wrong) throw wrong;
  return text;
}

/** Like plainText, but absent (undefined, null, or blank, as an empty form field sends it) gives undefined. */
export function optionalPlainText(value: unknown, field: string, maxLength: number): string | undefined {
  const blank = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  return blank ? undefined : plainText(value, field, maxLength);
}

/**
 * Text with paragraphs (a raffle's description): line breaks kept (CR LF and CR become LF), tabs and
 * other controls refused, each line's end trimmed, at most one blank line between paragraphs. Empty is allowed.
 */
export function paragraphText(value: unknown, field: string, maxLength: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw problem('invalid_field', field, 'not_text', `${field} must be a string.`);
  const text = value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const wrong = text === '' ? undefined : textProblem(text, field, maxLength, true);
  if (wrong) throw wrong;
  return text;
}

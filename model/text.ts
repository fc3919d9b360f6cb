/**
 * Free text people and organisers type (a name, a prize, the reason for a void): trimmed, counted in
 * characters as people count them (code points), and without control characters, which could break a
 * line of a log or an email, or disguise text (bidi overrides). Pure.
 */
import { DomainError } from './errors';

// C0/C1 controls (including tab and newlines) and the bidi overrides that can disguise a name.
const CONTROL_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** The trimmed text, or a DomainError naming `field`: missing (empty), not a string, too long, or with control characters. */
export function plainText(value: unknown, field: string, maxLength: number): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw new DomainError('missing_field', `${field} is required.`, field);
  }
  if (typeof value !== 'string') throw new DomainError('invalid_field', `${field} must be a string.`, field);
  const text = value.trim();
  if (CONTROL_CHARACTERS.test(text)) throw new DomainError('invalid_field', `${field} must not contain control characters.`, field);
  if ([...text].length > maxLength) throw new DomainError('invalid_field', `${field} must be at most ${maxLength} characters.`, field);
  return text;
}

/** Like plainText, but absent (undefined, null, or blank, as an empty form field sends it) gives undefined. */
export function optionalPlainText(value: unknown, field: string, maxLength: number): string | undefined {
  const blank = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  return blank ? undefined : plainText(value, field, maxLength);
}

/**
 * Text with paragraphs (a raffle's description): line breaks kept (CR LF and CR become LF), tabs and
 * other controls refused, each line's end trimmed, at most one blank line between paragraphs.
 */
export function paragraphText(value: unknown, field: string, maxLength: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new DomainError('invalid_field', `${field} must be a string.`, field);
  const text = value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (CONTROL_CHARACTERS.test(text.replace(/\n/g, ''))) {
    throw new DomainError('invalid_field', `${field} must not contain control characters other than line breaks.`, field);
  }
  if ([...text].length > maxLength) throw new DomainError('invalid_field', `${field} must be at most ${maxLength} characters.`, field);
  return text;
}

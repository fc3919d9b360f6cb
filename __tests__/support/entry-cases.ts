/**
 * One table of what people type into the entry form, and what the one rule set (model/entrant.ts) makes
 * of it: the model's unit test, the apply handler's test and the browser test (the page's rules.js)
 * all run every row, so the page and the server cannot disagree again.
 */
import type { FieldProblem } from '../../model/errors';
import type { EntryField } from '../../model/entrant';

export interface EntryCase {
  readonly why: string;
  readonly field: EntryField;
  readonly typed: string;
  /** The stored value when accepted, or what is wrong when refused. */
  readonly expected: { readonly stored: string } | { readonly reason: FieldProblem };
}

/** A valid entry the cases change one field of. */
export const VALID_ENTRY: Readonly<Record<EntryField, string>> = {
  email: 'case@example.com',
  name: 'Case Person',
  phone: '+44 7911 123400',
};

export const ENTRY_CASES: readonly EntryCase[] = [
  // Names
  { why: 'an accented name', field: 'name', typed: '  José Ñúñez ', expected: { stored: 'José Ñúñez' } },
  { why: 'an Arabic name', field: 'name', typed: 'محمد علي', expected: { stored: 'محمد علي' } },
  { why: 'a name with a zero-width joiner inside', field: 'name', typed: 'क्‍ष Rao', expected: { stored: 'क्‍ष Rao' } },
  { why: 'a right-to-left override', field: 'name', typed: 'evil\u202Egnp.exe', expected: { reason: 'control_characters' } },
  { why: 'a tab', field: 'name', typed: 'Ada\tLovelace', expected: { reason: 'control_characters' } },
  { why: 'only zero-width spaces', field: 'name', typed: '\u200B\u200B\u200B', expected: { reason: 'no_visible_characters' } },
  { why: 'only Hangul fillers', field: 'name', typed: '\u3164\u3164', expected: { reason: 'no_visible_characters' } },
  { why: 'only combining marks and a braille blank', field: 'name', typed: '\u0301\u2800', expected: { reason: 'no_visible_characters' } },
  { why: 'a lone surrogate', field: 'name', typed: 'Ada \uDFFF', expected: { reason: 'broken_characters' } },
  { why: 'nothing but spaces', field: 'name', typed: '   ', expected: { reason: 'required' } },
  { why: '101 characters', field: 'name', typed: 'a'.repeat(101), expected: { reason: 'too_long' } },
  { why: '100 emoji (200 UTF-16 units)', field: 'name', typed: '😀'.repeat(100), expected: { stored: '😀'.repeat(100) } },
  // Emails
  { why: 'an address in capitals', field: 'email', typed: ' Alice@Example.COM ', expected: { stored: 'Alice@example.com' } },
  { why: 'an internationalised domain', field: 'email', typed: 'jorg@bücher.example', expected: { stored: 'jorg@xn--bcher-kva.example' } },
  { why: 'an umlaut before the @', field: 'email', typed: 'jörg@bücher.example', expected: { reason: 'address_not_ascii' } },
  { why: 'no @', field: 'email', typed: 'plain', expected: { reason: 'not_an_address' } },
  { why: 'no top-level domain', field: 'email', typed: 'a@localhost', expected: { reason: 'not_an_address' } },
  { why: 'a path after the domain', field: 'email', typed: 'a@example.com/x', expected: { reason: 'not_an_address' } },
  { why: 'a port after the domain', field: 'email', typed: 'a@example.com:25', expected: { reason: 'not_an_address' } },
  { why: 'two dots', field: 'email', typed: 'a..b@example.com', expected: { reason: 'not_an_address' } },
  { why: 'nothing', field: 'email', typed: '', expected: { reason: 'required' } },
  // Phones
  { why: 'spaces and brackets', field: 'phone', typed: '+1 (415) 555-2671', expected: { stored: '+14155552671' } },
  { why: 'no country code', field: 'phone', typed: '020 7946 0958', expected: { reason: 'not_international' } },
  { why: 'too few digits', field: 'phone', typed: '+44 12', expected: { reason: 'not_a_number' } },
  { why: 'no such country', field: 'phone', typed: '+999 1234567', expected: { reason: 'not_a_number' } },
  { why: 'too long to be a phone', field: 'phone', typed: `+1${'2'.repeat(40)}`, expected: { reason: 'too_long' } },
];

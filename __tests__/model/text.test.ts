/**
 * GIVEN text an organiser types for a raffle's description (model/text.ts, paragraphText)
 * WHEN it is read
 * THEN line breaks are kept as LF (CR LF and CR too), each line's end and the whole are trimmed, at most
 *      one blank line separates paragraphs; absent is empty; tabs, other controls and bidi overrides are
 *      refused, and so is text longer than the limit in characters as people count them.
 */
import { DomainError } from '../../model/errors';
import { paragraphText } from '../../model/text';

const read = (value: unknown, max = 50) => paragraphText(value, 'description', max);

function refusal(value: unknown, max = 50): { code: string; field?: string } | undefined {
  try {
    read(value, max);
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, field: err.field };
    throw err;
  }
  return undefined;
}

describe('paragraphText', () => {
  it.each<[string, unknown, string]>([
    ['absent', undefined, ''],
    ['null', null, ''],
    ['blank', ' \n \r\n ', ''],
    ['one line, trimmed', '  Win a bike.  ', 'Win a bike.'],
    ['CR LF and CR become LF', 'One\r\nTwo\rThree', 'One\nTwo\nThree'],
    ["each line's end trimmed, its start kept", 'One   \n  indented  \nThree', 'One\n  indented\nThree'],
    ['paragraphs: at most one blank line between', 'One.\n\n\n\n\nTwo.\r\n\r\n\r\nThree.', 'One.\n\nTwo.\n\nThree.'],
    ['a line of spaces is a blank line', 'One.\n   \n   \n\nTwo.', 'One.\n\nTwo.'],
    ['leading and trailing blank lines dropped', '\n\n  \nOne.\n\n\n', 'One.'],
    ['emoji and accents kept', 'Café ☕ — 🎉', 'Café ☕ — 🎉'],
  ])('%s', (_why, value, text) => {
    expect(read(value)).toBe(text);
  });

  it.each<[string, unknown]>([
    ['a tab', 'One\tTwo'],
    ['a NUL', 'One\u0000'],
    ['an escape', 'One\u001b[31m'],
    ['a C1 control', 'One\u0085Two'],
    ['a form feed', 'One\fTwo'],
    ['a vertical tab', 'One\vTwo'],
    ['a right-to-left override', 'rtl\u202Eevil'],
    ['a bidi isolate', 'a\u2066b'],
  ])('refuses %s with invalid_field naming the field', (_why, value) => {
    expect(refusal(value)).toEqual({ code: 'invalid_field', field: 'description' });
  });

  it.each<[string, unknown]>([
    ['a number', 42],
    ['a list', ['One', 'Two']],
    ['an object', { text: 'One' }],
    ['a boolean', true],
  ])('refuses %s: only a string is text', (_why, value) => {
    expect(refusal(value)).toEqual({ code: 'invalid_field', field: 'description' });
  });

  it('counts characters as people do (code points, after tidying), line breaks included', () => {
    expect(read('😀'.repeat(10), 10)).toBe('😀'.repeat(10));
    expect(refusal('😀'.repeat(11), 10)).toEqual({ code: 'invalid_field', field: 'description' });
    // Five and five with one blank line between: 12 characters.
    expect(read('aaaaa\n\n\n\nbbbbb  ', 12)).toBe('aaaaa\n\nbbbbb');
    expect(refusal('aaaaa\n\nbbbbbb', 12)).toEqual({ code: 'invalid_field', field: 'description' });
  });
});

/**
 * The fuzzer's raw material: valid values to start from, hostile strings to put in their place, and the
 * body builder that writes JSON byte for byte (escaped or raw UTF-8, with invalid bytes and raw JSON text
 * where a case wants them). Pure.
 */
import type { Rng } from './prng';

/** Names a person may really have: each is valid (the stored name must be this, trimmed). */
export const VALID_NAMES = [
  'Ada Lovelace',
  'Grace Hopper',
  'José María García-López',
  '王小明',
  'محمد علي',
  'שרה כהן',
  '🎉 Party Person',
  'Zoë 👩‍👩‍👧',
  'Ｆｕｌｌｗｉｄｔｈ Name',
  '𝓖𝓻𝓪𝓬𝓮',
  "Seán O'Brien",
  'Ludwig van Beethoven',
  'Zalgo Z̷̢a̸l̵g̶o̴',
  'Name\u200Fwith a right-to-left mark',
  '  padded name  ',
  'x',
  'A'.repeat(100),
  '\uFFFD replacement sent on purpose',
] as const;

/**
 * Text that no free-text field may take (model/text.ts): each is refused wherever it goes, with what is
 * wrong. A field whose limit is below its length is refused too, for another reason.
 */
export const HOSTILE_TEXT: ReadonlyArray<readonly [string, string]> = [
  ['\u202Eevil\u202C', 'a right-to-left override'],
  ['Ann\u2066isolate\u2069', 'a bidi isolate'],
  ['\u200B\u200C\u200D', 'zero-width characters only'],
  ['\u3164\u3164', 'Hangul fillers only'],
  ['\u0301\u0302', 'combining marks with nothing to combine'],
  ['\u2800', 'the blank braille pattern'],
  ['Ann\ud800', 'a lone high surrogate (\\ud800)'],
  ['\udc00Bob', 'a lone low surrogate (\\udc00)'],
  ['Nul\u0000byte', 'a NUL'],
  ['Line\nbreak', 'a line feed'],
  ['Tab\there', 'a tab'],
  ['C1\u0085next line', 'a C1 control (NEL)'],
  ['Bell\u0007', 'a BEL'],
  ['\u00A0\u2003\u3000', 'spaces only (no-break, em, ideographic)'],
  ['', 'an empty string'],
  ['   ', 'blanks only'],
];

/** Bytes that are not UTF-8, put inside a JSON string as they are. */
export const INVALID_UTF8: ReadonlyArray<readonly [Buffer, string]> = [
  [Buffer.from([0xed, 0xa0, 0x80]), 'a lone surrogate as raw bytes (ED A0 80)'],
  [Buffer.from([0xed, 0xbf, 0xbf]), 'a lone low surrogate as raw bytes (ED BF BF)'],
  [Buffer.from([0xff]), 'the byte FF'],
  [Buffer.from([0xc0, 0xaf]), 'an overlong "/" (C0 AF)'],
  [Buffer.from([0xe2, 0x82]), 'a truncated sequence (E2 82)'],
  [Buffer.from([0x80]), 'a lone continuation byte'],
  [Buffer.from([0xf4, 0x90, 0x80, 0x80]), 'a code point above U+10FFFF'],
];

/** JSON that is not JSON, or not an object. */
export const MALFORMED_JSON: ReadonlyArray<readonly [string, string]> = [
  ['', 'an empty body'],
  ['   \n', 'blanks only'],
  ['{', 'an unclosed object'],
  ['{"email":', 'a body cut after a key'],
  ["{'email':'a@example.com'}", 'single quotes'],
  ['{email:"a@example.com"}', 'an unquoted key'],
  ['{"a":1,}', 'a trailing comma'],
  ['{"a":NaN}', 'NaN'],
  ['{"a":Infinity}', 'Infinity'],
  ['{"a":1} {"b":2}', 'two objects'],
  ['{"a":"\\x41"}', 'an invalid escape'],
  ['{"a":"\\u12"}', 'a short \\u escape'],
  ['{"a":"tab\there"}', 'a raw control character in a string'],
  ['/* c */ {"a":1}', 'a comment'],
  ['\uFEFF{"a":1}', 'a byte order mark'],
  ['null', 'null'],
  ['[]', 'an array'],
  ['[{"email":"a@example.com"}]', 'an array of an object'],
  ['"a string"', 'a string'],
  ['42', 'a number'],
  ['true', 'true'],
  ['{"a":01}', 'a leading zero'],
  ['{"a":1e}', 'a cut exponent'],
  ['{"a":"unterminated}', 'an unterminated string'],
  ['{"a" "b"}', 'a missing colon'],
  ['<xml/>', 'XML'],
  ['email=a%40example.com&name=A', 'a form encoding'],
];

/** Values of every JSON type but the one a field wants. */
export function wrongType(rng: Rng, wanted: 'string' | 'number' | 'boolean' | 'array' | 'object'): [unknown, string] {
  const choices: Array<[unknown, string, string]> = [
    [42, 'a number', 'number'],
    [-0.5, 'a negative fraction', 'number'],
    [1e308, '1e308', 'number'],
    [true, 'true', 'boolean'],
    [false, 'false', 'boolean'],
    [['a@example.com'], 'an array', 'array'],
    [[], 'an empty array', 'array'],
    [{ value: 'x' }, 'an object', 'object'],
    [{}, 'an empty object', 'object'],
    ['1', 'a string', 'string'],
    ['true', 'the string "true"', 'string'],
  ];
  const [value, what] = rng.pick(choices.filter(([, , type]) => type !== wanted));
  return [value, what];
}

/** Field names nobody expects. */
export const EXTRA_FIELDS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'x', 'status', 'ticket', 'admin', ''];

/**
 * A JSON body written byte for byte: `value(raw)` stands for a raw JSON text where a value goes, and
 * `bytes(raw)` for raw bytes inside a string; `render` writes the object with them in place, either as
 * UTF-8 or with every non-ASCII character escaped.
 */
export class BodyBuilder {
  private readonly values = new Map<string, Buffer>();
  private readonly inString = new Map<string, Buffer>();

  /** A placeholder for raw JSON text in place of a value. */
  value(raw: string | Buffer): string {
    const marker = `~~V${this.values.size}~~`;
    this.values.set(marker, Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'));
    return marker;
  }

  /** A placeholder for raw bytes inside a string value. */
  bytes(raw: Buffer): string {
    const marker = `~~B${this.inString.size}~~`;
    this.inString.set(marker, raw);
    return marker;
  }

  render(body: unknown, escapeNonAscii: boolean): Buffer {
    let text = JSON.stringify(body) ?? '';
    if (escapeNonAscii) text = text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    let out: Buffer = Buffer.from(text, 'utf8');
    for (const [marker, raw] of this.values) out = replaceAll(out, Buffer.from(`"${marker}"`), raw);
    for (const [marker, raw] of this.inString) out = replaceAll(out, Buffer.from(marker), raw);
    return out;
  }
}

function replaceAll(haystack: Buffer, needle: Buffer, replacement: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (let found = haystack.indexOf(needle, at); found >= 0; found = haystack.indexOf(needle, at)) {
    parts.push(haystack.subarray(at, found), replacement);
    at = found + needle.length;
  }
  parts.push(haystack.subarray(at));
  return Buffer.concat(parts);
}

/** Nested arrays or objects `depth` deep, as JSON text (closed, or left open). */
export function nested(depth: number, kind: 'array' | 'object', closed = true): string {
  const open = kind === 'array' ? '[' : '{"a":';
  const close = kind === 'array' ? ']' : '}';
  return open.repeat(depth) + (kind === 'array' ? '' : '1') + (closed ? close.repeat(depth) : '');
}

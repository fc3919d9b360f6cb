/**
 * The families of hostile input, each spoiling a valid draft (./fuzz-cases.ts) in one way and saying
 * whether what is left must be refused: here the body's (fields extra, missing or of the wrong type,
 * malformed JSON, deep nesting, huge strings, unicode), in ./fuzz-http-mutations.ts the HTTP level's
 * (headers, paths, methods). Where a family cannot tell (an extra field, a valid-looking unicode name, a
 * GET's ignored body), the case is `either`, and a success is checked for what it stored.
 */
import { FUZZ_RAFFLES, isBodyRoute, NEEDS_IDEMPOTENCY_KEY, note, refuse, REQUIRED_FIELDS, type Draft, type Family } from './fuzz-draft';
import { headers, method, path } from './fuzz-http-mutations';
import { EXTRA_FIELDS, HOSTILE_TEXT, INVALID_UTF8, MALFORMED_JSON, nested, VALID_NAMES, wrongType } from './fuzz-values';

export function mutate(family: Family, d: Draft): void {
  MUTATIONS[family](d);
}

const MUTATIONS: Record<Family, (d: Draft) => void> = {
  valid: () => undefined,
  fields,
  'malformed-json': malformedJson,
  nesting,
  huge,
  unicode,
  headers,
  path,
  method,
};

const required = (d: Draft): readonly string[] => REQUIRED_FIELDS[d.route] ?? [];

/** A field of the body to spoil: a required one when the route has any (and `wantRequired`). */
function someField(d: Draft, wantRequired: boolean): { name: string; required: boolean } | undefined {
  const req = required(d).filter((f) => d.body && f in d.body);
  if (wantRequired && req.length > 0) return { name: d.rng.pick(req), required: true };
  const all = Object.keys(d.body ?? {});
  if (all.length === 0) return undefined;
  const name = d.rng.pick(all);
  return { name, required: required(d).includes(name) };
}

/** Extra, missing, null, wrongly typed or duplicated fields. */
function fields(d: Draft): void {
  if (!d.body) {
    if (d.route === 'entrants' && d.rng.chance(0.6)) {
      const position = forgedPosition(d);
      d.query.push(['cursor', Buffer.from(JSON.stringify(position)).toString('base64url')]);
      return note(d, `a forged cursor ${JSON.stringify(position).slice(0, 80)}`);
    }
    d.query.push([d.rng.pick(EXTRA_FIELDS) || 'q', d.rng.text(5)]);
    note(d, 'an unexpected query parameter');
    return;
  }
  const op = d.rng.pick(['extra', 'missing', 'null', 'wrong-type', 'duplicate', 'empty'] as const);
  const field = someField(d, op !== 'extra' && d.rng.chance(0.7));
  if (op === 'extra' || !field) {
    for (let i = d.rng.int(1, 3); i > 0; i--) {
      const name = d.rng.chance(0.1) ? 'website' : d.rng.pick(EXTRA_FIELDS);
      d.body[name] = wrongType(d.rng, 'string')[0];
      note(d, `an extra field ${JSON.stringify(name)}`);
    }
    return;
  }
  const mark = (text: string): void => (field.required ? refuse(d, text) : note(d, text));
  switch (op) {
    case 'missing':
      delete d.body[field.name];
      return mark(`no ${field.name}`);
    case 'null':
      d.body[field.name] = null;
      return mark(`${field.name} null`);
    case 'wrong-type': {
      const [value, what] = wrongType(d.rng, typeof d.body[field.name] === 'number' ? 'number' : 'string');
      d.body[field.name] = value;
      // A number where a string goes, or a string where a number goes, is refused; a required field's other types too.
      return mark(`${field.name} as ${what}`);
    }
    case 'duplicate': {
      // The last of two keys wins in JSON.parse: a wrong value last must be refused.
      const wrong = d.builder.value(
        `42, ${JSON.stringify(field.name)}: ${JSON.stringify(d.body[field.name])}, ${JSON.stringify(field.name)}: 42`,
      );
      const rest = { ...d.body };
      delete rest[field.name];
      d.body = { ...rest, [field.name]: wrong };
      return mark(`${field.name} twice, a number last`);
    }
    case 'empty':
      d.body = {};
      return required(d).length > 0 ? refuse(d, 'an empty object') : note(d, 'an empty object');
  }
}

/** What a forger puts in a cursor of our shape: [bucket, searchAddress, entry key, prefix], or not quite. */
function forgedPosition(d: Draft): unknown {
  const r = d.rng;
  const position = [
    r.pick([0, 1, 37, 38, -1, 1.5, '0', null]),
    r.pick(['', 'a', 'setup1@example.com', 'x'.repeat(300), 'y'.repeat(1100), 5]),
    r.pick(['', 'b', `@${FUZZ_RAFFLES.drawn}/setup1@example.com`, 'c'.repeat(400), 'c'.repeat(2100), null]),
    r.pick(['', 'a', 0]),
  ];
  return r.weighted<unknown>([
    [position, 8],
    [position.slice(0, 3), 1],
    [{ bucket: 0 }, 1],
  ]);
}

/** Bytes that are not a JSON object. */
function malformedJson(d: Draft): void {
  const [text, what] = d.rng.pick(MALFORMED_JSON);
  d.rawBody = Buffer.from(text, 'utf8');
  if (!d.headers.some(([n]) => n === 'Content-Type')) d.headers.push(['Content-Type', 'application/json']);
  return isBodyRoute(d.route) ? refuse(d, `body: ${what}`) : note(d, `body: ${what} (a route that reads none)`);
}

/** Arrays or objects nested deep: the whole body, a field's value, or an extra field. */
function nesting(d: Draft): void {
  const depth = d.rng.pick([64, 512, 1000, 1900, 2040, 3000, 10000]);
  const kind = d.rng.pick(['array', 'object'] as const);
  const closed = d.rng.chance(0.85);
  const text = nested(depth, kind, closed);
  const where = d.body ? d.rng.pick(['body', 'field', 'extra'] as const) : 'body';
  const what = `${kind}s nested ${depth} deep${closed ? '' : ', never closed'} as the ${where === 'body' ? 'whole body' : where === 'field' ? 'value of a field' : 'value of an extra field'}`;
  if (!d.headers.some(([n]) => n === 'Content-Type')) d.headers.push(['Content-Type', 'application/json']);
  if (where === 'body') {
    d.rawBody = Buffer.from(text, 'utf8');
    // An object nested deep is an object: a route that needs no field may take it.
    const refused = isBodyRoute(d.route) && (kind === 'array' || !closed || text.length > 4096 || required(d).length > 0);
    return refused ? refuse(d, what) : note(d, what);
  }
  const field = where === 'field' ? someField(d, true) : undefined;
  d.body![field?.name ?? 'nested'] = d.builder.value(text);
  const tooBig = text.length > 4096;
  return (field?.required || tooBig || !closed) && isBodyRoute(d.route) ? refuse(d, what) : note(d, what);
}

const LIMITED: Record<string, number> = { email: 254, name: 100, phone: 32, title: 120, reason: 500, note: 200, prize: 100, raffleId: 64 };

/** Strings far past their limits, and bodies past 4 KB. */
function huge(d: Draft): void {
  const length = d.rng.pick([300, 1000, 2000, 3900, 5000, 20000, 100000]);
  const unit = d.rng.pick(['a', 'é', '😀', '\u202E']);
  const text = unit.repeat(Math.ceil(length / unit.length));
  if (d.body && d.rng.chance(0.9)) {
    const field = d.rng.chance(0.7) ? someField(d, true) : undefined;
    const name = field?.name ?? 'padding';
    d.body[name] = text;
    const size = d.builder.render(d.body, d.escape).length;
    const what = `${name} of ${length} × ${JSON.stringify(unit)} (a ${size}-byte body)`;
    const kind = textKind(d.route, name);
    const refused =
      size > 4096 ||
      (field?.required ?? false) ||
      name === 'token' ||
      (name in LIMITED && [...text].length > LIMITED[name]) ||
      (unit === '\u202E' && (kind === 'plain' || kind === 'optional' || kind === 'paragraph'));
    return isBodyRoute(d.route) && refused ? refuse(d, what) : note(d, what);
  }
  // A real body past the gateway's 10 MB, or a big one on a route that reads none.
  if (d.rng.chance(0.02)) {
    d.rawBody = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    if (d.rng.chance(0.5)) d.framing = 'chunked';
    return refuse(d, `a body of 10 MB + 1 byte${d.framing === 'chunked' ? ', chunked' : ''}`);
  }
  d.rawBody = Buffer.from(JSON.stringify({ padding: text }), 'utf8');
  if (!d.headers.some(([n]) => n === 'Content-Type')) d.headers.push(['Content-Type', 'application/json']);
  return isBodyRoute(d.route) && d.rawBody.length > 4096
    ? refuse(d, `a ${d.rawBody.length}-byte body`)
    : note(d, `a ${d.rawBody.length}-byte body`);
}

/** Which kind of text each field is, for what unicode it may take. */
function textKind(route: string, field: string): 'plain' | 'optional' | 'paragraph' | 'email' | 'phone' | 'token' | undefined {
  if (field === 'email') return 'email';
  if (field === 'phone') return 'phone';
  if (field === 'token') return 'token';
  if (field === 'description') return 'paragraph';
  if (field === 'note' || (route === 'draw' && field === 'prize')) return 'optional';
  if (['name', 'title', 'reason'].includes(field)) return 'plain';
  return undefined;
}

/** RTL overrides, zero-width characters, lone surrogates (escaped and as raw bytes), emoji: in a field, the path or a header. */
function unicode(d: Draft): void {
  const where = d.body && d.rng.chance(0.75) ? 'body' : d.params.raffleId !== undefined && d.rng.chance(0.6) ? 'path' : 'header';
  if (where === 'body') {
    const candidates = Object.keys(d.body!).filter((f) => textKind(d.route, f));
    const field = candidates.length > 0 ? d.rng.pick(candidates) : 'comment';
    const kind = textKind(d.route, field);
    const variant = d.rng.weighted([
      ['hostile', 5],
      ['raw-bytes', 3],
      ['valid', 3],
    ] as const);
    if (variant === 'raw-bytes') {
      const [bytes, what] = d.rng.pick(INVALID_UTF8);
      d.body![field] = `Ann${d.builder.bytes(bytes)}Lee`;
      // JSON is UTF-8 (RFC 8259): a body that is not is refused, wherever the bytes are.
      return isBodyRoute(d.route) ? refuse(d, `${field} with ${what}`) : note(d, `${field} with ${what}`);
    }
    if (variant === 'valid' || !kind) {
      const name = d.rng.pick(VALID_NAMES);
      d.body![field] = kind === 'email' ? `fz${d.rng.hex(6)}@${d.rng.pick(['bücher.example', 'ünïcödé.example', '例え.テスト'])}` : name;
      return note(d, `${field} ${JSON.stringify(d.body![field])}${d.escape ? ' (escaped)' : ''}`);
    }
    const [text, what] = d.rng.pick(HOSTILE_TEXT);
    const embedded = d.rng.chance(0.5) && /[\u202A-\u202E\u2066-\u2069\p{Cc}\p{Cs}]/u.test(text);
    if (kind === 'email') {
      // Anything not ASCII before the @ is refused (address_not_ascii); after it, the domain's rules decide.
      const local = d.rng.chance(0.5);
      d.body![field] = local ? `fz${text}${d.rng.hex(4)}@example.com` : `fz${d.rng.hex(4)}@exa${text}mple.com`;
      const what2 = `${field} with ${what} ${local ? 'before' : 'after'} the @`;
      return local && text.trim() !== '' ? refuse(d, what2) : note(d, what2);
    }
    d.body![field] = embedded ? `Ada ${text} Lovelace` : text;
    const what2 = `${field}: ${what}${embedded ? ' inside a name' : ''}${d.escape ? ' (escaped)' : ''}`;
    // A name, a title, a reason: every one of these is refused (model/text.ts); an optional text may be
    // blank; a phone is read by libphonenumber, which skips what is not a digit; a paragraph may break lines.
    const refused = kind === 'token' || kind === 'plain' || (kind === 'optional' && (embedded || text.trim() !== ''));
    return refused && isBodyRoute(d.route) ? refuse(d, what2) : note(d, what2);
  }
  if (where === 'path') {
    const [value, what, refused] = d.rng.pick<readonly [string, string, boolean]>([
      ['%E2%80%AEnepo-zzuf', 'a right-to-left override in the raffle id', true],
      ['fuzz%E2%80%8B-open', 'a zero-width space in the raffle id', true],
      ['%ED%A0%80', 'a lone surrogate, percent-encoded, as the raffle id', true],
      ['%F0%9F%8E%89', 'an emoji as the raffle id', true],
      ['%FF%FE', 'bytes that are not UTF-8 as the raffle id', true],
      ['fuzz-%C3%B6pen', 'a non-ASCII letter in the raffle id', true],
    ]);
    d.rawParams.raffleId = value;
    d.params.raffleId = value;
    return refused ? refuse(d, what) : note(d, what);
  }
  const [value, what] = d.rng.pick([
    ['\xe2\x80\xaekey', 'an Idempotency-Key with a right-to-left override (UTF-8 bytes)'],
    ['k\xed\xa0\x80', 'an Idempotency-Key with a lone surrogate as bytes'],
    ['\xf0\x9f\x8e\x89', 'an emoji Idempotency-Key'],
  ]);
  d.headers = d.headers.filter(([n]) => n !== 'Idempotency-Key');
  d.headers.push(['Idempotency-Key', value]);
  return NEEDS_IDEMPOTENCY_KEY.includes(d.route) ? refuse(d, what) : note(d, what);
}

/**
 * The fuzzer's own parts, with nothing started (reliability/): a case is made again from its seed and
 * index alone; the judge of an answer fails what it must (a fake 500, a 503, a 4xx without the error
 * shape or with the wrong status, a success for input that must be refused, a broken string in a
 * success, silence) and passes what it must; the storage check fails a change nobody accepted and an
 * entry that is invalid or was never sent.
 */
import { ROUTE_NAMES, ROUTES, routesFor } from '../../model/routes';
import { makeCase, type FuzzCase, type FuzzContext, type FuzzPlan } from '../../reliability/fuzz-cases';
import { judge } from '../../reliability/fuzz-check';
import { storageProblems, type ItemChange } from '../../reliability/fuzz-store';
import { mulberry32 } from '../../reliability/prng';
import { serialise, type RawOutcome } from '../../reliability/raw-http';

const ctx: FuzzContext = {
  drawIds: ['0123456789abcdef0123456789abcdef'],
  winnerTickets: [3],
  winnerEmails: ['w@example.com'],
  tokens: ['token'],
  claimTokens: ['claim'],
  entrantEmails: ['e@example.com'],
  adminPort: 3443,
};
const plan: FuzzPlan = { seed: 42, publicCount: 300, adminCount: 100 };

describe('the cases', () => {
  it('are made again, byte for byte, from the seed and the index alone, whatever was made before', () => {
    const bytes = (p: FuzzPlan, i: number) => serialise(makeCase(p, i, ctx).request, 3000).toString('latin1');
    const forwards = Array.from({ length: 400 }, (_, i) => bytes(plan, i));
    const backwards = Array.from({ length: 400 }, (_, i) => bytes(plan, 399 - i)).reverse();
    expect(backwards).toEqual(forwards);
    expect(Array.from({ length: 400 }, (_, i) => bytes({ ...plan, seed: 43 }, i))).not.toEqual(forwards);
    // A few are the same request (GET /raffle/raffles, as valid as it gets): most are not.
    expect(new Set(forwards).size).toBeGreaterThan(300);
  });

  it('go to the public door first and then the admin door, over every route of each, in every family', () => {
    const wide = { ...plan, adminCount: 500 };
    const cases = Array.from({ length: 800 }, (_, i) => makeCase(wide, i, ctx));
    expect(cases.slice(0, 300).every((c) => c.api === 'public')).toBe(true);
    expect(cases.slice(300).every((c) => c.api === 'admin')).toBe(true);
    expect(new Set(cases.slice(0, 300).map((c) => c.route))).toEqual(
      new Set(['raffles', 'raffle', 'apply', 'confirm', 'claim', 'results']),
    );
    expect(new Set(cases.slice(300).map((c) => c.route))).toEqual(
      new Set(routesFor('admin').map((r) => ROUTE_NAMES.find((n) => ROUTES[n] === r))),
    );
    expect(new Set(cases.map((c) => c.route)).size).toBe(ROUTE_NAMES.length);
    expect(new Set(cases.map((c) => c.family)).size).toBe(9);
    expect(() => makeCase(wide, 800, ctx)).toThrow('not in this run');
  });

  it('use a seeded generator, never Math.random', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

const refusalCase: FuzzCase = {
  index: 5,
  api: 'public',
  route: 'apply',
  family: 'malformed-json',
  what: 'test',
  expect: 'refusal',
  malformedHttp: false,
  raffleId: 'fuzz-open',
  request: { method: 'POST', target: '/raffle/raffles/fuzz-open/apply', headers: [], body: Buffer.from('{'), framing: 'length' },
};
const eitherCase: FuzzCase = { ...refusalCase, expect: 'either', request: { ...refusalCase.request, body: Buffer.from('{"name":"A"}') } };
const answer = (status: number, body: unknown, contentType: string | null = 'application/json; charset=utf-8'): RawOutcome => ({
  kind: 'answer',
  status,
  headers: contentType ? { 'content-type': contentType } : {},
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});
const error = (code: string, extra: Record<string, unknown> = {}) => ({ error: { code, message: 'Refused.', ...extra } });

describe('the judge of an answer', () => {
  it.each<[string, FuzzCase, RawOutcome, string]>([
    ['a fake 500 in the error shape', refusalCase, answer(500, error('internal_error', { requestId: 'r' })), 'a 500'],
    ["the gateway's own 500", refusalCase, answer(500, { message: 'Internal Server Error' }, 'application/json'), 'a 500'],
    ['503 service_busy', eitherCase, answer(503, error('service_busy', { retryAfterSeconds: 2 })), '503 service_busy'],
    ['a 400 with a code not in ERROR_CODES', refusalCase, answer(400, error('oops')), 'error shape'],
    ['a 400 without the error shape', refusalCase, answer(400, { message: 'bad' }), 'without the error shape'],
    ['a 404 for malformed_json', refusalCase, answer(404, error('malformed_json')), 'but malformed_json is 400'],
    ['an error with an unexpected key', refusalCase, answer(400, error('malformed_json', { stack: 'x' })), 'unexpected key'],
    ['a 400 as text/plain', refusalCase, answer(400, error('malformed_json'), 'text/plain'), 'not JSON'],
    ['a bare 400 to a well-formed request', refusalCase, answer(400, '', null), 'meant to be well-formed'],
    ['a success for input that must be refused', refusalCase, answer(201, { status: 'registered' }), 'invalid input accepted'],
    ['a success carrying a lone surrogate', eitherCase, answer(200, { name: 'A\ud800' }), 'broken or control'],
    ['a success carrying a right-to-left override', eitherCase, answer(200, { name: '\u202Eevil' }), 'broken or control'],
    ['a success that is not JSON', eitherCase, answer(200, 'ok', 'text/plain'), 'not a JSON object'],
    ['no answer', refusalCase, { kind: 'timeout' }, 'no answer within 30 s'],
    ['a connection closed without an answer', refusalCase, { kind: 'closed', detail: 'ECONNRESET' }, 'without an answer'],
  ])('fails %s', (_what, c, outcome, problem) => {
    const verdict = judge(c, outcome, 30_000);
    expect(verdict.outcome).toBe('violation');
    expect(verdict.problem).toContain(problem);
  });

  it.each<[string, FuzzCase, RawOutcome, 'refused' | 'accepted']>([
    ['a refusal in the error shape', refusalCase, answer(400, error('malformed_json')), 'refused'],
    ['one with its field and reason', refusalCase, answer(400, error('invalid_field', { field: 'name', reason: 'too_long' })), 'refused'],
    ["the gateway's 404", refusalCase, answer(404, { message: 'Not Found' }, 'application/json'), 'refused'],
    ["the gateway's 413", refusalCase, answer(413, { message: 'Request Entity Too Large' }, 'application/json'), 'refused'],
    ['a bare 400 to malformed HTTP', { ...refusalCase, malformedHttp: true }, answer(400, '', null), 'refused'],
    ['a bare 431 to malformed HTTP', { ...refusalCase, malformedHttp: true }, answer(431, '', null), 'refused'],
    [
      'a closed connection on CONNECT',
      { ...refusalCase, malformedHttp: true, request: { ...refusalCase.request, method: 'CONNECT' } },
      { kind: 'closed', detail: 'end' },
      'refused',
    ],
    ['a success for input that may be valid', eitherCase, answer(201, { status: 'registered', label: '0123456789abcdef0123' }), 'accepted'],
    ['a success keeping paragraphs', eitherCase, answer(200, { description: 'One\n\nTwo' }), 'accepted'],
  ])('passes %s', (_what, c, outcome, expected) => {
    expect(judge(c, outcome, 30_000)).toMatchObject({ outcome: expected });
  });

  it('fails a success for a body that is not UTF-8', () => {
    const raw = {
      ...eitherCase,
      request: { ...eitherCase.request, body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) },
    };
    expect(judge(raw, answer(201, { status: 'registered' }), 30_000).problem).toContain('not UTF-8');
  });
});

describe('the storage check', () => {
  const entry = (name: string, phone = '+14155550100') => ({
    email: '@fuzz-open/ada@example.com',
    contactEmail: 'ada@example.com',
    name,
    phone,
    status: 'pending',
  });
  const added = (item: Record<string, unknown>): ItemChange => ({ key: String(item.email), kind: 'added', after: item });
  const applyCase = (name: string): FuzzCase => ({
    ...eitherCase,
    request: { ...eitherCase.request, body: Buffer.from(JSON.stringify({ email: 'ada@example.com', name, phone: '+1 415 555 0100' })) },
  });

  it('fails a change that no accepted request may make, and passes one that one made', () => {
    expect(storageProblems([added(entry('Ada'))], [], false)).toEqual([
      { key: '@fuzz-open/ada@example.com', problem: 'added with no accepted request that may touch it' },
    ]);
    expect(storageProblems([added(entry('Ada'))], [{ c: applyCase('  Ada '), answer: {} }], false)).toEqual([]);
    expect(storageProblems([added({ email: '#raffle#other' })], [{ c: applyCase('Ada'), answer: {} }], false)).toHaveLength(1);
  });

  it('fails an entry that is invalid, or that no accepted registration sent', () => {
    const by = [{ c: applyCase('Ada'), answer: {} }];
    expect(storageProblems([added(entry('Ada', '0044 20'))], by, false).map((p) => p.problem)).toEqual([
      'a stored entry with a phone not in E.164: "0044 20"',
    ]);
    expect(storageProblems([added(entry('Ann\uFFFDLee'))], by, false).map((p) => p.problem)).toEqual([
      'an entry (name "Ann\uFFFDLee") that no accepted registration sent',
    ]);
    expect(
      storageProblems([added(entry('\u202Eevil'))], [{ c: applyCase('\u202Eevil'), answer: {} }], false).map((p) => p.problem),
    ).toEqual(['a stored entry with a control character or direction override in the name']);
  });

  it("leaves a completed draw's announcements alone once a draw was made", () => {
    const notice = added({ email: '@fuzz-drawn/#notified#abc#organiser' });
    expect(storageProblems([notice], [], true)).toEqual([]);
    expect(storageProblems([notice], [], false)).toHaveLength(1);
  });
});

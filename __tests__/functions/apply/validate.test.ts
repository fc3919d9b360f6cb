import { acceptedConsent, isHoneypotFilled } from '../../../functions/apply/validate';
import { normaliseEmail, normaliseName, normalisePhone, validateRegistration } from '../../../model/entrant';
import { DomainError } from '../../../model/errors';
import { HTTP_STATUS } from '../../../functions/runtime/http';

function failure(fn: () => unknown): { code: string; field?: string; status: number } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, field: err.field, status: HTTP_STATUS[err.code] };
    throw err;
  }
  throw new Error('expected a validation failure');
}

describe('email', () => {
  it.each([
    // [as typed, where we write to, the entry key]
    [' Alice@Example.COM ', 'Alice@example.com', 'alice@example.com'],
    ['o.brien+raffle@mail.example.co.uk', 'o.brien+raffle@mail.example.co.uk', 'o.brien@mail.example.co.uk'],
    ['grace.hopper+1@example.com', 'grace.hopper+1@example.com', 'grace.hopper@example.com'],
    ['Grace.Hopper@GMAIL.com', 'Grace.Hopper@gmail.com', 'gracehopper@gmail.com'],
    ['g.r.a.c.e.hopper+x@googlemail.com', 'g.r.a.c.e.hopper+x@googlemail.com', 'gracehopper@gmail.com'],
    ['x@xn--bcher-kva.example', 'x@xn--bcher-kva.example', 'x@xn--bcher-kva.example'],
    ['x@Bücher.example', 'x@xn--bcher-kva.example', 'x@xn--bcher-kva.example'],
    // Dots matter outside Gmail; a leading "+" is no tag.
    ['grace.hopper@outlook.com', 'grace.hopper@outlook.com', 'grace.hopper@outlook.com'],
    ['+1@example.com', '+1@example.com', '+1@example.com'],
  ])('takes %j: contact %j, canonical address %j', (raw, contactEmail, address) => {
    expect(normaliseEmail(raw)).toEqual({ contactEmail, address });
  });

  it('gives one entry key to every way of writing one Gmail mailbox', () => {
    const ways = [
      'grace.hopper@gmail.com',
      'GRACE.HOPPER@gmail.com',
      'gracehopper+raffle@gmail.com',
      'Grace.Hopper@googlemail.com',
      'g.race.hop.per+a+b@GMAIL.COM',
    ];
    expect(new Set(ways.map((w) => normaliseEmail(w).address))).toEqual(new Set(['gracehopper@gmail.com']));
  });

  it.each([
    'plain',
    '@example.com',
    'a@',
    'a@localhost',
    'a@@example.com',
    'a b@example.com',
    'a..b@example.com',
    '.a@example.com',
    'a@-example.com',
    'a@example.c',
    '<a>@example.com',
    `${'l'.repeat(65)}@example.com`,
  ])('refuses %j', (raw) => {
    expect(failure(() => normaliseEmail(raw))).toEqual({ status: 400, code: 'invalid_field', field: 'email' });
  });
});

describe('name', () => {
  it('trims and keeps Unicode, counting characters rather than UTF-16 units', () => {
    expect(normaliseName('  José Ñúñez ')).toBe('José Ñúñez');
    expect(normaliseName('😀'.repeat(100))).toHaveLength(200);
    expect(failure(() => normaliseName('😀'.repeat(101))).field).toBe('name');
  });

  it('keeps markup as plain text (pages render it with textContent)', () => {
    expect(normaliseName('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it.each(['a\tb', 'a\u0000b', 'a\u007fb', 'a\u0085b', 'evil\u202Egnp.exe'])('refuses control characters in %j', (raw) => {
    expect(failure(() => normaliseName(raw))).toEqual({ status: 400, code: 'invalid_field', field: 'name' });
  });
});

describe('phone', () => {
  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+49 30 901820', '+4930901820'],
  ])('normalises %j to E.164 %j', (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it.each(['020 7946 0958', '+44 12', '+999 1234567', 'call me', `+1${'2'.repeat(40)}`])('refuses %j', (raw) => {
    expect(failure(() => normalisePhone(raw))).toEqual({ status: 400, code: 'invalid_field', field: 'phone' });
  });
});

describe('registration', () => {
  it('reports the first field in form order', () => {
    expect(failure(() => validateRegistration({ email: 'bad', name: '', phone: '' })).field).toBe('email');
    expect(failure(() => validateRegistration({ email: 'a@example.com', phone: 'x' })).field).toBe('name');
    expect(failure(() => validateRegistration({ email: 'a@example.com', name: 'A', phone: 12 }))).toEqual({
      status: 400,
      code: 'invalid_field',
      field: 'phone',
    });
  });

  it('returns only the normalised fields, ignoring extras', () => {
    expect(validateRegistration({ email: 'A+x@example.com', name: ' A ', phone: '+14155552671', admin: true })).toEqual({
      contactEmail: 'A+x@example.com',
      address: 'a@example.com',
      name: 'A',
      phone: '+14155552671',
    });
  });
});

describe('consent', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const terms = { rulesUrl: 'https://example.com/rules', privacyUrl: 'https://example.com/privacy' };

  it('with rules, requires "consent": true exactly, and records what was accepted and when', () => {
    expect(acceptedConsent({ consent: true }, terms, now)).toEqual({ acceptedAt: now.toISOString(), ...terms });
    for (const consent of [undefined, false, 'true', 1, 'yes', null]) {
      expect(failure(() => acceptedConsent({ consent }, terms, now))).toEqual({ status: 400, code: 'consent_required', field: 'consent' });
    }
  });

  it('without rules, asks nothing and ignores the field', () => {
    expect(acceptedConsent({ consent: 'anything' }, {}, now)).toBeUndefined();
    expect(acceptedConsent({}, {}, now)).toBeUndefined();
  });
});

describe('honeypot', () => {
  it('is filled by anything but absence, null or an empty string', () => {
    expect([undefined, null, ''].map((website) => isHoneypotFilled({ website }))).toEqual([false, false, false]);
    expect(['http://spam.example', ' ', 0, false].map((website) => isHoneypotFilled({ website }))).toEqual([true, true, true, true]);
  });
});

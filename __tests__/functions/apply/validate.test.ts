import { normaliseEmail, normaliseName, normalisePhone, validateRegistration } from '../../../functions/apply/validate';
import { entriesOpen } from '../../../functions/apply/deadline';
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
    [' Alice@Example.COM ', 'alice@example.com'],
    ['o.brien+raffle@mail.example.co.uk', 'o.brien+raffle@mail.example.co.uk'],
    ['x@xn--bcher-kva.example', 'x@xn--bcher-kva.example'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
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

  it('returns only the three normalised fields, ignoring extras', () => {
    expect(validateRegistration({ email: 'A@example.com', name: ' A ', phone: '+14155552671', admin: true })).toEqual({
      email: 'a@example.com',
      name: 'A',
      phone: '+14155552671',
    });
  });
});

describe('entry deadline', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('is open without a deadline, before it, and closed from it on', () => {
    expect(entriesOpen(undefined, now)).toBe(true);
    expect(entriesOpen('', now)).toBe(true);
    expect(entriesOpen('2026-06-01T12:00:01Z', now)).toBe(true);
    expect(entriesOpen('2026-06-01T12:00:00Z', now)).toBe(false);
  });

  it('treats an unparseable deadline as a fault, not as "open"', () => {
    expect(() => entriesOpen('next friday', now)).toThrow(/ENTRY_DEADLINE/);
  });
});

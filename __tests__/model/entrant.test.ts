/**
 * GIVEN what people type into the entry form (the shared table in __tests__/support/entry-cases.ts)
 * WHEN the model's one rule set reads it, field by field and as a whole registration
 * THEN each row is stored as written there or refused for the reason written there; the first problem
 *      of a registration is the first field in form order.
 */
import { DomainError } from '../../model/errors';
import { registrationProblems, validateRegistration } from '../../model/entrant';
import { ENTRY_CASES, VALID_ENTRY } from '../support/entry-cases';

describe.each(ENTRY_CASES)('$field: $why', ({ field, typed, expected }) => {
  const entry = { ...VALID_ENTRY, [field]: typed };

  it('registrationProblems and validateRegistration agree with the table', () => {
    if ('stored' in expected) {
      expect(registrationProblems(entry)).toEqual([]);
      const stored = validateRegistration(entry);
      expect(field === 'email' ? stored.contactEmail : stored[field]).toBe(expected.stored);
    } else {
      expect(registrationProblems(entry)).toEqual([expect.objectContaining({ field, reason: expected.reason })]);
      expect(() => validateRegistration(entry)).toThrow(expect.objectContaining({ field, reason: expected.reason }));
      expect(() => validateRegistration(entry)).toThrow(DomainError);
    }
  });
});

it('names every field that is wrong, in form order, with the limit a long field broke', () => {
  expect(registrationProblems({ email: 'x', name: 'n'.repeat(101), phone: 12 })).toEqual([
    { field: 'email', reason: 'not_an_address' },
    { field: 'name', reason: 'too_long', max: 100 },
    { field: 'phone', reason: 'not_text' },
  ]);
});

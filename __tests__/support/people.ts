/**
 * Test entrants. One entry per phone number is on by default, so each gets its own valid number:
 * +1 415 555 0000 to 9999 (all valid for libphonenumber, none anyone's real line).
 */
export function phoneOf(i: number): string {
  if (!Number.isInteger(i) || i < 0 || i > 9999) throw new Error(`phoneOf(${i}): only 10,000 distinct test numbers`);
  return `+1415555${String(i).padStart(4, '0')}`;
}

export function person(i: number, prefix = 'e'): { email: string; name: string; phone: string } {
  return { email: `${prefix}${i}@example.com`, name: `Entrant ${i}`, phone: phoneOf(i) };
}

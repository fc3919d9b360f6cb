/** Whether registrations are still open, given the configured ENTRY_DEADLINE (ISO-8601). Pure. */
export function entriesOpen(deadline: string | undefined, now: Date): boolean {
  if (deadline === undefined || deadline.trim() === '') return true;
  const closesAt = Date.parse(deadline);
  // A deadline that does not parse is a deployment fault, not a reason to accept entries forever.
  if (Number.isNaN(closesAt)) throw new Error(`ENTRY_DEADLINE is not an ISO-8601 instant: ${deadline}`);
  return now.getTime() < closesAt;
}

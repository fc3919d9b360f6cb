/** Whether registrations are still open, given the configured entry deadline (ISO-8601, checked by model/settings.ts). Pure. */
export function entriesOpen(deadline: string | undefined, now: Date): boolean {
  return deadline === undefined || now.getTime() < Date.parse(deadline);
}

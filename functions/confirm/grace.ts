/**
 * The confirmation grace rule: when a confirmation link may still make an entry count. Pure.
 *
 * The email may arrive late, and the person entered in time: so an entry made before the raffle closed
 * may be confirmed after it, until the raffle is drawn. The grace is bounded twice: by the link itself,
 * which works for LIMITS.confirmation.validHours from its email (and no link is issued once the raffle
 * has closed: registering is refused then), and by the draw: once a closed raffle has been drawn, the
 * pool that was drawn from stays closed for good, and so it does once the raffle is archived. A raffle
 * drawn early while still open keeps confirming until it closes, as it keeps taking entries.
 */
import { DomainError } from '../../model/errors';
import { raffleStatus, type Raffle } from '../../model/raffle';

/** Why a confirmation is refused now (403 entries_closed), or undefined when it may count. The link's own validity is checked apart. */
export function confirmationRefusal(raffle: Raffle, now: Date): DomainError | undefined {
  const status = raffleStatus(raffle, now);
  if (status !== 'drawn' && status !== 'archived') return undefined;
  return new DomainError(
    'entries_closed',
    status === 'drawn'
      ? 'This raffle has been drawn: entries can no longer be confirmed.'
      : 'This raffle is archived: entries can no longer be confirmed.',
    'token',
  );
}

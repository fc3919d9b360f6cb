/**
 * Claiming a win from the link in the winner's email (claim.html's button POSTs its token): the token's
 * item names the raffle, the draw and the win's ticket; the claim itself is shared/claims.ts's, the same
 * conditional update the organiser's mark makes. A token that is malformed or unknown is `400
 * invalid_token`; past the deadline, or for a win voided meanwhile, `410 claim_expired`; the same link
 * again answers the first claim. Tokens are stored only as their hash, like confirmation tokens.
 */
import type { ClaimAnswer } from '../../model/api';
import { DomainError } from '../../model/errors';
import { raffleKeys } from '../../model/raffle-keys';
import type { Table } from '../runtime/dynamodb';
import { claimWin, readClaimToken } from '../shared/claims';
import type { RaffleReader } from '../shared/raffles';
import { isTokenShaped, tokenHash } from '../shared/tokens';

const invalidToken = (): DomainError =>
  new DomainError('invalid_token', 'This claim link is not valid: check that the whole link from the email was opened.', 'token');

export async function claimFromLink(table: Table, readRaffle: RaffleReader, token: unknown, now: Date): Promise<ClaimAnswer> {
  if (!isTokenShaped(token)) throw invalidToken();
  const item = await readClaimToken(table, tokenHash(token));
  if (!item) throw invalidToken();
  const raffle = await readRaffle(item.raffleId);
  if (!raffle) throw invalidToken();
  const { record, claim } = await claimWin(table, raffleKeys(raffle), item.drawId, item.ticket, { through: 'link' }, now);
  return {
    status: 'claimed',
    raffleId: raffle.raffleId,
    drawId: record.drawId,
    prize: record.prize ?? null,
    claimedAt: claim.claimedAt,
    claimedThrough: claim.through,
  };
}

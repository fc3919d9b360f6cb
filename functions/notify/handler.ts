/**
 * The notify function: invoked by the table's stream (through an event-source mapping whose filter is
 * model/stream-filter.ts) for each draw record that turns complete — a draw, or the replacement of a
 * voided winner. It tells the organiser (SNS, ./messages.ts), and, with notifyWinners, emails each
 * winner (with a claim link when the draw has a claim deadline); each message exactly once (./once.ts),
 * however often a record arrives.
 *
 * Records are handled in order; the first that fails is reported (ReportBatchItemFailures), so Lambda
 * retries from it and the records before it are not announced again. Lambda also bisects a failing
 * batch, retries a bounded number of times, then sends the batch to the on-failure queue: one bad
 * record never blocks the stream.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DRAW_COMPLETED_PATTERN, matchesPattern } from '../../model/stream-filter';
import { sesMailer } from '../runtime/aws/ses-mailer';
import { snsNotifier } from '../runtime/aws/sns-notifier';
import { raffleKeys } from '../../model/raffle-keys';
import { readRaffle, upgradedRaffleId } from '../shared/raffles';
import { lambdaEntry } from '../runtime/lambda';
import { faultOf } from '../runtime/log';
import type { CoreDeps, Mailer, OrganiserNotifier } from '../runtime/ports';
import { storeClaimToken } from '../shared/claims';
import { isErased, toDrawRecord, type DrawRecord, type Winner } from '../shared/draw-record';
import { newToken, tokenHash } from '../shared/tokens';
import { mailRaffle } from '../apply/messages';
import { claimLink, organiserSummary, winnerMail } from './messages';
import { sendOnce } from './once';

export interface NotifyDeps extends CoreDeps {
  /** Winners' emails, with notifyWinners. */
  readonly mailer: Mailer;
  /** The organiser's summary of each completed draw. */
  readonly organiser: OrganiserNotifier;
}

export function createHandler(deps: NotifyDeps): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  const { settings, table, clock } = deps;

  async function announce(draw: DrawRecord, now: Date): Promise<{ organiser: string; winnersEmailed: number }> {
    // Draws an upgraded single-raffle table made name no raffle: they are its first raffle's.
    const raffleId = draw.raffleId ?? (await upgradedRaffleId(table));
    const raffle = raffleId === undefined ? undefined : await readRaffle(table, raffleId);
    if (!raffle) throw new Error(`draw ${draw.drawId}: its raffle ${raffleId ?? '(none)'} does not exist`);
    const keys = raffleKeys(raffle);
    const organiser = await sendOnce(table, keys, draw.drawId, 'organiser', now, () =>
      deps.organiser.notify(organiserSummary(draw, raffle.raffleId, mailRaffle(raffle), settings.adminUrl || undefined)),
    );
    let winnersEmailed = 0;
    if (settings.notifyWinners) {
      for (const winner of draw.winners) {
        if (isErased(winner)) continue;
        const outcome = await sendOnce(table, keys, draw.drawId, `winner-${winner.ticket}`, now, async () =>
          deps.mailer.send(
            winnerMail(draw, mailRaffle(raffle), winner, settings.mailReplyTo, await claimLinkFor(raffle.raffleId, draw, winner)),
          ),
        );
        if (outcome === 'sent') winnersEmailed++;
      }
    }
    return { organiser, winnersEmailed };
  }

  /** A new claim link for the win, its token stored by hash; none for a draw without a claim deadline. */
  async function claimLinkFor(raffleId: string, draw: DrawRecord, winner: Winner): Promise<string | undefined> {
    if (!draw.claimBy) return undefined;
    const token = newToken(deps.random);
    await storeClaimToken(table, tokenHash(token), {
      raffleId,
      drawId: draw.drawId,
      ticket: winner.ticket,
      claimBy: draw.claimBy,
    });
    return claimLink(settings.siteUrl, token);
  }

  return async (event) => {
    for (const record of event.Records) {
      const started = clock.now().getTime();
      const sequence = record.dynamodb?.SequenceNumber ?? '';
      // The mapping's filter already chose these; anything else (a test, a future filter) is ignored, not failed.
      if (!matchesPattern(DRAW_COMPLETED_PATTERN, record)) continue;
      const draw = toDrawRecord(record.dynamodb?.NewImage as Record<string, AttributeValue>);
      const log = deps.logger.child({ route: 'table stream', requestId: record.eventID ?? sequence, drawId: draw.drawId });
      try {
        const sent = await announce(draw, clock.now());
        log.log('info', { durationMs: clock.now().getTime() - started, ...sent });
      } catch (err) {
        log.log('error', { durationMs: clock.now().getTime() - started, fault: faultOf(err) });
        return { batchItemFailures: [{ itemIdentifier: sequence }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

export const handler = lambdaEntry((edge) =>
  createHandler({ ...edge, mailer: sesMailer(edge.settings), organiser: snsNotifier(edge.settings) }),
);

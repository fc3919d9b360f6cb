/**
 * The notify function: invoked by the table's stream (through an event-source mapping whose filter is
 * model/stream-filter.ts) for each draw record that turns complete — a draw, or the replacement of a
 * voided winner. It tells the organiser (SNS, ./messages.ts), and, with notifyWinners, emails each
 * winner; each message exactly once (./once.ts), however often a record arrives.
 *
 * Records are handled in order; the first that fails is reported (ReportBatchItemFailures), so Lambda
 * retries from it and the records before it are not announced again. Lambda also bisects a failing
 * batch, retries a bounded number of times, then sends the batch to the on-failure queue: one bad
 * record never blocks the stream.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ENV } from '../../model/functions';
import { DRAW_COMPLETED_PATTERN, matchesPattern } from '../../model/stream-filter';
import { logLine } from '../runtime/log';
import { sendMail } from '../runtime/mail';
import { notifyOrganiser } from '../runtime/topic';
import { isErased, toDrawRecord, type DrawRecord } from '../shared/draw-record';
import { organiserSummary, winnerMail } from './messages';
import { sendOnce } from './once';

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const started = Date.now();
    const sequence = record.dynamodb?.SequenceNumber ?? '';
    // The mapping's filter already chose these; anything else (a test, a future filter) is ignored, not failed.
    if (!matchesPattern(DRAW_COMPLETED_PATTERN, record)) continue;
    const draw = toDrawRecord(record.dynamodb?.NewImage as Record<string, AttributeValue>);
    const line = { route: 'table stream', requestId: record.eventID ?? sequence, drawId: draw.drawId };
    try {
      const sent = await announce(draw, new Date());
      logLine({ level: 'info', ...line, durationMs: Date.now() - started, ...sent });
    } catch (err) {
      const e = err as { name?: string; message?: string };
      logLine({ level: 'error', ...line, durationMs: Date.now() - started, fault: { name: e?.name, message: e?.message } });
      return { batchItemFailures: [{ itemIdentifier: sequence }] };
    }
  }
  return { batchItemFailures: [] };
}

async function announce(draw: DrawRecord, now: Date): Promise<{ organiser: string; winnersEmailed: number }> {
  const organiser = await sendOnce(draw.drawId, 'organiser', now, () => notifyOrganiser(organiserSummary(draw, process.env[ENV.adminUrl])));
  let winnersEmailed = 0;
  if (process.env[ENV.notifyWinners] === 'true') {
    for (const winner of draw.winners) {
      if (isErased(winner)) continue;
      const outcome = await sendOnce(draw.drawId, `winner-${winner.ticket}`, now, () =>
        sendMail(winnerMail(draw, winner, process.env[ENV.mailReplyTo])),
      );
      if (outcome === 'sent') winnersEmailed++;
    }
  }
  return { organiser, winnersEmailed };
}

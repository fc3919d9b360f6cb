/**
 * Tells the organiser about a finished draw through the SNS topic the stack creates when the config
 * has a `notificationEmail` (NOTIFICATION_TOPIC_ARN). Best effort by design: the draw is already
 * recorded and visible on the organiser's page, so a failed email must not turn a good draw into an
 * error. Only the request that completes a draw announces it, so a replay or a concurrent resume of the
 * same Idempotency-Key never notifies twice.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { DrawRecord } from '../shared/draw-record';

export interface DrawNotification {
  /** SNS limits email subjects to 100 characters. */
  readonly subject: string;
  readonly message: string;
}

export function drawNotification(record: DrawRecord): DrawNotification {
  const winners = record.winners.map((w, i) => `  ${i + 1}. ${w.name} <${w.email}>`);
  const shortfall = record.winnerCount < record.requested ? ` (${record.requested} requested; only ${record.winnerCount} eligible)` : '';
  return {
    subject: `Raffle draw ${record.drawId.slice(0, 12)}: ${record.winnerCount} winner(s)`.slice(0, 100),
    message: [
      `Draw ${record.drawId} at ${record.drawnAt} by ${record.drawnBy}.`,
      `${record.winnerCount} winner(s) from ${record.entrantCount} entrant(s)${shortfall}:`,
      ...winners,
      '',
      `Method: ${record.method ?? 'n/a'}; randomness: ${record.randomness}.`,
    ].join('\n'),
  };
}

let client: SNSClient | undefined;

/** The function's one SNS client, created on first use (region and credentials from the Lambda runtime). */
export function snsClient(): SNSClient {
  client ??= new SNSClient({});
  return client;
}

/** Publishes; resolves to 'sent' or 'failed' and never throws. */
export async function notifyDraw(topicArn: string, record: DrawRecord): Promise<'sent' | 'failed'> {
  const { subject, message } = drawNotification(record);
  try {
    await snsClient().send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    return 'sent';
  } catch {
    return 'failed';
  }
}

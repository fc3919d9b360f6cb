/**
 * The one way a function tells the organiser something: SNS, to the topic the stack creates for the
 * config's notificationEmail (NOTIFICATION_TOPIC_ARN). Locally and in tests (OUTBOX_DIR set), the
 * message is written to the outbox instead, addressed to ORGANISER_OUTBOX_ADDRESS.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ENV } from '../../model/functions';
import { writeToOutbox } from './mail';

/** Who an organiser notification is addressed to in the local outbox. */
export const ORGANISER_OUTBOX_ADDRESS = 'organiser (SNS topic)';

export interface OrganiserMessage {
  /** SNS limits email subjects to 100 characters. */
  readonly subject: string;
  readonly text: string;
}

let client: SNSClient | undefined;

/** The function's one SNS client, created on first use (region and credentials from the Lambda runtime). */
export function snsClient(): SNSClient {
  client ??= new SNSClient({});
  return client;
}

/** 'none' when there is nowhere to send (no topic configured). Throws when SNS refuses. */
export async function notifyOrganiser(message: OrganiserMessage): Promise<'sent' | 'none'> {
  const outbox = process.env[ENV.outboxDir];
  if (outbox) {
    writeToOutbox(outbox, { to: ORGANISER_OUTBOX_ADDRESS, subject: message.subject, text: message.text });
    return 'sent';
  }
  const topicArn = process.env[ENV.notificationTopicArn];
  if (!topicArn) return 'none';
  await snsClient().send(new PublishCommand({ TopicArn: topicArn, Subject: message.subject.slice(0, 100), Message: message.text }));
  return 'sent';
}

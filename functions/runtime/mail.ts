/**
 * The one way the functions send email. On AWS: SES (v2), from MAIL_FROM, an address of the raffle's
 * verified domain. Locally and in tests (OUTBOX_DIR set): each message is written as one file in that
 * folder, holding the recipient, the subject and the body, for a person (or a test) to read.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ENV } from '../../model/functions';

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Where a reply goes, when not to the sender. */
  readonly replyTo?: string;
}

let client: SESv2Client | undefined;

/** The function's one SES client, created on first use (region and credentials from the Lambda runtime). */
export function sesClient(): SESv2Client {
  client ??= new SESv2Client({});
  return client;
}

/** The file a message becomes in the outbox: headers, a blank line, the body. */
export function outboxFile(mail: Mail): string {
  return `To: ${mail.to}\n${mail.replyTo ? `Reply-To: ${mail.replyTo}\n` : ''}Subject: ${mail.subject}\n\n${mail.text}\n`;
}

/** Writes one message into the outbox folder (local runtime and tests: OUTBOX_DIR). */
export function writeToOutbox(outbox: string, mail: Mail): void {
  fs.mkdirSync(outbox, { recursive: true });
  // Time first, so the folder lists in sending order; the random part keeps simultaneous messages apart.
  const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.txt`;
  fs.writeFileSync(path.join(outbox, name), outboxFile(mail), { mode: 0o600 });
}

export async function sendMail(mail: Mail): Promise<void> {
  const outbox = process.env[ENV.outboxDir];
  if (outbox) {
    writeToOutbox(outbox, mail);
    return;
  }
  const from = process.env[ENV.mailFrom];
  if (!from) throw new Error(`${ENV.mailFrom} is not set: the function cannot send mail`);
  await sesClient().send(
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [mail.to] },
      ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
      Content: { Simple: { Subject: { Data: mail.subject, Charset: 'UTF-8' }, Body: { Text: { Data: mail.text, Charset: 'UTF-8' } } } },
    }),
  );
}

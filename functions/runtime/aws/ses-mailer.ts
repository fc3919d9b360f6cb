/** Email on AWS: SES (v2), from the raffle's verified domain (settings.mailFrom). */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Settings } from '../../../model/settings';
import type { Mailer } from '../ports';

/** `client`: region and credentials from the Lambda runtime unless a test gives its own. */
export function sesMailer(settings: Pick<Settings, 'mailFrom'>, client: SESv2Client = new SESv2Client({})): Mailer {
  return {
    async send(mail) {
      const from = settings.mailFrom;
      if (!from) throw new Error('MAIL_FROM is not set: the function cannot send mail');
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [mail.to] },
          ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
          Content: {
            Simple: { Subject: { Data: mail.subject, Charset: 'UTF-8' }, Body: { Text: { Data: mail.text, Charset: 'UTF-8' } } },
          },
        }),
      );
    },
  };
}

/** Reading the local outbox in tests: the confirmation link the newest email to an address carries. */
import { readOutbox } from '../../local/outbox';

const LINK = /https?:\/\/\S+\/confirm\.html\?token=([A-Za-z0-9_-]+)/;

/**
 * The link of the newest confirmation email to `to` (whose subject contains `about`, when given: a raffle's
 * title tells one raffle's email from another's); throws when there is none.
 */
export function confirmationLink(
  outboxDir: string | undefined,
  to: string,
  about?: string,
): { readonly url: string; readonly token: string } {
  const mail = readOutbox(outboxDir ?? '')
    .filter((m) => m.to === to && (about === undefined || m.subject.includes(about)))
    .reverse()
    .find((m) => LINK.test(m.text));
  const match = LINK.exec(mail?.text ?? '');
  if (!match) throw new Error(`no confirmation link to ${to}${about ? ` about ${about}` : ''} in ${outboxDir ?? 'the outbox (none)'}`);
  return { url: match[0], token: match[1] };
}

/**
 * The emails registration sends, in the raffle's language (model/messages, "email.*"). Pure. Both answer
 * the same form submission with the same HTTP answer; only the mailbox's owner learns which one it was.
 */
import { translate, type Language } from '../../model/i18n';
import { LIMITS } from '../../model/limits';
import { raffleLanguage, type Raffle } from '../../model/raffle';
import type { Mail } from '../runtime/ports';

/** What an email names of its raffle. */
export interface MailRaffle {
  readonly title: string;
  readonly language: Language;
}

export function mailRaffle(raffle: Raffle): MailRaffle {
  return { title: raffle.title, language: raffleLanguage(raffle) };
}

/** A subject within the 100 characters a subject line shows everywhere. */
export function fitSubject(subject: string): string {
  return [...subject].length <= 100 ? subject : `${[...subject].slice(0, 99).join('')}…`;
}

export function confirmationMail(
  to: string,
  raffle: MailRaffle,
  details: { readonly name: string; readonly phone: string },
  link: string,
): Mail {
  const { title, language } = raffle;
  return {
    to,
    subject: fitSubject(translate(language, 'email.confirm.subject', { title })),
    text: translate(language, 'email.confirm.body', {
      title,
      name: details.name,
      // The last digits only: enough for the owner to recognise, too few to be worth stealing.
      phoneEnd: details.phone.slice(-4),
      link,
      hours: LIMITS.confirmation.validHours,
    }),
  };
}

export function alreadyEnteredMail(to: string, { title, language }: MailRaffle): Mail {
  return {
    to,
    subject: fitSubject(translate(language, 'email.alreadyEntered.subject', { title })),
    text: translate(language, 'email.alreadyEntered.body', { title }),
  };
}

export function confirmationLink(siteUrl: string, token: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/confirm.html?token=${token}`;
}

/**
 * The emails registration sends. Pure. Both answer the same form submission with the same HTTP answer;
 * only the mailbox's owner learns which one it was.
 */
import { LIMITS } from '../../model/limits';
import type { Mail } from '../runtime/ports';

/** The last digits only: enough for the owner to recognise, too few to be worth stealing. */
/** "Confirm your entry: <title>", within the 100 characters a subject line shows everywhere. */
export function subjectAbout(what: string, raffleTitle: string): string {
  const subject = `${what}: ${raffleTitle}`;
  return [...subject].length <= 100 ? subject : `${[...subject].slice(0, 99).join('')}…`;
}

function maskedPhone(e164: string): string {
  return `ending ${e164.slice(-4)}`;
}

export function confirmationMail(
  to: string,
  raffleTitle: string,
  details: { readonly name: string; readonly phone: string },
  link: string,
): Mail {
  return {
    to,
    subject: subjectAbout('Confirm your entry', raffleTitle),
    text: [
      `Someone, we hope you, entered "${raffleTitle}" with this email address:`,
      '',
      `  Name:  ${details.name}`,
      `  Phone: ${maskedPhone(details.phone)}`,
      '',
      'To confirm the entry, open this link and press the button on the page:',
      '',
      `  ${link}`,
      '',
      `The link works for ${LIMITS.confirmation.validHours} hours. Until you confirm, you are not entered.`,
      'If it was not you, ignore this email: nothing is entered without you.',
    ].join('\n'),
  };
}

export function alreadyEnteredMail(to: string, raffleTitle: string): Mail {
  return {
    to,
    subject: subjectAbout('You are already entered', raffleTitle),
    text: [
      `Someone asked to enter "${raffleTitle}" with this email address, which is already entered.`,
      '',
      'There is one entry per person, and yours is unchanged: you do not need to do anything.',
      'If it was not you, ignore this email.',
    ].join('\n'),
  };
}

export function confirmationLink(siteUrl: string, token: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/confirm.html?token=${token}`;
}

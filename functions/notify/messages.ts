/**
 * What a completed draw announces, in the raffle's language (model/messages, "email.*"). Pure. The
 * organiser's summary names the draw, never a person: no name, no address and no phone goes through SNS
 * (its emails are out of our hands once sent); the organiser reads the winners, with how to reach them,
 * on their own page. A winner's email, when switched on, tells them they won and how to claim: with a
 * claim period, by a link before the deadline; without, by replying.
 */
import { translate, type Language } from '../../model/i18n';
import type { Mail, OrganiserMessage } from '../runtime/ports';
import { fitSubject, type MailRaffle } from '../apply/messages';
import type { DrawRecord, Winner } from '../shared/draw-record';

export function organiserSummary(
  draw: DrawRecord,
  raffleId: string,
  { title, language }: MailRaffle,
  adminUrl: string | undefined,
): OrganiserMessage {
  const say = translate.bind(null, language);
  const what = say(draw.replaces ? 'email.organiser.replacement' : 'email.organiser.drawComplete');
  const prize = draw.prize ? say('email.organiser.prizeInSubject', { prize: draw.prize }) : '';
  const url = adminUrl ? `${adminUrl}?raffle=${encodeURIComponent(raffleId)}` : say('email.organiser.adminDomain');
  return {
    subject: fitSubject(say('email.organiser.subject', { title, what, prize, count: draw.winnerCount })),
    text: [
      say('email.organiser.summary', { what, title, drawId: draw.drawId, completedAt: draw.completedAt ?? draw.drawnAt }),
      say('email.organiser.prize', { prize: draw.prize ?? say('email.organiser.noPrize') }),
      say('email.organiser.winners', { count: draw.winnerCount, requested: draw.requested, entrants: draw.entrantCount }),
      ...(draw.replaces ? [say('email.organiser.replaces', { drawId: draw.replaces.drawId })] : []),
      ...(draw.winnerCount < draw.requested ? [say('email.organiser.fewer')] : []),
      '',
      say('email.organiser.where', { url }),
    ].join('\n'),
  };
}

/**
 * A winner's email. `claimLink`: the link that claims this win, for a draw with a claim deadline (the
 * email then gives the deadline and says what happens after it); without one, the winner replies.
 */
export function winnerMail(
  draw: DrawRecord,
  { title, language }: MailRaffle,
  winner: Winner,
  replyTo: string | undefined,
  claimLink?: string,
): Mail {
  const say = translate.bind(null, language);
  const how =
    claimLink && draw.claimBy
      ? say('email.won.claimLink', { deadline: mailDeadline(draw.claimBy, language), link: claimLink })
      : say('email.won.reply');
  return {
    to: winner.email,
    subject: fitSubject(draw.prize ? say('email.wonPrize.subject', { prize: draw.prize, title }) : say('email.won.subject', { title })),
    ...(replyTo ? { replyTo } : {}),
    text: say('email.won.body', {
      name: winner.name,
      prize: draw.prize ? say('email.won.namedPrize', { prize: draw.prize }) : say('email.won.aPrize'),
      title,
      drawId: draw.drawId,
      date: (draw.completedAt ?? draw.drawnAt).slice(0, 10),
      how,
    }),
  };
}

/** The deadline as an email says it: in words, in the raffle's language, in UTC (an email knows no reader's zone). */
function mailDeadline(claimBy: string, language: Language): string {
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(new Date(claimBy));
}

/** The link that claims one win: claim.html's button POSTs its token. */
export function claimLink(siteUrl: string, token: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/claim.html?token=${token}`;
}

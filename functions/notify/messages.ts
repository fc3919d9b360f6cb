/**
 * What a completed draw announces. Pure. The organiser's summary names the draw, never a person: no
 * name, no address and no phone goes through SNS (its emails are out of our hands once sent); the
 * organiser reads the winners, with how to reach them, on their own page. A winner's email, when
 * switched on, tells them they won and how to claim.
 */
import type { Mail, OrganiserMessage } from '../runtime/ports';
import { subjectAbout } from '../apply/messages';
import type { DrawRecord, Winner } from '../shared/draw-record';

export function organiserSummary(
  draw: DrawRecord,
  { raffleId, title: raffleTitle }: { readonly raffleId: string; readonly title: string },
  adminUrl: string | undefined,
): OrganiserMessage {
  const what = draw.replaces ? 'Replacement drawn' : 'Draw complete';
  return {
    subject: `${raffleTitle}: ${what}${draw.prize ? ` (${draw.prize})` : ''}, ${draw.winnerCount} winner(s)`.slice(0, 100),
    text: [
      `${what} in "${raffleTitle}": draw ${draw.drawId}, completed at ${draw.completedAt ?? draw.drawnAt}.`,
      `Prize: ${draw.prize ?? '(none named)'}`,
      `Winners: ${draw.winnerCount} (${draw.requested} asked for), from ${draw.entrantCount} entrant(s).`,
      ...(draw.replaces ? [`It replaces a voided winner of draw ${draw.replaces.drawId}.`] : []),
      ...(draw.winnerCount < draw.requested ? ['Fewer winners than asked for: nobody else was eligible.'] : []),
      '',
      `The winners, and how to reach them, are on the raffle's page: ${adminUrl ? `${adminUrl}?raffle=${encodeURIComponent(raffleId)}` : '(the admin domain)'}`,
    ].join('\n'),
  };
}

export function winnerMail(draw: DrawRecord, raffleTitle: string, winner: Winner, replyTo: string | undefined): Mail {
  const prize = draw.prize ? `"${draw.prize}"` : 'a prize';
  return {
    to: winner.email,
    subject: subjectAbout(draw.prize ? `You won ${draw.prize}` : 'You won', raffleTitle),
    ...(replyTo ? { replyTo } : {}),
    text: [
      `Congratulations, ${winner.name}!`,
      '',
      `You were drawn as a winner of ${prize} in "${raffleTitle}" (draw ${draw.drawId}, ${(draw.completedAt ?? draw.drawnAt).slice(0, 10)}).`,
      '',
      'To claim your prize, reply to this email. The organiser will also contact you by email or phone.',
    ].join('\n'),
  };
}

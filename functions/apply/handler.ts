/**
 * POST /raffle/raffles/{raffleId}/apply — public registration: {email, name, phone, consent?}.
 * A raffle that is not taking entries answers at once: `403 entries_closed`, `403 entries_not_open`
 * before its opensAt, `404 raffle_not_found` for a draft, an archived or an unknown raffle.
 *
 * With the raffle's confirmEntries: `202 {"status":"check_email"}` for a new address, one already entered,
 * or a bot: the answer tells nobody whether an address has entered; only its mailbox learns (see
 * ./pending.ts). When the resend limit held the email back (whichever email it was: "confirm your entry"
 * and "you are already entered" count toward the one limit), the page must not say a link was sent:
 * `202 {"status":"check_email","emailSent":false,"retryAfterSeconds":n}`, n the whole seconds until
 * another email may go to that address. Without confirmEntries: the entry is admitted at once and the
 * answer is `201 {"status":"registered","label":"…"}`, for a new entry and for one that existed already:
 * the new entry's label, or for an existing one a random label that names no entry.
 * The answers' type is model/api.ts ApplyAnswer.
 */
import type { ApplyAnswer } from '../../model/api';
import { validateRegistration } from '../../model/entrant';
import { assertAcceptingEntries } from '../../model/raffle';
import { ROUTES } from '../../model/routes';
import { entrantsIndexKeys, type EntryItem } from '../../model/schema';
import { sesMailer } from '../runtime/aws/ses-mailer';
import { handleRequest, json, parseJsonObject, type HttpHandler } from '../runtime/http';
import { lambdaEntry } from '../runtime/lambda';
import { toItem } from '../runtime/marshal';
import type { CoreDeps, Mailer } from '../runtime/ports';
import { admitEntry, newLabel, phoneTaken } from '../shared/admission';
import { cachedRaffleReader, RAFFLE_CACHE_MS, raffleInPath } from '../shared/raffles';
import { alreadyEnteredMail, confirmationLink, confirmationMail, mailRaffle } from './messages';
import { requestEntry } from './pending';
import { acceptedConsent, isHoneypotFilled } from './validate';

const CHECK_EMAIL: ApplyAnswer = { status: 'check_email' };
/**
 * Registered: with the label of the entry this request admitted; an address entered already (or a bot)
 * gets a fresh random label that names no entry, so the answer neither differs nor hands anyone who types
 * an address that entry's label (model/api.ts ApplyAnswer).
 */
const registered = (label: string): ApplyAnswer => ({ status: 'registered', label });
/** Held back by the resend limit: no email went, and when one may. */
const heldBack = (retryAfterSeconds: number): ApplyAnswer => ({ status: 'check_email', emailSent: false, retryAfterSeconds });

export interface ApplyDeps extends CoreDeps {
  /** Sends the confirmation (or already-entered) email, with confirmEntries. */
  readonly mailer: Mailer;
}

export function createHandler(deps: ApplyDeps): HttpHandler {
  const { settings, table, random, clock, mailer } = deps;
  const readRaffle = cachedRaffleReader(table, clock, RAFFLE_CACHE_MS);
  return (event) =>
    handleRequest(deps, event, async () => {
      const now = clock.now();
      const body = parseJsonObject(event);
      const { raffle, keys } = await raffleInPath(readRaffle, event, ROUTES.apply);
      assertAcceptingEntries(raffle, now);
      // A raffle asks for confirmation only where the deployment can mail (model/raffle-edit.ts).
      const confirming = raffle.confirmEntries && settings.confirmEntries;
      // A bot that filled the field people never see gets the ordinary answer, and nothing is stored or sent.
      if (isHoneypotFilled(body))
        return { result: json(confirming ? 202 : 201, confirming ? CHECK_EMAIL : registered(newLabel(random))), log: { honeypot: true } };
      const registration = validateRegistration(body);
      const consent = acceptedConsent(body, raffle, now);

      if (confirming) {
        const request = await requestEntry(table, keys, random, registration, consent, now);
        if (request.outcome === 'confirm') {
          const link = confirmationLink(siteUrl(settings.siteUrl), request.token);
          await mailer.send(confirmationMail(request.to, mailRaffle(raffle), registration, link));
        } else if (request.outcome === 'already_entered') {
          await mailer.send(alreadyEnteredMail(request.to, mailRaffle(raffle)));
        }
        const answer = request.outcome === 'held_back' ? heldBack(request.retryAfterSeconds) : CHECK_EMAIL;
        return { result: json(202, answer), log: { raffleId: raffle.raffleId, mail: request.outcome } };
      }

      const entry: EntryItem = {
        email: keys.entry(registration.address),
        contactEmail: registration.contactEmail,
        name: registration.name,
        phone: registration.phone,
        status: 'confirmed',
        createdAt: now.toISOString(),
        confirmedAt: now.toISOString(),
        ...entrantsIndexKeys(keys, registration.contactEmail),
        ...(consent ? { consent } : {}),
      };
      const outcome = await admitEntry(table, random, {
        keys,
        entryKey: entry.email,
        phone: entry.phone,
        onePerPhone: settings.onePerPhone,
        entryWrite: (ticket, drawTicket, label) => ({
          Put: {
            TableName: table.name,
            Item: toItem({ ...entry, ticket, drawTicket, label }),
            ConditionExpression: 'attribute_not_exists(email)',
          },
        }),
      });
      if (!outcome.admitted && outcome.reason === 'phone') throw phoneTaken();
      // An existing entry answers like a new one: the form must not tell anyone who has entered.
      const label = outcome.admitted ? outcome.label : newLabel(random);
      return { result: json(201, registered(label)), log: { raffleId: raffle.raffleId, admitted: outcome.admitted } };
    });
}

function siteUrl(url: string): string {
  if (!url) throw new Error("SITE_URL is not set: confirmation links need the site's address");
  return url;
}

export const handler = lambdaEntry((edge) => createHandler({ ...edge, mailer: sesMailer(edge.settings) }));

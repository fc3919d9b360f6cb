/**
 * POST /raffle/apply — public registration: {email, name, phone, consent?}.
 *
 * With confirmEntries: always `202 {"status":"check_email"}`, for a new address, one already entered,
 * one held back by the resend limit, or a bot: the answer tells nobody whether an address has entered;
 * only its mailbox learns (see ./pending.ts). Without: the entry is admitted at once and the answer is
 * `201 {"status":"registered"}`, for a new entry and for one that existed already.
 */
import { DomainError } from '../../model/errors';
import { entrantsIndexKeys, type EntryItem } from '../../model/schema';
import { sesMailer } from '../runtime/aws/ses-mailer';
import { handleRequest, json, parseJsonObject, type HttpHandler } from '../runtime/http';
import { lambdaEntry } from '../runtime/lambda';
import { toItem } from '../runtime/marshal';
import type { CoreDeps, Mailer } from '../runtime/ports';
import { admitEntry, phoneTaken } from '../shared/admission';
import { entriesOpen } from './deadline';
import { alreadyEnteredMail, confirmationLink, confirmationMail } from './messages';
import { requestEntry } from './pending';
import { acceptedConsent, isHoneypotFilled, validateRegistration } from './validate';

const CHECK_EMAIL = { status: 'check_email' } as const;
const REGISTERED = { status: 'registered' } as const;

export interface ApplyDeps extends CoreDeps {
  /** Sends the confirmation (or already-entered) email, with confirmEntries. */
  readonly mailer: Mailer;
}

export function createHandler(deps: ApplyDeps): HttpHandler {
  const { settings, table, random, clock, mailer } = deps;
  return (event) =>
    handleRequest(deps, event, async () => {
      const now = clock.now();
      const confirming = settings.confirmEntries;
      if (!entriesOpen(settings.entryDeadline, now)) {
        throw new DomainError('entries_closed', 'Entries are closed: the raffle no longer accepts registrations.');
      }
      const body = parseJsonObject(event);
      // A bot that filled the field people never see gets the ordinary answer, and nothing is stored or sent.
      if (isHoneypotFilled(body))
        return { result: json(confirming ? 202 : 201, confirming ? CHECK_EMAIL : REGISTERED), log: { honeypot: true } };
      const registration = validateRegistration(body);
      const consent = acceptedConsent(body, settings, now);

      if (confirming) {
        const request = await requestEntry(table, random, registration, consent, now);
        if (request.outcome === 'confirm') {
          await mailer.send(confirmationMail(request.to, registration, confirmationLink(siteUrl(settings.siteUrl), request.token)));
        } else if (request.outcome === 'already_entered') {
          await mailer.send(alreadyEnteredMail(request.to));
        }
        return { result: json(202, CHECK_EMAIL), log: { mail: request.outcome } };
      }

      const entry: EntryItem = {
        email: registration.entryKey,
        contactEmail: registration.contactEmail,
        name: registration.name,
        phone: registration.phone,
        status: 'confirmed',
        createdAt: now.toISOString(),
        confirmedAt: now.toISOString(),
        ...entrantsIndexKeys(registration.contactEmail),
        ...(consent ? { consent } : {}),
      };
      const outcome = await admitEntry(table, random, {
        entryKey: entry.email,
        phone: entry.phone,
        onePerPhone: settings.onePerPhone,
        entryWrite: (ticket, label) => ({
          Put: {
            TableName: table.name,
            Item: toItem({ ...entry, ticket, drawTicket: ticket, label }),
            ConditionExpression: 'attribute_not_exists(email)',
          },
        }),
      });
      if (!outcome.admitted && outcome.reason === 'phone') throw phoneTaken();
      // An existing entry answers like a new one: the form must not tell anyone who has entered.
      return { result: json(201, REGISTERED), log: { admitted: outcome.admitted } };
    });
}

function siteUrl(url: string): string {
  if (!url) throw new Error("SITE_URL is not set: confirmation links need the site's address");
  return url;
}

export const handler = lambdaEntry((edge) => createHandler({ ...edge, mailer: sesMailer(edge.settings) }));

/**
 * POST /raffle/apply — public registration: {email, name, phone, consent?}.
 *
 * With confirmEntries: always `202 {"status":"check_email"}`, for a new address, one already entered,
 * one held back by the resend limit, or a bot: the answer tells nobody whether an address has entered;
 * only its mailbox learns (see ./pending.ts). Without: the entry is admitted at once and the answer is
 * `201 {"status":"registered"}`, for a new entry and for one that existed already.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '../../model/errors';
import { ENV } from '../../model/functions';
import { entrantsIndexKeys, type EntryItem } from '../../model/schema';
import { handleRequest, json, parseJsonObject } from '../runtime/http';
import { sendMail } from '../runtime/mail';
import { tableName } from '../runtime/dynamodb';
import { toItem } from '../runtime/marshal';
import { admitEntry, newLabel, phoneTaken } from '../shared/admission';
import { entriesOpen } from './deadline';
import { alreadyEnteredMail, confirmationLink, confirmationMail } from './messages';
import { requestEntry } from './pending';
import { acceptedConsent, isHoneypotFilled, validateRegistration } from './validate';

const CHECK_EMAIL = { status: 'check_email' } as const;
const REGISTERED = { status: 'registered' } as const;

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest(event, async () => {
    const now = new Date();
    const confirming = process.env[ENV.confirmEntries] === 'true';
    if (!entriesOpen(process.env[ENV.entryDeadline], now)) {
      throw new DomainError('entries_closed', 'Entries are closed: the raffle no longer accepts registrations.');
    }
    const body = parseJsonObject(event);
    // A bot that filled the field people never see gets the ordinary answer, and nothing is stored or sent.
    if (isHoneypotFilled(body))
      return { result: json(confirming ? 202 : 201, confirming ? CHECK_EMAIL : REGISTERED), log: { honeypot: true } };
    const registration = validateRegistration(body);
    const consent = acceptedConsent(body, { rulesUrl: process.env[ENV.rulesUrl], privacyUrl: process.env[ENV.privacyUrl] }, now);

    if (confirming) {
      const request = await requestEntry(registration, consent, now);
      if (request.outcome === 'confirm') {
        await sendMail(confirmationMail(request.to, registration, confirmationLink(siteUrl(), request.token)));
      } else if (request.outcome === 'already_entered') {
        await sendMail(alreadyEnteredMail(request.to));
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
    const outcome = await admitEntry({
      entryKey: entry.email,
      phone: entry.phone,
      onePerPhone: process.env[ENV.onePerPhone] !== 'false',
      entryWrite: (ticket) => ({
        Put: {
          TableName: tableName(),
          Item: toItem({ ...entry, ticket, drawTicket: ticket, label: newLabel() }),
          ConditionExpression: 'attribute_not_exists(email)',
        },
      }),
    });
    if (!outcome.admitted && outcome.reason === 'phone') throw phoneTaken();
    // An existing entry answers like a new one: the form must not tell anyone who has entered.
    return { result: json(201, REGISTERED), log: { admitted: outcome.admitted } };
  });
}

function siteUrl(): string {
  const url = process.env[ENV.siteUrl];
  if (!url) throw new Error(`${ENV.siteUrl} is not set: confirmation links need the site's address`);
  return url;
}

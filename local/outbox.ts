/**
 * The local outbox: every email the functions send locally is one file in `<localDir>/outbox/`, and so
 * is every notice to the organiser (addressed ORGANISER_OUTBOX_ADDRESS): what SES and SNS would carry on
 * AWS. Written by the mailer and notifier the local runtime gives the functions; read back for a person
 * (GET /__outbox on the public local server, newest first) and for the tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Clock, Mail, Mailer, OrganiserNotifier } from '../functions/runtime/ports';

/** Who an organiser notification is addressed to in the local outbox. */
export const ORGANISER_OUTBOX_ADDRESS = 'organiser (SNS topic)';

export interface OutboxMessage {
  readonly file: string;
  readonly to: string;
  /** Empty when replies go to the sender. */
  readonly replyTo: string;
  readonly subject: string;
  readonly text: string;
}

/** The file a message becomes: headers, a blank line, the body. */
export function outboxFile(mail: Mail): string {
  return `To: ${mail.to}\n${mail.replyTo ? `Reply-To: ${mail.replyTo}\n` : ''}Subject: ${mail.subject}\n\n${mail.text}\n`;
}

let written = 0;

/** Writes one message into the outbox folder. */
export function writeToOutbox(dir: string, mail: Mail, clock: Clock): void {
  fs.mkdirSync(dir, { recursive: true });
  // Time first, so the folder lists in sending order; the counter and pid keep simultaneous messages apart and in order.
  const name = `${clock.now().toISOString().replace(/[:.]/g, '-')}-${String(written++).padStart(6, '0')}-${process.pid}.txt`;
  fs.writeFileSync(path.join(dir, name), outboxFile(mail), { mode: 0o600 });
}

/** Email, as the functions send it locally. */
export function outboxMailer(dir: string, clock: Clock): Mailer {
  return { send: async (mail) => writeToOutbox(dir, mail, clock) };
}

/** The organiser's notices, as the notify function sends them locally (on AWS: the SNS topic). */
export function outboxNotifier(dir: string, clock: Clock): OrganiserNotifier {
  return {
    notify: async (message) => {
      writeToOutbox(dir, { to: ORGANISER_OUTBOX_ADDRESS, subject: message.subject, text: message.text }, clock);
      return 'sent';
    },
  };
}

/** Every message in the folder, oldest first (file names start with the time they were written). */
export function readOutbox(dir: string): OutboxMessage[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((file) => readOutboxMessage(dir, file));
}

/** One message file: the headers, a blank line, the body (outboxFile). */
export function readOutboxMessage(dir: string, file: string): OutboxMessage {
  const raw = fs.readFileSync(path.join(dir, file), 'utf8');
  const split = raw.indexOf('\n\n');
  const headers = raw.slice(0, split).split('\n');
  const value = (name: string): string => headers.find((h) => h.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
  return { file, to: value('To'), replyTo: value('Reply-To'), subject: value('Subject'), text: raw.slice(split + 2).replace(/\n$/, '') };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page of the messages, newest first; the confirmation links are links. No script, nothing inline but text. */
export function renderOutboxPage(dir: string, messages: readonly OutboxMessage[]): string {
  const items = [...messages].reverse().map((m) => {
    const links = [...m.text.matchAll(/https?:\/\/\S+\/confirm\.html\?token=[A-Za-z0-9_-]+/g)].map(
      (l) => `<p><a href="${escapeHtml(l[0])}">Open the confirmation link</a></p>`,
    );
    return `<article><h2>${escapeHtml(m.subject)}</h2><p>To: ${escapeHtml(m.to)} · ${escapeHtml(m.file)}</p>${links.join('')}<pre>${escapeHtml(m.text)}</pre></article>`;
  });
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local outbox</title></head><body>',
    `<h1>Local outbox</h1><p>Emails the raffle sent on this machine, newest first (${messages.length}). Files: ${escapeHtml(dir)}</p>`,
    items.length > 0 ? items.join('<hr>') : '<p>No email yet: register on the form.</p>',
    '</body></html>',
  ].join('\n');
}

/**
 * The local outbox: every email the functions send locally is one file in `<localDir>/outbox/`
 * (functions/runtime/mail.ts writes it). This reads them back, for a person (GET /__outbox on the
 * public local server, newest first) and for the tests.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface OutboxMessage {
  readonly file: string;
  readonly to: string;
  /** Empty when replies go to the sender. */
  readonly replyTo: string;
  readonly subject: string;
  readonly text: string;
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

/** One message file: the headers, a blank line, the body (functions/runtime/mail.ts outboxFile). */
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

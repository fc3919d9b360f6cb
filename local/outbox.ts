/**
 * The local outbox: every email the functions send locally is one file in `<localDir>/outbox/`, and so
 * is every notice to the organiser (addressed ORGANISER_OUTBOX_ADDRESS): what SES and SNS would carry on
 * AWS. Written by the mailer and notifier the local runtime gives the functions; read back for a person
 * (GET /__outbox on the public local server, newest first) and for the tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Clock, Mail, Mailer, OrganiserNotifier } from '../functions/runtime/ports';
import { DEFAULT_LANGUAGE, translate, type Language, type MessageKey, type MessageValues } from '../model/i18n';

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

/**
 * The outbox page's Content-Security-Policy: nothing but the site's own style sheets (the page has no
 * script), the empty icon, and its own filter form.
 */
export const OUTBOX_CSP = "default-src 'none'; style-src 'self'; img-src data:; form-action 'self'";

/**
 * A page of the messages, newest first, those to an address containing `?to=` alone when the query
 * has one; the confirmation links are links. The site's style sheets, no script, nothing inline but text.
 * @param query the request's query string (without "?"), e.g. "to=ada%40example.com"
 */
export function renderOutboxPage(
  dir: string,
  messages: readonly OutboxMessage[],
  query = '',
  language: Language = DEFAULT_LANGUAGE,
): string {
  const t = (key: MessageKey, values?: MessageValues): string => escapeHtml(translate(language, key, values));
  const to = (new URLSearchParams(query).get('to') ?? '').trim();
  const shown = [...messages].reverse().filter((m) => m.to.toLowerCase().includes(to.toLowerCase()));
  const items = shown.map((m) => {
    const links = [...m.text.matchAll(/https?:\/\/\S+\/confirm\.html\?token=[A-Za-z0-9_-]+/g)].map(
      (l) => `<p><a href="${escapeHtml(l[0])}">${t('outbox.confirm')}</a></p>`,
    );
    return [
      `<li><article class="card outbox-message"><h2 dir="auto">${escapeHtml(m.subject)}</h2>`,
      `<p class="hint">${t('outbox.to', { to: m.to })} · ${escapeHtml(m.file)}</p>${links.join('')}`,
      `<pre dir="auto">${escapeHtml(m.text)}</pre></article></li>`,
    ].join('');
  });
  const count = to ? t('outbox.countTo', { count: shown.length, to }) : t('outbox.count', { count: shown.length });
  return [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${t('outbox.title')}</title><link rel="icon" href="data:,">`,
    '<link rel="stylesheet" href="/style.css"><link rel="stylesheet" href="/console.css"></head>',
    '<body><main class="page wide outbox">',
    `<h1>${t('outbox.title')}</h1><p class="hint">${t('outbox.intro', { dir })}</p>`,
    '<form method="get" class="search" role="search">',
    `<label for="to">${t('outbox.filter')}</label><div class="inline">`,
    `<input id="to" name="to" type="search" autocomplete="off" spellcheck="false" value="${escapeHtml(to)}" aria-describedby="to-hint">`,
    `<button type="submit">${t('outbox.show')}</button></div><p class="hint" id="to-hint">${t('outbox.filterHint')}</p></form>`,
    `<p class="summary" id="outbox-count">${count}${to ? ` <a href="?">${t('outbox.all')}</a>` : ''}</p>`,
    messages.length === 0 ? `<p>${t('outbox.empty')}</p>` : `<ol class="outbox-list">${items.join('')}</ol>`,
    '</main></body></html>',
  ].join('\n');
}

/**
 * GIVEN the local outbox's messages (local/outbox.ts)
 * WHEN its page is rendered, with and without a filter by address
 * THEN it is a page a phone can read (viewport, the site's style sheets, no script), lists the newest
 *      first, shows only the messages to an address containing the filter, keeps the filter in its form,
 *      links each confirmation link, and escapes everything a message carries.
 */
import { OUTBOX_CSP, renderOutboxPage, type OutboxMessage } from '../../local/outbox';

const message = (n: number, to: string, text = `Body ${n}`): OutboxMessage => ({
  file: `2026-12-0${n}T10-00-00-000Z-00000${n}-1.txt`,
  to,
  replyTo: '',
  subject: `Subject ${n}`,
  text,
});

// Oldest first, as readOutbox gives them.
const MESSAGES = [
  message(1, 'ada@example.com', 'Confirm: http://localhost:3000/confirm.html?token=abc_DEF-1'),
  message(2, 'grace@example.com'),
  message(3, 'Ada@Example.com'),
  message(4, 'organiser (SNS topic)', '<script>alert(1)</script> & "quotes"'),
];

const subjects = (html: string): string[] => [...html.matchAll(/<h2 dir="auto">([^<]*)<\/h2>/g)].map((m) => m[1]);

describe('renderOutboxPage', () => {
  test('a page for a phone: the viewport, the site’s style sheets, a title, no script', () => {
    const html = renderOutboxPage('/tmp/outbox', MESSAGES);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<link rel="stylesheet" href="/style.css">');
    expect(html).toContain('<title>Local outbox</title>');
    expect(html).toContain('<html lang="en">');
    expect(html).not.toMatch(/<script|style=/);
    // What the page loads is what its policy allows.
    expect(OUTBOX_CSP).toBe("default-src 'none'; style-src 'self'; img-src data:; form-action 'self'");
  });

  test('lists the newest message first, counted', () => {
    const html = renderOutboxPage('/tmp/outbox', MESSAGES);
    expect(subjects(html)).toEqual(['Subject 4', 'Subject 3', 'Subject 2', 'Subject 1']);
    expect(html).toContain('<p class="summary" id="outbox-count">4 emails.</p>');
  });

  test('?to= shows only the messages to an address containing it, in any case, and keeps it in the form', () => {
    const html = renderOutboxPage('/tmp/outbox', MESSAGES, 'to=ADA%40example');
    expect(subjects(html)).toEqual(['Subject 3', 'Subject 1']);
    expect(html).toContain('2 emails to “ADA@example”.');
    expect(html).toContain('value="ADA@example"');
    expect(html).toContain('<a href="?">Show every email</a>');
    expect(subjects(renderOutboxPage('/tmp/outbox', MESSAGES, 'to=nobody'))).toEqual([]);
    expect(renderOutboxPage('/tmp/outbox', MESSAGES, 'to=nobody')).toContain('No email to “nobody”.');
    expect(subjects(renderOutboxPage('/tmp/outbox', MESSAGES, 'to='))).toHaveLength(4);
  });

  test('links each confirmation link and escapes what a message carries, the filter too', () => {
    const html = renderOutboxPage('/tmp/outbox', MESSAGES, `to=${encodeURIComponent('"><script>')}`);
    expect(html).not.toContain('"><script>');
    const all = renderOutboxPage('/tmp/outbox', MESSAGES);
    expect(all).toContain('<a href="http://localhost:3000/confirm.html?token=abc_DEF-1">Open the confirmation link</a>');
    expect(all).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;quotes&#34;');
    expect(all).not.toContain('<script>alert');
  });

  test('says so when there is no email at all, and speaks German when asked', () => {
    expect(renderOutboxPage('/tmp/outbox', [])).toContain('No email yet: register on the form.');
    const german = renderOutboxPage('/tmp/outbox', MESSAGES, '', 'de');
    expect(german).toContain('<html lang="de">');
    expect(german).toContain('<title>Lokaler Postausgang</title>');
    expect(german).toContain('4 E-Mails.');
  });
});

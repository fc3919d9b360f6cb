/**
 * GIVEN the message files of every language (model/messages) and the pages that show them (site/)
 * WHEN they are compared with English, the source, and with what the pages and the API ask for
 * THEN no language lacks a key or has one English lacks, each message keeps English's placeholders and
 *      has every plural form its language needs, no two files define one key, every error code and field
 *      problem has words, and every key a page names (data-i18n in HTML, t('…') in its modules) exists.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ERROR_CODES, FIELD_PROBLEMS } from '../../model/errors';
import { LANGUAGES, missingKey, translate, type MessageKey } from '../../model/i18n';
import { MESSAGE_PARTS, MESSAGES, type Message } from '../../model/messages';
import { SITE_DIR } from '../../site/assets';

const english = MESSAGES.en;
const keys = Object.keys(english).sort();

function placeholders(message: Message): string[] {
  const forms = typeof message === 'string' ? [message] : Object.values(message);
  return [...new Set(forms.flatMap((form) => [...form.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();
}

describe.each(LANGUAGES)('%s', (language) => {
  const messages = MESSAGES[language];

  it('has exactly the keys English has', () => {
    expect(Object.keys(messages).sort()).toEqual(keys);
  });

  it("keeps each message's placeholders (count only where English counts)", () => {
    const differ = keys.filter((key) => {
      const mine = placeholders(messages[key as MessageKey]).filter((p) => p !== 'count');
      const theirs = placeholders(english[key as MessageKey]).filter((p) => p !== 'count');
      return JSON.stringify(mine) !== JSON.stringify(theirs);
    });
    expect(differ).toEqual([]);
  });

  it('gives every plural message the forms the language uses, and only plural messages where English counts', () => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const wrong = keys.filter((key) => {
      const message = messages[key as MessageKey];
      const source = english[key as MessageKey];
      if (typeof message === 'string') return typeof source !== 'string';
      return typeof source === 'string' || !categories.every((c) => c in message);
    });
    expect(wrong).toEqual([]);
  });

  it('defines each key in one file only', () => {
    const seen = Object.values(MESSAGE_PARTS[language]).flatMap((part) => Object.keys(part));
    expect(seen.filter((key, i) => seen.indexOf(key) !== i)).toEqual([]);
  });

  it('has no empty message', () => {
    const forms = (message: Message) => (typeof message === 'string' ? [message] : Object.values(message));
    expect(keys.filter((key) => forms(messages[key as MessageKey]).some((form) => form.trim() === ''))).toEqual([]);
  });
});

it('has words for every API error code and every field problem', () => {
  const needed = [...ERROR_CODES.map((c) => `error.${c}`), ...FIELD_PROBLEMS.map((p) => `problem.${p}`)];
  expect(needed.filter((key) => !(key in english))).toEqual([]);
});

describe('the pages name only keys that exist', () => {
  const files = fs.readdirSync(SITE_DIR).filter((f) => /\.(html|js)$/.test(f));

  it.each(files)('%s', (file) => {
    const text = fs.readFileSync(path.join(SITE_DIR, file), 'utf8');
    const named = [
      // data-i18n="key" and data-i18n-attr="aria-label:key placeholder:key"
      ...[...text.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]),
      ...[...text.matchAll(/data-i18n-attr="([^"]+)"/g)].flatMap((m) => m[1].split(/\s+/).map((pair) => pair.split(':')[1])),
      // t('key') and t("key") with a literal key
      ...[...text.matchAll(/\bt\(\s*['"]([\w.-]+)['"]/g)].map((m) => m[1]),
    ];
    expect(named.filter((key) => !(key in english))).toEqual([]);
  });
});

describe('translate', () => {
  it('picks plural forms by the language, formats numbers in its digits, and fills placeholders', () => {
    expect(translate('en', 'prize.winners', { count: 1 })).toBe('1 winner');
    expect(translate('en', 'prize.winners', { count: 1234 })).toBe('1,234 winners');
    expect(translate('de', 'entered.count', { count: 1234 })).toBe('1.234 Personen nehmen teil.');
    expect(translate('en', 'entered.count', { count: 0 })).toBe('Nobody has entered yet.');
    expect(translate('de', 'span.days', { count: 1 })).toBe('1 Tag');
    expect(translate('en', 'timing.open', { closes: 'Friday', span: '2 days' })).toBe('Entries close Friday: 2 days left.');
  });

  it('shows a missing value as its placeholder and a missing key loudly, never as nothing', () => {
    expect(translate('en', 'timing.open', { closes: 'Friday' })).toBe('Entries close Friday: {span} left.');
    expect(translate('en', 'no.such.key' as MessageKey)).toBe(missingKey('no.such.key'));
  });
});

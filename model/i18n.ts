/**
 * Words in the reader's language: the languages the app speaks, and `translate`, which turns a message
 * key and its values into text with the platform's own Intl (PluralRules for "1 winner" / "2 winners",
 * NumberFormat for counts). The pages (through the generated messages.js, site/assets.ts) and the emails
 * (functions/apply, functions/notify) read these same files. Pure.
 *
 * Why no library: every browser we serve and Node 20 (full ICU) have Intl.PluralRules, NumberFormat,
 * DateTimeFormat and RelativeTimeFormat. What a library such as i18next or messageformat adds on top
 * (nesting, ICU select syntax, loaders) would cost the apply page more bytes than all our messages.
 */
import { MESSAGES, type Message, type MessageKey } from './messages';

export { type Message, type MessageKey };

/** The languages every message file covers, in the order a switcher lists them. English is the source. */
export const LANGUAGES = ['en', 'de'] as const satisfies ReadonlyArray<keyof typeof MESSAGES>;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Values a message's {placeholders} take; `count` also picks a plural form. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** Shown for a key no file has (only untyped callers can ask for one): loud on the page, caught by the browser tests. */
export function missingKey(key: string): string {
  return `⟦${key}⟧`;
}

const pluralRules = new Map<Language, Intl.PluralRules>();
const numberFormats = new Map<Language, Intl.NumberFormat>();

function cached<T>(cache: Map<Language, T>, language: Language, make: () => T): T {
  let value = cache.get(language);
  if (!value) cache.set(language, (value = make()));
  return value;
}

/** The form of a message for `count`: its CLDR plural category, or `other`. */
function pick(message: Message, language: Language, count: number | undefined): string {
  if (typeof message === 'string') return message;
  const rules = cached(pluralRules, language, () => new Intl.PluralRules(language));
  // An exact zero reads better as its own sentence ("Nobody has entered yet") when a file gives one.
  if (count === 0 && message.zero !== undefined) return message.zero;
  return message[rules.select(count ?? 0)] ?? message.other;
}

/**
 * The message `key` in `language`, its {placeholders} filled: numbers in the language's digits and
 * separators, anything else as given. A placeholder without a value stays as written, so a missing
 * value shows instead of vanishing.
 */
export function translate(language: Language, key: MessageKey, values: MessageValues = {}): string {
  const message = MESSAGES[language][key] as Message | undefined;
  if (message === undefined) return missingKey(key);
  const numbers = cached(numberFormats, language, () => new Intl.NumberFormat(language));
  const count = typeof values.count === 'number' ? values.count : undefined;
  return pick(message, language, count).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numbers.format(value) : value;
  });
}

/**
 * Every word the pages and the emails show, per language: one file per part of the app and language
 * (en/ is the source; every other language's file is typed against it, so a missing or extra key fails
 * the type-check, and __tests__/model/messages.test.ts checks keys, placeholders and plural forms).
 * Keys are flat, dotted by page: "apply.submit". Values are text with {placeholders}, or a plural
 * message with CLDR forms (model/i18n.ts picks one with Intl.PluralRules).
 */
import { common as enCommon } from './en/common';
import { consoleMessages as enConsole } from './en/console';
import { email as enEmail } from './en/email';
import { publicMessages as enPublic } from './en/public';
import { common as deCommon } from './de/common';
import { consoleMessages as deConsole } from './de/console';
import { email as deEmail } from './de/email';
import { publicMessages as dePublic } from './de/public';

/** A plural message: the CLDR forms a language uses (`other` always), and optionally an exact `zero`. */
export interface PluralMessage {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type Message = string | PluralMessage;

/** Another language's version of an English file: the same keys, each a message. */
export type Translation<T> = { readonly [K in keyof T]: Message };

/** Each file on its own, by part: the key test checks that no two parts define one key. */
export const MESSAGE_PARTS = {
  en: { common: enCommon, public: enPublic, console: enConsole, email: enEmail },
  de: { common: deCommon, public: dePublic, console: deConsole, email: deEmail },
} as const;

const en = { ...enCommon, ...enPublic, ...enConsole, ...enEmail };

export type MessageKey = keyof typeof en;

export const MESSAGES: { readonly [language in keyof typeof MESSAGE_PARTS]: Readonly<Record<MessageKey, Message>> } = {
  en,
  de: { ...deCommon, ...dePublic, ...deConsole, ...deEmail },
};

// @ts-check
/**
 * The page's language and its words. The language is, in order: the visitor's own choice (the switcher;
 * kept in this browser), the raffle's language (a raffle's pages call adoptRaffleLanguage once they know
 * it), the browser's preferred languages, English. The words come from messages.js, built from the same
 * files the emails use (model/messages); a key no file has shows as ⟦key⟧, which the browser tests catch.
 *
 * Static text is marked in the HTML: a data-i18n attribute (a key) sets an element's text, and
 * data-i18n-attr (pairs such as aria-label:some.key) its attributes. Text a module writes goes through t().
 */
/** @import { Language, MessageKey, MessageValues } from '../model/i18n' */
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, missingKey, translate } from './messages.js';

const CHOICE_KEY = 'raffle.language';
const SWITCHER_ID = 'language-switch';

/** @returns {Language | null} */
function storedChoice() {
  try {
    const stored = window.localStorage.getItem(CHOICE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    // Storage can be off (privacy settings): the choice then lasts for the page only.
    return null;
  }
}

/** @returns {Language} */
function browserLanguage() {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}

/** @type {Language} */
let current = storedChoice() ?? browserLanguage();

/** The page's language, e.g. "de": also the locale its dates and numbers are written in. */
export function language() {
  return current;
}

/**
 * The words for `key` in the page's language, its {placeholders} filled.
 * @param {MessageKey} key
 * @param {MessageValues} [values]
 */
export function t(key, values) {
  return translate(current, key, values);
}

/**
 * The words for the first of `keys` (made at run time, e.g. "error." + an API code) that a file has, or
 * `fallback`'s words when none has: an unknown code from a newer server still reads as a sentence.
 * @param {string | readonly string[]} keys
 * @param {MessageKey} fallback
 * @param {MessageValues} [values]
 */
export function tOr(keys, fallback, values) {
  for (const key of typeof keys === 'string' ? [keys] : keys) {
    const words = translate(current, /** @type {MessageKey} */ (key), values);
    if (words !== missingKey(key)) return words;
  }
  return t(fallback, values);
}

/**
 * What an API error code means, in the page's language ("error.<code>"), or that the server refused.
 * @param {string} code
 */
export function codeWords(code) {
  return tOr(`error.${code}`, 'error.unknown', { code });
}

/**
 * The words for `key` as pieces to append, where some values are nodes: a name in its own <bdi> (so a
 * right-to-left name keeps the punctuation after it on the right side), a link inside a sentence.
 * @param {MessageKey} key
 * @param {Readonly<Record<string, string | number | Node>>} values
 * @returns {(string | Node)[]}
 */
export function tParts(key, values) {
  /** @type {Map<string, Node>} */
  const nodes = new Map();
  /** @type {Record<string, string | number>} */
  const text = {};
  for (const [name, value] of Object.entries(values)) {
    if (value instanceof Node) {
      nodes.set(name, value);
      text[name] = `\u0000${name}\u0000`;
    } else text[name] = value;
  }
  return t(key, text)
    .split('\u0000')
    .map((piece, i) => (i % 2 === 1 ? (nodes.get(piece) ?? piece) : piece))
    .filter((piece) => piece !== '');
}

/**
 * Writes the page's static words (data-i18n, data-i18n-attr) and its language into the document.
 * @param {ParentNode} [root]
 */
export function translatePage(root = document) {
  document.documentElement.lang = current;
  root.querySelectorAll('[data-i18n]').forEach((node) => {
    node.textContent = t(/** @type {MessageKey} */ (node.getAttribute('data-i18n')));
  });
  root.querySelectorAll('[data-i18n-attr]').forEach((node) => {
    for (const pair of (node.getAttribute('data-i18n-attr') ?? '').split(/\s+/).filter(Boolean)) {
      const [attribute, key] = pair.split(':');
      node.setAttribute(attribute, t(/** @type {MessageKey} */ (key)));
    }
  });
}

/**
 * A raffle's pages speak the raffle's language, unless the visitor chose one. Returns whether the
 * language changed (the caller's text written so far is then re-rendered by translatePage; text it
 * writes later uses t() and follows).
 * @param {string} raffleLanguage
 */
export function adoptRaffleLanguage(raffleLanguage) {
  if (storedChoice() !== null || !isLanguage(raffleLanguage) || raffleLanguage === current) return false;
  current = raffleLanguage;
  translatePage();
  // A switcher already on the page names the language it speaks now.
  const switcher = document.getElementById(SWITCHER_ID);
  if (switcher instanceof HTMLSelectElement) switcher.value = current;
  return true;
}

/**
 * A language switcher: a labelled <select> listing each language in its own words. A choice is kept in
 * this browser and the page reloads in it (every text on the page, static or written, follows at once).
 * @param {HTMLElement} container
 */
export function languageSwitcher(container) {
  const id = SWITCHER_ID;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.setAttribute('data-i18n', 'language.label');
  label.textContent = t('language.label');
  const select = document.createElement('select');
  select.id = id;
  for (const lang of LANGUAGES) {
    const option = document.createElement('option');
    option.value = lang;
    option.lang = lang;
    option.textContent = translate(lang, 'language.name');
    option.selected = lang === current;
    select.appendChild(option);
  }
  select.addEventListener('change', () => {
    if (!isLanguage(select.value)) return;
    try {
      window.localStorage.setItem(CHOICE_KEY, select.value);
    } catch {
      // Storage is off: the choice cannot be kept, and the page stays as it was.
      return;
    }
    window.location.reload();
  });
  container.replaceChildren(label, select);
}

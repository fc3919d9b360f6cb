/**
 * How a winner is shown to the public: first name and the initial of the last, e.g. "Grace H.". No part
 * of an address and no phone number ever reaches the results: a name is all a person gave to be shown,
 * and the initial tells two Graces apart without naming them. Pure.
 *
 * The rule, applied to the name as typed (we cannot know which word is the family name: "Nguyễn Văn An"
 * shows as "Nguyễn A."):
 *   1. Words are what whitespace separates. A word with "@" in it is an address typed as a name: only
 *      what precedes the "@" and a "+tag" counts, its parts (split at "." and "_") as words.
 *   2. Only words with a letter in them name anyone: "1000", "🎉" and "+44" are dropped, and the
 *      symbols around a word ("(Grace)", "Hopper🎉") are trimmed off it.
 *   3. Nothing left: null; the page shows a winner without a name (the status still says won or void).
 *   4. Two words or more: the first, whole (at most 30 characters), and the initial of the last word
 *      that is not a lower-case particle ("van", "de", "al", "bin"…; "Ludwig van Beethoven" is "Ludwig
 *      B."); a particle joined to the name ("al-Sayed", "d'Artagnan") gives the name's initial. A
 *      capitalised one is a name ("Van Morrison" is "Van M."). Only particles after the first: the first
 *      word alone ("Anna de").
 *   5. One word: shown whole (at most 30 characters). A single given name ("Madonna") identifies little,
 *      and it is what the person chose to give. But a script written without spaces between the names
 *      (Chinese, Japanese, Korean) runs family and given name together in one word: "王小明" shows its
 *      first character only, "王.", as much as an initial tells.
 * The initial is the first letter as a person sees it (a whole grapheme: "Ü" typed as U and a combining
 * mark stays "Ü"), upper-cased.
 */

/** The longest first name shown: a name is whatever someone typed. */
const FIRST_NAME_LENGTH = 30;

/** Lower-case particles that precede a family name; written so, they are not the name (rule 4). */
const PARTICLES = new Set(
  (
    'al ap bin binti bint da dal das de degli del della dem den der des di do dos du el ibn la las le les lo los op ' +
    'te ten ter van vom von y zu zum zur بن بنت ابن'
  ).split(' '),
);

/** A particle joined to the name by a hyphen or an apostrophe: "al-Sayed", "d'Artagnan", "l’Ouverture". */
const JOINED_PARTICLE = /^(?:al|el|ad|ud|d|l|dell)[-'’](?=\p{L})/u;
const LETTER = /\p{L}/u;
/** What may begin or end a shown word: a letter, a mark or a digit (symbols and punctuation around it are trimmed). */
const EDGE = /^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu;
/** Scripts written without spaces between family and given names. */
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]+$/u;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment);

/** The words that name someone, in order (rules 1 and 2). */
function nameWords(name: string): string[] {
  return name
    .trim()
    .split(/\s+/)
    .flatMap((word) => (word.includes('@') ? word.split('@')[0].split('+')[0].split(/[._]/) : [word]))
    .map((word) => word.replace(EDGE, ''))
    .filter((word) => LETTER.test(word));
}

/** The initial of a family name: its first letter, after a joined particle. */
function initialOf(word: string): string {
  const letters = graphemes(word.replace(JOINED_PARTICLE, ''));
  const first = letters.find((g) => LETTER.test(g)) ?? letters[0];
  return first.toLocaleUpperCase('en');
}

export function maskedName(name: string): string | null {
  const words = nameWords(name);
  if (words.length === 0) return null;
  const first = graphemes(words[0]);
  const last = words
    .slice(1)
    .reverse()
    .find((word) => !PARTICLES.has(word));
  if (last) return `${first.slice(0, FIRST_NAME_LENGTH).join('')} ${initialOf(last)}.`;
  if (words.length === 1 && UNSPACED.test(words[0])) return `${first[0]}.`;
  return first.slice(0, FIRST_NAME_LENGTH).join('');
}

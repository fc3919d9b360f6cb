/**
 * How a winner is shown to the public: first name and the initial of the last, e.g. "Grace H.". No part
 * of an address and no phone number ever reaches the results: a name is all a person gave to be shown,
 * and the initial tells two Graces apart without naming them. Pure.
 */

/** The longest first name shown: a name is whatever someone typed. */
const FIRST_NAME_LENGTH = 30;

export function maskedName(name: string): string {
  // A word with "@" in it is an address someone typed as their name: only what precedes the "@" is a name.
  const words = name
    .trim()
    .split(/\s+/)
    .map((word) => word.split('@')[0])
    .filter((word) => word !== '');
  if (words.length === 0) return '…';
  const first = [...words[0]].slice(0, FIRST_NAME_LENGTH).join('');
  if (words.length === 1) return first;
  const initial = [...words[words.length - 1]][0].toLocaleUpperCase('en');
  return `${first} ${initial}.`;
}

// @ts-check
/**
 * The prizes of the raffle form: one row per prize (its name and number of winners), in the order
 * they are drawn, with "Add a prize" and each row's "Remove". Every input has its own label, and the
 * focus never falls to the page when a row goes.
 */
/** @import { Prize } from '../model/raffle' */
import { byId, clear, el } from './dom.js';
import { t } from './i18n.js';
import { config } from './site-config.js';

/**
 * A prize as typed: the name trimmed, the winners as typed (the form checks them).
 * @typedef {{ name: string; winners: string }} PrizeInput
 */

/**
 * @typedef {object} PrizeEditor
 * @property {(prizes: readonly Prize[]) => void} fill one row per prize (one empty row for none)
 * @property {() => PrizeInput[]} read the rows as typed
 * @property {() => void} focus the first row's name
 */

/** @returns {PrizeEditor} */
export function createPrizeEditor() {
  const { limits } = config;
  const rows = byId('prize-rows', HTMLElement);
  const add = byId('add-prize', HTMLButtonElement);
  let made = 0;

  /** Labels say which prize: "Prize 2 name". */
  function renumber() {
    Array.from(rows.children).forEach((row, i) => {
      const n = i + 1;
      const [nameLabel, winnersLabel] = Array.from(row.querySelectorAll('label'));
      nameLabel.textContent = t('console.prize.name', { n });
      // "Winners" on screen (the row says which prize); "Winners of prize 2" to a screen reader.
      winnersLabel.textContent = t('console.prize.winners');
      winnersLabel.appendChild(el('span', 'visually-hidden', ` ${t('console.prize.ofPrize', { n })}`));
      // "Remove" on screen, "Remove prize 2" to a screen reader: the name holds the visible word (WCAG 2.5.3).
      row.querySelector('.remove-prize')?.setAttribute('aria-label', t('console.prize.removeLabel', { n }));
    });
    const only = rows.children.length <= 1;
    for (const button of Array.from(rows.querySelectorAll('button'))) button.disabled = only;
    add.disabled = rows.children.length >= limits.raffle.prizes;
  }

  /**
   * @param {Prize | null} prize
   * @returns {HTMLElement}
   */
  function addRow(prize) {
    const id = `prize-${++made}`;
    const row = el('li', 'prize-row');
    const name = el('div', 'prize-name-field');
    const nameLabel = el('label');
    nameLabel.htmlFor = `${id}-name`;
    const nameInput = el('input', 'prize-name-input');
    nameInput.id = `${id}-name`;
    nameInput.type = 'text';
    nameInput.autocomplete = 'off';
    nameInput.maxLength = limits.prizeLength;
    nameInput.value = prize?.name ?? '';
    nameInput.dir = 'auto';
    // A refusal of the list is said beside it (the fieldset's description), and read with each name too.
    nameInput.setAttribute('aria-describedby', 'prizes-error');
    name.append(nameLabel, nameInput);
    const winners = el('div', 'prize-winners-field');
    const winnersLabel = el('label');
    winnersLabel.htmlFor = `${id}-winners`;
    const winnersInput = el('input', 'prize-winners-input');
    winnersInput.id = `${id}-winners`;
    winnersInput.type = 'number';
    winnersInput.inputMode = 'numeric';
    winnersInput.min = String(limits.winners.min);
    winnersInput.max = String(limits.winners.max);
    winnersInput.step = '1';
    winnersInput.value = String(prize?.winners ?? 1);
    winners.append(winnersLabel, winnersInput);
    const remove = el('button', 'secondary danger remove-prize', t('console.prize.remove'));
    remove.type = 'button';
    remove.addEventListener('click', () => {
      const next = /** @type {HTMLElement | null} */ (row.nextElementSibling ?? row.previousElementSibling);
      row.remove();
      renumber();
      next?.querySelector('input')?.focus();
    });
    row.append(name, winners, remove);
    rows.appendChild(row);
    renumber();
    return row;
  }

  add.addEventListener('click', () => addRow(null).querySelector('input')?.focus());

  return {
    fill(prizes) {
      clear(rows);
      made = 0;
      if (prizes.length === 0) addRow(null);
      for (const prize of prizes) addRow(prize);
    },
    read() {
      return Array.from(rows.children).map((row) => ({
        name: /** @type {HTMLInputElement} */ (row.querySelector('.prize-name-input')).value.trim(),
        winners: /** @type {HTMLInputElement} */ (row.querySelector('.prize-winners-input')).value.trim(),
      }));
    },
    focus() {
      rows.querySelector('input')?.focus();
    },
  };
}

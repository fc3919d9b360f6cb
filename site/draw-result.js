// @ts-check
/**
 * The result section of the organiser's console: the draw just made (or revealed, or the replacement
 * of a voided winner), its summary and its winners; emptied when the next draw fails, so the winners
 * of an earlier draw never stand beside that failure as if they were its result.
 */
/** @import { DrawView } from '../model/api' */
/** @import { WinnerActions } from './winner-list.js' */
import { byId, clear } from './dom.js';
import { joined, replacesText, shortId, summaryParts, verifiableText } from './draw-text.js';
import { t } from './i18n.js';
import { fillWinners } from './winner-list.js';

/**
 * @typedef {object} DrawResult
 * @property {(draw: DrawView, title: string) => void} show shows a draw under a heading ("Winners", "Replacement winner")
 * @property {() => void} hide takes the last result away (a later draw failed)
 * @property {() => void} focus moves the keyboard focus to the heading
 * @property {() => void} update shows the draw shown again as the past draws now have it (a claim was marked)
 */

/**
 * @param {object} parts
 * @param {WinnerActions} parts.actions what a winner's buttons do
 * @param {(drawId: string) => DrawView | undefined} parts.pastDraw a draw among the past draws shown, which a replacement names
 * @returns {DrawResult}
 */
export function createDrawResult({ actions, pastDraw }) {
  const section = byId('result', HTMLElement);
  const heading = byId('result-heading', HTMLElement);
  const summary = byId('result-summary', HTMLElement);
  const winners = byId('winners-list', HTMLElement);
  /** @type {{ drawId: string; title: string } | null} the draw shown, and its heading */
  let shown = null;
  /**
   * @param {DrawView} draw
   * @param {string} title
   */
  function show(draw, title) {
    shown = { drawId: draw.drawId, title };
    heading.textContent = title;
    fillWinners(winners, draw, actions);
    const verifiable = verifiableText(draw);
    clear(summary);
    summary.append(
      ...joined([
        ...(draw.replaces ? [replacesText(draw.replaces, pastDraw(draw.replaces.drawId))] : []),
        summaryParts(draw),
        t('console.result.drawId', { draw: shortId(draw.drawId) }),
        ...(verifiable ? [verifiable] : []),
      ]),
    );
    section.hidden = false;
  }
  return {
    show,
    hide() {
      shown = null;
      section.hidden = true;
      clear(winners);
      clear(summary);
    },
    focus() {
      if (!section.hidden) heading.focus();
    },
    update() {
      const draw = shown && pastDraw(shown.drawId);
      if (shown && draw) show(draw, shown.title);
    },
  };
}

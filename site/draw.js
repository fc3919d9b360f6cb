// @ts-check
/**
 * The organiser's console (draw.html), served from the mutual-TLS admin origin, so every call it makes
 * is same-origin. Its parts: the draw and its verifiable reveal (draw-form.js, reveal.js), the result
 * (draw-result.js), void and redraw (void-winner.js), the entrant list (entrant-list.js) and the past
 * draws (past-draws.js). This module connects them: which button of one part runs another, and what is
 * reloaded after a change. Names, emails, phones and prizes are typed by people: they reach the page
 * only as text and DOM properties.
 */
import { byId } from './dom.js';
import { createDrawForm } from './draw-form.js';
import { createDrawResult } from './draw-result.js';
import { entrantsText } from './draw-text.js';
import { showCount } from './entrant-count.js';
import { createEntrantList } from './entrant-list.js';
import { createPastDraws } from './past-draws.js';
import { createVoidWinner } from './void-winner.js';

const countEl = byId('count', HTMLElement);

// The parts call on each other (a winner's Void button, a draw's Reveal button): the arrows run only once
// the page is up, when every part exists.
const result = createDrawResult({
  onVoid: (draw, winner, button) => voidWinner(draw, winner, button),
  pastDraw: (drawId) => pastDraws.pastDraw(drawId),
});
const voidWinner = createVoidWinner({ result, refreshAll });
const pastDraws = createPastDraws({
  onVoid: voidWinner,
  onReveal: (drawId) => drawForm.resumeReveal(drawId),
  isDrawing: () => drawForm.isDrawing(),
  revealingDrawId: () => drawForm.revealingDrawId(),
});
const drawForm = createDrawForm({ result, pastDraws, refreshAll });
const entrantList = createEntrantList({ refreshAll });

/** After a draw, a void or an erasure: the count, the past draws and the entrant list, reloaded. */
function refreshAll() {
  return Promise.all([showCount(countEl, entrantsText), pastDraws.refresh(), entrantList.load()]);
}

void refreshAll();

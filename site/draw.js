// @ts-check
/**
 * The organiser's console (draw.html), served from the mutual-TLS admin origin, so every call it makes
 * is same-origin. draw.html: every raffle (console-raffles.js) and a new one (raffle-editor.js).
 * draw.html?raffle=<id>: that raffle: its status, times and status buttons (raffle-overview.js), its
 * settings (raffle-editor.js), the draw and its verifiable reveal (draw-form.js, reveal.js), the result
 * (draw-result.js), void and redraw (void-winner.js), the winners' claims and "Mark claimed"
 * (winner-claim.js, mark-claimed.js), its registrations per hour (stats-chart.js), its entrants
 * (entrant-list.js) and its past draws (past-draws.js) with a verifiable draw's alternates
 * (alternates.js). This module connects them: which button of one part runs another, and what is
 * reloaded after a change. Names, emails, phones and prizes are typed by people: they reach the page
 * only as text and DOM properties.
 */
/** @import { RaffleView, StatsAnswer } from '../model/api' */
/** @import { WinnerActions } from './winner-list.js' */
import { errorOf, fillRoutePath, getWithRetries, request } from './api.js';
import { showRaffleList } from './console-raffles.js';
import { report, reportFailure, reportUnreachable } from './console-status.js';
import { byId } from './dom.js';
import { createDrawForm } from './draw-form.js';
import { createDrawResult } from './draw-result.js';
import { createEntrantList } from './entrant-list.js';
import { createPastDraws } from './past-draws.js';
import { createRaffleEditor } from './raffle-editor.js';
import { createRaffleOverview } from './raffle-overview.js';
import { languageSwitcher, t, translatePage } from './i18n.js';
import { createMarkClaimed } from './mark-claimed.js';
import { pageFor, raffleParam } from './raffle-text.js';
import { renderChart } from './stats-chart.js';
import { createVoidWinner } from './void-winner.js';
import { showNoMailNotes, tickClaims } from './winner-claim.js';

// The time left on the raffle's page (its entries, its winners' claims), said again this often.
const TICK_MS = 30_000;
const RAFFLE_SECTIONS = ['overview', 'editor', 'draw-section', 'registrations', 'entrants', 'history-section'];

const raffleId = raffleParam();
const loading = byId('loading', HTMLElement);
const title = byId('title', HTMLElement);

/** draw.html: every raffle, and the form that creates one (which then opens the new raffle's page). */
function showList() {
  createRaffleEditor({ onSaved: (raffle) => window.location.assign(pageFor('draw.html', raffle.raffleId)) });
  byId('raffles', HTMLElement).hidden = false;
  byId('editor', HTMLElement).hidden = false;
  void showRaffleList().then(() => {
    loading.hidden = true;
  });
}

/** @param {string} id */
function showRaffle(id) {
  byId('breadcrumb', HTMLElement).hidden = false;
  // The parts call on each other (a winner's Void button, a draw's Reveal button): the arrows run only once
  // the page is up, when every part exists.
  /** @type {WinnerActions} */
  const winnerActions = {
    onVoid: (draw, winner, button) => voidWinner(draw, winner, button),
    onMarkClaimed: (draw, winner, button) => markClaimed(draw, winner, button),
  };
  const result = createDrawResult({ actions: winnerActions, pastDraw: (drawId) => pastDraws.pastDraw(drawId) });
  const voidWinner = createVoidWinner({ raffleId: id, result, refreshAll });
  const markClaimed = createMarkClaimed({ raffleId: id, result, refreshAll });
  const pastDraws = createPastDraws({
    raffleId: id,
    winnerActions,
    onReveal: (drawId) => drawForm.resumeReveal(drawId),
    isDrawing: () => drawForm.isDrawing(),
    revealingDrawId: () => drawForm.revealingDrawId(),
  });
  const drawForm = createDrawForm({ raffleId: id, result, pastDraws, refreshAll });
  const entrantList = createEntrantList({ raffleId: id, refreshAll });
  const editor = createRaffleEditor({ onSaved: showRaffleView });
  const overview = createRaffleOverview({ onChanged: showRaffleView, showInForm: (error) => editor.showRefusal(error) });

  /** @type {RaffleView | null} */
  let current = null;
  // A draft or an archived raffle is not drawn (the API says raffle_locked): no draw form for it.
  const drawable = () => current !== null && current.status !== 'draft' && current.status !== 'archived';

  /** @param {RaffleView} raffle */
  function showRaffleView(raffle) {
    current = raffle;
    // Once the page is up (its sections are shown together when the raffle first loads, below).
    if (loading.hidden) byId('draw-section', HTMLElement).hidden = !drawable();
    title.textContent = raffle.title;
    // A title in a right-to-left script reads in its own direction; the page stays left-to-right.
    title.dir = 'auto';
    document.title = t('console.pageTitle', { title: raffle.title });
    overview.show(raffle);
    editor.edit(raffle);
    drawForm.setRaffle(raffle);
    showNoMailNotes(raffle);
  }

  /** The raffle itself; false when there is none to show. */
  async function loadRaffle() {
    try {
      const answer = await request(fillRoutePath('raffle', { raffleId: id }));
      if (answer.res.ok) {
        showRaffleView(/** @type {RaffleView} */ (answer.body));
        return true;
      }
      if (answer.res.status === 404 || answer.res.status === 400) {
        title.textContent = t('console.notFound.heading');
        document.title = t('console.notFound.heading');
        report('error', t('console.notFound.text', { id }));
      } else reportFailure(t('console.raffle.notLoaded'), answer);
    } catch {
      reportUnreachable(t('console.reload'));
    }
    return false;
  }

  async function loadStats() {
    /** @type {StatsAnswer | null} */
    let stats = null;
    try {
      const answer = await getWithRetries(fillRoutePath('stats', { raffleId: id }));
      if (answer.res.ok) stats = /** @type {StatsAnswer} */ (answer.body);
    } catch {
      // Said below: the counts and the chart are not available.
    }
    overview.showCounts(stats);
    renderChart(stats);
  }

  /** After a draw, a void or an erasure: the raffle, its counts, the past draws and the entrant list, reloaded. */
  function refreshAll() {
    return Promise.all([loadRaffle(), loadStats(), pastDraws.refresh(), entrantList.load()]);
  }

  void loadRaffle().then((found) => {
    loading.hidden = true;
    if (!found) return;
    for (const section of RAFFLE_SECTIONS) byId(section, HTMLElement).hidden = section === 'draw-section' && !drawable();
    void Promise.all([loadStats(), pastDraws.refresh(), entrantList.load()]);
    window.setInterval(() => {
      overview.tick();
      tickClaims();
    }, TICK_MS);
  });
}

/**
 * Whether this page is on the organiser's door: the admin API answers an admin-only route (with data,
 * or with one of its error codes; a 403 without one is its mutual-TLS door refusing a browser with no
 * certificate, which the parts then say). On the public site the route does not exist, and the gateway
 * answers a bare 404: the console cannot work there, and says where it does. Unreachable: assumed to be
 * the door, and each part says it could not reach the API.
 */
async function onOrganiserDoor() {
  try {
    const answer = await request(fillRoutePath('stats', { raffleId: raffleId ?? 'console-check' }));
    return answer.res.ok || errorOf(answer.body).code !== undefined || answer.res.status === 403;
  } catch {
    return true;
  }
}

function showWrongDoor() {
  loading.hidden = true;
  title.textContent = t('console.wrongDoor.heading');
  document.title = t('console.wrongDoor.heading');
  byId('wrong-door', HTMLElement).hidden = false;
}

translatePage();
languageSwitcher(byId('language', HTMLElement));
void onOrganiserDoor().then((organiser) => {
  if (!organiser) showWrongDoor();
  else if (raffleId === null) showList();
  else showRaffle(raffleId);
});

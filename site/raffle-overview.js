// @ts-check
/**
 * The top of one raffle's page on the organiser's console: its title, status and times (with the time
 * left), its confirmed and waiting registrations, and the buttons that publish, close, reopen or
 * archive it (PATCH {"status"} with an Idempotency-Key), each asking first where it cannot be taken
 * back or shows the raffle to the public. A refusal names its reason beside the buttons, or beside
 * the form's field it names (a reopening needs a later closing time).
 */
/** @import { RaffleView, StatsAnswer } from '../model/api' */
/** @import { ApiError } from './api.js' */
import { errorOf, fillRoutePath, newIdempotencyKey, sendWithKey } from './api.js';
import { report, reportFailure } from './console-status.js';
import { byId, clear, el } from './dom.js';
import { formatDeadline, plural } from './format.js';
import { refusalText } from './refusals.js';
import { phaseLabel, phaseOf, timingText } from './raffle-text.js';

/**
 * A button's action: the status asked for, its label, and the question asked first (none: no question).
 * @typedef {{ status: 'open' | 'closed' | 'archived'; label: string; danger?: boolean; ask?: (raffle: RaffleView) => string }} StatusAction
 */

/** @type {StatusAction} */
const ARCHIVE = {
  status: 'archived',
  label: 'Archive',
  danger: true,
  ask: (r) =>
    `Archive “${r.title}”?\n\nIt leaves the public pages (its results too), and nothing about it can change any more. This cannot be undone.`,
};

/** @type {Readonly<Record<RaffleView['status'], readonly StatusAction[]>>} */
const ACTIONS = {
  draft: [
    {
      status: 'open',
      label: 'Publish',
      ask: (r) =>
        `Publish “${r.title}”?\n\nIt shows on the public pages and takes entries ${r.opensAt ? `from ${formatDeadline(r.opensAt)}` : 'from now'} until ${formatDeadline(r.closesAt)}.`,
    },
    ARCHIVE,
  ],
  open: [
    {
      status: 'closed',
      label: 'Close entries now',
      danger: true,
      ask: (r) =>
        `Close entries to “${r.title}” now?\n\nNobody can enter after this. You can reopen them while the closing time is still ahead.`,
    },
    ARCHIVE,
  ],
  closed: [{ status: 'open', label: 'Reopen entries' }, ARCHIVE],
  drawn: [ARCHIVE],
  archived: [],
};

/**
 * @typedef {object} RaffleOverview
 * @property {(raffle: RaffleView) => void} show the raffle's status, times and buttons
 * @property {(stats: StatsAnswer | null) => void} showCounts the registrations (null: not available)
 * @property {() => void} tick says the time left again (nothing else changes: no button the focus is on goes away)
 */

/**
 * @param {object} hooks
 * @param {(raffle: RaffleView) => void} hooks.onChanged the raffle after a change of status
 * @param {(error: ApiError) => boolean} hooks.showInForm shows a refusal beside the form's field it names; false when it names none there
 * @returns {RaffleOverview}
 */
export function createRaffleOverview({ onChanged, showInForm }) {
  const meta = byId('raffle-meta', HTMLElement);
  const schedule = byId('raffle-schedule', HTMLElement);
  const count = byId('count', HTMLElement);
  const actions = byId('status-actions', HTMLElement);
  const statusError = byId('status-error', HTMLElement);
  /** @type {RaffleView | null} */
  let current = null;

  /**
   * @param {RaffleView} raffle
   * @param {StatusAction} action
   * @param {HTMLButtonElement} button
   */
  async function change(raffle, action, button) {
    statusError.hidden = true;
    if (action.ask && !window.confirm(action.ask(raffle))) {
      report('info', 'Nothing was changed.');
      return;
    }
    button.disabled = true;
    try {
      const answer = await sendWithKey(
        'PATCH',
        fillRoutePath('editRaffle', { raffleId: raffle.raffleId }),
        { status: action.status },
        newIdempotencyKey(),
      );
      const error = errorOf(answer.body);
      if (answer.res.ok) {
        const after = /** @type {RaffleView} */ (answer.body);
        report('success', `“${after.title}” is ${phaseLabel(phaseOf(after, Date.now())).toLowerCase()} now.`);
        onChanged(after);
        return;
      }
      if (answer.res.status >= 500 || !error.code) {
        reportFailure(`${action.label} failed`, answer);
      } else if (error.field && error.field !== 'status' && showInForm(error)) {
        report('error', `${action.label}: not done. ${refusalText(error)}`);
      } else {
        statusError.textContent = `${action.label}: ${refusalText(error)}`;
        statusError.hidden = false;
        report('error', `${action.label}: not done.`);
      }
    } catch {
      report('error', 'Could not reach the raffle API: the status may or may not have changed. Reload to see.');
    }
    button.disabled = false;
  }

  /** @param {RaffleView} raffle */
  function showMeta(raffle) {
    const now = Date.now();
    const phase = phaseOf(raffle, now);
    clear(meta);
    meta.appendChild(el('span', `badge badge-${phase}`, phaseLabel(phase)));
    meta.appendChild(document.createTextNode(` ${timingText(raffle, now)}`));
  }

  /** @param {RaffleView} raffle */
  function show(raffle) {
    current = raffle;
    showMeta(raffle);
    const parts = [`Prizes: ${raffle.prizes.map((p) => `${p.name} (${plural(p.winners, 'winner')})`).join(', ')}.`];
    parts.push(raffle.drawAt ? `Scheduled draw: ${formatDeadline(raffle.drawAt)}.` : 'No scheduled draw.');
    if (raffle.drawnAt) parts.push(`First drawn ${formatDeadline(raffle.drawnAt)}.`);
    parts.push(`Its entry form: apply.html?raffle=${raffle.raffleId} on the public site.`);
    schedule.textContent = parts.join(' ');
    clear(actions);
    statusError.hidden = true;
    for (const action of ACTIONS[raffle.status]) {
      const button = el('button', action.danger ? 'secondary danger' : 'secondary', action.label);
      button.type = 'button';
      button.addEventListener('click', () => void change(raffle, action, button));
      actions.appendChild(button);
    }
    if (raffle.status === 'archived') actions.appendChild(el('p', 'hint', 'Archived: nothing about this raffle changes any more.'));
  }

  /** @param {StatsAnswer | null} stats */
  function showCounts(stats) {
    if (!stats) {
      count.textContent = 'The number of entrants is not available right now.';
      return;
    }
    // Waiting entries exist only where entries are confirmed by email (or were, before a change).
    const waiting =
      stats.pending > 0 || current?.confirmEntries ? ` · ${stats.pending.toLocaleString()} waiting for their email to be confirmed` : '';
    count.textContent = `${plural(stats.confirmed, 'confirmed entrant')}${waiting}`;
  }

  return { show, showCounts, tick: () => current && showMeta(current) };
}

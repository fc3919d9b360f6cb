// @ts-check
/**
 * The top of one raffle's page on the organiser's console: its title, status and times (with the time
 * left), its claim period, its confirmed and waiting registrations, and the buttons that publish,
 * close, reopen or archive it (PATCH {"status"} with an Idempotency-Key), each asking first where it
 * cannot be taken back or shows the raffle to the public. A refusal names its reason beside the
 * buttons, or beside the form's field it names (a reopening needs a later closing time).
 */
/** @import { RaffleView, StatsAnswer } from '../model/api' */
/** @import { ApiError } from './api.js' */
import { errorOf, fillRoutePath, newIdempotencyKey, sendWithKey } from './api.js';
import { focusStatus, report, reportFailure, reportUnreachable } from './console-status.js';
import { byId, clear, el } from './dom.js';
import { bdi } from './draw-text.js';
import { formatDeadline } from './format.js';
import { t, tParts } from './i18n.js';
import { refusalText } from './refusals.js';
import { phaseLabel, phaseOf, timingText } from './raffle-text.js';

/**
 * A button's action: the status asked for, its label, and the question asked first (none: no question).
 * @typedef {{ status: 'open' | 'closed' | 'archived'; label: string; danger?: boolean; ask?: (raffle: RaffleView) => string }} StatusAction
 */

/**
 * The buttons a raffle of each status offers, in the page's language.
 * @returns {Readonly<Record<RaffleView['status'], readonly StatusAction[]>>}
 */
function statusActions() {
  /** @type {StatusAction} */
  const archive = {
    status: 'archived',
    label: t('console.status.archive'),
    danger: true,
    ask: (r) => t('console.status.askArchive', { title: r.title }),
  };
  return {
    draft: [
      {
        status: 'open',
        label: t('console.status.publish'),
        ask: (r) =>
          r.opensAt
            ? t('console.status.askPublishFrom', { title: r.title, opens: formatDeadline(r.opensAt), closes: formatDeadline(r.closesAt) })
            : t('console.status.askPublish', { title: r.title, closes: formatDeadline(r.closesAt) }),
      },
      archive,
    ],
    open: [
      { status: 'closed', label: t('console.status.close'), danger: true, ask: (r) => t('console.status.askClose', { title: r.title }) },
      archive,
    ],
    closed: [{ status: 'open', label: t('console.status.reopen') }, archive],
    drawn: [archive],
    archived: [],
  };
}

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
  const ACTIONS = statusActions();

  /**
   * @param {RaffleView} raffle
   * @param {StatusAction} action
   * @param {HTMLButtonElement} button
   */
  async function change(raffle, action, button) {
    statusError.hidden = true;
    if (action.ask && !window.confirm(action.ask(raffle))) {
      report('info', t('console.status.unchanged'));
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
        const phase = phaseLabel(phaseOf(after, Date.now())).toLowerCase();
        report('success', t('console.status.now', { title: after.title, phase }));
        onChanged(after);
        // The buttons were made again for the new status: the focus goes to the line that says what happened.
        focusStatus();
        return;
      }
      const notDone = t('console.status.notDone', { action: action.label });
      if (answer.res.status >= 500 || !error.code) {
        reportFailure(t('console.status.failed', { action: action.label }), answer);
      } else if (error.field && error.field !== 'status' && showInForm(error)) {
        report('error', `${notDone} ${refusalText(error)}`);
      } else {
        statusError.textContent = t('failure.line', { what: action.label, why: refusalText(error) });
        statusError.hidden = false;
        report('error', notDone);
      }
    } catch {
      reportUnreachable(t('console.status.unsure'));
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
    const prizes = document.createDocumentFragment();
    raffle.prizes.forEach((p, i) => {
      if (i > 0) prizes.append(', ');
      prizes.append(bdi(p.name), ` (${t('prize.winners', { count: p.winners })})`);
    });
    clear(schedule);
    schedule.append(...tParts('console.overview.prizes', { prizes }), ' ');
    const lines = [
      raffle.drawAt ? t('console.overview.scheduled', { time: formatDeadline(raffle.drawAt) }) : t('console.overview.noSchedule'),
    ];
    if (raffle.drawnAt) lines.push(t('console.overview.firstDrawn', { time: formatDeadline(raffle.drawnAt) }));
    lines.push(raffle.claimDays ? t('console.overview.claimDays', { count: raffle.claimDays }) : t('console.overview.noClaim'));
    lines.push(t('console.overview.form', { address: `apply.html?raffle=${raffle.raffleId}` }));
    schedule.append(lines.join(' '));
    clear(actions);
    statusError.hidden = true;
    for (const action of ACTIONS[raffle.status]) {
      const button = el('button', action.danger ? 'secondary danger' : 'secondary', action.label);
      button.type = 'button';
      button.addEventListener('click', () => void change(raffle, action, button));
      actions.appendChild(button);
    }
    if (raffle.status === 'archived') actions.appendChild(el('p', 'hint', t('console.status.archived')));
  }

  /** @param {StatsAnswer | null} stats */
  function showCounts(stats) {
    if (!stats) {
      count.textContent = t('console.overview.countUnavailable');
      return;
    }
    // Waiting entries exist only where entries are confirmed by email (or were, before a change).
    const waiting = stats.pending > 0 || current?.confirmEntries ? ` · ${t('console.overview.waiting', { count: stats.pending })}` : '';
    count.textContent = `${t('console.overview.confirmed', { count: stats.confirmed })}${waiting}`;
  }

  return { show, showCounts, tick: () => current && showMeta(current) };
}

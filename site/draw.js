/*
 * The organiser's page, served from the mutual-TLS admin origin. Plain script, no build step.
 * Names, emails, phones and prizes are typed by people (hostile until proven otherwise): they reach the
 * page only through textContent and DOM properties, never innerHTML. Every path comes from config.js.
 *
 *   - the draw: number of winners and an optional prize, with a fresh Idempotency-Key per click; a
 *     verifiable draw (offered when config.js gives its beacon margin) commits first (202) and the page
 *     asks again with the same key until its round decides;
 *   - a verifiable draw's key and request kept in localStorage from its commitment until it is settled,
 *     so a reload or a closed tab never abandons it: "Reveal" in the past draws (and a notice at the top)
 *     resumes it; a committed draw this browser holds no key for says where it was started;
 *   - each winner with email (mailto:), name and phone (tel:), and "Void and redraw" while they stand;
 *   - the entrant list: search by the start of an address, Previous / Next over the API's cursor,
 *     erasure on request (after a confirmation), and the CSV export;
 *   - the past draws, grouped by prize, with voided, erased and replacement winners marked, and each
 *     verifiable draw's beacon round.
 */
(function () {
  'use strict';

  // Shared helpers from common.js, loaded just before this script.
  var ui = window.RaffleUi;
  var limits = ui.limits;
  var el = ui.el;
  var clear = ui.clear;
  var formatTime = ui.formatTime;
  var plural = ui.plural;
  var durationText = ui.durationText;

  var form = document.getElementById('draw-form');
  var button = document.getElementById('draw-button');
  var winnersInput = document.getElementById('winners');
  var winnersError = document.getElementById('winners-error');
  var prizeInput = document.getElementById('prize');
  var prizeError = document.getElementById('prize-error');
  var verifiableField = document.getElementById('verifiable-field');
  var verifiableInput = document.getElementById('verifiable');
  var verifiableLabel = document.getElementById('verifiable-label');
  var verifiableHint = document.getElementById('verifiable-hint');
  var waiting = document.getElementById('waiting');
  var progress = document.getElementById('draw-progress');
  var status = document.getElementById('status');
  var countEl = document.getElementById('count');
  var result = document.getElementById('result');
  var resultHeading = document.getElementById('result-heading');
  var resultSummary = document.getElementById('result-summary');
  var winnersList = document.getElementById('winners-list');
  var history = document.getElementById('history');
  var historyEmpty = document.getElementById('history-empty');
  var searchForm = document.getElementById('search-form');
  var prefixInput = document.getElementById('prefix');
  var entrantsWrap = document.getElementById('entrants-table').parentNode;
  var entrantsBody = document.getElementById('entrants-body');
  var entrantsSummary = document.getElementById('entrants-summary');
  var prevButton = document.getElementById('prev-page');
  var nextButton = document.getElementById('next-page');
  var pageLabel = document.getElementById('page-label');
  var exportLink = document.getElementById('export-link');
  var BUTTON_LABEL = button.textContent;

  // A retry after a network failure reuses the key, so the server returns the draw it may already have made.
  var RETRY_DELAYS_MS = [500, 1500, 3000];
  var RETRYABLE_STATUS = [502, 503, 504];
  // A committed verifiable draw is asked for again this often (drand quicknet makes a round every 3 s).
  var REVEAL_POLL_MS = 3000;
  // The model's limits (model/limits.ts), through config.js.
  var MIN_WINNERS = limits.winners.min;
  var MAX_WINNERS = limits.winners.max;
  var PRIZE_LENGTH = limits.prizeLength;
  var REASON_LENGTH = limits.voidReasonLength;
  winnersInput.min = String(MIN_WINNERS);
  winnersInput.max = String(MAX_WINNERS);
  winnersInput.value = String(ui.defaultWinners || limits.winners.default);
  prizeInput.maxLength = PRIZE_LENGTH;
  prefixInput.maxLength = limits.emailLength;
  exportLink.href = ui.path('entrantsCsv');

  // Seconds from a verifiable draw's commitment to its round (config beaconMarginSeconds): a number when
  // the raffle offers verifiable draws, undefined when it does not (then the checkbox stays hidden).
  var MARGIN_SECONDS = ui.beaconMarginSeconds;
  var VERIFIABLE_OFFERED = typeof MARGIN_SECONDS === 'number' && Number.isFinite(MARGIN_SECONDS) && MARGIN_SECONDS > 0;
  if (VERIFIABLE_OFFERED) {
    verifiableLabel.textContent = 'Verifiable draw (anyone can check the winners; takes about ' + durationText(MARGIN_SECONDS) + ')';
    verifiableHint.textContent =
      'The entrant list is fixed first; a public beacon round about ' + durationText(MARGIN_SECONDS) + ' later then picks the winners.';
  }
  verifiableInput.checked = false;
  verifiableField.hidden = !VERIFIABLE_OFFERED;

  var NO_PRIZE_HEADING = 'Draws without a prize named';

  /** The latest past draws, by id: a replacement names the draw it replaces. */
  var drawsById = {};
  /** The past draws as the API last gave them, to render again when a reveal starts or ends. */
  var lastDraws = [];
  /** The verifiable draw this page is waiting on (its round), if any: its Reveal button is not offered twice. */
  var revealingId = null;

  function showStatus(state, message) {
    ui.showStatus(status, state, message);
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  /** A draw id as people read it: its first 8 characters (ids are random, 50 draws never share them). */
  function shortId(id) {
    return String(id || '').slice(0, 8);
  }

  function text(s) {
    return document.createTextNode(s);
  }

  /** Accepts the draw record under the names the API uses (functions/shared/draw-record.ts DrawView). */
  function drawView(d) {
    d = d && typeof d === 'object' ? d : {};
    var winners = Array.isArray(d.winners) ? d.winners : [];
    return {
      id: typeof d.drawId === 'string' ? d.drawId : '',
      at: d.drawnAt || '',
      prize: typeof d.prize === 'string' && d.prize !== '' ? d.prize : null,
      requested: d.requested,
      winnerCount: typeof d.winnerCount === 'number' ? d.winnerCount : winners.length,
      entrants: d.entrantCount,
      method: typeof d.method === 'string' ? d.method : '',
      pending: d.status === 'pending',
      freezing: d.status === 'freezing',
      committed: d.status === 'committed',
      refused: d.status === 'refused',
      verifiable: verifiableFacts(d.verifiable),
      replaces: d.replaces && typeof d.replaces === 'object' && typeof d.replaces.drawId === 'string' ? d.replaces : null,
      winners: winners.map(function (w) {
        w = w && typeof w === 'object' ? w : {};
        var v = w.void && typeof w.void === 'object' ? w.void : null;
        return {
          status: w.status === 'void' || w.status === 'erased' ? w.status : 'won',
          name: typeof w.name === 'string' ? w.name : null,
          email: typeof w.email === 'string' ? w.email : null,
          phone: typeof w.phone === 'string' ? w.phone : null,
          void: v && {
            reason: typeof v.reason === 'string' ? v.reason : '',
            voidedAt: typeof v.voidedAt === 'string' ? v.voidedAt : '',
            replacementDrawId: typeof v.replacementDrawId === 'string' ? v.replacementDrawId : '',
          },
        };
      }),
    };
  }

  /** A verifiable draw's commitment, as the page uses it; null for a fast draw. */
  function verifiableFacts(v) {
    if (!v || typeof v !== 'object') return null;
    return {
      round: Number(v.round),
      poolSize: Number(v.poolSize),
      poolHash: typeof v.poolHash === 'string' ? v.poolHash : '',
      // Only drand quicknet (its chain hash through config.js) is publicly verifiable; the local runtime's beacon is not.
      local: v.chainHash !== ui.quicknetChainHash,
      refusedBecause: typeof v.refusedBecause === 'string' ? v.refusedBecause : '',
    };
  }

  function entrantsText(n) {
    return n === 1 ? '1 entrant' : n.toLocaleString() + ' entrants';
  }

  /** A verifiable draw still to be revealed: its list being frozen, its round awaited, or its claims unfinished. */
  function awaitsReveal(view) {
    return view.freezing || (view.verifiable !== null && (view.committed || view.pending));
  }

  /** "Verifiable: drand round 123 over 45 entrants", or waiting for its round, or refused, or still freezing. */
  function verifiableText(view) {
    if (view.freezing)
      return 'Verifiable: freezing the list of entrants (a large raffle is read off the request); the round is chosen after';
    var v = view.verifiable;
    var source = v.local ? 'local beacon (not publicly verifiable), ' : 'drand ';
    var out = 'Verifiable: ' + source + (view.committed ? 'waiting for round ' : 'round ') + v.round + ' over ' + entrantsText(v.poolSize);
    if (view.refused) out += ' · refused' + (v.refusedBecause ? ': ' + v.refusedBecause : '');
    return out;
  }

  /**
   * A mailto: link for an address, built from parts: the scheme is ours and the address is
   * percent-encoded (but its "@"), so no address can turn the link into something else.
   */
  function mailtoHref(email) {
    return 'mailto:' + encodeURIComponent(email).replace(/%40/g, '@');
  }

  /** A tel: link: the number's digits and its leading "+", nothing else. */
  function telHref(phone) {
    return 'tel:' + phone.replace(/[^\d+]/g, '');
  }

  function link(className, href, label) {
    var a = el('a', className, label);
    a.href = href;
    return a;
  }

  function badge(kind, label) {
    return el('span', 'badge badge-' + kind, label);
  }

  /** One winner: name, contact links, standing; and "Void and redraw" while they stand as a winner. */
  function winnerItem(w, draw) {
    var li = el('li', 'winner');
    li.dataset.status = w.status;
    var head = el('div', 'winner-head');
    head.appendChild(el('span', 'name', w.name === null ? '(erased)' : w.name));
    if (w.status === 'void') head.appendChild(badge('void', 'void'));
    if (w.status === 'erased') head.appendChild(badge('erased', 'erased'));
    li.appendChild(head);
    if (w.email || w.phone) {
      var contact = el('div', 'contact');
      if (w.email) contact.appendChild(link('email', mailtoHref(w.email), w.email));
      if (w.email && w.phone) contact.appendChild(text(' · '));
      if (w.phone) contact.appendChild(link('phone', telHref(w.phone), w.phone));
      li.appendChild(contact);
    }
    if (w.void) {
      var note = 'Void: ' + w.void.reason;
      if (w.void.voidedAt) note += ' · ' + formatTime(w.void.voidedAt);
      if (w.void.replacementDrawId) note += ' · replaced in draw ' + shortId(w.void.replacementDrawId);
      li.appendChild(el('p', 'void-note', note));
    }
    if (w.status === 'won' && w.email && draw.id && !draw.pending) {
      var voidButton = el('button', 'secondary void-button', 'Void and redraw');
      voidButton.type = 'button';
      voidButton.setAttribute('aria-label', 'Void the win of ' + (w.name || w.email) + ' and draw a replacement');
      voidButton.addEventListener('click', function () {
        voidAndRedraw(draw, w, voidButton);
      });
      li.appendChild(voidButton);
    }
    return li;
  }

  function summaryText(view) {
    var parts = [];
    if (view.prize !== null) parts.push('Prize: ' + view.prize);
    // A committed draw has no winners yet, and a refused one never will: neither fell short.
    var open = view.pending || view.freezing || view.committed || view.refused;
    if (view.freezing || view.committed) parts.push(view.requested + (view.requested === 1 ? ' winner' : ' winners') + ' to draw');
    else if (view.refused) parts.push('refused: nobody was drawn');
    else if (view.replaces && view.winnerCount === 0 && !view.pending) parts.push('no one was left to draw');
    else parts.push(view.winnerCount + (view.winnerCount === 1 ? ' winner' : ' winners'));
    if (typeof view.requested === 'number' && !open && view.requested !== view.winnerCount && !view.replaces) {
      parts.push(view.requested + ' requested: fewer people were still eligible, so all of them were drawn');
    }
    if (view.entrants !== undefined) parts.push(view.entrants + ' entrants');
    if (view.at) parts.push((view.freezing ? 'asked for ' : view.committed ? 'committed ' : 'drawn ') + formatTime(view.at));
    if (view.pending) parts.push('not finished yet: retry to complete it');
    return parts.join(' · ');
  }

  /** "Replaces a voided winner of draw 1a2b3c4d (drawn …)". */
  function replacesText(view) {
    var original = drawsById[view.replaces.drawId];
    return (
      'Replaces a voided winner of draw ' +
      shortId(view.replaces.drawId) +
      (original && original.at ? ' (drawn ' + formatTime(original.at) + ')' : '')
    );
  }

  function fillWinners(list, view) {
    clear(list);
    view.winners.forEach(function (w) {
      list.appendChild(winnerItem(w, view));
    });
  }

  function renderResult(draw, heading) {
    var view = drawView(draw);
    resultHeading.textContent = heading;
    fillWinners(winnersList, view);
    resultSummary.textContent =
      (view.replaces ? replacesText(view) + ' · ' : '') +
      summaryText(view) +
      (view.id ? ' · draw ' + shortId(view.id) : '') +
      (view.verifiable || view.freezing ? ' · ' + verifiableText(view) : '');
    result.hidden = false;
  }

  function drawItem(view) {
    var li = el('li', 'draw');
    li.dataset.drawId = view.id;
    li.appendChild(el('div', 'meta', 'Draw ' + shortId(view.id) + ' · ' + summaryText(view) + (view.method ? ' · ' + view.method : '')));
    if (view.replaces) li.appendChild(el('p', 'replaces', replacesText(view)));
    if (view.verifiable || view.freezing) li.appendChild(el('p', 'verifiable-note', verifiableText(view)));
    if (awaitsReveal(view)) li.appendChild(revealControl(view, 'reveal-button'));
    var ul = el('ul', 'winners');
    fillWinners(ul, view);
    li.appendChild(ul);
    return li;
  }

  /**
   * What a verifiable draw still waiting for its reveal offers: the Reveal button when this browser holds
   * its key (only the page that committed it knows the key), a note saying so when it does not, and
   * neither while this page is already waiting on it.
   */
  function revealControl(view, className) {
    if (view.id === revealingId) return el('p', 'reveal-note', 'Being revealed on this page: waiting for its round…');
    if (!savedCommitment(view.id)) {
      return el('p', 'reveal-note', 'Started in another browser: reveal it from there, or repeat the request with its Idempotency-Key.');
    }
    var revealButton = el('button', 'secondary ' + className, 'Reveal');
    revealButton.type = 'button';
    revealButton.setAttribute('aria-label', 'Reveal draw ' + shortId(view.id) + ' (' + waitingFor(view) + ')');
    // One draw at a time on this page: the button waits while another draw or reveal runs.
    revealButton.disabled = button.disabled;
    revealButton.addEventListener('click', function () {
      resumeReveal(view.id);
    });
    return revealButton;
  }

  /** "beacon round 123", or "freezing the list" before there is a round. */
  function waitingFor(view) {
    return view.verifiable ? 'beacon round ' + view.verifiable.round : 'freezing the list';
  }

  /**
   * The notice at the top: the verifiable draws this browser committed that are still waiting, each with
   * its Reveal button. Keys of draws that are settled (complete or refused) are forgotten here.
   */
  function renderWaiting() {
    var open = savedDrawIds().filter(function (id) {
      var view = drawsById[id];
      // A draw not among the latest shown is left alone: it may be older than the list.
      if (!view) return false;
      if (!awaitsReveal(view)) {
        forgetCommitment(id);
        return false;
      }
      return id !== revealingId;
    });
    clear(waiting);
    waiting.hidden = open.length === 0;
    if (open.length === 0) return;
    waiting.appendChild(
      el(
        'p',
        'waiting-intro',
        open.length === 1
          ? 'A verifiable draw started in this browser is waiting to be revealed:'
          : open.length + ' verifiable draws started in this browser are waiting to be revealed:',
      ),
    );
    var list = el('ul', 'waiting-list');
    open.forEach(function (id) {
      var view = drawsById[id];
      var li = el('li');
      li.appendChild(
        el(
          'span',
          'waiting-draw',
          'Draw ' + shortId(id) + (view.prize !== null ? ' · Prize: ' + view.prize : '') + ' · ' + waitingFor(view) + ' ',
        ),
      );
      li.appendChild(revealControl(view, 'waiting-reveal'));
      list.appendChild(li);
    });
    waiting.appendChild(list);
  }

  /** The past draws, one group per prize (the newest draw's group first), newest first in each. */
  function renderHistory(draws) {
    lastDraws = draws;
    var views = draws.map(drawView);
    drawsById = {};
    views.forEach(function (v) {
      if (v.id) drawsById[v.id] = v;
    });
    clear(history);
    historyEmpty.hidden = views.length > 0;
    historyEmpty.textContent = 'No draws yet.';
    ui.renderPrizeGroups(history, views, 'h3', NO_PRIZE_HEADING, drawItem);
    renderWaiting();
  }

  function refreshCount() {
    return ui.showCount(countEl, function (n) {
      return n === 1 ? '1 entrant' : n.toLocaleString() + ' entrants';
    });
  }

  function refreshHistory() {
    return fetch(ui.path('draws'), { headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : Promise.reject(new Error('HTTP ' + res.status));
      })
      .then(function (body) {
        renderHistory(body && Array.isArray(body.draws) ? body.draws : []);
      })
      .catch(function () {
        clear(history);
        historyEmpty.hidden = false;
        historyEmpty.textContent = 'Past draws are not available right now.';
      });
  }

  // ---- Verifiable draws this browser committed ------------------------------------------------------

  /*
   * A committed verifiable draw is revealed only by the same request with the same Idempotency-Key, and
   * only this page knows the key: from the 202 until the draw is settled, { key, body } is kept in
   * localStorage under raffle:verifiable:<drawId>, so a reload or a closed tab does not abandon it.
   */
  var STORE_PREFIX = 'raffle:verifiable:';

  /** localStorage, or null where it is refused (storage off, a sandbox): the page then works without it. */
  function store() {
    try {
      return window.localStorage || null;
    } catch {
      return null;
    }
  }

  /** The kept { key, body } of a draw, or null. */
  function savedCommitment(drawId) {
    var s = store();
    if (!s || !drawId) return null;
    try {
      var saved = JSON.parse(s.getItem(STORE_PREFIX + drawId) || 'null');
      return saved && typeof saved.key === 'string' && saved.key !== '' && saved.body && typeof saved.body === 'object'
        ? { key: saved.key, body: saved.body }
        : null;
    } catch {
      return null;
    }
  }

  /** Keeps a draw's key and request; false when the browser would not (then only this page can reveal it). */
  function saveCommitment(drawId, key, body) {
    var s = store();
    if (!s || !drawId) return false;
    try {
      s.setItem(STORE_PREFIX + drawId, JSON.stringify({ key: key, body: body }));
      return true;
    } catch {
      return false;
    }
  }

  function forgetCommitment(drawId) {
    var s = store();
    if (!s || !drawId) return;
    try {
      s.removeItem(STORE_PREFIX + drawId);
    } catch {
      // Nothing to do: the next page load tries again.
    }
  }

  /** The ids of the draws whose keys this browser keeps. */
  function savedDrawIds() {
    var s = store();
    var ids = [];
    if (!s) return ids;
    try {
      for (var i = 0; i < s.length; i++) {
        var name = s.key(i);
        if (name && name.indexOf(STORE_PREFIX) === 0) ids.push(name.slice(STORE_PREFIX.length));
      }
    } catch {
      return [];
    }
    return ids;
  }

  /**
   * Whether an answer settles a verifiable draw for good, so its key has no use left: drawn (200, 201),
   * refused (502 beacon_invalid), or refused as a request (a 4xx with the API's error code: the same
   * request would get the same answer). A 403 without a code (no client certificate), a 429 and any
   * other 5xx say nothing about the draw: the key is kept.
   */
  function settles(out) {
    if (!out.res) return false;
    var code = ui.errorOf(out.body).code;
    var status = out.res.status;
    if (status === 200 || status === 201) return true;
    if (status === 502) return code === 'beacon_invalid';
    return status >= 400 && status < 500 && status !== 429 && typeof code === 'string';
  }

  /** POSTs JSON with an Idempotency-Key, retrying network failures and gateway errors with the same key. */
  function postWithKey(path, request, key, attempt) {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key },
      body: JSON.stringify(request),
    }).then(
      function (res) {
        if (RETRYABLE_STATUS.indexOf(res.status) !== -1 && attempt < RETRY_DELAYS_MS.length) {
          return sleep(RETRY_DELAYS_MS[attempt]).then(function () {
            return postWithKey(path, request, key, attempt + 1);
          });
        }
        return ui.parseJson(res).then(function (body) {
          return { res: res, body: body };
        });
      },
      function (networkError) {
        if (attempt >= RETRY_DELAYS_MS.length) throw networkError;
        return sleep(RETRY_DELAYS_MS[attempt]).then(function () {
          return postWithKey(path, request, key, attempt + 1);
        });
      },
    );
  }

  function showFailure(what, out) {
    if (out.res.status === 403 && !ui.errorOf(out.body).code) {
      showStatus('error', what + ': access refused. This page needs the organiser client certificate.');
      return;
    }
    showStatus('error', ui.describeFailure(what, out.res, out.body));
  }

  function refreshAll() {
    return Promise.all([refreshCount(), refreshHistory(), loadEntrants()]);
  }

  // ---- The draw -------------------------------------------------------------------------------------

  // The server's answers for "too early": entries still open, or a scheduled draw still to come.
  var TOO_EARLY = ['draw_before_deadline', 'scheduled_draw_pending'];

  /**
   * Draws, and when the server says it is too early, asks the organiser before drawing anyway: nothing
   * is ever drawn early by accident.
   */
  function draw(request, key) {
    return postWithKey(ui.path('draw'), request, key, 0).then(function (out) {
      out.request = request;
      var err = ui.errorOf(out.body);
      if (out.res.status !== 409 || TOO_EARLY.indexOf(err.code) === -1) return out;
      var message = (typeof err.message === 'string' && err.message ? err.message : 'It is early for a draw.') + '\n\nDraw now anyway?';
      if (!window.confirm(message)) return { res: out.res, body: out.body, cancelled: true };
      // The refused request recorded nothing, so the same key is still unused.
      var early = Object.assign({}, request, { early: true });
      return postWithKey(ui.path('draw'), early, key, 0).then(function (answer) {
        answer.request = early;
        return answer;
      });
    });
  }

  /**
   * A verifiable draw answered 202: it is committed (the entrant list and a future beacon round are
   * fixed) and the round does not exist yet, or, in a large raffle, its list is still being frozen and
   * the commitment is to come, or the round is out and the winners are being claimed. The very same request, with the same key, is sent again
   * every few seconds until the round decides it (201, or 200 if another tab got there first) or the
   * server refuses it; "beacon unavailable" (503) and a dropped connection mean ask again, since the same
   * key always names the same draw and the same round. The key and the request are kept in localStorage
   * from the first 202 until the draw is settled. Resolves with the last answer.
   */
  function awaitReveal(first, key, knownDrawId) {
    var announced = false;
    var kept = null;
    var asked = 0;
    var drawId = knownDrawId || '';
    function next(out) {
      var err = out.res ? ui.errorOf(out.body) : {};
      if (out.res && out.res.status === 202) {
        var view = drawView(out.body);
        drawId = drawId || view.id;
        revealingId = drawId;
        // Kept before anything is shown: once the page says "freezing" or "committed", a reload can resume it.
        if (kept === null) kept = saveCommitment(drawId, key, out.request);
        var keepOpen = kept
          ? ''
          : ' Keep this page open until the winners are drawn: this browser could not keep the key that reveals them.';
        if (view.freezing) {
          // A large raffle: the list is read off the request, and the commitment follows.
          button.textContent = 'Freezing the list…';
          showProgress(
            'Freezing the list of entrants, which a large raffle takes a while to read' +
              (asked === 0 ? '…' : ': asked again ' + plural(asked, 'time') + ', every 3 seconds.') +
              keepOpen,
          );
          if (asked === 0) void refreshHistory();
        } else if (view.pending) {
          // A large raffle again: the round is out and verified, and the winners are claimed off the request.
          button.textContent = 'Drawing the winners…';
          showProgress(
            'Round ' +
              (view.verifiable ? view.verifiable.round : '') +
              ' is out: drawing the winners in rank order' +
              (asked === 0 ? '…' : ': asked again ' + plural(asked, 'time') + ', every 3 seconds.') +
              keepOpen,
          );
        } else {
          var v = view.verifiable || { round: NaN, poolSize: NaN, poolHash: '', local: false };
          if (!announced) {
            announced = true;
            // Announced once (a status region re-read every 3 seconds would drown everything else).
            showStatus(
              'info',
              'Committed: waiting for beacon round ' +
                v.round +
                ' over ' +
                entrantsText(v.poolSize) +
                '… The list (SHA-256 ' +
                v.poolHash.slice(0, 16) +
                '…) and the round are fixed; the winners are drawn once the round exists' +
                (v.local ? ' (local beacon: not publicly verifiable).' : '.') +
                keepOpen,
            );
            // The history shows the commitment at once.
            void refreshHistory();
          }
          button.textContent = 'Waiting for round ' + v.round + '…';
          showProgress(
            asked === 0 ? 'Waiting for the round…' : 'Waiting for the round: asked again ' + plural(asked, 'time') + ', every 3 seconds.',
          );
        }
      } else if (!out.res || (out.res.status === 503 && err.code === 'beacon_unavailable')) {
        showProgress(
          (out.res ? 'The beacon cannot be reached yet' : 'Could not reach the raffle API') +
            ': asking again for the same draw (' +
            plural(asked, 'time') +
            ' so far).',
        );
      } else {
        if (drawId && settles(out)) forgetCommitment(drawId);
        return Promise.resolve(out);
      }
      return sleep(REVEAL_POLL_MS)
        .then(function () {
          asked++;
          return postWithKey(ui.path('draw'), out.request, key, 0);
        })
        .then(
          function (answer) {
            answer.request = out.request;
            return answer;
          },
          function () {
            return { res: null, body: null, request: out.request };
          },
        )
        .then(next);
    }
    return next(first);
  }

  function showProgress(message) {
    progress.textContent = message;
    progress.hidden = message === '';
  }

  function setDrawing(on) {
    button.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    button.textContent = on ? 'Drawing…' : BUTTON_LABEL;
    if (!on) showProgress('');
  }

  function fieldError(field) {
    return field === 'prize' ? [prizeInput, prizeError] : [winnersInput, winnersError];
  }

  function setFieldError(field, message) {
    var pair = fieldError(field);
    ui.setFieldError(pair[0], pair[1], message);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (button.disabled) return;
    setFieldError('winners', '');
    setFieldError('prize', '');
    var raw = winnersInput.value.trim();
    var winners = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isInteger(winners) || winners < MIN_WINNERS || winners > MAX_WINNERS) {
      setFieldError('winners', 'Enter a whole number of winners from ' + MIN_WINNERS + ' to ' + MAX_WINNERS + '.');
      winnersInput.focus();
      return;
    }
    var prize = prizeInput.value.trim();
    // Characters as people count them (code points), as the server does.
    if (Array.from(prize).length > PRIZE_LENGTH) {
      setFieldError('prize', 'Use at most ' + PRIZE_LENGTH + ' characters.');
      prizeInput.focus();
      return;
    }
    var verifiable = VERIFIABLE_OFFERED && verifiableInput.checked;
    var request = verifiable ? { mode: 'verifiable', winners: winners } : { winners: winners };
    if (prize !== '') request.prize = prize;
    setDrawing(true);
    // A fresh key per click: each click is a new draw; retries of this click (and a verifiable draw's reveal) reuse it.
    var key = ui.newIdempotencyKey();
    draw(request, key)
      .then(function (out) {
        return verifiable && !out.cancelled ? awaitReveal(out, key) : out;
      })
      .then(showDrawOutcome)
      .catch(showDrawUnreachable)
      .then(function () {
        revealingId = null;
        setDrawing(false);
        return refreshAll();
      });
  });

  /** The last answer of a draw (or of a reveal): the winners, or why there are none. True when drawn. */
  function showDrawOutcome(out) {
    var err = ui.errorOf(out.body);
    if (out.cancelled) {
      showStatus('info', 'Nothing was drawn.');
    } else if (out.res.ok) {
      renderResult(out.body, 'Winners');
      var view = drawView(out.body);
      showStatus(
        'success',
        (view.winnerCount === 1 ? '1 winner drawn' : view.winnerCount + ' winners drawn') +
          (view.verifiable ? ' by beacon round ' + view.verifiable.round + '.' : '.'),
      );
      return true;
    } else if (out.res.status === 409 && err.code === 'no_eligible_entrants') {
      showStatus('info', 'No one is eligible: either nobody has entered yet or every entrant has already won.');
    } else if (out.res.status === 400 && (err.field === 'winners' || err.field === 'prize')) {
      setFieldError(err.field, typeof err.message === 'string' && err.message ? err.message : 'Check this field.');
      fieldError(err.field)[0].focus();
    } else {
      showFailure('The draw failed', out);
    }
    return false;
  }

  function showDrawUnreachable() {
    showStatus(
      'error',
      'Could not reach the raffle API. The draw may or may not have happened: check the past draws below before drawing again.',
    );
  }

  /**
   * "Reveal": resumes a verifiable draw this browser committed (before a reload, or in a tab since
   * closed) with the very request and key it was committed with, and polls as the draw form does. The
   * keyboard focus, taken from the button that goes away, waits on the progress line and then moves to
   * the winners (or back to the draw button).
   */
  function resumeReveal(drawId) {
    if (button.disabled) return;
    var saved = savedCommitment(drawId);
    if (!saved) {
      showStatus('error', 'This browser no longer holds the key of draw ' + shortId(drawId) + ': it cannot be revealed from here.');
      void refreshHistory();
      return;
    }
    revealingId = drawId;
    setDrawing(true);
    renderHistory(lastDraws);
    showProgress('Revealing draw ' + shortId(drawId) + ': asking for its round…');
    progress.focus();
    postWithKey(ui.path('draw'), saved.body, saved.key, 0)
      .then(function (answer) {
        answer.request = saved.body;
        return awaitReveal(answer, saved.key, drawId);
      })
      .then(showDrawOutcome)
      .catch(showDrawUnreachable)
      .then(function (drawn) {
        revealingId = null;
        setDrawing(false);
        (drawn ? resultHeading : button).focus();
        return refreshAll();
      });
  }

  winnersInput.addEventListener('input', function () {
    setFieldError('winners', '');
  });
  prizeInput.addEventListener('input', function () {
    setFieldError('prize', '');
  });

  // ---- Void and redraw ------------------------------------------------------------------------------

  /** Voids one winner (with a reason the organiser gives) and shows the replacement drawn for them. */
  function voidAndRedraw(draw, winner, voidButton) {
    var who = (winner.name || '') + ' <' + winner.email + '>';
    var answer = window.prompt(
      'Void the win of ' +
        who +
        ' in draw ' +
        shortId(draw.id) +
        ' and draw a replacement at once?\n\nReason (required, at most ' +
        REASON_LENGTH +
        ' characters):',
      '',
    );
    if (answer === null) {
      showStatus('info', 'Nothing was voided.');
      return;
    }
    var reason = answer.trim();
    if (reason === '') {
      showStatus('error', 'A reason is required to void a win: nothing was voided.');
      return;
    }
    if (Array.from(reason).length > REASON_LENGTH) {
      showStatus('error', 'The reason is longer than ' + REASON_LENGTH + ' characters: nothing was voided.');
      return;
    }
    voidButton.disabled = true;
    voidButton.textContent = 'Voiding…';
    // A fresh key per action; retries of this action reuse it, so a retry never draws a second replacement.
    postWithKey(ui.fillPath('voidWinner', { drawId: draw.id }), { email: winner.email, reason: reason }, ui.newIdempotencyKey(), 0)
      .then(function (out) {
        if (!out.res.ok) {
          showFailure('The void failed', out);
          return;
        }
        var replacement = drawView(out.body && out.body.replacement);
        renderResult(out.body && out.body.replacement, 'Replacement winner');
        var drawn = replacement.winners.filter(function (w) {
          return w.status === 'won';
        });
        showStatus(
          'success',
          'The win of ' +
            who +
            ' is void. ' +
            (drawn.length > 0
              ? 'Replacement drawn: ' + (drawn[0].name || '') + ' <' + (drawn[0].email || '') + '>.'
              : replacement.pending
                ? 'The replacement draw is not finished yet: retry to complete it.'
                : 'No one was left to draw as a replacement.'),
        );
      })
      .catch(function () {
        showStatus('error', 'Could not reach the raffle API. The void may or may not have happened: check the past draws below.');
      })
      .then(function () {
        voidButton.disabled = false;
        voidButton.textContent = 'Void and redraw';
        return refreshAll();
      });
  }

  // ---- The entrant list -----------------------------------------------------------------------------

  /**
   * Where the list is: the search, and the cursor of each page visited (undefined for the first), so
   * Previous goes back through them; `next` is the cursor of the following page, if there is one.
   */
  var listing = { prefix: '', cursors: [undefined], next: undefined };
  // Answers to older requests that arrive late are ignored.
  var listingRequest = 0;

  function entrantsUrl() {
    var query = new URLSearchParams();
    if (listing.prefix) query.set('prefix', listing.prefix);
    var cursor = listing.cursors[listing.cursors.length - 1];
    if (cursor) query.set('cursor', cursor);
    var q = query.toString();
    return ui.path('entrants') + (q ? '?' + q : '');
  }

  function wonText(e) {
    if (!e.wonDrawId) return 'No';
    return (e.voidedAt ? 'Void, draw ' : 'Yes, draw ') + shortId(e.wonDrawId);
  }

  function entrantRow(e) {
    var tr = el('tr');
    tr.dataset.email = e.email;
    tr.appendChild(el('td', 'address', e.email));
    tr.appendChild(el('td', 'name', e.name));
    tr.appendChild(el('td', 'phone', e.phone));
    tr.appendChild(el('td', 'entered', e.enteredAt ? formatTime(e.enteredAt) : ''));
    tr.appendChild(el('td', 'won', wonText(e)));
    var actions = el('td', 'actions');
    var erase = el('button', 'secondary danger erase-button', 'Erase');
    erase.type = 'button';
    erase.setAttribute('aria-label', 'Erase ' + e.email);
    erase.addEventListener('click', function () {
      eraseEntrant(e, erase);
    });
    actions.appendChild(erase);
    tr.appendChild(actions);
    return tr;
  }

  function renderEntrants(entrants) {
    clear(entrantsBody);
    entrants.forEach(function (e) {
      entrantsBody.appendChild(entrantRow(e));
    });
    var page = listing.cursors.length;
    var search = listing.prefix ? ' whose address starts with “' + listing.prefix + '”' : '';
    entrantsWrap.hidden = entrants.length === 0;
    entrantsSummary.textContent =
      entrants.length === 0
        ? 'No entrants' + search + '.'
        : (entrants.length === 1 ? '1 entrant' : entrants.length + ' entrants') + search + ' on page ' + page + '.';
    pageLabel.textContent = 'Page ' + page;
    var hadFocus = document.activeElement;
    prevButton.disabled = page <= 1;
    nextButton.disabled = !listing.next;
    // A pager button that just became disabled would drop the keyboard focus to the page: keep it on the pager.
    if (hadFocus && hadFocus.disabled && (hadFocus === prevButton || hadFocus === nextButton)) {
      (hadFocus === prevButton ? nextButton : prevButton).focus();
    }
  }

  function normaliseEntrant(e) {
    e = e && typeof e === 'object' ? e : {};
    var str = function (v) {
      return typeof v === 'string' ? v : '';
    };
    return {
      email: str(e.email),
      name: str(e.name),
      phone: str(e.phone),
      enteredAt: str(e.enteredAt),
      wonDrawId: str(e.wonDrawId),
      voidedAt: str(e.voidedAt),
    };
  }

  function loadEntrants() {
    var request = ++listingRequest;
    var region = entrantsBody.closest('section');
    region.setAttribute('aria-busy', 'true');
    return fetch(entrantsUrl(), { headers: { accept: 'application/json' } })
      .then(function (res) {
        return ui.parseJson(res).then(function (body) {
          if (request !== listingRequest) return undefined;
          if (!res.ok) {
            // A cursor from an older list (or another search): start again from the first page.
            if (ui.errorOf(body).code === 'invalid_cursor' && listing.cursors.length > 1) {
              listing.cursors = [undefined];
              return loadEntrants();
            }
            showFailure('The entrant list could not be loaded', { res: res, body: body });
            return undefined;
          }
          var entrants = body && Array.isArray(body.entrants) ? body.entrants.map(normaliseEntrant) : [];
          // The last entrants of this page were erased: show the page before.
          if (entrants.length === 0 && listing.cursors.length > 1) {
            listing.cursors.pop();
            return loadEntrants();
          }
          listing.next = body && typeof body.cursor === 'string' && body.cursor !== '' ? body.cursor : undefined;
          renderEntrants(entrants);
          return undefined;
        });
      })
      .catch(function () {
        if (request === listingRequest) showStatus('error', 'Could not reach the raffle API: the entrant list is not up to date.');
      })
      .then(function () {
        if (request === listingRequest) region.removeAttribute('aria-busy');
      });
  }

  searchForm.addEventListener('submit', function (event) {
    event.preventDefault();
    listing.prefix = prefixInput.value.trim();
    listing.cursors = [undefined];
    listing.next = undefined;
    void loadEntrants();
  });

  nextButton.addEventListener('click', function () {
    if (!listing.next) return;
    listing.cursors.push(listing.next);
    listing.next = undefined;
    void loadEntrants();
  });

  prevButton.addEventListener('click', function () {
    if (listing.cursors.length <= 1) return;
    listing.cursors.pop();
    void loadEntrants();
  });

  /** Erases one entrant on request, after the organiser confirms; then the list, count and draws show it. */
  function eraseEntrant(entrant, eraseButton) {
    var question =
      'Erase ' +
      entrant.email +
      (entrant.name ? ' (' + entrant.name + ')' : '') +
      '?\n\nTheir entry, name and phone number are deleted for good, also from past draws. This cannot be undone.';
    if (!window.confirm(question)) {
      showStatus('info', 'Nothing was erased.');
      return;
    }
    eraseButton.disabled = true;
    fetch(ui.fillPath('eraseEntrant', { email: entrant.email }), { method: 'DELETE', headers: { accept: 'application/json' } })
      .then(function (res) {
        return ui.parseJson(res).then(function (body) {
          if (res.ok) showStatus('success', entrant.email + ' was erased.');
          else showFailure('The erasure failed', { res: res, body: body });
        });
      })
      .catch(function () {
        showStatus('error', 'Could not reach the raffle API. The erasure may or may not have happened: the list below says.');
      })
      .then(function () {
        eraseButton.disabled = false;
        return refreshAll();
      });
  }

  void refreshAll();
})();

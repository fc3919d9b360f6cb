/*
 * The organiser's page, served from the mutual-TLS admin origin. Plain script, no build step.
 * Names, emails, phones and prizes are typed by people (hostile until proven otherwise): they reach the
 * page only through textContent and DOM properties, never innerHTML. Every path comes from config.js.
 *
 *   - the draw: number of winners and an optional prize, with a fresh Idempotency-Key per click;
 *   - each winner with email (mailto:), name and phone (tel:), and "Void and redraw" while they stand;
 *   - the entrant list: search by the start of an address, Previous / Next over the API's cursor,
 *     erasure on request (after a confirmation), and the CSV export;
 *   - the past draws, grouped by prize, with voided, erased and replacement winners marked.
 */
(function () {
  'use strict';

  // Shared helpers from common.js, loaded just before this script.
  var ui = window.RaffleUi;
  var limits = ui.limits;
  var el = ui.el;
  var clear = ui.clear;
  var formatTime = ui.formatTime;

  var form = document.getElementById('draw-form');
  var button = document.getElementById('draw-button');
  var winnersInput = document.getElementById('winners');
  var winnersError = document.getElementById('winners-error');
  var prizeInput = document.getElementById('prize');
  var prizeError = document.getElementById('prize-error');
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

  var NO_PRIZE_HEADING = 'Draws without a prize named';

  /** The latest past draws, by id: a replacement names the draw it replaces. */
  var drawsById = {};

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
    if (view.replaces && view.winnerCount === 0 && !view.pending) parts.push('no one was left to draw');
    else parts.push(view.winnerCount + (view.winnerCount === 1 ? ' winner' : ' winners'));
    if (typeof view.requested === 'number' && !view.pending && view.requested !== view.winnerCount && !view.replaces) {
      parts.push(view.requested + ' requested: fewer people were still eligible, so all of them were drawn');
    }
    if (view.entrants !== undefined) parts.push(view.entrants + ' entrants');
    if (view.at) parts.push('drawn ' + formatTime(view.at));
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
      (view.replaces ? replacesText(view) + ' · ' : '') + summaryText(view) + (view.id ? ' · draw ' + shortId(view.id) : '');
    result.hidden = false;
  }

  function drawItem(view) {
    var li = el('li', 'draw');
    li.dataset.drawId = view.id;
    li.appendChild(el('div', 'meta', 'Draw ' + shortId(view.id) + ' · ' + summaryText(view) + (view.method ? ' · ' + view.method : '')));
    if (view.replaces) li.appendChild(el('p', 'replaces', replacesText(view)));
    var ul = el('ul', 'winners');
    fillWinners(ul, view);
    li.appendChild(ul);
    return li;
  }

  /** The past draws, one group per prize (the newest draw's group first), newest first in each. */
  function renderHistory(draws) {
    var views = draws.map(drawView);
    drawsById = {};
    views.forEach(function (v) {
      if (v.id) drawsById[v.id] = v;
    });
    clear(history);
    historyEmpty.hidden = views.length > 0;
    historyEmpty.textContent = 'No draws yet.';
    ui.groupByPrize(views).forEach(function (group) {
      var section = el('section', 'prize-group');
      section.appendChild(el('h3', 'prize-heading', group.prize === null ? NO_PRIZE_HEADING : group.prize));
      var ol = el('ol', 'history');
      group.draws.forEach(function (v) {
        ol.appendChild(drawItem(v));
      });
      section.appendChild(ol);
      history.appendChild(section);
    });
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
      var err = ui.errorOf(out.body);
      if (out.res.status !== 409 || TOO_EARLY.indexOf(err.code) === -1) return out;
      var message = (typeof err.message === 'string' && err.message ? err.message : 'It is early for a draw.') + '\n\nDraw now anyway?';
      if (!window.confirm(message)) return { res: out.res, body: out.body, cancelled: true };
      // The refused request recorded nothing, so the same key is still unused.
      var early = Object.assign({}, request, { early: true });
      return postWithKey(ui.path('draw'), early, key, 0);
    });
  }

  function setDrawing(on) {
    button.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    button.textContent = on ? 'Drawing…' : BUTTON_LABEL;
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
    var request = { winners: winners };
    if (prize !== '') request.prize = prize;
    setDrawing(true);
    // A fresh key per click: each click is a new draw; retries of this click reuse it.
    draw(request, ui.newIdempotencyKey())
      .then(function (out) {
        var err = ui.errorOf(out.body);
        if (out.cancelled) {
          showStatus('info', 'Nothing was drawn.');
        } else if (out.res.ok) {
          renderResult(out.body, 'Winners');
          var view = drawView(out.body);
          showStatus('success', view.winnerCount === 1 ? '1 winner drawn.' : view.winnerCount + ' winners drawn.');
        } else if (out.res.status === 409 && err.code === 'no_eligible_entrants') {
          showStatus('info', 'No one is eligible: either nobody has entered yet or every entrant has already won.');
        } else if (out.res.status === 400 && (err.field === 'winners' || err.field === 'prize')) {
          setFieldError(err.field, typeof err.message === 'string' && err.message ? err.message : 'Check this field.');
          fieldError(err.field)[0].focus();
        } else {
          showFailure('The draw failed', out);
        }
      })
      .catch(function () {
        showStatus(
          'error',
          'Could not reach the raffle API. The draw may or may not have happened: check the past draws below before drawing again.',
        );
      })
      .then(function () {
        setDrawing(false);
        return refreshAll();
      });
  });

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

/*
 * The organiser's page, served from the mutual-TLS admin origin. Plain script, no build step.
 * Names and emails are entrant-supplied (hostile until proven otherwise): they reach the page only
 * through textContent, never innerHTML.
 */
(function () {
  'use strict';

  // Shared helpers from common.js, loaded just before this script.
  var ui = window.RaffleUi;

  var form = document.getElementById('draw-form');
  var button = document.getElementById('draw-button');
  var winnersInput = document.getElementById('winners');
  var winnersError = document.getElementById('winners-error');
  var status = document.getElementById('status');
  var countEl = document.getElementById('count');
  var result = document.getElementById('result');
  var resultSummary = document.getElementById('result-summary');
  var winnersList = document.getElementById('winners-list');
  var history = document.getElementById('history');
  var historyEmpty = document.getElementById('history-empty');
  var BUTTON_LABEL = button.textContent;

  // A retry after a network failure reuses the key, so the server returns the draw it may already have made.
  var RETRY_DELAYS_MS = [500, 1500, 3000];
  var RETRYABLE_STATUS = [502, 503, 504];
  // The model's limits (model/limits.ts), through config.js.
  var MIN_WINNERS = ui.limits.winners.min;
  var MAX_WINNERS = ui.limits.winners.max;
  winnersInput.min = String(MIN_WINNERS);
  winnersInput.max = String(MAX_WINNERS);
  winnersInput.value = String(ui.defaultWinners || ui.limits.winners.default);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function showStatus(state, message) {
    ui.showStatus(status, state, message);
  }

  function setFieldError(message) {
    ui.setFieldError(winnersInput, winnersError, message);
  }

  function newIdempotencyKey() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    // Secure contexts (HTTPS, localhost) always have randomUUID; this covers older browsers.
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map
      .call(bytes, function (b) {
        return (b + 256).toString(16).slice(1);
      })
      .join('');
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  /** Accepts the draw record under the names the API uses, tolerating older or partial records. */
  function drawView(d) {
    d = d && typeof d === 'object' ? d : {};
    var winners = Array.isArray(d.winners) ? d.winners : [];
    return {
      id: d.drawId || d.id || '',
      at: d.drawnAt || d.time || d.createdAt || '',
      requested: d.requested !== undefined ? d.requested : d.winnersRequested,
      entrants: d.entrantCount !== undefined ? d.entrantCount : d.entrants,
      eligible: d.eligibleCount !== undefined ? d.eligibleCount : d.eligible,
      method: d.method || d.algorithm || '',
      pending: d.status === 'pending',
      winners: winners.map(function (w) {
        w = w && typeof w === 'object' ? w : {};
        return { name: w.name === undefined ? '' : String(w.name), email: w.email === undefined ? '' : String(w.email) };
      }),
    };
  }

  function formatTime(iso) {
    var t = Date.parse(iso);
    return Number.isFinite(t) ? new Date(t).toLocaleString() : String(iso || '');
  }

  function winnerItem(w) {
    var li = el('li');
    li.appendChild(el('span', 'name', w.name));
    if (w.email) {
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('span', 'email', '<' + w.email + '>'));
    }
    return li;
  }

  function summaryText(view) {
    var parts = [];
    parts.push(view.winners.length + (view.winners.length === 1 ? ' winner' : ' winners'));
    if (view.requested !== undefined && view.requested !== view.winners.length) {
      parts.push(view.requested + ' requested: fewer people were still eligible, so all of them were drawn');
    }
    if (view.entrants !== undefined) parts.push(view.entrants + ' entrants');
    if (view.at) parts.push('drawn ' + formatTime(view.at));
    if (view.pending) parts.push('not finished yet: retry to complete it');
    return parts.join(' · ');
  }

  function renderResult(draw) {
    var view = drawView(draw);
    clear(winnersList);
    view.winners.forEach(function (w) {
      winnersList.appendChild(winnerItem(w));
    });
    resultSummary.textContent = summaryText(view);
    result.hidden = false;
  }

  function renderHistory(draws) {
    clear(history);
    historyEmpty.hidden = draws.length > 0;
    draws.forEach(function (d) {
      var view = drawView(d);
      var li = el('li');
      li.appendChild(el('div', 'meta', summaryText(view) + (view.id ? ' · id ' + view.id : '') + (view.method ? ' · ' + view.method : '')));
      var ul = el('ul');
      view.winners.forEach(function (w) {
        ul.appendChild(winnerItem(w));
      });
      li.appendChild(ul);
      history.appendChild(li);
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
        var draws = Array.isArray(body) ? body : body && Array.isArray(body.draws) ? body.draws : [];
        renderHistory(draws);
      })
      .catch(function () {
        clear(history);
        historyEmpty.hidden = false;
        historyEmpty.textContent = 'Past draws are not available right now.';
      });
  }

  /** POSTs the draw, retrying network failures and gateway errors with the same Idempotency-Key. */
  function postDraw(request, key, attempt) {
    return fetch(ui.path('draw'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key },
      body: JSON.stringify(request),
    }).then(
      function (res) {
        if (RETRYABLE_STATUS.indexOf(res.status) !== -1 && attempt < RETRY_DELAYS_MS.length) {
          return sleep(RETRY_DELAYS_MS[attempt]).then(function () {
            return postDraw(request, key, attempt + 1);
          });
        }
        return ui.parseJson(res).then(function (body) {
          return { res: res, body: body };
        });
      },
      function (networkError) {
        if (attempt >= RETRY_DELAYS_MS.length) throw networkError;
        return sleep(RETRY_DELAYS_MS[attempt]).then(function () {
          return postDraw(request, key, attempt + 1);
        });
      },
    );
  }

  // The server's answers for "too early": entries still open, or a scheduled draw still to come.
  var TOO_EARLY = ['draw_before_deadline', 'scheduled_draw_pending'];

  /**
   * Draws, and when the server says it is too early, asks the organiser before drawing anyway: nothing
   * is ever drawn early by accident.
   */
  function draw(winners, key) {
    return postDraw({ winners: winners }, key, 0).then(function (out) {
      var err = ui.errorOf(out.body);
      if (out.res.status !== 409 || TOO_EARLY.indexOf(err.code) === -1) return out;
      var message = (typeof err.message === 'string' && err.message ? err.message : 'It is early for a draw.') + '\n\nDraw now anyway?';
      if (!window.confirm(message)) return { res: out.res, body: out.body, cancelled: true };
      // The refused request recorded nothing, so the same key is still unused.
      return postDraw({ winners: winners, early: true }, key, 0);
    });
  }

  function setDrawing(on) {
    button.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    button.textContent = on ? 'Drawing…' : BUTTON_LABEL;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (button.disabled) return;
    setFieldError('');
    var raw = winnersInput.value.trim();
    var winners = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isInteger(winners) || winners < MIN_WINNERS || winners > MAX_WINNERS) {
      setFieldError('Enter a whole number of winners from ' + MIN_WINNERS + ' to ' + MAX_WINNERS + '.');
      winnersInput.focus();
      return;
    }
    setDrawing(true);
    // A fresh key per click: each click is a new draw; retries of this click reuse it.
    draw(winners, newIdempotencyKey())
      .then(function (out) {
        var err = ui.errorOf(out.body);
        if (out.cancelled) {
          showStatus('info', 'Nothing was drawn.');
        } else if (out.res.ok) {
          renderResult(out.body);
          var view = drawView(out.body);
          showStatus('success', view.winners.length === 1 ? '1 winner drawn.' : view.winners.length + ' winners drawn.');
        } else if (out.res.status === 409 && err.code === 'no_eligible_entrants') {
          showStatus('info', 'No one is eligible: either nobody has entered yet or every entrant has already won.');
        } else if (out.res.status === 400 && err.field === 'winners') {
          setFieldError(typeof err.message === 'string' && err.message ? err.message : 'Check the number of winners.');
          winnersInput.focus();
        } else if (out.res.status === 403) {
          showStatus('error', 'Access refused. This page needs the organiser client certificate.');
        } else {
          var ref = err.requestId || (out.body && out.body.requestId);
          showStatus('error', 'The draw failed (HTTP ' + out.res.status + '). Try again.' + (ref ? ' (Reference: ' + ref + ')' : ''));
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
        refreshCount();
        refreshHistory();
      });
  });

  winnersInput.addEventListener('input', function () {
    setFieldError('');
  });

  refreshCount();
  refreshHistory();
})();

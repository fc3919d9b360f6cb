/*
 * The public results: every completed draw, grouped by prize, with its winners as the server shows them
 * to the public (first name and initial, functions/results/mask.ts), voided winners and replacement
 * draws marked. The server never sends an address or a phone number, so this page cannot show one.
 * Plain script, no build step; every name and prize reaches the page through textContent.
 */
(function () {
  'use strict';

  var ui = window.RaffleUi;
  var el = ui.el;
  var formatTime = ui.formatTime;

  var status = document.getElementById('status');
  var results = document.getElementById('results');
  var empty = document.getElementById('results-empty');
  var freshness = document.getElementById('freshness');

  var NO_PRIZE_HEADING = 'Other draws';

  var maxAge = Number(ui.limits.resultsMaxAgeSeconds);
  if (Number.isFinite(maxAge) && maxAge > 0) {
    freshness.textContent = 'A new draw shows here within ' + ui.durationText(maxAge) + ' of being made.';
  }

  function drawTime(d) {
    return formatTime(d.completedAt || d.drawnAt);
  }

  function winnerItem(w) {
    var li = el('li', 'winner');
    li.dataset.status = w.status;
    li.appendChild(el('span', 'name', typeof w.name === 'string' && w.name !== '' ? w.name : '(erased)'));
    if (w.status === 'void') li.appendChild(el('span', 'badge badge-void', 'void: replaced'));
    return li;
  }

  /** A verifiable draw's commitment, its files, and the command that checks it. */
  function verifiableBlock(d) {
    var v = d.verifiable;
    var box = el('div', 'verifiable');
    var round = Number(v.round);
    var waiting = d.status === 'committed';
    var local = v.chainHash !== ui.quicknetChainHash;
    box.appendChild(
      el(
        'p',
        'commitment',
        (waiting ? 'Verifiable draw, committed: waiting for ' : 'Verifiable draw, decided by ') +
          (local ? 'the local beacon (not publicly verifiable), ' : 'drand quicknet, ') +
          'round ' +
          round +
          ', over ' +
          Number(v.poolSize).toLocaleString() +
          ' entrants (list SHA-256 ' +
          String(v.poolHash).slice(0, 16) +
          '…).',
      ),
    );
    var files = el('p', 'files', 'Files: ');
    ['commitment.json', 'pool.txt'].concat(waiting ? [] : ['beacon.json', 'result.json']).forEach(function (name, i) {
      if (i > 0) files.appendChild(document.createTextNode(' · '));
      var a = el('a', null, name);
      a.href = 'draws/' + encodeURIComponent(d.drawId) + '/' + name;
      files.appendChild(a);
    });
    box.appendChild(files);
    box.appendChild(el('code', 'verify', 'npm run verify-draw -- --site ' + window.location.origin + ' ' + d.drawId));
    return box;
  }

  function drawItem(d, byId) {
    var li = el('li', 'draw');
    if (typeof d.drawId === 'string') li.dataset.drawId = d.drawId;
    var winners = Array.isArray(d.winners) ? d.winners : [];
    var entrants = Number(d.entrantCount);
    var meta = 'Drawn ' + drawTime(d);
    if (Number.isFinite(entrants)) meta += ' · ' + (entrants === 1 ? '1 entrant' : entrants.toLocaleString() + ' entrants');
    li.appendChild(el('div', 'meta', meta));
    if (d.replaces && typeof d.replaces.drawId === 'string') {
      var original = byId[d.replaces.drawId];
      li.appendChild(
        el(
          'p',
          'replaces',
          'Replacement for a voided winner of ' + (original ? 'the draw of ' + drawTime(original) : 'an earlier draw') + '.',
        ),
      );
    }
    if (d.verifiable && typeof d.verifiable === 'object') li.appendChild(verifiableBlock(d));
    var ul = el('ul', 'winners');
    if (winners.length === 0)
      ul.appendChild(el('li', 'none', d.status === 'committed' ? 'Winners are known once the round exists.' : 'No one was left to draw.'));
    winners.forEach(function (w) {
      ul.appendChild(winnerItem(w && typeof w === 'object' ? w : {}));
    });
    li.appendChild(ul);
    return li;
  }

  function render(draws) {
    var byId = {};
    draws.forEach(function (d) {
      if (typeof d.drawId === 'string') byId[d.drawId] = d;
    });
    ui.clear(results);
    empty.hidden = draws.length > 0;
    empty.textContent = 'No draws yet: come back after the draw.';
    ui.renderPrizeGroups(results, draws, 'h2', NO_PRIZE_HEADING, function (d) {
      return drawItem(d, byId);
    });
  }

  fetch(ui.path('results'), { headers: { accept: 'application/json' } })
    .then(function (res) {
      return ui.parseJson(res).then(function (body) {
        if (!res.ok) {
          empty.textContent = '';
          ui.showStatus(status, 'error', ui.describeFailure('The results could not be loaded', res, body));
          return;
        }
        var draws = body && Array.isArray(body.draws) ? body.draws.filter(Boolean) : [];
        render(draws);
      });
    })
    .catch(function () {
      empty.textContent = '';
      ui.showStatus(status, 'error', 'We could not reach the raffle. Check your connection and try again.');
    });
})();

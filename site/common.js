/*
 * Helpers shared by the pages (apply.js, confirm.js, draw.js, results.js), kept in one place so the two pages cannot drift apart in how
 * they find the API, announce results, mark fields or read the API's answers. The routes and limits come
 * from config.js, which the stack and the local runtime generate from the model (model/): the pages
 * write no path and no number of their own. Plain script, no build
 * step (the CSP allows 'self' only, so sharing means a separate file, not an import). Loaded after
 * config.js and before the page script; deferred scripts run in document order, so both can rely on it.
 * Nothing here writes markup: every message goes through textContent.
 */
(function () {
  'use strict';

  var config = window.RAFFLE_CONFIG || {};

  /** state: success | info | error; message is plain text. */
  function showStatus(statusEl, state, message) {
    statusEl.dataset.state = state;
    // Errors interrupt (alert); confirmations are announced politely.
    statusEl.setAttribute('role', state === 'error' ? 'alert' : 'status');
    statusEl.textContent = message;
    statusEl.hidden = false;
  }

  /** Marks an input invalid with a message, or clears it when message is empty; aria-invalid tells screen readers. */
  function setFieldError(input, errorEl, message) {
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      errorEl.textContent = message;
      errorEl.hidden = false;
    } else {
      input.removeAttribute('aria-invalid');
      errorEl.textContent = '';
      errorEl.hidden = true;
    }
  }

  /** The body as JSON, or null when it is empty or not JSON (a gateway error page, say): callers never throw on it. */
  function parseJson(res) {
    return res.text().then(function (text) {
      try {
        return text ? JSON.parse(text) : null;
      } catch {
        return null;
      }
    });
  }

  /** The API's error object ({ code, message, field, requestId }), or {} so callers can read fields without checks. */
  function errorOf(body) {
    return body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : {};
  }

  /** The path of a route of the model, e.g. path('apply') → "/raffle/apply" (absolute: the same on every door). */
  function path(routeName) {
    var route = config.routes && config.routes[routeName];
    if (!route) throw new Error('config.js has no route ' + routeName);
    return route.path;
  }

  /**
   * The path of a route with `{name}` parameters, each filled in percent-encoded, e.g.
   * fillPath('voidWinner', { drawId: 'abc' }) → "/raffle/draws/abc/void". A missing value throws:
   * a request to a half-filled path would reach the wrong route or none.
   */
  function fillPath(routeName, params) {
    return path(routeName).replace(/\{([A-Za-z]+)\}/g, function (_match, name) {
      var value = params && Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
      if (value === undefined || value === null) throw new Error('no value for {' + name + '} in route ' + routeName);
      return encodeURIComponent(String(value));
    });
  }

  /** A new element with a class and text (as text: never markup). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /** An ISO-8601 instant in the reader's locale and time zone; anything else as it is. */
  function formatTime(iso) {
    var t = Date.parse(iso);
    return Number.isFinite(t) ? new Date(t).toLocaleString() : String(iso || '');
  }

  /** A fresh random Idempotency-Key: one per user action, reused only by retries of that action. */
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

  /**
   * Draws grouped by prize, in the order the groups first appear (draws come newest first, so the group
   * of the newest draw leads): [{ prize: string | null, draws: [...] }]. A missing or blank prize is null.
   */
  function groupByPrize(draws) {
    var groups = [];
    var byPrize = {};
    draws.forEach(function (d) {
      var prize = typeof d.prize === 'string' && d.prize.trim() !== '' ? d.prize : null;
      var key = prize === null ? 'none' : 'p:' + prize;
      if (!Object.prototype.hasOwnProperty.call(byPrize, key)) {
        byPrize[key] = { prize: prize, draws: [] };
        groups.push(byPrize[key]);
      }
      byPrize[key].draws.push(d);
    });
    return groups;
  }

  /**
   * Appends `draws` to `container` as one section per prize (groupByPrize), each a heading (`headingTag`,
   * `noPrizeHeading` for draws without one) over an ordered list of `itemOf(draw)`.
   */
  function renderPrizeGroups(container, draws, headingTag, noPrizeHeading, itemOf) {
    groupByPrize(draws).forEach(function (group) {
      var section = el('section', 'prize-group');
      section.appendChild(el(headingTag, 'prize-heading', group.prize === null ? noPrizeHeading : group.prize));
      var ol = el('ol', 'history');
      group.draws.forEach(function (d) {
        ol.appendChild(itemOf(d));
      });
      section.appendChild(ol);
      container.appendChild(section);
    });
  }

  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  /** "30 seconds", "5 minutes". */
  function durationText(seconds) {
    return seconds < 120 ? plural(Math.round(seconds), 'second') : plural(Math.round(seconds / 60), 'minute');
  }

  /**
   * A sentence for a failed answer: what failed, the API's message and code ({ error: { code, message } }),
   * and the request id of a server fault, which support can look up.
   */
  function describeFailure(what, res, body) {
    var err = errorOf(body);
    var message = typeof err.message === 'string' && err.message ? err.message : 'HTTP ' + res.status + '.';
    var ref = err.requestId || (body && body.requestId);
    return what + ': ' + message + (typeof err.code === 'string' ? ' (' + err.code + ')' : '') + (ref ? ' (Reference: ' + ref + ')' : '');
  }

  /**
   * Shows the entrant count in `countEl`, worded by `describe(n)`, or says it is unavailable. Never
   * throws: a page works without its count.
   */
  function showCount(countEl, describe) {
    return fetch(path('count'), { headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : Promise.reject(new Error('HTTP ' + res.status));
      })
      .then(function (body) {
        var n = Number(body && body.count);
        if (!Number.isFinite(n)) throw new Error('bad count');
        countEl.textContent = describe(n);
      })
      .catch(function () {
        countEl.textContent = 'The number of entrants is not available right now.';
      });
  }

  window.RaffleUi = Object.freeze({
    path: path,
    fillPath: fillPath,
    el: el,
    clear: clear,
    formatTime: formatTime,
    newIdempotencyKey: newIdempotencyKey,
    groupByPrize: groupByPrize,
    renderPrizeGroups: renderPrizeGroups,
    plural: plural,
    durationText: durationText,
    describeFailure: describeFailure,
    showCount: showCount,
    limits: config.limits || {},
    quicknetChainHash: config.quicknetChainHash,
    defaultWinners: config.defaultWinners,
    beaconMarginSeconds: config.beaconMarginSeconds,
    rulesUrl: config.rulesUrl,
    privacyUrl: config.privacyUrl,
    showStatus: showStatus,
    setFieldError: setFieldError,
    parseJson: parseJson,
    errorOf: errorOf,
  });
})();

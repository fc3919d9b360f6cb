/*
 * Helpers shared by apply.js and draw.js, kept in one place so the two pages cannot drift apart in how
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
    showCount: showCount,
    limits: config.limits || {},
    defaultWinners: config.defaultWinners,
    rulesUrl: config.rulesUrl,
    privacyUrl: config.privacyUrl,
    showStatus: showStatus,
    setFieldError: setFieldError,
    parseJson: parseJson,
    errorOf: errorOf,
  });
})();

/*
 * The page the confirmation email links to. Loading it confirms nothing: mail scanners fetch links, so
 * only the button (a POST with the token) does. The token leaves the address bar once read, so it is
 * neither bookmarked nor shown over someone's shoulder.
 */
(function () {
  'use strict';

  var ui = window.RaffleUi;
  var form = document.getElementById('confirm-form');
  var button = document.getElementById('confirm-button');
  var status = document.getElementById('status');
  var token = new URLSearchParams(window.location.search).get('token') || '';
  var BUTTON_LABEL = button.textContent;

  if (window.history && typeof window.history.replaceState === 'function') window.history.replaceState(null, '', window.location.pathname);

  if (!token) {
    button.disabled = true;
    ui.showStatus(status, 'error', 'This link has no confirmation code. Open the link from your email again.');
    return;
  }

  function done(state, message) {
    ui.showStatus(status, state, message);
    button.textContent = BUTTON_LABEL;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    button.textContent = 'Confirming…';
    fetch(ui.path('confirm'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: token }),
    })
      .then(function (res) {
        return ui.parseJson(res).then(function (body) {
          var err = ui.errorOf(body);
          if (res.ok) {
            done('success', 'You are entered. Good luck! We will contact you if you win.');
          } else if (err.code === 'invalid_token') {
            done('error', 'This link does not work any more: it has expired or was already used. Enter again to get a new one.');
          } else if (err.code === 'phone_already_registered') {
            done('error', 'This phone number is already used by another entry. There is one entry per person.');
          } else {
            button.disabled = false;
            var ref = err.requestId;
            done(
              'error',
              'Something went wrong and your entry is not confirmed yet. Please try again.' + (ref ? ' (Reference: ' + ref + ')' : ''),
            );
          }
        });
      })
      .catch(function () {
        button.disabled = false;
        done('error', 'We could not reach the raffle. Check your connection and try again.');
      });
  });
})();

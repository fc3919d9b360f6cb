/*
 * The public entry form. Plain script, no build step, no third-party code (the CSP allows 'self' only).
 * Every piece of user or server data reaches the page through textContent, never innerHTML.
 */
(function () {
  'use strict';

  // Shared helpers from common.js, loaded just before this script.
  var ui = window.RaffleUi;
  var limits = ui.limits;

  var form = document.getElementById('apply-form');
  var submit = document.getElementById('submit');
  var status = document.getElementById('status');
  var countEl = document.getElementById('count');
  var consentField = document.getElementById('consent-field');
  // The rules, when the raffle has them (config.js): the entry must accept them, as the server checks.
  var asksConsent = typeof ui.rulesUrl === 'string' && ui.rulesUrl !== '';
  var FIELDS = asksConsent ? ['email', 'name', 'phone', 'consent'] : ['email', 'name', 'phone'];
  var SUBMIT_LABEL = submit.textContent;
  if (asksConsent) {
    document.getElementById('rules-link').href = ui.rulesUrl;
    if (typeof ui.privacyUrl === 'string' && ui.privacyUrl !== '') {
      document.getElementById('privacy-link').href = ui.privacyUrl;
      document.getElementById('privacy-part').hidden = false;
    }
    consentField.hidden = false;
  }

  // Mirrors the server's rules closely enough to catch typos early; the server remains the authority.
  var EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  form.elements.email.maxLength = limits.emailLength;
  form.elements.name.maxLength = limits.nameLength;
  form.elements.phone.maxLength = limits.phoneInputLength;
  // C0 and C1 control characters, built from code points so this file contains no raw control bytes.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  var CONTROL_CHARS = new RegExp('[\\u0000-\\u001f\\u007f-\\u009f]');

  function validate(values) {
    var errors = {};
    if (!values.email) errors.email = 'Enter your email address.';
    else if (values.email.length > limits.emailLength || !EMAIL_PATTERN.test(values.email))
      errors.email = 'Enter a valid email address, like name@example.com.';
    if (!values.name) errors.name = 'Enter your name.';
    // Characters as people count them (code points), as the server does.
    else if (Array.from(values.name).length > limits.nameLength) errors.name = 'Use at most ' + limits.nameLength + ' characters.';
    else if (CONTROL_CHARS.test(values.name)) errors.name = 'Remove the special characters from your name.';
    var digits = values.phone.replace(/\D/g, '');
    if (!values.phone) errors.phone = 'Enter your phone number.';
    else if (values.phone.indexOf(limits.phonePrefix) !== 0)
      errors.phone = 'Start with ' + limits.phonePrefix + ' and your country code, for example +44 7911 123456.';
    else if (digits.length < 6 || digits.length > 15 || /[^\d\s()+.-]/.test(values.phone))
      errors.phone = 'Enter a valid phone number, with your country code.';
    if (asksConsent && !values.consent) errors.consent = 'Accept the rules to enter.';
    return errors;
  }

  function readValues() {
    var values = {
      email: form.elements.email.value.trim(),
      name: form.elements.name.value.trim(),
      phone: form.elements.phone.value.trim(),
      // The honeypot goes as it is: the server recognises a bot by it.
      website: form.elements.website.value,
    };
    if (asksConsent) values.consent = form.elements.consent.checked;
    return values;
  }

  function setFieldError(field, message) {
    ui.setFieldError(form.elements[field], document.getElementById(field + '-error'), message);
  }

  function clearErrors() {
    FIELDS.forEach(function (f) {
      setFieldError(f, '');
    });
  }

  /** state: success | info | error; message is plain text. */
  function showStatus(state, message) {
    ui.showStatus(status, state, message);
  }

  function hideStatus() {
    status.hidden = true;
    status.textContent = '';
    delete status.dataset.state;
  }

  function setSubmitting(on) {
    submit.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    submit.textContent = on ? 'Submitting…' : SUBMIT_LABEL;
  }

  function refreshCount() {
    return ui.showCount(countEl, function (n) {
      return n === 1 ? '1 person has entered.' : n.toLocaleString() + ' people have entered.';
    });
  }

  /** Turns the API's answer into what the visitor sees. */
  function handleResponse(res, body) {
    var err = ui.errorOf(body);
    if (res.status === 202) {
      // The same answer whether the address is new or already entered: the email says which.
      showStatus(
        'success',
        'Check your email: we sent a link to confirm your entry. It works for ' +
          limits.confirmation.validHours +
          ' hours. You are entered once you confirm.',
      );
      form.reset();
      return;
    }
    if (res.status === 200 || res.status === 201) {
      showStatus('success', 'You are entered. Good luck! We will contact you if you win.');
      refreshCount();
      return;
    }
    if (res.status === 409 && err.code === 'phone_already_registered') {
      setFieldError('phone', typeof err.message === 'string' && err.message ? err.message : 'This phone number is already entered.');
      form.elements.phone.focus();
      return;
    }
    if (res.status === 403 && err.code === 'entries_closed') {
      showStatus('info', 'Entries are closed. Thank you for your interest.');
      submit.disabled = true;
      return;
    }
    if ((res.status === 400 || res.status === 409) && err.field && FIELDS.indexOf(err.field) !== -1) {
      setFieldError(err.field, typeof err.message === 'string' && err.message ? err.message : 'Check this field.');
      form.elements[err.field].focus();
      return;
    }
    var ref = err.requestId || (body && body.requestId);
    showStatus('error', 'Something went wrong and your entry was not saved. Please try again.' + (ref ? ' (Reference: ' + ref + ')' : ''));
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (submit.disabled) return;
    clearErrors();
    hideStatus();
    var values = readValues();
    var errors = validate(values);
    var invalid = FIELDS.filter(function (f) {
      return errors[f];
    });
    if (invalid.length) {
      invalid.forEach(function (f) {
        setFieldError(f, errors[f]);
      });
      form.elements[invalid[0]].focus();
      return;
    }
    setSubmitting(true);
    fetch(ui.path('apply'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(values),
    })
      .then(function (res) {
        return ui.parseJson(res).then(function (body) {
          setSubmitting(false);
          handleResponse(res, body);
        });
      })
      .catch(function () {
        setSubmitting(false);
        showStatus('error', 'We could not reach the raffle. Check your connection and try again.');
      });
  });

  // Clear a field's message as soon as the visitor edits it.
  FIELDS.forEach(function (f) {
    form.elements[f].addEventListener(f === 'consent' ? 'change' : 'input', function () {
      setFieldError(f, '');
    });
  });

  refreshCount();
})();

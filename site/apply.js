// @ts-check
/**
 * The public entry form (apply.html): checks the fields as the server will (the model's limits,
 * through config.js), sends the entry, and says what happens next. Every piece of user or server data
 * reaches the page as text.
 */
/** @import { Answer } from './api.js' */
import { errorOf, referenceOf, request, routePath } from './api.js';
import { byId, setFieldError, showStatus } from './dom.js';
import { showCount } from './entrant-count.js';
import { config } from './site-config.js';

/** @typedef {'email' | 'name' | 'phone' | 'consent'} Field */
/** @typedef {{ email: string; name: string; phone: string; website: string; consent?: boolean }} Entry */

const { limits, rulesUrl, privacyUrl } = config;
const form = byId('apply-form', HTMLFormElement);
const submit = byId('submit', HTMLButtonElement);
const status = byId('status', HTMLElement);
const countEl = byId('count', HTMLElement);
/** The form's inputs, by the field the API names (an error's `field`). */
const inputs = {
  email: byId('email', HTMLInputElement),
  name: byId('name', HTMLInputElement),
  phone: byId('phone', HTMLInputElement),
  consent: byId('consent', HTMLInputElement),
};
// The honeypot: people never see it, so only a bot fills it in.
const website = byId('website', HTMLInputElement);
const SUBMIT_LABEL = submit.textContent;

// The rules, when the raffle has them (config.js): the entry must accept them, as the server checks.
const asksConsent = Boolean(rulesUrl);
/** @type {readonly Field[]} */
const FIELDS = asksConsent ? ['email', 'name', 'phone', 'consent'] : ['email', 'name', 'phone'];
if (rulesUrl) {
  byId('rules-link', HTMLAnchorElement).href = rulesUrl;
  if (privacyUrl) {
    byId('privacy-link', HTMLAnchorElement).href = privacyUrl;
    byId('privacy-part', HTMLElement).hidden = false;
  }
  byId('consent-field', HTMLElement).hidden = false;
}

// Mirrors the server's rules closely enough to catch typos early; the server remains the authority.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
inputs.email.maxLength = limits.emailLength;
inputs.name.maxLength = limits.nameLength;
inputs.phone.maxLength = limits.phoneInputLength;
// C0 and C1 control characters, built from code points so this file contains no raw control bytes.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = new RegExp('[\\u0000-\\u001f\\u007f-\\u009f]');

/**
 * What is wrong with each field, in words for the visitor.
 * @param {Entry} entry
 * @returns {Partial<Record<Field, string>>}
 */
function validate(entry) {
  /** @type {Partial<Record<Field, string>>} */
  const errors = {};
  if (!entry.email) errors.email = 'Enter your email address.';
  else if (entry.email.length > limits.emailLength || !EMAIL_PATTERN.test(entry.email))
    errors.email = 'Enter a valid email address, like name@example.com.';
  if (!entry.name) errors.name = 'Enter your name.';
  // Characters as people count them (code points), as the server does.
  else if (Array.from(entry.name).length > limits.nameLength) errors.name = `Use at most ${limits.nameLength} characters.`;
  else if (CONTROL_CHARS.test(entry.name)) errors.name = 'Remove the special characters from your name.';
  const digits = entry.phone.replace(/\D/g, '');
  if (!entry.phone) errors.phone = 'Enter your phone number.';
  else if (!entry.phone.startsWith(limits.phonePrefix))
    errors.phone = `Start with ${limits.phonePrefix} and your country code, for example +44 7911 123456.`;
  else if (digits.length < 6 || digits.length > 15 || /[^\d\s()+.-]/.test(entry.phone))
    errors.phone = 'Enter a valid phone number, with your country code.';
  if (asksConsent && !entry.consent) errors.consent = 'Accept the rules to enter.';
  return errors;
}

/** @returns {Entry} */
function readEntry() {
  /** @type {Entry} */
  const entry = {
    email: inputs.email.value.trim(),
    name: inputs.name.value.trim(),
    phone: inputs.phone.value.trim(),
    // The honeypot goes as it is: the server recognises a bot by it.
    website: website.value,
  };
  if (asksConsent) entry.consent = inputs.consent.checked;
  return entry;
}

/**
 * @param {Field} field
 * @param {string} message empty to clear
 */
function setError(field, message) {
  setFieldError(inputs[field], byId(`${field}-error`, HTMLElement), message);
}

/**
 * @param {string} field
 * @returns {field is Field}
 */
function isFormField(field) {
  return /** @type {readonly string[]} */ (FIELDS).includes(field);
}

function hideStatus() {
  status.hidden = true;
  status.textContent = '';
  delete status.dataset.state;
}

/** @param {boolean} on */
function setSubmitting(on) {
  submit.disabled = on;
  form.setAttribute('aria-busy', on ? 'true' : 'false');
  submit.textContent = on ? 'Submitting…' : SUBMIT_LABEL;
}

function refreshCount() {
  return showCount(countEl, (n) => (n === 1 ? '1 person has entered.' : `${n.toLocaleString()} people have entered.`));
}

/**
 * Turns the API's answer into what the visitor sees.
 * @param {Answer} answer
 */
function showAnswer({ res, body }) {
  const error = errorOf(body);
  if (res.status === 202) {
    // The same answer whether the address is new or already entered: the email says which.
    showStatus(
      status,
      'success',
      `Check your email: we sent a link to confirm your entry. It works for ${limits.confirmation.validHours} hours. You are entered once you confirm.`,
    );
    form.reset();
  } else if (res.status === 200 || res.status === 201) {
    showStatus(status, 'success', 'You are entered. Good luck! We will contact you if you win.');
    void refreshCount();
  } else if (res.status === 409 && error.code === 'phone_already_registered') {
    setError('phone', error.message || 'This phone number is already entered.');
    inputs.phone.focus();
  } else if (res.status === 403 && error.code === 'entries_closed') {
    showStatus(status, 'info', 'Entries are closed. Thank you for your interest.');
    submit.disabled = true;
  } else if ((res.status === 400 || res.status === 409) && error.field && isFormField(error.field)) {
    setError(error.field, error.message || 'Check this field.');
    inputs[error.field].focus();
  } else {
    const reference = referenceOf(body);
    showStatus(
      status,
      'error',
      'Something went wrong and your entry was not saved. Please try again.' + (reference ? ` (Reference: ${reference})` : ''),
    );
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (submit.disabled) return;
  for (const field of FIELDS) setError(field, '');
  hideStatus();
  const entry = readEntry();
  const errors = validate(entry);
  const invalid = FIELDS.filter((field) => errors[field]);
  if (invalid.length > 0) {
    for (const field of invalid) setError(field, errors[field] ?? '');
    inputs[invalid[0]].focus();
    return;
  }
  setSubmitting(true);
  request(routePath('apply'), { method: 'POST', json: entry })
    .then((answer) => {
      setSubmitting(false);
      showAnswer(answer);
    })
    .catch(() => {
      setSubmitting(false);
      showStatus(status, 'error', 'We could not reach the raffle. Check your connection and try again.');
    });
});

// Clear a field's message as soon as the visitor edits it.
for (const field of FIELDS) inputs[field].addEventListener(field === 'consent' ? 'change' : 'input', () => setError(field, ''));

void refreshCount();

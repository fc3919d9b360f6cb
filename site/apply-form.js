// @ts-check
/**
 * The entry form of apply.html for one raffle: checks the fields as the server will (the model's
 * limits, through config.js), asks for consent when the raffle has rules, sends the entry to the
 * raffle's apply route, and says what happens next: "check your email" when the raffle confirms
 * entries by email, "you are entered" when it does not. Every piece of user or server data reaches
 * the page as text.
 */
/** @import { RaffleView } from '../model/api' */
/** @import { Answer } from './api.js' */
import { errorOf, fillRoutePath, referenceOf, request } from './api.js';
import { byId, setFieldError, showStatus } from './dom.js';
import { config } from './site-config.js';

/** @typedef {'email' | 'name' | 'phone' | 'consent'} Field */
/** @typedef {{ email: string; name: string; phone: string; website: string; consent?: boolean }} Entry */

const { limits } = config;
// Mirrors the server's rules closely enough to catch typos early; the server remains the authority.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// C0 and C1 control characters, built from code points so this file contains no raw control bytes.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = new RegExp('[\\u0000-\\u001f\\u007f-\\u009f]');

/**
 * Whether entries to this raffle are confirmed from an email: the raffle asks for it and the
 * deployment can send mail (as the apply function decides).
 * @param {RaffleView} raffle
 */
export function confirmsByEmail(raffle) {
  return raffle.confirmEntries && config.abilities.mail;
}

/**
 * An https address the page may link to, or null (the API only stores https ones: this is a second look).
 * @param {string | null} url
 */
function safeLink(url) {
  try {
    return url && new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * @param {object} hooks
 * @param {() => void} hooks.onEntered an entry counts now: the count shown is out of date
 * @param {(code: 'entries_closed' | 'entries_not_open' | 'raffle_not_found') => void} hooks.onRefused the raffle stopped taking
 *   entries (or went away) since the page read it: show why
 * @returns {{ show: (raffle: RaffleView) => void }}
 */
export function createEntryForm({ onEntered, onRefused }) {
  const form = byId('apply-form', HTMLFormElement);
  const submit = byId('submit', HTMLButtonElement);
  const status = byId('status', HTMLElement);
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
  /** @type {RaffleView | null} */
  let raffle = null;
  let asksConsent = false;

  inputs.email.maxLength = limits.emailLength;
  inputs.name.maxLength = limits.nameLength;
  inputs.phone.maxLength = limits.phoneInputLength;

  /** @returns {readonly Field[]} */
  const fields = () => (asksConsent ? ['email', 'name', 'phone', 'consent'] : ['email', 'name', 'phone']);

  /** @param {RaffleView} view */
  function show(view) {
    raffle = view;
    const rules = safeLink(view.rulesUrl);
    const privacy = rules ? safeLink(view.privacyUrl) : null;
    asksConsent = rules !== null;
    byId('consent-field', HTMLElement).hidden = !asksConsent;
    if (rules) byId('rules-link', HTMLAnchorElement).href = rules;
    if (privacy) byId('privacy-link', HTMLAnchorElement).href = privacy;
    byId('privacy-part', HTMLElement).hidden = privacy === null;
    byId('how-it-works', HTMLElement).textContent = confirmsByEmail(view)
      ? `One entry per person. We email you a link to confirm your entry: you are entered once you press the button on the page it opens (it works for ${limits.confirmation.validHours} hours). Winners are drawn at random and contacted by email or phone.`
      : 'One entry per person: you are entered as soon as you send this form. Winners are drawn at random and contacted by email or phone.';
  }

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

  /** @param {boolean} on */
  function setSubmitting(on) {
    submit.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    submit.textContent = on ? 'Submitting…' : SUBMIT_LABEL;
  }

  /**
   * Turns the API's answer into what the visitor sees.
   * @param {Answer} answer
   */
  function showAnswer({ res, body }) {
    const error = errorOf(body);
    const field = error.field;
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
      onEntered();
    } else if (res.status === 409 && error.code === 'phone_already_registered') {
      setError('phone', error.message || 'This phone number is already entered.');
      inputs.phone.focus();
    } else if (error.code === 'entries_closed' || error.code === 'entries_not_open' || error.code === 'raffle_not_found') {
      // The page was loaded while entries were open: say how things stand now.
      onRefused(error.code);
    } else if ((res.status === 400 || res.status === 409) && field && fields().some((f) => f === field)) {
      const known = /** @type {Field} */ (field);
      setError(known, error.message || 'Check this field.');
      inputs[known].focus();
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
    if (submit.disabled || !raffle) return;
    for (const field of fields()) setError(field, '');
    status.hidden = true;
    const entry = readEntry();
    const errors = validate(entry);
    const invalid = fields().filter((field) => errors[field]);
    if (invalid.length > 0) {
      for (const field of invalid) setError(field, errors[field] ?? '');
      inputs[invalid[0]].focus();
      return;
    }
    setSubmitting(true);
    request(fillRoutePath('apply', { raffleId: raffle.raffleId }), { method: 'POST', json: entry })
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
  for (const field of /** @type {const} */ (['email', 'name', 'phone', 'consent'])) {
    inputs[field].addEventListener(field === 'consent' ? 'change' : 'input', () => setError(field, ''));
  }

  return { show };
}

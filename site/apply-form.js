// @ts-check
/**
 * The entry form of apply.html for one raffle: checks the fields with the server's own rules (rules.js,
 * built from model/entrant.ts, so the page refuses exactly what the apply function would), asks for
 * consent when the raffle has rules, sends the entry to the raffle's apply route, and says what happens
 * next in the page's language: "check your email" (or that an email was held back by the resend limit)
 * when the raffle confirms entries by email, "you are entered" when it does not. After an entry the form
 * goes away (a second Enter cannot send it again) and the message takes the focus; after an error, the
 * first field to fix does. Every piece of user or server data reaches the page as text.
 */
/** @import { ApplyAnswer, RaffleView } from '../model/api' */
/** @import { Answer } from './api.js' */
import { errorOf, errorWords, fillRoutePath, isGatewayFault, referenceOf, request } from './api.js';
import { byId, el, setFieldError, showStatus } from './dom.js';
import { spanText } from './format.js';
import { t, tOr, tParts } from './i18n.js';
import { config } from './site-config.js';

// The rules carry libphonenumber's metadata (about 50 KB gzipped, BENCHMARKS.md "The pages' modules"): they
// load while the raffle does, not before the page can show anything; a submit waits only if they are still coming.
const rules = import('./rules.js');
// Until a submit asks, a failed load is no error: that submit leaves the checking to the server.
rules.catch(() => undefined);

/** @typedef {'email' | 'name' | 'phone' | 'consent'} Field */
/** @typedef {{ email: string; name: string; phone: string; website: string; consent?: boolean }} Entry */

const { limits } = config;
/** The longest each field may be, for a server's too_long (the page's own check says it with rules.js's max). */
const MAX_LENGTH = { email: limits.emailLength, name: limits.nameLength, phone: limits.phoneInputLength, consent: 0 };

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
 * What is wrong with a field, in words: the field's own sentence where a file has one
 * ("entry.name.required"), else the problem's ("problem.too_long"), else "check this field".
 * @param {Field} field
 * @param {string | undefined} reason a FieldProblem, or undefined (an older or newer server)
 * @param {number} [max] the limit a too-long field broke
 */
export function problemWords(field, reason, max) {
  const values = { count: max ?? MAX_LENGTH[field] };
  if (!reason) return t('error.invalid_field');
  return tOr([`entry.${field}.${reason}`, `problem.${reason}`], 'error.invalid_field', values);
}

/**
 * The held-back answer in words: no link went, why, and when one may.
 * @param {number} seconds until another email may go
 */
function heldBackWords(seconds) {
  // Said in whole minutes, rounded up: never sooner than the server allows.
  const wait = spanText(Math.max(1, Math.ceil(seconds / 60)) * 60_000);
  // The minute's limit holds for at most resendAfterSeconds; longer is the day's limit.
  return seconds <= limits.confirmation.resendAfterSeconds ? t('entry.emailHeld', { wait }) : t('entry.emailHeldRecently', { wait });
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
  const again = byId('again', HTMLElement);
  /** The form's inputs, by the field the API names (an error's `field`). */
  const inputs = {
    email: byId('email', HTMLInputElement),
    name: byId('name', HTMLInputElement),
    phone: byId('phone', HTMLInputElement),
    consent: byId('consent', HTMLInputElement),
  };
  // The honeypot: people never see it, so only a bot fills it in.
  const website = byId('website', HTMLInputElement);
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
    const label = byId('consent-label', HTMLElement);
    if (rules) {
      const rulesLink = el('a', '', t('entry.rules'));
      rulesLink.id = 'rules-link';
      rulesLink.href = rules;
      /** @type {Record<string, Node>} */
      const links = { rules: rulesLink };
      if (privacy) {
        links.privacy = el('a', '', t('entry.privacy'));
        /** @type {HTMLAnchorElement} */ (links.privacy).id = 'privacy-link';
        /** @type {HTMLAnchorElement} */ (links.privacy).href = privacy;
      }
      label.replaceChildren(...tParts(privacy ? 'entry.consentPrivacy' : 'entry.consent', links));
    }
    const how = byId('how-it-works', HTMLElement);
    const hours = limits.confirmation.validHours;
    how.textContent = confirmsByEmail(view) ? `${t('apply.how.email', { count: hours })} ${t('apply.how.grace')}` : t('apply.how.instant');
  }

  /**
   * What is wrong with each field, in words for the visitor: the server's rules (rules.js), and consent.
   * @param {Entry} entry
   * @returns {Promise<Partial<Record<Field, string>>>}
   */
  async function validate(entry) {
    /** @type {Partial<Record<Field, string>>} */
    const errors = {};
    // Rules that did not load (a dropped connection) leave the checking to the server, which words its refusal the same way.
    const problems = await rules.then(({ registrationProblems }) => registrationProblems(entry)).catch(() => []);
    for (const problem of problems) errors[problem.field] = problemWords(problem.field, problem.reason, problem.max);
    if (asksConsent && !entry.consent) errors.consent = t('error.consent_required');
    return errors;
  }

  /** @returns {Entry} */
  function readEntry() {
    /** @type {Entry} */
    const entry = {
      // As typed: the rules trim and normalise, and the server does the same again.
      email: inputs.email.value,
      name: inputs.name.value,
      phone: inputs.phone.value,
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
    submit.textContent = on ? t('entry.submitting') : t('entry.submit');
  }

  /**
   * The entry went in: the form goes (nothing to send twice), the message says what next and takes the
   * focus, and a button offers the form again for someone else.
   * @param {'success' | 'info'} state
   * @param {string} message
   */
  function finished(state, message) {
    form.hidden = true;
    form.reset();
    showStatus(status, state, message);
    again.hidden = false;
    status.focus();
  }

  /**
   * An error not about one field: said, and focused so a screen reader and the keyboard land on it.
   * @param {string} message
   */
  function failed(message) {
    showStatus(status, 'error', message);
    status.focus();
  }

  /**
   * Turns the API's answer into what the visitor sees.
   * @param {Answer} answer
   */
  function showAnswer(answer) {
    const { res, body } = answer;
    const error = errorOf(body);
    const field = /** @type {Field | undefined} */ (fields().find((f) => f === error.field));
    if (res.status === 202) {
      // The same answer whether the address is new or already entered: the email says which.
      const applied = /** @type {ApplyAnswer} */ (body);
      if (applied?.emailSent === false)
        finished('info', heldBackWords(applied.retryAfterSeconds ?? limits.confirmation.resendAfterSeconds));
      else finished('success', t('entry.checkEmail', { count: limits.confirmation.validHours }));
    } else if (res.status === 200 || res.status === 201) {
      finished('success', t('entry.entered'));
      // The entry's label (for an address entered already, one naming no entry: the sentence under it says so).
      const { label } = /** @type {ApplyAnswer} */ (body);
      byId('label', HTMLElement).textContent = label ?? '';
      byId('label-box', HTMLElement).hidden = !label;
      onEntered();
    } else if (error.code === 'entries_closed' || error.code === 'entries_not_open' || error.code === 'raffle_not_found') {
      // The page was loaded while entries were open: say how things stand now.
      onRefused(error.code);
    } else if (error.code === 'phone_already_registered') {
      setError('phone', t('error.phone_already_registered'));
      inputs.phone.focus();
    } else if (error.code === 'consent_required' && asksConsent) {
      setError('consent', t('error.consent_required'));
      inputs.consent.focus();
    } else if (res.status === 400 && field) {
      // The server's reason in the page's words, never its English sentence.
      setError(field, problemWords(field, error.reason));
      inputs[field].focus();
    } else {
      const reference = referenceOf(body);
      // Busy (the API's 503, or a gateway's bare 5xx when the function was throttled): nothing went wrong
      // with the entry, and the same form sent again in a moment goes through.
      const busy = error.code === 'service_busy' || isGatewayFault(answer);
      const why = error.code || busy ? errorWords(answer) : '';
      const what = busy ? t('entry.notSaved') : t('entry.failed');
      failed([what, why, reference ? t('network.reference', { reference }) : ''].filter(Boolean).join(' '));
    }
  }

  /** @param {RaffleView} current */
  async function send(current) {
    for (const field of fields()) setError(field, '');
    status.hidden = true;
    const entry = readEntry();
    setSubmitting(true);
    const errors = await validate(entry);
    const invalid = fields().filter((field) => errors[field]);
    if (invalid.length > 0) {
      setSubmitting(false);
      for (const field of invalid) setError(field, errors[field] ?? '');
      inputs[invalid[0]].focus();
      return;
    }
    try {
      const answer = await request(fillRoutePath('apply', { raffleId: current.raffleId }), { method: 'POST', json: entry });
      setSubmitting(false);
      showAnswer(answer);
    } catch {
      setSubmitting(false);
      failed(t('network.unreachable'));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled || form.hidden || !raffle) return;
    void send(raffle);
  });

  byId('again-button', HTMLButtonElement).addEventListener('click', () => {
    again.hidden = true;
    status.hidden = true;
    byId('label-box', HTMLElement).hidden = true;
    form.hidden = false;
    inputs.email.focus();
  });

  // Clear a field's message as soon as the visitor edits it.
  for (const field of /** @type {const} */ (['email', 'name', 'phone', 'consent'])) {
    inputs[field].addEventListener(field === 'consent' ? 'change' : 'input', () => setError(field, ''));
  }

  return { show };
}

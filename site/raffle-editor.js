// @ts-check
/**
 * The raffle form of the organiser's console: a new raffle (POST /raffle/raffles, a draft or published
 * at once) or the raffle shown (PATCH /raffle/raffles/{raffleId} with only the fields changed), each
 * with a fresh Idempotency-Key per click. Times are typed in the organiser's time zone and sent as
 * instants. What the API refuses (model/raffle-edit.ts: what may change once people have entered, the
 * times in order, a taken address) is said in words next to the field it names (refusals.js).
 */
/** @import { RaffleView } from '../model/api' */
/** @import { MessageKey } from '../model/i18n' */
/** @import { Answer, ApiError } from './api.js' */
import { errorOf, fillRoutePath, newIdempotencyKey, routePath, sendWithKey } from './api.js';
import { report, reportFailure, reportUnreachable } from './console-status.js';
import { byId, setFieldError } from './dom.js';
import { readerTimeZone } from './format.js';
import { language, t } from './i18n.js';
import { LANGUAGES, translate } from './messages.js';
import { createPrizeEditor } from './prize-editor.js';
import { fieldOf, refusalText } from './refusals.js';
import { config } from './site-config.js';

const TEXT_FIELDS = /** @type {const} */ (['raffleId', 'title', 'rulesUrl', 'privacyUrl']);
const TIME_FIELDS = /** @type {const} */ (['opensAt', 'closesAt', 'drawAt']);
const FLAGS = /** @type {const} */ (['confirmEntries', 'verifiableDraws']);
/** Every field the form shows an error beside (`prizes` for the whole list). */
const FIELDS = [...TEXT_FIELDS, 'description', 'language', 'prizes', ...TIME_FIELDS, 'claimDays', ...FLAGS];

/** Each field's label (draw.html's words), to say what was saved. */
/** @type {Readonly<Record<string, MessageKey>>} */
const LABELS = {
  title: 'console.editor.title',
  description: 'console.editor.description',
  language: 'console.editor.languageShort',
  prizes: 'console.editor.prizes',
  opensAt: 'console.editor.opensAt',
  closesAt: 'console.editor.closesAt',
  drawAt: 'console.editor.drawAt',
  claimDays: 'console.editor.claimDays',
  rulesUrl: 'console.editor.rules',
  privacyUrl: 'console.editor.privacy',
  confirmEntries: 'console.editor.confirmEntries',
  verifiableDraws: 'console.editor.verifiableDraws',
};

/**
 * @typedef {object} RaffleEditor
 * @property {(raffle: RaffleView) => void} edit shows the raffle's fields, to change them
 * @property {(error: ApiError) => boolean} showRefusal shows a refusal beside its field, opening the form; false when it names none here
 */

/**
 * An instant as a datetime-local input shows it: the organiser's own time, to the minute.
 * @param {string | null | undefined} iso
 */
function localValue(iso) {
  const t = Date.parse(iso ?? '');
  if (!Number.isFinite(t)) return '';
  const d = new Date(t);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * @param {object} hooks
 * @param {(raffle: RaffleView) => void} hooks.onSaved a new raffle was created, or the raffle shown was changed
 * @returns {RaffleEditor}
 */
export function createRaffleEditor({ onSaved }) {
  const { limits, abilities } = config;
  const details = byId('editor', HTMLDetailsElement);
  const form = byId('raffle-form', HTMLFormElement);
  const save = byId('save-raffle', HTMLButtonElement);
  const general = byId('editor-error', HTMLElement);
  const prizes = createPrizeEditor();
  const description = byId('description', HTMLTextAreaElement);
  // What the raffle's public pages and emails speak: each language named in its own words.
  const languageSelect = byId('raffle-language', HTMLSelectElement);
  for (const lang of LANGUAGES) {
    const option = new Option(translate(lang, 'language.name'), lang);
    option.lang = lang;
    languageSelect.add(option);
  }
  /**
   * An input by the API's field name (the title's id is the page's own: #title is the heading).
   * @param {string} field
   */
  const input = (field) => byId(field === 'title' ? 'raffle-title' : field, HTMLInputElement);
  /** @type {RaffleView | null} the raffle being edited; null: a new one */
  let editing = null;
  /** @type {Record<string, unknown>} the form's values as last filled: an edit sends only what differs */
  let initial = {};

  byId('zone-hint', HTMLElement).textContent = t('zone.note', { zone: readerTimeZone() });
  input('raffleId').maxLength = limits.raffle.idLength;
  input('title').maxLength = limits.raffle.titleLength;
  description.maxLength = limits.raffle.descriptionLength;
  const claimDays = limits.claim.days;
  input('claimDays').min = String(claimDays.min);
  input('claimDays').max = String(claimDays.max);
  byId('claimDays-hint', HTMLElement).textContent = t('console.editor.claimDaysHint', claimDays);
  // What the deployment cannot do, no raffle may switch on: said, and the box left off.
  for (const [flag, able, why] of /** @type {const} */ ([
    ['confirmEntries', abilities.mail, 'console.editor.noMail'],
    ['verifiableDraws', abilities.verifiableDraws, 'console.editor.noVerifiable'],
  ])) {
    input(flag).disabled = !able;
    if (!able) byId(`${flag}-hint`, HTMLElement).textContent = t(why);
  }

  /** The form's values as typed, by the API's field names. */
  function values() {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const f of TEXT_FIELDS) out[f] = input(f).value.trim();
    out.description = description.value;
    out.language = languageSelect.value;
    out.prizes = prizes.read();
    for (const f of TIME_FIELDS) out[f] = input(f).value;
    out.claimDays = input('claimDays').value.trim();
    for (const f of FLAGS) out[f] = input(f).checked;
    return out;
  }

  /** @param {RaffleView | null} raffle */
  function fill(raffle) {
    editing = raffle;
    input('raffleId').value = raffle?.raffleId ?? '';
    input('title').value = raffle?.title ?? '';
    description.value = raffle?.description ?? '';
    languageSelect.value = raffle?.language ?? language();
    prizes.fill(raffle?.prizes ?? []);
    for (const f of TIME_FIELDS) input(f).value = localValue(raffle?.[f]);
    input('claimDays').value = raffle?.claimDays ? String(raffle.claimDays) : '';
    input('rulesUrl').value = raffle?.rulesUrl ?? '';
    input('privacyUrl').value = raffle?.privacyUrl ?? '';
    input('confirmEntries').checked = raffle ? raffle.confirmEntries : abilities.mail;
    input('verifiableDraws').checked = raffle ? raffle.verifiableDraws : abilities.verifiableDraws;
    byId('raffleId-field', HTMLElement).hidden = raffle !== null;
    byId('publish-field', HTMLElement).hidden = raffle !== null;
    byId('editor-summary', HTMLElement).textContent = raffle ? t('console.editor.edit') : t('console.editor.create');
    save.textContent = raffle ? t('console.editor.save') : t('console.editor.createButton');
    initial = values();
    clearErrors();
  }

  function clearErrors() {
    for (const f of FIELDS) setError(f, '');
    general.hidden = true;
  }

  /**
   * @param {string} field
   * @param {string} message empty clears
   */
  function setError(field, message) {
    const errorEl = byId(`${field}-error`, HTMLElement);
    if (field === 'prizes') {
      // The list as a whole: its fieldset names the message (aria-describedby).
      errorEl.textContent = message;
      errorEl.hidden = message === '';
    } else {
      setFieldError(field === 'description' ? description : field === 'language' ? languageSelect : input(field), errorEl, message);
    }
  }

  /**
   * The body to send: a new raffle's every field set, or an edit's changed fields (an emptied one as
   * null, which removes it). Null, with the field marked, when the form can tell it is not acceptable.
   */
  function body() {
    const now = values();
    const changed = Object.keys(now).filter((k) => editing === null || JSON.stringify(now[k]) !== JSON.stringify(initial[k]));
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const key of changed) {
      const value = now[key];
      if (key === 'prizes') {
        const list = /** @type {{ name: string; winners: string }[]} */ (value);
        const bad = list.findIndex(
          (p) => !/^\d+$/.test(p.winners) || Number(p.winners) < limits.winners.min || Number(p.winners) > limits.winners.max,
        );
        if (bad >= 0) {
          setError('prizes', t('console.editor.prizeWinners', { prize: bad + 1, min: limits.winners.min, max: limits.winners.max }));
          prizes.focus();
          return null;
        }
        out.prizes = list.map((p) => ({ name: p.name, winners: Number(p.winners) }));
      } else if (key === 'claimDays' && (value !== '' || input('claimDays').validity.badInput)) {
        // Typed but not a number reads as empty: said, never sent as no claim step.
        const days = Number(value);
        if (!/^\d+$/.test(String(value)) || days < claimDays.min || days > claimDays.max) {
          setError('claimDays', t('console.editor.claimDaysRange', claimDays));
          input('claimDays').focus();
          return null;
        }
        out.claimDays = days;
      } else if (TIME_FIELDS.some((f) => f === key)) {
        if (value !== '') out[key] = new Date(String(value)).toISOString();
        else if (editing) out[key] = null;
      } else if (value === '' && editing) out[key] = null;
      else if (value !== '') out[key] = value;
    }
    if (editing === null) out.status = /** @type {HTMLInputElement} */ (byId('publish', HTMLInputElement)).checked ? 'open' : 'draft';
    return out;
  }

  /**
   * Shows a refusal beside its field (the form opened); the rest in the form's own line.
   * @param {ApiError} error
   */
  function showRefusal(error) {
    const field = fieldOf(error.field);
    if (!field || !FIELDS.includes(field) || (field === 'raffleId' && editing)) return false;
    details.open = true;
    setError(field, refusalText(error));
    if (field === 'prizes') prizes.focus();
    else if (field === 'description') description.focus();
    else if (field === 'language') languageSelect.focus();
    else input(field).focus();
    return true;
  }

  /** @param {Answer} answer */
  function refused(answer) {
    const error = errorOf(answer.body);
    if (answer.res.status >= 500 || !error.code) {
      reportFailure(editing ? t('console.editor.notSaved') : t('console.editor.notCreated'), answer);
      return;
    }
    if (showRefusal(error)) return;
    general.textContent = refusalText(error);
    general.hidden = false;
    general.tabIndex = -1;
    general.focus();
  }

  async function submit() {
    clearErrors();
    const sent = body();
    if (sent === null) return;
    if (editing && Object.keys(sent).length === 0) {
      report('info', t('console.status.unchanged'));
      return;
    }
    save.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const answer = editing
        ? await sendWithKey('PATCH', fillRoutePath('editRaffle', { raffleId: editing.raffleId }), sent, newIdempotencyKey())
        : await sendWithKey('POST', routePath('createRaffle'), sent, newIdempotencyKey());
      if (answer.res.ok) {
        const raffle = /** @type {RaffleView} */ (answer.body);
        const saved = Object.keys(sent).map((key) => (key in LABELS ? t(LABELS[key]) : key));
        if (editing) report('success', t('console.editor.saved', { fields: saved.join(', ') }));
        fill(raffle);
        onSaved(raffle);
      } else refused(answer);
    } catch {
      reportUnreachable(t('console.editor.unsure'));
    }
    save.disabled = false;
    form.removeAttribute('aria-busy');
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!save.disabled) void submit();
  });
  form.addEventListener('input', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)) return;
    const field = target.closest('.prizes-field')
      ? 'prizes'
      : target.id === 'raffle-title'
        ? 'title'
        : target.id === 'raffle-language'
          ? 'language'
          : target.id;
    if (FIELDS.includes(field)) setError(field, '');
  });

  fill(null);
  return {
    edit(raffle) {
      // What the organiser is typing stays: a draw or a void reloads the raffle, which changes none of its fields.
      const typing = editing?.raffleId === raffle.raffleId && JSON.stringify(values()) !== JSON.stringify(initial);
      if (typing) editing = raffle;
      else fill(raffle);
    },
    showRefusal,
  };
}

// @ts-check
/**
 * An entrant finds their label in a raffle's verifiable draws (results.html): for each draw, whether the
 * label is in its pool, its rank, and whether it won, was skipped (and why) or was not reached. Computed
 * here, from the files every verifiable draw publishes (draws/<id>/pool.txt, beacon.json, result.json;
 * the pool hash is the commitment's, from the results): the label is never sent anywhere. The form has
 * no action and its field no name, so not even a page without this module can put the label in an address.
 *
 * The rank is verify/selection.ts's, through WebCrypto: PRK = HMAC-SHA256(key = the pool's SHA-256,
 * the beacon's randomness); each label's value is HMAC-SHA256(PRK, label in UTF-8 || 0x01), i.e.
 * HKDF-Expand to 32 bytes; labels rank by value, smallest first (ties, which do not happen, by label).
 * A label's rank is one more than the number of labels ranked before it: no sort is needed.
 */
/** @import { PublicDraw } from '../model/api' */
import { byId, clear, el } from './dom.js';
import { t } from './i18n.js';
import { formatTime } from './format.js';

/** A label as issued at entry (functions/shared/admission.ts): 80 random bits, 20 hex digits. */
export const LABEL_PATTERN = /^[0-9a-f]{20}$/;

/** @param {string} hex */
function bytesOf(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** @param {ArrayBuffer} buffer */
function hexOf(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** @param {string} text */
export async function sha256Hex(text) {
  return hexOf(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** @param {BufferSource} key */
function hmacKey(key) {
  return crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/**
 * Each label's ranking value (hex), as verify/selection.ts rankingValue computes it.
 * @param {string} randomnessHex
 * @param {string} poolHashHex
 * @param {readonly string[]} labels
 * @returns {Promise<string[]>}
 */
export async function rankingValues(randomnessHex, poolHashHex, labels) {
  const prk = await crypto.subtle.sign('HMAC', await hmacKey(bytesOf(poolHashHex)), bytesOf(randomnessHex));
  const key = await hmacKey(prk);
  const encoder = new TextEncoder();
  return Promise.all(
    labels.map(async (label) => {
      const info = encoder.encode(`${label}\u0001`);
      return hexOf(await crypto.subtle.sign('HMAC', key, info));
    }),
  );
}

/**
 * A label's rank (1 = first) in the ranking of `labels`, or null when it is not among them.
 * @param {string} label
 * @param {readonly string[]} labels
 * @param {string} randomnessHex
 * @param {string} poolHashHex
 * @returns {Promise<number | null>}
 */
export async function rankOf(label, labels, randomnessHex, poolHashHex) {
  const at = labels.indexOf(label);
  if (at < 0) return null;
  const values = await rankingValues(randomnessHex, poolHashHex, labels);
  const mine = values[at];
  let before = 0;
  for (let i = 0; i < values.length; i++) if (values[i] < mine || (values[i] === mine && labels[i] < label)) before++;
  return before + 1;
}

/** The labels of a pool file (verify/commitment.ts labelsOf): one per line, each line ended. @param {string} file */
export function labelsOf(file) {
  return file === '' ? [] : file.replace(/\n$/, '').split('\n');
}

/**
 * wonIn/wonAt: a skipped label won another draw of the raffle then (the walk's one public, timed reason besides a void).
 * @typedef {{ label: string; outcome: 'won' | 'skipped'; reason?: string; wonIn?: string; wonAt?: string; voided?: boolean; claimBy?: string; forDraw?: string }} Step
 * @typedef {{ pool: string; beacon: { randomness: string } | null; sequence: readonly Step[] | null }} DrawFiles
 */

/** Each draw's files, fetched once per page: they never change once published, but result.json after a void. */
const fetched = new Map();

/**
 * Where the site publishes one of a draw's files, relative to the results page.
 * @param {string} drawId
 * @param {string} name e.g. "pool.txt"
 */
export function drawFilePath(drawId, name) {
  return `draws/${encodeURIComponent(drawId)}/${name}`;
}

/** @param {string} drawId @param {string} name */
async function file(drawId, name) {
  const res = await fetch(drawFilePath(drawId, name), { cache: 'no-cache' });
  if (!res.ok) throw new Error(`${name}: ${res.status}`);
  return res.text();
}

/**
 * @param {PublicDraw} draw
 * @returns {Promise<DrawFiles>}
 */
function filesOf(draw) {
  const revealed = draw.status === 'complete';
  const key = `${draw.drawId}/${revealed}`;
  if (!fetched.has(key)) {
    const load = async () => ({
      pool: await file(draw.drawId, 'pool.txt'),
      beacon: revealed ? /** @type {{ randomness: string }} */ (JSON.parse(await file(draw.drawId, 'beacon.json'))) : null,
      sequence: revealed ? /** @type {{ sequence: Step[] }} */ (JSON.parse(await file(draw.drawId, 'result.json'))).sequence : null,
    });
    fetched.set(key, load());
  }
  return fetched.get(key);
}

/**
 * What one draw says of a label: sentences, in order.
 * @param {PublicDraw} draw a verifiable draw
 * @param {string} label
 * @returns {Promise<{ state: string; lines: string[] }>}
 */
export async function checkDraw(draw, label) {
  const commitment = draw.verifiable;
  if (!commitment) return { state: 'none', lines: [] };
  let files;
  try {
    files = await filesOf(draw);
  } catch {
    return { state: 'failed', lines: [t('results.find.failed')] };
  }
  if ((await sha256Hex(files.pool)) !== commitment.poolHash) return { state: 'mismatch', lines: [t('results.find.mismatch')] };
  const labels = labelsOf(files.pool);
  if (!labels.includes(label)) return { state: 'absent', lines: [t('results.find.notInPool', { count: labels.length })] };
  if (!files.beacon || !files.sequence) return { state: 'waiting', lines: [t('results.find.waiting')] };
  const rank = /** @type {number} */ (await rankOf(label, labels, files.beacon.randomness, commitment.poolHash));
  const lines = [t('results.find.rank', { rank, count: labels.length })];
  const step = files.sequence.find((s) => s.label === label);
  let state = 'not-reached';
  if (!step) lines.push(t('results.find.notReached'));
  else if (step.outcome === 'skipped') {
    state = 'skipped';
    // Worded from the published facts where the files give them; the files' own words otherwise.
    lines.push(
      step.wonIn
        ? t('results.find.skippedWon', { draw: step.wonIn.slice(0, 8), time: formatTime(step.wonAt ?? null) })
        : t('results.find.skipped', { reason: step.reason ?? '' }),
    );
  } else if (step.voided) {
    state = 'voided';
    // A win voided because it was not claimed names its deadline (verify-draw checks the void came after it).
    lines.push(step.claimBy ? t('results.find.voidedUnclaimed', { deadline: formatTime(step.claimBy) }) : t('results.find.voided'));
  } else {
    state = 'won';
    lines.push(t(step.forDraw ? 'results.find.wonReplacement' : 'results.find.won'));
  }
  return { state, lines };
}

/** The draws the form checks: the latest the results showed. @type {readonly PublicDraw[]} */
let shown = [];
/** @type {(draw: PublicDraw) => string} */
let naming = (draw) => draw.drawId;

/**
 * The form's answer for a label: one line per verifiable draw shown.
 * @param {string} label
 * @param {HTMLElement} out
 */
async function answer(label, out) {
  const verifiable = shown.filter((d) => d.verifiable);
  const checks = await Promise.all(verifiable.map((draw) => checkDraw(draw, label)));
  const list = el('ul', 'label-draws');
  checks.forEach((check, i) => {
    const li = el('li', 'label-draw');
    li.dataset.drawId = verifiable[i].drawId;
    li.dataset.state = check.state;
    li.appendChild(el('strong', '', naming(verifiable[i])));
    for (const line of check.lines) li.append(' ', el('span', '', line));
    list.appendChild(li);
  });
  out.append(el('p', 'hint', t('results.find.found', { count: verifiable.length })), list);
}

/** @param {Event} event */
function submitted(event) {
  event.preventDefault();
  const input = byId('label-input', HTMLInputElement);
  const button = byId('label-submit', HTMLButtonElement);
  const out = byId('label-results', HTMLElement);
  const error = byId('label-error', HTMLElement);
  if (button.disabled) return;
  const label = input.value.trim().toLowerCase();
  clear(out);
  error.hidden = LABEL_PATTERN.test(label);
  input.setAttribute('aria-invalid', String(!error.hidden));
  if (!error.hidden) {
    error.textContent = t('results.find.invalid');
    input.focus();
    return;
  }
  button.disabled = true;
  button.textContent = t('results.find.busy');
  void answer(label, out).finally(() => {
    button.disabled = false;
    button.textContent = t('results.find.submit');
  });
}

let listening = false;

/**
 * Shows the check under the results when a draw among them is verifiable (results.js calls it each time it shows them).
 * @param {readonly PublicDraw[]} draws
 * @param {(draw: PublicDraw) => string} nameOf how the results name a draw (its prize and time)
 */
export function showLabelCheck(draws, nameOf) {
  shown = draws;
  naming = nameOf;
  byId('label-check', HTMLElement).hidden = !draws.some((d) => d.verifiable);
  if (listening) return;
  listening = true;
  byId('label-form', HTMLFormElement).addEventListener('submit', submitted);
}

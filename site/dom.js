// @ts-check
/**
 * The pages' DOM helpers. Nothing here writes markup: every name, address and prize (typed by people,
 * hostile until proven otherwise) reaches the page as text or a DOM property.
 */

/** @typedef {'success' | 'info' | 'error'} StatusState */

/**
 * The element with this id, checked to be of the type the page expects (a missing or renamed element
 * fails here, by name, not later as "cannot read properties of null").
 * @template {Element} T
 * @param {string} id
 * @param {{ new (): T; readonly name: string }} type e.g. HTMLInputElement
 * @returns {T}
 */
export function byId(id, type) {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} is not a ${type.name} on this page`);
  return node;
}

/**
 * A new element with a class and text (as text: never markup).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string | number} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/**
 * A link whose address is built by the caller from parts it controls (a scheme of its own, encoded values).
 * @param {string} className
 * @param {string} href
 * @param {string} label
 */
export function link(className, href, label) {
  const a = el('a', className, label);
  a.href = href;
  return a;
}

/** @param {Node} node */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/**
 * Shows a plain-text message in a status region.
 * @param {HTMLElement} statusEl
 * @param {StatusState} state
 * @param {string} message
 */
export function showStatus(statusEl, state, message) {
  statusEl.dataset.state = state;
  // Errors interrupt (alert); confirmations are announced politely.
  statusEl.setAttribute('role', state === 'error' ? 'alert' : 'status');
  statusEl.textContent = message;
  statusEl.hidden = false;
}

/**
 * Marks a field invalid with a message, or clears it when the message is empty; aria-invalid tells screen readers.
 * @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} input
 * @param {HTMLElement} errorEl
 * @param {string} message
 */
export function setFieldError(input, errorEl, message) {
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

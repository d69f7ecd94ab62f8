// @ts-check
/**
 * Building DOM without innerHTML: every text from the API goes in as text, never as markup.
 * h('p', { class: 'hint', id: 'x' }, 'text', child) → <p class="hint" id="x">text…</p>
 * Attributes: `class`, `text`, `onclick` and other `on…` handlers; `true` sets an empty attribute;
 * undefined, null and false leave it out.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown> | null} [props]
 * @param {DomChild[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = String(value);
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    else if (key === 'text') element.textContent = String(value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

/**
 * @template {Element} E
 * @param {E} parent
 * @param {DomChild[]} children
 * @returns {E}
 */
export function append(parent, children) {
  for (const child of /** @type {unknown[]} */ (children).flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/**
 * Replace everything inside `parent`.
 * @template {Element} E
 * @param {E} parent
 * @param {DomChild[]} children
 * @returns {E}
 */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

let idCounter = 0;
/** @param {string} prefix */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * Say something to screen readers without moving focus.
 * @param {string} message
 */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  if (!announcer) return;
  announcer.textContent = '';
  setTimeout(() => {
    announcer.textContent = message;
  }, 50);
}

/**
 * A table in a scrollable, keyboard-reachable region (narrow screens).
 * @param {string} label
 * @param {HTMLElement} table
 */
export function tableRegion(label, table) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}

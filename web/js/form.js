// @ts-check
/**
 * Forms generated from a JSON Schema (each event's payload schema, made by the
 * API from the zod schema it validates with) and Swedish field texts. The form
 * checks nothing itself: it sends, and shows the API's validation errors at
 * their fields and in a summary at the top.
 */
import { ApiError } from './api.js';
import { colleagueOptions } from './colleagues.js';
import { append, h, replace } from './dom.js';
import { errorText, issueText } from './messages.js';

/**
 * Field descriptors from a JSON Schema object and Swedish texts ({ fields: { name: { label, help, options, optionsFrom } } }).
 * A field with `optionsFrom` (a user id) becomes a list of colleagues to choose from (kind 'colleague').
 * @param {JsonSchema | undefined} schema
 * @param {{ fields?: Record<string, FieldText> } | undefined} texts
 * @returns {FormField[]}
 */
export function schemaFields(schema, texts) {
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).map(([name, property]) => {
    const text = texts?.fields?.[name] ?? { label: name };
    const isRequired = required.has(name);
    /** @type {FormField['kind']} */
    let kind = 'text';
    const values = property.enum ?? (property.type === 'array' ? property.items?.enum : undefined);
    if (text.optionsFrom) kind = 'colleague';
    else if (property.type === 'boolean') kind = isRequired ? 'boolean' : 'checkbox';
    else if (property.type === 'array' && Array.isArray(values)) kind = 'checkboxes';
    else if (Array.isArray(values)) kind = values.length <= 3 ? 'radio' : 'select';
    else if (property.format === 'date') kind = 'date';
    else if (property.format === 'date-time') kind = 'datetime';
    else if (property.type === 'string' && (property.maxLength ?? 0) > 200) kind = 'textarea';
    return {
      name,
      label: text.label,
      help: text.help,
      required: isRequired,
      kind,
      maxLength: property.maxLength,
      optionsFrom: text.optionsFrom,
      options: Array.isArray(values) ? values.map((value) => ({ value, label: text.options?.[/** @type {string} */ (value)] ?? String(value) })) : undefined,
    };
  });
}

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

/**
 * "2026-02-03T09:00" typed in the browser's time zone → "2026-02-03T09:00:00+01:00".
 * @param {string} value
 */
export function localDateTimeToIso(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * values['client.name'] = x → values.client.name = x
 * @param {Record<string, any>} target
 * @param {string} path
 * @param {unknown} value
 */
function setPath(target, path, value) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  node[/** @type {string} */ (parts.at(-1))] = value;
}

/**
 * createForm({ idPrefix, fields, submitLabel, onSubmit(values), onCancel?, onOtherError?, refusalAtFields? })
 * → { form, focusFirst() }. onSubmit may throw an ApiError: VALIDATION_FAILED is shown at the
 * fields, and so is any error for which refusalAtFields(error) returns [{ path, message }];
 * anything else goes to onOtherError, and to the summary unless onOtherError returns true.
 * A field may carry `value` (its initial value: a string, or an array for checkboxes),
 * `rows` (a textarea's height), `keepEmpty` (an empty text is sent as "" instead of left out) and
 * `conditional` (needed only when its hint says, so not marked "(frivilligt)"); a 'colleague' field
 * may carry `exclude` (user ids not to offer, e.g. the one already responsible).
 */
/**
 * The error state shared by every form (a control is { wrapper, error, inputs, focusTarget }):
 * clear it all, or mark one field and get a summary item whose link moves focus to it.
 */
/**
 * @param {HTMLElement} summary
 * @param {Map<string, FieldControl>} controls
 */
export function clearFieldErrors(summary, controls) {
  summary.hidden = true;
  summary.replaceChildren();
  for (const control of controls.values()) {
    control.wrapper.classList.remove('field--error');
    control.error.hidden = true;
    control.error.textContent = '';
    for (const input of control.inputs) input.removeAttribute('aria-invalid');
  }
}

/**
 * @param {FieldControl} control
 * @param {string} message
 * @param {string} linkText
 */
export function markFieldError(control, message, linkText) {
  control.wrapper.classList.add('field--error');
  control.error.textContent = message;
  control.error.hidden = false;
  for (const input of control.inputs) input.setAttribute('aria-invalid', 'true');
  return h('li', null, h('a', { href: `#${control.focusTarget.id}`, onclick: (/** @type {Event} */ event) => { event.preventDefault(); control.focusTarget.focus(); } }, linkText));
}

/**
 * @typedef {object} FormOptions
 * @property {string} idPrefix
 * @property {FormField[]} fields
 * @property {string} submitLabel
 * @property {(values: Record<string, any>) => Promise<unknown>} onSubmit
 * @property {() => void} [onCancel]
 * @property {(error: ApiError) => boolean} [onOtherError]
 * @property {(error: ApiError) => FieldProblem[] | null} [refusalAtFields]
 * @property {(error: ApiError) => { title: string, items: HTMLElement[] } | null} [explainRefusal]
 * @property {HTMLElement | null} [intro]
 * @property {(error: ApiError) => HTMLElement[]} [summaryItems] what to add under an error's message in the summary (a link to what it is about)
 * @property {'h2' | 'h3'} [summaryHeading] the summary title's level: h2 for a form right under the page's h1, h3 (default) in a section
 * @property {FormState | null} [restore]
 */

/** @typedef {Map<string, { value: string, checked: boolean }>} FormState */

/**
 * What the person has typed and chosen, by element id: taken before the page is drawn anew (after a
 * refusal or a stale version), so nothing typed is lost.
 * @param {HTMLFormElement} form
 * @returns {FormState}
 */
export function formState(form) {
  /** @type {FormState} */
  const state = new Map();
  for (const element of form.querySelectorAll('input, textarea, select')) {
    const input = /** @type {HTMLInputElement} */ (element);
    if (input.id) state.set(input.id, { value: input.value, checked: input.checked });
  }
  return state;
}

/**
 * @param {HTMLFormElement} form
 * @param {FormState} state
 */
function restoreFormState(form, state) {
  for (const element of form.querySelectorAll('input, textarea, select')) {
    const input = /** @type {HTMLInputElement} */ (element);
    const saved = state.get(input.id);
    if (!saved) continue;
    if (input.type === 'radio' || input.type === 'checkbox') input.checked = saved.checked;
    // A list still loading its options (colleagues) is chosen once they are there.
    else if (input.tagName === 'SELECT' && input.getAttribute('aria-busy') === 'true') input.dataset.restore = saved.value;
    else input.value = saved.value;
  }
}

/**
 * @param {FormOptions} options
 * @returns {{ form: HTMLFormElement, focusFirst(): void }}
 */
export function createForm({ idPrefix, fields, submitLabel, onSubmit, onCancel, onOtherError, refusalAtFields, explainRefusal, intro, restore, summaryItems, summaryHeading = 'h3' }) {
  /** @type {Map<string, FieldControl & { field: FormField, read: () => unknown }>} */
  const controls = new Map();
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, submitLabel);
  const form = h('form', { class: 'form', novalidate: true, 'data-form': idPrefix }, intro, summary, fields.map(renderField), h('div', { class: 'form__buttons' }, submit, onCancel ? h('button', { type: 'button', class: 'button button--secondary', onclick: onCancel }, 'Avbryt') : null));
  if (fields.length === 0) form.insertBefore(h('p', { class: 'hint' }, 'Steget har inga uppgifter att fylla i.'), summary.nextSibling);

  /** @param {FormField} field */
  function renderField(field) {
    const id = `${idPrefix}-${field.name.replaceAll('.', '-')}`;
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    const hint = field.help ? h('p', { class: 'hint', id: hintId }, field.help) : null;
    const error = h('p', { class: 'field-error', id: errorId, hidden: true });
    const describedBy = [hint ? hintId : null, errorId].filter(Boolean).join(' ');
    // `conditional`: needed only in some cases (the hint says when), so neither marked optional nor required.
    const labelText = [field.label, field.required || field.conditional ? null : h('span', { class: 'optional' }, ' (frivilligt)')];
    const wrapper = h('div', { class: 'field', 'data-field': field.name });
    /** @type {HTMLElement} */
    let focusTarget;
    /** @type {() => unknown} */
    let read;
    /** @type {HTMLElement[]} */
    let inputs;

    if (field.kind === 'boolean' || field.kind === 'radio') {
      const options = field.kind === 'boolean' ? [{ value: 'true', label: 'Ja' }, { value: 'false', label: 'Nej' }] : /** @type {NonNullable<FormField['options']>} */ (field.options);
      const initial = field.kind === 'boolean' && typeof field.value === 'boolean' ? String(field.value) : field.value;
      const radios = options.map((option, index) => h('input', { type: 'radio', id: `${id}-${index}`, name: id, value: String(option.value), checked: initial !== undefined && String(option.value) === String(initial) }));
      inputs = radios;
      const fieldset = h(
        'fieldset',
        { class: 'choices', role: 'radiogroup', 'aria-describedby': describedBy, ...(field.required ? { 'aria-required': 'true' } : {}) },
        h('legend', null, labelText),
        hint,
        error,
        h('div', { class: field.kind === 'boolean' ? 'choices__inline' : 'choices__list' }, options.map((option, index) => h('div', { class: 'choice' }, radios[index], h('label', { for: `${id}-${index}` }, option.label)))),
      );
      append(wrapper, [fieldset]);
      focusTarget = /** @type {HTMLInputElement} */ (radios[0]);
      read = () => {
        const checked = radios.find((input) => input.checked);
        if (!checked || checked.value === '') return undefined;
        return field.kind === 'boolean' ? checked.value === 'true' : checked.value;
      };
    } else if (field.kind === 'checkboxes') {
      const chosen = new Set(/** @type {unknown[]} */ (field.value ?? []).map(String));
      const options = /** @type {NonNullable<FormField['options']>} */ (field.options);
      const boxes = options.map((option, index) => h('input', { type: 'checkbox', id: `${id}-${index}`, name: id, value: String(option.value), checked: chosen.has(String(option.value)) }));
      inputs = boxes;
      const fieldset = h(
        'fieldset',
        { class: 'choices', 'aria-describedby': describedBy },
        h('legend', null, labelText),
        hint,
        error,
        h('div', { class: 'choices__list' }, options.map((option, index) => h('div', { class: 'choice' }, boxes[index], h('label', { for: `${id}-${index}` }, option.label)))),
      );
      append(wrapper, [fieldset]);
      focusTarget = /** @type {HTMLInputElement} */ (boxes[0]);
      // Nothing ticked is sent as an empty list, so the API says what is missing.
      read = () => boxes.filter((input) => input.checked).map((input) => input.value);
    } else if (field.kind === 'checkbox') {
      const input = h('input', { type: 'checkbox', id, 'aria-describedby': describedBy, checked: field.value === true });
      inputs = [input];
      append(wrapper, [h('div', { class: 'choice choice--checkbox' }, input, h('label', { for: id }, field.label)), hint, error]);
      focusTarget = input;
      read = () => (input.checked ? true : undefined);
    } else {
      /** @type {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} */
      let input;
      const common = { id, name: field.name, 'aria-describedby': describedBy, ...(field.required ? { 'aria-required': 'true' } : {}) };
      if (field.kind === 'textarea') input = h('textarea', { ...common, rows: String(field.rows ?? 4) });
      else if (field.kind === 'select') input = h('select', common, h('option', { value: '' }, 'Välj …'), /** @type {NonNullable<FormField['options']>} */ (field.options).map((option) => h('option', { value: String(option.value) }, option.label)));
      else if (field.kind === 'colleague') input = colleagueSelect(field, common, error);
      else if (field.kind === 'date') input = h('input', { ...common, type: 'date' });
      else if (field.kind === 'datetime') input = h('input', { ...common, type: 'datetime-local' });
      else input = h('input', { ...common, type: 'text', autocomplete: 'off', ...(field.maxLength ? { maxlength: String(field.maxLength) } : {}) });
      if (typeof field.value === 'string') input.value = field.value;
      inputs = [input];
      append(wrapper, [h('label', { for: id }, labelText), hint, error, input]);
      focusTarget = input;
      read = () => {
        const value = input.value.trim();
        if (value === '') return field.keepEmpty ? '' : undefined;
        return field.kind === 'datetime' ? localDateTimeToIso(value) : value;
      };
    }
    controls.set(field.name, { field, wrapper, error, inputs, focusTarget, read });
    return wrapper;
  }

  const clearErrors = () => clearFieldErrors(summary, controls);

  /**
   * @param {string} title
   * @param {HTMLElement[]} items
   */
  function showSummary(title, items) {
    // replace(), not replaceChildren(): a summary without items must not show the word "null".
    replace(summary, h(summaryHeading, { class: 'error-summary__title' }, title), items.length > 0 ? h('ul', null, items) : null);
    summary.hidden = false;
    summary.focus();
  }

  /** @param {FieldProblem[]} details */
  function showValidation(details) {
    const items = [];
    for (const detail of details) {
      const message = issueText(detail);
      const control = controls.get(detail.path);
      items.push(control ? markFieldError(control, message, `${control.field.label}: ${message}`) : h('li', null, message));
    }
    showSummary('Uppgifterna behöver rättas', items);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    clearErrors();
    /** @type {Record<string, any>} */
    const values = {};
    for (const [name, control] of controls) {
      const value = control.read();
      if (value !== undefined) setPath(values, name, value);
    }
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await onSubmit(values);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const atFields = error.code === 'VALIDATION_FAILED' ? (Array.isArray(error.details) ? error.details : []) : refusalAtFields?.(error);
      // A refusal explained in the form keeps everything typed: the person fixes what is missing and sends again.
      const refusal = atFields ? null : explainRefusal?.(error);
      if (atFields) showValidation(atFields);
      else if (refusal) showSummary(refusal.title, refusal.items);
      else if (!onOtherError?.(error)) showSummary(errorText(error), summaryItems?.(error) ?? []);
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });

  if (restore) restoreFormState(form, restore);

  return {
    form,
    focusFirst() {
      controls.values().next().value?.focusTarget.focus();
    },
  };
}

/**
 * A select of the colleagues a field may name (GET /api/colleagues), filled once the list has
 * arrived; until then it says it is loading (aria-busy). The value sent is the chosen user's id.
 */
/**
 * @param {FormField} field
 * @param {Record<string, unknown>} attributes
 * @param {HTMLElement} error
 */
function colleagueSelect(field, attributes, error) {
  const select = h('select', { ...attributes, 'aria-busy': 'true' }, h('option', { value: '' }, 'Hämtar namn …'));
  const exclude = new Set(field.exclude ?? []);
  colleagueOptions(/** @type {'socialsekreterare' | 'arbetsmarknadskonsulent'} */ (field.optionsFrom))
    .then((options) => {
      const offered = options.filter((option) => !exclude.has(option.value));
      replace(
        select,
        h('option', { value: '' }, offered.length === 0 ? 'Det finns ingen att välja' : 'Välj …'),
        offered.map((option) => h('option', { value: option.value, selected: option.value === (select.dataset.restore ?? field.value) }, option.label)),
      );
    })
    .catch(() => {
      replace(select, h('option', { value: '' }, 'Listan kunde inte hämtas'));
      error.textContent = 'Listan över kollegor kunde inte hämtas. Stäng formuläret och försök igen.';
      error.hidden = false;
    })
    .finally(() => select.removeAttribute('aria-busy'));
  return select;
}

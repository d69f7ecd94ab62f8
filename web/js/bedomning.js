// @ts-check
/**
 * Shared pieces of the bedömningsstöd's pages (/klienter/:id/…): addresses,
 * sending a step with If-Match, notices, a Swedish "not found" page, and the
 * machine's refusals shown at the field they are about.
 */
import { api, ApiError } from './api.js';
import { announce, h, replace } from './dom.js';
import { errorText } from './messages.js';

/** @param {string} clientId */
export const clientPath = (clientId) => `/klienter/${encodeURIComponent(clientId)}`;
/**
 * @param {string} clientId
 * @param {string} questionnaireId
 */
export const questionnairePath = (clientId, questionnaireId) => `${clientPath(clientId)}/formular/${encodeURIComponent(questionnaireId)}`;
/**
 * @param {string} clientId
 * @param {string} kind
 * @param {string} documentId
 */
export const documentPath = (clientId, kind, documentId) => `${clientPath(clientId)}/${kind}/${encodeURIComponent(documentId)}`;
/**
 * The API's collection of each document kind.
 * @type {Record<string, string>}
 */
export const DOCUMENT_API = { arbetsplan: 'arbetsplaner', uppdragsbeskrivning: 'uppdragsbeskrivningar' };
/**
 * The step that revises each document kind.
 * @type {Record<string, string>}
 */
export const REVISE_EVENT = { arbetsplan: 'ARBETSPLAN_REVISED', uppdragsbeskrivning: 'UPPDRAGSBESKRIVNING_REVISED' };

/**
 * One step of the bedömningsstöd; `version` is the assessment's (0 before the first step). Returns the assessment view.
 * @param {string} clientId
 * @param {number} version
 * @param {{ type: string } & Record<string, unknown>} body
 * @returns {Promise<AssessmentView>}
 */
export function sendStep(clientId, version, body) {
  return api(`/api/clients/${encodeURIComponent(clientId)}/assessment/events`, { method: 'POST', body, headers: { 'If-Match': `"${version}"` } });
}

/**
 * A Swedish sentence for an error of a step in the bedömningsstöd (not about one field):
 * after a refusal or a stale version the page is reloaded, and says so; otherwise the API's own words.
 * @param {{ code: string, reason?: string, message: string }} error
 */
export function assessmentErrorText(error) {
  if (error.reason === 'stale_version') return 'Någon annan har ändrat bedömningsstödet sedan du öppnade sidan. Sidan är uppdaterad: kontrollera uppgifterna och försök igen.';
  if (error.code === 'NOT_ALLOWED_IN_STATE') return 'Steget går inte att ta där bedömningen står nu. Sidan visar nu det du kan göra.';
  return errorText(error);
}

/**
 * The assessment, or null when there is none this user may see (404: none yet, or KC).
 * @param {string} clientId
 * @returns {Promise<AssessmentView | null>}
 */
export async function assessmentOrNull(clientId) {
  try {
    return await api(`/api/clients/${encodeURIComponent(clientId)}/assessment`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/**
 * A notice at the top of a page ({ kind: success|error|info|warning, text, detail? }); focus it after drawing.
 * @param {Notice | null | undefined} notice
 */
export function noticeElement(notice) {
  if (!notice) return null;
  return h(
    'div',
    { class: `notice notice--${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status', tabindex: '-1', 'data-notice': notice.kind },
    notice.text,
    notice.detail ? h('p', { class: 'notice__detail' }, notice.detail) : null,
  );
}

/**
 * @param {HTMLElement | null} element
 * @param {Notice | null | undefined} notice
 */
export function focusNotice(element, notice) {
  if (!element || !notice) return;
  element.focus();
  announce(notice.text);
}

/**
 * The page for a 404: the thing does not exist, or this user may not see it (the API does not say which).
 * @param {HTMLElement} main
 * @param {{ title: string, text: string, clientId?: string }} notFound
 */
export function renderNotFound(main, { title, text, clientId }) {
  document.title = `${title} – Stegvis`;
  replace(
    main,
    h('h1', { tabindex: '-1' }, title),
    h('p', { 'data-notice': 'not-found' }, text),
    h('p', null, clientId ? [h('a', { href: clientPath(clientId) }, 'Till klientens sida'), ' · '] : null, h('a', { href: '/' }, 'Till Att göra')),
  );
}

/**
 * Run a page's loading; a 404 becomes the Swedish not-found page instead of "Något gick fel".
 * @template T
 * @param {HTMLElement} main
 * @param {{ title: string, text: string, clientId?: string }} notFound
 * @param {() => Promise<T>} load
 * @returns {Promise<T | undefined>}
 */
export async function orNotFound(main, notFound, load) {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      renderNotFound(main, notFound);
      return undefined;
    }
    throw error;
  }
}

/**
 * A refusal of the machine (409) that names a field of the form (the machine's explanation
 * mentions the payload field, e.g. reasonAgainstIndication) is shown at that field.
 */
/**
 * @param {string[]} fieldNames
 * @returns {(error: ApiError) => FieldProblem[] | null}
 */
export function refusalAtFields(fieldNames) {
  return (error) => {
    if (error.code !== 'NOT_ALLOWED_IN_STATE') return null;
    // The service names the fields a refusal is about (details.missing, from the machine's refused fields).
    /** @type {FieldProblem[]} */
    const missing = Array.isArray(error.details?.missing) ? error.details.missing.filter((/** @type {FieldProblem} */ item) => fieldNames.includes(item.path)) : [];
    return missing.length > 0 ? missing : null;
  };
}

/**
 * "+1", "−2", "0"; "–" when a value is missing.
 * @param {number | null | undefined} change
 */
export function formatChange(change) {
  if (change === null || change === undefined) return '–';
  if (change > 0) return `+${change}`;
  if (change < 0) return `−${Math.abs(change)}`;
  return '0';
}

/**
 * A block of text as it was written (line breaks kept), or a muted dash.
 * @param {unknown} text
 */
export function textBlock(text) {
  return text && String(text).trim() ? h('div', { class: 'prose' }, String(text)) : h('p', { class: 'hint' }, 'Inget skrivet.');
}

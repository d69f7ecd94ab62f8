// @ts-check
/**
 * The client page's part for the client's rights (GDPR art. 15 and 16): the client
 * record's history (who registered, corrected or marked what, and when), the
 * "Rätta namn" form and the registerutdrag as a PDF to hand over. Both are offered
 * only when the API says this user may (`mayExerciseRights`).
 */
import { api, apiFile, ApiError } from './api.js';
import { h } from './dom.js';
import { formatDateTime } from './format.js';
import { createForm } from './form.js';

/**
 * @param {string} clientId
 * @param {ClientHistory} history
 * @param {{ roles: Record<string, string>, reload: (notice: Notice) => Promise<void> }} options
 */
export function clientRightsSection(clientId, history, { roles, reload }) {
  const panel = h('div', { class: 'action-panel', id: 'rattelse-panel' });
  const status = h('p', { class: 'hint', role: 'status', 'data-registerutdrag-status': '' });
  const correct = h('button', { type: 'button', class: 'button button--secondary', 'aria-expanded': 'false', 'aria-controls': 'rattelse-panel', 'data-rights': 'rattelse' }, 'Rätta namn');
  correct.addEventListener('click', () => {
    correct.setAttribute('aria-expanded', 'true');
    const { form, focusFirst } = createForm({
      idPrefix: 'rattelse',
      intro: h('p', { class: 'hint' }, 'Det tidigare namnet finns kvar i historiken. Skriv varför namnet rättas, till exempel stavfel eller namnbyte enligt folkbokföringen.'),
      fields: [
        { name: 'name', label: 'Rätt namn', kind: 'text', required: true, maxLength: 200 },
        { name: 'reason', label: 'Skäl till rättelsen', kind: 'textarea', required: true, maxLength: 1000, rows: 3 },
      ],
      submitLabel: 'Spara rättelsen',
      onSubmit: async (values) => {
        await api(`/api/clients/${encodeURIComponent(clientId)}/name-corrections`, { method: 'POST', body: values, headers: { 'If-Match': `"${history.version}"` } });
        await reload({ kind: 'success', text: 'Namnet är rättat. Det tidigare namnet finns kvar i historiken.' });
      },
      onCancel: () => {
        correct.setAttribute('aria-expanded', 'false');
        panel.replaceChildren();
        correct.focus();
      },
    });
    panel.replaceChildren(form);
    focusFirst();
  });
  const extract = h('button', { type: 'button', class: 'button button--secondary', 'data-rights': 'registerutdrag' }, 'Hämta registerutdrag (PDF)');
  extract.addEventListener('click', async () => {
    status.textContent = 'Registerutdraget görs …';
    try {
      const { blob, filename } = await apiFile(`/api/clients/${encodeURIComponent(clientId)}/registerutdrag`, 'application/pdf');
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: filename ?? 'registerutdrag.pdf' });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status.textContent = 'Registerutdraget är hämtat (registerutdrag.pdf). Att det gjordes står i åtkomstloggen.';
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : 'Registerutdraget kunde inte göras. Försök igen.';
    }
  });

  return h(
    'section',
    { 'aria-labelledby': 'personuppgifter-rubrik' },
    h('h2', { id: 'personuppgifter-rubrik' }, 'Personuppgifter och ändringar'),
    history.mayExerciseRights
      ? [
          h('p', null, 'Klienten har rätt att få veta allt som Stegvis har registrerat om hen (registerutdrag) och att få fel rättade.'),
          h('div', { class: 'button-row', role: 'group', 'aria-label': 'Klientens rättigheter' }, correct, extract),
          status,
          panel,
        ]
      : null,
    h(
      'ol',
      { class: 'timeline', 'data-client-history': '' },
      [...history.events].reverse().map((entry) =>
        h(
          'li',
          { class: 'timeline__item', 'data-client-event': entry.type },
          h('h3', { class: 'timeline__title' }, entry.text),
          h(
            'p',
            { class: 'timeline__meta' },
            h('span', null, entry.actor.name ?? roles[entry.actor.role] ?? entry.actor.role),
            entry.actor.role === 'system' ? null : [', ', h('span', null, roles[entry.actor.role] ?? entry.actor.role)],
            ' · ',
            h('time', { datetime: entry.occurredAt }, formatDateTime(entry.occurredAt)),
          ),
          entryDetail(entry),
        ),
      ),
    ),
  );
}

/** @param {ClientHistoryEntry} entry */
function entryDetail(entry) {
  if (entry.masked && entry.type !== 'CLIENT_PROTECTION_MARKED') return h('p', null, 'Namnet visas inte: klienten har skyddade personuppgifter.');
  if (entry.type === 'CLIENT_NAME_CORRECTED') {
    return h('p', null, 'Från ', h('strong', null, entry.previousName ?? '–'), ' till ', h('strong', null, entry.name ?? '–'), `. Skäl: ${entry.reason ?? '–'}`);
  }
  if (entry.type === 'CLIENT_REGISTERED') return h('p', null, 'Namn: ', h('strong', null, entry.name ?? '–'), entry.protectedIdentity ? ' (skyddade personuppgifter)' : '');
  return null;
}

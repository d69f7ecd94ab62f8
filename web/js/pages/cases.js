// @ts-check
/** Ärenden: every case the user may see, filtered by status. */
import { api, loadProcess } from '../api.js';
import { urgentDeadlines, shortStepLabel } from '../case-summary.js';
import { h, replace, tableRegion } from '../dom.js';
import { clientName, formatDate, formatDateTime } from '../format.js';

const FILTERS = [
  { value: 'active', text: 'Pågående' },
  { value: 'avslutad', text: 'Avslutade' },
  { value: 'avbruten', text: 'Avbrutna' },
  { value: '', text: 'Alla' },
];

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} _params
 * @param {PageContext} context
 */
export async function render(main, _params, { session, navigate }) {
  document.title = 'Ärenden – Stegvis';
  const status = new URLSearchParams(location.search).get('status') ?? 'active';
  /** @type {[UiProcess, { cases: CaseView[] }]} */
  const [process, list] = await Promise.all([loadProcess(), api(`/api/cases${status ? `?status=${encodeURIComponent(status)}` : ''}`)]);

  const select = h('select', { id: 'status-filter', name: 'status' }, FILTERS.map((filter) => h('option', { value: filter.value, ...(filter.value === status ? { selected: true } : {}) }, filter.text)));
  const filterForm = h(
    'form',
    { class: 'filter', onsubmit: (/** @type {SubmitEvent} */ event) => { event.preventDefault(); navigate(`/arenden?status=${encodeURIComponent(select.value)}`); } },
    h('label', { for: 'status-filter' }, 'Visa'),
    select,
    h('button', { type: 'submit', class: 'button button--secondary' }, 'Visa ärenden'),
  );

  const table =
    list.cases.length === 0
      ? h('p', null, 'Inga ärenden att visa.')
      : tableRegion(
          'Ärenden',
          h(
            'table',
            { class: 'table' },
            h('thead', null, h('tr', null, ['Ärende', 'Klient', 'Steg', 'Ansvarig', 'Nästa frist', 'Ändrat'].map((title) => h('th', { scope: 'col' }, title)))),
            h(
              'tbody',
              null,
              list.cases.map((view) => {
                const next = urgentDeadlines(view.deadlines)[0];
                return h(
                  'tr',
                  null,
                  h('td', null, h('a', { href: `/arenden/${view.id}` }, view.reference)),
                  h('td', null, clientName(view.client)),
                  h('td', null, view.status === 'active' ? shortStepLabel(process, view.state) : process.texts.statuses[view.status]),
                  h('td', null, view.responsible.displayName),
                  h('td', null, next ? `${next.label}, ${formatDate(next.dueDate)}${next.status === 'overdue' ? ' (försenad)' : ''}` : '–'),
                  h('td', null, formatDateTime(view.updatedAt)),
                );
              }),
            ),
          ),
        );

  replace(
    main,
    h('h1', null, 'Ärenden'),
    session.user.role === 'socialsekreterare' ? h('p', null, h('a', { href: '/nytt-arende', class: 'button button--primary' }, 'Nytt ärende')) : null,
    filterForm,
    table,
  );
}

// @ts-check
/**
 * Ärenden: the cases the user may see, searched, filtered, sorted and paged by the API (GET /api/cases).
 * The filters live in the page's address; the search text does not (it may be a name or a personnummer,
 * which must not stay in the browser's history or an address someone copies): it is kept in history.state.
 */
import { api, loadProcess } from '../api.js';
import { urgentDeadlines, shortStepLabel } from '../case-summary.js';
import { h, replace, tableRegion } from '../dom.js';
import { clientName, formatDate, formatDateTime } from '../format.js';

const PAGE_SIZE = 50;

const STATUSES = [
  { value: 'active', text: 'Pågående' },
  { value: 'avslutad', text: 'Avslutade' },
  { value: 'avbruten', text: 'Avbrutna' },
  { value: '', text: 'Alla' },
];

const SORTS = [
  { value: 'updated_desc', text: 'Senast ändrade först' },
  { value: 'updated_asc', text: 'Längst sedan ändrade först' },
  { value: 'reference_desc', text: 'Nyaste ärendenummer först' },
  { value: 'reference_asc', text: 'Äldsta ärendenummer först' },
];

/**
 * @param {string} id
 * @param {string} name
 * @param {{ value: string, text: string }[]} options
 * @param {string} selected
 */
function select(id, name, options, selected) {
  return h('select', { id, name }, options.map((option) => h('option', { value: option.value, ...(option.value === selected ? { selected: true } : {}) }, option.text)));
}

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} _params
 * @param {PageContext} context
 */
export async function render(main, _params, { session, navigate }) {
  document.title = 'Ärenden – Stegvis';
  const address = new URLSearchParams(location.search);
  const status = address.get('status') ?? 'active';
  const step = address.get('step') ?? '';
  const overdue = address.get('overdue') === 'true';
  const sort = address.get('sort') ?? 'updated_desc';
  const page = Math.max(1, Number.parseInt(address.get('sida') ?? '1', 10) || 1);
  /** @type {string} */
  const q = typeof history.state?.q === 'string' ? history.state.q : '';

  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE), sort });
  if (status) query.set('status', status);
  if (step) query.set('step', step);
  if (overdue) query.set('overdue', 'true');
  if (q) query.set('q', q);
  /** @type {[UiProcess, { cases: CaseView[], hasMore: boolean }]} */
  const [process, list] = await Promise.all([loadProcess(), api(`/api/cases?${query}`)]);

  // The routine's phases (the machine's top-level states) that a running case can be in.
  const phases = Object.keys(process.texts.states).filter((state) => !state.includes('.') && !(state in process.texts.statuses));

  /**
   * @param {{ q: string, status: string, step: string, overdue: boolean, sort: string, page: number }} wanted
   */
  const show = (wanted) => {
    const next = new URLSearchParams({ status: wanted.status });
    if (wanted.step) next.set('step', wanted.step);
    if (wanted.overdue) next.set('overdue', 'true');
    if (wanted.sort !== 'updated_desc') next.set('sort', wanted.sort);
    if (wanted.page > 1) next.set('sida', String(wanted.page));
    navigate(`/arenden?${next}`, { state: wanted.q ? { q: wanted.q } : null });
  };

  const search = h('input', { id: 'case-search', name: 'q', type: 'search', value: q, maxlength: '100', autocomplete: 'off', 'aria-describedby': 'case-search-hint' });
  const statusSelect = select('status-filter', 'status', STATUSES, status);
  const stepSelect = select('step-filter', 'step', [{ value: '', text: 'Alla steg' }, ...phases.map((phase) => ({ value: phase, text: process.texts.states[phase]?.label ?? phase }))], step);
  const overdueBox = h('input', { id: 'overdue-filter', name: 'overdue', type: 'checkbox', ...(overdue ? { checked: true } : {}) });
  const sortSelect = select('sort-order', 'sort', SORTS, sort);
  const filterForm = h(
    'form',
    {
      class: 'case-filter',
      role: 'search',
      'aria-label': 'Sök och filtrera ärenden',
      onsubmit: (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        show({ q: search.value.trim(), status: statusSelect.value, step: stepSelect.value, overdue: overdueBox.checked, sort: sortSelect.value, page: 1 });
      },
    },
    h(
      'div',
      { class: 'case-filter__search' },
      h('label', { for: 'case-search' }, 'Sök'),
      h('p', { id: 'case-search-hint', class: 'hint' }, 'Ärendenummer (KC-000123), klientens namn eller personnummer, eller ansvarig person.'),
      search,
    ),
    h('div', { class: 'case-filter__field' }, h('label', { for: 'status-filter' }, 'Status'), statusSelect),
    h('div', { class: 'case-filter__field' }, h('label', { for: 'step-filter' }, 'Steg'), stepSelect),
    h('div', { class: 'case-filter__field' }, h('label', { for: 'sort-order' }, 'Sortering'), sortSelect),
    h('div', { class: 'case-filter__check' }, overdueBox, h('label', { for: 'overdue-filter' }, 'Bara ärenden med försenade steg')),
    h('div', { class: 'case-filter__buttons' }, h('button', { type: 'submit', class: 'button button--secondary' }, 'Visa ärenden')),
  );

  const first = (page - 1) * PAGE_SIZE + 1;
  const summary =
    list.cases.length === 0
      ? h('p', { 'data-list-summary': '' }, q || step || overdue ? 'Inga ärenden matchar sökningen.' : 'Inga ärenden att visa.')
      : h('p', { 'data-list-summary': '' }, `Visar ärende ${first}–${first + list.cases.length - 1}${q ? ` som matchar ”${q}”` : ''}.`);

  const table =
    list.cases.length === 0
      ? null
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

  const current = { q, status, step, overdue, sort };
  const paging =
    page > 1 || list.hasMore
      ? h(
          'nav',
          { class: 'pager', 'aria-label': 'Sidor i listan' },
          page > 1 ? h('button', { type: 'button', class: 'button button--secondary', onclick: () => show({ ...current, page: page - 1 }) }, 'Föregående sida') : null,
          h('span', { class: 'pager__page' }, `Sida ${page}`),
          list.hasMore ? h('button', { type: 'button', class: 'button button--secondary', onclick: () => show({ ...current, page: page + 1 }) }, 'Nästa sida') : null,
        )
      : null;

  replace(
    main,
    h('h1', null, 'Ärenden'),
    session.user.role === 'socialsekreterare' ? h('p', null, h('a', { href: '/nytt-arende', class: 'button button--primary' }, 'Nytt ärende')) : null,
    filterForm,
    summary,
    table,
    paging,
  );
}

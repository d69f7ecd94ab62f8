/** Att göra: the user's open and overdue deadlines, and the cases where they have a step to take, most urgent first. */
import { api, loadProcess } from '../api.js';
import { byUrgency, deadlineBadge, deadlineText, shortStepLabel, urgentDeadlines } from '../case-summary.js';
import { h, replace, tableRegion } from '../dom.js';
import { clientName, formatDate } from '../format.js';

export async function render(main, _params, { session }) {
  document.title = 'Att göra – Stegvis';
  const [process, deadlineList, caseList] = await Promise.all([loadProcess(), api('/api/deadlines?mine=true'), api('/api/cases?status=active')]);
  const deadlines = urgentDeadlines(deadlineList.deadlines);
  const overdue = deadlines.filter((deadline) => deadline.status === 'overdue').length;
  const isStep = (type) => process.events[type]?.group === 'steg';
  const withStep = caseList.cases.filter((view) => view.allowedEvents.some(isStep)).sort(byUrgency);

  const counts = h(
    'ul',
    { class: 'counts', 'aria-label': 'Sammanfattning' },
    h('li', { class: overdue > 0 ? 'count count--overdue' : 'count' }, h('span', { class: 'count__number' }, String(overdue)), h('span', { class: 'count__text' }, overdue === 1 ? 'försenad frist' : 'försenade frister')),
    h('li', { class: 'count' }, h('span', { class: 'count__number' }, String(deadlines.length - overdue)), h('span', { class: 'count__text' }, deadlines.length - overdue === 1 ? 'öppen frist' : 'öppna frister')),
    h('li', { class: 'count' }, h('span', { class: 'count__number' }, String(withStep.length)), h('span', { class: 'count__text' }, withStep.length === 1 ? 'ärende med ett steg för dig' : 'ärenden med ett steg för dig')),
  );

  const deadlineSection = h(
    'section',
    { 'aria-labelledby': 'frister-rubrik' },
    h('h2', { id: 'frister-rubrik' }, `Dina frister (${deadlines.length})`),
    deadlines.length === 0
      ? h('p', null, 'Du har inga öppna frister.')
      : tableRegion(
          'Dina frister',
          h(
            'table',
            { class: 'table' },
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Senast'), h('th', { scope: 'col' }, 'Vad'), h('th', { scope: 'col' }, 'Ärende'), h('th', { scope: 'col' }, 'Klient'), h('th', { scope: 'col' }, 'Status'))),
            h(
              'tbody',
              null,
              deadlines.map((deadline) =>
                h(
                  'tr',
                  { class: deadline.status === 'overdue' ? 'row--overdue' : null },
                  h('td', null, formatDate(deadline.dueDate)),
                  h('td', null, deadline.label),
                  h('td', null, h('a', { href: `/arenden/${deadline.case.id}` }, deadline.case.reference)),
                  h('td', null, clientName(deadline.case.client)),
                  h('td', null, deadlineBadge(process, deadline)),
                ),
              ),
            ),
          ),
        ),
  );

  const caseSection = h(
    'section',
    { 'aria-labelledby': 'steg-rubrik' },
    h('h2', { id: 'steg-rubrik' }, `Ärenden där du har ett steg att ta (${withStep.length})`),
    withStep.length === 0
      ? h('p', null, session.user.role === 'socialsekreterare' ? 'Inga just nu. Ett nytt ärende skapar du under Nytt ärende.' : 'Inga just nu.')
      : h(
          'ul',
          { class: 'case-cards' },
          withStep.map((view) => {
            const next = urgentDeadlines(view.deadlines)[0];
            const steps = view.allowedEvents.filter(isStep).map((type) => process.events[type].action);
            return h(
              'li',
              { class: 'case-card' },
              h('h3', { class: 'case-card__title' }, h('a', { href: `/arenden/${view.id}` }, `${view.reference}: ${clientName(view.client)}`)),
              h('p', { class: 'case-card__step' }, shortStepLabel(process, view.state)),
              next ? h('p', { class: 'case-card__deadline' }, deadlineBadge(process, next), ` ${deadlineText(process, next)}`) : null,
              h('p', { class: 'case-card__actions' }, h('span', { class: 'label' }, 'Du kan: '), steps.join(' · ')),
            );
          }),
        ),
  );

  replace(main, h('h1', null, 'Att göra'), counts, deadlineSection, caseSection);
}

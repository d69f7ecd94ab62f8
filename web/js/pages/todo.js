// @ts-check
/**
 * Att göra: the user's open and overdue deadlines, and the cases where they have a step to take, most urgent first;
 * for KC (arbetsmarknadskonsulent, kc_samordnare) also KC's queue of referrals with no consultant yet.
 */
import { api, ApiError, loadProcess } from '../api.js';
import { assumptionNote, byUrgency, deadlineBadge, deadlineText, deadlineWhen, shortStepLabel, urgentDeadlines } from '../case-summary.js';
import { announce, h, replace, tableRegion } from '../dom.js';
import { clientName, formatDate, formatDateTime } from '../format.js';
import { errorText } from '../messages.js';

const KC_ROLES = ['arbetsmarknadskonsulent', 'kc_samordnare'];

/** The API gives at most 100 cases a page: Att göra reads them all, or a case past the first page would miss its step, avvikelse or disagreement. */
const CASE_PAGE = 100;
/** @returns {Promise<{ cases: CaseView[] }>} */
async function allActiveCases() {
  /** @type {CaseView[]} */
  const cases = [];
  for (let offset = 0; ; offset += CASE_PAGE) {
    /** @type {{ cases: CaseView[] }} */
    const page = await api(`/api/cases?status=active&limit=${CASE_PAGE}&offset=${offset}`);
    cases.push(...page.cases);
    if (page.cases.length < CASE_PAGE) return { cases };
  }
}

/**
 * `queueNotice`: what happened when the user tried to take a referral from KC's queue.
 * @param {HTMLElement} main
 * @param {Record<string, string>} params
 * @param {PageContext} context
 * @param {Notice | null} [queueNotice]
 * @returns {Promise<void>}
 */
export async function render(main, params, context, queueNotice = null) {
  const { session } = context;
  document.title = 'Att göra – Stegvis';
  const atKc = KC_ROLES.includes(session.user.role);
  /** @type {[UiProcess, { deadlines: DeadlineWithCase[] }, { cases: CaseView[] }, { queue: QueueEntry[] } | null]} */
  const [process, deadlineList, caseList, queueList] = await Promise.all([
    loadProcess(),
    api('/api/deadlines?mine=true'),
    allActiveCases(),
    atKc ? api('/api/kc/queue') : null,
  ]);
  const deadlines = urgentDeadlines(deadlineList.deadlines);
  const overdue = deadlines.filter((deadline) => deadline.status === 'overdue').length;
  const isStep = (/** @type {string} */ type) => process.events[type]?.group === 'steg';
  const withStep = caseList.cases.filter((view) => view.allowedEvents.some(isStep)).sort(byUrgency);
  const disagreementCases = casesWithDisagreementWaiting(caseList.cases);

  const counts = h(
    'ul',
    { class: 'counts', 'aria-label': 'Sammanfattning' },
    h('li', { class: overdue > 0 ? 'count count--overdue' : 'count' }, h('span', { class: 'count__number' }, String(overdue)), h('span', { class: 'count__text' }, overdue === 1 ? 'försenad frist' : 'försenade frister')),
    h('li', { class: 'count' }, h('span', { class: 'count__number' }, String(deadlines.length - overdue)), h('span', { class: 'count__text' }, deadlines.length - overdue === 1 ? 'öppen frist' : 'öppna frister')),
    h('li', { class: 'count' }, h('span', { class: 'count__number' }, String(withStep.length)), h('span', { class: 'count__text' }, withStep.length === 1 ? 'ärende med ett steg för dig' : 'ärenden med ett steg för dig')),
    // A disagreement waits for a manager's position or decision (process.md §5): said at the top, not only further down.
    disagreementCases.length > 0
      ? h('li', { class: 'count count--overdue' }, h('span', { class: 'count__number' }, String(disagreementCases.length)), h('span', { class: 'count__text' }, disagreementCases.length === 1 ? 'oenighet som väntar på dig' : 'oenigheter som väntar på dig'))
      : null,
    queueList ? h('li', { class: 'count' }, h('span', { class: 'count__number' }, String(queueList.queue.length)), h('span', { class: 'count__text' }, queueList.queue.length === 1 ? 'anvisning i KC:s kö' : 'anvisningar i KC:s kö')) : null,
  );

  // An escalation point's list holds other people's overdue steps: say whose step each is, and that it was raised to her.
  const othersSteps = deadlines.some((deadline) => deadline.responsibleUserId !== session.user.id);
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
            h(
              'thead',
              null,
              h('tr', null, h('th', { scope: 'col' }, 'När'), h('th', { scope: 'col' }, 'Vad'), othersSteps ? h('th', { scope: 'col' }, 'Vems steg') : null, h('th', { scope: 'col' }, 'Ärende'), h('th', { scope: 'col' }, 'Klient'), h('th', { scope: 'col' }, 'Status')),
            ),
            h(
              'tbody',
              null,
              deadlines.map((deadline) =>
                h(
                  'tr',
                  { class: deadline.status === 'overdue' ? 'row--overdue' : null },
                  h('td', null, deadlineWhen(deadline)),
                  h('td', null, deadline.label, assumptionNote(deadline)),
                  othersSteps ? h('td', { 'data-owner': deadline.id }, ownerText(process, session, deadline)) : null,
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

  const rerender = (/** @type {Notice} */ notice) => render(main, params, context, notice);
  const avvikelseSection = avvikelser(process, caseList.cases, rerender);
  const disagreementSection = disagreementsWaiting(process, disagreementCases);

  const queueSection = queueList ? kcQueue(queueList.queue, { session, queueNotice, rerender: (/** @type {Notice} */ notice) => render(main, params, context, notice), navigate: context.navigate }) : null;

  // Outside KC the queue has no place for what happened (an avvikelse taken part of): it is said at the top.
  const topNotice =
    queueNotice && !queueList
      ? h('div', { class: `notice notice--${queueNotice.kind}`, role: queueNotice.kind === 'error' ? 'alert' : 'status', tabindex: '-1', 'data-queue-notice': queueNotice.kind }, queueNotice.text)
      : null;
  replace(main, h('h1', null, 'Att göra'), topNotice, expiredDecisions(caseList.cases), counts, avvikelseSection, disagreementSection, deadlineSection, queueSection, caseSection);
  if (queueNotice) {
    /** @type {HTMLElement | null} */ (main.querySelector('[data-queue-notice]'))?.focus();
    announce(queueNotice.text);
  }
}

/**
 * Whose step a deadline is, and whether it was escalated: "Anna Andersson (socialsekreterare). Eskalerad till dig 3 mars 2026".
 * @param {UiProcess} process
 * @param {Session} session
 * @param {DeadlineWithCase} deadline
 */
function ownerText(process, session, deadline) {
  if (deadline.responsibleUserId === session.user.id) return 'Ditt';
  const role = (process.texts.roles[deadline.responsibleRole] ?? deadline.responsibleRole).toLowerCase();
  const owner = deadline.responsibleName ? `${deadline.responsibleName} (${role})` : `Ingen ${role} tilldelad ännu`;
  const raised = deadline.escalatedAt ? `Eskalerad till dig ${formatDate(deadline.escalatedAt)}` : deadline.status === 'overdue' ? 'Försenad, ännu inte eskalerad' : null;
  return [h('span', { class: 'owner' }, owner), raised ? [h('br'), h('span', { class: 'hint', 'data-escalated': deadline.escalatedAt ? 'true' : 'false' }, raised)] : null];
}

/**
 * Referrals whose decision ran out (the machine's state pagaende.beslut_utgatt): first on the page, since the insats
 * has no decision in force until it is renewed or closed.
 * @param {CaseView[]} cases
 */
function expiredDecisions(cases) {
  const expired = cases.filter((view) => view.state === 'pagaende.beslut_utgatt');
  if (expired.length === 0) return null;
  return h(
    'section',
    { 'aria-labelledby': 'beslut-utgatt-rubrik', 'data-section': 'beslut-utgatt', class: 'notice notice--warning' },
    h('h2', { id: 'beslut-utgatt-rubrik' }, `Beslut som har gått ut (${expired.length})`),
    h('p', null, 'Insatsen har inget beslut som gäller. Fatta ett förnyat beslut eller avsluta insatsen.'),
    h(
      'ul',
      null,
      expired.map((view) => {
        const validUntil = view.process?.decision?.validUntil;
        return h('li', { 'data-case': view.id }, h('a', { href: `/arenden/${view.id}` }, `${view.reference}: ${clientName(view.client)}`), validUntil ? `, sista dag ${formatDate(validUntil)}` : '');
      }),
    ),
  );
}

/**
 * Avvikelser KC reported that the socialsekreterare has not yet taken part of (process.md §4): the machine offers
 * AVVIKELSE_ACKNOWLEDGED exactly then, so the list is the cases where she may send it, and the button sends it.
 * @param {UiProcess} process
 * @param {CaseView[]} cases
 * @param {(notice: Notice) => Promise<void>} rerender
 */
function avvikelser(process, cases, rerender) {
  const waiting = cases.filter((view) => view.allowedEvents.includes('AVVIKELSE_ACKNOWLEDGED'));
  if (waiting.length === 0) return null;
  const kindWords = process.events.AVVIKELSE_REPORTED?.fields.kind?.options ?? {};

  /**
   * @param {CaseView} view
   * @param {HTMLButtonElement} button
   */
  async function acknowledge(view, button) {
    button.disabled = true;
    try {
      await api(`/api/cases/${encodeURIComponent(view.id)}/events`, { method: 'POST', body: { type: 'AVVIKELSE_ACKNOWLEDGED' }, headers: { 'If-Match': `"${view.version}"` } });
    } catch (error) {
      button.disabled = false;
      if (!(error instanceof ApiError)) throw error;
      await rerender({ kind: 'error', text: errorText(error) });
      return;
    }
    await rerender({ kind: 'success', text: `Du har tagit del av avvikelsen i ärende ${view.reference}.` });
  }

  return h(
    'section',
    { 'aria-labelledby': 'avvikelser-rubrik', 'data-section': 'avvikelser' },
    h('h2', { id: 'avvikelser-rubrik' }, `Avvikelser från KC att ta del av (${waiting.length})`),
    h(
      'ul',
      { class: 'case-cards' },
      waiting.map((view) => {
        const reported = view.process?.avvikelser;
        const unseen = reported ? reported.count - (reported.acknowledgedCount ?? 0) : 0;
        const latest = reported?.latest;
        const button = h('button', { type: 'button', class: 'button button--primary' }, 'Jag har tagit del', h('span', { class: 'visually-hidden' }, ` av avvikelsen i ${view.reference}`));
        button.addEventListener('click', () => void acknowledge(view, button));
        return h(
          'li',
          { class: 'case-card', 'data-case': view.id },
          h('h3', { class: 'case-card__title' }, h('a', { href: `/arenden/${view.id}` }, `${view.reference}: ${clientName(view.client)}`)),
          latest ? h('p', null, `${kindWords[latest.kind] ?? latest.kind} ${formatDate(latest.on)}`, unseen > 1 ? ` (${unseen} avvikelser)` : '') : null,
          h('p', { class: 'case-card__actions' }, button),
        );
      }),
    ),
  );
}

/**
 * The cases with an open disagreement that waits for this manager (process.md §5): her side's position, or (the 1:e
 * socialsekreterare) the resolution once both positions are in. The machine's allowed steps say which.
 * @param {CaseView[]} cases
 */
function casesWithDisagreementWaiting(cases) {
  return cases.filter((view) => view.allowedEvents.includes('DISAGREEMENT_POSITION_RECORDED') || view.allowedEvents.includes('DISAGREEMENT_RESOLVED'));
}

/**
 * @param {UiProcess} process
 * @param {CaseView[]} waiting the cases of casesWithDisagreementWaiting
 */
function disagreementsWaiting(process, waiting) {
  if (waiting.length === 0) return null;
  const topicWords = process.events.DISAGREEMENT_RAISED?.fields.topic?.options ?? {};
  return h(
    'section',
    { 'aria-labelledby': 'oenigheter-rubrik', 'data-section': 'oenigheter' },
    h('h2', { id: 'oenigheter-rubrik' }, `Oenigheter som väntar på dig (${waiting.length})`),
    h(
      'ul',
      { class: 'case-cards' },
      waiting.map((view) => {
        const open = (view.process?.disagreements ?? []).filter((disagreement) => disagreement.resolved === null);
        const what = view.allowedEvents.includes('DISAGREEMENT_RESOLVED') ? 'väntar på ditt beslut' : 'väntar på din ståndpunkt';
        return h(
          'li',
          { class: 'case-card', 'data-case': view.id },
          h('h3', { class: 'case-card__title' }, h('a', { href: `/arenden/${view.id}` }, `${view.reference}: ${clientName(view.client)}`)),
          h('p', null, `Oenighet om ${open.map((disagreement) => (topicWords[disagreement.topic] ?? disagreement.topic).toLowerCase()).join(', ')}: ${what}.`),
        );
      }),
    ),
  );
}

/**
 * KC's queue (GET /api/kc/queue): referrals sent to KC with no consultant yet, with no client data.
 * A consultant takes one for herself (KC_CONSULTANT_ASSIGNED with her own id) and lands on the case;
 * the samordnare opens the case with the assignment form open.
 */
/**
 * @param {QueueEntry[]} queue
 * @param {{ session: Session, queueNotice: Notice | null, rerender: (notice: Notice) => Promise<void>, navigate: PageContext['navigate'] }} options
 */
function kcQueue(queue, { session, queueNotice, rerender, navigate }) {
  const consultant = session.user.role === 'arbetsmarknadskonsulent';

  /**
   * @param {QueueEntry} entry
   * @param {HTMLButtonElement} button
   */
  async function take(entry, button) {
    button.disabled = true;
    try {
      await api(`/api/cases/${encodeURIComponent(entry.id)}/events`, { method: 'POST', body: { type: 'KC_CONSULTANT_ASSIGNED', consultantId: session.user.id } });
    } catch (error) {
      button.disabled = false;
      if (!(error instanceof ApiError)) throw error;
      // Someone else took it first, or the samordnare assigned it: it is no longer in the queue (or not for her).
      const gone = error.status === 404 || error.code === 'NOT_ALLOWED_IN_STATE';
      await rerender({ kind: 'error', text: gone ? `Anvisning ${entry.reference} finns inte längre i kön: den har fått en konsulent.` : errorText(error) });
      return;
    }
    navigate(`/arenden/${entry.id}`, { state: { notice: { kind: 'success', text: `Du har tagit anvisning ${entry.reference} och är dess konsulent på KC.` } } });
  }

  const action = (/** @type {QueueEntry} */ entry) => {
    const reference = h('span', { class: 'visually-hidden' }, ` ${entry.reference}`);
    if (consultant) {
      const button = h('button', { type: 'button', class: 'button button--primary' }, 'Ta anvisningen', reference);
      button.addEventListener('click', () => void take(entry, button));
      return button;
    }
    // The samordnare assigns on the case page, where the form opens at once (a plain link still opens the case).
    return h(
      'a',
      {
        href: `/arenden/${entry.id}`,
        class: 'button button--primary',
        onclick: (/** @type {MouseEvent} */ event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          navigate(`/arenden/${entry.id}`, { state: { open: 'KC_CONSULTANT_ASSIGNED' } });
        },
      },
      'Tilldela konsulent',
      reference,
    );
  };

  return h(
    'section',
    { 'aria-labelledby': 'ko-rubrik', 'data-section': 'kc-queue' },
    h('h2', { id: 'ko-rubrik' }, `KC:s kö (${queue.length})`),
    h(
      'p',
      { class: 'hint' },
      consultant
        ? 'Anvisningar som skickats till KC och ännu inte har någon konsulent. Tar du en anvisning blir du dess konsulent, och bara du och samordnaren ser den. Anvisningar för klienter med skyddade personuppgifter fördelar samordnaren.'
        : 'Anvisningar som skickats till KC och ännu inte har någon konsulent. Öppna en anvisning för att tilldela en konsulent.',
    ),
    queueNotice ? h('div', { class: `notice notice--${queueNotice.kind}`, role: queueNotice.kind === 'error' ? 'alert' : 'status', tabindex: '-1', 'data-queue-notice': queueNotice.kind }, queueNotice.text) : null,
    queue.length === 0
      ? // A consultant's queue leaves out the protected clients' referrals, which the samordnare assigns.
        h('p', null, consultant ? 'Kön är tom: ingen anvisning väntar på en konsulent som du kan ta.' : 'Kön är tom: alla anvisningar på KC har en konsulent.')
      : h(
          'ul',
          { class: 'case-cards queue-cards' },
          queue.map((entry) =>
            h(
              'li',
              { class: 'case-card queue-card', 'data-case': entry.id },
              h('h3', { class: 'case-card__title' }, consultant ? entry.reference : h('a', { href: `/arenden/${entry.id}` }, entry.reference)),
              h(
                'dl',
                { class: 'queue-card__facts' },
                h('dt', null, 'Enhet'),
                h('dd', null, entry.unit),
                h('dt', null, 'Inskrivningsmöte'),
                h('dd', null, entry.inskrivningAt ? formatDateTime(entry.inskrivningAt) : 'Inte bokat'),
                h('dt', null, 'Omfattning'),
                h('dd', null, entry.scope ?? 'Inte angiven'),
              ),
              h('p', { class: 'queue-card__action' }, action(entry)),
            ),
          ),
        ),
  );
}

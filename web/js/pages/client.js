// @ts-check
/**
 * A client and the bedömningsstöd: where it stands (the machine's state in
 * Swedish), the indication with its reasons (an indication, not a decision),
 * the choice, the questionnaires, the documents, the progression and the
 * client's referrals. The steps offered are the assessment's allowedEvents
 * (computed by the machine for this user), as buttons opening forms built from
 * each event's schema; the questionnaires and documents have their own pages.
 */
import { api, ApiError, loadBedomning, loadProcess } from '../api.js';
import { assessmentErrorText, documentPath, focusNotice, formatChange, noticeElement, orNotFound, questionnairePath, refusalAtFields, sendStep } from '../bedomning.js';
import { clientRightsSection } from '../client-rights.js';
import { h, replace, tableRegion } from '../dom.js';
import { clientText, formatDate, formatDateTime } from '../format.js';
import { createForm, schemaFields } from '../form.js';

/** The steps taken on this page; saving and completing questionnaires and revising documents happen on their own pages. */
const PAGE_STEPS = ['INLEDANDE_STARTED', 'INRIKTNING_CHOSEN', 'UPPFOLJNING_STARTED', 'ARBETSPLAN_CREATED', 'UPPDRAGSBESKRIVNING_CREATED'];
const CYCLE_STEPS = new Set(['INLEDANDE_STARTED', 'INRIKTNING_CHOSEN', 'UPPFOLJNING_STARTED']);
const SOCIALTJANST = ['socialsekreterare', 'forste_socialsekreterare'];

/**
 * What the page's parts draw from.
 * @typedef {object} ClientPageState
 * @property {string} id the client's id
 * @property {ClientPage} view
 * @property {AssessmentView | null} assessment
 * @property {UiBedomning} bedomning
 * @property {UiProcess} process
 * @property {Session} session
 * @property {PageContext['navigate']} navigate
 * @property {(notice: Notice) => Promise<void>} reload
 */

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} params
 * @param {PageContext} context
 */
export async function render(main, params, context) {
  await renderClient(main, params.id, context, history.state?.notice ?? null);
}

/**
 * A registered client with neither an assessment nor a referral is not visible yet (404), but a
 * socialsekreterare may start the assessment: the page then offers the machine's first steps.
 */
/**
 * @param {string} id
 * @param {UiBedomning} bedomning
 * @returns {Promise<ClientPage>}
 */
async function clientOrFresh(id, bedomning) {
  try {
    return await api(`/api/clients/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && bedomning.allowedBeforeStart.includes('INLEDANDE_STARTED')) {
      return { fresh: true, client: null, assessment: null, referrals: [], uppdragsbeskrivningar: [] };
    }
    throw error;
  }
}

/**
 * The client record's history, or null where the API refuses it (KC: the history is the social services').
 * @param {string} id
 * @returns {Promise<ClientHistory | null>}
 */
async function clientHistoryOrNull(id) {
  try {
    return await api(`/api/clients/${encodeURIComponent(id)}/history`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return null;
    throw error;
  }
}

/**
 * @param {HTMLElement} main
 * @param {string} id
 * @param {PageContext} context
 * @param {Notice | null} notice
 * @returns {Promise<void>}
 */
async function renderClient(main, id, context, notice) {
  const loaded = await orNotFound(main, { title: 'Klienten finns inte', text: 'Klienten finns inte, eller så har du inte behörighet till den.' }, async () => {
    const [bedomning, process] = await Promise.all([loadBedomning(), loadProcess()]);
    return /** @type {[ClientPage, UiBedomning, UiProcess]} */ ([await clientOrFresh(id, bedomning), bedomning, process]);
  });
  if (!loaded) return;
  const [view, bedomning, process] = loaded;
  const assessment = view.assessment;
  /** @type {[{ comparisons: ProgressionComparison[] }, { events: HistoryEntry[] }] | [null, null]} */
  const [progression, history] = assessment
    ? await Promise.all([api(`/api/clients/${encodeURIComponent(id)}/progression`), api(`/api/clients/${encodeURIComponent(id)}/assessment/events`)])
    : [null, null];
  /** @type {ClientHistory | null} the client record's history (a fresh client: none yet to see; KC: not theirs, 403) */
  const clientHistory = view.fresh ? null : await clientHistoryOrNull(id);
  const reload = (/** @type {Notice} */ nextNotice) => renderClient(main, id, context, nextNotice);
  /** @type {ClientPageState} */
  const page = { id, view, assessment, bedomning, process, session: context.session, navigate: context.navigate, reload };
  document.title = 'Klient – Stegvis';

  const noticeNode = noticeElement(notice);
  replace(
    main,
    h('h1', null, 'Klient'),
    view.client ? h('p', { class: 'lead client-line' }, clientText(view.client)) : null,
    view.client?.masked ? h('p', { class: 'notice notice--info' }, 'Klienten har skyddade personuppgifter. Namn och personnummer visas bara för ansvarig socialsekreterare.') : null,
    noticeNode,
    overviewSection(page),
    assessment?.indication ? indicationSection(page) : null,
    actionsSection(page),
    assessment ? questionnairesSection({ ...page, assessment }) : null,
    assessment ? documentsSection({ ...page, assessment }) : uppdragsbeskrivningarSection(page),
    progression ? progressionSection(page, progression.comparisons) : null,
    referralsSection(page),
    history ? historySection(page, history.events) : null,
    clientHistory ? clientRightsSection(id, clientHistory, { roles: bedomning.texts.roles, reload }) : null,
  );
  focusNotice(noticeNode, notice);
}

/**
 * @param {string} term
 * @param {DomChild[]} description
 */
function fact(term, ...description) {
  return [h('dt', null, term), h('dd', null, description)];
}

/** @param {ClientPageState} page */
function overviewSection({ view, assessment, bedomning, session }) {
  const texts = bedomning.texts;
  let body;
  if (assessment) {
    const state = texts.states[assessment.state];
    const choice = assessment.choice;
    const facts = [
      fact('Här står bedömningen', h('strong', { 'data-assessment-state': assessment.state }, state?.label ?? assessment.state), h('span', { class: 'fact__more' }, state?.description ?? '')),
      fact('Cykel', assessment.cycle > 0 ? `${assessment.cycle}` : 'Ingen inledande del ännu', h('span', { class: 'fact__more' }, 'En cykel: inledande del, inriktning, insats och uppföljning.')),
    ];
    if (assessment.householdRole) facts.push(fact('Roll i hushållet', bedomning.events.INLEDANDE_STARTED?.fields.householdRole?.options?.[assessment.householdRole] ?? assessment.householdRole));
    if (choice) {
      facts.push(
        fact(
          'Vald inriktning',
          choice.tracks.map((track) => bedomning.events.INRIKTNING_CHOSEN?.fields.tracks?.options?.[track] ?? track).join(' och '),
          ` (vald ${formatDate(choice.chosenAt)})`,
          h('span', { class: 'fact__more' }, choice.followsIndication ? 'Följer indikationen.' : `Avviker från indikationen. Motivering: ${choice.reasonAgainstIndication ?? ''}`),
        ),
      );
    }
    if (assessment.insats) facts.push(fact('Insats', `Pågår sedan ${formatDate(assessment.insats.startedAt)}`));
    if (assessment.responsible) facts.push(fact('Ansvarig', `${assessment.responsible.displayName}, ${assessment.responsible.unit}`));
    body = h('dl', { class: 'facts' }, facts);
  } else if (view.fresh) {
    body = h('p', null, 'Klienten har inget bedömningsstöd och ingen anvisning som du kan se. Du kan starta bedömningsstödet med den inledande delen; du blir då ansvarig för det.');
  } else if (SOCIALTJANST.includes(session.user.role)) {
    body = h('p', null, 'Klienten har inget bedömningsstöd ännu. Det börjar med den inledande delen.');
  } else {
    body = h('p', null, 'Bedömningsstödet är socialtjänstens och visas inte för Kompetenscenter. Uppdragsbeskrivningar som skickats med ett uppdrag finns nedan.');
  }
  return h('section', { 'aria-labelledby': 'bedomning-rubrik' }, h('h2', { id: 'bedomning-rubrik' }, 'Bedömningsstöd'), body);
}

/** @param {ClientPageState} page */
function indicationSection({ assessment, bedomning }) {
  const indication = /** @type {NonNullable<AssessmentView['indication']>} */ (assessment?.indication);
  const trackWords = /** @type {Record<string, string>} */ (bedomning.events.INRIKTNING_CHOSEN?.fields.tracks?.options);
  const scores = indication.keyScores ?? {};
  return h(
    'section',
    { 'aria-labelledby': 'indikation-rubrik' },
    h('h2', { id: 'indikation-rubrik' }, 'Indikation på inriktning'),
    h(
      'div',
      { class: 'notice notice--info indication', 'data-indication': indication.tracks.join(' ') },
      h('p', null, h('strong', null, 'Indikation, inte beslut. '), 'Den bygger på nyckelfrågorna i den inledande delen. Du väljer inriktning tillsammans med klienten.'),
      h('p', null, 'Indikationen pekar på: ', h('strong', null, indication.tracks.map((track) => trackWords[track] ?? track).join(' och '))),
      h('h3', { class: 'subheading' }, 'Skäl'),
      h('ul', { class: 'indication__reasons' }, indication.reasons.map((reason) => h('li', { 'data-reason': reason.code }, reason.text))),
      Object.keys(scores).length > 0
        ? h(
            'p',
            { class: 'notice__detail' },
            'Nyckelfrågor: ',
            // In the order of the key questions (the stored scores' order is the database's).
            Object.keys(bedomning.texts.keyScales)
              .filter((key) => key in scores)
              .map((key) => `${bedomning.texts.keyScales[key]} ${scores[key] == null ? 'inte besvarad' : `${scores[key]} av 5`}`)
              .join(', '),
            '.',
          )
        : null,
      // The thresholds are the tool's assumption, not the sources': said wherever the indication is shown.
      h('p', { class: 'notice__detail', 'data-indication-assumption': '' }, indication.assumption.text),
    ),
  );
}

/** @param {ClientPageState} page */
function actionsSection(page) {
  const { assessment, bedomning, session } = page;
  if (!SOCIALTJANST.includes(session.user.role)) return null;
  const allowed = assessment ? assessment.allowedEvents : bedomning.allowedBeforeStart;
  const candidates = referralCandidates(page);
  const types = PAGE_STEPS.filter((type) => allowed.includes(type));
  const shown = types.filter((type) => type !== 'UPPDRAGSBESKRIVNING_CREATED' || candidates.length > 0);
  const panel = h('div', { class: 'action-panel', id: 'bedomning-panel' });
  /** @type {HTMLButtonElement[]} */
  const buttons = [];
  /**
   * @param {string} type
   * @param {HTMLButtonElement} button
   */
  const open = (type, button) => {
    for (const other of buttons) other.setAttribute('aria-expanded', String(other === button));
    void openForm(page, type, button, panel);
  };
  // A new initial part that needs a reason (an omprövning mid-cycle) is not the next step of the cycle.
  const primary = (/** @type {string} */ type) => CYCLE_STEPS.has(type) && (type !== 'INLEDANDE_STARTED' || !isRestart(assessment));
  const button = (/** @type {string} */ type) => {
    const element = h('button', { type: 'button', class: `button ${primary(type) ? 'button--primary' : 'button--secondary'}`, 'aria-expanded': 'false', 'aria-controls': 'bedomning-panel', 'data-event': type }, actionLabel(page, type));
    element.addEventListener('click', () => open(type, element));
    buttons.push(element);
    return element;
  };
  const openQuestionnaires = assessment && allowed.includes('QUESTIONNAIRE_SAVED') ? assessment.questionnaires.filter((q) => q.status === 'pagaende') : [];
  return h(
    'section',
    { 'aria-labelledby': 'bedomning-gora-rubrik', class: 'actions' },
    h('h2', { id: 'bedomning-gora-rubrik' }, 'Vad du kan göra nu'),
    openQuestionnaires.map((q) => h('p', { class: 'continue' }, h('a', { href: questionnairePath(page.id, q.id), class: 'button button--primary' }, `Fortsätt med ${q.title}`))),
    shown.length > 0 ? h('div', { class: 'button-row', role: 'group', 'aria-label': 'Steg i bedömningsstödet' }, shown.map(button)) : null,
    shown.length === 0 && openQuestionnaires.length === 0 ? h('p', null, 'Du har inget steg att ta i bedömningsstödet just nu. Det beror på din roll eller på var bedömningen står.') : null,
    types.includes('UPPDRAGSBESKRIVNING_CREATED') && candidates.length === 0 ? noUppdragsbeskrivningHint(page) : null,
    panel,
  );
}

/**
 * @param {ClientPageState} page
 * @param {string} type
 */
function actionLabel({ assessment, bedomning }, type) {
  if (type === 'INLEDANDE_STARTED' && isRestart(assessment)) return 'Starta ny inledande del (omprövning)';
  return /** @type {UiEvent} */ (bedomning.events[type]).action;
}

/**
 * A new initial part now is a restart mid-cycle: the machine says it needs a reason.
 * @param {AssessmentView | null | undefined} assessment
 */
function isRestart(assessment) {
  return Boolean(assessment?.nextSteps.find((step) => step.type === 'INLEDANDE_STARTED')?.requires.includes('reason'));
}

/**
 * The client's referrals an uppdragsbeskrivning may be made for now, as the API (the machine) answers per referral.
 * @param {ClientPageState} page
 */
function referralCandidates({ view }) {
  return (view.referrals ?? []).filter((referral) => referral.uppdragsbeskrivning?.possible);
}

/**
 * Why no referral can have an uppdragsbeskrivning now: each active referral with the machine's reasons (e.g. no decision yet).
 * @param {ClientPageState} page
 */
function noUppdragsbeskrivningHint({ view }) {
  const active = (view.referrals ?? []).filter((referral) => referral.status === 'active' && (referral.uppdragsbeskrivning?.reasons.length ?? 0) > 0);
  return h(
    'div',
    { class: 'hint', 'data-uppdrag-hint': '' },
    h('p', null, 'En uppdragsbeskrivning upprättas för en pågående anvisning när beslut om insats har fattats, innan uppdraget skickas till Kompetenscenter.'),
    active.length === 0
      ? h('p', null, 'Klienten har ingen sådan anvisning utan uppdragsbeskrivning nu.')
      : h(
          'ul',
          null,
          active.map((referral) => h('li', { 'data-referral': referral.id }, `${referral.reference ?? referral.id}: `, (referral.uppdragsbeskrivning?.reasons ?? []).map((reason) => reason.text).join(' '))),
        ),
  );
}

/**
 * @param {UiBedomning} bedomning
 * @param {QuestionnaireRef} questionnaire
 */
function sourceLabel(bedomning, questionnaire) {
  const kind = bedomning.texts.kinds[questionnaire.kind]?.label ?? questionnaire.kind;
  return `${kind}, cykel ${questionnaire.cycle}, slutförd ${formatDate(questionnaire.completedAt)}`;
}

/**
 * @param {ClientPageState} page
 * @param {string} type
 * @returns {Promise<FormField[]>}
 */
async function fieldsFor(page, type) {
  const { id, assessment, bedomning, process } = page;
  const event = /** @type {UiEvent} */ (bedomning.events[type]);
  const fields = schemaFields(event.schema, event);
  /** A field the event's schema has (the machine's vocabulary, typed in src/web/bedomning-texts.ts). */
  const field = (/** @type {string} */ name) => /** @type {FormField} */ (fields.find((candidate) => candidate.name === name));
  // What the machine says this step needs now (the assessment view's nextSteps): a field it needs, or needs in some cases.
  const step = assessment?.nextSteps.find((candidate) => candidate.type === type);
  for (const name of [...(step?.requires ?? []), ...(step?.conditional ?? [])]) {
    const needed = fields.find((candidate) => candidate.name === name);
    if (needed && !needed.required) needed.conditional = true;
  }
  switch (type) {
    case 'INLEDANDE_STARTED': {
      const role = field('householdRole');
      if (assessment?.householdRole) role.value = assessment.householdRole;
      return fields;
    }
    case 'INRIKTNING_CHOSEN': {
      const tracks = field('tracks');
      tracks.value = step?.indicatedTracks ?? assessment?.indication?.tracks ?? [];
      tracks.help = 'Indikationens inriktning är förvald.';
      return fields;
    }
    case 'ARBETSPLAN_CREATED':
    case 'UPPDRAGSBESKRIVNING_CREATED': {
      const target = type === 'ARBETSPLAN_CREATED' ? 'arbetsplan' : 'uppdragsbeskrivning';
      /** @type {{ questionnaires: QuestionnaireRef[] }} */
      const { questionnaires } = assessment ? await api(`/api/clients/${encodeURIComponent(id)}/import-sources?for=${target}`) : { questionnaires: [] };
      const none = target === 'arbetsplan' ? 'Tom arbetsplan (ingen import)' : 'Ingen import (tom uppdragsbeskrivning)';
      const importFrom = field('importFrom');
      Object.assign(importFrom, {
        kind: 'radio',
        required: true,
        options: [...questionnaires.map((q) => ({ value: q.id, label: sourceLabel(bedomning, q) })), { value: '', label: none }],
        value: questionnaires[0]?.id ?? '',
      });
      if (target === 'arbetsplan') return [importFrom];
      const candidates = referralCandidates(page);
      const caseField = field('caseId');
      Object.assign(caseField, {
        kind: 'radio',
        options: candidates.map((referral) => ({ value: referral.id, label: `${referral.reference}, ${process.texts.states[referral.state]?.label ?? referral.state}` })),
        value: candidates.length === 1 ? candidates[0]?.id : undefined,
      });
      return [caseField, importFrom];
    }
    case 'RESPONSIBLE_CHANGED': {
      // The one already responsible is no choice (the API would refuse it).
      const toUser = fields.find((candidate) => candidate.name === 'toUserId');
      if (toUser && assessment?.responsible) toUser.exclude = [assessment.responsible.id];
      return fields;
    }
    default:
      return fields;
  }
}

/**
 * @param {ClientPageState} page
 * @param {string} type
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} panel
 */
async function openForm(page, type, button, panel) {
  const { id, assessment, bedomning, reload, navigate } = page;
  const event = /** @type {UiEvent} */ (bedomning.events[type]);
  const close = () => {
    replace(panel);
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  const fields = await fieldsFor(page, type);
  const { form } = createForm({
    idPrefix: `bedomning-${type}`,
    fields,
    submitLabel: type.endsWith('_CREATED') ? event.action : 'Spara',
    intro: event.help ? h('p', { class: 'hint' }, event.help) : null,
    onCancel: close,
    refusalAtFields: refusalAtFields(fields.map((field) => field.name)),
    onSubmit: async (values) => {
      const before = new Set((assessment?.documents ?? []).map((d) => d.id));
      const after = await sendStep(id, assessment?.version ?? 0, { type, ...values });
      /** @type {Notice} */
      const notice = { kind: 'success', text: `Sparat: ${event.done}.` };
      const created = type.endsWith('_CREATED') ? after.documents.find((d) => !before.has(d.id)) : null;
      if (created) return navigate(documentPath(id, created.kind, created.id), { state: { notice } });
      const started = after.questionnaires.find((q) => q.status === 'pagaende' && !(assessment?.questionnaires ?? []).some((b) => b.id === q.id));
      if (started && type === 'INLEDANDE_STARTED') return navigate(questionnairePath(id, started.id), { state: { notice } });
      await reload(notice);
    },
    onOtherError: (error) => {
      if (!['NOT_ALLOWED_IN_STATE', 'PRECONDITION_FAILED', 'FORBIDDEN'].includes(error.code)) return false;
      void reload({ kind: 'error', text: assessmentErrorText(error), detail: error.code === 'NOT_ALLOWED_IN_STATE' ? `Stegvis svarade: ${error.message}` : null });
      return true;
    },
  });
  const headingId = `bedomning-form-${type}-rubrik`;
  const heading = h('h3', { id: headingId, tabindex: '-1' }, actionLabel(page, type));
  replace(panel, h('section', { class: 'action-form', 'aria-labelledby': headingId, 'data-event': type }, heading, form));
  heading.focus();
}

/** @param {ClientPageState & { assessment: AssessmentView }} page */
function questionnairesSection({ id, assessment, bedomning }) {
  const texts = bedomning.texts;
  const mayEdit = assessment.allowedEvents.includes('QUESTIONNAIRE_SAVED');
  const rows = [...assessment.questionnaires].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return h(
    'section',
    { 'aria-labelledby': 'formular-rubrik' },
    h('h2', { id: 'formular-rubrik' }, 'Frågeformulär'),
    rows.length === 0
      ? h('p', null, 'Inga frågeformulär ännu.')
      : [
          h('p', { class: 'hint' }, 'Senast startade först.'),
          // Named apart from its section, or the page has two landmarks of one name (axe landmark-unique).
          tableRegion(
            'Frågeformulär, tabell',
            h(
              'table',
              { class: 'table' },
              h('thead', null, h('tr', null, ['Formulär', 'Cykel', 'Startat', 'Slutfört', 'Status', 'Öppna'].map((title) => h('th', { scope: 'col' }, title)))),
              h(
                'tbody',
                null,
                rows.map((q) => {
                  const open = q.status === 'pagaende' && mayEdit;
                  return h(
                    'tr',
                    { 'data-questionnaire': q.kind },
                    h('td', null, q.title),
                    h('td', null, String(q.cycle)),
                    h('td', null, formatDate(q.startedAt)),
                    h('td', null, q.completedAt ? formatDate(q.completedAt) : '–'),
                    h('td', null, h('span', { class: `badge ${q.status === 'pagaende' ? 'badge--open' : 'badge--neutral'}` }, texts.questionnaireStatuses[q.status] ?? q.status)),
                    h('td', null, h('a', { href: questionnairePath(id, q.id) }, open ? 'Fortsätt' : 'Visa', h('span', { class: 'visually-hidden' }, ` ${q.title}, startat ${formatDate(q.startedAt)}`))),
                  );
                }),
              ),
            ),
          ),
        ],
  );
}

/** @param {ClientPageState & { assessment: AssessmentView }} page */
function documentsSection({ id, assessment, bedomning }) {
  const documents = [...assessment.documents].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return h(
    'section',
    { 'aria-labelledby': 'dokument-rubrik' },
    h('h2', { id: 'dokument-rubrik' }, 'Arbetsplan och uppdragsbeskrivningar'),
    documents.length === 0 ? h('p', null, 'Inga dokument ännu.') : documentTable(id, documents, bedomning),
  );
}

/**
 * @param {string} id
 * @param {DocumentRef[]} documents
 * @param {UiBedomning} bedomning
 */
function documentTable(id, documents, bedomning) {
  const kinds = bedomning.texts.documentKinds;
  return tableRegion(
    'Dokument',
    h(
      'table',
      { class: 'table' },
      h('thead', null, h('tr', null, ['Dokument', 'Anvisning', 'Upprättat', 'Version', 'Skickad till KC', 'Öppna'].map((title) => h('th', { scope: 'col' }, title)))),
      h(
        'tbody',
        null,
        documents.map((d) =>
          h(
            'tr',
            { 'data-document': d.kind },
            h('td', null, kinds[d.kind] ?? d.kind),
            h('td', null, d.caseReference ?? '–'),
            h('td', null, formatDate(d.createdAt)),
            h('td', null, String(d.currentVersion)),
            h('td', null, d.kind === 'uppdragsbeskrivning' ? (d.sentAt ? formatDateTime(d.sentAt) : 'Inte skickad') : '–'),
            h('td', null, h('a', { href: documentPath(id, d.kind, d.id) }, 'Öppna', h('span', { class: 'visually-hidden' }, ` ${(kinds[d.kind] ?? d.kind).toLowerCase()}${d.caseReference ? ` för ${d.caseReference}` : ''}`))),
          ),
        ),
      ),
    ),
  );
}

/**
 * KC (and anyone without the assessment) sees the uppdragsbeskrivningar that went with an uppdrag.
 * @param {ClientPageState} page
 */
function uppdragsbeskrivningarSection({ id, view, bedomning }) {
  const documents = view.uppdragsbeskrivningar ?? [];
  if (documents.length === 0) return null;
  return h('section', { 'aria-labelledby': 'uppdrag-rubrik' }, h('h2', { id: 'uppdrag-rubrik' }, 'Uppdragsbeskrivningar'), documentTable(id, documents, bedomning));
}

/**
 * @param {ClientPageState} _page
 * @param {ProgressionComparison[]} comparisons
 */
function progressionSection(_page, comparisons) {
  return h(
    'section',
    { 'aria-labelledby': 'progression-rubrik' },
    h('h2', { id: 'progression-rubrik' }, 'Progression'),
    comparisons.length === 0
      ? h('p', null, 'Ingen jämförelse ännu. Progressionen visas när den inledande delen har slutförts minst två gånger: skattningarna jämförs fråga för fråga.')
      : [...comparisons].reverse().map((comparison, index) => {
          const label = `Cykel ${comparison.from.cycle} (${formatDate(comparison.from.completedAt)}) jämförd med cykel ${comparison.to.cycle} (${formatDate(comparison.to.completedAt)})`;
          return [
            h('h3', { id: `progression-${index}` }, label),
            tableRegion(
              label,
              h(
                'table',
                { class: 'table progression' },
                h('thead', null, h('tr', null, ['Fråga', 'Före', 'Efter', 'Förändring'].map((title) => h('th', { scope: 'col' }, title)))),
                h(
                  'tbody',
                  null,
                  comparison.questions.map((q) =>
                    h(
                      'tr',
                      { 'data-question': q.questionId },
                      h('th', { scope: 'row' }, q.text, q.isKeyQuestion ? [' ', h('span', { class: 'badge badge--key' }, 'Nyckelfråga')] : null),
                      h('td', null, q.before ?? '–'),
                      h('td', null, q.after ?? '–'),
                      h('td', null, formatChange(q.change)),
                    ),
                  ),
                ),
              ),
            ),
          ];
        }),
  );
}

/** @param {ClientPageState} page */
function referralsSection({ view, process }) {
  const referrals = view.referrals ?? [];
  return h(
    'section',
    { 'aria-labelledby': 'anvisningar-rubrik' },
    h('h2', { id: 'anvisningar-rubrik' }, 'Anvisningar'),
    referrals.length === 0
      ? h('p', null, 'Inga anvisningar som du kan se.')
      : h(
          'ul',
          null,
          referrals.map((referral) => {
            const step = process.texts.states[referral.state]?.label ?? referral.state;
            const status = (process.texts.statuses[referral.status] ?? referral.status).toLowerCase();
            // An ended referral's step is its status ("Avslutad"): said once, not "Avslutad (avslutad)".
            return h('li', null, h('a', { href: `/arenden/${referral.id}` }, referral.reference ?? referral.id), step.toLowerCase() === status ? `: ${step}` : `: ${step} (${status})`);
          }),
        ),
  );
}


/**
 * The assessment's steps, newest first: what, who, in which role, when (never the answers).
 * @param {ClientPageState} page
 * @param {HistoryEntry[]} events
 */
function historySection({ bedomning }, events) {
  const texts = bedomning.texts;
  return h(
    'section',
    { 'aria-labelledby': 'bedomning-historik' },
    h('h2', { id: 'bedomning-historik' }, 'Händelser i bedömningsstödet'),
    h(
      'ol',
      { class: 'timeline', 'data-assessment-history': '' },
      [...events].reverse().map((event) =>
        h(
          'li',
          { class: 'timeline__item' },
          h('h3', { class: 'timeline__title' }, event.title ?? bedomning.events[event.type]?.done ?? texts.systemEvents[event.type] ?? event.type),
          h(
            'p',
            { class: 'timeline__meta' },
            h('span', null, event.actor.displayName),
            // The service's own steps: its name says it all.
            event.actor.role === 'system' ? null : [', ', h('span', null, texts.roles[event.actor.role] ?? event.actor.role)],
            ' · ',
            h('time', { datetime: event.occurredAt }, formatDateTime(event.occurredAt)),
          ),
          // What a move to a newer version of the routine noted, in words.
          Array.isArray(event.payload?.notes) ? h('ul', { class: 'timeline__notes' }, event.payload.notes.map((note) => h('li', null, String(note)))) : null,
        ),
      ),
    ),
  );
}

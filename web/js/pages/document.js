// @ts-check
/**
 * An arbetsplan or an uppdragsbeskrivning: the current text in fields to edit
 * ("Spara ny version" sends …_REVISED: a revision is a new version, the old ones
 * stay), the list of versions (older ones read only), the arbetsplan's standard
 * text read only, and the uppdragsbeskrivning's own assessment marked as needed
 * before the uppdrag can be sent. Read only once sent to KC, for KC itself (who
 * reads an uppdragsbeskrivning sent with an uppdrag it sees) and whenever the
 * machine offers this user no revision.
 */
import { api, loadBedomning } from '../api.js';
import { assessmentErrorText, assessmentOrNull, clientPath, DOCUMENT_API, focusNotice, noticeElement, orNotFound, questionnairePath, REVISE_EVENT, sendStep, textBlock } from '../bedomning.js';
import { h, replace } from '../dom.js';
import { clientText, formatDate, formatDateTime } from '../format.js';
import { createForm } from '../form.js';

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} params
 * @param {PageContext} context
 */
export async function render(main, params, context) {
  await renderDocument(main, params, context, history.state?.notice ?? null);
}

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} params
 * @param {PageContext} context
 * @param {Notice | null} notice
 * @returns {Promise<void>}
 */
async function renderDocument(main, params, context, notice) {
  const { id, documentId, kind } = /** @type {{ id: string, documentId: string, kind: 'arbetsplan' | 'uppdragsbeskrivning' }} */ (params);
  const kindWord = kind === 'arbetsplan' ? 'Arbetsplanen' : 'Uppdragsbeskrivningen';
  const loaded = await orNotFound(main, { title: `${kindWord} finns inte`, text: `${kindWord} finns inte, eller så har du inte behörighet till den.`, clientId: id }, () =>
    /** @type {Promise<[DocumentView, ClientPage, AssessmentView | null, UiBedomning]>} */ (
      Promise.all([
        api(`/api/clients/${encodeURIComponent(id)}/${DOCUMENT_API[kind]}/${encodeURIComponent(documentId)}`),
        api(`/api/clients/${encodeURIComponent(id)}`),
        assessmentOrNull(id),
        loadBedomning(),
      ])
    ),
  );
  if (!loaded) return;
  const [doc, client, assessment, bedomning] = loaded;
  const reload = (/** @type {Notice} */ nextNotice) => renderDocument(main, params, context, nextNotice);
  const fieldTexts = kind === 'arbetsplan' ? bedomning.texts.arbetsplanFields : bedomning.texts.uppdragFields;
  const title = bedomning.texts.documentKinds[kind] ?? kind;
  const reviseEvent = /** @type {string} */ (REVISE_EVENT[kind]);
  const editable = !doc.sentAt && Boolean(assessment?.allowedEvents.includes(reviseEvent));
  /** @type {Record<string, string | undefined>} */
  const current = doc.current ?? {};
  const source = assessment?.questionnaires.find((q) => q.id === doc.importedFromId);
  document.title = `${title}${doc.caseReference ? ` ${doc.caseReference}` : ''} – Stegvis`;

  const facts = [
    doc.caseReference ? [h('dt', null, 'Anvisning'), h('dd', null, h('a', { href: `/arenden/${doc.caseId}` }, doc.caseReference))] : null,
    [h('dt', null, 'Version'), h('dd', { 'data-current-version': String(doc.currentVersion) }, `${doc.currentVersion} (upprättad ${formatDate(doc.createdAt)})`)],
    [
      h('dt', null, 'Texterna hämtade från'),
      h('dd', null, source ? h('a', { href: questionnairePath(id, source.id) }, `${source.title}, slutförd ${formatDate(source.completedAt)}`) : doc.importedFromId ? 'Ett slutfört frågeformulär' : 'Ingen import: upprättad tom'),
    ],
    kind === 'uppdragsbeskrivning' ? [h('dt', null, 'Skickad till KC'), h('dd', null, doc.sentAt ? formatDateTime(doc.sentAt) : 'Inte skickad')] : null,
  ];

  const missingOwn = kind === 'uppdragsbeskrivning' && !doc.sentAt && !String(current.egenBedomning ?? '').trim();
  const noticeNode = noticeElement(notice);
  replace(
    main,
    h('p', { class: 'breadcrumb' }, h('a', { href: clientPath(id) }, 'Tillbaka till klientens sida')),
    h('h1', null, title, doc.caseReference ? ` för ${doc.caseReference}` : ''),
    h('p', { class: 'lead client-line' }, clientText(client.client)),
    h('dl', { class: 'facts' }, facts),
    noticeNode,
    doc.sentAt
      ? h('p', { class: 'notice notice--info', 'data-readonly': 'sent' }, `Skickad till Kompetenscenter med uppdraget ${formatDateTime(doc.sentAt)}. Den sparas som den skickades och kan inte ändras.`)
      : !editable
        ? h('p', { class: 'notice notice--info', 'data-readonly': 'true' }, 'Du kan läsa dokumentet men inte ändra det.')
        : null,
    missingOwn ? h('p', { class: 'notice notice--warning', 'data-missing': 'egenBedomning' }, 'Din egen bedömning saknas. Uppdraget kan inte skickas till Kompetenscenter förrän den är skriven.') : null,
    h(
      'section',
      { 'aria-labelledby': 'text-rubrik' },
      h('h2', { id: 'text-rubrik' }, editable ? 'Text att arbeta med' : 'Text'),
      editable ? editForm({ id, doc, assessment, bedomning, fieldTexts, kind, reviseEvent, current, reload }) : contentList(fieldTexts, current),
    ),
    kind === 'arbetsplan' && current.standardText
      ? h(
          'section',
          { 'aria-labelledby': 'standardtext-rubrik' },
          h('h2', { id: 'standardtext-rubrik' }, 'Standardtext om ekonomiskt bistånd'),
          h('p', { class: 'hint' }, 'Ingår i varje arbetsplan och ändras inte här.'),
          h('div', { class: 'prose standard-text', 'data-standard-text': 'true' }, current.standardText),
        )
      : null,
    versionsSection(doc, fieldTexts),
  );
  focusNotice(noticeNode, notice);
}

/**
 * @param {{ id: string, doc: DocumentView, assessment: AssessmentView | null, bedomning: UiBedomning, fieldTexts: Record<string, FieldText>, kind: string, reviseEvent: string, current: Record<string, string | undefined>, reload: (notice: Notice) => Promise<void> }} options
 */
function editForm({ id, doc, assessment, bedomning, fieldTexts, kind, reviseEvent, current, reload }) {
  /** @type {FormField[]} */
  const fields = Object.entries(fieldTexts).map(([name, text]) => ({
    name: `content.${name}`,
    label: text.label,
    help: text.help,
    required: kind === 'uppdragsbeskrivning' && name === 'egenBedomning',
    kind: 'textarea',
    rows: 7,
    keepEmpty: true,
    value: String(current[name] ?? ''),
  }));
  const { form } = createForm({
    idPrefix: `dokument-${kind}`,
    fields,
    submitLabel: /** @type {UiEvent} */ (bedomning.events[reviseEvent]).action,
    onSubmit: async (values) => {
      // The form is offered only when the machine offers a revision, so there is an assessment.
      await sendStep(id, /** @type {AssessmentView} */ (assessment).version, { type: reviseEvent, documentId: doc.id, content: values.content });
      await reload({ kind: 'success', text: `Sparat: ${/** @type {UiEvent} */ (bedomning.events[reviseEvent]).done} (version ${doc.currentVersion + 1}).` });
    },
    onOtherError: (error) => {
      if (!['NOT_ALLOWED_IN_STATE', 'PRECONDITION_FAILED', 'FORBIDDEN'].includes(error.code)) return false;
      void reload({ kind: 'error', text: assessmentErrorText(error), detail: error.code === 'NOT_ALLOWED_IN_STATE' ? `Stegvis svarade: ${error.message}` : null });
      return true;
    },
  });
  return form;
}

/**
 * @param {Record<string, FieldText>} fieldTexts
 * @param {Record<string, string | undefined>} content
 */
function contentList(fieldTexts, content) {
  return h(
    'dl',
    { class: 'answers' },
    Object.entries(fieldTexts).map(([name, text]) => [h('dt', { 'data-field': name }, text.label), h('dd', null, textBlock(content[name]))]),
  );
}

/**
 * ", av Anna Andersson" when the API names who saved the version.
 * @param {DocumentView['versions'][number]} version
 */
function byline(version) {
  return version.createdBy ? `, av ${version.createdBy}` : '';
}

/**
 * @param {DocumentView} doc
 * @param {Record<string, FieldText>} fieldTexts
 */
function versionsSection(doc, fieldTexts) {
  const versions = [...doc.versions].reverse();
  return h(
    'section',
    { 'aria-labelledby': 'versioner-rubrik' },
    h('h2', { id: 'versioner-rubrik' }, 'Versioner'),
    h('p', { class: 'hint' }, 'Varje sparning blir en ny version; de tidigare finns kvar och kan läsas. Senaste först.'),
    h(
      'ul',
      { class: 'versions' },
      versions.map((version) =>
        h(
          'li',
          { 'data-version': String(version.version) },
          version.version === doc.currentVersion
            ? h('p', { class: 'versions__current' }, `Version ${version.version}, sparad ${formatDateTime(version.createdAt)}${byline(version)} (nuvarande, visas ovan)`)
            : h('details', null, h('summary', null, `Version ${version.version}, sparad ${formatDateTime(version.createdAt)}${byline(version)}`), contentList(fieldTexts, version.content ?? {})),
        ),
      ),
    ),
  );
}

// @ts-check
/**
 * One case: who is responsible, the current step in Swedish, the decision
 * period, what is due next, the steps this user may take now (the case view's
 * allowedEvents, computed by the machine) as buttons opening forms generated
 * from each event's schema, the process map and the history.
 */
import { api, loadProcess } from '../api.js';
import { assumptionNote, deadlineBadge, deadlineText, deadlineWhen, urgentDeadlines } from '../case-summary.js';
import { announce, h, replace, tableRegion } from '../dom.js';
import { clientText, formatDate, formatDateTime } from '../format.js';
import { createForm, formState, schemaFields } from '../form.js';
import { errorText } from '../messages.js';
import { renderProcessMap } from '../process-map.js';
import { stepStateTag } from '../step-state.js';
import { renderTimeline } from '../timeline.js';

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} params
 * @param {PageContext} context
 */
export async function render(main, params, context) {
  const { created, notice, open, draft } = history.state ?? {};
  // A form refused before the person went to fix something comes back as it was typed (Back in the browser).
  const kept = open && draft instanceof Map ? { type: open, state: draft } : undefined;
  await renderCase(main, params.id, context, created ? { kind: 'success', text: 'Ärendet är skapat. Du är ansvarig för det.' } : (notice ?? null), open, kept);
}

/**
 * What the person typed in a step's form, kept when the page is drawn anew.
 * @typedef {{ type: string, state: import('../form.js').FormState }} KeptForm
 */

/**
 * `open`: a step whose form opens at once when it is allowed (e.g. "Tilldela konsulent" from KC's queue).
 * @param {HTMLElement} main
 * @param {string} id
 * @param {PageContext} context
 * @param {Notice | null} notice
 * @param {string} [open]
 * @param {KeptForm} [kept]
 * @returns {Promise<void>}
 */
async function renderCase(main, id, context, notice, open, kept) {
  const { session } = context;
  /** @type {[UiProcess, CaseView, { events: HistoryEntry[] }]} */
  const [process, view, historyList] = await Promise.all([loadProcess(), api(`/api/cases/${encodeURIComponent(id)}`), api(`/api/cases/${encodeURIComponent(id)}/events`)]);
  // Whether anything stands before a decision is the API's question (empty outside the förberedelse).
  /** @type {CaseGuide} */
  const guide = view.allowedEvents.length > 0 ? await api(`/api/ui/cases/${encodeURIComponent(id)}/guide`) : { decisionBlockers: [] };
  const uppdrag = await uppdragNote(view, session);
  document.title = `${view.reference} – Stegvis`;
  const reload = (/** @type {Notice} */ nextNotice, /** @type {KeptForm | undefined} */ keep) => renderCase(main, id, context, nextNotice, keep?.type, keep);

  const panel = actions(process, view, guide, session, reload, kept);
  const noticeElement = notice
    ? h('div', { class: `notice notice--${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status', tabindex: '-1', 'data-notice': notice.kind }, notice.text, notice.detail ? h('p', { class: 'notice__detail' }, notice.detail) : null)
    : null;

  replace(
    main,
    h('h1', null, `Ärende ${view.reference}`),
    expiredDecisionNotice(view, session),
    h('p', { class: 'lead client-line' }, clientText(view.client)),
    identityNotice(view, session),
    noticeElement,
    overview(process, view, session),
    uppdrag,
    panel,
    h('section', { 'aria-labelledby': 'karta-rubrik' }, h('h2', { id: 'karta-rubrik' }, 'Processkarta'), renderProcessMap(process, view.state, view.status)),
    deadlinesSection(process, view),
    h('section', { 'aria-labelledby': 'historik-rubrik' }, h('h2', { id: 'historik-rubrik' }, 'Händelser'), h('p', { class: 'hint' }, 'Senaste först.'), renderTimeline(process, historyList.events)),
  );
  if (noticeElement && notice) {
    noticeElement.focus();
    announce(notice.text);
  }
  if (open && view.allowedEvents.includes(open)) /** @type {HTMLButtonElement | null} */ (panel.querySelector(`button[data-event="${open}"]`))?.click();
}

/**
 * An insats whose decision ran out (the machine's state pagaende.beslut_utgatt): the first thing on the page,
 * since nothing else about the case holds until it is renewed or closed.
 * @param {CaseView} view
 * @param {Session} session
 */
function expiredDecisionNotice(view, session) {
  if (view.state !== 'pagaende.beslut_utgatt') return null;
  const validUntil = view.process?.decision?.validUntil;
  const who = session.user.id === view.responsible.id ? 'Fatta ett förnyat beslut eller avsluta insatsen.' : `Socialsekreteraren (${view.responsible.displayName}) fattar ett förnyat beslut eller avslutar insatsen.`;
  return h(
    'div',
    { class: 'notice notice--warning', 'data-notice': 'beslut-utgatt' },
    h('p', null, h('strong', null, 'Beslutet har gått ut.'), validUntil ? ` Sista dagen var ${formatDate(validUntil)}.` : ''),
    h('p', null, `Insatsen har inget beslut som gäller. ${who} Bokade uppföljningar under det gamla beslutet gäller inte längre.`),
  );
}

/**
 * @param {CaseView} view
 * @param {Session} session
 */
function identityNotice(view, session) {
  if (!view.client.protectedIdentity) return null;
  if (view.client.masked) {
    return h('p', { class: 'notice notice--info' }, 'Klienten har skyddade personuppgifter. Namn och personnummer visas bara för ansvarig socialsekreterare och samordnaren på KC.');
  }
  const advice = session.user.role === 'kc_samordnare' ? 'Visa inte namn eller personnummer för andra.' : 'Bokningar görs via samordnaren på KC, aldrig i GWA. Visa inte namn eller personnummer för andra.';
  return h('p', { class: 'notice notice--info' }, `Skyddade personuppgifter. ${advice}`);
}

/**
 * @param {string} term
 * @param {DomChild[]} description
 */
function fact(term, ...description) {
  return [h('dt', null, term), h('dd', null, description)];
}

/**
 * The closing's steps, each done or still to do (they come in any order; the machine says which may be taken now).
 * @param {NonNullable<CaseProcess['closing']>} closing
 */
function closingSteps(closing) {
  /** @type {[string, string | null][]} */
  const steps = [];
  if (!closing.selfSufficient) {
    const meeting = closing.meetingHeldOn ? `hölls ${formatDate(closing.meetingHeldOn)}` : closing.meetingNotHeld ? `kan inte hållas: ${closing.meetingNotHeld.reason}` : null;
    steps.push(['Trepartsmöte', meeting]);
  }
  steps.push(['Avslutsdokument', closing.closingDocumentCreatedOn ? `upprättat ${formatDate(closing.closingDocumentCreatedOn)}` : null]);
  steps.push(['Avslut i Treserva', closing.insatsClosedAt ? `klart ${formatDate(closing.insatsClosedAt)}` : null]);
  steps.push(['Avslut i GWA', closing.gwaClosedAt ? `klart ${formatDate(closing.gwaClosedAt)}` : null]);
  return h('ul', { class: 'closing-steps' }, steps.map(([step, done]) => h('li', null, `${step}: ${done ?? 'återstår'}`)));
}

/**
 * @param {UiProcess} process
 * @param {CaseView} view
 * @param {Session} session
 */
function overview(process, view, session) {
  /** @type {CaseProcess} */
  const p = view.process ?? {};
  const next = urgentDeadlines(view.deadlines)[0];
  const facts = [
    fact('Ansvarig', `${view.responsible.displayName}, ${view.responsible.unit}`),
    fact(
      'Nuvarande steg',
      h('strong', null, process.texts.states[view.state]?.label ?? view.state),
      h('span', { class: 'fact__more' }, process.texts.states[view.state]?.description ?? ''),
    ),
    fact(
      'Status',
      process.texts.statuses[view.status] ?? view.status,
      view.endReason ? ` (${process.texts.endReasons[view.endReason] ?? view.endReason})` : '',
      view.state === 'pagaende.beslut_utgatt' ? h('strong', null, ' utan beslut som gäller') : '',
    ),
    fact(
      'Beslutsperiod',
      p.decision ? `${formatDate(p.decision.validFrom)} – ${formatDate(p.decision.validUntil)}` : 'Inget beslut ännu',
      p.decision && view.state === 'pagaende.beslut_utgatt' ? ' (beslutet har gått ut)' : '',
    ),
    fact('Nästa frist', next ? [deadlineBadge(process, next), ` ${deadlineText(process, next)}`] : 'Ingen öppen frist'),
    fact('Rutin', `Version ${view.machineVersion}`),
  ];
  // A renewal is a new decision, to be communicated to the client afterwards.
  if (p.decision?.decisionDate && (p.decisionCount ?? 0) > 1) {
    facts.push(
      fact(
        'Förnyat beslut',
        `Fattat ${formatDate(p.decision.decisionDate)}`,
        h('span', { class: 'fact__more' }, p.renewal?.communicationPending ? 'Ska kommuniceras med klienten' : 'Kommunicerat med klienten'),
      ),
    );
  }
  // Samråd steg 2: what the last AF check found, and a judgement that the AF activity is not a suitable measure.
  // Once the samråd before a renewal has checked again, that check is the one that holds, not the first samråd's.
  const renewalSamrad = p.renewal?.samrad?.afActivity ? p.renewal.samrad : null;
  const samrad = renewalSamrad ?? p.samrad;
  const afLabel = renewalSamrad ? 'Aktivitet hos Arbetsförmedlingen (samråd inför förnyat beslut)' : 'Aktivitet hos Arbetsförmedlingen';
  if (samrad?.afActivity) {
    const found = process.events.AF_PLAN_CHECKED?.fields.afActivity?.options?.[samrad.afActivity] ?? samrad.afActivity;
    const note = renewalSamrad ? null : p.samrad?.afPlanNote;
    facts.push(fact(afLabel, `${found} (avstämt ${formatDate(samrad.afPlanCheckedAt)})`, note ? h('span', { class: 'fact__more' }, note) : null));
  }
  if (samrad?.afActivityUnsuitable) {
    facts.push(fact('Aktiviteten hos AF är inte lämplig', `Bedömt ${formatDate(samrad.afActivityUnsuitable.judgedAt)}`, h('span', { class: 'fact__more' }, samrad.afActivityUnsuitable.reason)));
  }
  if (p.inskrivning) facts.push(fact('Inskrivningsmöte', `${formatDateTime(p.inskrivning.at)}, ${p.inskrivning.place}${p.inskrivning.interpreter ? ', med tolk' : ''}`));
  if (p.inskrivning?.bookedVia === 'kc_samordnare') facts.push(fact('Bokning', 'Direkt med samordnaren på KC (skyddade personuppgifter)'));
  if ((p.rescheduledInskrivningCount ?? 0) > 0) facts.push(fact('Flyttade inskrivningsmöten', `${p.rescheduledInskrivningCount} (räknas inte som missade)`));
  if ((p.missedInskrivningCount ?? 0) > 0) facts.push(fact('Missade inskrivningsmöten', String(p.missedInskrivningCount)));
  // After a missed meeting: what each side has recorded of the choice between a new time and no new meeting.
  const missed = p.missedInskrivning;
  if (missed?.newTimeRequestedAt) facts.push(fact('Ny tid begärd', formatDate(missed.newTimeRequestedAt)));
  if (missed?.uppdragWithdrawn) facts.push(fact('Uppdraget återkallat', formatDate(missed.uppdragWithdrawn.at), h('span', { class: 'fact__more' }, missed.uppdragWithdrawn.reason)));
  if (missed?.cancelledInGwa) facts.push(fact('Avbokat i GWA', formatDate(missed.cancelledInGwa.at), h('span', { class: 'fact__more' }, missed.cancelledInGwa.reason)));
  if (p.protectedIdentityMarkedAt) facts.push(fact('Skyddade personuppgifter', `Markerat ${formatDate(p.protectedIdentityMarkedAt)}: anvisningen följer bilaga 1 från och med då`));
  if (p.insatsStart) facts.push(fact('Insatsen startade', formatDate(p.insatsStart)));
  // A follow-up booked under a decision that ran out no longer applies: not shown as coming.
  if (p.followUp?.bookedAt && view.state !== 'pagaende.beslut_utgatt') facts.push(fact('Bokad uppföljning', formatDateTime(p.followUp.bookedAt)));
  const avvikelser = p.avvikelser;
  if (avvikelser?.latest) {
    const kind = process.events.AVVIKELSE_REPORTED?.fields.kind?.options?.[avvikelser.latest.kind] ?? avvikelser.latest.kind;
    // KC is not told whether the socialsekreterare has taken part of them (no acknowledgedCount in its view).
    const unseen = avvikelser.acknowledgedCount === undefined ? 0 : avvikelser.count - avvikelser.acknowledgedCount;
    facts.push(fact('Avvikelser', `${avvikelser.count}, senast ${kind.toLowerCase()} ${formatDate(avvikelser.latest.on)}`, unseen > 0 ? h('span', { class: 'fact__more' }, `varav ${unseen} som socialsekreteraren inte har tagit del av`) : null));
  }
  if (p.closing) facts.push(fact('Avslut', `${process.events.CLOSING_ANNOUNCED?.fields.reason?.options?.[p.closing.reason] ?? p.closing.reason}, ${p.closing.selfSufficient ? 'självförsörjande' : 'inte självförsörjande'}`));
  if (p.closing && view.state === 'avslut') facts.push(fact('Avslutsstegen', closingSteps(p.closing)));
  // The bedömningsstöd is the socialtjänst side's (KC sees no assessment): its pages live under /klienter/:id.
  const clientLink = ['socialsekreterare', 'forste_socialsekreterare'].includes(session.user.role) ? h('p', null, h('a', { href: `/klienter/${view.client.id}` }, 'Klientens bedömningsstöd och andra anvisningar')) : null;
  return h(
    'section',
    { 'aria-labelledby': 'oversikt-rubrik' },
    h('h2', { id: 'oversikt-rubrik', class: 'visually-hidden' }, 'Översikt'),
    view.state === 'forberedelse.vilande_af_aktivitet'
      ? h(
          'p',
          { class: 'notice notice--warning', 'data-notice': 'vilande' },
          'Vilande: en aktivitet hos Arbetsförmedlingen är planerad eller pågår. Anvisningen väntar tills en ny avstämning visar att ingen aktivitet finns, tills aktiviteten bedöms inte vara en lämplig åtgärd, eller tills anvisningen återkallas.',
        )
      : null,
    p.consentDeclined && !p.consentRecordedAt
      ? h(
          'p',
          { class: 'notice notice--warning', 'data-notice': 'samtycke-avbojt' },
          `Klienten samtycker inte till KC (registrerat ${formatDate(p.consentDeclined.at)}): ${p.consentDeclined.note} Utan samtycke kan beslut inte fattas. Registrera samtycket om klienten ändrar sig, annars återkalla anvisningen.`,
        )
      : null,
    disagreementBanner(process, p.disagreements ?? []),
    h('dl', { class: 'facts' }, facts),
    clientLink,
  );
}

/**
 * The open disagreements, each with what it is about and whom it waits for (process.md §5): one about the
 * closing holds the closing back, the others do not.
 * @param {UiProcess} process
 * @param {Disagreement[]} disagreements
 */
function disagreementBanner(process, disagreements) {
  const open = disagreements.filter((disagreement) => disagreement.resolved === null);
  if (open.length === 0) return null;
  const topicWords = process.events.DISAGREEMENT_RAISED?.fields.topic?.options ?? {};
  const waitsFor = (/** @type {Disagreement} */ d) => {
    const missing = [d.positions.forste_socialsekreterare ? null : '1:e socialsekreterarens ståndpunkt', d.positions.kc_samordnare ? null : 'samordnarens ståndpunkt på KC'].filter(Boolean);
    return missing.length > 0 ? `Väntar på ${missing.join(' och ')}.` : 'Båda ståndpunkterna finns: väntar på 1:e socialsekreterarens beslut.';
  };
  // The positions recorded so far, in their own words: the 1:e socialsekreterare decides from them.
  const positionsList = (/** @type {Disagreement} */ d) => {
    const sides = /** @type {const} */ ([
      ['forste_socialsekreterare', '1:e socialsekreterarens ståndpunkt'],
      ['kc_samordnare', 'Samordnarens ståndpunkt på KC'],
    ]);
    const recorded = sides.filter(([side]) => d.positions[side]);
    if (recorded.length === 0) return '';
    return h('ul', { 'data-positions': d.id }, recorded.map(([side, label]) => h('li', null, `${label}: ${d.positions[side]?.position ?? ''}`)));
  };
  return h(
    'div',
    { class: 'notice notice--warning', 'data-notice': 'oenighet' },
    h('p', null, open.length === 1 ? 'En oenighet är öppen:' : `${open.length} oenigheter är öppna:`),
    h(
      'ul',
      null,
      open.map((d) =>
        h(
          'li',
          { 'data-disagreement': d.id },
          h('strong', null, `Nummer ${d.id}: ${topicWords[d.topic] ?? d.topic}. `),
          // Free text: ended as a sentence, so the next one does not run on from it.
          d.description ? `${d.description}${/[.!?]$/.test(d.description.trim()) ? '' : '.'} ` : '',
          positionsList(d),
          waitsFor(d),
          d.topic === 'avslut' ? ' Insatsen kan inte avslutas förrän den är löst.' : '',
          d.samverkansfraga ? ' Markerad som samverkansfråga.' : '',
        ),
      ),
    ),
  );
}

/**
 * The steps this user may take now, each with how it stands: the next steps as "Nu", a preparation step already
 * done (still offered, to correct it) as "Klar", and a step the machine or a check beside it would refuse now as
 * "Inte möjlig än" with the reason and where to fix it, instead of a button.
 * @param {UiProcess} process
 * @param {CaseView} view
 * @param {CaseGuide} guide
 * @param {Session} session
 * @param {(notice: Notice, keep?: KeptForm) => Promise<void>} reload
 * @param {KeptForm} [kept]
 */
function actions(process, view, guide, session, reload, kept) {
  const panel = h('div', { class: 'action-panel', id: 'action-panel' });
  /** @type {HTMLButtonElement[]} */
  const buttons = [];

  /**
   * @param {string} type
   * @param {HTMLButtonElement} button
   */
  function open(type, button) {
    const event = /** @type {UiEvent} */ (process.events[type]);
    for (const other of buttons) other.setAttribute('aria-expanded', String(other === button));
    const headingId = `form-${type}-rubrik`;
    const close = () => {
      replace(panel);
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    };
    const fields = schemaFields(event.schema, event);
    // The one already responsible is no choice (the API would refuse it).
    if (type === 'RESPONSIBLE_CHANGED') for (const field of fields) if (field.kind === 'colleague') field.exclude = [view.responsible.id];
    const { form } = createForm({
      idPrefix: `steg-${type}`,
      fields,
      submitLabel: 'Spara',
      intro: event.help ? h('p', { class: 'hint' }, event.help) : null,
      restore: kept?.type === type ? kept.state : null,
      onCancel: close,
      onSubmit: async (values) => {
        await api(`/api/cases/${encodeURIComponent(view.id)}/events`, { method: 'POST', body: { type, ...values }, headers: { 'If-Match': `"${view.version}"` } });
        // Saved: a draft kept from an earlier refusal has done its work.
        if (history.state?.draft) history.replaceState({ ...history.state, open: undefined, draft: undefined }, '');
        await reload({ kind: 'success', text: `Sparat: ${event.done}.` });
      },
      // A refused step never clears the form: the API's own words say what is missing, with a link to fix it where known.
      // What was typed also goes into this page's history entry, so Back from the fix brings the form back as it was.
      explainRefusal: (error) => {
        if (error.status !== 409) return null;
        history.replaceState({ ...(history.state ?? {}), open: type, draft: formState(form) }, '');
        const documentId = /** @type {{ uppdragsbeskrivningId?: unknown } | null} */ (error.details)?.uppdragsbeskrivningId;
        const fix = typeof documentId === 'string' ? h('li', null, h('a', { href: uppdragsbeskrivningHref(view, documentId) }, 'Komplettera uppdragsbeskrivningen med din egen bedömning')) : null;
        return { title: error.message || errorText(error), items: [fix, h('li', null, 'Det du har fyllt i finns kvar. Rätta det som saknas och spara igen.')].filter((item) => item !== null) };
      },
      onOtherError: (error) => {
        if (error.reason !== 'stale_version') return false;
        // Someone else changed the case: the page is drawn anew, with this form open again as it was typed.
        void reload({ kind: 'error', text: errorText(error) }, { type, state: formState(form) });
        return true;
      },
    });
    const heading = h('h3', { id: headingId, tabindex: '-1' }, event.action);
    // Escape closes the form as Avbryt does, wherever the focus is in it (the heading has it when the form opens).
    const onkeydown = (/** @type {KeyboardEvent} */ key) => {
      if (key.key === 'Escape' && !key.defaultPrevented) close();
    };
    replace(panel, h('section', { class: 'action-form', 'aria-labelledby': headingId, 'data-event': type, onkeydown }, heading, form));
    heading.focus();
  }

  const done = new Set(guide.doneSteps ?? []);
  const button = (/** @type {string} */ type, /** @type {boolean} */ withState) => {
    const event = /** @type {UiEvent} */ (process.events[type]);
    const state = done.has(type) ? 'klar' : 'nu';
    const stateId = `steg-status-${type}`;
    const element = h(
      'button',
      {
        type: 'button',
        class: `button ${event.group === 'steg' && state === 'nu' ? 'button--primary' : 'button--secondary'}`,
        'aria-expanded': 'false',
        'aria-controls': 'action-panel',
        'data-event': type,
        ...(withState ? { 'aria-describedby': stateId } : {}),
      },
      event.action,
    );
    element.addEventListener('click', () => open(type, element));
    buttons.push(element);
    if (!withState) return element;
    const tag = stepStateTag(state, stateId);
    if (state === 'klar') tag.append(h('span', { class: 'visually-hidden' }, ': kan ändras'));
    return h('span', { class: `step-item step-item--${state}`, 'data-step': type }, element, tag);
  };

  const blocked = new Map((view.notYetPossible ?? []).map((step) => [step.type, step]));
  const offered = view.allowedEvents.filter((type) => process.events[type] && !blocked.has(type));
  // Open steps first, then the done ones that may be corrected.
  const steps = offered.filter((type) => process.events[type]?.group === 'steg').sort((a, b) => Number(done.has(a)) - Number(done.has(b)));
  const others = offered.filter((type) => process.events[type]?.group !== 'steg');
  const blockers = guide.decisionBlockers ?? [];
  const renewal = guide.renewalBlockers ?? [];
  const maySend = (/** @type {string} */ type) => (process.events[type]?.roles ?? []).includes(session.user.role) && !view.allowedEvents.includes(type);

  /** @type {HTMLElement[]} */
  const notYet = [];
  const notYetItem = (/** @type {string} */ type, /** @type {DomChild[]} */ ...why) =>
    h('li', { class: 'not-yet__item', 'data-not-yet': type }, h('p', null, h('strong', null, process.events[type]?.action ?? type), stepStateTag('inte-mojlig')), why);
  // Each blocker says what is not done ("KC-kriterierna är inte bedömda"): one reads as a sentence, several as a list.
  const blockerList = () =>
    blockers.length === 1
      ? h('div', { class: 'notice notice--info', 'data-notice': 'beslut-ej-mojligt' }, h('p', { 'data-blocker': blockers[0]?.code }, `Beslut kan inte fattas ännu: ${blockers[0]?.text}.`))
      : h('div', { class: 'notice notice--info', 'data-notice': 'beslut-ej-mojligt' }, h('p', null, 'Beslut kan inte fattas ännu:'), h('ul', null, blockers.map((blocker) => h('li', { 'data-blocker': blocker.code }, blocker.text))));
  const decisionNotYet = blockers.length > 0 && maySend('DECISION_MADE');
  if (decisionNotYet) {
    notYet.push(notYetItem('DECISION_MADE', blockerList()));
  }
  if (renewal.length > 0 && maySend('DECISION_RENEWED')) {
    notYet.push(
      notYetItem(
        'DECISION_RENEWED',
        h('div', { class: 'notice notice--info', 'data-notice': 'fornyelse' }, h('p', null, 'Förnyat beslut är inte möjligt ännu, eftersom:'), h('ul', null, renewal.map((blocker) => h('li', { 'data-blocker': blocker.code }, blocker.text)))),
      ),
    );
  }
  for (const step of blocked.values()) {
    notYet.push(
      notYetItem(
        step.type,
        h(
          'ul',
          null,
          step.reasons.map((reason) =>
            h('li', { 'data-reason': reason.code }, reason.text, reason.fix ? [' ', h('a', { href: uppdragsbeskrivningHref(view, reason.fix.documentId) }, 'Komplettera uppdragsbeskrivningen')] : null),
          ),
        ),
      ),
    );
  }

  return h(
    'section',
    { 'aria-labelledby': 'gora-rubrik', class: 'actions' },
    h('h2', { id: 'gora-rubrik' }, 'Vad du kan göra nu'),
    // Shown only at phone width (styles.css), where this section moves up above the facts that name the step.
    h('p', { class: 'actions__current' }, 'Nuvarande steg: ', h('strong', null, process.texts.states[view.state]?.label ?? view.state)),
    view.allowedEvents.length === 0
      ? h('p', null, view.status === 'active' ? 'Du har inget steg att ta i ärendet just nu. Det beror på din roll eller på var ärendet står i processen.' : 'Ärendet är avslutat; inga fler steg kan tas.')
      : null,
    // The 1:e socialsekreterare does not decide, but reads what still stands before the decision.
    blockers.length > 0 && !decisionNotYet ? blockerList() : null,
    steps.length > 0 ? h('div', { class: 'button-row', role: 'group', 'aria-label': 'Nästa steg' }, steps.map((type) => button(type, true))) : null,
    notYet.length > 0 ? h('div', { class: 'not-yet', role: 'group', 'aria-label': 'Steg som inte är möjliga än' }, h('h3', { class: 'subheading' }, 'Inte möjligt än'), h('ul', { class: 'not-yet__list' }, notYet)) : null,
    others.length > 0 ? [h('h3', { class: 'subheading' }, 'Övriga åtgärder'), h('div', { class: 'button-row', role: 'group', 'aria-label': 'Övriga åtgärder' }, others.map((type) => button(type, false)))] : null,
    panel,
  );
}

/**
 * The uppdragsbeskrivning's page on the client's side (the bedömningsstöd).
 * @param {CaseView} view
 * @param {string} documentId
 */
function uppdragsbeskrivningHref(view, documentId) {
  return `/klienter/${encodeURIComponent(view.client.id)}/uppdragsbeskrivning/${encodeURIComponent(documentId)}`;
}

/**
 * The uppdragsbeskrivning that goes with the uppdrag (bedömningsstöd, /klienter/:id): a short note
 * when UPPDRAG_SENT is offered (create it, or that it goes with the uppdrag; one lacking the own assessment
 * is among the steps not yet possible), and a link for KC once it was sent. Read from GET /api/clients/:id;
 * nothing is shown if that cannot be read.
 */
/**
 * @param {CaseView} view
 * @param {Session} session
 */
async function uppdragNote(view, session) {
  const socialtjanst = ['socialsekreterare', 'forste_socialsekreterare'].includes(session.user.role);
  if (socialtjanst && !view.allowedEvents.includes('UPPDRAG_SENT')) return null;
  const clientId = view.client?.id;
  if (!clientId) return null;
  /** @type {ClientPage | null} */
  const client = await api(`/api/clients/${encodeURIComponent(clientId)}`).catch(() => null);
  const found = client?.uppdragsbeskrivningar?.find((d) => d.caseId === view.id);
  const link = (/** @type {string} */ text) => h('a', { href: found ? `/klienter/${clientId}/uppdragsbeskrivning/${found.id}` : `/klienter/${clientId}` }, text);
  if (!socialtjanst) return found ? h('p', { class: 'uppdrag-note' }, link('Uppdragsbeskrivningen från socialtjänsten')) : null;
  if (!client) return null;
  if (!found) {
    return h('p', { class: 'notice notice--info uppdrag-note' }, 'Ingen uppdragsbeskrivning ännu. Den upprättas på klientens sida och skickas med uppdraget: ', link('Upprätta uppdragsbeskrivning'), '.');
  }
  // Without the own assessment the step is listed as not yet possible, with the reason and the link (the case view's notYetPossible).
  if ((view.notYetPossible ?? []).some((step) => step.type === 'UPPDRAG_SENT')) return null;
  return h('p', { class: 'notice notice--info uppdrag-note' }, 'Uppdragsbeskrivningen skickas med uppdraget. ', link('Öppna uppdragsbeskrivningen'), '.');
}

/**
 * @param {UiProcess} process
 * @param {CaseView} view
 */
function deadlinesSection(process, view) {
  const deadlines = [...(view.deadlines ?? [])].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return h(
    'section',
    { 'aria-labelledby': 'arendefrister-rubrik' },
    h('h2', { id: 'arendefrister-rubrik' }, 'Frister i ärendet'),
    deadlines.length === 0
      ? h('p', null, 'Inga frister ännu. Frister uppstår när inskrivningsmötet är bokat och när insatsen pågår.')
      : // The scrolling table's own name differs from its section's, or the page has two landmarks of one name (axe landmark-unique).
        tableRegion(
          'Frister i ärendet, tabell',
          h(
            'table',
            { class: 'table' },
            h('thead', null, h('tr', null, ['Vad', 'När', 'Vem', 'Status'].map((title) => h('th', { scope: 'col' }, title)))),
            h(
              'tbody',
              null,
              deadlines.map((deadline) =>
                h('tr', { class: deadline.status === 'overdue' ? 'row--overdue' : null }, h('td', null, deadline.label, assumptionNote(deadline)), h('td', null, deadlineWhen(deadline)), h('td', null, process.texts.roles[deadline.responsibleRole] ?? deadline.responsibleRole), h('td', null, deadlineBadge(process, deadline))),
              ),
            ),
          ),
        ),
  );
}

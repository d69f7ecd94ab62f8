// @ts-check
/**
 * One questionnaire of the bedömningsstöd, with the questions of the version it
 * was started with: sections with headings, discussion questions as text with
 * their supporting questions as hints, scale questions as a 1–5 radio group with
 * the scale's words and a comment. "Spara utkast" sends QUESTIONNAIRE_SAVED with
 * the form's answers (merged per question by the API); "Slutför" saves, then
 * sends the step that completes this kind. Questions the API says are missing
 * are shown at their fields. Read only when the questionnaire is not open, or
 * the machine offers this user no save.
 */
import { api, ApiError, loadBedomning } from '../api.js';
import { assessmentErrorText, clientPath, focusNotice, noticeElement, orNotFound, sendStep, textBlock } from '../bedomning.js';
import { h, replace } from '../dom.js';
import { clientText, formatDate, formatDateTime } from '../format.js';
import { clearFieldErrors, markFieldError } from '../form.js';
import { issueText } from '../messages.js';

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} params
 * @param {PageContext} context
 */
export async function render(main, params, context) {
  await renderQuestionnaire(main, params, context, history.state?.notice ?? null);
}

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} params
 * @param {PageContext} context
 * @param {Notice | null} notice
 * @returns {Promise<void>}
 */
async function renderQuestionnaire(main, params, context, notice) {
  const { id, questionnaireId } = /** @type {{ id: string, questionnaireId: string }} */ (params);
  const loaded = await orNotFound(
    main,
    { title: 'Formuläret finns inte', text: 'Frågeformuläret finns inte, eller så har du inte behörighet till det. Bedömningsstödets formulär visas bara för socialtjänsten.', clientId: id },
    () =>
      /** @type {Promise<[QuestionnaireView, AssessmentView, UiBedomning]>} */ (
        Promise.all([
          api(`/api/clients/${encodeURIComponent(id)}/questionnaires/${encodeURIComponent(questionnaireId)}`),
          api(`/api/clients/${encodeURIComponent(id)}/assessment`),
          loadBedomning(),
        ])
      ),
  );
  if (!loaded) return;
  const [questionnaire, assessment, bedomning] = loaded;
  const reload = (/** @type {Notice} */ nextNotice) => renderQuestionnaire(main, params, context, nextNotice);
  const kind = bedomning.texts.kinds[questionnaire.kind];
  const editable = questionnaire.status === 'pagaende' && assessment.allowedEvents.includes('QUESTIONNAIRE_SAVED');
  const completeEvent = kind?.completeEvent;
  const mayComplete = editable && assessment.allowedEvents.includes(/** @type {string} */ (completeEvent));
  document.title = `${questionnaire.title} – Stegvis`;

  const template = questionnaire.template;
  const answers = questionnaire.answers ?? {};
  const questions = template.sections.flatMap((section) => section.questions);
  const hasSkattning = questions.some((q) => q.type === 'scale' && q.skattning);
  const noticeNode = noticeElement(notice);
  const status = bedomning.texts.questionnaireStatuses[questionnaire.status] ?? questionnaire.status;

  replace(
    main,
    h('p', { class: 'breadcrumb' }, h('a', { href: clientPath(id) }, 'Tillbaka till klientens bedömningsstöd')),
    h('h1', null, questionnaire.title),
    h('p', { class: 'lead client-line' }, clientText(assessment.client)),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Formulär'),
      h('dd', null, `${kind?.label ?? questionnaire.kind}, cykel ${questionnaire.cycle} (version ${questionnaire.templateVersion} av formuläret)`),
      h('dt', null, 'Status'),
      h('dd', { 'data-questionnaire-status': questionnaire.status }, status, questionnaire.completedAt ? `, slutfört ${formatDate(questionnaire.completedAt)}` : `, startat ${formatDate(questionnaire.startedAt)}`),
      questionnaire.updatedAt && questionnaire.updatedAt !== questionnaire.startedAt && questionnaire.status === 'pagaende' ? [h('dt', null, 'Senast sparat'), h('dd', null, formatDateTime(questionnaire.updatedAt))] : null,
    ),
    template.description ? h('p', null, template.description) : null,
    noticeNode,
    editable
      ? null
      : h(
          'p',
          { class: 'notice notice--info', 'data-readonly': 'true' },
          questionnaire.status === 'pagaende' ? 'Du kan läsa formuläret men inte ändra det.' : `Formuläret är ${status.toLowerCase()} och kan bara läsas.`,
        ),
    hasSkattning
      ? h('p', { class: 'notice notice--info' }, 'Skattningsfrågorna är markerade. Deras svar och kommentarer stannar i formuläret: de förs aldrig över till arbetsplanen eller uppdragsbeskrivningen.')
      : null,
    editable ? answerForm({ id, questionnaire, assessment, bedomning, answers, completeEvent, mayComplete, reload, navigate: context.navigate }) : readOnly(template, answers, bedomning),
  );
  focusNotice(noticeNode, notice);
}

/**
 * Hints under a question: whether it counts for the indication, whether it never leaves the form, where its answer can go.
 * @param {TemplateQuestion} question
 * @param {UiBedomning} bedomning
 */
function questionHints(question, bedomning) {
  /** @type {DomChild[]} */
  const hints = [];
  if (question.type === 'scale' && question.indicationKey) hints.push(h('span', { class: 'badge badge--key' }, 'Nyckelfråga'), ' Ger underlag till indikationen på inriktning. ');
  if (question.type === 'scale' && question.skattning) hints.push(h('span', { class: 'badge badge--skattning' }, 'Skattning'), ' Stannar i formuläret: förs aldrig över till något dokument. ');
  if (question.type === 'discussion' && question.importTo) {
    const targets = Object.entries(question.importTo).map(([documentKind, field]) => {
      const fields = documentKind === 'arbetsplan' ? bedomning.texts.arbetsplanFields : bedomning.texts.uppdragFields;
      return `${(bedomning.texts.documentKinds[documentKind] ?? documentKind).toLowerCase()}ens ${(fields[field]?.label ?? field).toLowerCase()}`;
    });
    hints.push(`Svaret kan hämtas till ${targets.join(' och ')}.`);
  }
  return hints;
}

/** @param {TemplateQuestion} question */
function requiredTag(question) {
  return question.required ? h('span', { class: 'required' }, ' (krävs för att slutföra)') : null;
}

/**
 * @param {{ id: string, questionnaire: QuestionnaireView, assessment: AssessmentView, bedomning: UiBedomning, answers: Record<string, Answer>, completeEvent: string | undefined, mayComplete: boolean, reload: (notice: Notice) => Promise<void>, navigate: PageContext['navigate'] }} options
 */
function answerForm({ id, questionnaire, assessment, bedomning, answers, completeEvent, mayComplete, reload, navigate }) {
  /** @type {Map<string, FieldControl & { label: string, read: () => Answer | undefined }>} */
  const controls = new Map();
  let version = assessment.version;
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });

  /** @param {TemplateQuestion} question */
  function discussionField(question) {
    const base = `fraga-${question.id}`;
    const hintId = `${base}-hint`;
    const errorId = `${base}-error`;
    const supporting = question.supportingQuestions ?? [];
    const hints = questionHints(question, bedomning);
    const hint =
      supporting.length > 0 || hints.length > 0
        ? h('div', { class: 'hint', id: hintId }, supporting.length > 0 ? [h('p', { class: 'hint__title' }, 'Stödfrågor:'), h('ul', { class: 'supporting' }, supporting.map((text) => h('li', null, text)))] : null, hints.length > 0 ? h('p', null, hints) : null)
        : null;
    const error = h('p', { class: 'field-error', id: errorId, hidden: true });
    const input = h('textarea', { id: base, name: question.id, rows: '5', maxlength: '8000', 'aria-describedby': [hint ? hintId : null, errorId].filter(Boolean).join(' '), ...(question.required ? { 'aria-required': 'true' } : {}) });
    input.value = answers[question.id]?.text ?? '';
    const wrapper = h('div', { class: 'field question', 'data-field': `answers.${question.id}` }, h('label', { for: base }, question.text, requiredTag(question)), hint, error, input);
    controls.set(question.id, {
      wrapper,
      error,
      inputs: [input],
      focusTarget: input,
      label: question.text,
      read: () => {
        const text = input.value;
        if (text.trim() === '' && answers[question.id]?.text === undefined) return undefined;
        return { text };
      },
    });
    return wrapper;
  }

  /** @param {TemplateQuestion} question */
  function scaleField(question) {
    const base = `fraga-${question.id}`;
    const hintId = `${base}-hint`;
    const errorId = `${base}-error`;
    const stored = answers[question.id] ?? {};
    const hints = questionHints(question, bedomning);
    const hint = hints.length > 0 ? h('p', { class: 'hint', id: hintId }, hints) : null;
    const error = h('p', { class: 'field-error', id: errorId, hidden: true });
    const radios = [1, 2, 3, 4, 5].map((value) => h('input', { type: 'radio', id: `${base}-${value}`, name: base, value: String(value), checked: stored.value === value }));
    const comment = h('textarea', { id: `${base}-kommentar`, rows: '2', maxlength: '4000' });
    comment.value = stored.comment ?? '';
    const fieldset = h(
      'fieldset',
      { class: 'choices scale', role: 'radiogroup', 'aria-describedby': [hint ? hintId : null, errorId].filter(Boolean).join(' '), ...(question.required ? { 'aria-required': 'true' } : {}) },
      h('legend', null, question.text, requiredTag(question)),
      hint,
      error,
      h(
        'div',
        { class: 'scale__options' },
        radios.map((radio, index) =>
          h('div', { class: 'scale__option' }, radio, h('label', { for: radio.id }, h('span', { class: 'scale__value' }, String(index + 1)), h('span', { class: 'scale__sep' }, ' – '), h('span', { class: 'scale__label' }, question.scaleLabels[String(index + 1)]))),
        ),
      ),
    );
    const wrapper = h(
      'div',
      { class: `field question question--scale${question.skattning ? ' question--skattning' : ''}`, 'data-field': `answers.${question.id}` },
      fieldset,
      h('div', { class: 'scale__comment' }, h('label', { for: comment.id }, 'Kommentar', h('span', { class: 'optional' }, ' (frivilligt)')), comment),
    );
    controls.set(question.id, {
      wrapper,
      error,
      inputs: [...radios, comment],
      focusTarget: radios[0],
      label: question.text,
      read: () => {
        const checked = radios.find((radio) => radio.checked);
        const value = checked ? Number(checked.value) : null;
        if (value === null && comment.value.trim() === '' && answers[question.id] === undefined) return undefined;
        return { value, comment: comment.value };
      },
    });
    return wrapper;
  }

  const sections = questionnaire.template.sections.map((section) =>
    h(
      'section',
      { class: 'questionnaire-section', 'aria-labelledby': `avsnitt-${section.id}` },
      h('h2', { id: `avsnitt-${section.id}` }, section.title, section.optional ? h('span', { class: 'optional' }, ' (valbart avsnitt)') : null),
      section.questions.map((question) => (question.type === 'scale' ? scaleField(question) : discussionField(question))),
    ),
  );

  const save = h('button', { type: 'submit', class: 'button button--secondary', 'data-action': 'save' }, 'Spara utkast');
  const complete = mayComplete ? h('button', { type: 'button', class: 'button button--primary', 'data-action': 'complete' }, 'Slutför') : null;
  const form = h(
    'form',
    { class: 'form questionnaire', novalidate: true, 'data-form': 'questionnaire' },
    summary,
    sections,
    h('div', { class: 'form__buttons' }, save, complete),
    h('p', { class: 'hint' }, 'Spara utkast sparar det som är ifyllt; du kan fortsätta senare. Slutför sparar och avslutar formuläret.'),
  );

  const clearErrors = () => clearFieldErrors(summary, controls);

  /**
   * @param {string} title
   * @param {{ path?: string, message?: string }[]} details
   */
  function showErrors(title, details) {
    const items = details.map((detail) => {
      const questionId = String(detail.path ?? '').replace(/^answers\./, '');
      const control = controls.get(questionId);
      const message = issueText(detail);
      return control ? markFieldError(control, message, `${control.label} ${message}`) : h('li', null, message);
    });
    // replace(), not replaceChildren(): a summary without items must not show the word "null".
    replace(summary, h('h2', { class: 'error-summary__title' }, title), items.length > 0 ? h('ul', null, items) : null);
    summary.hidden = false;
    summary.focus();
  }

  function formAnswers() {
    /** @type {Record<string, Answer>} */
    const result = {};
    for (const [questionId, control] of controls) {
      const answer = control.read();
      if (answer !== undefined) result[questionId] = answer;
    }
    return result;
  }

  async function saveDraft() {
    const view = await sendStep(id, version, { type: 'QUESTIONNAIRE_SAVED', questionnaireId: questionnaire.id, answers: formAnswers() });
    version = view.version;
  }

  /** @param {'save' | 'complete'} action */
  async function run(action) {
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors();
    form.setAttribute('aria-busy', 'true');
    for (const button of [save, complete]) if (button) button.disabled = true;
    try {
      await saveDraft();
      if (action === 'save') {
        await reload({ kind: 'success', text: 'Utkastet är sparat. Du kan fortsätta senare.' });
        return;
      }
      // "Slutför" is offered only when the machine offers the completing step (mayComplete).
      const step = /** @type {string} */ (completeEvent);
      await sendStep(id, version, { type: step, questionnaireId: questionnaire.id });
      navigate(clientPath(id), { state: { notice: { kind: 'success', text: `Sparat: ${/** @type {UiEvent} */ (bedomning.events[step]).done}.` } } });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'VALIDATION_FAILED') showErrors('Svaren behöver rättas', Array.isArray(error.details) ? error.details : []);
      else if (Array.isArray(error.details?.missing)) showErrors('Formuläret kan inte slutföras ännu. Utkastet är sparat; dessa frågor behöver svar:', error.details.missing);
      else if (error.code === 'PRECONDITION_FAILED' || error.code === 'NOT_ALLOWED_IN_STATE') await reload({ kind: 'error', text: assessmentErrorText(error), detail: error.code === 'PRECONDITION_FAILED' ? 'Det du skrev efter den senaste sparningen är inte sparat.' : `Stegvis svarade: ${error.message}` });
      else showErrors(assessmentErrorText(error), [{ path: '', message: `Stegvis svarade: ${error.message}` }]);
    } finally {
      form.removeAttribute('aria-busy');
      for (const button of [save, complete]) if (button) button.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run('save');
  });
  complete?.addEventListener('click', () => void run('complete'));
  return form;
}

/**
 * @param {QuestionnaireTemplate} template
 * @param {Record<string, Answer>} answers
 * @param {UiBedomning} bedomning
 */
function readOnly(template, answers, bedomning) {
  return template.sections.map((section) =>
    h(
      'section',
      { class: 'questionnaire-section', 'aria-labelledby': `avsnitt-${section.id}` },
      h('h2', { id: `avsnitt-${section.id}` }, section.title, section.optional ? h('span', { class: 'optional' }, ' (valbart avsnitt)') : null),
      h(
        'dl',
        { class: 'answers' },
        section.questions.map((question) => {
          const answer = answers[question.id] ?? {};
          const hints = questionHints(question, bedomning);
          let shown;
          if (question.type === 'scale') {
            shown = [
              h('p', null, answer.value ? `${answer.value} – ${question.scaleLabels[String(answer.value)]}` : 'Inget svar.'),
              answer.comment?.trim() ? h('p', null, h('span', { class: 'label' }, 'Kommentar: '), answer.comment) : null,
            ];
          } else {
            shown = textBlock(answer.text);
          }
          return [h('dt', { 'data-question': question.id }, question.text, hints.length > 0 ? h('span', { class: 'hint answers__hint' }, hints) : null), h('dd', null, shown)];
        }),
      ),
    ),
  );
}

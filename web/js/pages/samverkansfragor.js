// @ts-check
/**
 * Samverkansfrågor: the disagreements flagged for the forums Rutin names ("Vid oenighet mellan parterna":
 * operativ samverkansgrupp Arbvux och socialtjänst; arbetsgrupp analys, uppföljning och utveckling), for the
 * 1:e socialsekreterare (her unit) and the KC samordnare (all of KC's). Reference, topic and dates only: what
 * the disagreement is about is read on the case page, by those who see the case.
 */
import { api, loadProcess } from '../api.js';
import { h, replace, tableRegion } from '../dom.js';
import { formatDate } from '../format.js';

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} _params
 * @param {PageContext} context
 */
export async function render(main, _params, { session }) {
  document.title = 'Samverkansfrågor – Stegvis';
  /** @type {[UiProcess, { samverkansfragor: Samverkansfraga[] }]} */
  const [process, list] = await Promise.all([loadProcess(), api('/api/samverkansfragor')]);
  const topicWords = process.events.DISAGREEMENT_RAISED?.fields.topic?.options ?? {};
  const questions = list.samverkansfragor;
  replace(
    main,
    h('h1', null, 'Samverkansfrågor'),
    h(
      'p',
      { class: 'hint' },
      session.user.role === 'kc_samordnare' ? 'Oenigheter i KC:s anvisningar som markerats som samverkansfrågor' : `Oenigheter i ${session.user.unit}s anvisningar som markerats som samverkansfrågor`,
      ', att ta vidare till operativ samverkansgrupp Arbvux och socialtjänst, eller till arbetsgrupp analys, uppföljning och utveckling när ett behov inte tillgodoses av befintliga insatser. Vad oenigheten gäller står i ärendet.',
    ),
    questions.length === 0
      ? h('p', null, 'Inga samverkansfrågor just nu.')
      : tableRegion(
          'Samverkansfrågor',
          h(
            'table',
            { class: 'table', 'data-table': 'samverkansfragor' },
            h('thead', null, h('tr', null, ['Ärende', 'Enhet', 'Oenighet', 'Gäller', 'Anmäld', 'Löst'].map((title) => h('th', { scope: 'col' }, title)))),
            h(
              'tbody',
              null,
              questions.map((question) =>
                h(
                  'tr',
                  { 'data-case': question.caseId },
                  h('td', null, h('a', { href: `/arenden/${question.caseId}` }, question.reference)),
                  h('td', null, question.unit),
                  h('td', null, `Nummer ${question.disagreementId}`),
                  h('td', null, topicWords[question.topic] ?? question.topic),
                  h('td', null, formatDate(question.raisedOn)),
                  h('td', null, question.resolvedOn ? formatDate(question.resolvedOn) : 'Öppen'),
                ),
              ),
            ),
          ),
        ),
  );
}

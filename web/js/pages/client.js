/**
 * A client: the place for the bedömningsstöd's pages (questionnaires with 1–5
 * scale questions and comments, the arbetsplan and the uppdragsbeskrivning with
 * their import choices), on top of /api/clients/:id/… Today it shows the client,
 * where the assessment stands and the client's referrals; the forms come with
 * the assessment pages (same pattern as the case page: allowedEvents as buttons,
 * forms from the event schemas).
 */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { clientText } from '../format.js';

export async function render(main, params) {
  document.title = 'Klient – Stegvis';
  const view = await api(`/api/clients/${encodeURIComponent(params.id)}`);
  const referrals = Array.isArray(view.referrals) ? view.referrals : [];
  replace(
    main,
    h('h1', null, 'Klient'),
    h('p', { class: 'lead' }, clientText(view.client)),
    h(
      'section',
      { 'aria-labelledby': 'bedomning-rubrik' },
      h('h2', { id: 'bedomning-rubrik' }, 'Bedömningsstöd'),
      h('p', null, view.assessment ? 'Klienten har ett bedömningsstöd.' : 'Klienten har inget bedömningsstöd ännu.'),
      h('p', { class: 'hint' }, 'Frågeformulären, arbetsplanen och uppdragsbeskrivningen fylls i här när bedömningsstödets sidor är på plats.'),
    ),
    h(
      'section',
      { 'aria-labelledby': 'anvisningar-rubrik' },
      h('h2', { id: 'anvisningar-rubrik' }, 'Anvisningar'),
      referrals.length === 0 ? h('p', null, 'Inga anvisningar som du kan se.') : h('ul', null, referrals.map((referral) => h('li', null, h('a', { href: `/arenden/${referral.id}` }, referral.reference ?? referral.id)))),
    ),
  );
}

// @ts-check
/** Nytt ärende: a socialsekreterare creates a referral and becomes responsible for it. */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { createForm } from '../form.js';

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} _params
 * @param {PageContext} context
 */
export async function render(main, _params, { navigate }) {
  document.title = 'Nytt ärende – Stegvis';
  const { form } = createForm({
    idPrefix: 'nytt',
    fields: [
      { name: 'client.personnummer', label: 'Personnummer eller samordningsnummer', help: '12 siffror med sekel: ÅÅÅÅMMDD-XXXX.', required: true, kind: 'text', maxLength: 13 },
      { name: 'client.name', label: 'Namn', required: true, kind: 'text', maxLength: 200 },
      { name: 'client.protectedIdentity', label: 'Klienten har skyddade personuppgifter', help: 'Namn och personnummer visas då bara för dig och samordnaren på KC.', required: false, kind: 'checkbox' },
    ],
    submitLabel: 'Skapa ärende',
    summaryHeading: 'h2',
    // A second referral for the client: the message says so; the link opens the one she has (when she may see it).
    summaryItems: (error) =>
      error.reason === 'client_has_active_referral' && typeof error.details?.caseId === 'string'
        ? [h('li', null, h('a', { href: `/arenden/${error.details.caseId}` }, 'Öppna den pågående anvisningen'))]
        : [],
    onSubmit: async (values) => {
      const view = await api('/api/cases', { method: 'POST', body: { client: { personnummer: '', name: '', ...values.client } } });
      const detail = view.clientNameKept
        ? `Klienten fanns redan i Stegvis${view.client.name ? ` som ${view.client.name}` : ''}. Det sparade namnet behölls; namnet du skrev användes inte.`
        : undefined;
      navigate(`/arenden/${view.id}`, { state: detail ? { notice: { kind: 'success', text: 'Ärendet är skapat. Du är ansvarig för det.', detail } } : { created: true } });
    },
  });
  replace(main, h('h1', null, 'Nytt ärende'), h('p', { class: 'lead' }, 'Du blir ansvarig för anvisningen. En klient kan ha en pågående anvisning åt gången.'), form);
}

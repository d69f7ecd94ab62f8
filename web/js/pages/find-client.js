// @ts-check
/**
 * Bedömningsstöd: a socialsekreterare finds or registers a client by personnummer
 * (POST /api/clients; the number travels in the body, never in an address) and
 * goes on to the client's page.
 */
import { api } from '../api.js';
import { clientPath } from '../bedomning.js';
import { h, replace } from '../dom.js';
import { createForm } from '../form.js';

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} _params
 * @param {PageContext} context
 */
export async function render(main, _params, { navigate }) {
  document.title = 'Bedömningsstöd – Stegvis';
  const { form } = createForm({
    idPrefix: 'klient',
    fields: [
      { name: 'personnummer', label: 'Personnummer eller samordningsnummer', help: '12 siffror med sekel: ÅÅÅÅMMDD-XXXX.', required: true, kind: 'text', maxLength: 13 },
      { name: 'name', label: 'Namn', help: 'Behövs när klienten inte finns i Stegvis sedan tidigare.', required: true, kind: 'text', maxLength: 200 },
      { name: 'protectedIdentity', label: 'Klienten har skyddade personuppgifter', help: 'Namn och personnummer visas då bara för den ansvariga socialsekreteraren.', required: false, kind: 'checkbox' },
    ],
    submitLabel: 'Öppna klienten',
    onSubmit: async (values) => {
      const result = await api('/api/clients', { method: 'POST', body: { personnummer: '', name: '', ...values } });
      const text = result.created ? 'Klienten är registrerad.' : 'Klienten fanns redan i Stegvis.';
      const detail = result.nameKept
        ? `Det sparade namnet behölls${result.nameKept.storedName ? ` (${result.nameKept.storedName})` : ''}; namnet du skrev användes inte.`
        : undefined;
      navigate(clientPath(result.client.id), { state: { notice: { kind: 'success', text, ...(detail ? { detail } : {}) } } });
    },
    summaryHeading: 'h2',
  });
  replace(
    main,
    h('h1', null, 'Bedömningsstöd'),
    h('p', { class: 'lead' }, 'Öppna en klients bedömningsstöd: frågeformulären, arbetsplanen och uppdragsbeskrivningarna. En klient som inte finns i Stegvis registreras.'),
    h('p', { class: 'hint' }, 'Sökande och medsökande är var sin klient med var sitt bedömningsstöd.'),
    form,
  );
}

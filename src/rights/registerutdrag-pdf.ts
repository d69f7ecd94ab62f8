/**
 * The registerutdrag as a document a caseworker hands over: Swedish headings and
 * dates, the interface's words for every step, and the process words explained.
 * Made with pdfkit; the text is set in DejaVu Sans (embedded, subset), so every
 * name prints as written, not only the Latin-1 ones a standard PDF font has.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { ARBETSPLAN_FIELD_TEXTS, BEDOMNING_EVENT_TEXTS, UPPDRAG_FIELD_TEXTS } from '../web/bedomning-texts';
import { EVENT_TEXTS, OTHER_HISTORY_TEXTS } from '../web/texts';
import type { Registerutdrag } from './registerutdrag';

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const dateFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' });

/** "2 december 2026" (a calendar date "2026-12-02" is that day). */
export function swedishDate(value: string): string {
  return dateFormat.format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value));
}
/** "2 december 2026 kl. 10.15" */
function swedishDateTime(instant: string): string {
  return `${swedishDate(instant)} kl. ${timeFormat.format(new Date(instant)).replace(':', '.')}`;
}

/** The process words a reader meets in the registerutdrag (docs/process.md; Rutin, Bedömningsstöd). */
export const PROCESS_WORDS: [string, string][] = [
  ['Anvisning', 'Socialtjänstens beslut att du ska delta i en insats på Kompetenscenter (KC), enligt 12 kap. 4 § socialtjänstlagen, när du har ekonomiskt bistånd (försörjningsstöd).'],
  ['Kompetenscenter (KC)', 'Arbetsmarknads- och vuxenutbildningsförvaltningens verksamhet som genomför insatsen: arbetsmarknadskonsulenter och en samordnare.'],
  ['Uppdrag', 'Det socialtjänsten skickar till KC när beslutet är fattat: vad insatsen ska ge, tillsammans med uppdragsbeskrivningen.'],
  ['Uppdragsbeskrivning', 'Socialsekreterarens beskrivning till KC av din arbetslivserfarenhet, kompetens, hälsa och behov av insats, och socialsekreterarens egen bedömning.'],
  ['Inskrivning', 'Det första mötet på KC, med dig, socialsekreteraren och KC, där insatsen börjar.'],
  ['Genomförandeplan', 'KC:s plan för insatsen, som upprättas efter inskrivningen och följs upp.'],
  ['Uppföljning', 'Möten där insatsen följs upp; trepartsmöten är möten mellan dig, socialtjänsten och KC.'],
  ['Bedömningsstöd', 'Socialtjänstens frågeformulär för att tillsammans med dig bedöma vilken väg mot självförsörjning som passar: en inledande del, en inriktning (arbetsmarknad eller rehabilitering) och uppföljning.'],
  ['Arbetsplan', 'Planen du och socialsekreteraren gör upp: mål, hinder, förväntningar och planering.'],
  ['Tidsfrist', 'Den dag ett steg i rutinen senast ska vara gjort; Stegvis påminner den som ska göra det.'],
  ['Skyddade personuppgifter', 'Då visas namn och personnummer bara för den som måste se dem (din ansvariga socialsekreterare och samordnaren på KC).'],
  ['Åtkomstlogg', 'Stegvis loggar varje gång någon läser eller ändrar uppgifter om dig; här står vilken roll och enhet och vilken dag.'],
];

const FIELD_TABLES: Record<string, { fields?: Record<string, { label: string }>; earlierFields?: Record<string, { label: string }> } | undefined> = {
  ...OTHER_HISTORY_TEXTS,
  ...BEDOMNING_EVENT_TEXTS,
  ...EVENT_TEXTS,
};
const DOCUMENT_FIELDS: Record<string, { label: string }> = { ...ARBETSPLAN_FIELD_TEXTS, ...UPPDRAG_FIELD_TEXTS };

function fieldLabel(type: string, key: string): string {
  const table = FIELD_TABLES[type];
  return table?.fields?.[key]?.label ?? table?.earlierFields?.[key]?.label ?? key;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'boolean') return value ? 'ja' : 'nej';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? (value.length === 10 ? swedishDate(value) : swedishDateTime(value)) : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => `${key}: ${valueText(inner)}`)
    .join('; ');
}

export function renderRegisterutdragPdf(extract: Registerutdrag): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: 'sv-SE',
    displayTitle: true,
    info: { Title: `Registerutdrag från Stegvis: ${extract.client.name}`, Author: 'Göteborgs Stad, Stegvis', CreationDate: new Date(extract.madeAt) },
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const heading = (text: string, size = 14) => doc.moveDown(0.8).font('bold').fontSize(size).fillColor('#000').text(text).moveDown(0.3).font('regular').fontSize(10);
  const line = (text: string, options: { indent?: number; bold?: boolean } = {}) =>
    doc.font(options.bold ? 'bold' : 'regular').fontSize(10).text(text, { indent: options.indent ?? 0 }).font('regular');
  const pair = (label: string, value: string, indent = 0) => doc.font('bold').fontSize(10).text(`${label}: `, { continued: true, indent }).font('regular').text(value);
  const none = (text: string) => doc.font('regular').fontSize(10).fillColor('#333').text(text).fillColor('#000');
  const details = (type: string, payload: unknown) => {
    for (const [key, value] of Object.entries((payload ?? {}) as Record<string, unknown>)) line(`${fieldLabel(type, key)}: ${valueText(value)}`, { indent: 16 });
  };
  const eventList = (events: Registerutdrag['referrals'][number]['events']) => {
    if (events.length === 0) none('Inga händelser.');
    for (const event of events) {
      line(`${swedishDateTime(event.occurredAt)}: ${event.text}`, { bold: true });
      line(`Av: ${event.actorRoleText}${event.actorUnit ? `, ${event.actorUnit}` : ''}`, { indent: 16 });
      details(event.type, event.payload);
    }
  };

  doc.font('bold').fontSize(20).text('Registerutdrag från Stegvis');
  doc.font('regular').fontSize(10).moveDown(0.3);
  doc.text(
    `Utdrag enligt artikel 15 i dataskyddsförordningen (GDPR) om ${extract.client.name}, ${extract.client.personnummer}. ` +
      `Det innehåller allt som Göteborgs Stad har registrerat om dig i Stegvis, systemet för anvisningar till Kompetenscenter. ` +
      `Utdraget gjordes ${swedishDateTime(extract.madeAt)} av en ${extract.madeBy.role === 'socialsekreterare' ? 'socialsekreterare' : '1:e socialsekreterare'} på ${extract.madeBy.unit}.`,
  );

  heading('Om orden i utdraget');
  for (const [word, meaning] of PROCESS_WORDS) doc.font('bold').text(`${word}: `, { continued: true }).font('regular').text(meaning);

  heading('Personuppgifter');
  pair('Namn', extract.client.name);
  pair('Personnummer', extract.client.personnummer);
  pair('Skyddade personuppgifter', extract.client.protectedIdentity ? 'ja' : 'nej');
  pair('Registrerad i Stegvis', swedishDate(extract.client.registeredAt));

  heading('Ändringar av personuppgifterna', 12);
  for (const entry of extract.clientHistory) {
    line(`${swedishDateTime(entry.occurredAt)}: ${entry.text}`, { bold: true });
    line(`Av: ${entry.actorRoleText}${entry.actorUnit ? `, ${entry.actorUnit}` : ''}`, { indent: 16 });
    if (entry.type === 'CLIENT_NAME_CORRECTED') line(`Från "${entry.previousName ?? '–'}" till "${entry.name ?? '–'}". Skäl: ${entry.reason ?? '–'}`, { indent: 16 });
    else if (entry.name) line(`Namn: ${entry.name}${entry.protectedIdentity ? ', skyddade personuppgifter' : ''}`, { indent: 16 });
  }

  heading('Anvisningar');
  if (extract.referrals.length === 0) none('Inga anvisningar.');
  for (const referral of extract.referrals) {
    heading(`Anvisning ${referral.reference}`, 12);
    pair('Enhet', referral.unit);
    pair('Status', `${referral.statusText} (${referral.stateText})`);
    pair('Skapad', swedishDate(referral.createdAt));
    doc.moveDown(0.3).font('bold').text('Händelser').font('regular');
    eventList(referral.events);
    doc.moveDown(0.3).font('bold').text('Tidsfrister').font('regular');
    if (referral.deadlines.length === 0) none('Inga tidsfrister.');
    for (const deadline of referral.deadlines) line(`${deadline.text}: senast ${swedishDate(deadline.dueDate)} (${deadline.statusText.toLowerCase()})`);
    doc.moveDown(0.3).font('bold').text('E-post som skickats om anvisningen').font('regular');
    none('E-posten innehåller aldrig namn eller personnummer, bara anvisningens nummer.');
    if (referral.emails.length === 0) none('Ingen e-post.');
    for (const email of referral.emails) {
      const when = email.sentAt ? swedishDate(email.sentAt) : swedishDate(email.queuedAt);
      line(`${when}: ${email.text}, till ${email.recipientRoleText?.toLowerCase() ?? 'okänd roll'}${email.recipientUnit ? ` (${email.recipientUnit})` : ''}; ${email.statusText.toLowerCase()}`);
    }
  }

  heading('Bedömningsstöd');
  const assessment = extract.assessment;
  if (!assessment) none('Inget bedömningsstöd.');
  else {
    pair('Enhet', assessment.unit);
    pair('Läge', assessment.stateText);
    pair('Upplagt', swedishDate(assessment.createdAt));
    doc.moveDown(0.3).font('bold').text('Händelser').font('regular');
    eventList(assessment.events);
    for (const questionnaire of assessment.questionnaires) {
      heading(`${questionnaire.title} (omgång ${questionnaire.cycle})`, 11);
      pair('Påbörjat', swedishDate(questionnaire.startedAt));
      pair('Slutfört', questionnaire.completedAt ? swedishDate(questionnaire.completedAt) : 'nej');
      for (const section of questionnaire.sections) {
        doc.moveDown(0.2).font('bold').text(section.title).font('regular');
        for (const answer of section.answers) {
          line(answer.question);
          const given = [answer.text, answer.value != null ? `Skattning ${answer.value} av 5` : undefined, answer.comment].filter((part) => part);
          line(given.length > 0 ? given.join('. ') : 'Inget svar.', { indent: 16 });
        }
      }
    }
    for (const document of assessment.documents) {
      heading(`${document.kindText}${document.caseReference ? ` för anvisning ${document.caseReference}` : ''}`, 11);
      if (document.sentAt) pair('Skickad till KC', swedishDate(document.sentAt));
      for (const version of document.versions) {
        line(`Version ${version.version}, ${swedishDateTime(version.createdAt)}`, { bold: true });
        for (const [key, value] of Object.entries((version.content ?? {}) as Record<string, unknown>)) line(`${DOCUMENT_FIELDS[key]?.label ?? key}: ${valueText(value)}`, { indent: 16 });
      }
    }
  }

  heading('Vem som har tagit del av uppgifterna');
  none('Varje gång någon i Göteborgs Stad läser eller ändrar uppgifter om dig i Stegvis loggas det. Här står vilken dag, vilken roll och vilken enhet.');
  if (extract.accessLog.length === 0) none('Inga åtkomster loggade.');
  for (const entry of extract.accessLog) {
    line(`${swedishDate(entry.date)}: ${entry.roleText ?? 'okänd roll'}${entry.unit ? `, ${entry.unit}` : ''}, ${entry.action === 'write' ? 'ändrade' : 'läste'} (${entry.count} ${entry.count === 1 ? 'gång' : 'gånger'})`);
  }

  doc.end();
  return done;
}

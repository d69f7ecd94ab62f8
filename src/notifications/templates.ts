/**
 * The e-mails, in Swedish: the step, the date, the case reference and a link.
 * Nothing else from the case (process.md: "E-mail reminders carry no personal
 * data"). The only free text that leaves is a meeting's place, inside the
 * calendar invitation, where the attendees need it.
 */
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DEADLINE_LABELS, type DeadlineKind } from '../deadlines/deadline-policy';

export type NotificationData =
  | {
      kind: 'paminnelse' | 'forfallen' | 'eskalering';
      caseId: string;
      caseReference: string;
      deadlineKind: DeadlineKind;
      dueDate: string;
      responsibleRole: string;
    }
  | {
      kind: 'kallelse';
      caseId: string;
      caseReference: string;
      meeting: 'inskrivningsmote' | 'uppfoljningsmote' | 'trepartsmote';
      at: string;
      place: string | null;
      uid: string;
      sequence: number;
    };

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  ics?: { filename: string; content: string };
}

const MEETING_NAMES = { inskrivningsmote: 'Inskrivningsmöte', uppfoljningsmote: 'Uppföljningsmöte', trepartsmote: 'Trepartsmöte' } as const;
const ROLE_NAMES: Record<string, string> = {
  socialsekreterare: 'socialsekreterarens',
  arbetsmarknadskonsulent: 'arbetsmarknadskonsulentens',
};

const dateFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' });

/** "24 december 2026" */
export function swedishDate(date: string): string {
  return dateFormat.format(new Date(`${date}T12:00:00Z`));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function renderNotification(data: NotificationData, links: { publicBaseUrl: string }): RenderedMessage {
  const link = `${links.publicBaseUrl}/cases/${data.caseId}`;
  const reference = data.caseReference;
  let subject: string;
  let lines: string[];
  let ics: RenderedMessage['ics'];

  if (data.kind === 'kallelse') {
    const name = MEETING_NAMES[data.meeting];
    const start = new Date(data.at);
    const when = `${dateFormat.format(start)} kl. ${timeFormat.format(start)}`;
    subject = `${name} ${when} – ärende ${reference}`;
    lines = [`${name} är bokat ${when} i ärende ${reference}.`, 'Kalenderinbjudan med tid och plats finns bifogad.'];
    const calendar = ical({ name: 'Stegvis', method: ICalCalendarMethod.REQUEST, prodId: { company: 'Göteborgs Stad', product: 'Stegvis' } });
    calendar.createEvent({
      id: data.uid,
      sequence: data.sequence,
      start,
      end: new Date(start.getTime() + 60 * 60_000),
      summary: `${name} – ärende ${reference}`,
      description: `Ärende ${reference}: ${link}`,
      location: data.place ?? undefined,
      url: link,
    });
    ics = { filename: 'kallelse.ics', content: calendar.toString() };
  } else {
    const step = DEADLINE_LABELS[data.deadlineKind];
    const due = swedishDate(data.dueDate);
    if (data.kind === 'paminnelse') {
      subject = `Påminnelse: ${step} senast ${due} – ärende ${reference}`;
      lines = [`Påminnelse: ${step.toLowerCase()} senast ${due} i ärende ${reference}.`];
    } else if (data.kind === 'forfallen') {
      subject = `Att göra: ${step} senast ${due} – ärende ${reference}`;
      lines = [`${step} senast ${due} i ärende ${reference}. Datumet är nu nått.`];
    } else {
      const owner = ROLE_NAMES[data.responsibleRole] ?? data.responsibleRole;
      subject = `Eskalering: ${step} försenad sedan ${due} – ärende ${reference}`;
      lines = [`Steget "${step}" (${owner} ansvar) skulle vara klart senast ${due} i ärende ${reference} och är fortfarande inte gjort.`, 'Det lyfts till dig enligt rutinen vid försenade steg.'];
    }
  }

  const text = [...lines, '', `Öppna ärendet i Stegvis: ${link}`, '', 'Meddelandet är skickat automatiskt av Stegvis. Personuppgifter finns bara i Stegvis.'].join('\n');
  const html = [
    '<!doctype html><html lang="sv"><body>',
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(link)}">Öppna ärendet i Stegvis</a></p>`,
    '<p style="color:#555">Meddelandet är skickat automatiskt av Stegvis. Personuppgifter finns bara i Stegvis.</p>',
    '</body></html>',
  ].join('\n');
  return { subject, text, html, ics };
}

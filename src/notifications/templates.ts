/**
 * The e-mails, in Swedish: the step, the date, the case reference and a link.
 * Nothing else from the case (process.md: "E-mail reminders carry no personal
 * data"): every text below is built from the listed fields only, never by
 * spreading `data`. The only free text that leaves is a meeting's place, inside
 * the calendar invitation, where the attendees need it.
 */
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DEADLINE_LABELS, type DeadlineKind } from '../deadlines/deadline-policy';
import type { Enforcement } from '../../machines/shared/traceability';

export type { DeadlineKind };

export type NotificationData =
  | {
      kind: 'paminnelse' | 'forfallen' | 'eskalering';
      caseId: string;
      caseReference: string;
      deadlineKind: DeadlineKind;
      /** YYYY-MM-DD */
      dueDate: string;
      responsibleRole: string;
      /** ISO instant of a booked meeting (an inskrivningsmöte's deadline): the reminder names its time, not a last day. */
      meetingAt?: string;
    }
  | {
      kind: 'kallelse';
      caseId: string;
      caseReference: string;
      meeting: 'inskrivningsmote' | 'uppfoljningsmote' | 'trepartsmote';
      /** ISO instant */
      at: string;
      place: string | null;
      /** Same uid, higher sequence: a rebooking updates the calendar entry instead of adding one. */
      uid: string;
      sequence: number;
    }
  /** KC reported an avvikelse (process.md §4): to the responsible socialsekreterare, at once. */
  | { kind: 'avvikelse'; caseId: string; caseReference: string }
  /** The decision ran out with no renewal and no closing (process.md §4): to the responsible socialsekreterare, once. validUntil: YYYY-MM-DD, its last day. */
  | { kind: 'beslut_utgatt'; caseId: string; caseReference: string; validUntil: string | null }
  /** A disagreement was raised (process.md §5): to both managers, at once. The topic is a code, never the description. */
  | { kind: 'oenighet'; caseId: string; caseReference: string; topic: 'avslut' | 'insats' | 'annat' };

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  ics?: { filename: string; content: string };
}

const MEETING_NAMES = { inskrivningsmote: 'Inskrivningsmöte', uppfoljningsmote: 'Uppföljningsmöte', trepartsmote: 'Trepartsmöte' } as const;
const ROLE_NAMES: Readonly<Record<string, string>> = {
  socialsekreterare: 'socialsekreteraren',
  arbetsmarknadskonsulent: 'arbetsmarknadskonsulenten',
  forste_socialsekreterare: '1:e socialsekreteraren',
  kc_samordnare: 'KC-samordnaren',
};
const MEETING_MINUTES = 60;
const TOPIC_WORDS = { avslut: 'avslut av insatsen', insats: 'insatsen', annat: 'en annan fråga' } as const;

const dateFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' });

/** "24 december 2026" for "2026-12-24" (noon UTC is the same calendar day in Stockholm all year). */
export function swedishDate(date: string, plusDays = 0): string {
  return dateFormat.format(new Date(Date.parse(`${date}T12:00:00Z`) + plusDays * 86_400_000));
}

/** "8 december 2026 kl. 10.00" in Stockholm time. */
function meetingTime(at: string): string {
  const start = new Date(at);
  return `${dateFormat.format(start)} kl. ${timeFormat.format(start)}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function renderNotification(data: NotificationData, links: { publicBaseUrl: string }): RenderedMessage {
  // The case page of the web interface (web/js/app.js draws /arenden/:id; /cases/:id is no page).
  const link = `${links.publicBaseUrl}/arenden/${encodeURIComponent(data.caseId)}`;
  const reference = data.caseReference;
  let subject: string;
  let lines: string[];
  let ics: RenderedMessage['ics'];

  if (data.kind === 'avvikelse') {
    subject = `Avvikelse rapporterad – ärende ${reference}`;
    lines = [`Kompetenscenter har rapporterat en avvikelse i ärende ${reference}.`, 'Du ser den under Att göra tills du har tagit del av den.'];
  } else if (data.kind === 'beslut_utgatt') {
    subject = `Beslutet har gått ut – ärende ${reference}`;
    lines = [
      `Beslutet om insats i ärende ${reference} har gått ut${data.validUntil ? ` (sista dag ${swedishDate(data.validUntil)})` : ''} utan att förnyas.`,
      'Insatsen saknar nu ett beslut som gäller. Fatta ett förnyat beslut eller avsluta insatsen i Stegvis.',
    ];
  } else if (data.kind === 'oenighet') {
    subject = `Oenighet lyft till dig – ärende ${reference}`;
    lines = [
      `En oenighet om ${TOPIC_WORDS[data.topic]} har lyfts till 1:e socialsekreterare och samordnare på KC i ärende ${reference}.`,
      'Registrera er sidas ståndpunkt i Stegvis.',
    ];
  } else if (data.kind === 'kallelse') {
    const name = MEETING_NAMES[data.meeting];
    const start = new Date(data.at);
    const when = meetingTime(data.at);
    subject = `${name} ${when} – ärende ${reference}`;
    lines = [`${name} är bokat ${when} i ärende ${reference}.`, 'Kalenderinbjudan med tid och plats finns bifogad.'];
    // Dates as Date objects: ical-generator writes them in UTC (…Z), so no timezone library or VTIMEZONE is needed.
    const calendar = ical({ method: ICalCalendarMethod.REQUEST, prodId: { company: 'Göteborgs Stad', product: 'Stegvis' } });
    calendar.createEvent({
      id: data.uid,
      sequence: data.sequence,
      start,
      end: new Date(start.getTime() + MEETING_MINUTES * 60_000),
      summary: `${name} – ärende ${reference}`,
      description: `Ärende ${reference}: ${link}`,
      location: data.place ?? undefined,
      url: link,
    });
    ics = { filename: 'kallelse.ics', content: calendar.toString() };
  } else {
    const step = DEADLINE_LABELS[data.deadlineKind];
    const due = swedishDate(data.dueDate);
    if (data.kind === 'paminnelse' && data.meetingAt) {
      const when = meetingTime(data.meetingAt);
      subject = `Påminnelse: ${step} ${when} – ärende ${reference}`;
      lines = [`Påminnelse: ${step.toLowerCase()} ${when} i ärende ${reference}.`];
    } else if (data.kind === 'paminnelse') {
      subject = `Påminnelse: ${step} senast ${due} – ärende ${reference}`;
      lines = [`Påminnelse: ${step.toLowerCase()} senast ${due} i ärende ${reference}.`];
    } else if (data.kind === 'forfallen') {
      subject = `Att göra: ${step} senast ${due} – ärende ${reference}`;
      lines = [`${step} senast ${due} i ärende ${reference}.`, 'Sista dagen är nådd och steget är inte gjort.'];
    } else {
      const owner = ROLE_NAMES[data.responsibleRole] ?? `rollen ${data.responsibleRole}`;
      subject = `Eskalering: försenat steg – ${step} senast ${due} – ärende ${reference}`;
      lines = [
        `Steget "${step}" skulle vara gjort senast ${due} i ärende ${reference} och är försenat sedan ${swedishDate(data.dueDate, 1)}.`,
        // No routine asks for an escalation: it is Stegvis's own safety net, and says so (process.md "Deadlines and reminders").
        `Det är ${owner} som ansvarar för steget. Stegvis lyfter försenade steg till dig som ett skyddsnät. Det är inte ett krav i rutinen, och hur länge Stegvis väntar är en inställning.`,
      ];
    }
  }

  const footer = 'Meddelandet är skickat automatiskt av Stegvis. Personuppgifter finns bara i Stegvis.';
  const text = [...lines, '', `Öppna ärendet i Stegvis: ${link}`, '', footer].join('\n');
  const html = [
    '<!doctype html>',
    '<html lang="sv">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body>',
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(link)}">Öppna ärendet i Stegvis</a></p>`,
    `<p style="color:#555">${escapeHtml(footer)}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
  return { subject, text, html, ics };
}

/** The process rules of what an e-mail may carry (docs/process.md "Deadlines and reminders"; docs/traceability.md). */
export const ENFORCES: Enforcement[] = [{ rule: 'deadlines.email-without-personal-data', by: 'renderNotification' }];

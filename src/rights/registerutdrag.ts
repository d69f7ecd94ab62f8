/**
 * The registerutdrag (GDPR art. 15): everything Stegvis holds on one person, for the
 * caseworker to hand over. The client record and its history; every referral with its
 * whole history (payloads included), deadlines and the e-mails sent about it (when, to
 * which role, what kind: e-mails never hold personal data); the bedömningsstöd with its
 * history, questionnaires and answers, arbetsplaner and uppdragsbeskrivningar with every
 * version; and who has read the person's data (role, unit and day, from the access log).
 * Everything is read whatever the caller could otherwise see: it is the person's own data.
 */
import { stockholmDate } from '../../machines/shared/dates';
import type { QuestionnaireCatalog } from '../assessments/questionnaire-catalog';
import type { AuthUser } from '../auth/types';
import { caseReference } from '../cases/case-view';
import type { Clock } from '../clock';
import { readClientEvents } from '../clients/client-history';
import { formatPersonnummer } from '../clients/personnummer';
import type { PrismaClient } from '../db/database';
import { DEADLINE_LABELS, type DeadlineKind } from '../deadlines/deadline-policy';
import { BEDOMNING_EVENT_TEXTS, BEDOMNING_STATE_TEXTS, DOCUMENT_KIND_TEXTS, SYSTEM_EVENT_TEXTS } from '../web/bedomning-texts';
import { DEADLINE_STATUS_TEXTS, EVENT_TEXTS, OTHER_HISTORY_TEXTS, ROLE_TEXTS, STATE_TEXTS, STATUS_TEXTS } from '../web/texts';
import { assertMayExerciseRights, clientHistoryEntries } from './client-rights';

/** What each kind of e-mail is, in the interface's words. */
export const NOTIFICATION_KIND_TEXTS: Record<string, string> = {
  paminnelse: 'Påminnelse om ett steg',
  forfallen: 'Påminnelse: steget ska göras i dag',
  eskalering: 'Försenat steg (till 1:e socialsekreteraren eller samordnaren)',
  kallelse: 'Kallelse till möte',
};

const NOTIFICATION_STATUS_TEXTS: Record<string, string> = {
  pending: 'Inte skickad än',
  sending: 'Skickas',
  sent: 'Skickad',
  failed: 'Kunde inte skickas',
  cancelled: 'Inte längre aktuell',
};

function lookup(table: Record<string, { done: string } | string | undefined>, type: string): string | undefined {
  const entry = table[type];
  return typeof entry === 'string' ? entry : entry?.done;
}
const referralEventText = (type: string) => lookup(EVENT_TEXTS, type) ?? lookup(OTHER_HISTORY_TEXTS, type) ?? type;
const assessmentEventText = (type: string) => lookup(BEDOMNING_EVENT_TEXTS, type) ?? lookup(SYSTEM_EVENT_TEXTS, type) ?? type;

function eventEntry(event: { seq: number; type: string; payload: unknown; actorRole: string; actorUnit: string | null; occurredAt: Date }, text: string) {
  return {
    seq: event.seq,
    type: event.type,
    text,
    occurredAt: event.occurredAt.toISOString(),
    actorRole: event.actorRole,
    actorRoleText: ROLE_TEXTS[event.actorRole as keyof typeof ROLE_TEXTS] ?? event.actorRole,
    actorUnit: event.actorUnit,
    payload: event.payload,
  };
}

type AccessEntry = { date: string; role: keyof typeof ROLE_TEXTS | null; unit: string | null; action: string };

function accessLogByDay(entries: AccessEntry[]) {
  const days = new Map<string, AccessEntry & { count: number }>();
  for (const entry of entries) {
    const key = JSON.stringify([entry.date, entry.role, entry.unit, entry.action]);
    const day = days.get(key) ?? { ...entry, count: 0 };
    day.count += 1;
    days.set(key, day);
  }
  return [...days.values()].map((day) => ({ ...day, roleText: day.role ? ROLE_TEXTS[day.role] : null }));
}

export function createRegisterutdrag(deps: { prisma: PrismaClient; clock: Clock; catalog: QuestionnaireCatalog }) {
  const { prisma, clock, catalog } = deps;

  return async function makeRegisterutdrag(user: AuthUser, clientId: string) {
    const { client } = await assertMayExerciseRights(prisma, user, clientId);
    const [clientEvents, cases, assessment] = await Promise.all([
      readClientEvents(prisma, clientId),
      prisma.case.findMany({
        where: { clientId },
        orderBy: { number: 'asc' },
        include: {
          events: { orderBy: { seq: 'asc' } },
          deadlines: { orderBy: [{ dueDate: 'asc' }, { id: 'asc' }] },
          notifications: { orderBy: { id: 'asc' } },
        },
      }),
      prisma.assessment.findUnique({
        where: { clientId },
        include: {
          events: { orderBy: { seq: 'asc' } },
          questionnaires: { orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] },
          documents: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { versions: { orderBy: { version: 'asc' } }, case: { select: { number: true } } } },
        },
      }),
    ]);
    const caseIds = cases.map((kase) => kase.id);
    const recipientIds = [...new Set(cases.flatMap((kase) => kase.notifications.map((n) => n.recipientUserId)))];
    const [recipients, accessRows] = await Promise.all([
      prisma.user.findMany({ where: { id: { in: recipientIds } }, select: { id: true, role: true, unit: true } }),
      // Reads and writes of the person's data: the client's own entries and those of its referrals. A refused attempt
      // (403, 404, 400, …) read or changed nothing, so it is not told as if it had (it stays in the loggkontroll).
      prisma.accessLog.findMany({
        where: { OR: [{ clientIds: { has: clientId } }, ...(caseIds.length > 0 ? [{ caseIds: { hasSome: caseIds } }] : [])], userId: { not: null }, status: { lt: 400 } },
        orderBy: { id: 'asc' },
        select: { at: true, userId: true, role: true, action: true },
      }),
    ]);
    const recipientOf = new Map(recipients.map((recipient) => [recipient.id, recipient]));
    const readers = new Map(
      (await prisma.user.findMany({ where: { id: { in: [...new Set(accessRows.map((row) => row.userId!))] } }, select: { id: true, unit: true } })).map((reader) => [reader.id, reader.unit]),
    );

    return {
      madeAt: clock.now().toISOString(),
      madeBy: { role: user.role, unit: user.unit },
      client: {
        id: client.id,
        name: client.name,
        personnummer: formatPersonnummer(client.personnummer),
        protectedIdentity: client.protectedIdentity,
        registeredAt: client.createdAt.toISOString(),
      },
      // By role and unit, like every other entry here: which part of the authority, not which colleague.
      clientHistory: (await clientHistoryEntries(prisma, clientEvents, true)).map(({ actor, ...entry }) => ({
        ...entry,
        actorRole: actor.role,
        actorRoleText: ROLE_TEXTS[actor.role as keyof typeof ROLE_TEXTS] ?? actor.role,
        actorUnit: actor.unit,
      })),
      referrals: cases.map((kase) => ({
        id: kase.id,
        reference: caseReference(kase.number),
        unit: kase.unit,
        status: kase.status,
        statusText: STATUS_TEXTS[kase.status],
        state: kase.state,
        stateText: STATE_TEXTS[kase.state]?.label ?? kase.state,
        createdAt: kase.createdAt.toISOString(),
        events: kase.events.map((event) => eventEntry(event, referralEventText(event.type))),
        deadlines: kase.deadlines.map((deadline) => ({
          kind: deadline.kind,
          text: DEADLINE_LABELS[deadline.kind as DeadlineKind] ?? deadline.kind,
          dueDate: deadline.dueDate.toISOString().slice(0, 10),
          status: deadline.status,
          statusText: DEADLINE_STATUS_TEXTS[deadline.status],
          responsibleRole: deadline.responsibleRole,
          closedAt: deadline.closedAt?.toISOString() ?? null,
        })),
        emails: kase.notifications.map((notification) => {
          const role = recipientOf.get(notification.recipientUserId)?.role ?? null;
          return {
            kind: notification.kind,
            text: NOTIFICATION_KIND_TEXTS[notification.kind] ?? notification.kind,
            recipientRole: role,
            recipientRoleText: role ? ROLE_TEXTS[role] : null,
            recipientUnit: recipientOf.get(notification.recipientUserId)?.unit ?? null,
            status: notification.status,
            statusText: NOTIFICATION_STATUS_TEXTS[notification.status] ?? notification.status,
            queuedAt: notification.createdAt.toISOString(),
            sentAt: notification.sentAt?.toISOString() ?? null,
          };
        }),
      })),
      assessment: assessment
        ? {
            id: assessment.id,
            unit: assessment.unit,
            state: assessment.state,
            stateText: BEDOMNING_STATE_TEXTS[assessment.state]?.label ?? assessment.state,
            createdAt: assessment.createdAt.toISOString(),
            events: assessment.events.map((event) => eventEntry(event, assessmentEventText(event.type))),
            questionnaires: assessment.questionnaires.map((row) => {
              const template = catalog.get(row.templateKey, row.templateVersion);
              const answers = row.answers as Record<string, { text?: string; value?: number | null; comment?: string }>;
              return {
                id: row.id,
                kind: row.kind,
                title: template.title,
                cycle: row.cycle,
                status: row.status,
                startedAt: row.startedAt.toISOString(),
                completedAt: row.completedAt?.toISOString() ?? null,
                // Every question with its answer, in the questionnaire's order (unanswered ones too: what was asked is part of the record).
                sections: template.sections.map((section) => ({
                  title: section.title,
                  answers: section.questions.map((question) => ({ questionId: question.id, question: question.text, ...(answers[question.id] ?? {}) })),
                })),
              };
            }),
            documents: assessment.documents.map((document) => ({
              id: document.id,
              kind: document.kind,
              kindText: DOCUMENT_KIND_TEXTS[document.kind as keyof typeof DOCUMENT_KIND_TEXTS] ?? document.kind,
              caseReference: document.case ? caseReference(document.case.number) : null,
              sentAt: document.sentAt?.toISOString() ?? null,
              versions: document.versions.map((version) => ({ version: version.version, createdAt: version.createdAt.toISOString(), content: version.content })),
            })),
          }
        : null,
      // Who has read or written the person's data: role, unit and day, counted (the person is told which parts of the authority, not which colleague).
      accessLog: accessLogByDay(accessRows.map((row) => ({ date: stockholmDate(row.at.toISOString()), role: row.role, unit: readers.get(row.userId!) ?? null, action: row.action }))),
    };
  };
}
export type Registerutdrag = Awaited<ReturnType<ReturnType<typeof createRegisterutdrag>>>;

/**
 * What a user gets to see of a client's bedömningsstöd: the machine's state,
 * the steps this user may take now, the indication with its reasons, and
 * references to questionnaires and documents. Answers are shown only inside
 * their questionnaire; the history names what was saved, never the answers.
 */
import { bedomningStateOf, INDICATION_THRESHOLDS, nextBedomningSteps, type Answer } from '../../machines/bedomning';
import type { MigrationNote } from '../../machines/shared/versions';
import { MACHINE_UPGRADED } from '../aggregates/creation-events';
import { indicationAssumptionText, indicationReasonText, machineUpgradedText, migrationNoteText, withText } from '../texts/process-messages';
import type { AuthUser } from '../auth/types';
import { caseReference, clientFor } from '../cases/case-view';
import type { Prisma, PrismaClient } from '../db/database';
import type { Unparsed } from '../db/row-types';
import type { QuestionnaireCatalog, QuestionnaireTemplate } from './questionnaire-catalog';
import { restoreAssessment } from './assessment-snapshot';

/** A document with the reference of its referral. */
export const documentInclude = { case: { select: { number: true } } } satisfies Prisma.AssessmentDocumentInclude;

/** What an assessment view reads besides the row: the responsible person, questionnaires and documents. */
export const assessmentInclude = {
  responsibleUser: { select: { id: true, displayName: true, unit: true } },
  questionnaires: { orderBy: [{ startedAt: 'desc' }, { id: 'asc' }] },
  documents: { orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], include: documentInclude },
} satisfies Prisma.AssessmentInclude;

/** The same, with the client: everything buildAssessmentView reads. */
export const assessmentViewInclude = { ...assessmentInclude, client: true } satisfies Prisma.AssessmentInclude;

type ClientRow = Prisma.ClientGetPayload<object>;
type QuestionnaireRow = Prisma.QuestionnaireGetPayload<object>;
type DocumentRow = Prisma.AssessmentDocumentGetPayload<{ include: typeof documentInclude }>;
/** The snapshot stays `unknown` until the machine restores it (restoreBedomning parses it). */
export type AssessmentRow = Unparsed<Prisma.AssessmentGetPayload<{ include: typeof assessmentViewInclude }>, 'snapshot'>;

/** Name and personnummer as in a case: a protected client's only for the responsible socialsekreterare (the samordnare never reads assessments). */
export function clientView(user: AuthUser, client: ClientRow, responsibleUserId: string) {
  return clientFor(user, { responsibleUserId, client });
}

export function questionnaireView(row: QuestionnaireRow, template: QuestionnaireTemplate, options: { withAnswers: boolean }) {
  return {
    id: row.id,
    kind: row.kind,
    title: template.title,
    templateVersion: row.templateVersion,
    cycle: row.cycle,
    householdRole: row.householdRole,
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    ...(options.withAnswers ? { template, answers: row.answers as Record<string, Answer> } : {}),
  };
}

export function documentView(row: DocumentRow) {
  return {
    id: row.id,
    kind: row.kind,
    caseId: row.caseId,
    caseReference: row.case ? caseReference(row.case.number) : null,
    importedFromId: row.importedFromId,
    currentVersion: row.currentVersion,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function buildAssessmentView(user: AuthUser, row: AssessmentRow, catalog: QuestionnaireCatalog, now: Date) {
  const snapshot = restoreAssessment(row);
  const { context } = snapshot;
  const nextSteps = nextBedomningSteps(snapshot, user.role, now.toISOString(), { id: user.id, unit: user.unit });
  return {
    id: row.id,
    clientId: row.clientId,
    client: clientView(user, row.client, row.responsibleUserId),
    version: row.version,
    state: bedomningStateOf(snapshot),
    cycle: context.cycle,
    householdRole: context.householdRole,
    allowedEvents: nextSteps.map((step) => step.type),
    // What each allowed step needs now (the machine's step rules), so a page need not know a rule.
    nextSteps,
    responsible: row.responsibleUser,
    // Handbok, "Val av inriktning": an indication with its reasons (codes, each with its Swedish text), never a decision;
    // its thresholds are the tool's assumption and go with it wherever it is shown.
    indication: context.indication
      ? {
          tracks: context.indication.tracks,
          reasons: withText(context.indication.reasons, indicationReasonText),
          keyScores: context.keyScores,
          assumption: { thresholds: INDICATION_THRESHOLDS, text: indicationAssumptionText(INDICATION_THRESHOLDS) },
        }
      : null,
    choice: context.choice,
    insats: context.insats,
    insatser: context.insatser,
    questionnaires: row.questionnaires.map((q) => questionnaireView(q, catalog.get(q.templateKey, q.templateVersion), { withAnswers: false })),
    documents: row.documents.map(documentView),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Who sent each event, as a history shows it. */
export const assessmentEventActorInclude = { actor: { select: { id: true, displayName: true } } } satisfies Prisma.AssessmentEventInclude;

type AssessmentEventRow = Prisma.AssessmentEventGetPayload<{ include: typeof assessmentEventActorInclude }>;

/** Every step, who, in which role, when; what was saved is named by question id, never by its answer. */
export function buildAssessmentHistory(events: AssessmentEventRow[]) {
  return events.map((event) => {
    // A move to a newer definition says so, with what its migration noted, in words (as a case's history does).
    if (event.type === MACHINE_UPGRADED) {
      const { from, to, notes = [] } = event.payload as { from: number; to: number; notes?: MigrationNote[] };
      const words = notes.map(migrationNoteText);
      return {
        seq: event.seq,
        type: event.type,
        title: machineUpgradedText('assessment', to),
        payload: { from, to, ...(words.length > 0 ? { notes: words } : {}) },
        actor: { id: event.actor.id, displayName: event.actor.displayName, role: event.actorRole },
        occurredAt: event.occurredAt.toISOString(),
      };
    }
    const payload = { ...(event.payload as Record<string, unknown>) };
    if (payload.answers && typeof payload.answers === 'object') {
      payload.answeredQuestions = Object.keys(payload.answers);
      delete payload.answers;
    }
    if (payload.keyScores) delete payload.keyScores;
    if (payload.content) payload.content = '(se dokumentets versioner)';
    return {
      seq: event.seq,
      type: event.type,
      payload,
      actor: { id: event.actor.id, displayName: event.actor.displayName, role: event.actorRole },
      occurredAt: event.occurredAt.toISOString(),
    };
  });
}

/** The assessment as this user sees it now, read back after a step. */
export async function loadAssessmentView(prisma: PrismaClient, catalog: QuestionnaireCatalog, user: AuthUser, assessmentId: string, now: Date) {
  const row = await prisma.assessment.findUniqueOrThrow({ where: { id: assessmentId }, include: assessmentViewInclude });
  return buildAssessmentView(user, row, catalog, now);
}

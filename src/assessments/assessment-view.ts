/**
 * What a user gets to see of a client's bedömningsstöd: the machine's state,
 * the steps this user may take now, the indication with its reasons, and
 * references to questionnaires and documents. Answers are shown only inside
 * their questionnaire; the history names what was saved, never the answers.
 */
import { bedomningStateOf, nextBedomningSteps, restoreBedomning, type Answer } from '../../machines/bedomning';
import { indicationReasonText, withText } from '../texts/process-messages';
import type { AuthUser } from '../auth/types';
import { caseReference, clientFor } from '../cases/case-view';
import type { QuestionnaireCatalog, QuestionnaireTemplate } from './questionnaire-catalog';

interface ClientRow {
  id: string;
  personnummer: string;
  name: string;
  protectedIdentity: boolean;
}

export interface QuestionnaireRow {
  id: string;
  kind: string;
  templateKey: string;
  templateVersion: number;
  cycle: number;
  householdRole: string | null;
  status: string;
  answers: unknown;
  startedAt: Date;
  completedAt: Date | null;
  updatedAt: Date;
}

export interface DocumentRow {
  id: string;
  kind: string;
  caseId: string | null;
  case?: { number: number } | null;
  importedFromId: string | null;
  currentVersion: number;
  sentAt: Date | null;
  createdAt: Date;
}

export interface AssessmentRow {
  id: string;
  clientId: string;
  responsibleUserId: string;
  version: number;
  snapshot: unknown;
  createdAt: Date;
  updatedAt: Date;
  client: ClientRow;
  responsibleUser: { id: string; displayName: string; unit: string };
  questionnaires: QuestionnaireRow[];
  documents: DocumentRow[];
}

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
  const snapshot = restoreBedomning(row.snapshot);
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
    // 001 "Val av inriktning": an indication with its reasons (codes, each with its Swedish text), never a decision.
    indication: context.indication
      ? { tracks: context.indication.tracks, reasons: withText(context.indication.reasons, indicationReasonText), keyScores: context.keyScores }
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

export interface AssessmentEventRow {
  seq: number;
  type: string;
  payload: unknown;
  actorRole: string;
  occurredAt: Date;
  actor: { id: string; displayName: string };
}

/** Every step, who, in which role, when; what was saved is named by question id, never by its answer. */
export function buildAssessmentHistory(events: AssessmentEventRow[]) {
  return events.map((event) => {
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

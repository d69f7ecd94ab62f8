/**
 * The bedömningsstöd's steps. Like the case service, every write is one
 * transaction (src/aggregates/transition.ts): lock the client's assessment (or
 * create it), complete the request into the machine's event (new ids, the key
 * scale answers), ask the machine, append the event, store the snapshot, then
 * update the projections (questionnaire answers, document versions) before the commit.
 */
import { randomUUID } from 'node:crypto';
import {
  allowedBedomningEvents,
  BEDOMNING_VERSION,
  bedomningRequestSchemas,
  type BedomningRequestType,
  bedomningStateOf,
  decideBedomning,
  isBedomningRequestType,
  KEY_SCALE_QUESTIONS,
  mayRoleSendBedomning,
  persistBedomning,
  startBedomning,
  type BedomningContext,
  type BedomningEvent,
  type BedomningSnapshot,
  type KeyScores,
} from '../../machines/bedomning';
import type { AuthUser } from '../auth/types';
import type { Clock } from '../clock';
import type { Prisma, PrismaClient } from '../db/database';
import { hashRequest } from '../db/idempotency';
import { ASSESSMENT_CREATED } from '../aggregates/creation-events';
import { inTransaction, runTransition } from '../aggregates/transition';
import { assertClientNotHeldByOthers } from '../clients/client-holder';
import { checkHandoverTarget } from '../handover/handover-targets';
import { parseEventRequest } from '../aggregates/event-request';
import { AppError, validationFailed } from '../errors';
import { isKc, mayReadAssessment } from './assessment-access';
import { project } from './assessment-projections';
import { bedomningRefusalText, refusedFieldText } from '../texts/process-messages';
import { clientNotFound, findClient, lockAssessmentOf } from './assessment-queries';
import { checkReferralForUppdrag } from './assessment-referral-link';
import { loadAssessmentView } from './assessment-view';
import { answerProblems, missingAnswers, type Answers } from './documents';
import { questionsOf, type QuestionnaireCatalog, type QuestionnaireTemplate } from './questionnaire-catalog';
import { restoreAssessment } from './assessment-snapshot';
import { upgradeAssessmentInTx } from './assessment-upgrade';

type Tx = Prisma.TransactionClient;
type AssessmentRecord = Prisma.AssessmentGetPayload<object>;

export interface SendAssessmentEventOptions {
  expectedVersion?: number;
  idempotencyKey?: string;
}

export function createAssessmentCommands(deps: { prisma: PrismaClient; clock: Clock; catalog: QuestionnaireCatalog }) {
  const { prisma, clock, catalog } = deps;

  /** Turn a validated request into the machine's event: add what the service knows (ids, scores). */
  async function completeEvent(
    tx: Tx,
    user: AuthUser,
    clientId: string,
    assessmentId: string | null,
    context: BedomningContext,
    parsedRequest: ParsedRequest,
    now: Date,
  ): Promise<BedomningEvent> {
    const { type } = parsedRequest;
    const meta = { actorId: user.id, role: user.role, at: now.toISOString(), unit: user.unit };
    const request = { ...parsedRequest, meta } as Record<string, unknown> & { type: typeof type };

    const questionnaireOfContext = (id: string) => context.questionnaires.find((q) => q.id === id);
    switch (type) {
      case 'INLEDANDE_STARTED':
      case 'UPPFOLJNING_STARTED':
        request.questionnaireId = randomUUID();
        break;
      case 'INRIKTNING_CHOSEN':
        request.questionnaires = (request.tracks as string[]).map((track) => ({ track, questionnaireId: randomUUID() }));
        break;
      case 'ARBETSPLAN_CREATED':
      case 'UPPDRAGSBESKRIVNING_CREATED':
        request.documentId = randomUUID();
        break;
      case 'QUESTIONNAIRE_SAVED':
      case 'INLEDANDE_COMPLETED':
      case 'TRACK_COMPLETED':
      case 'UPPFOLJNING_COMPLETED': {
        const ref = questionnaireOfContext(request.questionnaireId as string);
        // Only an open questionnaire of this assessment is read here; anything else the machine refuses.
        if (ref?.status !== 'pagaende' || assessmentId === null) break;
        const stored = await tx.questionnaire.findUniqueOrThrow({ where: { id: ref.id } });
        const template = catalog.get(stored.templateKey, stored.templateVersion);
        const answers = stored.answers as Answers;
        if (type === 'QUESTIONNAIRE_SAVED') {
          const problems = answerProblems(template, request.answers as Answers);
          if (problems.length > 0) throw validationFailed(problems);
          break;
        }
        const missing = missingAnswers(template, answers);
        if (missing.length > 0) {
          throw new AppError('NOT_ALLOWED_IN_STATE', 'questionnaire_incomplete', { count: missing.length }, { missing });
        }
        if (type === 'INLEDANDE_COMPLETED') request.keyScores = keyScoresOf(template, answers);
        break;
      }
      default:
        break;
    }
    // The referral's decision (or none) goes into the event: the machine decides whether the uppdragsbeskrivning may be made.
    if (type === 'UPPDRAGSBESKRIVNING_CREATED') request.referralDecisionDate = await checkReferralForUppdrag(tx, user, clientId, request.caseId as string);
    return request as unknown as BedomningEvent;
  }

  /** The service's own steps (a referral reached KC or ended), inside the referral's transaction. */
  async function transitionInTx(tx: Tx, user: AuthUser, stored: AssessmentRecord, event: BedomningEvent): Promise<BedomningSnapshot> {
    // An assessment on an older definition moves up first, in this transaction (docs/architecture.md "Changing a machine").
    const assessment = (await upgradeAssessmentInTx(tx, stored.id, new Date(event.meta.at))) ? await tx.assessment.findUniqueOrThrow({ where: { id: stored.id } }) : stored;
    const snapshot = restoreAssessment(assessment);
    const next = decideOrRefuse(user, snapshot, event);
    await storeStep(tx, user, assessment, snapshot, event, next);
    return next;
  }

  /** Append the event, store the snapshot and the responsibility, update the projections. */
  async function storeStep(
    tx: Tx,
    user: AuthUser,
    assessment: AssessmentRecord,
    snapshot: BedomningSnapshot,
    event: BedomningEvent,
    next: BedomningSnapshot,
  ): Promise<number> {
    const version = assessment.version + 1;
    const at = new Date(event.meta.at);
    await tx.assessmentEvent.create({
      data: {
        assessmentId: assessment.id,
        seq: version,
        type: event.type,
        payload: storedPayload(event) as Prisma.InputJsonValue,
        actorId: event.meta.actorId,
        actorRole: event.meta.role,
        actorUnit: event.meta.unit ?? user.unit,
        occurredAt: at,
        machineVersion: BEDOMNING_VERSION,
      },
    });
    // Responsibility follows the machine's context after a handover (machines/shared/handover.ts).
    const handedOver = next.context.responsible;
    await tx.assessment.update({
      where: { id: assessment.id, version: assessment.version },
      data: {
        snapshot: persistBedomning(next) as Prisma.InputJsonValue,
        machineVersion: BEDOMNING_VERSION,
        state: bedomningStateOf(next),
        version,
        updatedAt: at,
        pendingTransferUnit: next.context.transfer?.toUnit ?? null,
        ...(handedOver ? { responsibleUserId: handedOver.userId, unit: handedOver.unit } : {}),
      },
    });
    await project(tx, catalog, assessment.id, snapshot.context, event, next.context, at);
    return version;
  }

  return {
    /** A socialsekreterare's step in the bedömningsstöd; the first one creates the client's assessment with her responsible. */
    async sendEvent(user: AuthUser, clientId: string, body: unknown, options: SendAssessmentEventOptions = {}) {
      const now = clock.now();
      // Validated before anything else, and hashed as validated (the schemas bound its size and depth).
      const parsedRequest = parseRequest(body);
      const requestHash = hashRequest(clientId, parsedRequest);
      const assessmentId = await inTransaction(prisma, 'assessment', (tx) =>
        runTransition<{ row: AssessmentRecord | null; versionSeen: number }, { event: BedomningEvent; snapshot: BedomningSnapshot; next: BedomningSnapshot }, string>(
          tx,
          user,
          parsedRequest.type,
          { requestHash, ...options },
          {
            noun: 'assessment',
            async load() {
              await findClient(tx, clientId);
              await lockAssessmentOf(tx, clientId);
              const found = await tx.assessment.findUnique({ where: { clientId } });
              // An assessment on an older definition moves up first; If-Match names the version the person saw.
              const upgraded = found ? await upgradeAssessmentInTx(tx, found.id, now) : null;
              const row = upgraded ? await tx.assessment.findUniqueOrThrow({ where: { clientId } }) : found;
              if (row) {
                if (!mayReadAssessment(user, row)) throw clientNotFound();
              } else if (user.role !== 'socialsekreterare') {
                throw isKc(user) ? clientNotFound() : new AppError('FORBIDDEN', 'role_may_not_start_assessment', { role: user.role });
              } else {
                // The assessment belongs with whoever works with the client: knowing a personnummer is not enough.
                await assertClientNotHeldByOthers(tx, user, clientId);
              }
              return { row, versionSeen: found?.version ?? 0 };
            },
            version: ({ versionSeen }) => versionSeen,
            viewNow: async (_tx, { row }) => {
              if (!row) throw clientNotFound();
              return row.id;
            },
            roleMaySend: () => mayRoleSendBedomning(user.role, parsedRequest.type),
            async decide(_tx, { row }) {
              const snapshot = row ? restoreAssessment(row) : startBedomning();
              const event = await completeEvent(tx, user, clientId, row?.id ?? null, snapshot.context, parsedRequest, now);
              const next = decideOrRefuse(user, snapshot, event);
              if (row) await checkHandoverTarget(tx, event, { unit: row.unit, responsibleUserId: row.responsibleUserId, transferToUnit: row.pendingTransferUnit });
              return { event, snapshot, next };
            },
            async store(_tx, { row }, { event, snapshot, next }) {
              // A refused first step rolls back with the transaction: no empty assessment is left behind.
              const assessment = row ?? (await createAssessmentRow(tx, clientId, user, now));
              const version = await storeStep(tx, user, assessment, snapshot, event, next);
              return { view: assessment.id, version, target: { assessmentId: assessment.id } };
            },
          },
        ),
      );
      return loadAssessmentView(prisma, catalog, user, assessmentId, now);
    },

    transitionInTx,
    createAssessmentRow,
  };
}

export type AssessmentCommands = ReturnType<typeof createAssessmentCommands>;

/** A new assessment starts, like a case, with its creation event (version 1): its history is whole from the start. */
async function createAssessmentRow(tx: Tx, clientId: string, responsible: { id: string; role: AuthUser['role']; unit: string }, now: Date) {
  const snapshot = startBedomning();
  const row = await tx.assessment.create({
    data: {
      clientId,
      responsibleUserId: responsible.id,
      unit: responsible.unit,
      state: bedomningStateOf(snapshot),
      snapshot: persistBedomning(snapshot) as Prisma.InputJsonValue,
      machineVersion: BEDOMNING_VERSION,
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
  });
  await tx.assessmentEvent.create({
    data: { assessmentId: row.id, seq: 1, type: ASSESSMENT_CREATED, payload: {}, actorId: responsible.id, actorRole: responsible.role, actorUnit: responsible.unit, occurredAt: now, machineVersion: BEDOMNING_VERSION },
  });
  return row;
}

/** The machine's answer: the next snapshot, or 403 (role) / 409 (not now, with what is allowed and the field it is about). */
function decideOrRefuse(user: AuthUser, snapshot: BedomningSnapshot, event: BedomningEvent): BedomningSnapshot {
  const decision = decideBedomning(snapshot, event);
  if (decision.ok) return decision.snapshot;
  if (decision.reason === 'role_not_allowed') throw new AppError('FORBIDDEN', 'role_may_not_send', { role: user.role });
  // The machine's codes, in words from the one catalogue; the codes themselves in details.refusal.
  throw new AppError('NOT_ALLOWED_IN_STATE', 'not_allowed_in_state', { explanation: decision.explanation.map(bedomningRefusalText).join('; ') }, {
    state: bedomningStateOf(snapshot),
    allowedEvents: allowedBedomningEvents(snapshot, user.role, event.meta.at, { id: user.id, unit: user.unit }),
    refusal: decision.explanation,
    ...(decision.fields.length > 0 ? { missing: decision.fields.map((field) => ({ ...field, message: refusedFieldText(field.code) })) } : {}),
  });
}

type ParsedRequest = { type: BedomningRequestType } & Record<string, unknown>;

/** The request as its schema reads it (400 naming the field), before the transaction. */
function parseRequest(body: unknown): ParsedRequest {
  return parseEventRequest(body, isBedomningRequestType, bedomningRequestSchemas);
}

/** The key scale answers as given; null for one left unanswered (no scale question is mandatory). */
function keyScoresOf(template: QuestionnaireTemplate, answers: Answers): KeyScores {
  const scores = {} as KeyScores;
  for (const key of KEY_SCALE_QUESTIONS) {
    const question = questionsOf(template).find((q) => q.type === 'scale' && q.indicationKey === key);
    scores[key] = (question && answers[question.id]?.value) ?? null;
  }
  return scores;
}

/** What the history keeps of an event: answers of a partial save (the audit trail of the questionnaire), never `meta` twice. */
function storedPayload(event: BedomningEvent): object {
  const { type: _type, meta: _meta, ...payload } = event;
  return payload;
}


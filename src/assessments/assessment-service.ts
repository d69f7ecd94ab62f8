/**
 * The bedömningsstöd use cases. Like the case service, every write is one
 * transaction: lock the client's assessment (or create it), complete the
 * request into the machine's event (new ids, the key scale answers), ask the
 * machine, append the event, store the snapshot, then update the projections
 * (questionnaire answers, document versions) before the commit.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  allowedBedomningEvents,
  bedomningRequestSchemas,
  type BedomningRequestType,
  bedomningStateOf,
  decideBedomning,
  isBedomningRequestType,
  KEY_SCALE_QUESTIONS,
  mayRoleSendBedomning,
  persistBedomning,
  restoreBedomning,
  startBedomning,
  type Answer,
  type BedomningContext,
  type BedomningEvent,
  type BedomningSnapshot,
  type KeyScores,
  type QuestionnaireKind,
} from '../../machines/bedomning';
import type { AuthUser } from '../auth/types';
import { visibleCasesWhere } from '../cases/case-access';
import { caseReference } from '../cases/case-view';
import type { Clock } from '../clock';
import type { Prisma, PrismaClient } from '../db/database';
import { hashRequest } from '../db/idempotency';
import { ASSESSMENT_CREATED } from '../aggregates/creation-events';
import { inTransaction, runTransition } from '../aggregates/transition';
import { assertClientNotHeldByOthers } from '../clients/client-holder';
import { ZClientDetails, findOrRegisterClient, type TClientDetails } from '../clients/client-register';
import { checkHandoverTarget } from '../handover/handover-targets';
import { namesOfPeopleIn } from '../handover/people-named';
import { AppError, fieldIssue, fromZodError, type FieldIssue } from '../errors';
import { visibleAssessmentsWhere } from './assessment-access';
import { buildAssessmentView, buildAssessmentHistory, clientView, documentView, questionnaireView, type AssessmentRow } from './assessment-view';
import {
  answerProblems,
  emptyArbetsplan,
  emptyUppdragsbeskrivning,
  importArbetsplan,
  importUppdragsbeskrivning,
  mergeAnswers,
  missingAnswers,
} from './documents';
import { progressionOf } from './progression';
import { questionsOf, type QuestionnaireCatalog, type QuestionnaireTemplate } from './questionnaire-catalog';

type Tx = Prisma.TransactionClient;

export { ASSESSMENT_CREATED } from '../aggregates/creation-events';
type Answers = Record<string, Answer>;

/** The request of `POST /api/clients` (the client register's details). */
export const ZRegisterClientRequest = ZClientDetails;


export const ZImportSourcesQuery = z.strictObject({ for: z.enum(['arbetsplan', 'uppdragsbeskrivning']) });

const ZId = z.uuid();
const ZEnvelope = z.looseObject({ type: z.string({ error: 'is required: the event type, e.g. "INLEDANDE_STARTED"' }) });

const assessmentInclude = {
  responsibleUser: { select: { id: true, displayName: true, unit: true } },
  questionnaires: { orderBy: [{ startedAt: 'desc' }, { id: 'asc' }] },
  documents: { orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], include: { case: { select: { number: true } } } },
} satisfies Prisma.AssessmentInclude;

export interface SendAssessmentEventOptions {
  expectedVersion?: number;
  idempotencyKey?: string;
}

export function createAssessmentService(deps: { prisma: PrismaClient; clock: Clock; catalog: QuestionnaireCatalog }) {
  const { prisma, clock, catalog } = deps;

  async function findClient(db: Tx | PrismaClient, clientId: string) {
    if (!ZId.safeParse(clientId).success) throw clientNotFound();
    const client = await db.client.findUnique({ where: { id: clientId } });
    if (!client) throw clientNotFound();
    return client;
  }

  /** A client is visible to those who may see its assessment or one of its referrals. */
  async function findVisibleClient(user: AuthUser, clientId: string) {
    const client = await findClient(prisma, clientId);
    const [assessment, cases] = await Promise.all([
      prisma.assessment.findFirst({ where: { AND: [{ clientId }, visibleAssessmentsWhere(user)] }, include: assessmentInclude }),
      prisma.case.findMany({ where: { AND: [{ clientId }, visibleCasesWhere(user)] }, orderBy: { number: 'desc' } }),
    ]);
    if (!assessment && cases.length === 0) throw clientNotFound();
    return { client, assessment, cases };
  }

  async function findVisibleAssessment(user: AuthUser, clientId: string) {
    const { client, assessment } = await findVisibleClient(user, clientId);
    if (!assessment) throw new AppError('NOT_FOUND', 'assessment_not_found');
    return { client, assessment };
  }

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
    if (type === 'UPPDRAGSBESKRIVNING_CREATED') await checkReferralForUppdrag(tx, user, clientId, request.caseId as string);
    return request as unknown as BedomningEvent;
  }

  /** The uppdragsbeskrivning belongs to one of the client's active referrals, before its uppdrag is sent (001 "Upprätta uppdragsbeskrivning"). */
  async function checkReferralForUppdrag(tx: Tx, user: AuthUser, clientId: string, caseId: string) {
    const kase = await tx.case.findFirst({ where: { AND: [{ id: caseId, clientId }, visibleCasesWhere(user)] } });
    if (!kase) throw new AppError('NOT_FOUND', 'referral_not_found');
    if (kase.status !== 'active' || kase.sentToKc) {
      throw kase.sentToKc ? new AppError('NOT_ALLOWED_IN_STATE', 'referral_uppdrag_already_sent', { reference: caseReference(kase.number) }) : new AppError('NOT_ALLOWED_IN_STATE', 'referral_ended', { reference: caseReference(kase.number) });
    }
  }

  /** A new document's first text: imported from the chosen questionnaire (as answered, in its own version), or empty. */
  async function importContent<T>(tx: Tx, importFrom: string | undefined, importer: (template: QuestionnaireTemplate, answers: Answers) => T, empty: () => T): Promise<T> {
    if (!importFrom) return empty();
    const source = await tx.questionnaire.findUniqueOrThrow({ where: { id: importFrom } });
    return importer(catalog.get(source.templateKey, source.templateVersion), source.answers as Answers);
  }

  /** Apply the projections of an accepted event: questionnaires and documents. */
  async function project(tx: Tx, assessmentId: string, before: BedomningContext, event: BedomningEvent, after: BedomningContext, at: Date) {
    const startedQuestionnaires = after.questionnaires.filter((q) => !before.questionnaires.some((b) => b.id === q.id));
    for (const ref of startedQuestionnaires) {
      const template = catalog.current(ref.kind);
      await tx.questionnaire.create({
        data: {
          id: ref.id,
          assessmentId,
          kind: ref.kind,
          templateKey: template.key,
          templateVersion: template.version,
          cycle: ref.cycle,
          householdRole: ref.kind === 'inledande' ? after.householdRole : null,
          answers: {},
          startedAt: at,
          updatedAt: at,
        },
      });
    }
    for (const ref of after.questionnaires) {
      const previous = before.questionnaires.find((b) => b.id === ref.id);
      if (previous && previous.status !== ref.status) {
        await tx.questionnaire.update({
          where: { id: ref.id },
          data: { status: ref.status, completedAt: ref.completedAt ? new Date(ref.completedAt) : null, updatedAt: at },
        });
      }
    }
    switch (event.type) {
      case 'QUESTIONNAIRE_SAVED': {
        const stored = await tx.questionnaire.findUniqueOrThrow({ where: { id: event.questionnaireId } });
        await tx.questionnaire.update({
          where: { id: event.questionnaireId },
          data: { answers: mergeAnswers(stored.answers as Answers, event.answers) as Prisma.InputJsonValue, updatedAt: at },
        });
        break;
      }
      case 'ARBETSPLAN_CREATED': {
        const content = await importContent(tx, event.importFrom, importArbetsplan, emptyArbetsplan);
        const standard = catalog.arbetsplan();
        await createDocument(tx, assessmentId, event.documentId, 'arbetsplan', null, event.importFrom ?? null, event.meta.actorId, at, {
          ...content,
          standardText: standard.standardText,
          standardTextVersion: standard.version,
        });
        break;
      }
      case 'UPPDRAGSBESKRIVNING_CREATED': {
        const content = await importContent(tx, event.importFrom, importUppdragsbeskrivning, emptyUppdragsbeskrivning);
        await createDocument(tx, assessmentId, event.documentId, 'uppdragsbeskrivning', event.caseId, event.importFrom ?? null, event.meta.actorId, at, content);
        break;
      }
      case 'ARBETSPLAN_REVISED':
      case 'UPPDRAGSBESKRIVNING_REVISED': {
        const document = await tx.assessmentDocument.findUniqueOrThrow({ where: { id: event.documentId }, include: { versions: { orderBy: { version: 'desc' }, take: 1 } } });
        const previous = (document.versions[0]?.content ?? {}) as Record<string, unknown>;
        const version = document.currentVersion + 1;
        // The standard text stays as it was in the plan; the fields are the socialsekreterare's.
        const content = { ...previous, ...event.content };
        await tx.assessmentDocumentVersion.create({ data: { documentId: document.id, version, content: content as Prisma.InputJsonValue, createdById: event.meta.actorId, createdAt: at } });
        await tx.assessmentDocument.update({ where: { id: document.id }, data: { currentVersion: version } });
        break;
      }
      case 'INSATS_STARTED':
        if (event.uppdragsbeskrivningId) await tx.assessmentDocument.update({ where: { id: event.uppdragsbeskrivningId }, data: { sentAt: at } });
        break;
      default:
        break;
    }
  }

  /** The one transition path, for a person's request and for the service's own events. */
  /** The machine's answer: the next snapshot, or 403 (role) / 409 (not now, with what is allowed and the field it is about). */
  function decideOrRefuse(user: AuthUser, snapshot: BedomningSnapshot, event: BedomningEvent): BedomningSnapshot {
    const decision = decideBedomning(snapshot, event);
    if (decision.ok) return decision.snapshot;
    if (decision.reason === 'role_not_allowed') throw new AppError('FORBIDDEN', 'role_may_not_send', { role: user.role });
    throw new AppError('NOT_ALLOWED_IN_STATE', 'not_allowed_in_state', { explanation: decision.explanation.join('; ') }, {
      state: bedomningStateOf(snapshot),
      allowedEvents: allowedBedomningEvents(snapshot, user.role, event.meta.at, { id: user.id, unit: user.unit }),
      ...(decision.fields.length > 0 ? { missing: decision.fields } : {}),
    });
  }

  /** The service's own steps (a referral reached KC or ended), inside the referral's transaction. */
  async function transitionInTx(
    tx: Tx,
    user: AuthUser,
    assessment: { id: string; version: number; snapshot: unknown },
    event: BedomningEvent,
  ): Promise<BedomningSnapshot> {
    const snapshot = restoreBedomning(assessment.snapshot);
    const next = decideOrRefuse(user, snapshot, event);
    await storeStep(tx, user, assessment, snapshot, event, next);
    return next;
  }

  /** Append the event, store the snapshot and the responsibility, update the projections. */
  async function storeStep(
    tx: Tx,
    user: AuthUser,
    assessment: { id: string; version: number },
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
      },
    });
    // Responsibility follows the machine's context after a handover (machines/shared/handover.ts).
    const handedOver = next.context.responsible;
    await tx.assessment.update({
      where: { id: assessment.id, version: assessment.version },
      data: {
        snapshot: persistBedomning(next) as Prisma.InputJsonValue,
        state: bedomningStateOf(next),
        version,
        updatedAt: at,
        pendingTransferUnit: next.context.transfer?.toUnit ?? null,
        ...(handedOver ? { responsibleUserId: handedOver.userId, unit: handedOver.unit } : {}),
      },
    });
    await project(tx, assessment.id, snapshot.context, event, next.context, at);
    return version;
  }

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
        version: 1,
        createdAt: now,
        updatedAt: now,
      },
    });
    await tx.assessmentEvent.create({
      data: { assessmentId: row.id, seq: 1, type: ASSESSMENT_CREATED, payload: {}, actorId: responsible.id, actorRole: responsible.role, actorUnit: responsible.unit, occurredAt: now },
    });
    return row;
  }

  async function viewOf(user: AuthUser, assessmentId: string, now: Date) {
    const row = await prisma.assessment.findUniqueOrThrow({ where: { id: assessmentId }, include: { ...assessmentInclude, client: true } });
    return buildAssessmentView(user, row as AssessmentRow, catalog, now);
  }

  return {
    /** Find or register a client by personnummer (POST, so the number never sits in a URL or an access log). */
    async registerClient(user: AuthUser, request: TClientDetails) {
      return findOrRegisterClient(prisma, user, request);
    },

    /** The client as this user may see it: personal data (masked where the law says), the assessment, the referrals. */
    async getClient(user: AuthUser, clientId: string) {
      const { client, assessment, cases } = await findVisibleClient(user, clientId);
      const now = clock.now();
      const responsibleUserId = assessment?.responsibleUserId ?? cases[0]?.responsibleUserId ?? '';
      const uppdrag = await prisma.assessmentDocument.findMany({
        where: { kind: 'uppdragsbeskrivning', caseId: { in: cases.map((c) => c.id) }, ...(isKc(user) ? { sentAt: { not: null } } : {}) },
        orderBy: { createdAt: 'desc' },
        include: { case: { select: { number: true } } },
      });
      return {
        client: clientView(user, client, responsibleUserId),
        assessment: assessment ? buildAssessmentView(user, { ...assessment, client } as AssessmentRow, catalog, now) : null,
        referrals: cases.map((c) => ({ id: c.id, reference: caseReference(c.number), state: c.state, status: c.status })),
        uppdragsbeskrivningar: uppdrag.map(documentView),
      };
    },

    async getAssessment(user: AuthUser, clientId: string) {
      const { assessment } = await findVisibleAssessment(user, clientId);
      return viewOf(user, assessment.id, clock.now());
    },

    async getHistory(user: AuthUser, clientId: string) {
      const { assessment } = await findVisibleAssessment(user, clientId);
      const events = await prisma.assessmentEvent.findMany({
        where: { assessmentId: assessment.id },
        orderBy: { seq: 'asc' },
        include: { actor: { select: { id: true, displayName: true } } },
      });
      const people = await namesOfPeopleIn(prisma, events);
      return buildAssessmentHistory(events).map((entry, index) => {
        const named = people.get(events[index]!);
        return named ? { ...entry, people: named } : entry;
      });
    },

    async getQuestionnaire(user: AuthUser, clientId: string, questionnaireId: string) {
      const { assessment } = await findVisibleAssessment(user, clientId);
      const row = ZId.safeParse(questionnaireId).success
        ? await prisma.questionnaire.findFirst({ where: { id: questionnaireId, assessmentId: assessment.id } })
        : null;
      if (!row) throw new AppError('NOT_FOUND', 'questionnaire_not_found');
      return questionnaireView(row, catalog.get(row.templateKey, row.templateVersion), { withAnswers: true });
    },

    /** An arbetsplan or uppdragsbeskrivning with every version. KC reads an uppdragsbeskrivning sent with a referral it sees. */
    async getDocument(user: AuthUser, clientId: string, documentId: string, kind: 'arbetsplan' | 'uppdragsbeskrivning') {
      const { assessment, cases } = await findVisibleClient(user, clientId);
      const document = ZId.safeParse(documentId).success
        ? await prisma.assessmentDocument.findFirst({
            where: { id: documentId, kind, assessment: { clientId } },
            include: { versions: { orderBy: { version: 'asc' } }, case: { select: { number: true } } },
          })
        : null;
      if (!document) throw documentNotFound(kind);
      // findVisibleClient already holds what this user may see: the assessment, or (KC) the referrals.
      const mayRead = isKc(user)
        ? kind === 'uppdragsbeskrivning' && document.sentAt !== null && cases.some((kase) => kase.id === document.caseId)
        : assessment !== null;
      if (!mayRead) throw documentNotFound(kind);
      // Who wrote each version, by name (people at work, never the client).
      const authorRows = await prisma.user.findMany({ where: { id: { in: [...new Set(document.versions.map((v) => v.createdById))] } }, select: { displayName: true, id: true } });
      const authors = new Map(authorRows.map((author) => [author.id, author.displayName]));
      return {
        ...documentView(document),
        current: document.versions.at(-1)?.content ?? null,
        versions: document.versions.map((v) => ({
          version: v.version,
          content: v.content,
          createdById: v.createdById,
          createdBy: authors.get(v.createdById) ?? null,
          createdAt: v.createdAt.toISOString(),
        })),
      };
    },

    /** What a new document may import: completed initial parts for an arbetsplan, completed tracks for an uppdragsbeskrivning; newest first. */
    async listImportSources(user: AuthUser, clientId: string, target: 'arbetsplan' | 'uppdragsbeskrivning') {
      const { assessment } = await findVisibleAssessment(user, clientId);
      const kinds: QuestionnaireKind[] = target === 'arbetsplan' ? ['inledande'] : ['arbetsmarknad', 'rehab'];
      const rows = await prisma.questionnaire.findMany({
        where: { assessmentId: assessment.id, status: 'klar', kind: { in: kinds } },
        orderBy: [{ completedAt: 'desc' }, { id: 'asc' }],
      });
      return rows.map((row) => questionnaireView(row, catalog.get(row.templateKey, row.templateVersion), { withAnswers: false }));
    },

    async getProgression(user: AuthUser, clientId: string) {
      const { assessment } = await findVisibleAssessment(user, clientId);
      const rows = await prisma.questionnaire.findMany({ where: { assessmentId: assessment.id, kind: 'inledande', status: 'klar' } });
      return progressionOf(
        rows.map((row) => ({
          id: row.id,
          cycle: row.cycle,
          completedAt: row.completedAt ?? row.updatedAt,
          template: catalog.get(row.templateKey, row.templateVersion),
          answers: row.answers as Answers,
        })),
      );
    },

    /** A socialsekreterare's step in the bedömningsstöd; the first one creates the client's assessment with her responsible. */
    async sendEvent(user: AuthUser, clientId: string, body: unknown, options: SendAssessmentEventOptions = {}) {
      const now = clock.now();
      // Validated before anything else, and hashed as validated (the schemas bound its size and depth).
      const parsedRequest = parseRequest(body);
      const requestHash = hashRequest(clientId, parsedRequest);
      const assessmentId = await inTransaction(prisma, 'assessment', (tx) =>
        runTransition<{ row: Prisma.AssessmentGetPayload<object> | null }, { event: BedomningEvent; snapshot: BedomningSnapshot; next: BedomningSnapshot }, string>(
          tx,
          user,
          parsedRequest.type,
          { requestHash, ...options },
          {
            noun: 'assessment',
            async load() {
              await findClient(tx, clientId);
              await tx.$queryRaw`SELECT id FROM "Assessment" WHERE "clientId" = ${clientId}::uuid FOR UPDATE`;
              const row = await tx.assessment.findUnique({ where: { clientId } });
              if (row) {
                const visible = await tx.assessment.count({ where: { AND: [{ id: row.id }, visibleAssessmentsWhere(user)] } });
                if (visible === 0) throw clientNotFound();
              } else if (user.role !== 'socialsekreterare') {
                throw isKc(user) ? clientNotFound() : new AppError('FORBIDDEN', 'role_may_not_start_assessment', { role: user.role });
              } else {
                // The assessment belongs with whoever works with the client: knowing a personnummer is not enough.
                await assertClientNotHeldByOthers(tx, user, clientId);
              }
              return { row };
            },
            version: ({ row }) => row?.version ?? 0,
            viewNow: async (_tx, { row }) => {
              if (!row) throw clientNotFound();
              return row.id;
            },
            roleMaySend: () => mayRoleSendBedomning(user.role, parsedRequest.type),
            async decide(_tx, { row }) {
              const snapshot = row ? restoreBedomning(row.snapshot) : startBedomning();
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
      return viewOf(user, assessmentId, now);
    },

    /**
     * The service's own events, inside a referral's transaction (process.md "Two machines"):
     * the uppdrag reached KC, or the referral ended. Creates the assessment when a
     * referral is sent for a client without one, so the follow-up opens after it.
     */
    async applyReferralEvent(
      tx: Tx,
      referral: { caseId: string; clientId: string; responsibleUserId: string; unit: string },
      change: { kind: 'sent' } | { kind: 'ended'; outcome: 'sjalvforsorjande' | 'ej_sjalvforsorjande' | 'avbruten' },
      at: Date,
    ): Promise<void> {
      await tx.$queryRaw`SELECT id FROM "Assessment" WHERE "clientId" = ${referral.clientId}::uuid FOR UPDATE`;
      let row = await tx.assessment.findUnique({ where: { clientId: referral.clientId } });
      const meta = { actorId: 'system', role: 'system' as const, at: at.toISOString() };
      const system: AuthUser = { id: 'system', username: 'system', displayName: 'Stegvis', role: 'system', unit: 'Stegvis' };
      if (change.kind === 'sent') {
        row ??= await createAssessmentRow(tx, referral.clientId, { id: referral.responsibleUserId, role: 'socialsekreterare', unit: referral.unit }, at);
        const document = await tx.assessmentDocument.findFirst({ where: { caseId: referral.caseId, kind: 'uppdragsbeskrivning' }, include: { versions: { orderBy: { version: 'desc' }, take: 1 } } });
        // 001 "Upprätta uppdragsbeskrivning": completed with the socialsekreterare's own assessment before it is sent.
        if (document && !String((document.versions[0]?.content as { egenBedomning?: unknown } | undefined)?.egenBedomning ?? '').trim()) {
          throw new AppError('NOT_ALLOWED_IN_STATE', 'uppdragsbeskrivning_lacks_own_assessment', undefined, { uppdragsbeskrivningId: document.id });
        }
        await transitionInTx(tx, system, row, { type: 'INSATS_STARTED', caseId: referral.caseId, uppdragsbeskrivningId: document?.id ?? null, meta });
        return;
      }
      if (!row || restoreBedomning(row.snapshot).context.insats?.caseId !== referral.caseId) return;
      const questionnaireId = change.outcome === 'ej_sjalvforsorjande' ? randomUUID() : null;
      await transitionInTx(tx, system, row, { type: 'INSATS_ENDED', caseId: referral.caseId, outcome: change.outcome, questionnaireId, meta });
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;

type ParsedRequest = { type: BedomningRequestType } & Record<string, unknown>;

/** The request as its schema reads it (400 naming the field), before the transaction. */
function parseRequest(body: unknown): ParsedRequest {
  const envelope = ZEnvelope.safeParse(body);
  if (!envelope.success) throw fromZodError(envelope.error, body);
  const { type, ...payload } = envelope.data;
  if (!isBedomningRequestType(type)) {
    throw validationFailed([fieldIssue('type', 'unknown_event_type')]);
  }
  const parsed = bedomningRequestSchemas[type].safeParse(payload);
  if (!parsed.success) throw fromZodError(parsed.error, payload);
  return { type, ...parsed.data };
}

function keyScoresOf(template: QuestionnaireTemplate, answers: Answers): KeyScores {
  const scores = {} as KeyScores;
  for (const key of KEY_SCALE_QUESTIONS) {
    const question = questionsOf(template).find((q) => q.type === 'scale' && q.indicationKey === key);
    scores[key] = (question && answers[question.id]?.value) ?? 0;
  }
  return scores;
}

/** What the history keeps of an event: answers of a partial save (the audit trail of the questionnaire), never `meta` twice. */
function storedPayload(event: BedomningEvent): object {
  const { type: _type, meta: _meta, ...payload } = event;
  return payload;
}

async function createDocument(
  tx: Tx,
  assessmentId: string,
  id: string,
  kind: 'arbetsplan' | 'uppdragsbeskrivning',
  caseId: string | null,
  importedFromId: string | null,
  createdById: string,
  at: Date,
  content: object,
) {
  await tx.assessmentDocument.create({ data: { id, assessmentId, kind, caseId, importedFromId, currentVersion: 1, createdAt: at } });
  await tx.assessmentDocumentVersion.create({ data: { documentId: id, version: 1, content: content as Prisma.InputJsonValue, createdById, createdAt: at } });
}

function isKc(user: AuthUser): boolean {
  return user.role === 'arbetsmarknadskonsulent' || user.role === 'kc_samordnare';
}

function validationFailed(problems: FieldIssue[]) {
  return new AppError('VALIDATION_FAILED', 'validation_failed', undefined, problems);
}

function clientNotFound() {
  return new AppError('NOT_FOUND', 'client_not_found');
}

function documentNotFound(kind: string) {
  return new AppError('NOT_FOUND', 'document_not_found', { kind });
}

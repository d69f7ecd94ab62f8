/**
 * The bedömningsstöd's reads: the client with its assessment and referrals, the
 * history, a questionnaire, a document, what a new document may import, the
 * progression. Each starts from what this user may see (assessment-access.ts,
 * and for KC the referrals it sees).
 */
import { z } from 'zod';
import { startBedomning, uppdragsbeskrivningRefusals, type BedomningSnapshot, type QuestionnaireKind } from '../../machines/bedomning';
import { bedomningRefusalText, withText } from '../texts/process-messages';
import type { AuthUser } from '../auth/types';
import { visibleCasesWhere } from '../cases/case-access';
import { caseReference } from '../cases/case-view';
import type { Clock } from '../clock';
import type { Prisma, PrismaClient } from '../db/database';
import { namesOfPeopleIn } from '../handover/people-named';
import { AppError } from '../errors';
import { isKc, visibleAssessmentsWhere } from './assessment-access';
import {
  assessmentEventActorInclude,
  assessmentInclude,
  buildAssessmentHistory,
  buildAssessmentView,
  clientView,
  documentInclude,
  documentView,
  loadAssessmentView,
  questionnaireView,
} from './assessment-view';
import type { Answers } from './documents';
import { progressionOf } from './progression';
import { referralDecisionDate, referralRefusesUppdrag } from './assessment-referral-link';
import { restoreAssessment } from './assessment-snapshot';
import type { QuestionnaireCatalog } from './questionnaire-catalog';

export const ZImportSourcesQuery = z.strictObject({ for: z.enum(['arbetsplan', 'uppdragsbeskrivning']) });

export const ZId = z.uuid();

/** The client, or 404 (also for an id that is no uuid). */
export async function findClient(db: Prisma.TransactionClient | PrismaClient, clientId: string) {
  if (!ZId.safeParse(clientId).success) throw clientNotFound();
  const client = await db.client.findUnique({ where: { id: clientId } });
  if (!client) throw clientNotFound();
  return client;
}

/** Serialise the steps of one client's assessment (a request's, a referral's): concurrent ones wait here, then see the new version. */
export async function lockAssessmentOf(tx: Prisma.TransactionClient, clientId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Assessment" WHERE "clientId" = ${clientId}::uuid FOR UPDATE`;
}

/** A client is visible to those who may see its assessment or one of its referrals (the referrals newest first); else 404. */
export async function findClientVisibleTo(db: Prisma.TransactionClient | PrismaClient, user: AuthUser, clientId: string) {
  const client = await findClient(db, clientId);
  // One after the other: inside a transaction both would go to one connection at once, which `pg` deprecates.
  const assessment = await db.assessment.findFirst({ where: { AND: [{ clientId }, visibleAssessmentsWhere(user)] }, include: assessmentInclude });
  const cases = await db.case.findMany({ where: { AND: [{ clientId }, visibleCasesWhere(user)] }, orderBy: { number: 'desc' } });
  if (!assessment && cases.length === 0) throw clientNotFound();
  return { client, assessment, cases };
}

/** Whose name the client view shows a protected client to: the assessment's socialsekreterare, else the newest visible referral's. */
export function viewResponsibleOf(visible: { assessment: { responsibleUserId: string } | null; cases: { responsibleUserId: string }[] }): string {
  return visible.assessment?.responsibleUserId ?? visible.cases[0]?.responsibleUserId ?? '';
}

export function clientNotFound() {
  return new AppError('NOT_FOUND', 'client_not_found');
}

function documentNotFound(kind: string) {
  return new AppError('NOT_FOUND', 'document_not_found', { kind });
}

/**
 * Whether this user may make an uppdragsbeskrivning for the referral now, and if not why (each reason with its words):
 * the referral's side (active, uppdrag not sent), then the bedömning machine with the referral's decision date.
 */
function uppdragsbeskrivningFor(user: AuthUser, snapshot: BedomningSnapshot, kase: Parameters<typeof referralRefusesUppdrag>[0] & { id: string }, now: Date) {
  const refused = referralRefusesUppdrag(kase);
  if (refused) return { possible: false, reasons: [{ code: refused.reason, text: refused.message }] };
  const refusals = uppdragsbeskrivningRefusals(snapshot, { actorId: user.id, role: user.role, at: now.toISOString(), unit: user.unit }, { caseId: kase.id, decisionDate: referralDecisionDate(kase) });
  return { possible: refusals.length === 0, reasons: withText(refusals, bedomningRefusalText).map(({ code, text }) => ({ code, text })) };
}

export function createAssessmentQueries(deps: { prisma: PrismaClient; clock: Clock; catalog: QuestionnaireCatalog }) {
  const { prisma, clock, catalog } = deps;

  const findVisibleClient = (user: AuthUser, clientId: string) => findClientVisibleTo(prisma, user, clientId);

  async function findVisibleAssessment(user: AuthUser, clientId: string) {
    const { client, assessment } = await findVisibleClient(user, clientId);
    if (!assessment) throw new AppError('NOT_FOUND', 'assessment_not_found');
    return { client, assessment };
  }

  return {
    /** The client as this user may see it: personal data (masked where the law says), the assessment, the referrals. */
    async getClient(user: AuthUser, clientId: string) {
      const { client, assessment, cases } = await findVisibleClient(user, clientId);
      const now = clock.now();
      const responsibleUserId = viewResponsibleOf({ assessment, cases });
      const uppdrag = await prisma.assessmentDocument.findMany({
        where: { kind: 'uppdragsbeskrivning', caseId: { in: cases.map((c) => c.id) }, ...(isKc(user) ? { sentAt: { not: null } } : {}) },
        orderBy: { createdAt: 'desc' },
        include: documentInclude,
      });
      const snapshot = assessment ? restoreAssessment(assessment) : startBedomning();
      return {
        client: clientView(user, client, responsibleUserId),
        assessment: assessment ? buildAssessmentView(user, { ...assessment, client }, catalog, now) : null,
        referrals: cases.map((c) => ({
          id: c.id,
          reference: caseReference(c.number),
          state: c.state,
          status: c.status,
          uppdragsbeskrivning: uppdragsbeskrivningFor(user, snapshot, c, now),
        })),
        uppdragsbeskrivningar: uppdrag.map(documentView),
      };
    },

    async getAssessment(user: AuthUser, clientId: string) {
      const { assessment } = await findVisibleAssessment(user, clientId);
      return loadAssessmentView(prisma, catalog, user, assessment.id, clock.now());
    },

    async getHistory(user: AuthUser, clientId: string) {
      const { assessment } = await findVisibleAssessment(user, clientId);
      const events = await prisma.assessmentEvent.findMany({ where: { assessmentId: assessment.id }, orderBy: { seq: 'asc' }, include: assessmentEventActorInclude });
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
            include: { versions: { orderBy: { version: 'asc' } }, ...documentInclude },
          })
        : null;
      if (!document) throw documentNotFound(kind);
      // findVisibleClient already holds what this user may see: the assessment, or (KC) the referrals.
      const mayRead = isKc(user)
        ? kind === 'uppdragsbeskrivning' && document.sentAt !== null && cases.some((kase) => kase.id === document.caseId)
        : assessment !== null;
      if (!mayRead) throw documentNotFound(kind);
      // KC reads the uppdragsbeskrivning as sent (process.md "What KC sees"), not the drafts before it: an earlier version may hold
      // what was imported from the bedömningsstöd or written and then taken out by the socialsekreterare. A sent one is never
      // revised (the bedömning machine's isUnsentUppdragsbeskrivning), so its last version is the one sent.
      const versions = isKc(user) ? document.versions.slice(-1) : document.versions;
      // Who wrote each version, by name (people at work, never the client).
      const authorRows = await prisma.user.findMany({ where: { id: { in: [...new Set(versions.map((v) => v.createdById))] } }, select: { displayName: true, id: true } });
      const authors = new Map(authorRows.map((author) => [author.id, author.displayName]));
      return {
        ...documentView(document),
        current: versions.at(-1)?.content ?? null,
        versions: versions.map((v) => ({
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
  };
}

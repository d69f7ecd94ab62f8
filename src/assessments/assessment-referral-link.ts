/**
 * Where the referral meets the bedömningsstöd (process.md "Two machines, and
 * where they meet"): what a referral tells the assessment inside its own
 * transaction (the uppdrag was sent: INSATS_STARTED; the referral ended:
 * INSATS_ENDED), and the checks of an uppdragsbeskrivning against its referral.
 */
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/types';
import { visibleCasesWhere } from '../cases/case-access';
import type { ReferralLink } from '../cases/case-service';
import type { NotYetPossibleStep } from '../cases/case-view';
import { errorMessage } from '../texts/error-messages';
import { ANVISNING_VERSION } from '../../machines/anvisning';
import { restoreCase } from '../cases/case-snapshot';
import { caseReference } from '../cases/case-view';
import type { Prisma } from '../db/database';
import { AppError } from '../errors';
import type { AssessmentCommands } from './assessment-commands';
import { lockAssessmentOf } from './assessment-queries';
import { restoreAssessment } from './assessment-snapshot';

type Tx = Prisma.TransactionClient;

type ReferralRow = { number: number; status: string; sentToKc: boolean; snapshot: unknown; machineVersion: number };

/**
 * Why the referral's side refuses an uppdragsbeskrivning now (Handbok, "Upprätta uppdragsbeskrivning": one of the client’s
 * active referrals, before its uppdrag is sent), or null.
 */
export function referralRefusesUppdrag(kase: ReferralRow): AppError | null {
  // A referral a newer release wrote is not read here (src/aggregates/machine-versions.ts).
  if (kase.machineVersion > ANVISNING_VERSION) return new AppError('CONFLICT', 'machine_version_newer', { aggregate: 'case', stored: kase.machineVersion, current: ANVISNING_VERSION });
  if (kase.sentToKc) return new AppError('NOT_ALLOWED_IN_STATE', 'referral_uppdrag_already_sent', { reference: caseReference(kase.number) });
  if (kase.status !== 'active') return new AppError('NOT_ALLOWED_IN_STATE', 'referral_ended', { reference: caseReference(kase.number) });
  return null;
}

/**
 * The date of the referral's decision under 12 kap 4 § SoL, as its own machine holds it; null before one is made.
 * Whether an uppdragsbeskrivning may be made without one is the bedömning machine's rule (it reads this date).
 */
export function referralDecisionDate(kase: ReferralRow): string | null {
  return restoreCase(kase).context.decision?.decisionDate ?? null;
}

/** The referral of an uppdragsbeskrivning: visible, active, its uppdrag not sent; returns its decision date (or null). */
export async function checkReferralForUppdrag(tx: Tx, user: AuthUser, clientId: string, caseId: string): Promise<string | null> {
  const kase = await tx.case.findFirst({ where: { AND: [{ id: caseId, clientId }, visibleCasesWhere(user)] } });
  if (!kase) throw new AppError('NOT_FOUND', 'referral_not_found');
  const refusal = referralRefusesUppdrag(kase);
  if (refusal) throw refusal;
  return referralDecisionDate(kase);
}

/**
 * The referral's uppdragsbeskrivning when it lacks the socialsekreterare's own assessment (Handbok, "Upprätta
 * uppdragsbeskrivning": completed with it before it is sent), else null; no uppdragsbeskrivning at all is no refusal.
 */
async function uppdragsbeskrivningLackingOwnAssessment(tx: Tx, caseId: string): Promise<string | null> {
  const document = await tx.assessmentDocument.findFirst({ where: { caseId, kind: 'uppdragsbeskrivning' }, include: { versions: { orderBy: { version: 'desc' }, take: 1 } } });
  if (!document) return null;
  return String((document.versions[0]?.content as { egenBedomning?: unknown } | undefined)?.egenBedomning ?? '').trim() ? null : document.id;
}

/**
 * The uppdrag checks as the case view reports them before the click: UPPDRAG_SENT that the machine allows but this
 * check would refuse, with the reason and the document to complete (the same check as applyReferralEvent's).
 */
export async function uppdragNotYetPossible(tx: Tx, caseId: string): Promise<NotYetPossibleStep[]> {
  const documentId = await uppdragsbeskrivningLackingOwnAssessment(tx, caseId);
  if (!documentId) return [];
  const code = 'uppdragsbeskrivning_lacks_own_assessment';
  return [{ type: 'UPPDRAG_SENT', reasons: [{ code, text: errorMessage(code, undefined), fix: { kind: 'uppdragsbeskrivning', documentId } }] }];
}

export function createAssessmentReferralLink(steps: Pick<AssessmentCommands, 'createAssessmentRow' | 'transitionInTx'>): ReferralLink {
  const { createAssessmentRow, transitionInTx } = steps;
  return {
    /**
     * The service's own events, inside a referral's transaction (process.md "Two machines"):
     * the uppdrag reached KC, or the referral ended. Creates the assessment when a
     * referral is sent for a client without one, so the follow-up opens after it.
     */
    notYetPossible: uppdragNotYetPossible,
    async applyReferralEvent(tx, referral, change, at) {
      await lockAssessmentOf(tx, referral.clientId);
      let row = await tx.assessment.findUnique({ where: { clientId: referral.clientId } });
      const meta = { actorId: 'system', role: 'system' as const, at: at.toISOString() };
      const system: AuthUser = { id: 'system', username: 'system', displayName: 'Stegvis', role: 'system', unit: 'Stegvis' };
      if (change.kind === 'sent') {
        row ??= await createAssessmentRow(tx, referral.clientId, { id: referral.responsibleUserId, role: 'socialsekreterare', unit: referral.unit }, at);
        const lacking = await uppdragsbeskrivningLackingOwnAssessment(tx, referral.caseId);
        if (lacking) throw new AppError('NOT_ALLOWED_IN_STATE', 'uppdragsbeskrivning_lacks_own_assessment', undefined, { uppdragsbeskrivningId: lacking });
        const document = await tx.assessmentDocument.findFirst({ where: { caseId: referral.caseId, kind: 'uppdragsbeskrivning' }, select: { id: true } });
        await transitionInTx(tx, system, row, { type: 'INSATS_STARTED', caseId: referral.caseId, uppdragsbeskrivningId: document?.id ?? null, meta });
        return;
      }
      if (!row || restoreAssessment(row).context.insats?.caseId !== referral.caseId) return;
      const questionnaireId = change.outcome === 'ej_sjalvforsorjande' ? randomUUID() : null;
      await transitionInTx(tx, system, row, { type: 'INSATS_ENDED', caseId: referral.caseId, outcome: change.outcome, questionnaireId, meta });
    },
  };
}

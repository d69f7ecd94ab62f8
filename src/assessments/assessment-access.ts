/**
 * Who may see a client's bedömningsstöd (process.md "What KC sees": not the
 * assessments of the bedömningsstöd). One place for the rule, as case-access.ts
 * is for cases.
 */
import type { AuthUser } from '../auth/types';
import type { Prisma } from '../db/database';
import { rowMatchesWhere } from '../db/row-matches-where';

/** The assessments a user may read: the socialsekreterare working with the client, and the unit's 1:e socialsekreterare. */
export function visibleAssessmentsWhere(user: AuthUser): Prisma.AssessmentWhereInput {
  switch (user.role) {
    case 'socialsekreterare':
      // Responsible for the assessment, and no one else: a referral of the same client gives no access (a handover does).
      return { responsibleUserId: user.id };
    case 'forste_socialsekreterare':
      // The unit's assessments, and those another unit asks it to take over.
      return { OR: [{ unit: user.unit }, { pendingTransferUnit: user.unit }] };
    case 'arbetsmarknadskonsulent':
    case 'kc_samordnare':
      return { id: { in: [] } };
    case 'system':
      return {};
  }
}

/** May this user read this assessment? The rule above, read on the row already loaded (no query: issue 19). */
export function mayReadAssessment(user: AuthUser, row: Prisma.AssessmentGetPayload<object>): boolean {
  return rowMatchesWhere(visibleAssessmentsWhere(user), row);
}

/** KC's roles: they never see an assessment, only an uppdragsbeskrivning sent with a referral they see. */
export function isKc(user: AuthUser): boolean {
  return user.role === 'arbetsmarknadskonsulent' || user.role === 'kc_samordnare';
}

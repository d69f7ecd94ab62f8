/**
 * Who may see a client's bedömningsstöd (process.md "What KC sees": not the
 * assessments of the bedömningsstöd). One place for the rule, as case-access.ts
 * is for cases.
 */
import type { AuthUser } from '../auth/types';
import type { Prisma } from '../db/database';

/** The assessments a user may read: the socialsekreterare working with the client, and the unit's 1:e socialsekreterare. */
export function visibleAssessmentsWhere(user: AuthUser): Prisma.AssessmentWhereInput {
  switch (user.role) {
    case 'socialsekreterare':
      // Responsible for the assessment, or for one of the client's referrals (the uppdragsbeskrivning imports from it).
      return { OR: [{ responsibleUserId: user.id }, { client: { cases: { some: { responsibleUserId: user.id } } } }] };
    case 'forste_socialsekreterare':
      return { unit: user.unit };
    case 'arbetsmarknadskonsulent':
    case 'kc_samordnare':
      return { id: { in: [] } };
    case 'system':
      return {};
  }
}

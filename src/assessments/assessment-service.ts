/**
 * The bedömningsstöd's use cases, as one service: a thin composition of its parts.
 * - assessment-commands.ts: the steps (one transaction each, through src/aggregates/transition.ts);
 * - assessment-queries.ts: the reads (the client, history, questionnaires, documents, import sources, progression);
 * - assessment-view.ts: the assessment as a user sees it;
 * - assessment-referral-link.ts: what a referral tells the assessment (INSATS_STARTED, INSATS_ENDED), inside the referral's transaction,
 *   and the uppdrag checks the case view reports before the click (notYetPossible).
 */
import type { Clock } from '../clock';
import type { PrismaClient } from '../db/database';
import { createAssessmentCommands } from './assessment-commands';
import { createAssessmentQueries } from './assessment-queries';
import { createAssessmentReferralLink } from './assessment-referral-link';
import type { QuestionnaireCatalog } from './questionnaire-catalog';

export { ASSESSMENT_CREATED } from '../aggregates/creation-events';
export type { SendAssessmentEventOptions } from './assessment-commands';
export { ZImportSourcesQuery } from './assessment-queries';

export function createAssessmentService(deps: { prisma: PrismaClient; clock: Clock; catalog: QuestionnaireCatalog }) {
  const commands = createAssessmentCommands(deps);
  const { applyReferralEvent, notYetPossible } = createAssessmentReferralLink(commands);
  return {
    ...createAssessmentQueries(deps),
    sendEvent: commands.sendEvent,
    applyReferralEvent,
    notYetPossible,
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;

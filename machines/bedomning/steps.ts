/**
 * The bedömningsstöd's step rules (machines/shared/steps.ts): each guard of the
 * machine is `guardOf` one of these, and `nextBedomningSteps` reads the same
 * rules for the transitions the current state has, so "may this be done now,
 * and what does it need?" is answered once, without probe events.
 */
import { handoverRules } from '../shared/handover';
import { hasText, isOneOf, type StepRule, type StepRules } from '../shared/steps';
import type { QuestionnaireKind, Track } from './events';
import { followsIndication } from './indication';
import type { BedomningContext } from './machine';

export const TRACK_KINDS: readonly QuestionnaireKind[] = ['arbetsmarknad', 'rehab'];

const ids = (context: BedomningContext, status: 'pagaende' | 'klar', kinds: readonly QuestionnaireKind[]) =>
  context.questionnaires.filter((q) => q.status === status && kinds.includes(q.kind)).map((q) => q.id);
const optionalFrom = (list: readonly string[] | undefined, value: unknown) => value === undefined || isOneOf(list, value);

type Rule<P = undefined> = StepRule<BedomningContext, P>;

export const bedomningRules = {
  ...handoverRules,
  // A step on a questionnaire names an open one of the state's kinds.
  isOpenQuestionnaireOf: {
    needs: (context, _meta, params) => {
      const open = ids(context, 'pagaende', params.kinds);
      return open.length > 0 ? { requires: ['questionnaireId'], questionnaireIds: open } : null;
    },
    accepts: (needs, event) => isOneOf(needs.questionnaireIds, event.questionnaireId),
  } satisfies Rule<{ kinds: readonly QuestionnaireKind[] }>,
  // Bedömningsstöd, "Övergripande process": re-starting the initial part mid-cycle (an omprövning) is a deviation, written down.
  hasRestartReason: { rules: ['bedomning.restart-mid-cycle-needs-reason'], needs: () => ({ requires: ['reason'] }), accepts: (_needs, event) => hasText(event.reason) } satisfies Rule,
  // Handbok, "Val av inriktning": the socialsekreterare decides; a choice against the indication carries her reason.
  followsIndicationOrHasReason: {
    rules: ['bedomning.choice-against-indication-needs-reason'],
    needs: (context) => ({ requires: ['tracks'], conditional: ['reasonAgainstIndication'], indicatedTracks: [...(context.indication?.tracks ?? [])] }),
    accepts: (_needs, event, context) =>
      hasText(event.reasonAgainstIndication) || (context.indication !== null && followsIndication(context.indication, event.tracks as Track[])),
  } satisfies Rule,
  // Bedömningsstöd, "Uppföljning": also after a track that led to no insats; the track must have been done. While an
  // insats runs (a new cycle started during it), its follow-up comes after it ends.
  hasCompletedTrackThisCycle: {
    rules: ['bedomning.uppfoljning-after-track'],
    needs: (context) =>
      context.insats === null && context.questionnaires.some((q) => q.cycle === context.cycle && q.status === 'klar' && TRACK_KINDS.includes(q.kind)) ? { requires: [] } : null,
  } satisfies Rule,
  // Bedömningsstöd, "Arbetsplan": import only from a completed initial part; without one the plan starts empty.
  isArbetsplanImportAllowed: {
    rules: ['bedomning.arbetsplan-imports-initial-part'],
    needs: (context) => ({ requires: [], importFrom: ids(context, 'klar', ['inledande']) }),
    accepts: (needs, event) => optionalFrom(needs.importFrom, event.importFrom),
  } satisfies Rule,
  isArbetsplan: {
    needs: (context) => {
      const documents = context.documents.filter((d) => d.kind === 'arbetsplan').map((d) => d.id);
      return documents.length > 0 ? { requires: ['documentId'], documentIds: documents } : null;
    },
    accepts: (needs, event) => isOneOf(needs.documentIds, event.documentId),
  } satisfies Rule,
  // Handbok, "Upprätta uppdragsbeskrivning": import from a completed track questionnaire, never from the initial part; one per referral,
  // made once the decision on the referral under 12 kap 4 § SoL is taken (the service adds the referral's decision date to the event;
  // null when it has none).
  isUppdragsbeskrivningAllowed: {
    rules: ['bedomning.uppdragsbeskrivning-imports-track', 'bedomning.uppdragsbeskrivning-after-decision'],
    needs: (context) => ({ requires: ['caseId'], importFrom: ids(context, 'klar', TRACK_KINDS) }),
    accepts: (needs, event, context) =>
      hasText(event.referralDecisionDate) &&
      optionalFrom(needs.importFrom, event.importFrom) &&
      !context.documents.some((d) => d.kind === 'uppdragsbeskrivning' && d.caseId === event.caseId),
  } satisfies Rule,
  isUnsentUppdragsbeskrivning: {
    needs: (context) => {
      const documents = context.documents.filter((d) => d.kind === 'uppdragsbeskrivning' && d.sentAt === null).map((d) => d.id);
      return documents.length > 0 ? { requires: ['documentId'], documentIds: documents } : null;
    },
    accepts: (needs, event) => isOneOf(needs.documentIds, event.documentId),
  } satisfies Rule,
};

/** The rules as the shared reader of transitions takes them (`nextStepsOf`). */
export const BEDOMNING_STEPS: StepRules<BedomningContext> = { machine: 'bedomning', rules: bedomningRules };

/**
 * The anvisning's step rules (machines/shared/steps.ts): each guard of the
 * machine is `guardOf` one of these, and `nextAnvisningSteps` reads the same
 * rules for the transitions the active states (the innermost first, then their
 * parents) have, so "may this be done now, and what does it need?" is answered
 * once, without probe events. A rule that only chooses between two transitions
 * of one event (`hasAfActivity`) is always
 * possible and looks at the payload in `accepts`; the other transition takes
 * the event when it does not accept.
 */
import { format, parseISO, subDays } from 'date-fns';
import { stockholmDate } from './shared/dates';
import { handoverRules, isReceivingPendingTransfer } from './shared/handover';
import { isOneOf, possibleIf, type StepNeeds, type StepRule, type StepRules } from './shared/steps';
import type { Role } from './shared/roles';
import type { AnvisningContext, DecisionBlocker, Disagreement, ExternalArea } from './machine';

type Rule = StepRule<AnvisningContext>;

/**
 * What still stands between the förberedelse and a decision (process.md §2). Empty = ready.
 */
export function decisionBlockers(context: AnvisningContext): DecisionBlocker[] {
  const blockers: DecisionBlocker[] = [];
  if (!context.samrad.afNotifiedOn) blockers.push({ code: 'samrad_missing' });
  if (!context.criteria) blockers.push({ code: 'criteria_missing' });
  else if (!context.criteria.allMet && !context.criteria.deviationReason) blockers.push({ code: 'criteria_deviation_reason_missing' });
  if (!context.consentRecordedAt) blockers.push(context.consentDeclined ? { code: 'consent_declined' } : { code: 'consent_missing' });
  if (!context.arbetsplanUpdatedAt) blockers.push({ code: 'arbetsplan_missing' });
  // Skyddade personuppgifter (Rutin, "Bilaga 1"): the KC samordnare first.
  if (context.protectedIdentity && !context.samordnareConsultedAt) blockers.push({ code: 'samordnare_not_consulted' });
  return blockers;
}

/** A party as consents are recorded and compared: trimmed, in lower case. */
export function normaliseParty(party: string): string {
  return party.trim().toLocaleLowerCase('sv-SE');
}

/** Not self-sufficient, and neither the three-party meeting nor the reason it could not be held is recorded yet. */
const closingMeetingOpen = (context: AnvisningContext) =>
  context.closing !== null && !context.closing.selfSufficient && context.closing.meetingHeldOn === null && context.closing.meetingNotHeld === null;

/** Every closing step is in (Rutin, "Avslut av insats"): the meeting or its reason when not self-sufficient, the document, both closings. */
export function isClosingDone(context: AnvisningContext): boolean {
  const { closing } = context;
  if (closing === null) return false;
  const meetingDone = closing.selfSufficient || closing.meetingHeldOn !== null || closing.meetingNotHeld !== null;
  return meetingDone && closing.closingDocumentCreatedOn !== null && closing.insatsClosedAt !== null && closing.gwaClosedAt !== null;
}
/** Whether an open disagreement holds back the closing steps (process.md §5): only one about the closing does. */
export const noClosingDisagreement = (context: AnvisningContext) => !openDisagreements(context).some((d) => d.topic === 'avslut');

export function openDisagreements(context: AnvisningContext): Disagreement[] {
  return context.disagreements.filter((d) => d.resolved === null);
}

/** The next disagreement's number: one more than the highest so far (version 2's count carries on). */
export function nextDisagreementId(context: AnvisningContext): string {
  return String(context.disagreements.reduce((highest, d) => Math.max(highest, Number(d.id)), 0) + 1);
}

/**
 * Which open disagreements a step may name: it names one (`disagreementId`) when more than one is open,
 * otherwise the only open one is meant. Null when none of them is ready for the step.
 */
function disagreementStep(context: AnvisningContext, ready: (d: Disagreement) => boolean): StepNeeds | null {
  const open = openDisagreements(context);
  const ids = open.filter(ready).map((d) => d.id);
  if (ids.length === 0) return null;
  return { requires: open.length > 1 ? ['disagreementId'] : [], disagreementIds: ids };
}
const acceptsNamedDisagreement: NonNullable<Rule['accepts']> = (needs, event) =>
  event.disagreementId === undefined ? !needs.requires.includes('disagreementId') : isOneOf(needs.disagreementIds, event.disagreementId);

/** The manager's side a position is recorded for. */
export function managerSide(role: Role): 'forste_socialsekreterare' | 'kc_samordnare' | null {
  return role === 'forste_socialsekreterare' || role === 'kc_samordnare' ? role : null;
}

/** The area in which a role records external contacts (Rutin, "Vid pågående insats"). */
export function externalAreaOf(role: Role): ExternalArea | null {
  if (role === 'socialsekreterare') return 'socialt_halsa';
  if (role === 'arbetsmarknadskonsulent') return 'kompetens_jobb';
  return null;
}

/** The first day a renewal (and its samråd) is possible: validUntil − the case's window (process.md §4). */
export function renewalOpensOn(context: AnvisningContext): string | null {
  if (!context.decision) return null;
  return format(subDays(parseISO(context.decision.validUntil), context.renewal.windowDays), 'yyyy-MM-dd');
}

const isRenewalWindowOpenAt = (context: AnvisningContext, at: string) => {
  const opensOn = renewalOpensOn(context);
  return opensOn !== null && stockholmDate(at) >= opensOn;
};

/** Renewal's samråd: which of the three steps are recorded in the current window (emptied by each renewal). */
export function renewalSamradRecorded(context: AnvisningContext) {
  const { samrad } = context.renewal;
  return { ssbtek: samrad.ssbtekRecordedAt !== null, afPlan: samrad.afPlanCheckedAt !== null, afNotified: samrad.afNotifiedOn !== null };
}

/** One thing that stands before a renewal, as a code with parameters (words: src/texts/process-messages.ts). */
export type RenewalBlocker = { code: 'renewal_window_not_open'; opensOn: string } | { code: 'renewal_samrad_missing'; step: 'SSBTEK_INFO_RECORDED' | 'AF_PLAN_CHECKED' | 'AF_NOTIFIED' };

/** What still stands before a renewal now (process.md §4). Empty = ready; the case page shows it as "not yet possible, because …". */
export function renewalBlockers(context: AnvisningContext, at: string): RenewalBlocker[] {
  const opensOn = renewalOpensOn(context);
  if (opensOn === null) return [];
  if (stockholmDate(at) < opensOn) return [{ code: 'renewal_window_not_open', opensOn }];
  const recorded = renewalSamradRecorded(context);
  const blockers: RenewalBlocker[] = [];
  if (!recorded.ssbtek) blockers.push({ code: 'renewal_samrad_missing', step: 'SSBTEK_INFO_RECORDED' });
  if (!recorded.afPlan) blockers.push({ code: 'renewal_samrad_missing', step: 'AF_PLAN_CHECKED' });
  if (!recorded.afNotified) blockers.push({ code: 'renewal_samrad_missing', step: 'AF_NOTIFIED' });
  return blockers;
}
/** A choice between two transitions: always possible, the payload picks the first one when it `accepts`. */
const choiceBy = (accepts: NonNullable<Rule['accepts']>): Rule => ({ needs: () => ({ requires: [] }), accepts });

export const anvisningRules = {
  ...handoverRules,
  // Bilaga 1: contact the KC samordnare before a decision on a protected case.
  isProtectedIdentity: { rules: ['beslut.samordnare-consulted-if-protected'], needs: (context) => possibleIf(context.protectedIdentity) } satisfies Rule,
  // Marked once: a client marked protected after the referral was created (Bilaga 1 from then on).
  isNotProtectedIdentity: { rules: ['forberedelse.protected-identity-marked-later'], needs: (context) => possibleIf(!context.protectedIdentity) } satisfies Rule,
  isReadyForDecision: {
    rules: [
      'beslut.samrad-before-decision',
      'beslut.consent-and-arbetsplan-before-decision',
      'beslut.criteria-deviation-written',
      'beslut.samordnare-consulted-if-protected',
      'forberedelse.decision-needs-consent',
      'forberedelse.not-unemployed-is-deviation',
    ],
    needs: (context) => possibleIf(decisionBlockers(context).length === 0),
  } satisfies Rule,
  // Samråd steg (2): a planned or ongoing AF activity makes the referral wait (vilande); none lets samråd go on.
  hasAfActivity: choiceBy((_needs, event) => event.afActivity === 'planerad' || event.afActivity === 'pagaende'),
  isGenomforandeplanEstablished: { rules: ['insats.genomforandeplan-once-then-updated'], needs: (context) => possibleIf(context.genomforandeplan.establishedOn !== null) } satisfies Rule,
  isGenomforandeplanMissing: { rules: ['insats.genomforandeplan-once-then-updated'], needs: (context) => possibleIf(context.genomforandeplan.establishedOn === null) } satisfies Rule,
  isFollowUpBooked: { rules: ['insats.follow-up-held-when-booked'], needs: (context) => possibleIf(context.followUp.bookedAt !== null) } satisfies Rule,
  // Rutin, "Vid pågående insats": client consent is needed before contact with external parties; the contact names one of
  // them, and each side records contacts in its own area (the socialsekreterare social and health, the consultant skills and job).
  hasExternalConsentForParty: {
    rules: ['insats.external-contact-needs-consent', 'insats.external-contact-own-area'],
    needs: (context, meta) => {
      const area = externalAreaOf(meta.role);
      const parties = [...new Set(context.externalConsents.filter((consent) => consent.area === area).map((consent) => consent.party))];
      return parties.length > 0 ? { requires: ['party'], parties } : null;
    },
    accepts: (needs, event) => typeof event.party === 'string' && isOneOf(needs.parties, normaliseParty(event.party)),
  } satisfies Rule,
  // "Trepartsmöte bokas vid behov" during the insats: held once booked.
  isThreePartyMeetingBooked: { rules: ['insats.three-party-meeting-held'], needs: (context) => possibleIf(context.threePartyMeeting.bookedAt !== null) } satisfies Rule,
  hasUnacknowledgedAvvikelse: {
    rules: ['insats.avvikelse-until-acknowledged'],
    needs: (context) => possibleIf(context.avvikelser.count > context.avvikelser.acknowledgedCount),
  } satisfies Rule,
  // A renewal is a new decision (process.md §4): it opens a window before validUntil (and stays open after expiry),
  // after samråd med AF again in that window, in the order of the first samråd.
  isRenewalWindowOpen: { rules: ['beslut.renewal-window'], needs: (context, meta) => possibleIf(isRenewalWindowOpenAt(context, meta.at)) } satisfies Rule,
  mayCheckAfPlanForRenewal: {
    rules: ['beslut.renewal-samrad-again'],
    needs: (context, meta) => possibleIf(isRenewalWindowOpenAt(context, meta.at) && renewalSamradRecorded(context).ssbtek),
  } satisfies Rule,
  mayJudgeAfActivityUnsuitableForRenewal: {
    rules: ['beslut.renewal-samrad-again'],
    needs: (context, meta) => {
      const { afActivity, afActivityUnsuitable } = context.renewal.samrad;
      return possibleIf(isRenewalWindowOpenAt(context, meta.at) && (afActivity === 'planerad' || afActivity === 'pagaende') && afActivityUnsuitable === null);
    },
  } satisfies Rule,
  // Samråd steg (3) only with no AF activity, or one judged not a suitable measure (as before the first decision).
  mayNotifyAfForRenewal: {
    rules: ['beslut.renewal-samrad-again'],
    needs: (context, meta) => {
      const { afActivity, afActivityUnsuitable } = context.renewal.samrad;
      return possibleIf(isRenewalWindowOpenAt(context, meta.at) && (afActivity === 'ingen' || (afActivity !== null && afActivityUnsuitable !== null)));
    },
  } satisfies Rule,
  isReadyForRenewal: {
    rules: ['beslut.renewal-window', 'beslut.renewal-samrad-again'],
    needs: (context, meta) => possibleIf(renewalBlockers(context, meta.at).length === 0 && context.decision !== null),
  } satisfies Rule,
  isRenewalCommunicationPending: { rules: ['beslut.renewal-communicated'], needs: (context) => possibleIf(context.renewal.communicationPending) } satisfies Rule,
  hasDecisionExpired: {
    rules: ['insats.decision-expiry-waits'],
    needs: (context, meta) => possibleIf(context.decision !== null && stockholmDate(meta.at) > context.decision.validUntil),
  } satisfies Rule,
  // "Vid oenighet": each side's manager records its position once per disagreement (the 1:e socialsekreterare of the
  // unit that has the case, not a unit only asked to take it over, which sees it while the transfer is pending).
  mayRecordDisagreementPosition: {
    rules: ['oenighet.position-per-side'],
    needs: (context, meta) => {
      const side = managerSide(meta.role);
      if (side === null || isReceivingPendingTransfer(context, meta)) return null;
      return disagreementStep(context, (d) => d.positions[side] === null);
    },
    accepts: acceptsNamedDisagreement,
  } satisfies Rule,
  // Resolved by the 1:e socialsekreterare once both positions are in: a decision under SoL is the social services'.
  mayResolveDisagreement: {
    rules: ['oenighet.resolved-after-both-positions'],
    needs: (context, meta) =>
      isReceivingPendingTransfer(context, meta) ? null : disagreementStep(context, (d) => d.positions.forste_socialsekreterare !== null && d.positions.kc_samordnare !== null),
    accepts: acceptsNamedDisagreement,
  } satisfies Rule,
  isDecisionExpiredBeforeClosing: { needs: (context) => possibleIf(context.decisionExpired) } satisfies Rule,
  // Closing is blocked while a disagreement is open (process.md §5); each side closes its own part once.
  isInsatsOpenAndNoDisagreement: {
    rules: ['oenighet.blocks-closing'],
    needs: (context) => possibleIf(noClosingDisagreement(context) && context.closing?.insatsClosedAt === null),
  } satisfies Rule,
  isGwaOpenAndNoDisagreement: {
    rules: ['oenighet.blocks-closing'],
    needs: (context) => possibleIf(noClosingDisagreement(context) && context.closing?.gwaClosedAt === null),
  } satisfies Rule,
  isClosingDocumentMissing: {
    rules: ['oenighet.blocks-closing', 'avslut.closing-steps-any-order'],
    needs: (context) => possibleIf(noClosingDisagreement(context) && context.closing !== null && context.closing.closingDocumentCreatedOn === null),
  } satisfies Rule,
  // Rutin, "Avslut av insats": not self-sufficient → "bokas ett trepartsmöte", booked by KC.
  mayBookClosingMeeting: {
    rules: ['avslut.closing-meeting-booked-by-kc'],
    needs: (context, meta) => possibleIf(meta.role === 'arbetsmarknadskonsulent' && closingMeetingOpen(context)),
  } satisfies Rule,
  // The meeting held, or why it could not be: the machine never makes anyone record a meeting that did not happen.
  isClosingMeetingOpen: {
    rules: ['oenighet.blocks-closing', 'avslut.closing-meeting-not-held-with-reason'],
    needs: (context) => possibleIf(noClosingDisagreement(context) && closingMeetingOpen(context)),
  } satisfies Rule,
  // Every closing step in, in any order (an `always` transition: no step of its own).
  isClosingComplete: {
    rules: ['avslut.closing-steps-any-order'],
    needs: (context) => possibleIf(isClosingDone(context)),
  } satisfies Rule,
  // Rutin, "Om klient missar tid": the socialsekreterare decides whether a new time is relevant.
  isUppdragNotWithdrawn: { rules: ['inskrivning.no-meeting-both-sides'], needs: (context) => possibleIf(context.missedInskrivning?.uppdragWithdrawn == null) } satisfies Rule,
  isNotCancelledInGwa: { rules: ['inskrivning.no-meeting-both-sides'], needs: (context) => possibleIf(context.missedInskrivning?.cancelledInGwa == null) } satisfies Rule,
  // "Om inskrivningsmöte ej sker": both sides recorded it, in either order (an `always` transition).
  isNoInskrivningRecordedByBoth: {
    rules: ['inskrivning.no-meeting-both-sides'],
    needs: (context) => possibleIf(context.missedInskrivning?.uppdragWithdrawn != null && context.missedInskrivning.cancelledInGwa != null),
  } satisfies Rule,
  // Once the uppdrag is at KC: the samordnare assigns anyone (not the one already assigned);
  // a consultant takes an unassigned referral for herself. Protected clients go through the samordnare (Bilaga 1).
  mayAssignKcConsultant: {
    rules: ['kc-view.assigned-consultant'],
    needs: (context, meta) => {
      if (context.uppdrag === null) return null;
      if (meta.role === 'kc_samordnare') return { requires: ['consultantId'], notConsultantIds: context.kcConsultantId ? [context.kcConsultantId] : [] };
      return !context.kcConsultantId && !context.protectedIdentity ? { requires: ['consultantId'], consultantIds: [meta.actorId] } : null;
    },
    accepts: (needs, event) =>
      needs.consultantIds ? isOneOf(needs.consultantIds, event.consultantId) : !(needs.notConsultantIds ?? []).includes(String(event.consultantId)),
  } satisfies Rule,
};

/** The rules as the shared reader of transitions takes them (`nextStepsOf`). */
export const ANVISNING_STEPS: StepRules<AnvisningContext> = { machine: 'anvisning', rules: anvisningRules };

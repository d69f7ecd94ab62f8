/**
 * Anvisning till insats på Kompetenscenter enligt 12 kap 4 § SoL, one machine
 * per referral. Source: Rutin ("Rutin: anvisning till insats på Kompetenscenter (KC)
 * enligt 12 kap 4 § SoL"); the process as Stegvis runs it: docs/process.md "Anvisning, phase by phase".
 *
 * Pure: no I/O and no clock. Every event carries `meta.at` (the service's time)
 * and the guards read only the context, the event and that time. Passing time
 * (an expired decision) arrives as the DECISION_EXPIRED event from the scheduler.
 */
import { assertEvent, assign, setup } from 'xstate';
import { oneYearValidUntil, stockholmDate } from './shared/dates';
import { applyHandover, type HandoverContext } from './shared/handover';
import type { Role } from './shared/roles';
import { guardsOf } from './shared/steps';
import type { AF_ACTIVITIES, AnvisningEvent, AVVIKELSE_KINDS, CLOSING_REASONS, DISAGREEMENT_TOPICS, EXTERNAL_AREAS, UNEMPLOYMENT } from './events';
import { anvisningRules, nextDisagreementId, normaliseParty } from './steps';

export { decisionBlockers, renewalBlockers } from './steps';

/**
 * Why a referral ended `avbruten`. `af_insats` (an AF activity ended the referral) is no longer produced
 * since version 2 (an AF activity makes it wait instead), but referrals of version 1 that ended so keep it.
 */
export type EndReason = 'af_insats' | 'ingen_inskrivning' | 'aterkallad';
export type ClosingReason = (typeof CLOSING_REASONS)[number];
export type AfActivity = (typeof AF_ACTIVITIES)[number];
export type Unemployment = (typeof UNEMPLOYMENT)[number];
export type AvvikelseKind = (typeof AVVIKELSE_KINDS)[number];
export type ExternalArea = (typeof EXTERNAL_AREAS)[number];
export type DisagreementTopic = (typeof DISAGREEMENT_TOPICS)[number];

/**
 * How many days before validUntil a renewal opens when the configuration says nothing
 * (process.md §4: an assumption, configurable; the case keeps the value it was created with).
 */
export const DEFAULT_RENEWAL_WINDOW_DAYS = 60;

/** Samråd med AF again before a renewal (process.md §4): apart from the first samråd, emptied by each renewal. */
export interface RenewalSamrad {
  ssbtekRecordedAt: string | null;
  afPlanCheckedAt: string | null;
  afActivity: AfActivity | null;
  afActivityUnsuitable: null | { reason: string; judgedAt: string };
  afNotifiedOn: string | null;
}

export interface Renewal {
  /**
   * Days before validUntil the renewal (and its samråd) opens. Data, not a constant of the machine: set from the
   * configuration when the case is created (the input, stored with CASE_CREATED), so a replay decides the same.
   */
  windowDays: number;
  samrad: RenewalSamrad;
  /** A renewed decision not yet communicated to the client (DECISION_COMMUNICATED follows DECISION_RENEWED). */
  communicationPending: boolean;
}

/** One manager's position on a disagreement (process.md §5). */
export interface DisagreementPosition {
  position: string;
  recordedAt: string;
}

/** One disagreement (oenighet), open until the 1:e socialsekreterare resolves it. */
export interface Disagreement {
  /** Its number in the case ("1", "2", …): the position and resolution name it when more than one is open. */
  id: string;
  topic: DisagreementTopic;
  /** What it is about, as raised; null for one carried over from version 2 (its text is in the stored event). */
  description: string | null;
  raisedBy: Role;
  raisedAt: string;
  /** Flagged as a samverkansfråga for the managers' forums, when raised or when resolved. */
  samverkansfraga: boolean;
  positions: { forste_socialsekreterare: DisagreementPosition | null; kc_samordnare: DisagreementPosition | null };
  resolved: null | { outcome: string; resolvedAt: string };
}

/** An external party the client consented to contact, in the area of the side that coordinates it (Rutin, "Vid pågående insats"). */
export interface ExternalConsent {
  /** As compared: trimmed, in lower case (normaliseParty). */
  party: string;
  area: ExternalArea;
}

/** Samråd med Arbetsförmedlingen, steps (1)–(3) (Rutin, "Inför anvisning…"). */
export interface Samrad {
  ssbtekRecordedAt: string | null;
  /** The last AF check (samråd steg 2): when, what it found and its note; null before the first. */
  afPlanCheckedAt: string | null;
  afActivity: AfActivity | null;
  afPlanNote: string | null;
  /** The socialsekreterare's judgement that the AF activity is not a suitable measure (Rutin, "Inför anvisning…": "lämplig"). */
  afActivityUnsuitable: null | { reason: string; judgedAt: string };
  afNotifiedOn: string | null;
}

export interface Decision {
  decisionDate: string;
  validFrom: string;
  /** validFrom + 1 year − 1 day: the last day the decision is in force. */
  validUntil: string;
}

export interface AnvisningContext extends HandoverContext {
  protectedIdentity: boolean;
  /**
   * KC's consultant for this referral (KC_CONSULTANT_ASSIGNED). Optional: absent
   * until the first assignment, so snapshots written before assignment existed stay valid.
   */
  kcConsultantId?: string | null;
  /**
   * The client's protection was marked after the referral was created (PROTECTED_IDENTITY_MARKED): when.
   * Null when the referral started protected or is not protected.
   */
  protectedIdentityMarkedAt: string | null;
  criteria: null | {
    /** `ingen`: not unemployed, a criterion not met (a deviation needs its reason). */
    unemployment: Unemployment;
    needsJobOrSkillsActivities: boolean;
    expectedWorkOrStudiesWithin3Years: boolean;
    allMet: boolean;
    deviationReason: string | null;
    assessedAt: string;
  };
  samrad: Samrad;
  afResponseCount: number;
  consentRecordedAt: string | null;
  /** The client's latest refusal of consent to KC (KC_CONSENT_DECLINED); consent recorded later still counts. */
  consentDeclined: null | { note: string; at: string };
  arbetsplanUpdatedAt: string | null;
  samordnareConsultedAt: string | null;
  decision: Decision | null;
  /** 1 after the first decision, 2 after the first renewal, ... */
  decisionCount: number;
  decisionExpired: boolean;
  communicatedOn: string | null;
  uppdrag: null | { needs: string; scope: string; goals: string; sentAt: string; reviewedAt: string | null };
  inskrivning: null | { at: string; place: string; interpreter: boolean; bookedVia: 'gwa' | 'kc_samordnare' };
  /**
   * Missed inskrivningsmöten count, kept and shown (process.md §3).
   */
  missedInskrivningCount: number;
  /** Times the booked inskrivning was moved before it took place (INSKRIVNING_RESCHEDULED): none of them a missed meeting. */
  rescheduledInskrivningCount: number;
  /**
   * After a missed inskrivning (Rutin, "Om klient missar tid", "Om inskrivningsmöte ej sker"): the socialsekreterare
   * asked KC for a new time, or each side recorded that no new meeting will be held. Null while none of these is recorded.
   */
  missedInskrivning: null | {
    newTimeRequestedAt: string | null;
    uppdragWithdrawn: null | { reason: string; at: string };
    cancelledInGwa: null | { reason: string; at: string };
  };
  /**
   * Date of the inskrivningsmöte that was held: the insats started then.
   */
  insatsStart: string | null;
  genomforandeplan: { establishedOn: string | null; lastUpdatedOn: string | null };
  followUp: { bookedAt: string | null; lastHeldOn: string | null; heldCount: number };
  threePartyMeeting: { bookedAt: string | null; heldOn: string | null };
  significantEventCount: number;
  externalConsents: ExternalConsent[];
  externalContactCount: number;
  /** Avvikelser KC reported (process.md §4): the socialsekreterare sees them until she has acknowledged them. */
  avvikelser: { count: number; acknowledgedCount: number; latest: null | { on: string; kind: AvvikelseKind; reportedAt: string } };
  renewal: Renewal;
  /** Every disagreement of the referral, open and resolved, in the order raised. */
  disagreements: Disagreement[];
  closing: null | {
    reason: ClosingReason;
    selfSufficient: boolean;
    announcedOn: string;
    announcedBy: Role;
    closingDocumentCreatedOn: string | null;
    endedOn: string | null;
    insatsClosedAt: string | null;
    gwaClosedAt: string | null;
    /** Not self-sufficient: the three-party meeting was held (its date), or could not be held (why). */
    meetingHeldOn: string | null;
    meetingNotHeld: null | { reason: string; recordedAt: string };
  };
  endReason: EndReason | null;
  endedAt: string | null;
}

export interface AnvisningInput {
  protectedIdentity: boolean;
  /** The renewal window from the configuration (DEFAULT_RENEWAL_WINDOW_DAYS when absent). */
  renewalWindowDays?: number;
}

/** One thing that still stands before a decision, as a code (the words are src/texts/process-messages.ts). */
export type DecisionBlocker =
  | { code: 'samrad_missing' }
  | { code: 'criteria_missing' }
  | { code: 'criteria_deviation_reason_missing' }
  | { code: 'consent_missing' }
  | { code: 'consent_declined' }
  | { code: 'arbetsplan_missing' }
  | { code: 'samordnare_not_consulted' };
export type DecisionBlockerCode = DecisionBlocker['code'];

/** Bilaga 1: a protected client's times are booked with the KC samordnare, never in GWA (also when marked later). */
function bookedViaFor(context: AnvisningContext): 'gwa' | 'kc_samordnare' {
  return context.protectedIdentity ? 'kc_samordnare' : 'gwa';
}

const noMissedFollowUp: NonNullable<AnvisningContext['missedInskrivning']> = { newTimeRequestedAt: null, uppdragWithdrawn: null, cancelledInGwa: null };

const EMPTY_RENEWAL_SAMRAD: RenewalSamrad = { ssbtekRecordedAt: null, afPlanCheckedAt: null, afActivity: null, afActivityUnsuitable: null, afNotifiedOn: null };

// Rutin, "Vid oenighet mellan parterna": raised by either party, one position from each side's manager, resolved by the 1:e socialsekreterare.
const DISAGREEMENT_TRANSITIONS = {
  DISAGREEMENT_RAISED: { actions: 'openDisagreement', meta: { rules: ['oenighet.several-open'] } },
  DISAGREEMENT_POSITION_RECORDED: { guard: 'mayRecordDisagreementPosition', actions: 'recordDisagreementPosition', meta: { rules: ['oenighet.position-per-side'] } },
  DISAGREEMENT_RESOLVED: { guard: 'mayResolveDisagreement', actions: 'resolveDisagreement', meta: { rules: ['oenighet.resolved-after-both-positions'] } },
} as const;

export const anvisningMachine = setup({
  types: {
    context: {} as AnvisningContext,
    events: {} as AnvisningEvent,
    input: {} as AnvisningInput,
  },
  // The step rules (./steps.ts), each under its own name: the same functions tell a view what each next step needs.
  guards: guardsOf<AnvisningContext, typeof anvisningRules>(anvisningRules),
  actions: {
    recordCriteria: assign({
      criteria: ({ event }) => {
        assertEvent(event, 'KC_CRITERIA_ASSESSED');
        const allMet = event.unemployment !== 'ingen' && event.needsJobOrSkillsActivities && event.expectedWorkOrStudiesWithin3Years;
        return {
          unemployment: event.unemployment,
          needsJobOrSkillsActivities: event.needsJobOrSkillsActivities,
          expectedWorkOrStudiesWithin3Years: event.expectedWorkOrStudiesWithin3Years,
          allMet,
          deviationReason: allMet ? null : (event.deviationReason ?? null),
          assessedAt: event.meta.at,
        };
      },
    }),
    recordSsbtekInfo: assign({ samrad: ({ context, event }) => ({ ...context.samrad, ssbtekRecordedAt: event.meta.at }) }),
    recordAfPlanChecked: assign({
      samrad: ({ context, event }) => {
        assertEvent(event, 'AF_PLAN_CHECKED');
        return { ...context.samrad, afPlanCheckedAt: event.meta.at, afActivity: event.afActivity, afPlanNote: event.note ?? null };
      },
    }),
    recordAfActivityUnsuitable: assign({
      samrad: ({ context, event }) => {
        assertEvent(event, 'AF_ACTIVITY_JUDGED_UNSUITABLE');
        return { ...context.samrad, afActivityUnsuitable: { reason: event.reason, judgedAt: event.meta.at } };
      },
    }),
    recordAfNotified: assign({
      samrad: ({ context, event }) => {
        assertEvent(event, 'AF_NOTIFIED');
        return { ...context.samrad, afNotifiedOn: event.sentOn };
      },
    }),
    countAfResponse: assign({ afResponseCount: ({ context }) => context.afResponseCount + 1 }),
    recordConsent: assign({ consentRecordedAt: ({ event }) => event.meta.at }),
    // A refusal replaces an earlier consent: the client said no after saying yes.
    recordConsentDeclined: assign(({ event }) => {
      assertEvent(event, 'KC_CONSENT_DECLINED');
      return { consentDeclined: { note: event.note, at: event.meta.at }, consentRecordedAt: null };
    }),
    recordProtectedIdentityMarked: assign({ protectedIdentity: true, protectedIdentityMarkedAt: ({ event }) => event.meta.at }),
    recordArbetsplanUpdated: assign({ arbetsplanUpdatedAt: ({ event }) => event.meta.at }),
    recordSamordnareConsulted: assign({ samordnareConsultedAt: ({ event }) => event.meta.at }),
    recordDecision: assign(({ context, event }) => {
      assertEvent(event, ['DECISION_MADE', 'DECISION_RENEWED']);
      return {
        decision: { decisionDate: event.decisionDate, validFrom: event.validFrom, validUntil: oneYearValidUntil(event.validFrom) },
        decisionCount: context.decisionCount + 1,
        decisionExpired: false,
      };
    }),
    // A renewal is a new decision: its samråd is used up, and it is to be communicated to the client.
    startRenewedPeriod: assign({
      renewal: ({ context }) => ({ windowDays: context.renewal.windowDays, samrad: EMPTY_RENEWAL_SAMRAD, communicationPending: true }),
    }),
    recordRenewalCommunicated: assign({ renewal: ({ context }) => ({ ...context.renewal, communicationPending: false }) }),
    recordRenewalSsbtek: assign({
      renewal: ({ context, event }) => ({ ...context.renewal, samrad: { ...context.renewal.samrad, ssbtekRecordedAt: event.meta.at } }),
    }),
    recordRenewalAfPlanChecked: assign({
      renewal: ({ context, event }) => {
        assertEvent(event, 'AF_PLAN_CHECKED');
        // A new check stands on its own: an earlier judgement, and a notice to AF after it, were about what the earlier check found.
        return {
          ...context.renewal,
          samrad: { ...context.renewal.samrad, afPlanCheckedAt: event.meta.at, afActivity: event.afActivity, afActivityUnsuitable: null, afNotifiedOn: null },
        };
      },
    }),
    recordRenewalAfActivityUnsuitable: assign({
      renewal: ({ context, event }) => {
        assertEvent(event, 'AF_ACTIVITY_JUDGED_UNSUITABLE');
        return { ...context.renewal, samrad: { ...context.renewal.samrad, afActivityUnsuitable: { reason: event.reason, judgedAt: event.meta.at } } };
      },
    }),
    recordRenewalAfNotified: assign({
      renewal: ({ context, event }) => {
        assertEvent(event, 'AF_NOTIFIED');
        return { ...context.renewal, samrad: { ...context.renewal.samrad, afNotifiedOn: event.sentOn } };
      },
    }),
    markDecisionExpired: assign({ decisionExpired: true }),
    recordCommunicated: assign({
      communicatedOn: ({ event }) => {
        assertEvent(event, 'DECISION_COMMUNICATED');
        return event.on;
      },
    }),
    recordUppdrag: assign({
      uppdrag: ({ event }) => {
        assertEvent(event, 'UPPDRAG_SENT');
        return { needs: event.needs, scope: event.scope, goals: event.goals, sentAt: event.meta.at, reviewedAt: null };
      },
    }),
    recordUppdragReviewed: assign({
      uppdrag: ({ context, event }) => (context.uppdrag ? { ...context.uppdrag, reviewedAt: event.meta.at } : null),
    }),
    recordInskrivningBooked: assign({
      inskrivning: ({ context, event }) => {
        assertEvent(event, 'INSKRIVNING_BOOKED');
        return { at: event.at, place: event.place, interpreter: event.interpreter, bookedVia: bookedViaFor(context) };
      },
    }),
    recordInskrivningMissed: assign({
      missedInskrivningCount: ({ context }) => context.missedInskrivningCount + 1,
      missedInskrivning: null,
    }),
    // A moved time, not a missed meeting: the missed count stays as it is.
    recordInskrivningRescheduled: assign({
      inskrivning: ({ context, event }) => {
        assertEvent(event, 'INSKRIVNING_RESCHEDULED');
        return context.inskrivning ? { ...context.inskrivning, at: event.at, bookedVia: bookedViaFor(context) } : null;
      },
      rescheduledInskrivningCount: ({ context }) => context.rescheduledInskrivningCount + 1,
    }),
    recordNewInskrivningTimeRequested: assign({
      missedInskrivning: ({ context, event }) => ({ ...noMissedFollowUp, ...context.missedInskrivning, newTimeRequestedAt: event.meta.at }),
    }),
    recordInskrivningRebooked: assign({
      inskrivning: ({ context, event }) => {
        assertEvent(event, 'INSKRIVNING_REBOOKED');
        if (!context.inskrivning) return null;
        return { ...context.inskrivning, at: event.at, place: event.place ?? context.inskrivning.place, bookedVia: bookedViaFor(context) };
      },
      missedInskrivning: null,
    }),
    recordUppdragWithdrawn: assign({
      missedInskrivning: ({ context, event }) => {
        assertEvent(event, 'UPPDRAG_WITHDRAWN');
        return { ...noMissedFollowUp, ...context.missedInskrivning, uppdragWithdrawn: { reason: event.reason, at: event.meta.at } };
      },
    }),
    recordInskrivningCancelledInGwa: assign({
      missedInskrivning: ({ context, event }) => {
        assertEvent(event, 'INSKRIVNING_CANCELLED_IN_GWA');
        return { ...noMissedFollowUp, ...context.missedInskrivning, cancelledInGwa: { reason: event.reason, at: event.meta.at } };
      },
    }),
    recordInsatsStarted: assign(({ context, event }) => {
      assertEvent(event, 'INSKRIVNING_HELD');
      const meetingAt = context.inskrivning?.at ?? event.meta.at;
      return {
        insatsStart: stockholmDate(meetingAt),
        followUp: { ...context.followUp, bookedAt: event.firstFollowUpAt },
      };
    }),
    recordGenomforandeplanEstablished: assign({
      genomforandeplan: ({ event }) => {
        const on = stockholmDate(event.meta.at);
        return { establishedOn: on, lastUpdatedOn: on };
      },
    }),
    recordGenomforandeplanUpdated: assign({
      genomforandeplan: ({ context, event }) => ({ ...context.genomforandeplan, lastUpdatedOn: stockholmDate(event.meta.at) }),
    }),
    recordFollowUpBooked: assign({
      followUp: ({ context, event }) => {
        assertEvent(event, 'FOLLOW_UP_BOOKED');
        return { ...context.followUp, bookedAt: event.at };
      },
    }),
    recordFollowUpHeld: assign({
      followUp: ({ context, event }) => {
        assertEvent(event, 'FOLLOW_UP_HELD');
        return { bookedAt: null, lastHeldOn: event.on, heldCount: context.followUp.heldCount + 1 };
      },
    }),
    countSignificantEvent: assign({ significantEventCount: ({ context }) => context.significantEventCount + 1 }),
    recordThreePartyMeetingBooked: assign({
      threePartyMeeting: ({ context, event }) => {
        assertEvent(event, 'THREE_PARTY_MEETING_BOOKED');
        return { ...context.threePartyMeeting, bookedAt: event.at };
      },
    }),
    recordThreePartyMeetingHeld: assign({
      threePartyMeeting: ({ event }) => {
        assertEvent(event, 'THREE_PARTY_MEETING_HELD');
        return { bookedAt: null, heldOn: event.on };
      },
    }),
    recordExternalConsent: assign({
      externalConsents: ({ context, event }) => {
        assertEvent(event, 'EXTERNAL_CONSENT_RECORDED');
        const party = normaliseParty(event.party);
        const known = context.externalConsents.some((consent) => consent.party === party && consent.area === event.area);
        return known ? context.externalConsents : [...context.externalConsents, { party, area: event.area }];
      },
    }),
    countExternalContact: assign({ externalContactCount: ({ context }) => context.externalContactCount + 1 }),
    recordAvvikelse: assign({
      avvikelser: ({ context, event }) => {
        assertEvent(event, 'AVVIKELSE_REPORTED');
        return { ...context.avvikelser, count: context.avvikelser.count + 1, latest: { on: event.on, kind: event.kind, reportedAt: event.meta.at } };
      },
    }),
    acknowledgeAvvikelser: assign({ avvikelser: ({ context }) => ({ ...context.avvikelser, acknowledgedCount: context.avvikelser.count }) }),
    openDisagreement: assign({
      disagreements: ({ context, event }) => {
        assertEvent(event, 'DISAGREEMENT_RAISED');
        const raised: Disagreement = {
          id: nextDisagreementId(context),
          topic: event.topic,
          description: event.description,
          raisedBy: event.meta.role,
          raisedAt: event.meta.at,
          samverkansfraga: event.samverkansfraga === true,
          positions: { forste_socialsekreterare: null, kc_samordnare: null },
          resolved: null,
        };
        return [...context.disagreements, raised];
      },
    }),
    recordDisagreementPosition: assign({
      disagreements: ({ context, event }) => {
        assertEvent(event, 'DISAGREEMENT_POSITION_RECORDED');
        const role = event.meta.role === 'kc_samordnare' ? 'kc_samordnare' : 'forste_socialsekreterare';
        const id = event.disagreementId ?? context.disagreements.find((d) => d.resolved === null && d.positions[role] === null)?.id;
        const position = { position: event.position, recordedAt: event.meta.at };
        return context.disagreements.map((d) => (d.id === id ? { ...d, positions: { ...d.positions, [role]: position } } : d));
      },
    }),
    resolveDisagreement: assign({
      disagreements: ({ context, event }) => {
        assertEvent(event, 'DISAGREEMENT_RESOLVED');
        const id = event.disagreementId ?? context.disagreements.find((d) => d.resolved === null)?.id;
        return context.disagreements.map((d) =>
          d.id === id ? { ...d, samverkansfraga: d.samverkansfraga || event.samverkansfraga === true, resolved: { outcome: event.outcome, resolvedAt: event.meta.at } } : d,
        );
      },
    }),
    recordClosingAnnounced: assign({
      closing: ({ event }) => {
        assertEvent(event, 'CLOSING_ANNOUNCED');
        return {
          reason: event.reason,
          selfSufficient: event.selfSufficient,
          announcedOn: stockholmDate(event.meta.at),
          announcedBy: event.meta.role,
          closingDocumentCreatedOn: null,
          endedOn: null,
          insatsClosedAt: null,
          gwaClosedAt: null,
          meetingHeldOn: null,
          meetingNotHeld: null,
        };
      },
      threePartyMeeting: { bookedAt: null, heldOn: null },
    }),
    recordClosingMeetingHeld: assign(({ context, event }) => {
      assertEvent(event, 'THREE_PARTY_MEETING_HELD');
      return {
        threePartyMeeting: { bookedAt: null, heldOn: event.on },
        closing: context.closing ? { ...context.closing, meetingHeldOn: event.on } : null,
      };
    }),
    recordClosingMeetingNotHeld: assign(({ context, event }) => {
      assertEvent(event, 'THREE_PARTY_MEETING_NOT_HELD');
      return {
        threePartyMeeting: { ...context.threePartyMeeting, bookedAt: null },
        closing: context.closing ? { ...context.closing, meetingNotHeld: { reason: event.reason, recordedAt: event.meta.at } } : null,
      };
    }),
    withdrawClosing: assign({ closing: null }),
    recordClosingDocument: assign({
      closing: ({ context, event }) => {
        assertEvent(event, 'CLOSING_DOCUMENT_CREATED');
        if (!context.closing) return null;
        return { ...context.closing, closingDocumentCreatedOn: stockholmDate(event.meta.at), endedOn: event.endedOn };
      },
    }),
    recordInsatsClosed: assign({
      closing: ({ context, event }) => (context.closing ? { ...context.closing, insatsClosedAt: event.meta.at } : null),
    }),
    recordGwaClosed: assign({
      closing: ({ context, event }) => (context.closing ? { ...context.closing, gwaClosedAt: event.meta.at } : null),
    }),
    assignKcConsultant: assign({
      kcConsultantId: ({ event }) => {
        assertEvent(event, 'KC_CONSULTANT_ASSIGNED');
        return event.consultantId;
      },
    }),
    recordHandover: assign(({ context, event }) => applyHandover(context, event as AnvisningEvent & Record<string, unknown>)),
    endAs: assign((_, params: { reason: EndReason }) => ({ endReason: params.reason })),
    recordEndTime: assign({ endedAt: ({ event }) => event.meta.at }),
  },
}).createMachine({
  id: 'anvisning',
  initial: 'forberedelse',
  context: ({ input }) => ({
    protectedIdentity: input.protectedIdentity,
    protectedIdentityMarkedAt: null,
    criteria: null,
    samrad: { ssbtekRecordedAt: null, afPlanCheckedAt: null, afActivity: null, afPlanNote: null, afActivityUnsuitable: null, afNotifiedOn: null },
    afResponseCount: 0,
    consentRecordedAt: null,
    consentDeclined: null,
    arbetsplanUpdatedAt: null,
    samordnareConsultedAt: null,
    decision: null,
    decisionCount: 0,
    decisionExpired: false,
    communicatedOn: null,
    uppdrag: null,
    inskrivning: null,
    missedInskrivningCount: 0,
    rescheduledInskrivningCount: 0,
    missedInskrivning: null,
    insatsStart: null,
    genomforandeplan: { establishedOn: null, lastUpdatedOn: null },
    followUp: { bookedAt: null, lastHeldOn: null, heldCount: 0 },
    threePartyMeeting: { bookedAt: null, heldOn: null },
    significantEventCount: 0,
    externalConsents: [],
    externalContactCount: 0,
    avvikelser: { count: 0, acknowledgedCount: 0, latest: null },
    renewal: { windowDays: input.renewalWindowDays ?? DEFAULT_RENEWAL_WINDOW_DAYS, samrad: EMPTY_RENEWAL_SAMRAD, communicationPending: false },
    disagreements: [],
    closing: null,
    endReason: null,
    endedAt: null,
  }),
  // Rutin, "Inför anvisning…" (3): AF may answer at any time; an answer never blocks.
  on: {
    AF_RESPONSE_RECORDED: { actions: 'countAfResponse', meta: { rules: ['forberedelse.af-response-never-blocks'] } },
    // Responsibility, in any active state (machines/shared/handover.ts).
    KC_CONSULTANT_ASSIGNED: { guard: 'mayAssignKcConsultant', actions: 'assignKcConsultant' },
    RESPONSIBLE_CHANGED: { guard: 'mayChangeResponsible', actions: 'recordHandover' },
    TRANSFER_REQUESTED: { guard: 'mayRequestTransfer', actions: 'recordHandover' },
    TRANSFER_ACCEPTED: { guard: 'mayAcceptTransfer', actions: 'recordHandover' },
    TRANSFER_CANCELLED: { guard: 'mayCancelTransfer', actions: 'recordHandover' },
    // Bilaga 1 from the moment the client is marked protected, in whatever state the referral is.
    PROTECTED_IDENTITY_MARKED: {
      guard: 'isNotProtectedIdentity',
      actions: 'recordProtectedIdentityMarked',
      meta: { rules: ['forberedelse.protected-identity-marked-later'] },
    },
    // An avvikelse KC reported stays on the socialsekreterare's Att göra until she has taken part of it, whatever happened since.
    AVVIKELSE_ACKNOWLEDGED: { guard: 'hasUnacknowledgedAvvikelse', actions: 'acknowledgeAvvikelser', meta: { rules: ['insats.avvikelse-until-acknowledged'] } },
  },
  states: {
    // Rutin, "Inför anvisning av insatsbeslut enligt 12 kap 4 § SoL"
    forberedelse: {
      initial: 'samrad_ssbtek',
      on: {
        KC_CRITERIA_ASSESSED: { actions: 'recordCriteria' },
        KC_CONSENT_RECORDED: { actions: 'recordConsent' },
        // The referral stays open: withdrawn (REFERRAL_WITHDRAWN) or consent recorded later; a decision still needs consent.
        KC_CONSENT_DECLINED: { actions: 'recordConsentDeclined', meta: { rules: ['forberedelse.consent-declined-keeps-referral-open'] } },
        ARBETSPLAN_UPDATED: { actions: 'recordArbetsplanUpdated' },
        // Bilaga 1: contact the KC samordnare before a decision on a protected case.
        KC_SAMORDNARE_CONSULTED: { guard: 'isProtectedIdentity', actions: 'recordSamordnareConsulted' },
        REFERRAL_WITHDRAWN: { target: 'avbruten', actions: { type: 'endAs', params: { reason: 'aterkallad' } }, meta: { rules: ['forberedelse.withdrawn-before-insats'] } },
      },
      states: {
        // Samråd steg (1): SSBTEK/e-info, flik Arbetsförmedlingen och Försäkringskassan.
        samrad_ssbtek: {
          on: { SSBTEK_INFO_RECORDED: { target: 'samrad_af_planering', actions: 'recordSsbtekInfo', meta: { rules: ['forberedelse.samrad-in-order'] } } },
        },
        // Samråd steg (2): the client's AF activities and the AF handlingsplan. A referral is made only when no
        // *lämplig* arbetsmarknadspolitisk åtgärd could be offered (Rutin, "Inför anvisning…"): with a planned or
        // ongoing AF activity the referral waits; nothing ends by itself (process.md §1).
        samrad_af_planering: {
          on: {
            AF_PLAN_CHECKED: [
              { guard: 'hasAfActivity', target: 'vilande_af_aktivitet', actions: 'recordAfPlanChecked', meta: { rules: ['forberedelse.af-activity-waits'] } },
              { target: 'samrad_af_underrattelse', actions: 'recordAfPlanChecked' },
            ],
          },
        },
        // Vilande: an AF activity is planned or going on. A new check that finds none, or the judgement that the
        // activity is not a suitable measure, lets samråd go on; a check that still finds one leaves it waiting.
        vilande_af_aktivitet: {
          on: {
            AF_PLAN_CHECKED: [
              { guard: 'hasAfActivity', actions: 'recordAfPlanChecked', meta: { rules: ['forberedelse.af-activity-waits'] } },
              { target: 'samrad_af_underrattelse', actions: 'recordAfPlanChecked' },
            ],
            AF_ACTIVITY_JUDGED_UNSUITABLE: { target: 'samrad_af_underrattelse', actions: 'recordAfActivityUnsuitable', meta: { rules: ['forberedelse.af-activity-judged-unsuitable'] } },
          },
        },
        // Samråd steg (3), only with no AF activity or one judged unsuitable: samtyckesblankett and
        // "information om kommunal aktivitet" sent to AF.
        samrad_af_underrattelse: {
          on: { AF_NOTIFIED: { target: 'samrad_klart', actions: 'recordAfNotified', meta: { rules: ['forberedelse.samrad-in-order'] } } },
        },
        samrad_klart: {
          on: { DECISION_MADE: { guard: 'isReadyForDecision', target: '#anvisning.beslut', actions: 'recordDecision', meta: { rules: ['beslut.one-year'] } } },
        },
      },
    },
    beslut: {
      initial: 'fattat',
      on: {
        REFERRAL_WITHDRAWN: { target: 'avbruten', actions: { type: 'endAs', params: { reason: 'aterkallad' } }, meta: { rules: ['forberedelse.withdrawn-before-insats'] } },
      },
      states: {
        fattat: { on: { DECISION_COMMUNICATED: { target: 'kommunicerat', actions: 'recordCommunicated' } } },
        kommunicerat: { on: { UPPDRAG_SENT: { target: '#anvisning.inskrivning', actions: 'recordUppdrag', meta: { rules: ['beslut.communicated-before-uppdrag'] } } } },
      },
    },
    // Rutin, "Inför inskrivningsmöte", "Om klient missar tid", "Om inskrivningsmöte ej sker"
    inskrivning: {
      initial: 'ej_bokad',
      on: {
        UPPDRAG_REVIEWED: { actions: 'recordUppdragReviewed' },
        REFERRAL_WITHDRAWN: { target: 'avbruten', actions: { type: 'endAs', params: { reason: 'aterkallad' } } },
        ...DISAGREEMENT_TRANSITIONS,
      },
      states: {
        ej_bokad: {
          on: {
            INSKRIVNING_BOOKED: {
              target: 'bokad',
              actions: 'recordInskrivningBooked',
              meta: { rules: ['inskrivning.booked-via-samordnare-if-protected', 'forberedelse.protected-bookings-via-samordnare'] },
            },
          },
        },
        bokad: {
          on: {
            // "Arbetsmarknadskonsulenten verkställer uppdraget i Treserva och insatsen påbörjas".
            INSKRIVNING_HELD: {
              target: '#anvisning.pagaende',
              actions: 'recordInsatsStarted',
              meta: { rules: ['inskrivning.held-by-consultant', 'inskrivning.held-starts-insats'] },
            },
            INSKRIVNING_MISSED: { target: 'missad', actions: 'recordInskrivningMissed', meta: { rules: ['inskrivning.missed-counted'] } },
            INSKRIVNING_RESCHEDULED: { target: 'bokad', actions: 'recordInskrivningRescheduled', meta: { rules: ['inskrivning.rescheduled-not-missed'] } },
          },
        },
        // "Om klient missar tid": the socialsekreterare follows up with the client and decides whether a new time is relevant.
        missad: {
          on: {
            INSKRIVNING_NEW_TIME_REQUESTED: {
              target: 'ny_tid_begard',
              actions: 'recordNewInskrivningTimeRequested',
              meta: { rules: ['inskrivning.missed-socialsekreterare-decides'] },
            },
            UPPDRAG_WITHDRAWN: { target: 'ingen_ny_tid', actions: 'recordUppdragWithdrawn', meta: { rules: ['inskrivning.no-meeting-both-sides'] } },
            INSKRIVNING_CANCELLED_IN_GWA: { target: 'ingen_ny_tid', actions: 'recordInskrivningCancelledInGwa', meta: { rules: ['inskrivning.no-meeting-both-sides'] } },
          },
        },
        // The consultant "meddelar ny tid till socialsekreteraren".
        ny_tid_begard: {
          on: {
            INSKRIVNING_REBOOKED: { target: 'bokad', actions: 'recordInskrivningRebooked', meta: { rules: ['inskrivning.rebooked-by-consultant'] } },
          },
        },
        // "Om inskrivningsmöte ej sker": the socialsekreterare återkallar uppdraget and the consultant avbokar i GWA,
        // each documenting why, in either order; when both are in the referral ends.
        ingen_ny_tid: {
          always: {
            guard: 'isNoInskrivningRecordedByBoth',
            target: '#anvisning.avbruten',
            actions: { type: 'endAs', params: { reason: 'ingen_inskrivning' } },
            meta: { rules: ['inskrivning.no-meeting-both-sides'] },
          },
          on: {
            UPPDRAG_WITHDRAWN: { guard: 'isUppdragNotWithdrawn', actions: 'recordUppdragWithdrawn' },
            INSKRIVNING_CANCELLED_IN_GWA: { guard: 'isNotCancelledInGwa', actions: 'recordInskrivningCancelledInGwa' },
          },
        },
      },
    },
    // Rutin, "Vid pågående insats", "Vid uppföljningsmöten"
    pagaende: {
      initial: 'aktiv',
      on: {
        ...DISAGREEMENT_TRANSITIONS,
        // A renewal is a new decision under 12 kap 4 § SoL: inside its window, after samråd med AF again, then communicated.
        SSBTEK_INFO_RECORDED: { guard: 'isRenewalWindowOpen', actions: 'recordRenewalSsbtek', meta: { rules: ['beslut.renewal-samrad-again'] } },
        AF_PLAN_CHECKED: { guard: 'mayCheckAfPlanForRenewal', actions: 'recordRenewalAfPlanChecked', meta: { rules: ['beslut.renewal-samrad-again'] } },
        AF_ACTIVITY_JUDGED_UNSUITABLE: { guard: 'mayJudgeAfActivityUnsuitableForRenewal', actions: 'recordRenewalAfActivityUnsuitable', meta: { rules: ['beslut.renewal-samrad-again'] } },
        AF_NOTIFIED: { guard: 'mayNotifyAfForRenewal', actions: 'recordRenewalAfNotified', meta: { rules: ['beslut.renewal-samrad-again'] } },
        DECISION_RENEWED: {
          guard: 'isReadyForRenewal',
          target: '.aktiv',
          actions: ['recordDecision', 'startRenewedPeriod'],
          meta: { rules: ['beslut.renewal-window', 'beslut.renewal-samrad-again'] },
        },
        DECISION_COMMUNICATED: { guard: 'isRenewalCommunicationPending', actions: 'recordRenewalCommunicated', meta: { rules: ['beslut.renewal-communicated'] } },
        // Rutin, "Avslut av insats": not self-sufficient, a three-party meeting is one of the closing steps.
        CLOSING_ANNOUNCED: { target: 'avslut', actions: 'recordClosingAnnounced', meta: { rules: ['avslut.three-party-meeting-if-not-self-sufficient'] } },
      },
      states: {
        aktiv: {
          on: {
            // "skyndsamt" after the start (deadline in src/, not here).
            GENOMFORANDEPLAN_ESTABLISHED: { guard: 'isGenomforandeplanMissing', actions: 'recordGenomforandeplanEstablished' },
            GENOMFORANDEPLAN_UPDATED: { guard: 'isGenomforandeplanEstablished', actions: 'recordGenomforandeplanUpdated' },
            FOLLOW_UP_BOOKED: { actions: 'recordFollowUpBooked' },
            // The socialsekreterare's record of the meeting holds KC's part too (kcNeedsOutsideUppdrag).
            FOLLOW_UP_HELD: { guard: 'isFollowUpBooked', actions: 'recordFollowUpHeld', meta: { rules: ['insats.follow-up-kc-part'] } },
            SIGNIFICANT_EVENT_REPORTED: { actions: 'countSignificantEvent' },
            THREE_PARTY_MEETING_BOOKED: { actions: 'recordThreePartyMeetingBooked' },
            // "Trepartsmöte bokas vid behov": one booked during the insats is recorded as held.
            THREE_PARTY_MEETING_HELD: { guard: 'isThreePartyMeetingBooked', actions: 'recordThreePartyMeetingHeld', meta: { rules: ['insats.three-party-meeting-held'] } },
            AVVIKELSE_REPORTED: { actions: 'recordAvvikelse', meta: { rules: ['insats.avvikelse-reported-by-kc'] } },
            EXTERNAL_CONSENT_RECORDED: { actions: 'recordExternalConsent' },
            EXTERNAL_CONTACT_RECORDED: { guard: 'hasExternalConsentForParty', actions: 'countExternalContact', meta: { rules: ['insats.external-contact-own-area'] } },
            DECISION_EXPIRED: { guard: 'hasDecisionExpired', target: 'beslut_utgatt', actions: 'markDecisionExpired', meta: { rules: ['insats.decision-expiry-waits'] } },
          },
        },
        // The one-year decision ran out with no renewal and no closing: only renewal or closing now.
        beslut_utgatt: {},
      },
    },
    // Rutin, "Avslut av insats": the closing steps in any order; the referral is avslutad when all are in.
    avslut: {
      meta: { rules: ['avslut.closing-steps-any-order'] },
      always: { guard: 'isClosingComplete', target: 'avslutad', meta: { rules: ['avslut.closing-steps-any-order'] } },
      on: {
        ...DISAGREEMENT_TRANSITIONS,
        // Not self-sufficient: "bokas ett trepartsmöte", by KC.
        THREE_PARTY_MEETING_BOOKED: { guard: 'mayBookClosingMeeting', actions: 'recordThreePartyMeetingBooked' },
        THREE_PARTY_MEETING_HELD: { guard: 'isClosingMeetingOpen', actions: 'recordClosingMeetingHeld' },
        THREE_PARTY_MEETING_NOT_HELD: { guard: 'isClosingMeetingOpen', actions: 'recordClosingMeetingNotHeld' },
        CLOSING_DOCUMENT_CREATED: { guard: 'isClosingDocumentMissing', actions: 'recordClosingDocument' },
        // Socialsekreteraren avslutar insatsen i Treserva; arbetsmarknadskonsulenten avslutar ärendet i GWA.
        INSATS_CLOSED: { guard: 'isInsatsOpenAndNoDisagreement', actions: 'recordInsatsClosed' },
        GWA_CLOSED: { guard: 'isGwaOpenAndNoDisagreement', actions: 'recordGwaClosed' },
        CLOSING_WITHDRAWN: [
          { guard: 'isDecisionExpiredBeforeClosing', target: 'pagaende.beslut_utgatt', actions: 'withdrawClosing', meta: { rules: ['avslut.closing-withdrawn-until-ended'] } },
          { target: 'pagaende.aktiv', actions: 'withdrawClosing', meta: { rules: ['avslut.closing-withdrawn-until-ended'] } },
        ],
      },
    },
    avslutad: { type: 'final', entry: 'recordEndTime' },
    avbruten: { type: 'final', entry: 'recordEndTime' },
  },
});

export type AnvisningMachine = typeof anvisningMachine;

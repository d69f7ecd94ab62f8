/**
 * The facts of a referral straight from the statistics' query (statistics-service.ts): its events,
 * deadlines and bedömningsstöd as the arrays the query returns, instants as milliseconds. The same
 * facts as `factsOf(historyOf(referral))` in measures.ts, which stays the readable definition, without
 * building a history first (a `Date` per event and deadline: 600,000 of them in a unit's year at a
 * million referrals): `sourceOfStored(storedFactsOf(row), …)`, the first part stored by the read model
 * (read-model.ts). test/statistics/compact-facts.test.ts holds the two equal over random histories.
 */
import {
  CLOSING_REASON_KEYS,
  CLOSING_STEPS,
  daysBetween,
  field,
  pushDeadlineFacts,
  swedishDayAt,
  trackGroupOf,
  type CountMeasure,
  type Fact,
  type FactSource,
  type ReferralHistory,
  type StoredDeadline,
  type StoredEvent,
  type TrackGroup,
} from './measures';

/** [type, occurredAt in ms, the payload's fields read (REFERRAL_PAYLOAD_FIELDS_READ; {} or null for none)]. */
export type CompactEvent = readonly [type: string, occurredAt: number, payload: Record<string, unknown> | null];
/** [kind, due day YYYY-MM-DD, status, closedAt ms, escalatedAt ms]. */
export type CompactDeadline = readonly [kind: string, dueDate: string, status: StoredDeadline['status'], closedAt: number | null, escalatedAt: number | null];
/** [type, occurredAt in ms, INRIKTNING_CHOSEN's tracks or null]: the client's bedömningsstöd (ASSESSMENT_EVENTS_READ). */
export type CompactAssessmentEvent = readonly [type: string, occurredAt: number, tracks: unknown];

/** One referral as the statistics' query gives it: the facts' columns, instants in ms, events and deadlines as arrays. */
export interface CompactReferral {
  createdAt: number;
  status: ReferralHistory['status'];
  personnummer: string;
  /** In sequence order. */
  events: readonly CompactEvent[] | null;
  deadlines: readonly CompactDeadline[] | null;
  /** In sequence order. */
  assessment: readonly CompactAssessmentEvent[] | null;
}

/**
 * The history a compact referral stands for (the reference the compact path is held to, and what
 * `factsOf` reads). `readsAssessments`: the samordnare reads no choice of track (KC never sees a bedömningsstöd).
 */
export function historyOf(row: CompactReferral, readsAssessments: boolean): ReferralHistory {
  const assessment = (row.assessment ?? []).map(([type, at, tracks]) => ({ type, occurredAt: new Date(at), payload: { tracks } }));
  return {
    createdAt: new Date(row.createdAt),
    status: row.status,
    personnummer: row.personnummer,
    events: (row.events ?? []).map(([type, at, payload]): StoredEvent => ({ type, occurredAt: new Date(at), payload: payload ?? {} })),
    initialPartsCompleted: assessment.filter((event) => event.type === 'INLEDANDE_COMPLETED').map((event) => event.occurredAt),
    choices: readsAssessments ? assessment.filter((event) => event.type !== 'INLEDANDE_COMPLETED') : [],
    deadlines: (row.deadlines ?? []).map(([kind, dueDate, status, closedAt, escalatedAt]) => ({
      kind,
      dueDate,
      status,
      closedAt: closedAt === null ? null : new Date(closedAt),
      escalatedAt: escalatedAt === null ? null : new Date(escalatedAt),
    })),
  };
}

/**
 * What a referral's facts are made of that neither the day they are read on nor the reader changes: what the
 * read model stores (read-model.ts). A deadline's facts depend on the day (a duty still open is overdue from its
 * due day on), so its deadlines are kept as they are; the track is the one the 1:e socialsekreterare reads.
 */
export interface StoredReferralFacts {
  /** The facts of its events, in the order `factsOf` gives them. */
  facts: Fact[];
  deadlines: readonly CompactDeadline[];
  ageDay: string;
  track: TrackGroup;
}

/** The referral's facts for a reader on a day: its events' facts, then its deadlines' as they stand `today`. */
export function sourceOfStored(stored: StoredReferralFacts, personnummer: string, readsAssessments: boolean, today: string): FactSource {
  const facts = stored.facts.slice();
  for (const [kind, dueDate, status, closedAt, escalatedAt] of stored.deadlines) pushDeadlineFacts(kind, dueDate, status, closedAt, escalatedAt, today, facts);
  return { personnummer, facts, ageDay: stored.ageDay, track: readsAssessments ? stored.track : 'ingen' };
}

/** The referral's stored facts, read from its arrays (its deadlines all of them: the read model serves every window). */
export function storedFactsOf(row: Omit<CompactReferral, 'personnummer'>): StoredReferralFacts {
  const facts: Fact[] = [];
  const events = row.events ?? [];
  let created: CompactEvent | undefined;
  for (const event of events) {
    if (event[0] === 'CASE_CREATED') {
      created = event;
      break;
    }
  }
  const createdDay = swedishDayAt(created ? created[1] : row.createdAt);
  facts.push({ kind: 'count', measure: 'referralsCreated', day: createdDay, events: 1 });
  const count = (measure: CountMeasure, event: CompactEvent) => facts.push({ kind: 'count', measure, day: swedishDayAt(event[1]), events: 1 });

  let firstDecision: CompactEvent | undefined;
  let firstUppdragSent: CompactEvent | undefined;
  let firstInskrivningHeld: CompactEvent | undefined;
  let lastClosingAnnounced: CompactEvent | undefined;
  let uppdragWithdrawn: CompactEvent | undefined;
  let cancelledInGwa: CompactEvent | undefined;
  let end: { day: string; reason: 'aterkallad' | 'ingen_inskrivning' | 'af_insats' | 'avslutad'; closing?: CompactEvent } | undefined;
  let lastClosingStep: CompactEvent | undefined;

  for (const event of events) {
    switch (event[0]) {
      case 'DECISION_MADE':
        firstDecision ??= event;
        count('decisions', event);
        break;
      case 'DECISION_RENEWED':
        count('renewals', event);
        break;
      case 'REFERRAL_WITHDRAWN':
        count('withdrawals', event);
        end ??= { day: swedishDayAt(event[1]), reason: 'aterkallad' };
        break;
      case 'KC_CONSENT_DECLINED':
        count('consentsDeclined', event);
        break;
      case 'AF_PLAN_CHECKED': {
        const activity = field(event[2], 'afActivity');
        if (field(event[2], 'plannedAfActivity') === true) {
          count('waitingOnAfActivity', event);
          end ??= { day: swedishDayAt(event[1]), reason: 'af_insats' };
        } else if (activity === 'planerad' || activity === 'pagaende') count('waitingOnAfActivity', event);
        break;
      }
      case 'UPPDRAG_SENT':
        firstUppdragSent ??= event;
        break;
      case 'INSKRIVNING_HELD':
        firstInskrivningHeld ??= event;
        break;
      case 'INSKRIVNING_MISSED':
        count('inskrivningarMissed', event);
        break;
      case 'AVVIKELSE_REPORTED':
        count('avvikelserReported', event);
        break;
      case 'INSKRIVNING_CANCELLED':
        end ??= { day: swedishDayAt(event[1]), reason: 'ingen_inskrivning' };
        break;
      case 'UPPDRAG_WITHDRAWN':
        uppdragWithdrawn ??= event;
        break;
      case 'INSKRIVNING_CANCELLED_IN_GWA':
        cancelledInGwa ??= event;
        break;
      case 'CLOSING_ANNOUNCED':
        lastClosingAnnounced = event;
        break;
      case 'CLOSING_WITHDRAWN':
        lastClosingAnnounced = undefined;
        break;
      default:
        if (lastClosingAnnounced && CLOSING_STEPS.has(event[0])) lastClosingStep = event;
    }
  }
  if (!end && uppdragWithdrawn && cancelledInGwa) {
    const later = uppdragWithdrawn[1] > cancelledInGwa[1] ? uppdragWithdrawn : cancelledInGwa;
    end = { day: swedishDayAt(later[1]), reason: 'ingen_inskrivning' };
  }
  if (!end && row.status === 'avslutad' && lastClosingStep && lastClosingAnnounced) {
    end = { day: swedishDayAt(lastClosingStep[1]), reason: 'avslutad', closing: lastClosingAnnounced };
  }
  if (end && row.status !== 'active') {
    if (end.reason === 'ingen_inskrivning') facts.push({ kind: 'count', measure: 'endedWithoutInskrivning', day: end.day, events: 1 });
    if (end.reason === 'avslutad' && end.closing) {
      const reason = field(end.closing[2], 'reason');
      facts.push({ kind: 'count', measure: 'closings', day: end.day, events: 1 });
      if (typeof reason === 'string' && (CLOSING_REASON_KEYS as readonly string[]).includes(reason)) {
        facts.push({ kind: 'count', measure: `closingsByReason.${reason as (typeof CLOSING_REASON_KEYS)[number]}`, day: end.day, events: 1 });
      }
      facts.push({ kind: 'share', measure: 'shareClosedSelfSufficient', day: end.day, hit: field(end.closing[2], 'selfSufficient') === true });
    }
    if (firstUppdragSent) facts.push({ kind: 'share', measure: 'shareEndedWithoutInskrivning', day: end.day, hit: !firstInskrivningHeld });
  }
  const assessment = row.assessment ?? [];
  const decisionDay = firstDecision ? swedishDayAt(firstDecision[1]) : undefined;
  if (firstDecision) {
    const decidedAt = firstDecision[1];
    facts.push({ kind: 'share', measure: 'shareDecisionsAfterCompletedAssessment', day: decisionDay!, hit: assessment.some(([type, at]) => type === 'INLEDANDE_COMPLETED' && at <= decidedAt) });
    facts.push({ kind: 'duration', measure: 'daysCreatedToDecision', day: decisionDay!, days: daysBetween(createdDay, decisionDay!) });
  }
  const uppdragSentDay = firstUppdragSent ? swedishDayAt(firstUppdragSent[1]) : undefined;
  if (firstDecision && firstUppdragSent) {
    facts.push({ kind: 'duration', measure: 'daysDecisionToUppdragSent', day: uppdragSentDay!, days: daysBetween(decisionDay!, uppdragSentDay!) });
  }
  if (firstUppdragSent && firstInskrivningHeld) {
    const heldDay = swedishDayAt(firstInskrivningHeld[1]);
    facts.push({ kind: 'duration', measure: 'daysUppdragSentToInskrivningHeld', day: heldDay, days: daysBetween(uppdragSentDay!, heldDay) });
  }
  const decisionDate = firstDecision ? field(firstDecision[2], 'decisionDate') : undefined;
  const ageDay = typeof decisionDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(decisionDate) ? decisionDate : (decisionDay ?? createdDay);
  const trackMoment = firstUppdragSent?.[1] ?? firstDecision?.[1] ?? created?.[1] ?? row.createdAt;
  return { facts, deadlines: row.deadlines ?? [], ageDay, track: trackStandingAtMs(assessment, trackMoment) };
}

/** `trackStandingAt` over the bedömningsstöd's arrays, its completed initial parts passed over (they are not choices). */
function trackStandingAtMs(assessment: readonly CompactAssessmentEvent[], at: number): TrackGroup {
  let track: TrackGroup = 'ingen';
  for (const [type, occurredAt, tracks] of assessment) {
    if (type === 'INLEDANDE_COMPLETED') continue;
    if (occurredAt > at) break;
    if (type === 'INLEDANDE_STARTED') track = 'ingen';
    else if (type === 'INRIKTNING_CHOSEN') track = trackGroupOf(tracks) ?? track;
  }
  return track;
}


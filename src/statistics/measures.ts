/**
 * The anvisning's measures, computed from stored histories only (docs/statistics.md): pure, no
 * database, no clock. Each referral gives dated facts (a decision on a day, a duration ending on a
 * day, an ending with its reason), each fact falls in the period of its day (Swedish calendar
 * date) and in the referral's group (kön and åldersgrupp from the personnummer, never shown).
 * Versions 1 and 2 of the machine are read as well as version 3 (INSKRIVNING_CANCELLED, an AF
 * check with `plannedAfActivity`, the end `af_insats`).
 */
import { KEY_SCALE_QUESTIONS, followsIndication, indicateTracks, type KeyScores, type Track } from '../../machines/bedomning';
import { stockholmDate } from '../../machines/shared/dates';
import type { AgeBand } from './statistics-config';
import { konAndBirthDateOf } from '../clients/personnummer';

export interface StoredEvent {
  type: string;
  payload: unknown;
  occurredAt: Date;
}

/** A stored duty of the referral (the Deadline row): its due day as last computed, and how it ended. */
export interface StoredDeadline {
  kind: string;
  /** The Swedish calendar day (YYYY-MM-DD). */
  dueDate: string;
  status: 'open' | 'done' | 'overdue' | 'cancelled';
  closedAt: Date | null;
  escalatedAt: Date | null;
}

export interface ReferralHistory {
  createdAt: Date;
  /**
   * The client's bedömningsstöd's `INLEDANDE_STARTED` and `INRIKTNING_CHOSEN`, in order: the choice
   * of track standing when the uppdrag was sent is the referral's track (a new cycle clears it).
   */
  choices?: readonly StoredEvent[];
  /** When the client's bedömningsstöd completed an initial part (`INLEDANDE_COMPLETED`), if it has one. */
  initialPartsCompleted?: readonly Date[];
  /** The referral's deadlines, when the on-time measures are wanted. */
  deadlines?: readonly StoredDeadline[];
  /** 12 digits. Read here for kön and age, never returned. */
  personnummer: string;
  status: 'active' | 'avslutad' | 'avbruten';
  /** In sequence order. */
  events: readonly StoredEvent[];
}

/** One client's bedömningsstöd: its events in order (the 1:e socialsekreterare's unit only: KC never sees one). */
export interface AssessmentHistory {
  personnummer: string;
  events: readonly StoredEvent[];
}

export const PERIODS = ['month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];
export const GROUP_DIMENSIONS = ['kon', 'aldersgrupp', 'track'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];
export const KON = ['kvinna', 'man'] as const;
export type Kon = (typeof KON)[number];
/** The bedömningsstöd's choice a referral followed: arbetsmarknad, rehab, both (`bada`), or none made before it (`ingen`). */
export const TRACK_GROUPS = ['arbetsmarknad', 'rehab', 'bada', 'ingen'] as const;
export type TrackGroup = (typeof TRACK_GROUPS)[number];

export const CLOSING_REASON_KEYS = ['arbete', 'studier', 'annan_forsorjning', 'beslut_ej_fornyat', 'flytt', 'ohalsa', 'annat'] as const;

/** Counts: distinct referrals (people) with the fact in the period, or events where said. */
export const COUNT_MEASURES = [
  'referralsCreated',
  'decisions',
  'renewals',
  'withdrawals',
  'consentsDeclined',
  'waitingOnAfActivity',
  /** Events (a referral may miss more than once); suppressed also when from fewer people than the threshold. */
  'inskrivningarMissed',
  /** Events, as inskrivningarMissed. */
  'avvikelserReported',
  'endedWithoutInskrivning',
  /** Deadlines (duties) due in the period that were not done by their due day: done late, or still not done. */
  'overdueSteps',
  /** Deadlines escalated to the 1:e socialsekreterare or the samordnare, in the period of the escalation. */
  'escalations',
  /** The bedömningsstöd's choice of track (INRIKTNING_CHOSEN): clients who chose arbetsmarknad, rehab, or both. */
  'tracksChosen.arbetsmarknad',
  'tracksChosen.rehab',
  'tracksChosen.bada',
  'closings',
  ...CLOSING_REASON_KEYS.map((reason) => `closingsByReason.${reason}` as const),
] as const;
export type CountMeasure = (typeof COUNT_MEASURES)[number];

export const DURATION_MEASURES = ['daysCreatedToDecision', 'daysDecisionToUppdragSent', 'daysUppdragSentToInskrivningHeld'] as const;
export type DurationMeasure = (typeof DURATION_MEASURES)[number];

export const SHARE_MEASURES = ['shareClosedSelfSufficient', 'shareEndedWithoutInskrivning', 'shareFollowUpsOnTime', 'shareGenomforandeplanOnTime', 'shareChoicesFollowingIndication', 'shareDecisionsAfterCompletedAssessment'] as const;
export type ShareMeasure = (typeof SHARE_MEASURES)[number];

/** Progression: the average change of each key scale answer from one completed initial part to the client's next. */
export const AVERAGE_MEASURES = KEY_SCALE_QUESTIONS.map((question) => `progression.${question}` as const);
export type AverageMeasure = (typeof AVERAGE_MEASURES)[number];

/** The keys of a row's measures, in the order of the CSV's columns. */
export const MEASURE_KEYS = [
  ...COUNT_MEASURES,
  ...DURATION_MEASURES.flatMap((measure) => [`${measure}.median`, `${measure}.p90`] as const),
  ...SHARE_MEASURES,
  ...AVERAGE_MEASURES,
] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

export interface Group {
  kon?: Kon;
  aldersgrupp?: string;
  track?: TrackGroup;
}

/** `track`: a bedömningsstöd's fact carries its own (the choice it is about); a referral's facts take the referral's. */
/** Exported for compact-facts.ts, which builds the same facts from the query's arrays. */
export type Fact = (
  | { kind: 'count'; measure: CountMeasure; day: string; events: number }
  | { kind: 'duration'; measure: DurationMeasure; day: string; days: number }
  | { kind: 'share'; measure: ShareMeasure; day: string; hit: boolean }
  | { kind: 'average'; measure: AverageMeasure; day: string; value: number }
) & { track?: TrackGroup };

// Kön and the birth date are read by the personnummer library (src/clients/personnummer.ts).
export { birthDateOf, konOf } from '../clients/personnummer';

export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The band of an age; an age below the first band is its own group ("0-17"), so every referral is counted once. */
export function ageBandOf(age: number, bands: readonly AgeBand[]): string {
  const band = bands.find((b) => age >= b.min && (b.max === null || age <= b.max));
  return band ? band.label : `0-${bands[0]!.min - 1}`;
}

export function ageGroupLabels(bands: readonly AgeBand[]): string[] {
  return [...(bands[0]!.min > 0 ? [`0-${bands[0]!.min - 1}`] : []), ...bands.map((b) => b.label)];
}

export const daysBetween = (from: string, to: string) => Math.round((dayStartMs(to) - dayStartMs(from)) / 86_400_000);
/** A day's start in UTC ms, parsed once per day (daysBetween runs for every duration of every referral read). */
const dayStarts = new Map<string, number>();
function dayStartMs(day: string): number {
  let ms = dayStarts.get(day);
  if (ms === undefined) {
    ms = Date.parse(`${day}T00:00:00Z`);
    if (dayStarts.size > 200_000) dayStarts.clear();
    dayStarts.set(day, ms);
  }
  return ms;
}
export const field = (payload: unknown, name: string): unknown => (typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[name] : undefined);
/**
 * The Swedish calendar day of an instant, once per UTC hour: Europe/Stockholm is a whole number of hours
 * from UTC and changes offset on the hour, so every instant of a UTC hour has the same Swedish day (a
 * year's histories are hundreds of thousands of events in a few thousand hours).
 */
const swedishDays = new Map<number, string>();
function swedishDayOf(at: Date): string {
  return swedishDayAt(at.getTime());
}
/** The same, of an instant in milliseconds (compact-facts.ts reads numbers, not `Date`s). */
export function swedishDayAt(ms: number): string {
  const hour = Math.floor(ms / 3_600_000);
  let day = swedishDays.get(hour);
  if (day === undefined) {
    day = stockholmDate(new Date(hour * 3_600_000).toISOString());
    if (swedishDays.size > 200_000) swedishDays.clear();
    swedishDays.set(hour, day);
  }
  return day;
}
const dayOf = (event: StoredEvent) => swedishDayOf(event.occurredAt);

/** The track group of a choice's `tracks` (null when it names none). */
export function trackGroupOf(tracks: unknown): Exclude<TrackGroup, 'ingen'> | null {
  if (!Array.isArray(tracks) || tracks.length === 0) return null;
  if (tracks.includes('arbetsmarknad') && tracks.includes('rehab')) return 'bada';
  return tracks[0] === 'rehab' ? 'rehab' : 'arbetsmarknad';
}

/** The choice of track standing at `at`: the last `INRIKTNING_CHOSEN` since the cycle's `INLEDANDE_STARTED` (which clears it). */
export function trackStandingAt(choices: readonly StoredEvent[], at: Date): TrackGroup {
  let track: TrackGroup = 'ingen';
  for (const event of choices) {
    if (event.occurredAt > at) break;
    if (event.type === 'INLEDANDE_STARTED') track = 'ingen';
    else if (event.type === 'INRIKTNING_CHOSEN') track = trackGroupOf(field(event.payload, 'tracks')) ?? track;
  }
  return track;
}

export const CLOSING_STEPS: ReadonlySet<string> = new Set(['THREE_PARTY_MEETING_HELD', 'THREE_PARTY_MEETING_NOT_HELD', 'CLOSING_DOCUMENT_CREATED', 'INSATS_CLOSED', 'GWA_CLOSED']);

/**
 * What `factsOf` reads of a referral's history: these event types, and of their payloads only these
 * fields (the decision's date, the AF check's answer, the closing's reason and självförsörjning), so
 * the statistics' query reads nothing else (no free text).
 */
export const REFERRAL_EVENTS_READ = [
  'CASE_CREATED',
  'DECISION_MADE',
  'DECISION_RENEWED',
  'REFERRAL_WITHDRAWN',
  'KC_CONSENT_DECLINED',
  'AF_PLAN_CHECKED',
  'UPPDRAG_SENT',
  'INSKRIVNING_HELD',
  'INSKRIVNING_MISSED',
  'AVVIKELSE_REPORTED',
  'INSKRIVNING_CANCELLED',
  'UPPDRAG_WITHDRAWN',
  'INSKRIVNING_CANCELLED_IN_GWA',
  'CLOSING_ANNOUNCED',
  'CLOSING_WITHDRAWN',
  ...CLOSING_STEPS,
] as const;
export const REFERRAL_PAYLOAD_FIELDS_READ = { DECISION_MADE: ['decisionDate'], AF_PLAN_CHECKED: ['afActivity', 'plannedAfActivity'], CLOSING_ANNOUNCED: ['reason', 'selfSufficient'] } as const;
/** What the referral's track and `shareDecisionsAfterCompletedAssessment` read of the client's bedömningsstöd (and of `INRIKTNING_CHOSEN` only its `tracks`). */
export const ASSESSMENT_EVENTS_READ = ['INLEDANDE_STARTED', 'INLEDANDE_COMPLETED', 'INRIKTNING_CHOSEN'] as const;

/**
 * What one referral contributes, the day its age is taken on (the first decision, else its creation),
 * and its track: the choice standing when its uppdrag was sent, else at its first decision, else at its creation.
 */
export function factsOf(referral: ReferralHistory, today = '9999-12-31'): { facts: Fact[]; ageDay: string; track: TrackGroup } {
  const facts: Fact[] = [];
  const events = referral.events;
  const created = events.find((e) => e.type === 'CASE_CREATED');
  const createdDay = created ? dayOf(created) : swedishDayOf(referral.createdAt);
  facts.push({ kind: 'count', measure: 'referralsCreated', day: createdDay, events: 1 });
  const count = (measure: CountMeasure, event: StoredEvent) => facts.push({ kind: 'count', measure, day: dayOf(event), events: 1 });

  let firstDecision: StoredEvent | undefined;
  let firstUppdragSent: StoredEvent | undefined;
  let firstInskrivningHeld: StoredEvent | undefined;
  let lastClosingAnnounced: StoredEvent | undefined;
  let uppdragWithdrawn: StoredEvent | undefined;
  let cancelledInGwa: StoredEvent | undefined;
  let end: { day: string; reason: 'aterkallad' | 'ingen_inskrivning' | 'af_insats' | 'avslutad'; closing?: StoredEvent } | undefined;
  let lastClosingStep: StoredEvent | undefined;

  for (const event of events) {
    switch (event.type) {
      case 'DECISION_MADE':
        firstDecision ??= event;
        count('decisions', event);
        break;
      case 'DECISION_RENEWED':
        count('renewals', event);
        break;
      case 'REFERRAL_WITHDRAWN':
        count('withdrawals', event);
        end ??= { day: dayOf(event), reason: 'aterkallad' };
        break;
      case 'KC_CONSENT_DECLINED':
        count('consentsDeclined', event);
        break;
      case 'AF_PLAN_CHECKED': {
        const activity = field(event.payload, 'afActivity');
        // Version 1 ended the referral (`af_insats`) where later versions make it wait.
        if (field(event.payload, 'plannedAfActivity') === true) {
          count('waitingOnAfActivity', event);
          end ??= { day: dayOf(event), reason: 'af_insats' };
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
      case 'INSKRIVNING_CANCELLED': // versions 1 and 2: one step ended the referral without inskrivning
        end ??= { day: dayOf(event), reason: 'ingen_inskrivning' };
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
        if (CLOSING_STEPS.has(event.type) && lastClosingAnnounced) lastClosingStep = event;
    }
  }
  // Version 3: without inskrivning the referral ends when both sides have recorded their part.
  if (!end && uppdragWithdrawn && cancelledInGwa) {
    const later = uppdragWithdrawn.occurredAt > cancelledInGwa.occurredAt ? uppdragWithdrawn : cancelledInGwa;
    end = { day: dayOf(later), reason: 'ingen_inskrivning' };
  }
  // Closed: the last closing step after the closing announced that stood (the steps come in any order).
  if (!end && referral.status === 'avslutad' && lastClosingStep && lastClosingAnnounced) {
    end = { day: dayOf(lastClosingStep), reason: 'avslutad', closing: lastClosingAnnounced };
  }
  // An ending is read from the events; the row's status only confirms that the referral has ended.
  if (end && referral.status !== 'active') {
    if (end.reason === 'ingen_inskrivning') facts.push({ kind: 'count', measure: 'endedWithoutInskrivning', day: end.day, events: 1 });
    if (end.reason === 'avslutad' && end.closing) {
      const reason = field(end.closing.payload, 'reason');
      facts.push({ kind: 'count', measure: 'closings', day: end.day, events: 1 });
      if (typeof reason === 'string' && (CLOSING_REASON_KEYS as readonly string[]).includes(reason)) {
        facts.push({ kind: 'count', measure: `closingsByReason.${reason as (typeof CLOSING_REASON_KEYS)[number]}`, day: end.day, events: 1 });
      }
      facts.push({ kind: 'share', measure: 'shareClosedSelfSufficient', day: end.day, hit: field(end.closing.payload, 'selfSufficient') === true });
    }
    // Of the referrals that ended after their uppdrag went to KC: those that never had an inskrivning.
    if (firstUppdragSent) facts.push({ kind: 'share', measure: 'shareEndedWithoutInskrivning', day: end.day, hit: !firstInskrivningHeld });
  }
  if (firstDecision) {
    // Did the referral follow a completed assessment: an initial part of the bedömningsstöd completed before its first decision?
    const decidedAt = firstDecision.occurredAt;
    facts.push({ kind: 'share', measure: 'shareDecisionsAfterCompletedAssessment', day: dayOf(firstDecision), hit: (referral.initialPartsCompleted ?? []).some((at) => at <= decidedAt) });
  }
  if (firstDecision) facts.push({ kind: 'duration', measure: 'daysCreatedToDecision', day: dayOf(firstDecision), days: daysBetween(createdDay, dayOf(firstDecision)) });
  if (firstDecision && firstUppdragSent) {
    facts.push({ kind: 'duration', measure: 'daysDecisionToUppdragSent', day: dayOf(firstUppdragSent), days: daysBetween(dayOf(firstDecision), dayOf(firstUppdragSent)) });
  }
  if (firstUppdragSent && firstInskrivningHeld) {
    facts.push({ kind: 'duration', measure: 'daysUppdragSentToInskrivningHeld', day: dayOf(firstInskrivningHeld), days: daysBetween(dayOf(firstUppdragSent), dayOf(firstInskrivningHeld)) });
  }
  facts.push(...deadlineFacts(referral.deadlines ?? [], today));
  const decisionDate = firstDecision ? field(firstDecision.payload, 'decisionDate') : undefined;
  const ageDay = typeof decisionDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(decisionDate) ? decisionDate : firstDecision ? dayOf(firstDecision) : createdDay;
  const trackMoment = firstUppdragSent?.occurredAt ?? firstDecision?.occurredAt ?? created?.occurredAt ?? referral.createdAt;
  return { facts, ageDay, track: trackStandingAt(referral.choices ?? [], trackMoment) };
}

const ON_TIME_SHARES: Partial<Record<string, ShareMeasure>> = {
  uppfoljning: 'shareFollowUpsOnTime',
  genomforandeplan_upprattad: 'shareGenomforandeplanOnTime',
  genomforandeplan_uppdaterad: 'shareGenomforandeplanOnTime',
};

/**
 * The stored deadlines, in the period of their due day: a duty is settled once it was done, or once
 * its due day has passed (`today`). One cancelled on or before its due day (the step was no longer
 * needed: the referral ended, a new basis replaced it) is no duty missed; one cancelled after it was
 * missed. On time: done on or before the due day.
 */
function deadlineFacts(deadlines: readonly StoredDeadline[], today: string): Fact[] {
  const facts: Fact[] = [];
  for (const deadline of deadlines) {
    const closedAt = deadline.closedAt?.getTime() ?? null;
    pushDeadlineFacts(deadline.kind, deadline.dueDate, deadline.status, closedAt, deadline.escalatedAt?.getTime() ?? null, today, facts);
  }
  return facts;
}

/** One deadline's facts, appended to `facts` (instants in ms: the history's `Date`s and compact-facts.ts's numbers alike). */
export function pushDeadlineFacts(kind: string, dueDate: string, status: StoredDeadline['status'], closedAt: number | null, escalatedAt: number | null, today: string, facts: Fact[]): void {
  if (escalatedAt !== null) facts.push({ kind: 'count', measure: 'escalations', day: swedishDayAt(escalatedAt), events: 1 });
  const closedOn = closedAt !== null ? swedishDayAt(closedAt) : null;
  // Cancelled before it was due: the step was no longer needed, no duty missed. Cancelled after: it was missed.
  if (status === 'cancelled' && (closedOn === null || closedOn <= dueDate)) return;
  const doneOn = status === 'done' ? closedOn : null;
  if (status !== 'done' && status !== 'cancelled' && dueDate >= today) return; // not due yet
  const onTime = doneOn !== null && doneOn <= dueDate;
  if (!onTime) facts.push({ kind: 'count', measure: 'overdueSteps', day: dueDate, events: 1 });
  const share = ON_TIME_SHARES[kind];
  if (share) facts.push({ kind: 'share', measure: share, day: dueDate, hit: onTime });
}

/**
 * A bedömningsstöd's choices of track, each on its day, and whether it followed the indication: the
 * indication is recomputed from the key scale answers the last completed initial part stored
 * (`INLEDANDE_COMPLETED.keyScores`, as the machine computed it then; docs/architecture.md, the upcast).
 * A choice counts in its own track; a progression in the track chosen between the two initial parts.
 */
export function assessmentFactsOf(assessment: AssessmentHistory): { facts: Fact[]; ageDay: string | null; track: TrackGroup } {
  const facts: Fact[] = [];
  let keyScores: KeyScores | undefined;
  let firstChoiceDay: string | null = null;
  let chosenSincePart: TrackGroup = 'ingen';
  for (const event of assessment.events) {
    if (event.type === 'INLEDANDE_COMPLETED') {
      const scores = field(event.payload, 'keyScores');
      if (typeof scores === 'object' && scores !== null) {
        const next = scores as KeyScores;
        // Progression (Bedömningsstöd, "Progression"): each key answer given in both parts, compared.
        for (const question of KEY_SCALE_QUESTIONS) {
          const before = keyScores?.[question];
          const after = next[question];
          if (isScore(before) && isScore(after)) facts.push({ kind: 'average', measure: `progression.${question}`, day: dayOf(event), value: after - before, track: chosenSincePart });
        }
        keyScores = next;
        chosenSincePart = 'ingen';
      }
    }
    if (event.type !== 'INRIKTNING_CHOSEN') continue;
    const tracks = field(event.payload, 'tracks');
    const track = trackGroupOf(tracks);
    if (track === null) continue;
    const day = dayOf(event);
    firstChoiceDay ??= day;
    chosenSincePart = track;
    facts.push({ kind: 'count', measure: `tracksChosen.${track}`, day, events: 1, track });
    if (keyScores) facts.push({ kind: 'share', measure: 'shareChoicesFollowingIndication', day, hit: followsIndication(indicateTracks(keyScores), tracks as Track[]), track });
  }
  return { facts, ageDay: firstChoiceDay ?? facts[0]?.day ?? null, track: 'ingen' };
}

const isScore = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;

/** "2026-01", "2026-Q1", "2026". */
export function periodOf(day: string, period: Period): string {
  if (period === 'year') return day.slice(0, 4);
  if (period === 'quarter') return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
  return day.slice(0, 7);
}

/** The periods from `from` to `to` (both days inside), in order. */
export function periodsBetween(from: string, to: string, period: Period): string[] {
  const periods: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (;;) {
    const day = `${year}-${String(month).padStart(2, '0')}-01`;
    if (day > to) break;
    const key = periodOf(day, period);
    if (periods.at(-1) !== key) periods.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return periods;
}

/** What a cell holds before suppression. `people` are distinct referrals. */
export type RawCell =
  | { kind: 'count'; value: number; people: number }
  | { kind: 'duration'; values: number[] }
  /** `items` what the share is of (referrals, or deadlines), `people` the distinct referrals among them. */
  | { kind: 'share'; hits: number; items: number; people: number }
  | { kind: 'average'; values: number[]; people: number };

export interface RawRow {
  group: Group;
  period: string;
  cells: Map<CountMeasure | DurationMeasure | ShareMeasure | AverageMeasure, RawCell>;
}

export function groupKey(group: Group): string {
  return `${group.kon ?? '*'}|${group.aldersgrupp ?? '*'}|${group.track ?? '*'}`;
}

/** The values of each dimension, in the order rows are given. */
export function dimensionValues(dimension: GroupDimension, bands: readonly AgeBand[]): readonly string[] {
  if (dimension === 'kon') return KON;
  if (dimension === 'aldersgrupp') return ageGroupLabels(bands);
  return TRACK_GROUPS;
}

/** Every group of the chosen dimensions (the whole cross product, so an empty group is a row too), kön first, then åldersgrupp, then track. */
export function allGroups(groupBy: readonly GroupDimension[], bands: readonly AgeBand[]): Group[] {
  let groups: Group[] = [{}];
  for (const dimension of GROUP_DIMENSIONS) {
    if (!groupBy.includes(dimension)) continue;
    groups = groups.flatMap((group) => dimensionValues(dimension, bands).map((value) => ({ ...group, [dimension]: value })));
  }
  return groups;
}

function emptyCells(): RawRow['cells'] {
  const cells: RawRow['cells'] = new Map();
  for (const measure of COUNT_MEASURES) cells.set(measure, { kind: 'count', value: 0, people: 0 });
  for (const measure of DURATION_MEASURES) cells.set(measure, { kind: 'duration', values: [] });
  for (const measure of AVERAGE_MEASURES) cells.set(measure, { kind: 'average', values: [], people: 0 });
  for (const measure of SHARE_MEASURES) cells.set(measure, { kind: 'share', hits: 0, items: 0, people: 0 });
  return cells;
}

export interface FactSource {
  personnummer: string;
  facts: Fact[];
  ageDay: string | null;
  /** The track of the facts that carry none of their own. */
  track: TrackGroup;
}

/** Every referral's and assessment's facts, read once. */
export function factSources(referrals: readonly ReferralHistory[], options: { today?: string; assessments?: readonly AssessmentHistory[] }): FactSource[] {
  return [
    ...referrals.map((referral) => ({ personnummer: referral.personnummer, ...factsOf(referral, options.today) })),
    ...(options.assessments ?? []).map((assessment) => ({ personnummer: assessment.personnummer, ...assessmentFactsOf(assessment) })),
  ];
}

/** Rows for every group and period of [from, to], before suppression. */
export function computeRows(
  referrals: readonly ReferralHistory[],
  options: {
    from: string;
    to: string;
    period: Period;
    groupBy: readonly GroupDimension[];
    ageBands: readonly AgeBand[];
    today?: string;
    assessments?: readonly AssessmentHistory[];
    /** The facts already read (`factSources`), when the same histories are cut several ways. */
    sources?: readonly FactSource[];
  },
): RawRow[] {
  const periods = periodsBetween(options.from, options.to, options.period);
  const groups = allGroups(options.groupBy, options.ageBands);
  const rows = new Map<string, RawRow>();
  for (const period of periods) for (const group of groups) rows.set(`${period}#${groupKey(group)}`, { group, period, cells: emptyCells() });

  const sources = options.sources ?? factSources(referrals, options);
  const byKon = options.groupBy.includes('kon');
  const byAge = options.groupBy.includes('aldersgrupp');
  const byTrack = options.groupBy.includes('track');
  for (const source of sources) {
    const { facts, track } = source;
    const person = personGroupOf(source, options.ageBands);
    if (facts.length === 0 || person === null) continue;
    const group: Group = { ...(byKon ? { kon: person.kon } : {}), ...(byAge ? { aldersgrupp: person.aldersgrupp } : {}) };
    const sourceKey = groupKey(byTrack ? { ...group, track } : group);
    // A person counts once per cell, however many events they have in it.
    const counted = new Set<RawCell>();
    for (const fact of facts) {
      if (fact.day < options.from || fact.day > options.to) continue;
      const key = byTrack && fact.track !== undefined && fact.track !== track ? groupKey({ ...group, track: fact.track }) : sourceKey;
      const row = rows.get(`${periodOf(fact.day, options.period)}#${key}`);
      if (!row) continue;
      const cell = row.cells.get(fact.measure)!;
      const newPerson = !counted.has(cell);
      counted.add(cell);
      if (fact.kind === 'count' && cell.kind === 'count') {
        cell.value += COUNTS_EVENTS.has(fact.measure) ? fact.events : newPerson ? 1 : 0;
        if (newPerson) cell.people += 1;
      } else if (fact.kind === 'duration' && cell.kind === 'duration') cell.values.push(fact.days);
      else if (fact.kind === 'average' && cell.kind === 'average') {
        cell.values.push(fact.value);
        if (newPerson) cell.people += 1;
      }
      else if (fact.kind === 'share' && cell.kind === 'share') {
        cell.items += 1;
        if (newPerson) cell.people += 1;
        if (fact.hit) cell.hits += 1;
      }
    }
  }
  return [...rows.values()];
}

/** A source's kön and åldersgrupp, read from the personnummer once (the cube cuts the same sources 24 ways). */
const personGroups = new WeakMap<readonly AgeBand[], WeakMap<FactSource, { kon: Kon; aldersgrupp: string } | null>>();
function personGroupOf(source: FactSource, bands: readonly AgeBand[]): { kon: Kon; aldersgrupp: string } | null {
  let known = personGroups.get(bands);
  if (!known) personGroups.set(bands, (known = new WeakMap()));
  let person = known.get(source);
  if (person === undefined) {
    if (source.ageDay === null) person = null;
    else {
      const { kon, birthDate } = konAndBirthDateOf(source.personnummer);
      person = { kon, aldersgrupp: ageBandOf(ageOn(birthDate, source.ageDay), bands) };
    }
    known.set(source, person);
  }
  return person;
}

const COUNTS_EVENTS = new Set<CountMeasure>(['inskrivningarMissed', 'avvikelserReported', 'overdueSteps', 'escalations']);

export function median(values: readonly number[]): number {
  return medianOfSorted(sortedNumbers(values));
}

/** Nearest rank: the smallest value with at least p of the values at or below it. */
export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sortedNumbers(values), p);
}

/**
 * The values in ascending order, as numbers compare (a typed array sorts numerically without a comparator
 * call per comparison: the cube's duration cells hold a million values between them at a million referrals).
 */
export const sortedNumbers = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();
export function medianOfSorted(sorted: Float64Array): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
export const percentileOfSorted = (sorted: Float64Array, p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;

/**
 * The raw rows of every period length and every grouping of `dimensions` at once (the cube that
 * suppression.ts decides over), in one pass over the facts: each fact is added to its cell in each of
 * the cube's faces by index arithmetic, into flat typed arrays. Gives for each period length and grouping
 * exactly what `computeRows` gives (same rows in the same order, the same values pushed in the same order,
 * a person counted once per cell); `computeRows` stays the readable definition, and a test holds the two equal.
 */
export function computeCube(
  sources: readonly FactSource[],
  options: { from: string; to: string; ageBands: readonly AgeBand[]; groupings: readonly (readonly GroupDimension[])[] },
): (period: Period, groupBy: readonly GroupDimension[]) => RawRow[] {
  const ages = ageGroupLabels(options.ageBands);
  const ageIndex = new Map(ages.map((label, position) => [label, position]));
  const trackIndex = new Map<string, number>(TRACK_GROUPS.map((track, position) => [track, position]));
  const periodLabels = PERIODS.map((period) => periodsBetween(options.from, options.to, period));
  const periodIndex = periodLabels.map((labels) => new Map(labels.map((label, position) => [label, position])));
  const measures = [...emptyCells().entries()].map(([measure, cell]) => ({ measure, kind: cell.kind }));
  const measureIndex = new Map<string, number>(measures.map(({ measure }, position) => [measure, position]));
  const measureCount = measures.length;

  // One face per period length and grouping; its cells are a slice of the flat arrays, row by row as computeRows orders them.
  interface Face {
    groupBy: readonly GroupDimension[];
    groups: Group[];
    byKon: boolean;
    byAge: boolean;
    byTrack: boolean;
    offset: number;
  }
  const faces: Face[][] = [];
  let cellTotal = 0;
  PERIODS.forEach((_period, p) => {
    faces[p] = options.groupings.map((groupBy) => {
      const groups = allGroups(groupBy, options.ageBands);
      const face = { groupBy, groups, byKon: groupBy.includes('kon'), byAge: groupBy.includes('aldersgrupp'), byTrack: groupBy.includes('track'), offset: cellTotal };
      cellTotal += periodLabels[p]!.length * groups.length * measureCount;
      return face;
    });
  });
  // count: value, people; share: hits, items, people; average: people and values; duration: values.
  const value = new Float64Array(cellTotal);
  const people = new Int32Array(cellTotal);
  const hits = new Int32Array(cellTotal);
  const items = new Int32Array(cellTotal);
  const values: (number[] | undefined)[] = new Array<number[] | undefined>(cellTotal);
  // The source that last counted a person in each cell (a person counts once per cell, however many facts).
  const countedBy = new Int32Array(cellTotal).fill(-1);
  const dayPeriods = new Map<string, number[]>();
  const periodsOfDay = (day: string) => {
    let found = dayPeriods.get(day);
    if (!found) dayPeriods.set(day, (found = PERIODS.map((period, p) => periodIndex[p]!.get(periodOf(day, period)) ?? -1)));
    return found;
  };
  const KIND = { count: 0, duration: 1, share: 2, average: 3 } as const;
  /** A group's position in a face, in allGroups' order: kön outermost, then åldersgrupp, then track. */
  const groupIn = (face: Face, kon: number, age: number, track: number) => {
    let group = 0;
    if (face.byKon) group = kon;
    if (face.byAge) group = group * ages.length + age;
    if (face.byTrack) group = group * TRACK_GROUPS.length + track;
    return group;
  };

  // The finest grouping (every other one a subset of it): a source whose facts all fall in one group (a
  // referral's facts carry no track of their own) has its counts and shares added to the finest face only,
  // and the coarser faces are summed from it at the end. Exact: such a person is in one finest cell of a
  // coarser cell, so counting them once per finest cell counts them once per coarser cell. Not across
  // periods (a person in two months is one person in the quarter), so each period length has its own.
  // Durations and averages keep their values in order, straight into every face, as does every other source.
  const finest = options.groupings.findIndex((grouping) => options.groupings.every((other) => other.every((dimension) => grouping.includes(dimension))));
  const finestFace = finest < 0 ? undefined : faces[0]![finest]!;
  const rolledValue = new Float64Array(finest < 0 ? 0 : cellTotal);
  const rolledPeople = new Int32Array(rolledValue.length);
  const rolledHits = new Int32Array(rolledValue.length);
  const rolledItems = new Int32Array(rolledValue.length);
  const rolledCountedBy = new Int32Array(rolledValue.length).fill(-1);

  sources.forEach((source, sourceNumber) => {
    const person = personGroupOf(source, options.ageBands);
    if (source.facts.length === 0 || person === null) return;
    const kon = KON.indexOf(person.kon);
    const age = ageIndex.get(person.aldersgrupp) ?? -1;
    const sourceTrack = trackIndex.get(source.track)!;
    let rolls = finestFace !== undefined && (age >= 0 || !finestFace.byAge);
    for (let f = 0; rolls && f < source.facts.length; f += 1) {
      const own = source.facts[f]!.track;
      if (own !== undefined && trackIndex.get(own) !== sourceTrack) rolls = false;
    }
    for (const fact of source.facts) {
      if (fact.day < options.from || fact.day > options.to) continue;
      const dayIndex = periodsOfDay(fact.day);
      const measure = measureIndex.get(fact.measure)!;
      const kind = KIND[fact.kind];
      const countsEvents = fact.kind === 'count' && COUNTS_EVENTS.has(fact.measure);
      const amount = fact.kind === 'count' ? fact.events : fact.kind === 'duration' ? fact.days : fact.kind === 'average' ? fact.value : 0;
      const hit = fact.kind === 'share' && fact.hit ? 1 : 0;
      const track = fact.track === undefined ? sourceTrack : trackIndex.get(fact.track)!;
      for (let p = 0; p < PERIODS.length; p += 1) {
        const position = dayIndex[p]!;
        if (position < 0) continue;
        if (rolls && (kind === KIND.count || kind === KIND.share)) {
          const face = faces[p]![finest]!;
          const cell = face.offset + (position * face.groups.length + groupIn(face, kon, age, track)) * measureCount + measure;
          const newPerson = rolledCountedBy[cell] !== sourceNumber;
          rolledCountedBy[cell] = sourceNumber;
          if (newPerson) rolledPeople[cell] = rolledPeople[cell]! + 1;
          if (kind === KIND.count) rolledValue[cell] = rolledValue[cell]! + (countsEvents ? amount : newPerson ? 1 : 0);
          else {
            rolledItems[cell] = rolledItems[cell]! + 1;
            rolledHits[cell] = rolledHits[cell]! + hit;
          }
          continue;
        }
        for (const face of faces[p]!) {
          if (face.byAge && age < 0) continue; // no such row (computeRows skips it too)
          const cell = face.offset + (position * face.groups.length + groupIn(face, kon, age, track)) * measureCount + measure;
          const newPerson = countedBy[cell] !== sourceNumber;
          countedBy[cell] = sourceNumber;
          if (kind === KIND.count) {
            value[cell] = value[cell]! + (countsEvents ? amount : newPerson ? 1 : 0);
            if (newPerson) people[cell] = people[cell]! + 1;
          } else if (kind === KIND.duration) (values[cell] ??= []).push(amount);
          else if (kind === KIND.average) {
            (values[cell] ??= []).push(amount);
            if (newPerson) people[cell] = people[cell]! + 1;
          } else {
            items[cell] = items[cell]! + 1;
            if (newPerson) people[cell] = people[cell]! + 1;
            hits[cell] = hits[cell]! + hit;
          }
        }
      }
    }
  });
  // Each face's cells summed from the finest face's (sums of integers: exact in any order).
  if (finestFace !== undefined) {
    const finestGroups = finestFace.groups;
    PERIODS.forEach((_period, p) => {
      const from = faces[p]![finest]!;
      for (const face of faces[p]!) {
        const groupOf = finestGroups.map((group) =>
          groupIn(face, KON.indexOf(group.kon!), face.byAge ? ageIndex.get(group.aldersgrupp!)! : 0, face.byTrack ? trackIndex.get(group.track!)! : 0),
        );
        for (let position = 0; position < periodLabels[p]!.length; position += 1) {
          for (let finerGroup = 0; finerGroup < finestGroups.length; finerGroup += 1) {
            const finer = from.offset + (position * finestGroups.length + finerGroup) * measureCount;
            const coarser = face.offset + (position * face.groups.length + groupOf[finerGroup]!) * measureCount;
            for (let measure = 0; measure < measureCount; measure += 1) {
              if (rolledPeople[finer + measure] === 0) continue; // nobody: nothing to add
              value[coarser + measure] = value[coarser + measure]! + rolledValue[finer + measure]!;
              people[coarser + measure] = people[coarser + measure]! + rolledPeople[finer + measure]!;
              hits[coarser + measure] = hits[coarser + measure]! + rolledHits[finer + measure]!;
              items[coarser + measure] = items[coarser + measure]! + rolledItems[finer + measure]!;
            }
          }
        }
      }
    });
  }

  const rowsOf = (face: Face, labels: readonly string[]): RawRow[] => {
    const rows: RawRow[] = [];
    let cell = face.offset;
    for (const label of labels) {
      for (const group of face.groups) {
        const cells: RawRow['cells'] = new Map();
        for (const { measure, kind } of measures) {
          if (kind === 'count') cells.set(measure, { kind, value: value[cell]!, people: people[cell]! });
          else if (kind === 'duration') cells.set(measure, { kind, values: values[cell] ?? [] });
          else if (kind === 'average') cells.set(measure, { kind, values: values[cell] ?? [], people: people[cell]! });
          else cells.set(measure, { kind, hits: hits[cell]!, items: items[cell]!, people: people[cell]! });
          cell += 1;
        }
        rows.push({ group, period: label, cells });
      }
    }
    return rows;
  };
  return (period, groupBy) => {
    const p = PERIODS.indexOf(period);
    const face = faces[p]!.find(({ groupBy: grouping }) => grouping.length === groupBy.length && grouping.every((dimension) => groupBy.includes(dimension)));
    if (!face) throw new Error(`computeCube: the grouping ${groupBy.join(',')} is not in the cube`);
    return rowsOf(face, periodLabels[p]!);
  };
}

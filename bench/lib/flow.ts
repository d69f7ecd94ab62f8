/**
 * The referral flows the benchmark drives: one canonical path through the
 * routine (förberedelse → beslut → uppdrag → inskrivning → pågående insats with
 * follow-ups → avslut), with payloads dated relative to a start day. The HTTP
 * benchmark and the BPMN peer run its first 16 steps (through inskrivning held
 * and two follow-ups); the scale generator runs whole paths and prefixes.
 */
import type { AnvisningEventType } from '../../machines/anvisning';

export type FlowRole = 'socialsekreterare' | 'arbetsmarknadskonsulent';

export interface FlowStep {
  type: AnvisningEventType;
  role: FlowRole;
  /** Days after the start when the step happens (for generated histories). */
  day: number;
  payload: Record<string, unknown>;
}

const DAY_MS = 86_400_000;
const isoDayOf = (start: Date, days: number) => new Date(start.getTime() + days * DAY_MS).toISOString().slice(0, 10);
const isoAtOf = (start: Date, days: number, hourUtc: number) => {
  const at = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), hourUtc) + days * DAY_MS);
  return at.toISOString();
};

const SS: FlowRole = 'socialsekreterare';
const AMK: FlowRole = 'arbetsmarknadskonsulent';

/**
 * The whole referral, ending avslutad (self-sufficient). `allOnStartDay`: every date on the start day (the step's
 * `day` kept), for steps sent seconds apart on the server's real clock, where issue 18's date rules refuse a date of
 * something done after tomorrow and a meeting held before the day it was booked for.
 */
export function fullPath(start: Date, options: { allOnStartDay?: boolean } = {}): FlowStep[] {
  const isoDay = (date: Date, days: number) => isoDayOf(date, options.allOnStartDay ? 0 : days);
  const isoAt = (date: Date, days: number, hourUtc: number) => isoAtOf(date, options.allOnStartDay ? 0 : days, hourUtc);
  return [
    { type: 'SSBTEK_INFO_RECORDED', role: SS, day: 0, payload: { afSummary: 'Inskriven på AF sedan två år, ingen aktivitet.', fkSummary: 'Ingen ersättning från FK.' } },
    { type: 'AF_PLAN_CHECKED', role: SS, day: 1, payload: { afActivity: 'ingen', note: 'Handlingsplanen stämd av med sökande.' } },
    { type: 'AF_NOTIFIED', role: SS, day: 2, payload: { sentOn: isoDay(start, 2) } },
    { type: 'KC_CRITERIA_ASSESSED', role: SS, day: 3, payload: { unemployment: 'hel', needsJobOrSkillsActivities: true, expectedWorkOrStudiesWithin3Years: true } },
    { type: 'KC_CONSENT_RECORDED', role: SS, day: 4, payload: {} },
    { type: 'ARBETSPLAN_UPDATED', role: SS, day: 5, payload: { note: 'Mål: arbete inom lager.' } },
    { type: 'DECISION_MADE', role: SS, day: 6, payload: { decisionDate: isoDay(start, 6), validFrom: isoDay(start, 10) } },
    { type: 'DECISION_COMMUNICATED', role: SS, day: 7, payload: { on: isoDay(start, 7) } },
    { type: 'UPPDRAG_SENT', role: SS, day: 8, payload: { needs: 'Stöd att söka arbete.', scope: 'Jobbsökaraktiviteter.', goals: 'Arbete inom ett år.' } },
    { type: 'INSKRIVNING_BOOKED', role: SS, day: 9, payload: { at: isoAt(start, 20, 8), place: 'KC Angered', interpreter: false } },
    // The consultant takes the referral from KC's queue (only the assigned consultant sees it).
    { type: 'KC_CONSULTANT_ASSIGNED', role: AMK, day: 10, payload: { consultantId: 'kalle' } },
    { type: 'UPPDRAG_REVIEWED', role: AMK, day: 10, payload: {} },
    { type: 'INSKRIVNING_HELD', role: AMK, day: 20, payload: { firstFollowUpAt: isoAt(start, 110, 9) } },
    { type: 'GENOMFORANDEPLAN_ESTABLISHED', role: AMK, day: 30, payload: {} },
    { type: 'FOLLOW_UP_HELD', role: SS, day: 110, payload: { on: isoDay(start, 110), clientView: 'Trivs.', progression: 'Går framåt.' } },
    { type: 'FOLLOW_UP_BOOKED', role: SS, day: 111, payload: { at: isoAt(start, 200, 9) } },
    { type: 'FOLLOW_UP_HELD', role: SS, day: 200, payload: { on: isoDay(start, 200), clientView: 'Har praktik.', progression: 'Närmar sig arbete.' } },
    { type: 'GENOMFORANDEPLAN_UPDATED', role: AMK, day: 201, payload: { note: 'Praktik tillagd.' } },
    { type: 'FOLLOW_UP_BOOKED', role: SS, day: 202, payload: { at: isoAt(start, 290, 9) } },
    { type: 'FOLLOW_UP_HELD', role: SS, day: 290, payload: { on: isoDay(start, 290), clientView: 'Har fått jobb.', progression: 'Anställning från nästa månad.' } },
    { type: 'CLOSING_ANNOUNCED', role: SS, day: 300, payload: { reason: 'arbete', selfSufficient: true } },
    { type: 'CLOSING_DOCUMENT_CREATED', role: AMK, day: 305, payload: { endedOn: isoDay(start, 310), reasons: 'Arbete.', goalAttainment: 'Målen nådda.' } },
    { type: 'INSATS_CLOSED', role: SS, day: 306, payload: {} },
    { type: 'GWA_CLOSED', role: AMK, day: 307, payload: {} },
  ];
}

/** The steps measured by the HTTP benchmark and the peer: förberedelse through KC's assignment, inskrivning held and two follow-ups. */
export const THROUGHPUT_STEPS = 17;

export function throughputFlow(start: Date): FlowStep[] {
  return fullPath(start, { allOnStartDay: true }).slice(0, THROUGHPUT_STEPS);
}

/** Ends avslutad, not self-sufficient: a three-party meeting before the closing document. */
export function notSelfSufficientPath(start: Date): FlowStep[] {
  const steps = fullPath(start).slice(0, 20);
  return [
    ...steps,
    { type: 'CLOSING_ANNOUNCED', role: SS, day: 300, payload: { reason: 'beslut_ej_fornyat', selfSufficient: false } },
    { type: 'THREE_PARTY_MEETING_BOOKED', role: AMK, day: 301, payload: { at: isoAtOf(start, 310, 12) } },
    { type: 'THREE_PARTY_MEETING_HELD', role: SS, day: 310, payload: { on: isoDayOf(start, 310) } },
    { type: 'CLOSING_DOCUMENT_CREATED', role: AMK, day: 315, payload: { endedOn: isoDayOf(start, 320), reasons: 'Beslutet förnyas inte.', goalAttainment: 'Delvis.' } },
    { type: 'INSATS_CLOSED', role: SS, day: 316, payload: {} },
    { type: 'GWA_CLOSED', role: AMK, day: 317, payload: {} },
  ];
}

/** Ends avbruten: AF plans an activity, the referral waits (vilande), the activity starts, and the referral is withdrawn. */
export function afActivityPath(start: Date): FlowStep[] {
  const [first] = fullPath(start);
  return [
    first!,
    { type: 'AF_PLAN_CHECKED', role: SS, day: 2, payload: { afActivity: 'planerad', note: 'AF planerar en insats.' } },
    { type: 'AF_PLAN_CHECKED', role: SS, day: 40, payload: { afActivity: 'pagaende', note: 'Insatsen hos AF har börjat.' } },
    { type: 'REFERRAL_WITHDRAWN', role: SS, day: 60, payload: { reason: 'Klienten deltar i insatsen hos AF.' } },
  ];
}

/** Ends avbruten: the referral is withdrawn in förberedelse. */
export function withdrawnPath(start: Date): FlowStep[] {
  return [...fullPath(start).slice(0, 5), { type: 'REFERRAL_WITHDRAWN', role: SS, day: 12, payload: { reason: 'Klienten har fått arbete.' } }];
}

/** Ends avbruten: the inskrivning is missed, then no new meeting: the uppdrag withdrawn and the booking cancelled in GWA. */
export function noInskrivningPath(start: Date): FlowStep[] {
  return [
    // Through KC's assignment: the consultant avbokar i GWA.
    ...fullPath(start).slice(0, 12),
    { type: 'INSKRIVNING_MISSED', role: SS, day: 20, payload: { note: 'Klienten kom inte.' } },
    { type: 'UPPDRAG_WITHDRAWN', role: SS, day: 34, payload: { reason: 'Klienten har inte hörts av.' } },
    { type: 'INSKRIVNING_CANCELLED_IN_GWA', role: AMK, day: 35, payload: { reason: 'Klienten har inte hörts av.' } },
  ];
}

/** A valid personnummer (12 digits) for every index: birth dates from 1940 on, serials 000–999, Luhn check digit. */
export function personnummer(index: number): string {
  const days = index % 20_000;
  const serial = Math.floor(index / 20_000) % 1000;
  const birth = new Date(Date.UTC(1940, 0, 1) + days * DAY_MS);
  const yyyymmdd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const nine = `${yyyymmdd.slice(2)}${String(serial).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < nine.length; i += 1) {
    let digit = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return `${yyyymmdd}${String(serial).padStart(3, '0')}${(10 - (sum % 10)) % 10}`;
}

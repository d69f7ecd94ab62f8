/**
 * Random histories for the statistics' property tests (the cube, the compact facts): every event type the
 * facts read, choices in several tracks, deadlines of every status, people of every age band and both kön,
 * instants from mid-2024 to early 2027, some late in the UTC evening (the next Swedish day).
 */
import Personnummer from 'personnummer';
import type { AssessmentHistory, ReferralHistory, StoredDeadline } from '../../src/statistics/measures';

const pnr = (birthYear: number, konDigit: number) => {
  const base = `${birthYear}0505${'01'}${konDigit}`;
  return base + [...'0123456789'].find((check) => Personnummer.valid(base + check))!;
};
const REFERRAL_TYPES = [
  'DECISION_MADE', 'DECISION_RENEWED', 'REFERRAL_WITHDRAWN', 'KC_CONSENT_DECLINED', 'AF_PLAN_CHECKED', 'UPPDRAG_SENT', 'INSKRIVNING_HELD',
  'INSKRIVNING_MISSED', 'AVVIKELSE_REPORTED', 'INSKRIVNING_CANCELLED', 'UPPDRAG_WITHDRAWN', 'INSKRIVNING_CANCELLED_IN_GWA',
  'CLOSING_ANNOUNCED', 'CLOSING_WITHDRAWN', 'THREE_PARTY_MEETING_HELD', 'CLOSING_DOCUMENT_CREATED', 'INSATS_CLOSED', 'GWA_CLOSED',
];
const TRACKS = [['arbetsmarknad'], ['rehab'], ['arbetsmarknad', 'rehab']];
const REASONS = ['arbete', 'studier', 'flytt', 'ohalsa', 'annat'];

/** A small deterministic random source, so a failing seed can be replayed. */
export function random(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

export function population(seed: number, people: number): { referrals: ReferralHistory[]; assessments: AssessmentHistory[] } {
  const r = random(seed);
  // Instants from mid-2024 to early 2027, some at 23:30 UTC (the next Swedish day).
  const instant = () => new Date(Date.UTC(2024, 6, 1) + r.int(930) * 86_400_000 + (r.int(4) === 0 ? 84_600_000 : 32_400_000));
  const referrals: ReferralHistory[] = [];
  const assessments: AssessmentHistory[] = [];
  for (let i = 0; i < people; i += 1) {
    const personnummer = pnr(r.pick([1950, 1975, 1995, 2000, 2003, 2010]), r.int(10));
    const createdAt = instant();
    let at = createdAt.getTime();
    const later = () => new Date((at += r.int(60) * 86_400_000 + r.int(3) * 3_600_000));
    const events = [{ type: 'CASE_CREATED', occurredAt: createdAt, payload: {} }];
    for (let n = r.int(12); n > 0; n -= 1) {
      const type = r.pick(REFERRAL_TYPES);
      const occurredAt = later();
      const payload =
        type === 'DECISION_MADE' ? { decisionDate: r.int(3) === 0 ? 'inte ett datum' : occurredAt.toISOString().slice(0, 10) }
        : type === 'AF_PLAN_CHECKED' ? (r.int(4) === 0 ? { plannedAfActivity: true } : { afActivity: r.pick(['planerad', 'pagaende', 'ingen']) })
        : type === 'CLOSING_ANNOUNCED' ? { reason: r.pick(REASONS), selfSufficient: r.int(2) === 0 }
        : {};
      events.push({ type, occurredAt, payload });
    }
    const deadlines: StoredDeadline[] = Array.from({ length: r.int(5) }, () => {
      const due = instant();
      const status = r.pick(['open', 'done', 'overdue', 'cancelled'] as const);
      return {
        kind: r.pick(['uppfoljning', 'genomforandeplan_upprattad', 'genomforandeplan_uppdaterad', 'beslut']),
        dueDate: due.toISOString().slice(0, 10),
        status,
        closedAt: status === 'done' || status === 'cancelled' ? new Date(due.getTime() + (r.int(20) - 10) * 86_400_000) : null,
        escalatedAt: r.int(4) === 0 ? new Date(due.getTime() + 3 * 86_400_000) : null,
      };
    });
    const choices = Array.from({ length: r.int(4) }, () => (r.int(4) === 0 ? { type: 'INLEDANDE_STARTED', occurredAt: instant(), payload: {} } : { type: 'INRIKTNING_CHOSEN', occurredAt: instant(), payload: { tracks: r.pick(TRACKS) } })).sort(
      (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime(),
    );
    referrals.push({ personnummer, createdAt, status: r.pick(['active', 'avslutad', 'avbruten'] as const), events, deadlines, choices, initialPartsCompleted: r.int(2) === 0 ? [instant()] : [] });
    if (r.int(3) === 0) {
      // A bedömningsstöd with choices in several tracks in the same months: its facts carry their own track.
      const score = () => ({ halsa: 1 + r.int(5), arbetsformaga: 1 + r.int(5), energiMotivation: 1 + r.int(5), kommunikation: 1 + r.int(5) });
      const steps = Array.from({ length: 1 + r.int(6) }, () =>
        r.int(2) === 0 ? { type: 'INLEDANDE_COMPLETED', occurredAt: instant(), payload: { keyScores: score() } } : { type: 'INRIKTNING_CHOSEN', occurredAt: instant(), payload: { tracks: r.pick(TRACKS) } },
      ).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      assessments.push({ personnummer, events: steps });
    }
  }
  return { referrals, assessments };
}


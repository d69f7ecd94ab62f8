/**
 * Version 2's example payloads, frozen with its definition (machines/anvisning/v2/): the migration tests
 * drive the frozen machine with these, and the upgrade rehearsal sends them to a version 2 release
 * (scripts/upgrade-rehearsal.ts), which validates them with version 2's schemas. A copy of
 * test/support/anvisning-payloads.ts's payloads as they were for version 2 (release 24a3ee4); never edited with the live one.
 */
import type { AnvisningEventType, AnvisningPayload } from '../../machines/anvisning/v2/events';

export const samplePayloadsV2: { [T in AnvisningEventType]: AnvisningPayload<T> } = {
  KC_CRITERIA_ASSESSED: { unemployment: 'hel', needsJobOrSkillsActivities: true, expectedWorkOrStudiesWithin3Years: true },
  SSBTEK_INFO_RECORDED: { afSummary: 'Inskriven på AF sedan 2024, ingen aktivitet.', fkSummary: 'Ingen ersättning från FK.' },
  AF_PLAN_CHECKED: { afActivity: 'ingen', note: 'Handlingsplanen stämd av med sökande.' },
  AF_ACTIVITY_JUDGED_UNSUITABLE: { reason: 'Den planerade aktiviteten hos AF motsvarar inte klientens behov.' },
  AF_NOTIFIED: { sentOn: '2026-01-12' },
  AF_RESPONSE_RECORDED: { summary: 'AF har inga invändningar.' },
  KC_CONSENT_RECORDED: {},
  ARBETSPLAN_UPDATED: { note: 'Mål: arbete inom lager.' },
  KC_SAMORDNARE_CONSULTED: { note: 'Upplägg diskuterat med samordnare.' },
  REFERRAL_WITHDRAWN: { reason: 'Klienten har fått arbete.' },
  DECISION_MADE: { decisionDate: '2026-01-20', validFrom: '2026-02-01' },
  DECISION_COMMUNICATED: { on: '2026-01-21' },
  UPPDRAG_SENT: { needs: 'Stöd att söka arbete.', scope: 'Jobbsökaraktiviteter.', goals: 'Arbete inom ett år.' },
  INSKRIVNING_BOOKED: { at: '2026-02-03T09:00:00+01:00', place: 'KC Angered', interpreter: false },
  UPPDRAG_REVIEWED: {},
  INSKRIVNING_HELD: { firstFollowUpAt: '2026-05-04T10:00:00+02:00' },
  INSKRIVNING_MISSED: { note: 'Klienten kom inte.' },
  INSKRIVNING_REBOOKED: { at: '2026-02-10T09:00:00+01:00' },
  INSKRIVNING_CANCELLED: { reason: 'Klienten har inte hörts av.' },
  GENOMFORANDEPLAN_ESTABLISHED: {},
  GENOMFORANDEPLAN_UPDATED: { note: 'Praktik tillagd.' },
  FOLLOW_UP_BOOKED: { at: '2026-08-03T10:00:00+02:00' },
  FOLLOW_UP_HELD: { on: '2026-05-04', clientView: 'Trivs.', progression: 'Går framåt.' },
  SIGNIFICANT_EVENT_REPORTED: { summary: 'Frånvaro två veckor.', threePartyMeetingNeeded: true },
  THREE_PARTY_MEETING_BOOKED: { at: '2026-06-01T13:00:00+02:00' },
  EXTERNAL_CONSENT_RECORDED: { party: 'Vårdcentralen' },
  EXTERNAL_CONTACT_RECORDED: { party: 'Vårdcentralen', summary: 'Samtal om arbetsförmåga.' },
  DECISION_RENEWED: { decisionDate: '2027-01-10', validFrom: '2027-02-01' },
  DECISION_EXPIRED: {},
  DISAGREEMENT_RAISED: { topic: 'Om insatsen ska avslutas.' },
  DISAGREEMENT_RESOLVED: { outcome: 'Insatsen fortsätter tre månader.' },
  CLOSING_ANNOUNCED: { reason: 'arbete', selfSufficient: true },
  CLOSING_WITHDRAWN: { reason: 'Anställningen blev inte av.' },
  THREE_PARTY_MEETING_HELD: { on: '2026-09-01' },
  CLOSING_DOCUMENT_CREATED: { endedOn: '2026-09-15', reasons: 'Arbete.', goalAttainment: 'Målen nådda.' },
  INSATS_CLOSED: {},
  GWA_CLOSED: {},
  KC_CONSULTANT_ASSIGNED: { consultantId: 'kalle' },
  RESPONSIBLE_CHANGED: { toUserId: 'maja', reason: 'Anna är föräldraledig.' },
  TRANSFER_REQUESTED: { toUnit: 'SF Hisingen', reason: 'Klienten har flyttat till Hisingen.' },
  TRANSFER_ACCEPTED: { toUserId: 'bo' },
  TRANSFER_CANCELLED: { reason: 'Flytten blev inte av.' },
};

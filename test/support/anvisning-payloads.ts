/**
 * Valid example payloads for every anvisning event type, used by the machine
 * tests and the API tests. Dates fit one plausible referral in 2026, and the steps up to the inskrivning
 * are plausible under the test clock's default time (2026-01-15T09:00Z, test/support/test-app.ts): things
 * done no later than the next day, meetings booked ahead (docs/process.md "Plausible dates"). A follow-up,
 * a three-party meeting and a renewal are dated when they happen: a test moves the clock there first.
 */
import type { AnvisningEventType, AnvisningPayload } from '../../machines/anvisning';

export const samplePayloads: { [T in AnvisningEventType]: AnvisningPayload<T> } = {
  KC_CRITERIA_ASSESSED: { unemployment: 'hel', needsJobOrSkillsActivities: true, expectedWorkOrStudiesWithin3Years: true },
  SSBTEK_INFO_RECORDED: { afSummary: 'Inskriven på AF sedan 2024, ingen aktivitet.', fkSummary: 'Ingen ersättning från FK.' },
  AF_PLAN_CHECKED: { afActivity: 'ingen', note: 'Handlingsplanen stämd av med sökande.' },
  AF_ACTIVITY_JUDGED_UNSUITABLE: { reason: 'Den planerade aktiviteten hos AF motsvarar inte klientens behov.' },
  AF_NOTIFIED: { sentOn: '2026-01-12' },
  AF_RESPONSE_RECORDED: { summary: 'AF har inga invändningar.' },
  KC_CONSENT_RECORDED: {},
  KC_CONSENT_DECLINED: { note: 'Klienten vill inte delta på KC just nu.' },
  ARBETSPLAN_UPDATED: { note: 'Mål: arbete inom lager.' },
  KC_SAMORDNARE_CONSULTED: { note: 'Upplägg diskuterat med samordnare.' },
  REFERRAL_WITHDRAWN: { reason: 'Klienten har fått arbete.' },
  PROTECTED_IDENTITY_MARKED: { note: 'Skyddade personuppgifter enligt folkbokföringen.' },
  DECISION_MADE: { decisionDate: '2026-01-15', validFrom: '2026-02-01' },
  DECISION_COMMUNICATED: { on: '2026-01-15' },
  UPPDRAG_SENT: { needs: 'Stöd att söka arbete.', scope: 'Jobbsökaraktiviteter.', goals: 'Arbete inom ett år.' },
  INSKRIVNING_BOOKED: { at: '2026-02-03T09:00:00+01:00', place: 'KC Angered', interpreter: false },
  UPPDRAG_REVIEWED: {},
  INSKRIVNING_HELD: { firstFollowUpAt: '2026-05-04T10:00:00+02:00' },
  INSKRIVNING_MISSED: { note: 'Klienten kom inte.' },
  INSKRIVNING_RESCHEDULED: { at: '2026-02-05T13:00:00+01:00', reason: 'Klienten är sjuk på mötesdagen.' },
  INSKRIVNING_NEW_TIME_REQUESTED: {},
  INSKRIVNING_REBOOKED: { at: '2026-02-10T09:00:00+01:00' },
  UPPDRAG_WITHDRAWN: { reason: 'Klienten har inte hörts av.' },
  INSKRIVNING_CANCELLED_IN_GWA: { reason: 'Klienten har inte hörts av; tiden avbokad.' },
  GENOMFORANDEPLAN_ESTABLISHED: {},
  GENOMFORANDEPLAN_UPDATED: { note: 'Praktik tillagd.' },
  FOLLOW_UP_BOOKED: { at: '2026-08-03T10:00:00+02:00' },
  FOLLOW_UP_HELD: { on: '2026-05-04', clientView: 'Trivs.', progression: 'Går framåt.' },
  SIGNIFICANT_EVENT_REPORTED: { summary: 'Frånvaro två veckor.', threePartyMeetingNeeded: true },
  THREE_PARTY_MEETING_BOOKED: { at: '2026-06-01T13:00:00+02:00' },
  AVVIKELSE_REPORTED: { on: '2026-01-15', kind: 'franvaro', summary: 'Frånvarande tre dagar utan att höra av sig.' },
  AVVIKELSE_ACKNOWLEDGED: {},
  EXTERNAL_CONSENT_RECORDED: { party: 'Vårdcentralen', area: 'socialt_halsa' },
  EXTERNAL_CONTACT_RECORDED: { party: 'Vårdcentralen', summary: 'Samtal om arbetsförmåga.' },
  DECISION_RENEWED: { decisionDate: '2027-01-10', validFrom: '2027-02-01' },
  DECISION_EXPIRED: {},
  DISAGREEMENT_RAISED: { topic: 'avslut', description: 'Om insatsen ska avslutas.' },
  DISAGREEMENT_POSITION_RECORDED: { position: 'Insatsen bör fortsätta tre månader till.' },
  DISAGREEMENT_RESOLVED: { outcome: 'Insatsen fortsätter tre månader.' },
  CLOSING_ANNOUNCED: { reason: 'arbete', selfSufficient: true },
  CLOSING_WITHDRAWN: { reason: 'Anställningen blev inte av.' },
  THREE_PARTY_MEETING_HELD: { on: '2026-09-01' },
  THREE_PARTY_MEETING_NOT_HELD: { reason: 'Klienten har flyttat och går inte att nå.' },
  CLOSING_DOCUMENT_CREATED: { endedOn: '2026-09-15', reasons: 'Arbete.', goalAttainment: 'Målen nådda.' },
  INSATS_CLOSED: {},
  GWA_CLOSED: {},
  KC_CONSULTANT_ASSIGNED: { consultantId: 'kalle' },
  RESPONSIBLE_CHANGED: { toUserId: 'maja', reason: 'Anna är föräldraledig.' },
  TRANSFER_REQUESTED: { toUnit: 'SF Hisingen', reason: 'Klienten har flyttat till Hisingen.' },
  TRANSFER_ACCEPTED: { toUserId: 'bo' },
  TRANSFER_CANCELLED: { reason: 'Flytten blev inte av.' },
};

/** The role that normally sends each event in the tests (the first role the table allows). */
export const sampleRole: Partial<Record<AnvisningEventType, 'socialsekreterare' | 'arbetsmarknadskonsulent' | 'forste_socialsekreterare' | 'system'>> = {
  UPPDRAG_REVIEWED: 'arbetsmarknadskonsulent',
  INSKRIVNING_HELD: 'arbetsmarknadskonsulent',
  INSKRIVNING_REBOOKED: 'arbetsmarknadskonsulent',
  INSKRIVNING_CANCELLED_IN_GWA: 'arbetsmarknadskonsulent',
  GENOMFORANDEPLAN_ESTABLISHED: 'arbetsmarknadskonsulent',
  GENOMFORANDEPLAN_UPDATED: 'arbetsmarknadskonsulent',
  CLOSING_DOCUMENT_CREATED: 'arbetsmarknadskonsulent',
  GWA_CLOSED: 'arbetsmarknadskonsulent',
  DISAGREEMENT_POSITION_RECORDED: 'forste_socialsekreterare',
  DISAGREEMENT_RESOLVED: 'forste_socialsekreterare',
  AVVIKELSE_REPORTED: 'arbetsmarknadskonsulent',
  DECISION_EXPIRED: 'system',
};

/** From creation to an ongoing insats, in the order of the routine. */
export const STEPS_TO_PAGAENDE: AnvisningEventType[] = [
  'SSBTEK_INFO_RECORDED',
  'AF_PLAN_CHECKED',
  'AF_NOTIFIED',
  'KC_CRITERIA_ASSESSED',
  'KC_CONSENT_RECORDED',
  'ARBETSPLAN_UPDATED',
  'DECISION_MADE',
  'DECISION_COMMUNICATED',
  'UPPDRAG_SENT',
  'INSKRIVNING_BOOKED',
  'INSKRIVNING_HELD',
];

import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  anvisningPayloadSchemas,
  decideAnvisning,
  nextAnvisningSteps,
  persistAnvisning,
  renewalBlockers,
  replayAnvisning,
  restoreAnvisning,
  startAnvisning,
  statePathOf,
  statusOf,
  type AnvisningEvent,
  type AnvisningEventType,
  type AnvisningPayload,
  type AnvisningSnapshot,
  type Actor,
} from '../../machines/anvisning';
import { oneYearValidUntil, stockholmDate } from '../../machines/shared/dates';
import type { Role } from '../../machines/shared/roles';
import { STEPS_TO_PAGAENDE, samplePayloads, sampleRole } from '../support/anvisning-payloads';

const AT = '2026-01-15T10:00:00Z';
const FATIMA: Actor = { id: 'fatima', unit: 'SF Nordost' };
const GUSTAV: Actor = { id: 'gustav', unit: 'SF Hisingen' };

function eventOf<T extends AnvisningEventType>(
  type: T,
  overrides: Partial<AnvisningPayload<T>> = {},
  role: Role = sampleRole[type] ?? 'socialsekreterare',
  at = AT,
  actor?: Actor,
): AnvisningEvent {
  return { type, ...samplePayloads[type], ...overrides, meta: { actorId: actor?.id ?? 'test', role, at, ...(actor ? { unit: actor.unit } : {}) } } as AnvisningEvent;
}

/** A small driver: sends events and fails loudly with the machine's explanation if one is refused. */
class Referral {
  events: AnvisningEvent[] = [];
  constructor(public snapshot: AnvisningSnapshot = startAnvisning({ protectedIdentity: false })) {}

  static protectedIdentity() {
    return new Referral(startAnvisning({ protectedIdentity: true }));
  }

  send<T extends AnvisningEventType>(type: T, overrides: Partial<AnvisningPayload<T>> = {}, role?: Role, at?: string, actor?: Actor): this {
    const event = eventOf(type, overrides, role, at, actor);
    const decision = decideAnvisning(this.snapshot, event);
    if (!decision.ok) throw new Error(`${type} refused in ${this.state}: ${JSON.stringify(decision.explanation)}`);
    this.snapshot = decision.snapshot;
    this.events.push(event);
    return this;
  }

  all(types: AnvisningEventType[]): this {
    for (const type of types) this.send(type);
    return this;
  }

  refusal<T extends AnvisningEventType>(type: T, overrides: Partial<AnvisningPayload<T>> = {}, role?: Role, at?: string, actor?: Actor) {
    const decision = decideAnvisning(this.snapshot, eventOf(type, overrides, role, at, actor));
    if (decision.ok) throw new Error(`${type} was accepted in ${this.state}`);
    return decision;
  }

  allowed(role: Role = 'socialsekreterare', at = AT, actor?: Actor) {
    return allowedEvents(this.snapshot, role, at, actor);
  }

  get state() {
    return statePathOf(this.snapshot);
  }
  get context() {
    return this.snapshot.context;
  }
}

function upTo(last: AnvisningEventType, referral = new Referral()): Referral {
  return referral.all(STEPS_TO_PAGAENDE.slice(0, STEPS_TO_PAGAENDE.indexOf(last) + 1));
}

describe('förberedelse: samråd med Arbetsförmedlingen', () => {
  it('starts at samråd step 1 and offers the socialsekreterare only what may happen now', () => {
    const referral = new Referral();
    expect(referral.state).toBe('forberedelse.samrad_ssbtek');
    expect(statusOf(referral.snapshot)).toBe('active');
    expect(referral.allowed()).toEqual([
      'KC_CRITERIA_ASSESSED',
      'SSBTEK_INFO_RECORDED',
      'AF_RESPONSE_RECORDED',
      'KC_CONSENT_RECORDED',
      'KC_CONSENT_DECLINED',
      'ARBETSPLAN_UPDATED',
      'REFERRAL_WITHDRAWN',
      'PROTECTED_IDENTITY_MARKED',
    ]);
    expect(referral.allowed('arbetsmarknadskonsulent')).toEqual([]);
    // KC is not involved yet: nothing to assign.
    expect(referral.allowed('kc_samordnare')).toEqual([]);
    // The 1:e socialsekreterare only hands over; a transfer needs to know her unit (the API passes the actor).
    expect(referral.allowed('forste_socialsekreterare')).toEqual(['RESPONSIBLE_CHANGED']);
    expect(referral.allowed('forste_socialsekreterare', AT, FATIMA)).toEqual(['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED']);
  });

  it('[forberedelse.samrad-in-order] takes the three samråd steps only in order', () => {
    const referral = new Referral();
    expect(referral.refusal('AF_PLAN_CHECKED').reason).toBe('not_allowed_in_state');
    expect(referral.refusal('AF_NOTIFIED').reason).toBe('not_allowed_in_state');
    referral.send('SSBTEK_INFO_RECORDED');
    expect(referral.state).toBe('forberedelse.samrad_af_planering');
    expect(referral.refusal('AF_NOTIFIED').reason).toBe('not_allowed_in_state');
    referral.send('AF_PLAN_CHECKED');
    expect(referral.state).toBe('forberedelse.samrad_af_underrattelse');
    referral.send('AF_NOTIFIED');
    expect(referral.state).toBe('forberedelse.samrad_klart');
    expect(referral.context.samrad.afNotifiedOn).toBe('2026-01-12');
  });

  it('records what the AF check found, with its note', () => {
    const referral = new Referral().all(['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED']);
    expect(referral.context.samrad).toMatchObject({ afPlanCheckedAt: AT, afActivity: 'ingen', afPlanNote: 'Handlingsplanen stämd av med sökande.', afActivityUnsuitable: null });
  });

  it.each(['planerad', 'pagaende'] as const)('lets the referral wait (vilande) when an AF activity is %s, without ending it', (afActivity) => {
    const referral = new Referral().send('SSBTEK_INFO_RECORDED').send('AF_PLAN_CHECKED', { afActivity });
    expect(referral.state).toBe('forberedelse.vilande_af_aktivitet');
    expect(statusOf(referral.snapshot)).toBe('active');
    expect(referral.context.endReason).toBeNull();
    expect(referral.context.samrad.afActivity).toBe(afActivity);
    // AF is not notified while an AF activity stands; the socialsekreterare checks again, judges it unsuitable or withdraws.
    expect(referral.allowed()).toEqual([
      'KC_CRITERIA_ASSESSED',
      'AF_PLAN_CHECKED',
      'AF_ACTIVITY_JUDGED_UNSUITABLE',
      'AF_RESPONSE_RECORDED',
      'KC_CONSENT_RECORDED',
      'KC_CONSENT_DECLINED',
      'ARBETSPLAN_UPDATED',
      'REFERRAL_WITHDRAWN',
      'PROTECTED_IDENTITY_MARKED',
    ]);
    expect(referral.refusal('AF_NOTIFIED').reason).toBe('not_allowed_in_state');
    expect(referral.refusal('DECISION_MADE').reason).toBe('not_allowed_in_state');
    // Nothing ends by itself: other steps of the förberedelse go on while it waits.
    referral.all(['KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'AF_RESPONSE_RECORDED']);
    expect(referral.state).toBe('forberedelse.vilande_af_aktivitet');
  });

  it('[forberedelse.af-activity-waits] waits until a new check finds no AF activity, then AF is notified', () => {
    const referral = new Referral().send('SSBTEK_INFO_RECORDED').send('AF_PLAN_CHECKED', { afActivity: 'planerad' });
    referral.send('AF_PLAN_CHECKED', { afActivity: 'pagaende', note: 'Aktiviteten har börjat.' }, 'socialsekreterare', '2026-02-15T10:00:00Z');
    expect(referral.state).toBe('forberedelse.vilande_af_aktivitet');
    expect(referral.context.samrad).toMatchObject({ afActivity: 'pagaende', afPlanNote: 'Aktiviteten har börjat.', afPlanCheckedAt: '2026-02-15T10:00:00Z' });
    referral.send('AF_PLAN_CHECKED', { afActivity: 'ingen', note: undefined }, 'socialsekreterare', '2026-04-01T10:00:00Z');
    expect(referral.state).toBe('forberedelse.samrad_af_underrattelse');
    expect(referral.context.samrad).toMatchObject({ afActivity: 'ingen', afPlanNote: null, afPlanCheckedAt: '2026-04-01T10:00:00Z', afActivityUnsuitable: null });
    expect(referral.allowed()).toContain('AF_NOTIFIED');
    referral.send('AF_NOTIFIED');
    expect(referral.state).toBe('forberedelse.samrad_klart');
  });

  it('[forberedelse.af-activity-judged-unsuitable] goes on to notify AF once the socialsekreterare judges the AF activity not a suitable measure, and records why', () => {
    const referral = new Referral().send('SSBTEK_INFO_RECORDED');
    // Only while an AF activity stands.
    expect(referral.refusal('AF_ACTIVITY_JUDGED_UNSUITABLE').reason).toBe('not_allowed_in_state');
    referral.send('AF_PLAN_CHECKED', { afActivity: 'pagaende' });
    expect(referral.refusal('AF_ACTIVITY_JUDGED_UNSUITABLE', {}, 'arbetsmarknadskonsulent').reason).toBe('role_not_allowed');
    expect(referral.refusal('AF_ACTIVITY_JUDGED_UNSUITABLE', {}, 'forste_socialsekreterare').reason).toBe('role_not_allowed');
    referral.send('AF_ACTIVITY_JUDGED_UNSUITABLE', {}, 'socialsekreterare', '2026-01-20T10:00:00Z');
    expect(referral.state).toBe('forberedelse.samrad_af_underrattelse');
    expect(referral.context.samrad.afActivity).toBe('pagaende');
    expect(referral.context.samrad.afActivityUnsuitable).toEqual({ reason: samplePayloads.AF_ACTIVITY_JUDGED_UNSUITABLE.reason, judgedAt: '2026-01-20T10:00:00Z' });
    expect(referral.refusal('AF_ACTIVITY_JUDGED_UNSUITABLE').reason).toBe('not_allowed_in_state');
    referral.all(['AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE']);
    expect(referral.state).toBe('beslut.fattat');
  });

  it('is withdrawn while it waits, and never ends for an AF activity (af_insats)', () => {
    const referral = new Referral().send('SSBTEK_INFO_RECORDED').send('AF_PLAN_CHECKED', { afActivity: 'planerad' });
    referral.send('REFERRAL_WITHDRAWN');
    expect(referral.state).toBe('avbruten');
    expect(referral.context.endReason).toBe('aterkallad');
    expect(referral.context.endedAt).toBe(AT);
    expect(referral.allowed()).toEqual([]);
    expect(referral.refusal('AF_PLAN_CHECKED').explanation).toEqual([{ code: 'referral_ended' }]);
  });

  it('[forberedelse.af-response-never-blocks] accepts an answer from AF at any time before the end, without moving the case', () => {
    const referral = upTo('INSKRIVNING_BOOKED');
    referral.send('AF_RESPONSE_RECORDED');
    expect(referral.state).toBe('inskrivning.bokad');
    expect(referral.context.afResponseCount).toBe(1);
  });
});

describe('förberedelse: what a decision needs', () => {
  it('[forberedelse.decision-needs-consent] refuses the decision without consent to KC, however ready the rest is', () => {
    const referral = upTo('AF_NOTIFIED').all(['KC_CRITERIA_ASSESSED', 'ARBETSPLAN_UPDATED']);
    expect(referral.allowed()).not.toContain('DECISION_MADE');
    expect(referral.refusal('DECISION_MADE').explanation).toEqual([{ code: 'consent_missing' }]);
    expect(referral.send('KC_CONSENT_RECORDED').allowed()).toContain('DECISION_MADE');
  });

  it('[beslut.consent-and-arbetsplan-before-decision] refuses the decision until criteria, consent and arbetsplan are recorded, and says what is missing', () => {
    const referral = new Referral().all(['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED']);
    expect(referral.allowed()).not.toContain('DECISION_MADE');
    expect(referral.refusal('DECISION_MADE').explanation).toEqual([{ code: 'criteria_missing' }, { code: 'consent_missing' }, { code: 'arbetsplan_missing' }]);
    referral.all(['KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED']);
    expect(referral.refusal('DECISION_MADE').explanation).toEqual([{ code: 'arbetsplan_missing' }]);
    referral.send('ARBETSPLAN_UPDATED');
    expect(referral.allowed()).toContain('DECISION_MADE');
    referral.send('DECISION_MADE');
    expect(referral.state).toBe('beslut.fattat');
  });

  it('[beslut.samrad-before-decision] refuses a decision before samråd is complete even when everything else is recorded', () => {
    const referral = new Referral().all(['KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'SSBTEK_INFO_RECORDED']);
    expect(referral.refusal('DECISION_MADE').reason).toBe('not_allowed_in_state');
  });

  it('[beslut.criteria-deviation-written] lets a referral proceed against the KC criteria only with a written deviation reason', () => {
    const schema = anvisningPayloadSchemas.KC_CRITERIA_ASSESSED;
    const notMet = { unemployment: 'deltid', needsJobOrSkillsActivities: true, expectedWorkOrStudiesWithin3Years: false };
    const refused = schema.safeParse(notMet);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['deviationReason']);
    expect(schema.safeParse({ ...notMet, deviationReason: 'Individuell bedömning: studier inom 4 år.' }).success).toBe(true);

    const referral = new Referral().send('KC_CRITERIA_ASSESSED', {
      expectedWorkOrStudiesWithin3Years: false,
      deviationReason: 'Individuell bedömning: studier inom 4 år.',
    });
    expect(referral.context.criteria).toMatchObject({ allMet: false, deviationReason: 'Individuell bedömning: studier inom 4 år.' });
    referral.all(['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED']);
    referral.send('DECISION_MADE');
    expect(referral.state).toBe('beslut.fattat');
  });

  it('says whether a date is missing or malformed (as reason codes), so a form can say "required" or "not a date"', () => {
    const messages = (payload: object) => anvisningPayloadSchemas.DECISION_MADE.safeParse(payload).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(messages({ validFrom: '2026-02-01' })).toEqual([['decisionDate', 'required']]);
    expect(messages({ decisionDate: '20 jan', validFrom: '2026-02-01' })).toEqual([['decisionDate', 'date_format']]);
    expect(anvisningPayloadSchemas.INSKRIVNING_HELD.safeParse({}).error?.issues[0]?.message).toBe('required');
  });

  it('[beslut.samordnare-consulted-if-protected] requires the KC samordnare to be consulted before deciding on a protected identity', () => {
    const referral = Referral.protectedIdentity().all(STEPS_TO_PAGAENDE.slice(0, 6));
    expect(referral.refusal('DECISION_MADE').explanation).toEqual([{ code: 'samordnare_not_consulted' }]);
    referral.send('KC_SAMORDNARE_CONSULTED').send('DECISION_MADE');
    expect(referral.state).toBe('beslut.fattat');
  });

  it('does not offer the samordnare consultation for a client without protected identity', () => {
    const referral = new Referral();
    expect(referral.allowed()).not.toContain('KC_SAMORDNARE_CONSULTED');
    expect(referral.refusal('KC_SAMORDNARE_CONSULTED').reason).toBe('not_allowed_in_state');
  });
});

describe('förberedelse: consent declined, not unemployed, protection marked later', () => {
  it('[forberedelse.consent-declined-keeps-referral-open] records a declined consent and leaves withdrawal or a later consent open; a decision still needs consent', () => {
    const referral = upTo('AF_NOTIFIED').all(['KC_CRITERIA_ASSESSED', 'ARBETSPLAN_UPDATED']);
    referral.send('KC_CONSENT_DECLINED', {}, 'socialsekreterare', '2026-01-16T09:00:00Z');
    expect(referral.context.consentDeclined).toEqual({ note: 'Klienten vill inte delta på KC just nu.', at: '2026-01-16T09:00:00Z' });
    expect(statusOf(referral.snapshot)).toBe('active');
    expect(referral.refusal('DECISION_MADE').explanation).toEqual([{ code: 'consent_declined' }]);
    expect(referral.allowed()).toEqual(expect.arrayContaining(['KC_CONSENT_RECORDED', 'REFERRAL_WITHDRAWN']));
    // Consent recorded later counts.
    referral.send('KC_CONSENT_RECORDED').send('DECISION_MADE');
    expect(referral.state).toBe('beslut.fattat');
    // A refusal after a consent takes it back.
    const withdrawnConsent = upTo('ARBETSPLAN_UPDATED').send('KC_CONSENT_DECLINED');
    expect(withdrawnConsent.context.consentRecordedAt).toBeNull();
    expect(withdrawnConsent.send('REFERRAL_WITHDRAWN').state).toBe('avbruten');
  });

  it('[forberedelse.not-unemployed-is-deviation] takes “not unemployed” as a criterion not met, which needs a written deviation reason', () => {
    const payload = { unemployment: 'ingen', needsJobOrSkillsActivities: true, expectedWorkOrStudiesWithin3Years: true } as const;
    const refused = anvisningPayloadSchemas.KC_CRITERIA_ASSESSED.safeParse(payload);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['deviationReason'], message: 'deviation_reason_required' });
    const referral = upTo('AF_NOTIFIED').send('KC_CRITERIA_ASSESSED', { ...payload, deviationReason: 'Arbetar två timmar i veckan; behöver kompetenshöjande insatser.' });
    expect(referral.context.criteria).toMatchObject({ unemployment: 'ingen', allMet: false, deviationReason: expect.any(String) });
    referral.all(['KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE']);
    expect(referral.state).toBe('beslut.fattat');
  });

  it('[forberedelse.protected-identity-marked-later] follows Bilaga 1 once a referral is marked protected: consultation before a decision not yet made', () => {
    const referral = upTo('ARBETSPLAN_UPDATED');
    expect(referral.allowed()).not.toContain('KC_SAMORDNARE_CONSULTED');
    referral.send('PROTECTED_IDENTITY_MARKED', {}, 'system', '2026-01-16T09:00:00Z');
    expect(referral.context).toMatchObject({ protectedIdentity: true, protectedIdentityMarkedAt: '2026-01-16T09:00:00Z' });
    expect(referral.refusal('DECISION_MADE').explanation).toEqual([{ code: 'samordnare_not_consulted' }]);
    expect(referral.refusal('PROTECTED_IDENTITY_MARKED').reason).toBe('not_allowed_in_state');
    referral.send('KC_SAMORDNARE_CONSULTED').send('DECISION_MADE');
    expect(referral.state).toBe('beslut.fattat');
    expect(Referral.protectedIdentity().allowed()).not.toContain('PROTECTED_IDENTITY_MARKED');
    expect(upTo('ARBETSPLAN_UPDATED').refusal('PROTECTED_IDENTITY_MARKED', {}, 'arbetsmarknadskonsulent').reason).toBe('role_not_allowed');
  });

  it('[forberedelse.protected-bookings-via-samordnare] records bookings made after the marking as made with the samordnare', () => {
    const referral = upTo('INSKRIVNING_BOOKED');
    expect(referral.context.inskrivning?.bookedVia).toBe('gwa');
    referral.send('PROTECTED_IDENTITY_MARKED', {}, 'socialsekreterare');
    referral.send('INSKRIVNING_RESCHEDULED');
    expect(referral.context.inskrivning?.bookedVia).toBe('kc_samordnare');
    // Marked during the insats: the decision already made stands; nothing more is asked of it.
    const running = upTo('INSKRIVNING_HELD').send('PROTECTED_IDENTITY_MARKED');
    expect(running.state).toBe('pagaende.aktiv');
    expect(running.context.protectedIdentity).toBe(true);
  });
});

describe('beslut: one year, communicated, then the uppdrag', () => {
  it('[beslut.one-year] computes validUntil as validFrom + 1 year − 1 day', () => {
    expect(oneYearValidUntil('2026-02-01')).toBe('2027-01-31');
    expect(oneYearValidUntil('2026-03-01')).toBe('2027-02-28');
    expect(oneYearValidUntil('2027-03-01')).toBe('2028-02-29');
    expect(oneYearValidUntil('2024-02-29')).toBe('2025-02-27');
    const referral = upTo('DECISION_MADE');
    expect(referral.context.decision).toEqual({ decisionDate: '2026-01-15', validFrom: '2026-02-01', validUntil: '2027-01-31' });
  });

  it('[beslut.communicated-before-uppdrag] sends the uppdrag only after the decision was communicated to the client', () => {
    const referral = upTo('DECISION_MADE');
    expect(referral.refusal('UPPDRAG_SENT').reason).toBe('not_allowed_in_state');
    referral.send('DECISION_COMMUNICATED');
    expect(referral.state).toBe('beslut.kommunicerat');
    referral.send('UPPDRAG_SENT');
    expect(referral.state).toBe('inskrivning.ej_bokad');
    expect(referral.context.uppdrag).toMatchObject({ needs: 'Stöd att söka arbete.', sentAt: AT, reviewedAt: null });
  });

  it('[forberedelse.withdrawn-before-insats] lets the socialsekreterare withdraw the referral before the insats starts, not after', () => {
    expect(upTo('DECISION_COMMUNICATED').send('REFERRAL_WITHDRAWN').context.endReason).toBe('aterkallad');
    expect(upTo('INSKRIVNING_BOOKED').send('REFERRAL_WITHDRAWN').state).toBe('avbruten');
    expect(upTo('INSKRIVNING_HELD').refusal('REFERRAL_WITHDRAWN').reason).toBe('not_allowed_in_state');
  });
});

describe('inskrivning', () => {
  it('[inskrivning.booked-via-samordnare-if-protected] is booked through GWA, or through the KC samordnare for a protected identity', () => {
    expect(upTo('INSKRIVNING_BOOKED').context.inskrivning?.bookedVia).toBe('gwa');
    const protectedReferral = Referral.protectedIdentity().all(STEPS_TO_PAGAENDE.slice(0, 6)).send('KC_SAMORDNARE_CONSULTED');
    protectedReferral.all(['DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED']);
    expect(protectedReferral.context.inskrivning?.bookedVia).toBe('kc_samordnare');
  });

  it('lets the consultant review the uppdrag as preparation without moving the case', () => {
    const referral = upTo('INSKRIVNING_BOOKED').send('UPPDRAG_REVIEWED', {}, 'arbetsmarknadskonsulent', '2026-02-02T08:00:00Z');
    expect(referral.state).toBe('inskrivning.bokad');
    expect(referral.context.uppdrag?.reviewedAt).toBe('2026-02-02T08:00:00Z');
    expect(referral.refusal('UPPDRAG_REVIEWED', {}, 'socialsekreterare').reason).toBe('role_not_allowed');
  });

  it('[inskrivning.missed-counted] [inskrivning.held-starts-insats] [inskrivning.missed-socialsekreterare-decides] counts a missed meeting; the socialsekreterare asks for a new time, the consultant gives it, and the insats starts on the meeting date', () => {
    const referral = upTo('INSKRIVNING_BOOKED').send('INSKRIVNING_MISSED', {}, 'arbetsmarknadskonsulent');
    expect(referral.state).toBe('inskrivning.missad');
    expect(referral.context.missedInskrivningCount).toBe(1);
    expect(referral.refusal('INSKRIVNING_HELD', {}, 'socialsekreterare').reason).toBe('role_not_allowed');
    expect(referral.refusal('INSKRIVNING_HELD').reason).toBe('not_allowed_in_state');
    // Not before the socialsekreterare has decided that a new time is relevant.
    expect(referral.allowed('arbetsmarknadskonsulent')).not.toContain('INSKRIVNING_REBOOKED');
    expect(referral.allowed('socialsekreterare')).toEqual(expect.arrayContaining(['INSKRIVNING_NEW_TIME_REQUESTED', 'UPPDRAG_WITHDRAWN']));
    referral.send('INSKRIVNING_NEW_TIME_REQUESTED');
    expect(referral.state).toBe('inskrivning.ny_tid_begard');
    expect(referral.refusal('INSKRIVNING_REBOOKED', {}, 'socialsekreterare').reason).toBe('role_not_allowed');
    referral.send('INSKRIVNING_REBOOKED', { at: '2026-02-09T23:30:00Z' });
    expect(referral.state).toBe('inskrivning.bokad');
    expect(referral.context.inskrivning).toMatchObject({ at: '2026-02-09T23:30:00Z', place: 'KC Angered' });
    referral.send('INSKRIVNING_MISSED').send('INSKRIVNING_NEW_TIME_REQUESTED').send('INSKRIVNING_REBOOKED', { at: '2026-02-16T09:00:00+01:00', place: 'KC Hisingen' });
    expect(referral.context.missedInskrivningCount).toBe(2);
    referral.send('INSKRIVNING_HELD');
    expect(referral.state).toBe('pagaende.aktiv');
    expect(referral.context.insatsStart).toBe('2026-02-16');
    expect(referral.context.followUp.bookedAt).toBe('2026-05-04T10:00:00+02:00');
  });

  it('[inskrivning.rebooked-by-consultant] gives the new time from KC only, and only once the socialsekreterare has asked for it', () => {
    const referral = upTo('INSKRIVNING_BOOKED').send('INSKRIVNING_MISSED');
    expect(referral.refusal('INSKRIVNING_REBOOKED').reason).toBe('not_allowed_in_state');
    referral.send('INSKRIVNING_NEW_TIME_REQUESTED', {}, 'socialsekreterare', '2026-02-04T09:00:00Z');
    expect(referral.context.missedInskrivning?.newTimeRequestedAt).toBe('2026-02-04T09:00:00Z');
    expect(referral.allowed('socialsekreterare')).not.toContain('INSKRIVNING_REBOOKED');
    expect(referral.allowed('arbetsmarknadskonsulent')).toContain('INSKRIVNING_REBOOKED');
    referral.send('INSKRIVNING_REBOOKED', { at: '2026-02-12T09:00:00+01:00' });
    expect(referral.state).toBe('inskrivning.bokad');
    // A new meeting, a clean slate: a second miss asks the socialsekreterare again.
    expect(referral.context.missedInskrivning).toBeNull();
  });

  it('[inskrivning.held-by-consultant] is registered held by the consultant only', () => {
    const referral = upTo('INSKRIVNING_BOOKED');
    expect(referral.allowed('socialsekreterare')).not.toContain('INSKRIVNING_HELD');
    expect(referral.refusal('INSKRIVNING_HELD', {}, 'socialsekreterare').reason).toBe('role_not_allowed');
    expect(referral.send('INSKRIVNING_HELD', {}, 'arbetsmarknadskonsulent').state).toBe('pagaende.aktiv');
  });

  it('[inskrivning.rescheduled-not-missed] moves a booked meeting by either party without counting it missed', () => {
    const referral = upTo('INSKRIVNING_BOOKED');
    expect(referral.allowed('socialsekreterare')).toContain('INSKRIVNING_RESCHEDULED');
    expect(referral.allowed('arbetsmarknadskonsulent')).toContain('INSKRIVNING_RESCHEDULED');
    referral.send('INSKRIVNING_RESCHEDULED', { at: '2026-02-05T13:00:00+01:00' }, 'arbetsmarknadskonsulent');
    referral.send('INSKRIVNING_RESCHEDULED', { at: '2026-02-06T13:00:00+01:00' }, 'socialsekreterare');
    expect(referral.state).toBe('inskrivning.bokad');
    expect(referral.context.missedInskrivningCount).toBe(0);
    expect(referral.context.rescheduledInskrivningCount).toBe(2);
    expect(referral.context.inskrivning).toMatchObject({ at: '2026-02-06T13:00:00+01:00', place: 'KC Angered' });
    referral.send('INSKRIVNING_HELD');
    expect(referral.context.insatsStart).toBe('2026-02-06');
    // Once the meeting has not taken place, it is missed, not moved.
    expect(upTo('INSKRIVNING_BOOKED').send('INSKRIVNING_MISSED').refusal('INSKRIVNING_RESCHEDULED').reason).toBe('not_allowed_in_state');
  });

  it('takes the insats start date in Swedish time', () => {
    expect(stockholmDate('2026-02-09T23:30:00Z')).toBe('2026-02-10');
    expect(stockholmDate('2026-06-30T22:30:00Z')).toBe('2026-07-01');
  });

  it('[inskrivning.no-meeting-both-sides] ends avbruten (ingen_inskrivning) once the socialsekreterare has withdrawn the uppdrag and the consultant has cancelled in GWA, in either order', () => {
    for (const [first, second] of [
      ['UPPDRAG_WITHDRAWN', 'INSKRIVNING_CANCELLED_IN_GWA'],
      ['INSKRIVNING_CANCELLED_IN_GWA', 'UPPDRAG_WITHDRAWN'],
    ] as const) {
      const referral = upTo('INSKRIVNING_BOOKED').send('INSKRIVNING_MISSED').send(first);
      expect(referral.state).toBe('inskrivning.ingen_ny_tid');
      expect(statusOf(referral.snapshot)).toBe('active');
      expect(referral.refusal(first).reason).toBe('not_allowed_in_state');
      expect(referral.refusal('INSKRIVNING_NEW_TIME_REQUESTED').reason).toBe('not_allowed_in_state');
      referral.send(second, {}, undefined, '2026-02-20T09:00:00Z');
      expect(referral.state).toBe('avbruten');
      expect(referral.context.endReason).toBe('ingen_inskrivning');
      expect(referral.context.endedAt).toBe('2026-02-20T09:00:00Z');
      expect(referral.context.missedInskrivning).toMatchObject({ uppdragWithdrawn: { reason: 'Klienten har inte hörts av.' }, cancelledInGwa: { reason: expect.any(String) } });
    }
    expect(upTo('INSKRIVNING_BOOKED').send('INSKRIVNING_MISSED').refusal('UPPDRAG_WITHDRAWN', {}, 'arbetsmarknadskonsulent').reason).toBe('role_not_allowed');
  });

  it('cannot be withdrawn for a missed meeting before the client missed one', () => {
    expect(upTo('INSKRIVNING_BOOKED').refusal('UPPDRAG_WITHDRAWN').reason).toBe('not_allowed_in_state');
    expect(upTo('INSKRIVNING_BOOKED').refusal('INSKRIVNING_CANCELLED_IN_GWA').reason).toBe('not_allowed_in_state');
  });
});

describe('pågående insats', () => {
  it('offers each party its own duties', () => {
    const referral = upTo('INSKRIVNING_HELD');
    expect(referral.allowed('arbetsmarknadskonsulent')).toEqual([
      'GENOMFORANDEPLAN_ESTABLISHED',
      'SIGNIFICANT_EVENT_REPORTED',
      'THREE_PARTY_MEETING_BOOKED',
      'AVVIKELSE_REPORTED',
      'EXTERNAL_CONSENT_RECORDED',
      'DISAGREEMENT_RAISED',
      'CLOSING_ANNOUNCED',
      // No consultant is assigned yet: she may take it.
      'KC_CONSULTANT_ASSIGNED',
    ]);
    // The renewal is not offered a year ahead of its window (process.md §4).
    expect(referral.allowed('socialsekreterare')).toEqual([
      'AF_RESPONSE_RECORDED',
      'PROTECTED_IDENTITY_MARKED',
      'FOLLOW_UP_BOOKED',
      'FOLLOW_UP_HELD',
      'SIGNIFICANT_EVENT_REPORTED',
      'THREE_PARTY_MEETING_BOOKED',
      'EXTERNAL_CONSENT_RECORDED',
      'DISAGREEMENT_RAISED',
      'CLOSING_ANNOUNCED',
    ]);
    expect(referral.allowed('system', '2026-06-01T00:00:00Z')).toEqual(['PROTECTED_IDENTITY_MARKED']);
    expect(referral.allowed('forste_socialsekreterare')).toEqual(['RESPONSIBLE_CHANGED']);
    expect(referral.allowed('kc_samordnare')).toEqual(['KC_CONSULTANT_ASSIGNED']);
    // Once assigned, another consultant may not take it; the samordnare may still reassign.
    referral.send('KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' }, 'kc_samordnare');
    expect(referral.allowed('arbetsmarknadskonsulent', AT, { id: 'kim', unit: 'KC' })).not.toContain('KC_CONSULTANT_ASSIGNED');
    expect(referral.allowed('kc_samordnare', AT, { id: 'sven', unit: 'KC' })).toEqual(['KC_CONSULTANT_ASSIGNED']);
  });

  it('[insats.genomforandeplan-once-then-updated] establishes the genomförandeplan once, then updates it', () => {
    const referral = upTo('INSKRIVNING_HELD');
    expect(referral.refusal('GENOMFORANDEPLAN_UPDATED').reason).toBe('not_allowed_in_state');
    expect(referral.refusal('GENOMFORANDEPLAN_ESTABLISHED', {}, 'socialsekreterare').reason).toBe('role_not_allowed');
    referral.send('GENOMFORANDEPLAN_ESTABLISHED', {}, undefined, '2026-02-10T09:00:00Z');
    expect(referral.context.genomforandeplan).toEqual({ establishedOn: '2026-02-10', lastUpdatedOn: '2026-02-10' });
    expect(referral.refusal('GENOMFORANDEPLAN_ESTABLISHED').reason).toBe('not_allowed_in_state');
    referral.send('GENOMFORANDEPLAN_UPDATED', {}, undefined, '2026-08-01T09:00:00Z');
    expect(referral.context.genomforandeplan.lastUpdatedOn).toBe('2026-08-01');
  });

  it('[insats.follow-up-held-when-booked] holds a follow-up only when one is booked, and remembers the last one', () => {
    const referral = upTo('INSKRIVNING_HELD').send('FOLLOW_UP_HELD');
    expect(referral.context.followUp).toEqual({ bookedAt: null, lastHeldOn: '2026-05-04', heldCount: 1 });
    expect(referral.refusal('FOLLOW_UP_HELD').reason).toBe('not_allowed_in_state');
    referral.send('FOLLOW_UP_BOOKED').send('FOLLOW_UP_HELD', { on: '2026-08-03' });
    expect(referral.context.followUp).toEqual({ bookedAt: null, lastHeldOn: '2026-08-03', heldCount: 2 });
    expect(referral.refusal('FOLLOW_UP_HELD', {}, 'arbetsmarknadskonsulent').reason).toBe('role_not_allowed');
  });

  it('[insats.follow-up-kc-part] records the needs KC reports that its uppdrag cannot meet, in the follow-up the socialsekreterare holds', () => {
    const payload = { ...samplePayloads.FOLLOW_UP_HELD, kcNeedsOutsideUppdrag: 'Behöver stöd med skuldsanering, som KC inte erbjuder.' };
    expect(anvisningPayloadSchemas.FOLLOW_UP_HELD.safeParse(payload).success).toBe(true);
    const referral = upTo('INSKRIVNING_HELD').send('FOLLOW_UP_HELD', { kcNeedsOutsideUppdrag: payload.kcNeedsOutsideUppdrag });
    expect(referral.events.at(-1)).toMatchObject({ type: 'FOLLOW_UP_HELD', kcNeedsOutsideUppdrag: payload.kcNeedsOutsideUppdrag });
    // One record of the meeting, the socialsekreterare's: the consultant gives her part at the meeting.
    expect(referral.refusal('FOLLOW_UP_HELD', {}, 'arbetsmarknadskonsulent').reason).toBe('role_not_allowed');
  });

  it('[insats.external-contact-needs-consent] records a contact with an external party only after the client consented to that party', () => {
    const referral = upTo('INSKRIVNING_HELD');
    expect(referral.allowed('arbetsmarknadskonsulent')).not.toContain('EXTERNAL_CONTACT_RECORDED');
    expect(referral.refusal('EXTERNAL_CONTACT_RECORDED').explanation).toEqual([{ code: 'external_consent_missing' }]);
    referral.send('EXTERNAL_CONSENT_RECORDED', { party: 'Vårdcentralen', area: 'socialt_halsa' }, 'arbetsmarknadskonsulent');
    expect(referral.context.externalConsents).toEqual([{ party: 'vårdcentralen', area: 'socialt_halsa' }]);
    expect(referral.allowed('socialsekreterare')).toContain('EXTERNAL_CONTACT_RECORDED');
    expect(referral.refusal('EXTERNAL_CONTACT_RECORDED', { party: 'Psykiatrin' }).reason).toBe('not_allowed_in_state');
    referral.send('EXTERNAL_CONTACT_RECORDED', { party: ' vårdcentralen ' });
    expect(referral.context.externalContactCount).toBe(1);
  });

  it('[insats.external-contact-own-area] lets each side record contacts only in its own area', () => {
    const referral = upTo('INSKRIVNING_HELD')
      .send('EXTERNAL_CONSENT_RECORDED', { party: 'Vårdcentralen', area: 'socialt_halsa' })
      .send('EXTERNAL_CONSENT_RECORDED', { party: 'Bemanningsbolaget AB', area: 'kompetens_jobb' }, 'arbetsmarknadskonsulent');
    const steps = (role: Role) => nextAnvisningSteps(referral.snapshot, role, AT).find((step) => step.type === 'EXTERNAL_CONTACT_RECORDED');
    expect(steps('socialsekreterare')?.parties).toEqual(['vårdcentralen']);
    expect(steps('arbetsmarknadskonsulent')?.parties).toEqual(['bemanningsbolaget ab']);
    // The socialsekreterare coordinates the social and health area, the consultant skills and jobs (004 "Vid pågående insats").
    expect(referral.refusal('EXTERNAL_CONTACT_RECORDED', { party: 'Bemanningsbolaget AB' }).reason).toBe('not_allowed_in_state');
    expect(referral.refusal('EXTERNAL_CONTACT_RECORDED', { party: 'Vårdcentralen' }, 'arbetsmarknadskonsulent').reason).toBe('not_allowed_in_state');
    referral.send('EXTERNAL_CONTACT_RECORDED', { party: 'Vårdcentralen' }).send('EXTERNAL_CONTACT_RECORDED', { party: 'Bemanningsbolaget AB' }, 'arbetsmarknadskonsulent');
    expect(referral.context.externalContactCount).toBe(2);
  });

  it('lets either party report a significant event and book a three-party meeting', () => {
    const referral = upTo('INSKRIVNING_HELD')
      .send('SIGNIFICANT_EVENT_REPORTED', {}, 'arbetsmarknadskonsulent')
      .send('THREE_PARTY_MEETING_BOOKED', {}, 'socialsekreterare');
    expect(referral.context.significantEventCount).toBe(1);
    expect(referral.context.threePartyMeeting.bookedAt).toBe('2026-06-01T13:00:00+02:00');
    expect(referral.state).toBe('pagaende.aktiv');
  });

  it('[insats.three-party-meeting-held] records a three-party meeting booked during the insats as held, and the insats goes on', () => {
    const referral = upTo('INSKRIVNING_HELD');
    expect(referral.refusal('THREE_PARTY_MEETING_HELD').reason).toBe('not_allowed_in_state');
    referral.send('THREE_PARTY_MEETING_BOOKED', {}, 'arbetsmarknadskonsulent');
    expect(referral.allowed('socialsekreterare')).toContain('THREE_PARTY_MEETING_HELD');
    referral.send('THREE_PARTY_MEETING_HELD', { on: '2026-06-01' }, 'arbetsmarknadskonsulent');
    expect(referral.context.threePartyMeeting).toEqual({ bookedAt: null, heldOn: '2026-06-01' });
    expect(referral.state).toBe('pagaende.aktiv');
    expect(referral.refusal('THREE_PARTY_MEETING_HELD').reason).toBe('not_allowed_in_state');
  });

  it('[insats.avvikelse-reported-by-kc] takes an avvikelse from the consultant only, counted with the latest kept', () => {
    const referral = upTo('INSKRIVNING_HELD');
    expect(referral.refusal('AVVIKELSE_REPORTED', {}, 'socialsekreterare').reason).toBe('role_not_allowed');
    referral.send('AVVIKELSE_REPORTED', {}, 'arbetsmarknadskonsulent').send('AVVIKELSE_REPORTED', { on: '2026-05-27', kind: 'annat' }, 'arbetsmarknadskonsulent');
    expect(referral.context.avvikelser).toEqual({ count: 2, acknowledgedCount: 0, latest: { on: '2026-05-27', kind: 'annat', reportedAt: AT } });
    expect(anvisningPayloadSchemas.AVVIKELSE_REPORTED.safeParse({ on: '2026-05-20', kind: 'sjuk', summary: 'x' }).success).toBe(false);
  });

  it('[insats.avvikelse-until-acknowledged] keeps an avvikelse before the socialsekreterare until she has acknowledged it, even after the closing is announced', () => {
    const referral = upTo('INSKRIVNING_HELD');
    expect(referral.refusal('AVVIKELSE_ACKNOWLEDGED').reason).toBe('not_allowed_in_state');
    referral.send('AVVIKELSE_REPORTED', {}, 'arbetsmarknadskonsulent').send('CLOSING_ANNOUNCED', { selfSufficient: false }, 'arbetsmarknadskonsulent');
    expect(referral.allowed('socialsekreterare')).toContain('AVVIKELSE_ACKNOWLEDGED');
    expect(referral.refusal('AVVIKELSE_ACKNOWLEDGED', {}, 'arbetsmarknadskonsulent').reason).toBe('role_not_allowed');
    referral.send('AVVIKELSE_ACKNOWLEDGED');
    expect(referral.context.avvikelser.acknowledgedCount).toBe(1);
    expect(referral.allowed('socialsekreterare')).not.toContain('AVVIKELSE_ACKNOWLEDGED');
  });
});

describe('the one-year decision: renewal and expiry', () => {
  // validFrom 2026-02-01: validUntil 2027-01-31, the 60-day window opens 2026-12-02.
  const IN_WINDOW = '2026-12-10T09:00:00Z';
  const renewalSamrad = (referral: Referral, at = IN_WINDOW) =>
    referral.send('SSBTEK_INFO_RECORDED', {}, undefined, at).send('AF_PLAN_CHECKED', { afActivity: 'ingen' }, undefined, at).send('AF_NOTIFIED', { sentOn: '2026-12-10' }, undefined, at);

  it('expires only once validUntil has passed, and only by the system', () => {
    const referral = upTo('INSKRIVNING_HELD'); // validUntil 2027-01-31
    expect(referral.refusal('DECISION_EXPIRED', {}, 'system', '2027-01-31T22:59:00Z').reason).toBe('not_allowed_in_state');
    expect(referral.refusal('DECISION_EXPIRED', {}, 'socialsekreterare', '2027-02-01T08:00:00Z').reason).toBe('role_not_allowed');
    // Besides the marking of a protected identity, which Stegvis sends when the client record changes.
    expect(referral.allowed('system', '2027-02-01T08:00:00Z')).toEqual(['PROTECTED_IDENTITY_MARKED', 'DECISION_EXPIRED']);
    referral.send('DECISION_EXPIRED', {}, 'system', '2027-01-31T23:00:00Z'); // 00:00 on 1 Feb in Sweden
    expect(referral.state).toBe('pagaende.beslut_utgatt');
  });

  it('[beslut.renewal-window] refuses a renewal the week after the first decision, saying when the window opens', () => {
    const referral = upTo('INSKRIVNING_HELD');
    const refusal = referral.refusal('DECISION_RENEWED', {}, undefined, '2026-01-27T09:00:00Z');
    expect(refusal.explanation).toEqual([{ code: 'renewal_window_not_open', opensOn: '2026-12-02' }]);
    expect(renewalBlockers(referral.context, '2026-01-27T09:00:00Z')).toEqual([{ code: 'renewal_window_not_open', opensOn: '2026-12-02' }]);
    // Its samråd is not open either, and says the same.
    expect(referral.refusal('SSBTEK_INFO_RECORDED', {}, undefined, '2026-12-01T09:00:00Z').explanation).toEqual([{ code: 'renewal_window_not_open', opensOn: '2026-12-02' }]);
    expect(referral.allowed('socialsekreterare', '2026-12-02T09:00:00Z')).toContain('SSBTEK_INFO_RECORDED');
  });

  it('[beslut.renewal-window] takes the window from the case input (configuration), not from a constant', () => {
    const referral = upTo('INSKRIVNING_HELD', new Referral(startAnvisning({ protectedIdentity: false, renewalWindowDays: 30 })));
    expect(referral.context.renewal.windowDays).toBe(30);
    expect(referral.refusal('SSBTEK_INFO_RECORDED', {}, undefined, IN_WINDOW).explanation).toEqual([{ code: 'renewal_window_not_open', opensOn: '2027-01-01' }]);
    expect(startAnvisning({ protectedIdentity: false }).context.renewal.windowDays).toBe(60);
  });

  it('[beslut.renewal-samrad-again] needs samråd med AF again inside the window, in order, kept apart from the first samråd', () => {
    const referral = upTo('INSKRIVNING_HELD');
    const first = referral.context.samrad;
    expect(referral.refusal('DECISION_RENEWED', {}, undefined, IN_WINDOW).explanation).toEqual([
      { code: 'renewal_samrad_missing', step: 'SSBTEK_INFO_RECORDED' },
      { code: 'renewal_samrad_missing', step: 'AF_PLAN_CHECKED' },
      { code: 'renewal_samrad_missing', step: 'AF_NOTIFIED' },
    ]);
    expect(referral.refusal('AF_PLAN_CHECKED', {}, undefined, IN_WINDOW).reason).toBe('not_allowed_in_state');
    referral.send('SSBTEK_INFO_RECORDED', {}, undefined, IN_WINDOW);
    expect(referral.refusal('AF_NOTIFIED', {}, undefined, IN_WINDOW).reason).toBe('not_allowed_in_state');
    // An AF activity found now waits for a new check or a judgement that it is not suitable, as before the first decision.
    referral.send('AF_PLAN_CHECKED', { afActivity: 'planerad' }, undefined, IN_WINDOW);
    expect(referral.refusal('AF_NOTIFIED', {}, undefined, IN_WINDOW).reason).toBe('not_allowed_in_state');
    referral.send('AF_ACTIVITY_JUDGED_UNSUITABLE', {}, undefined, IN_WINDOW).send('AF_NOTIFIED', { sentOn: '2026-12-10' }, undefined, IN_WINDOW);
    expect(referral.context.samrad).toEqual(first);
    // A new check after the notice starts step 2 again: the notice must follow it.
    const again = new Referral(referral.snapshot).send('AF_PLAN_CHECKED', { afActivity: 'pagaende' }, undefined, IN_WINDOW);
    expect(again.refusal('DECISION_RENEWED', {}, undefined, IN_WINDOW).explanation).toEqual([{ code: 'renewal_samrad_missing', step: 'AF_NOTIFIED' }]);
    expect(referral.context.renewal.samrad).toMatchObject({ ssbtekRecordedAt: IN_WINDOW, afActivity: 'planerad', afNotifiedOn: '2026-12-10' });
    referral.send('DECISION_RENEWED', { decisionDate: '2026-12-20', validFrom: '2027-02-01' }, undefined, IN_WINDOW);
    expect(referral.context.decision).toEqual({ decisionDate: '2026-12-20', validFrom: '2027-02-01', validUntil: '2028-01-31' });
    expect(referral.context.decisionCount).toBe(2);
    // Used up: the next renewal needs its own samråd in its own window.
    expect(referral.context.renewal.samrad).toEqual({ ssbtekRecordedAt: null, afPlanCheckedAt: null, afActivity: null, afActivityUnsuitable: null, afNotifiedOn: null });
    expect(renewalBlockers(referral.context, IN_WINDOW)).toEqual([{ code: 'renewal_window_not_open', opensOn: '2027-12-02' }]);
  });

  it('[beslut.renewal-communicated] is followed by the communication of the renewed decision, once', () => {
    const referral = renewalSamrad(upTo('INSKRIVNING_HELD'));
    expect(referral.refusal('DECISION_COMMUNICATED', {}, undefined, IN_WINDOW).reason).toBe('not_allowed_in_state');
    referral.send('DECISION_RENEWED', {}, undefined, IN_WINDOW);
    expect(referral.context.renewal.communicationPending).toBe(true);
    expect(referral.allowed('socialsekreterare', IN_WINDOW)).toContain('DECISION_COMMUNICATED');
    referral.send('DECISION_COMMUNICATED', { on: '2026-12-11' }, undefined, IN_WINDOW);
    expect(referral.context.renewal.communicationPending).toBe(false);
    expect(referral.allowed('socialsekreterare', IN_WINDOW)).not.toContain('DECISION_COMMUNICATED');
  });

  it('[insats.decision-expiry-waits] allows only renewal (with its samråd) or closing after expiry (besides answers from AF and the oenighet route)', () => {
    const AFTER = '2027-02-02T09:00:00Z';
    const referral = upTo('INSKRIVNING_HELD').send('DECISION_EXPIRED', {}, 'system', '2027-02-02T00:00:00Z');
    expect(referral.allowed('socialsekreterare', AFTER)).toEqual(['SSBTEK_INFO_RECORDED', 'AF_RESPONSE_RECORDED', 'PROTECTED_IDENTITY_MARKED', 'DISAGREEMENT_RAISED', 'CLOSING_ANNOUNCED']);
    expect(referral.allowed('arbetsmarknadskonsulent', AFTER)).toEqual(['DISAGREEMENT_RAISED', 'CLOSING_ANNOUNCED', 'KC_CONSULTANT_ASSIGNED']);
    expect(referral.allowed('forste_socialsekreterare', AFTER, FATIMA)).toEqual(['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED']);
    expect(referral.refusal('FOLLOW_UP_BOOKED', {}, undefined, AFTER).reason).toBe('not_allowed_in_state');
    renewalSamrad(referral, AFTER).send('DECISION_RENEWED', { decisionDate: '2027-02-03', validFrom: '2027-02-03' }, undefined, AFTER);
    expect(referral.state).toBe('pagaende.aktiv');
    expect(referral.context.decision).toEqual({ decisionDate: '2027-02-03', validFrom: '2027-02-03', validUntil: '2028-02-02' });
    expect(referral.context.decisionCount).toBe(2);
    expect(referral.context.decisionExpired).toBe(false);
  });

  it('renews inside the window and moves the end of the period', () => {
    const referral = renewalSamrad(upTo('INSKRIVNING_HELD')).send('DECISION_RENEWED', {}, undefined, IN_WINDOW);
    expect(referral.context.decision?.validUntil).toBe('2028-01-31');
    expect(referral.refusal('DECISION_EXPIRED', {}, 'system', '2027-02-05T00:00:00Z').reason).toBe('not_allowed_in_state');
  });
});

describe('oenighet', () => {
  const raise = (referral: Referral, topic: 'avslut' | 'insats' | 'annat', role: Role = 'socialsekreterare', samverkansfraga?: boolean) =>
    referral.send('DISAGREEMENT_RAISED', { topic, description: `Oenighet om ${topic}.`, ...(samverkansfraga === undefined ? {} : { samverkansfraga }) }, role);

  it('[oenighet.position-per-side] goes to each side’s manager: one position each, then the 1:e socialsekreterare resolves', () => {
    const referral = raise(upTo('INSKRIVNING_HELD').send('CLOSING_ANNOUNCED', { reason: 'ohalsa', selfSufficient: true }, 'arbetsmarknadskonsulent'), 'avslut');
    expect(referral.context.disagreements).toEqual([
      {
        id: '1',
        topic: 'avslut',
        description: 'Oenighet om avslut.',
        raisedBy: 'socialsekreterare',
        raisedAt: AT,
        samverkansfraga: false,
        positions: { forste_socialsekreterare: null, kc_samordnare: null },
        resolved: null,
      },
    ]);
    expect(referral.allowed('kc_samordnare')).toEqual(['DISAGREEMENT_POSITION_RECORDED', 'KC_CONSULTANT_ASSIGNED']);
    expect(referral.allowed('forste_socialsekreterare')).toEqual(['DISAGREEMENT_POSITION_RECORDED', 'RESPONSIBLE_CHANGED']);
    expect(referral.refusal('DISAGREEMENT_POSITION_RECORDED', {}, 'socialsekreterare').reason).toBe('role_not_allowed');
    referral.send('DISAGREEMENT_POSITION_RECORDED', { position: 'Avsluta.' }, 'kc_samordnare');
    expect(referral.refusal('DISAGREEMENT_POSITION_RECORDED', {}, 'kc_samordnare').explanation).toEqual([{ code: 'disagreement_position_recorded' }]);
    expect(referral.context.disagreements[0]!.positions.kc_samordnare).toEqual({ position: 'Avsluta.', recordedAt: AT });
  });

  it('[oenighet.resolved-after-both-positions] is resolved by the 1:e socialsekreterare once both positions are in; the samordnare cannot resolve', () => {
    const referral = raise(upTo('INSKRIVNING_HELD'), 'insats', 'arbetsmarknadskonsulent');
    expect(referral.refusal('DISAGREEMENT_RESOLVED', {}, 'kc_samordnare').reason).toBe('role_not_allowed');
    expect(referral.refusal('DISAGREEMENT_RESOLVED', {}, 'forste_socialsekreterare').explanation).toEqual([{ code: 'disagreement_positions_missing' }]);
    referral.send('DISAGREEMENT_POSITION_RECORDED', {}, 'forste_socialsekreterare');
    expect(referral.refusal('DISAGREEMENT_RESOLVED', {}, 'forste_socialsekreterare').reason).toBe('not_allowed_in_state');
    referral.send('DISAGREEMENT_POSITION_RECORDED', {}, 'kc_samordnare');
    expect(referral.allowed('forste_socialsekreterare')).toEqual(['DISAGREEMENT_RESOLVED', 'RESPONSIBLE_CHANGED']);
    referral.send('DISAGREEMENT_RESOLVED', { outcome: 'Insatsen fortsätter.', samverkansfraga: true }, 'forste_socialsekreterare');
    expect(referral.context.disagreements[0]).toMatchObject({ samverkansfraga: true, resolved: { outcome: 'Insatsen fortsätter.', resolvedAt: AT } });
    expect(referral.refusal('DISAGREEMENT_RESOLVED', {}, 'forste_socialsekreterare').reason).toBe('not_allowed_in_state');
  });

  it('[oenighet.several-open] keeps several open at once; a position or resolution names one when more than one is open', () => {
    const referral = raise(raise(upTo('UPPDRAG_SENT'), 'insats'), 'annat', 'arbetsmarknadskonsulent', true);
    expect(referral.context.disagreements.map((d) => [d.id, d.topic, d.samverkansfraga])).toEqual([
      ['1', 'insats', false],
      ['2', 'annat', true],
    ]);
    const positionStep = nextAnvisningSteps(referral.snapshot, 'forste_socialsekreterare', AT).find((step) => step.type === 'DISAGREEMENT_POSITION_RECORDED');
    expect(positionStep).toMatchObject({ requires: ['disagreementId'], disagreementIds: ['1', '2'] });
    expect(referral.refusal('DISAGREEMENT_POSITION_RECORDED', {}, 'forste_socialsekreterare').explanation).toEqual([{ code: 'disagreement_id_required', disagreementIds: ['1', '2'] }]);
    expect(referral.refusal('DISAGREEMENT_POSITION_RECORDED', { disagreementId: '7' }, 'forste_socialsekreterare').reason).toBe('not_allowed_in_state');
    referral
      .send('DISAGREEMENT_POSITION_RECORDED', { disagreementId: '2' }, 'forste_socialsekreterare')
      .send('DISAGREEMENT_POSITION_RECORDED', { disagreementId: '2' }, 'kc_samordnare')
      .send('DISAGREEMENT_RESOLVED', { disagreementId: '2' }, 'forste_socialsekreterare');
    expect(referral.context.disagreements.map((d) => d.resolved !== null)).toEqual([false, true]);
    // One open again: it needs no name.
    referral.send('DISAGREEMENT_POSITION_RECORDED', {}, 'kc_samordnare');
    expect(referral.context.disagreements[0]!.positions.kc_samordnare).not.toBeNull();
    expect(raise(referral, 'avslut').context.disagreements.at(-1)!.id).toBe('3');
  });

  it('[oenighet.blocks-closing] holds back the closing steps only for a disagreement about the closing', () => {
    const referral = raise(upTo('INSKRIVNING_HELD').send('CLOSING_ANNOUNCED'), 'insats');
    expect(referral.allowed('arbetsmarknadskonsulent')).toContain('CLOSING_DOCUMENT_CREATED');
    raise(referral, 'avslut', 'arbetsmarknadskonsulent');
    expect(referral.refusal('CLOSING_DOCUMENT_CREATED').explanation).toEqual([{ code: 'disagreement_open' }]);
    expect(referral.allowed('arbetsmarknadskonsulent')).not.toContain('CLOSING_DOCUMENT_CREATED');
    referral
      .send('DISAGREEMENT_POSITION_RECORDED', { disagreementId: '2' }, 'forste_socialsekreterare')
      .send('DISAGREEMENT_POSITION_RECORDED', { disagreementId: '2' }, 'kc_samordnare')
      .send('DISAGREEMENT_RESOLVED', { disagreementId: '2' }, 'forste_socialsekreterare')
      .send('CLOSING_DOCUMENT_CREATED')
      .send('INSATS_CLOSED')
      .send('GWA_CLOSED');
    expect(referral.state).toBe('avslutad');
  });

  it('cannot be raised before KC is involved, nor a position recorded when none is open', () => {
    expect(upTo('DECISION_COMMUNICATED').refusal('DISAGREEMENT_RAISED').reason).toBe('not_allowed_in_state');
    expect(upTo('UPPDRAG_SENT').refusal('DISAGREEMENT_POSITION_RECORDED', {}, 'forste_socialsekreterare').reason).toBe('not_allowed_in_state');
    expect(anvisningPayloadSchemas.DISAGREEMENT_RAISED.safeParse({ topic: 'Om insatsen ska avslutas.', description: 'x' }).success).toBe(false);
  });
});

describe('avslut', () => {
  it('closes a self-sufficient client: closing document and both closings in any order', () => {
    const referral = upTo('INSKRIVNING_HELD').send('CLOSING_ANNOUNCED', {}, 'arbetsmarknadskonsulent', '2026-09-10T12:00:00Z');
    expect(referral.state).toBe('avslut');
    expect(referral.context.closing).toMatchObject({ reason: 'arbete', selfSufficient: true, announcedOn: '2026-09-10' });
    // No three-party meeting for a self-sufficient client.
    expect(referral.allowed('arbetsmarknadskonsulent')).not.toContain('THREE_PARTY_MEETING_BOOKED');
    expect(referral.refusal('THREE_PARTY_MEETING_NOT_HELD').reason).toBe('not_allowed_in_state');
    expect(referral.refusal('CLOSING_DOCUMENT_CREATED', {}, 'socialsekreterare').reason).toBe('role_not_allowed');
    referral.send('GWA_CLOSED').send('INSATS_CLOSED', {}, 'socialsekreterare');
    expect(referral.state).toBe('avslut');
    expect(referral.refusal('GWA_CLOSED').reason).toBe('not_allowed_in_state');
    referral.send('CLOSING_DOCUMENT_CREATED', {}, undefined, '2026-09-20T08:00:00Z');
    expect(referral.state).toBe('avslutad');
    expect(statusOf(referral.snapshot)).toBe('avslutad');
    expect(referral.context.endedAt).toBe('2026-09-20T08:00:00Z');
    expect(referral.allowed('socialsekreterare')).toEqual([]);
  });

  it('[avslut.closing-steps-any-order] ends avslutad only when the meeting (or its reason), the document and both closings are in, in any order', () => {
    const steps = ['THREE_PARTY_MEETING_HELD', 'CLOSING_DOCUMENT_CREATED', 'INSATS_CLOSED', 'GWA_CLOSED'] as const;
    for (const order of [steps, [...steps].reverse(), ['CLOSING_DOCUMENT_CREATED', 'THREE_PARTY_MEETING_HELD', 'GWA_CLOSED', 'INSATS_CLOSED'] as const]) {
      const referral = upTo('INSKRIVNING_HELD').send('CLOSING_ANNOUNCED', { reason: 'beslut_ej_fornyat', selfSufficient: false });
      order.forEach((type, index) => {
        referral.send(type);
        expect(referral.state, order.join()).toBe(index === order.length - 1 ? 'avslutad' : 'avslut');
      });
    }
  });

  it('[avslut.closing-meeting-booked-by-kc] [avslut.three-party-meeting-if-not-self-sufficient] has KC book the closing’s three-party meeting', () => {
    const referral = upTo('INSKRIVNING_HELD').send('CLOSING_ANNOUNCED', { reason: 'beslut_ej_fornyat', selfSufficient: false });
    expect(referral.allowed('arbetsmarknadskonsulent')).toContain('THREE_PARTY_MEETING_BOOKED');
    expect(referral.allowed('socialsekreterare')).not.toContain('THREE_PARTY_MEETING_BOOKED');
    expect(referral.refusal('THREE_PARTY_MEETING_BOOKED', {}, 'socialsekreterare')).toMatchObject({ reason: 'not_allowed_in_state', explanation: [{ code: 'closing_meeting_booked_by_kc' }] });
    referral.send('THREE_PARTY_MEETING_BOOKED', {}, 'arbetsmarknadskonsulent').send('THREE_PARTY_MEETING_HELD');
    expect(referral.context.threePartyMeeting.heldOn).toBe('2026-09-01');
    expect(referral.context.closing?.meetingHeldOn).toBe('2026-09-01');
    // Held: no second one is booked or recorded.
    expect(referral.allowed('arbetsmarknadskonsulent')).not.toContain('THREE_PARTY_MEETING_BOOKED');
    expect(referral.refusal('THREE_PARTY_MEETING_NOT_HELD').reason).toBe('not_allowed_in_state');
  });

  it('[avslut.closing-meeting-not-held-with-reason] records why the meeting cannot be held instead of a meeting that did not happen, and closes', () => {
    const referral = upTo('INSKRIVNING_HELD').send('CLOSING_ANNOUNCED', { reason: 'flytt', selfSufficient: false });
    referral.send('THREE_PARTY_MEETING_BOOKED', {}, 'arbetsmarknadskonsulent');
    referral.send('THREE_PARTY_MEETING_NOT_HELD', {}, 'arbetsmarknadskonsulent', '2026-09-02T10:00:00Z');
    expect(referral.context.closing?.meetingNotHeld).toEqual({ reason: 'Klienten har flyttat och går inte att nå.', recordedAt: '2026-09-02T10:00:00Z' });
    expect(referral.context.closing?.meetingHeldOn).toBeNull();
    expect(referral.refusal('THREE_PARTY_MEETING_HELD').reason).toBe('not_allowed_in_state');
    referral.send('CLOSING_DOCUMENT_CREATED').send('INSATS_CLOSED').send('GWA_CLOSED');
    expect(referral.state).toBe('avslutad');
  });

  it('[oenighet.blocks-closing] holds back every closing step while a disagreement is open', () => {
    const referral = upTo('INSKRIVNING_HELD')
      .send('CLOSING_ANNOUNCED', { reason: 'beslut_ej_fornyat', selfSufficient: false })
      .send('DISAGREEMENT_RAISED', {}, 'arbetsmarknadskonsulent');
    for (const type of ['THREE_PARTY_MEETING_HELD', 'THREE_PARTY_MEETING_NOT_HELD', 'CLOSING_DOCUMENT_CREATED', 'INSATS_CLOSED', 'GWA_CLOSED'] as const) {
      expect(referral.refusal(type).explanation, type).toEqual([{ code: 'disagreement_open' }]);
    }
    expect([...referral.allowed('socialsekreterare'), ...referral.allowed('arbetsmarknadskonsulent')]).not.toEqual(
      expect.arrayContaining(['THREE_PARTY_MEETING_HELD']),
    );
    referral
      .send('DISAGREEMENT_POSITION_RECORDED', {}, 'forste_socialsekreterare')
      .send('DISAGREEMENT_POSITION_RECORDED', {}, 'kc_samordnare')
      .send('DISAGREEMENT_RESOLVED', {}, 'forste_socialsekreterare');
    expect(referral.allowed('arbetsmarknadskonsulent')).toEqual(expect.arrayContaining(['THREE_PARTY_MEETING_HELD', 'CLOSING_DOCUMENT_CREATED', 'GWA_CLOSED']));
  });

  it('[avslut.closing-withdrawn-until-ended] withdraws an announced closing back to the insats, or to the expired decision, until every step is in', () => {
    const referral = upTo('INSKRIVNING_HELD').send('CLOSING_ANNOUNCED').send('CLOSING_WITHDRAWN');
    expect(referral.state).toBe('pagaende.aktiv');
    expect(referral.context.closing).toBeNull();
    const expired = upTo('INSKRIVNING_HELD')
      .send('DECISION_EXPIRED', {}, 'system', '2027-02-02T00:00:00Z')
      .send('CLOSING_ANNOUNCED', { selfSufficient: false })
      .send('CLOSING_WITHDRAWN');
    expect(expired.state).toBe('pagaende.beslut_utgatt');
    const documented = upTo('INSKRIVNING_HELD').send('CLOSING_ANNOUNCED').send('CLOSING_DOCUMENT_CREATED').send('INSATS_CLOSED');
    expect(documented.allowed('arbetsmarknadskonsulent')).toContain('CLOSING_WITHDRAWN');
    expect(documented.send('CLOSING_WITHDRAWN').state).toBe('pagaende.aktiv');
  });
});

describe('responsibility: KC consultant assignment', () => {
  const KALLE: Actor = { id: 'kalle', unit: 'KC' };
  const KIM: Actor = { id: 'kim', unit: 'KC' };

  it('assigns a consultant only once the uppdrag is at KC', () => {
    const before = upTo('DECISION_COMMUNICATED');
    expect(before.refusal('KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' }, 'kc_samordnare').reason).toBe('not_allowed_in_state');
    expect(before.allowed('kc_samordnare')).not.toContain('KC_CONSULTANT_ASSIGNED');
    const sent = upTo('UPPDRAG_SENT').send('KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' }, 'kc_samordnare');
    expect(sent.context.kcConsultantId).toBe('kalle');
    expect(sent.state).toBe('inskrivning.ej_bokad');
  });

  it('[kc-view.assigned-consultant] lets a consultant take an unassigned referral only for herself, and the samordnare reassign to someone else', () => {
    const referral = upTo('UPPDRAG_SENT');
    expect(referral.refusal('KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' }, 'arbetsmarknadskonsulent', AT, KALLE).reason).toBe('not_allowed_in_state');
    expect(referral.allowed('arbetsmarknadskonsulent', AT, KALLE)).toContain('KC_CONSULTANT_ASSIGNED');
    referral.send('KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' }, 'arbetsmarknadskonsulent', AT, KALLE);
    expect(referral.context.kcConsultantId).toBe('kalle');
    // Taken: neither another consultant nor the same one takes it again.
    expect(referral.refusal('KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' }, 'arbetsmarknadskonsulent', AT, KIM).reason).toBe('not_allowed_in_state');
    expect(referral.allowed('arbetsmarknadskonsulent', AT, KIM)).not.toContain('KC_CONSULTANT_ASSIGNED');
    expect(referral.allowed('arbetsmarknadskonsulent', AT, KALLE)).not.toContain('KC_CONSULTANT_ASSIGNED');
    // The samordnare reassigns, but not to the one already assigned.
    expect(referral.refusal('KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' }, 'kc_samordnare').reason).toBe('not_allowed_in_state');
    referral.send('KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' }, 'kc_samordnare');
    expect(referral.context.kcConsultantId).toBe('kim');
  });

  it('leaves a protected client to the samordnare (Bilaga 1)', () => {
    const referral = Referral.protectedIdentity()
      .all(STEPS_TO_PAGAENDE.slice(0, 6))
      .send('KC_SAMORDNARE_CONSULTED')
      .all(['DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT']);
    expect(referral.state).toBe('inskrivning.ej_bokad');
    expect(referral.refusal('KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' }, 'arbetsmarknadskonsulent', AT, KALLE).reason).toBe('not_allowed_in_state');
    expect(referral.allowed('arbetsmarknadskonsulent', AT, KALLE)).not.toContain('KC_CONSULTANT_ASSIGNED');
    referral.send('KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' }, 'kc_samordnare');
    expect(referral.context.kcConsultantId).toBe('kalle');
  });

  it('is for KC only', () => {
    const referral = upTo('UPPDRAG_SENT');
    for (const role of ['socialsekreterare', 'forste_socialsekreterare', 'system'] as const) {
      expect(referral.refusal('KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' }, role).reason).toBe('role_not_allowed');
      expect(referral.allowed(role, AT, FATIMA)).not.toContain('KC_CONSULTANT_ASSIGNED');
    }
  });
});

describe('responsibility: handover by the 1:e socialsekreterare', () => {
  it('changes the responsible socialsekreterare within the unit, in any active state', () => {
    for (const referral of [new Referral(), upTo('DECISION_MADE'), upTo('INSKRIVNING_HELD')]) {
      const state = referral.state;
      referral.send('RESPONSIBLE_CHANGED', { toUserId: 'maja' }, 'forste_socialsekreterare', AT, FATIMA);
      expect(referral.state).toBe(state);
      expect(referral.context.responsible).toEqual({ userId: 'maja', unit: 'SF Nordost', since: AT });
    }
    const ended = new Referral().send('SSBTEK_INFO_RECORDED').send('REFERRAL_WITHDRAWN');
    expect(ended.allowed('forste_socialsekreterare', AT, FATIMA)).toEqual([]);
    expect(ended.refusal('RESPONSIBLE_CHANGED', {}, 'forste_socialsekreterare', AT, FATIMA).reason).toBe('not_allowed_in_state');
  });

  it('is only for the 1:e socialsekreterare', () => {
    const referral = upTo('INSKRIVNING_HELD');
    for (const type of ['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED', 'TRANSFER_ACCEPTED', 'TRANSFER_CANCELLED'] as const) {
      for (const role of ['socialsekreterare', 'arbetsmarknadskonsulent', 'kc_samordnare', 'system'] as const) {
        expect(referral.refusal(type, {}, role, AT, FATIMA).reason, `${type} by ${role}`).toBe('role_not_allowed');
        expect(referral.allowed(role, AT, FATIMA)).not.toContain(type);
      }
    }
  });

  it('[roles.handover-by-forste] transfers to another unit: requested by the sending unit, accepted by the receiving one, or cancelled', () => {
    const referral = upTo('INSKRIVNING_HELD');
    // Not to the own unit, and not without knowing the unit.
    expect(referral.refusal('TRANSFER_REQUESTED', { toUnit: 'SF Nordost' }, 'forste_socialsekreterare', AT, FATIMA).reason).toBe('not_allowed_in_state');
    expect(referral.refusal('TRANSFER_REQUESTED', {}, 'forste_socialsekreterare').reason).toBe('not_allowed_in_state');
    expect(referral.refusal('TRANSFER_ACCEPTED', {}, 'forste_socialsekreterare', AT, GUSTAV).reason).toBe('not_allowed_in_state');
    expect(referral.refusal('TRANSFER_CANCELLED', {}, 'forste_socialsekreterare', AT, FATIMA).reason).toBe('not_allowed_in_state');

    referral.send('TRANSFER_REQUESTED', { toUnit: 'SF Hisingen' }, 'forste_socialsekreterare', AT, FATIMA);
    expect(referral.context.transfer).toMatchObject({ fromUnit: 'SF Nordost', toUnit: 'SF Hisingen' });
    expect(referral.context.responsible).toBeUndefined();
    // Pending: no second request; the sending unit may still reassign, the receiving unit may not yet.
    expect(referral.allowed('forste_socialsekreterare', AT, FATIMA)).toEqual(['RESPONSIBLE_CHANGED', 'TRANSFER_CANCELLED']);
    expect(referral.allowed('forste_socialsekreterare', AT, GUSTAV)).toEqual(['TRANSFER_ACCEPTED', 'TRANSFER_CANCELLED']);
    expect(referral.refusal('RESPONSIBLE_CHANGED', { toUserId: 'bo' }, 'forste_socialsekreterare', AT, GUSTAV).reason).toBe('not_allowed_in_state');
    expect(referral.refusal('TRANSFER_ACCEPTED', {}, 'forste_socialsekreterare', AT, FATIMA).reason).toBe('not_allowed_in_state');

    // An oenighet is for the unit that has the case (position and resolution), not for the one only asked to take it over.
    const disputed = new Referral(referral.snapshot).send('DISAGREEMENT_RAISED', {}, 'arbetsmarknadskonsulent');
    expect(disputed.allowed('forste_socialsekreterare', AT, GUSTAV)).not.toContain('DISAGREEMENT_POSITION_RECORDED');
    expect(disputed.refusal('DISAGREEMENT_POSITION_RECORDED', {}, 'forste_socialsekreterare', AT, GUSTAV).reason).toBe('not_allowed_in_state');
    disputed.send('DISAGREEMENT_POSITION_RECORDED', {}, 'forste_socialsekreterare', AT, FATIMA).send('DISAGREEMENT_POSITION_RECORDED', {}, 'kc_samordnare');
    expect(disputed.refusal('DISAGREEMENT_RESOLVED', {}, 'forste_socialsekreterare', AT, GUSTAV).reason).toBe('not_allowed_in_state');
    expect(disputed.allowed('forste_socialsekreterare', AT, FATIMA)).toContain('DISAGREEMENT_RESOLVED');

    const cancelled = new Referral(referral.snapshot).send('TRANSFER_CANCELLED', {}, 'forste_socialsekreterare', AT, GUSTAV);
    expect(cancelled.context.transfer).toBeNull();
    expect(cancelled.context.responsible).toBeUndefined();

    referral.send('TRANSFER_ACCEPTED', { toUserId: 'bo' }, 'forste_socialsekreterare', AT, GUSTAV);
    expect(referral.context.transfer).toBeNull();
    expect(referral.context.responsible).toEqual({ userId: 'bo', unit: 'SF Hisingen', since: AT });
    expect(referral.state).toBe('pagaende.aktiv');
  });

  it('replays assignments and handovers to the same snapshot', () => {
    const referral = upTo('INSKRIVNING_HELD')
      .send('KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' }, 'kc_samordnare')
      .send('RESPONSIBLE_CHANGED', { toUserId: 'maja' }, 'forste_socialsekreterare', AT, FATIMA)
      .send('TRANSFER_REQUESTED', {}, 'forste_socialsekreterare', AT, FATIMA)
      .send('TRANSFER_ACCEPTED', {}, 'forste_socialsekreterare', AT, GUSTAV);
    const replayed = replayAnvisning({ protectedIdentity: false }, referral.events);
    expect(persistAnvisning(replayed)).toEqual(persistAnvisning(referral.snapshot));
    expect(replayed.context).toMatchObject({ kcConsultantId: 'kalle', responsible: { userId: 'bo', unit: 'SF Hisingen' }, transfer: null });
  });
});

describe('who may send what', () => {
  it('refuses a role the table does not name, whatever the state', () => {
    const referral = upTo('AF_NOTIFIED');
    expect(referral.refusal('KC_CONSENT_RECORDED', {}, 'arbetsmarknadskonsulent').reason).toBe('role_not_allowed');
    expect(referral.refusal('KC_CONSENT_RECORDED', {}, 'forste_socialsekreterare').reason).toBe('role_not_allowed');
    expect(referral.refusal('KC_CONSENT_RECORDED', {}, 'system').reason).toBe('role_not_allowed');
    expect(referral.refusal('GWA_CLOSED', {}, 'kc_samordnare').reason).toBe('role_not_allowed');
  });
});

describe('persistence and replay', () => {
  it('restores a stored snapshot that decides exactly as the original', () => {
    const referral = upTo('INSKRIVNING_BOOKED').send('INSKRIVNING_MISSED');
    const stored = JSON.parse(JSON.stringify(persistAnvisning(referral.snapshot)));
    const restored = restoreAnvisning(stored);
    expect(statePathOf(restored)).toBe('inskrivning.missad');
    expect(allowedEvents(restored, 'socialsekreterare', AT)).toEqual(referral.allowed());
    expect(persistAnvisning(restored)).toEqual(stored);
  });

  it('replays the history of a whole referral to the same snapshot', () => {
    const referral = upTo('INSKRIVNING_HELD')
      .send('GENOMFORANDEPLAN_ESTABLISHED')
      .send('FOLLOW_UP_HELD')
      .send('CLOSING_ANNOUNCED', { selfSufficient: false })
      .send('THREE_PARTY_MEETING_HELD')
      .send('CLOSING_DOCUMENT_CREATED')
      .send('INSATS_CLOSED')
      .send('GWA_CLOSED');
    const replayed = replayAnvisning({ protectedIdentity: false }, referral.events);
    expect(persistAnvisning(replayed)).toEqual(persistAnvisning(referral.snapshot));
    expect(statePathOf(replayed)).toBe('avslutad');
  });

  it('rejects a wrongly typed event at compile time', () => {
    const meta = { actorId: 'x', role: 'socialsekreterare' as const, at: AT };
    // @ts-expect-error DECISION_MADE needs decisionDate and validFrom
    const missing: AnvisningEvent = { type: 'DECISION_MADE', meta };
    // @ts-expect-error not an event of the process
    const unknown: AnvisningEvent = { type: 'MAGIC', meta };
    expect([missing.type, unknown.type]).toEqual(['DECISION_MADE', 'MAGIC']);
  });
});

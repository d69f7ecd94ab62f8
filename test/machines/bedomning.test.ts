/**
 * The bedömningsstöd machine alone: every rule of the cycle (Bedömningsstöd, Handbok;
 * process.md "The bedömningsstöd cycle"), including what it refuses.
 */
import { describe, expect, it } from 'vitest';
import {
  allowedBedomningEvents,
  bedomningStateOf,
  decideBedomning,
  followsIndication,
  indicateTracks,
  replayBedomning,
  startBedomning,
  type BedomningEvent,
  type BedomningSnapshot,
  type KeyScores,
  uppdragsbeskrivningRefusals,
} from '../../machines/bedomning';
import type { Role } from '../../machines/shared/roles';

const AT = '2026-03-01T09:00:00.000Z';
let counter = 0;
const id = () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;

type Body = { type: BedomningEvent['type'] } & Record<string, unknown>;
const event = (body: Body, role: Role = 'socialsekreterare'): BedomningEvent => ({ ...body, meta: { actorId: role, role, at: AT } }) as unknown as BedomningEvent;

function send(snapshot: BedomningSnapshot, body: Body, role: Role = 'socialsekreterare'): BedomningSnapshot {
  const decision = decideBedomning(snapshot, event(body, role));
  if (!decision.ok) throw new Error(`${body.type} refused: ${JSON.stringify(decision.explanation)}`);
  return decision.snapshot;
}

function refuses(snapshot: BedomningSnapshot, body: Body, role: Role = 'socialsekreterare') {
  const decision = decideBedomning(snapshot, event(body, role));
  expect(decision.ok, `${body.type} should be refused`).toBe(false);
  // The machine says why as codes (the words are src/texts/process-messages.ts).
  return decision.ok ? [] : decision.explanation.map((refusal) => refusal.code);
}

const scores = (halsa: number | null, arbetsformaga: number | null, energiMotivation: number | null, kommunikation: number | null): KeyScores => ({ halsa, arbetsformaga, energiMotivation, kommunikation });
const DECIDED = '2026-02-20';
const openOf = (snapshot: BedomningSnapshot, kind: string) => snapshot.context.questionnaires.find((q) => q.kind === kind && q.status === 'pagaende')!.id;

function inInledande() {
  return send(startBedomning(), { type: 'INLEDANDE_STARTED', householdRole: 'sokande', questionnaireId: id() });
}

function afterInledande(keyScores = scores(3, 3, 3, 3)) {
  const snapshot = inInledande();
  return send(snapshot, { type: 'INLEDANDE_COMPLETED', questionnaireId: openOf(snapshot, 'inledande'), keyScores });
}

function inTracks(tracks: string[] = ['arbetsmarknad', 'rehab']) {
  return send(afterInledande(), { type: 'INRIKTNING_CHOSEN', tracks, questionnaires: tracks.map((track) => ({ track, questionnaireId: id() })) });
}

function withCompletedTrack() {
  const snapshot = inTracks();
  return send(snapshot, { type: 'TRACK_COMPLETED', questionnaireId: openOf(snapshot, 'arbetsmarknad') });
}

describe('the inriktning indication (Handbok, "Val av inriktning")', () => {
  it.each([
    [scores(1, 5, 5, 5), ['rehab']],
    [scores(5, 2, 5, 5), ['rehab']],
    [scores(4, 4, 3, 1), ['arbetsmarknad']],
    [scores(5, 5, 5, 5), ['arbetsmarknad']],
    [scores(4, 4, 2, 5), ['arbetsmarknad', 'rehab']],
    [scores(3, 4, 4, 4), ['arbetsmarknad', 'rehab']],
  ])('%j indicates %j, with reasons', (keyScores, tracks) => {
    const indication = indicateTracks(keyScores);
    expect(indication.tracks).toEqual(tracks);
    expect(indication.reasons.length).toBeGreaterThan(0);
  });

  it('[bedomning.indication-is-a-hint] names the scores it rests on, and språkinsatser when communication is low', () => {
    expect(indicateTracks(scores(2, 3, 3, 2)).reasons).toEqual([
      { code: 'halsa_lag', question: 'halsa', score: 2 },
      { code: 'sprakinsatser', score: 2 },
    ]);
  });

  it.each([
    [scores(null, null, null, null), ['arbetsmarknad', 'rehab'], ['halsa', 'arbetsformaga', 'energiMotivation', 'kommunikation']],
    [scores(5, 5, null, 5), ['arbetsmarknad', 'rehab'], ['energiMotivation']],
    [scores(null, 2, 5, 5), ['rehab'], ['halsa']],
    [scores(5, 5, 5, null), ['arbetsmarknad'], ['kommunikation']],
  ])('[bedomning.indication-names-missing-key-answers] %j (unanswered: null) indicates %j and names what it lacks', (keyScores, tracks, missing) => {
    const indication = indicateTracks(keyScores);
    expect(indication.tracks).toEqual(tracks);
    expect(indication.reasons[0]).toEqual({ code: 'nyckelsvar_saknas', questions: missing });
  });

  it('counts an unanswered key question as no score, never as a low one', () => {
    // Version 1 filled an unanswered question with 0; 0 is no answer, so it indicates no rehab by itself.
    expect(indicateTracks(scores(0, 5, 5, 5)).tracks).toEqual(['arbetsmarknad', 'rehab']);
    expect(indicateTracks(scores(5, 5, 5, null)).reasons.map((reason) => reason.code)).not.toContain('sprakinsatser');
  });

  it('compares a choice with the indication regardless of order', () => {
    const both = indicateTracks(scores(3, 3, 3, 3));
    expect(followsIndication(both, ['rehab', 'arbetsmarknad'])).toBe(true);
    expect(followsIndication(both, ['rehab'])).toBe(false);
  });
});

describe('the cycle', () => {
  it('starts ready for an initial part, with nothing recorded', () => {
    const snapshot = startBedomning();
    expect(bedomningStateOf(snapshot)).toBe('redo_for_inledande');
    expect(snapshot.context).toMatchObject({ cycle: 0, questionnaires: [], documents: [], insats: null });
  });

  it('opens the initial part as cycle 1 and takes partial saves only for its own open questionnaire', () => {
    const snapshot = inInledande();
    expect(bedomningStateOf(snapshot)).toBe('inledande');
    expect(snapshot.context).toMatchObject({ cycle: 1, householdRole: 'sokande' });
    const questionnaireId = openOf(snapshot, 'inledande');
    const saved = send(snapshot, { type: 'QUESTIONNAIRE_SAVED', questionnaireId, answers: {} });
    expect(saved.context.questionnaires[0]!.savedAt).toBe(AT);
    expect(refuses(snapshot, { type: 'QUESTIONNAIRE_SAVED', questionnaireId: id(), answers: {} })[0]).toBe('questionnaire_not_open');
    expect(refuses(snapshot, { type: 'INRIKTNING_CHOSEN', tracks: ['rehab'], questionnaires: [] })[0]).toBe('choice_before_inledande_done');
    expect(refuses(snapshot, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'igen', questionnaireId: id() })[0]).toBe('inledande_open');
  });

  it('[bedomning.scale-questions-optional] completes the initial part with key answers left out, and the indication says which', () => {
    const snapshot = afterInledande(scores(4, null, 4, null));
    expect(bedomningStateOf(snapshot)).toBe('val_av_inriktning');
    expect(snapshot.context.keyScores).toEqual(scores(4, null, 4, null));
    expect(snapshot.context.indication).toEqual({ tracks: ['arbetsmarknad', 'rehab'], reasons: [{ code: 'nyckelsvar_saknas', questions: ['arbetsformaga', 'kommunikation'] }] });
    // The choice follows or differs from that indication as from any other.
    expect(bedomningStateOf(send(snapshot, { type: 'INRIKTNING_CHOSEN', tracks: ['rehab', 'arbetsmarknad'], questionnaires: [] }))).toBe('inriktning');
    expect(refuses(snapshot, { type: 'INRIKTNING_CHOSEN', tracks: ['rehab'], questionnaires: [] })).toEqual(['choice_differs_from_indication']);
  });

  it('completing the initial part records the key scores and the indication', () => {
    const snapshot = afterInledande(scores(1, 4, 4, 4));
    expect(bedomningStateOf(snapshot)).toBe('val_av_inriktning');
    expect(snapshot.context.keyScores).toEqual(scores(1, 4, 4, 4));
    expect(snapshot.context.indication?.tracks).toEqual(['rehab']);
    expect(snapshot.context.questionnaires[0]).toMatchObject({ status: 'klar', completedAt: AT });
    // Completed is completed: no more saves to it.
    refuses(snapshot, { type: 'QUESTIONNAIRE_SAVED', questionnaireId: snapshot.context.questionnaires[0]!.id, answers: {} });
  });

  it('[bedomning.choice-against-indication-needs-reason] takes a choice that follows the indication, and one against it only with a reason', () => {
    const snapshot = afterInledande(scores(5, 5, 5, 5));
    const explanation = refuses(snapshot, { type: 'INRIKTNING_CHOSEN', tracks: ['rehab'], questionnaires: [] });
    expect(explanation[0]).toBe('choice_differs_from_indication');
    const refused = decideBedomning(snapshot, event({ type: 'INRIKTNING_CHOSEN', tracks: ['rehab'], questionnaires: [] }));
    expect(refused.ok ? [] : refused.fields).toEqual([{ path: 'reasonAgainstIndication', code: 'reason_against_indication_missing' }]);
    const against = send(snapshot, { type: 'INRIKTNING_CHOSEN', tracks: ['rehab'], reasonAgainstIndication: 'Nyligen opererad.', questionnaires: [{ track: 'rehab', questionnaireId: id() }] });
    expect(against.context.choice).toMatchObject({ tracks: ['rehab'], followsIndication: false, reasonAgainstIndication: 'Nyligen opererad.' });
    const follows = send(snapshot, { type: 'INRIKTNING_CHOSEN', tracks: ['arbetsmarknad'], reasonAgainstIndication: 'onödig', questionnaires: [{ track: 'arbetsmarknad', questionnaireId: id() }] });
    // A reason given for a choice that follows the indication is not a deviation.
    expect(follows.context.choice).toMatchObject({ followsIndication: true, reasonAgainstIndication: null });
    expect(bedomningStateOf(follows)).toBe('inriktning');
    expect(follows.context.questionnaires.filter((q) => q.status === 'pagaende').map((q) => q.kind)).toEqual(['arbetsmarknad']);
  });

  it('[bedomning.uppfoljning-after-track] completes track questionnaires, and offers a follow-up without insats only after a completed track', () => {
    const snapshot = inTracks();
    expect(refuses(snapshot, { type: 'UPPFOLJNING_STARTED', questionnaireId: id() })[0]).toBe('uppfoljning_needs_completed_track');
    expect(refuses(snapshot, { type: 'TRACK_COMPLETED', questionnaireId: snapshot.context.questionnaires[0]!.id })[0]).toBe('questionnaire_not_open');
    const done = withCompletedTrack();
    const followUp = send(done, { type: 'UPPFOLJNING_STARTED', questionnaireId: id() });
    expect(bedomningStateOf(followUp)).toBe('uppfoljning');
    // The rehab questionnaire left open stays, marked avbrutet.
    expect(followUp.context.questionnaires.find((q) => q.kind === 'rehab')?.status).toBe('avbrutet');
  });

  it('[bedomning.restart-mid-cycle-needs-reason] re-starts the initial part mid-cycle only with a reason, leaving the open drafts avbrutna', () => {
    const snapshot = inTracks();
    expect(refuses(snapshot, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', questionnaireId: id() })[0]).toBe('restart_needs_reason');
    const again = send(snapshot, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'Omprövning efter flytt.', questionnaireId: id() });
    expect(again.context).toMatchObject({ cycle: 2, choice: null, indication: null });
    expect(again.context.questionnaires.filter((q) => q.status === 'avbrutet').map((q) => q.kind).sort()).toEqual(['arbetsmarknad', 'rehab']);
  });

  it.each([
    ['redo_for_inledande', () => startBedomning()],
    ['inledande', inInledande],
    ['val_av_inriktning', () => afterInledande()],
    ['inriktning', () => inTracks()],
  ])('a referral sent to KC from %s puts the assessment in insats', (_state, make) => {
    const snapshot = send(make(), { type: 'INSATS_STARTED', caseId: 'case-1', uppdragsbeskrivningId: null }, 'system');
    expect(bedomningStateOf(snapshot)).toBe('i_insats');
    expect(snapshot.context.insats).toMatchObject({ caseId: 'case-1' });
    expect(snapshot.context.questionnaires.some((q) => q.status === 'pagaende')).toBe(false);
  });

  it('opens the follow-up when the insats ends without självförsörjning, and only for its own referral', () => {
    const inInsats = send(withCompletedTrack(), { type: 'INSATS_STARTED', caseId: 'case-1', uppdragsbeskrivningId: null }, 'system');
    refuses(inInsats, { type: 'INSATS_ENDED', caseId: 'case-2', outcome: 'ej_sjalvforsorjande', questionnaireId: id() }, 'system');
    const followUp = send(inInsats, { type: 'INSATS_ENDED', caseId: 'case-1', outcome: 'ej_sjalvforsorjande', questionnaireId: id() }, 'system');
    expect(bedomningStateOf(followUp)).toBe('uppfoljning');
    expect(followUp.context.insats).toBeNull();
    expect(followUp.context.insatser).toEqual([{ caseId: 'case-1', startedAt: AT, endedAt: AT, outcome: 'ej_sjalvforsorjande' }]);
    const done = send(followUp, { type: 'UPPFOLJNING_COMPLETED', questionnaireId: openOf(followUp, 'uppfoljning') });
    expect(bedomningStateOf(done)).toBe('redo_for_inledande');
    // The next initial part needs no reason: the cycle is complete.
    const next = send(done, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', questionnaireId: id() });
    expect(next.context.cycle).toBe(2);
  });

  it('after självförsörjning goes back to the start with no follow-up; after a cancelled referral, back to the tracks if chosen', () => {
    const started = (snapshot: BedomningSnapshot) => send(snapshot, { type: 'INSATS_STARTED', caseId: 'c', uppdragsbeskrivningId: null }, 'system');
    const selfSufficient = send(started(withCompletedTrack()), { type: 'INSATS_ENDED', caseId: 'c', outcome: 'sjalvforsorjande', questionnaireId: null }, 'system');
    expect(bedomningStateOf(selfSufficient)).toBe('redo_for_inledande');
    expect(selfSufficient.context.questionnaires.some((q) => q.kind === 'uppfoljning')).toBe(false);
    const cancelledWithTracks = send(started(withCompletedTrack()), { type: 'INSATS_ENDED', caseId: 'c', outcome: 'avbruten', questionnaireId: null }, 'system');
    expect(bedomningStateOf(cancelledWithTracks)).toBe('inriktning');
    const cancelledWithout = send(started(startBedomning()), { type: 'INSATS_ENDED', caseId: 'c', outcome: 'avbruten', questionnaireId: null }, 'system');
    expect(bedomningStateOf(cancelledWithout)).toBe('redo_for_inledande');
  });
});

describe('a new initial part while an insats runs (omprövning before a renewal, a new arbetsplan)', () => {
  const inInsats = () => send(withCompletedTrack(), { type: 'INSATS_STARTED', caseId: 'case-1', uppdragsbeskrivningId: null }, 'system');
  const restarted = () => send(inInsats(), { type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'Omprövning inför förnyat beslut.', questionnaireId: id() });

  it('[bedomning.new-inledande-during-insats] starts a new cycle with a reason, and the insats and its referral stay as they are', () => {
    const before = inInsats();
    expect(allowedBedomningEvents(before, 'socialsekreterare', AT)).toContain('INLEDANDE_STARTED');
    expect(refuses(before, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', questionnaireId: id() })).toEqual(['restart_needs_reason']);
    const refused = decideBedomning(before, event({ type: 'INLEDANDE_STARTED', householdRole: 'sokande', questionnaireId: id() }));
    expect(refused.ok ? [] : refused.fields).toEqual([{ path: 'reason', code: 'restart_reason_missing' }]);
    const snapshot = restarted();
    expect(bedomningStateOf(snapshot)).toBe('inledande');
    expect(snapshot.context.cycle).toBe(before.context.cycle + 1);
    expect(snapshot.context.insats).toEqual(before.context.insats);
    expect(snapshot.context.insatser).toEqual([]);
  });

  it('goes through the new cycle while the insats runs; no second insats and no follow-up without one until it ends', () => {
    const inledande = restarted();
    const valt = send(inledande, { type: 'INLEDANDE_COMPLETED', questionnaireId: openOf(inledande, 'inledande'), keyScores: scores(3, 3, 3, 3) });
    const tracks = send(valt, { type: 'INRIKTNING_CHOSEN', tracks: ['arbetsmarknad'], reasonAgainstIndication: 'Nära arbete.', questionnaires: [{ track: 'arbetsmarknad', questionnaireId: id() }] });
    const done = send(tracks, { type: 'TRACK_COMPLETED', questionnaireId: openOf(tracks, 'arbetsmarknad') });
    expect(done.context.insats).toMatchObject({ caseId: 'case-1' });
    for (const snapshot of [inledande, valt, done]) {
      expect(refuses(snapshot, { type: 'INSATS_STARTED', caseId: 'case-2', uppdragsbeskrivningId: null }, 'system')).toEqual(['event_not_allowed']);
    }
    expect(allowedBedomningEvents(done, 'socialsekreterare', AT)).not.toContain('UPPFOLJNING_STARTED');
    expect(refuses(done, { type: 'UPPFOLJNING_STARTED', questionnaireId: id() })).toEqual(['insats_running']);
  });

  it.each(['ej_sjalvforsorjande', 'sjalvforsorjande', 'avbruten'] as const)(
    '[bedomning.insats-ends-during-new-cycle] an insats that ends (%s) during the new cycle is recorded, and the new cycle goes on where it stands',
    (outcome) => {
      const inledande = restarted();
      const ended = send(inledande, { type: 'INSATS_ENDED', caseId: 'case-1', outcome, questionnaireId: outcome === 'ej_sjalvforsorjande' ? id() : null }, 'system');
      expect(bedomningStateOf(ended)).toBe('inledande');
      expect(ended.context.insats).toBeNull();
      expect(ended.context.insatser).toEqual([{ caseId: 'case-1', startedAt: AT, endedAt: AT, outcome }]);
      // The open initial part is kept; no follow-up questionnaire is opened beside it.
      expect(ended.context.questionnaires.filter((q) => q.status === 'pagaende').map((q) => q.kind)).toEqual(['inledande']);
      refuses(inledande, { type: 'INSATS_ENDED', caseId: 'case-2', outcome, questionnaireId: null }, 'system');
    },
  );

  it('after the insats ended, the follow-up of the new cycle starts from its completed track', () => {
    const inledande = restarted();
    const valt = send(inledande, { type: 'INLEDANDE_COMPLETED', questionnaireId: openOf(inledande, 'inledande'), keyScores: scores(5, 5, 5, 5) });
    const tracks = send(valt, { type: 'INRIKTNING_CHOSEN', tracks: ['arbetsmarknad'], questionnaires: [{ track: 'arbetsmarknad', questionnaireId: id() }] });
    const done = send(tracks, { type: 'TRACK_COMPLETED', questionnaireId: openOf(tracks, 'arbetsmarknad') });
    const ended = send(done, { type: 'INSATS_ENDED', caseId: 'case-1', outcome: 'ej_sjalvforsorjande', questionnaireId: id() }, 'system');
    expect(bedomningStateOf(ended)).toBe('inriktning');
    expect(bedomningStateOf(send(ended, { type: 'UPPFOLJNING_STARTED', questionnaireId: id() }))).toBe('uppfoljning');
    // A next referral may reach KC again.
    expect(bedomningStateOf(send(ended, { type: 'INSATS_STARTED', caseId: 'case-2', uppdragsbeskrivningId: null }, 'system'))).toBe('i_insats');
  });
});

describe('documents', () => {
  it('[bedomning.arbetsplan-imports-initial-part] makes an arbetsplan in any state, importing only from a completed initial part', () => {
    const empty = send(startBedomning(), { type: 'ARBETSPLAN_CREATED', documentId: id() });
    expect(empty.context.documents[0]).toMatchObject({ kind: 'arbetsplan', version: 1, importedFrom: null });
    const open = inInledande();
    refuses(open, { type: 'ARBETSPLAN_CREATED', importFrom: openOf(open, 'inledande'), documentId: id() });
    const tracks = withCompletedTrack();
    const inledandeId = tracks.context.questionnaires.find((q) => q.kind === 'inledande')!.id;
    const trackId = tracks.context.questionnaires.find((q) => q.kind === 'arbetsmarknad')!.id;
    expect(refuses(tracks, { type: 'ARBETSPLAN_CREATED', importFrom: trackId, documentId: id() })[0]).toBe('arbetsplan_import_not_allowed');
    const documentId = id();
    const withPlan = send(tracks, { type: 'ARBETSPLAN_CREATED', importFrom: inledandeId, documentId });
    const revised = send(withPlan, { type: 'ARBETSPLAN_REVISED', documentId, content: {} });
    expect(revised.context.documents[0]).toMatchObject({ version: 2, importedFrom: inledandeId });
    refuses(revised, { type: 'ARBETSPLAN_REVISED', documentId: id(), content: {} });
  });

  it('[bedomning.uppdragsbeskrivning-imports-track] makes one uppdragsbeskrivning per referral, from a completed track and never the initial part, kept as sent once the uppdrag goes', () => {
    const tracks = withCompletedTrack();
    const inledandeId = tracks.context.questionnaires.find((q) => q.kind === 'inledande')!.id;
    const trackId = tracks.context.questionnaires.find((q) => q.kind === 'arbetsmarknad')!.id;
    const openTrackId = openOf(tracks, 'rehab');
    expect(refuses(tracks, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: 'c', referralDecisionDate: DECIDED, importFrom: inledandeId, documentId: id() })[0]).toBe('uppdragsbeskrivning_import_not_allowed');
    refuses(tracks, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: 'c', referralDecisionDate: DECIDED, importFrom: openTrackId, documentId: id() });
    const documentId = id();
    const made = send(tracks, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: 'c', referralDecisionDate: DECIDED, importFrom: trackId, documentId });
    expect(refuses(made, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: 'c', referralDecisionDate: DECIDED, documentId: id() })[0]).toBe('uppdragsbeskrivning_exists');
    const revised = send(made, { type: 'UPPDRAGSBESKRIVNING_REVISED', documentId, content: {} });
    const sent = send(revised, { type: 'INSATS_STARTED', caseId: 'c', uppdragsbeskrivningId: documentId }, 'system');
    expect(sent.context.documents[0]).toMatchObject({ version: 2, sentAt: AT });
    expect(refuses(sent, { type: 'UPPDRAGSBESKRIVNING_REVISED', documentId, content: {} })[0]).toBe('uppdragsbeskrivning_sent');
    // Without any assessment too.
    send(startBedomning(), { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: 'c', referralDecisionDate: DECIDED, documentId: id() });
  });

  it('[bedomning.uppdragsbeskrivning-after-decision] makes an uppdragsbeskrivning only for a referral with a decision, and says so at the referral', () => {
    const tracks = withCompletedTrack();
    const trackId = tracks.context.questionnaires.find((q) => q.kind === 'arbetsmarknad')!.id;
    for (const snapshot of [startBedomning(), tracks]) {
      const refused = decideBedomning(snapshot, event({ type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: 'c', referralDecisionDate: null, importFrom: snapshot === tracks ? trackId : undefined, documentId: id() }));
      expect(refused).toMatchObject({ ok: false, reason: 'not_allowed_in_state', explanation: [{ code: 'uppdragsbeskrivning_needs_decision' }], fields: [{ path: 'caseId', code: 'referral_without_decision' }] });
    }
    const meta = { actorId: 'anna', role: 'socialsekreterare' as const, at: AT };
    expect(uppdragsbeskrivningRefusals(tracks, meta, { caseId: 'c', decisionDate: null })).toEqual([{ code: 'uppdragsbeskrivning_needs_decision' }]);
    expect(uppdragsbeskrivningRefusals(tracks, meta, { caseId: 'c', decisionDate: DECIDED })).toEqual([]);
    expect(uppdragsbeskrivningRefusals(tracks, { ...meta, role: 'forste_socialsekreterare' }, { caseId: 'c', decisionDate: DECIDED })[0]?.code).toBe('role_not_allowed');
  });
});

describe('who may do what', () => {
  it('leaves the assessment to the socialsekreterare and the referral events to the service', () => {
    const snapshot = inInledande();
    for (const role of ['arbetsmarknadskonsulent', 'kc_samordnare', 'forste_socialsekreterare', 'system'] as const) {
      const decision = decideBedomning(snapshot, event({ type: 'QUESTIONNAIRE_SAVED', questionnaireId: openOf(snapshot, 'inledande'), answers: {} }, role));
      expect(decision).toMatchObject({ ok: false, reason: 'role_not_allowed' });
      // The 1:e socialsekreterare takes no step of the assessment itself; she only hands it over.
      expect(allowedBedomningEvents(snapshot, role, AT)).toEqual(role === 'forste_socialsekreterare' ? ['RESPONSIBLE_CHANGED'] : []);
      expect(allowedBedomningEvents(snapshot, role, AT, { id: role, unit: 'SF Nordost' })).toEqual(
        role === 'forste_socialsekreterare' ? ['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED'] : [],
      );
    }
    expect(decideBedomning(snapshot, event({ type: 'INSATS_STARTED', caseId: 'c', uppdragsbeskrivningId: null }))).toMatchObject({ ok: false, reason: 'role_not_allowed' });
  });

  it('offers in each state exactly the steps the machine would take', () => {
    expect(allowedBedomningEvents(startBedomning(), 'socialsekreterare', AT)).toEqual(['INLEDANDE_STARTED', 'ARBETSPLAN_CREATED', 'UPPDRAGSBESKRIVNING_CREATED']);
    expect(allowedBedomningEvents(inInledande(), 'socialsekreterare', AT)).toEqual(['QUESTIONNAIRE_SAVED', 'INLEDANDE_COMPLETED', 'ARBETSPLAN_CREATED', 'UPPDRAGSBESKRIVNING_CREATED']);
    expect(allowedBedomningEvents(afterInledande(), 'socialsekreterare', AT)).toEqual(['INLEDANDE_STARTED', 'INRIKTNING_CHOSEN', 'ARBETSPLAN_CREATED', 'UPPDRAGSBESKRIVNING_CREATED']);
    expect(allowedBedomningEvents(withCompletedTrack(), 'socialsekreterare', AT)).toEqual([
      'INLEDANDE_STARTED',
      'QUESTIONNAIRE_SAVED',
      'TRACK_COMPLETED',
      'UPPFOLJNING_STARTED',
      'ARBETSPLAN_CREATED',
      'UPPDRAGSBESKRIVNING_CREATED',
    ]);
  });

  it('hands the assessment over only by the 1:e socialsekreterare: within the unit, or to another unit that accepts', () => {
    const at = (unit: string, role: Role = 'forste_socialsekreterare') => (body: Body) => ({ ...body, meta: { actorId: role, role, at: AT, unit } }) as unknown as BedomningEvent;
    const nordost = at('SF Nordost');
    const hisingen = at('SF Hisingen');
    const decide = (snapshot: BedomningSnapshot, e: BedomningEvent) => {
      const decision = decideBedomning(snapshot, e);
      if (!decision.ok) throw new Error(`${e.type} refused: ${JSON.stringify(decision.explanation)}`);
      return decision.snapshot;
    };
    const snapshot = inInledande();
    for (const role of ['socialsekreterare', 'arbetsmarknadskonsulent', 'kc_samordnare', 'system'] as const) {
      for (const body of [
        { type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: 'Sjukskrivning.' },
        { type: 'TRANSFER_REQUESTED', toUnit: 'SF Hisingen', reason: 'Flytt.' },
        { type: 'TRANSFER_ACCEPTED', toUserId: 'bo' },
        { type: 'TRANSFER_CANCELLED', reason: 'Ingen flytt.' },
      ] as Body[]) {
        expect(decideBedomning(snapshot, at('SF Nordost', role)(body)), `${body.type} by ${role}`).toMatchObject({ ok: false, reason: 'role_not_allowed' });
      }
    }

    const changed = decide(snapshot, nordost({ type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: 'Sjukskrivning.' }));
    expect(changed.context.responsible).toEqual({ userId: 'maja', unit: 'SF Nordost', since: AT });
    expect(bedomningStateOf(changed)).toBe('inledande');

    expect(decideBedomning(changed, nordost({ type: 'TRANSFER_REQUESTED', toUnit: 'SF Nordost', reason: 'Flytt.' })).ok).toBe(false);
    expect(decideBedomning(changed, hisingen({ type: 'TRANSFER_ACCEPTED', toUserId: 'bo' })).ok).toBe(false);
    const requested = decide(changed, nordost({ type: 'TRANSFER_REQUESTED', toUnit: 'SF Hisingen', reason: 'Flytt.' }));
    expect(requested.context.transfer).toMatchObject({ fromUnit: 'SF Nordost', toUnit: 'SF Hisingen' });
    expect(requested.context.responsible).toMatchObject({ userId: 'maja' });
    expect(allowedBedomningEvents(requested, 'forste_socialsekreterare', AT, { id: 'gustav', unit: 'SF Hisingen' })).toEqual(['TRANSFER_ACCEPTED', 'TRANSFER_CANCELLED']);
    expect(decideBedomning(requested, nordost({ type: 'TRANSFER_ACCEPTED', toUserId: 'anna' })).ok).toBe(false);
    expect(decideBedomning(requested, hisingen({ type: 'RESPONSIBLE_CHANGED', toUserId: 'bo', reason: 'x' })).ok).toBe(false);

    const declined = decide(requested, hisingen({ type: 'TRANSFER_CANCELLED', reason: 'Inte vår klient.' }));
    expect(declined.context.transfer).toBeNull();
    expect(declined.context.responsible).toMatchObject({ userId: 'maja', unit: 'SF Nordost' });

    const accepted = decide(requested, hisingen({ type: 'TRANSFER_ACCEPTED', toUserId: 'bo' }));
    expect(accepted.context.transfer).toBeNull();
    expect(accepted.context.responsible).toEqual({ userId: 'bo', unit: 'SF Hisingen', since: AT });
    expect(accepted.context.questionnaires).toEqual(snapshot.context.questionnaires);
  });

  it('replays a history to the same snapshot', () => {
    const events = [
      event({ type: 'INLEDANDE_STARTED', householdRole: 'medsokande', questionnaireId: 'q1' }),
      event({ type: 'QUESTIONNAIRE_SAVED', questionnaireId: 'q1', answers: {} }),
      event({ type: 'INLEDANDE_COMPLETED', questionnaireId: 'q1', keyScores: scores(2, 2, 2, 2) }),
      event({ type: 'INRIKTNING_CHOSEN', tracks: ['rehab'], questionnaires: [{ track: 'rehab', questionnaireId: 'q2' }] }),
    ];
    let snapshot = startBedomning();
    for (const e of events) snapshot = send(snapshot, e as unknown as Body, e.meta.role);
    expect(replayBedomning(events).context).toEqual(snapshot.context);
    expect(bedomningStateOf(replayBedomning(events))).toBe('inriktning');
  });
});

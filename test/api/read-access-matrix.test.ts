/**
 * Who may see which case and which client, across two units and two KC
 * consultants: every read route (cases, KC's queue, clients and their
 * bedömningsstöd) and the find-or-register routes, for every kind of user,
 * against cases and clients in representative situations, compared with tables
 * written here from process.md and issue 12 "Access that follows
 * responsibility" (an oracle independent of src/cases/case-access.ts,
 * src/assessments/assessment-access.ts and src/clients/client-holder.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

type CaseKey =
  | 'forberedelse'
  | 'sentToKalle'
  | 'sentUnassigned'
  | 'protectedConsulted'
  | 'protectedSent'
  | 'protectedUnassigned'
  | 'handedToMaja'
  | 'otherUnitSent';
/** Every case has its own client; one more client has only a bedömningsstöd. */
type ClientKey = CaseKey | 'assessmentOnly';

const NAMES: Record<ClientKey, string> = {
  forberedelse: 'Ada Förberedelse',
  sentToKalle: 'Bea Skickad',
  sentUnassigned: 'Bodil Otilldelad',
  protectedConsulted: 'Cilla Skyddad',
  protectedSent: 'Dora Skyddad',
  protectedUnassigned: 'Doris Skyddad',
  handedToMaja: 'Frida Överlämnad',
  otherUnitSent: 'Eva Hisingen',
  assessmentOnly: 'Greta Bedömd',
};
const PROTECTED: ClientKey[] = ['protectedConsulted', 'protectedSent', 'protectedUnassigned'];
const USERS = ['anna', 'maja', 'bo', 'fatima', 'gustav', 'kalle', 'kim', 'sven'] as const;
type Username = (typeof USERS)[number];

const NORDOST_CASES: CaseKey[] = ['forberedelse', 'sentToKalle', 'sentUnassigned', 'protectedConsulted', 'protectedSent', 'protectedUnassigned', 'handedToMaja'];

/**
 * Cases (GET /api/cases/:id, its history, and GET /api/cases): the responsible socialsekreterare (after a
 * handover, the new one and not the old); the unit's 1:e socialsekreterare; a consultant once the uppdrag is
 * sent and only when assigned to her; the samordnare once sent, or when consulted on a protected case.
 */
const CASE_SEES: Record<Username, CaseKey[]> = {
  anna: ['forberedelse', 'sentToKalle', 'sentUnassigned', 'protectedConsulted', 'protectedSent', 'protectedUnassigned'], // not handedToMaja any more
  maja: ['handedToMaja'],
  bo: ['otherUnitSent'],
  fatima: NORDOST_CASES,
  gustav: ['otherUnitSent'],
  kalle: ['sentToKalle', 'protectedSent'], // assigned to him
  kim: ['otherUnitSent'], // she took it from the queue
  sven: ['sentToKalle', 'sentUnassigned', 'protectedConsulted', 'protectedSent', 'protectedUnassigned', 'otherUnitSent'],
};
/** A protected client's name in the single case view: the responsible socialsekreterare and the samordnare. In lists: no one. */
const SEES_PROTECTED_DATA = new Set<Username>(['anna', 'sven']);

/** KC's queue: sent and unassigned; for a consultant not the protected ones (the samordnare assigns those). Social services: 403. */
const QUEUE: Partial<Record<Username, CaseKey[]>> = {
  kalle: ['sentUnassigned'],
  kim: ['sentUnassigned'],
  sven: ['sentUnassigned', 'protectedUnassigned'],
};

/**
 * The list of samverkansfrågor (GET /api/samverkansfragor, process.md §5, working model revision 2): the 1:e
 * socialsekreterare sees her own unit's, the samordnare all of KC's; everyone else 403. Flagged here: sentToKalle,
 * protectedSent (SF Nordost) and otherUnitSent (SF Hisingen); forberedelse has one raised without the flag.
 */
const SAMVERKAN: Partial<Record<Username, CaseKey[]>> = {
  fatima: ['sentToKalle', 'protectedSent'],
  gustav: ['otherUnitSent'],
  sven: ['sentToKalle', 'protectedSent', 'otherUnitSent'],
};

/** A bedömningsstöd: its responsible socialsekreterare (a referral of the client gives no access) and the unit's 1:e; never KC. */
const ASSESSMENT_SEES: Record<Username, ClientKey[]> = {
  // The service made anna's assessments when her referrals went to KC; handedToMaja's assessment stayed with anna.
  anna: ['sentToKalle', 'sentUnassigned', 'protectedSent', 'protectedUnassigned', 'handedToMaja', 'assessmentOnly'],
  maja: [],
  bo: ['otherUnitSent'],
  fatima: ['sentToKalle', 'sentUnassigned', 'protectedSent', 'protectedUnassigned', 'handedToMaja', 'assessmentOnly'],
  gustav: ['otherUnitSent'],
  kalle: [],
  kim: [],
  sven: [],
};

/** The client (GET /api/clients/:id): whoever sees one of its referrals or its bedömningsstöd. */
const CLIENT_SEES: Record<Username, ClientKey[]> = {
  anna: ['forberedelse', 'sentToKalle', 'sentUnassigned', 'protectedConsulted', 'protectedSent', 'protectedUnassigned', 'handedToMaja', 'assessmentOnly'],
  maja: ['handedToMaja'],
  bo: ['otherUnitSent'],
  fatima: [...NORDOST_CASES, 'assessmentOnly'],
  gustav: ['otherUnitSent'],
  kalle: ['sentToKalle', 'protectedSent'],
  kim: ['otherUnitSent'],
  sven: ['sentToKalle', 'sentUnassigned', 'protectedConsulted', 'protectedSent', 'protectedUnassigned', 'otherUnitSent'],
};

/** The uppdragsbeskrivningar sent with sentToKalle and otherUnitSent: the assessment's readers, and KC where it sees the referral. */
const UPPDRAG_SEES: Record<Username, ClientKey[]> = {
  anna: ['sentToKalle'],
  maja: [],
  bo: ['otherUnitSent'],
  fatima: ['sentToKalle'],
  gustav: ['otherUnitSent'],
  kalle: ['sentToKalle'],
  kim: ['otherUnitSent'],
  sven: ['sentToKalle', 'otherUnitSent'],
};

/**
 * The registerutdrag and a name correction (issue 17): the client's responsible socialsekreterare (the holder) and her
 * unit's 1:e socialsekreterare; a protected client only the socialsekreterare (the 1:e does not see the name); never KC.
 * Whoever sees the client otherwise gets 403, whoever does not 404. The client record's history: the social services'
 * users who see the client (masked where they do not see the name); KC 403.
 */
const RIGHTS: Record<Username, ClientKey[]> = {
  anna: ['forberedelse', 'sentToKalle', 'sentUnassigned', 'protectedConsulted', 'protectedSent', 'protectedUnassigned', 'assessmentOnly'], // not handedToMaja: maja holds it
  maja: ['handedToMaja'],
  bo: ['otherUnitSent'],
  fatima: ['forberedelse', 'sentToKalle', 'sentUnassigned', 'handedToMaja', 'assessmentOnly'],
  gustav: ['otherUnitSent'],
  kalle: [],
  kim: [],
  sven: [],
};

/** Who holds each client (the active referral's socialsekreterare, or else the assessment's), and her unit. */
const HOLDER: Record<ClientKey, { user: Username; unit: string }> = {
  forberedelse: { user: 'anna', unit: 'SF Nordost' },
  sentToKalle: { user: 'anna', unit: 'SF Nordost' },
  sentUnassigned: { user: 'anna', unit: 'SF Nordost' },
  protectedConsulted: { user: 'anna', unit: 'SF Nordost' },
  protectedSent: { user: 'anna', unit: 'SF Nordost' },
  protectedUnassigned: { user: 'anna', unit: 'SF Nordost' },
  handedToMaja: { user: 'maja', unit: 'SF Nordost' }, // her active referral, although anna has the assessment
  otherUnitSent: { user: 'bo', unit: 'SF Hisingen' },
  assessmentOnly: { user: 'anna', unit: 'SF Nordost' },
};
const SOCIALSEKRETERARE = new Set<Username>(['anna', 'maja', 'bo']);
const KC_USERS = new Set<Username>(['kalle', 'kim', 'sven']);

let app: TestApp;
const caseIds = {} as Record<CaseKey, string>;
const clients = {} as Record<ClientKey, { id: string; personnummer: string; questionnaireId?: string; arbetsplanId?: string; uppdragId?: string }>;

const PREP = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const;
const SEND = ['DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const;

async function assessmentStep(user: UserSession, clientId: string, body: object) {
  const response = await user.post(`/api/clients/${clientId}/assessment/events`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { documents: { id: string; kind: string }[]; questionnaires: { id: string }[] };
}

beforeAll(async () => {
  app = await startTestApp();
  let serial = 0;
  const register = async (key: ClientKey, username: Username) => {
    const personnummer = personnummerFor('1988-08-08', (serial += 1));
    const registered = await (await app.as(username)).post('/api/clients', { personnummer, name: NAMES[key], protectedIdentity: PROTECTED.includes(key) });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    clients[key] = { id: registered.body.client.id as string, personnummer };
    return clients[key];
  };
  const make = async (key: CaseKey, username: Username, options: { consult?: boolean; sent?: boolean; uppdrag?: boolean; assign?: 'sven→kalle' | 'kim takes' } = {}) => {
    const user = await app.as(username);
    const client = clients[key] ?? (await register(key, username));
    const created = await user.createCase({ personnummer: client.personnummer, name: NAMES[key], protectedIdentity: PROTECTED.includes(key) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    for (const type of PREP) await user.step(id, type);
    if (options.consult) await user.step(id, 'KC_SAMORDNARE_CONSULTED');
    if (options.sent) {
      await user.step(id, 'DECISION_MADE');
      await user.step(id, 'DECISION_COMMUNICATED');
      if (options.uppdrag) {
        const made = await assessmentStep(user, client.id, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: id });
        client.uppdragId = made.documents.find((d) => d.kind === 'uppdragsbeskrivning')!.id;
        const content = { arbetslivserfarenhet: 'Lager.', kompetens: 'Gymnasium.', halsa: 'God.', behovAvInsats: 'Jobbsök.', egenBedomning: 'Redo.' };
        await assessmentStep(user, client.id, { type: 'UPPDRAGSBESKRIVNING_REVISED', documentId: client.uppdragId, content });
      }
      await user.step(id, SEND[2]);
    }
    if (options.assign === 'sven→kalle') await (await app.as('sven')).step(id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    if (options.assign === 'kim takes') await (await app.as('kim')).step(id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' });
    caseIds[key] = id;
  };

  await make('forberedelse', 'anna');
  await make('sentToKalle', 'anna', { sent: true, uppdrag: true, assign: 'sven→kalle' });
  await make('sentUnassigned', 'anna', { sent: true });
  await make('protectedConsulted', 'anna', { consult: true });
  await make('protectedSent', 'anna', { consult: true, sent: true, assign: 'sven→kalle' });
  await make('protectedUnassigned', 'anna', { consult: true, sent: true });
  await make('otherUnitSent', 'bo', { sent: true, uppdrag: true, assign: 'kim takes' });

  // anna's bedömningsstöd, then her referral for the same client, which the 1:e hands over to maja (the assessment stays).
  const handed = await register('handedToMaja', 'anna');
  handed.questionnaireId = (await assessmentStep(await app.as('anna'), handed.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' })).questionnaires[0]!.id;
  await make('handedToMaja', 'anna');
  await (await app.as('fatima')).step(caseIds.handedToMaja, 'RESPONSIBLE_CHANGED', { toUserId: 'maja', reason: 'Anna är föräldraledig.' });

  // Disagreements: three flagged as samverkansfrågor (one flagged only when resolved), one not.
  const raise = async (key: CaseKey, username: Username, samverkansfraga: boolean) =>
    (await app.as(username)).step(caseIds[key], 'DISAGREEMENT_RAISED', { topic: 'insats', description: `Oenighet om insatsen i ärendet ${key}.`, samverkansfraga });
  await raise('sentToKalle', 'anna', true);
  await raise('protectedSent', 'kalle', false);
  await (await app.as('fatima')).step(caseIds.protectedSent, 'DISAGREEMENT_POSITION_RECORDED', { position: 'Fortsätt.' });
  await (await app.as('sven')).step(caseIds.protectedSent, 'DISAGREEMENT_POSITION_RECORDED', { position: 'Byt inriktning.' });
  await (await app.as('fatima')).step(caseIds.protectedSent, 'DISAGREEMENT_RESOLVED', { outcome: 'Fortsätt.', samverkansfraga: true });
  await raise('otherUnitSent', 'bo', true);
  await raise('sentUnassigned', 'anna', false);

  // A client with only a bedömningsstöd: an initial part and an arbetsplan.
  const only = await register('assessmentOnly', 'anna');
  const anna = await app.as('anna');
  only.questionnaireId = (await assessmentStep(anna, only.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' })).questionnaires[0]!.id;
  only.arbetsplanId = (await assessmentStep(anna, only.id, { type: 'ARBETSPLAN_CREATED' })).documents.find((d) => d.kind === 'arbetsplan')!.id;
}, 600_000);

afterAll(async () => {
  await app.close();
});

/** Who reads the statistics of which referrals (issue 16): the 1:e socialsekreterare her unit's, the samordnare those sent to KC. */
const STATISTICS: Partial<Record<Username, { unit: string; created: number | null; decisions: number | null }>> = {
  fatima: { unit: 'SF Nordost', created: 7, decisions: null },
  gustav: { unit: 'SF Hisingen', created: null, decisions: null },
  sven: { unit: 'KC', created: 5, decisions: 5 },
};
const ALL_CASES: CaseKey[] = [...NORDOST_CASES, 'otherUnitSent'];
const ALL_CLIENTS = Object.keys(NAMES) as ClientKey[];
const BIRTH_DIGITS = /19880808/;

describe.each(USERS)('%s', (username) => {
  it.each(ALL_CASES)('[kc-view.after-uppdrag-sent] reads case %s exactly as the table says, on every read route', async (key) => {
    const user = await app.as(username);
    const visible = CASE_SEES[username].includes(key);
    const [view, history, list, search] = await Promise.all([
      user.get(`/api/cases/${caseIds[key]}`),
      user.get(`/api/cases/${caseIds[key]}/events`),
      user.get('/api/cases?limit=100'),
      user.get(`/api/cases?q=${encodeURIComponent(NAMES[key])}`),
    ]);
    expect(view.status).toBe(visible ? 200 : 404);
    expect(history.status).toBe(visible ? 200 : 404);
    const listed = (list.body.cases as { id: string; client: { name: string | null; masked: boolean } }[]).find((c) => c.id === caseIds[key]);
    expect(listed !== undefined).toBe(visible);
    // The list's search by the client's name (issue 18) finds the case where the list shows the name: seen and not protected.
    expect((search.body.cases as { id: string }[]).map((c) => c.id)).toEqual(visible && !PROTECTED.includes(key) ? [caseIds[key]] : []);
    // Refused or not, no event may be sent to a case one does not see: 404 whatever the event (existence is not told).
    if (!visible) {
      expect((await user.send(caseIds[key], 'AF_RESPONSE_RECORDED')).status).toBe(404);
      expect(JSON.stringify(view.body) + JSON.stringify(history.body)).not.toContain(NAMES[key]);
      return;
    }
    const isProtected = PROTECTED.includes(key);
    const showsName = !isProtected || SEES_PROTECTED_DATA.has(username);
    expect(view.body.client.name).toBe(showsName ? NAMES[key] : null);
    expect(view.body.client.masked).toBe(!showsName);
    // Lists mask a protected client for everyone, the responsible socialsekreterare and the samordnare too.
    expect(listed!.client.name).toBe(isProtected ? null : NAMES[key]);
    expect(listed!.client.masked).toBe(isProtected);
    if (isProtected) expect(JSON.stringify(list.body)).not.toContain(NAMES[key]);
    if (!showsName) {
      for (const body of [view.body, history.body, list.body]) expect(JSON.stringify(body)).not.toContain(NAMES[key]);
      expect(JSON.stringify(view.body)).not.toMatch(BIRTH_DIGITS);
    }
  });

  it('reads KC’s queue exactly as the table says, with no client data', async () => {
    const user = await app.as(username);
    const response = await user.get('/api/kc/queue');
    const expected = QUEUE[username];
    if (!expected) {
      expect(response.status).toBe(403);
      return;
    }
    expect(response.status).toBe(200);
    const queue = response.body.queue as Record<string, unknown>[];
    expect(queue.map((entry) => entry.id).sort()).toEqual(expected.map((key) => caseIds[key]).sort());
    for (const entry of queue) expect(Object.keys(entry).sort()).toEqual(['id', 'inskrivningAt', 'reference', 'scope', 'unit']);
    const text = JSON.stringify(response.body);
    for (const name of Object.values(NAMES)) expect(text).not.toContain(name);
    expect(text).not.toMatch(BIRTH_DIGITS);
  });

  it('[oenighet.samverkansfraga-list] reads the samverkansfrågor exactly as the table says: reference, topic, dates, no client data', async () => {
    const user = await app.as(username);
    const response = await user.get('/api/samverkansfragor');
    const expected = SAMVERKAN[username];
    if (!expected) {
      expect(response.status).toBe(403);
      expect(response.body.error.reason).toBe('samverkansfragor_only_managers');
      return;
    }
    expect(response.status).toBe(200);
    const entries = response.body.samverkansfragor as Record<string, unknown>[];
    expect(entries.map((entry) => entry.caseId).sort()).toEqual(expected.map((key) => caseIds[key]).sort());
    for (const entry of entries) expect(Object.keys(entry).sort()).toEqual(['caseId', 'disagreementId', 'raisedOn', 'reference', 'resolvedOn', 'topic', 'unit']);
    expect(entries.find((entry) => entry.caseId === caseIds.protectedSent)?.resolvedOn ?? null).toBe(expected.includes('protectedSent') ? '2026-01-15' : null);
    const text = JSON.stringify(response.body);
    for (const name of Object.values(NAMES)) expect(text).not.toContain(name);
    expect(text).not.toMatch(BIRTH_DIGITS);
    expect(text).not.toContain('Oenighet om');
  });

  it('reads the statistics exactly as the table says: the own unit’s referrals, KC’s, or 403; counts only, never a client', async () => {
    const user = await app.as(username);
    const path = '/api/statistics/anvisning?from=2026-01-01&to=2026-01-31&groupBy=kon,aldersgrupp';
    const response = await user.get(path);
    const expected = STATISTICS[username];
    if (!expected) {
      expect(response.status).toBe(403);
      expect(response.body.error.reason).toBe('statistics_not_allowed');
      return;
    }
    expect(response.status).toBe(200);
    expect(response.body.unit).toBe(expected.unit);
    // Threshold 5: fatima's 7 referrals and sven's 5 sent to KC show; gustav's one, and fatima's 4 decisions, do not.
    const january = (response.body.totals as { measures: Record<string, { value: number | null }> }[])[0]!.measures;
    expect([january.referralsCreated!.value, january.decisions!.value]).toEqual([expected.created, expected.decisions]);
    const text = JSON.stringify(response.body) + (await user.get(path).set('Accept', 'text/csv')).text;
    for (const name of Object.values(NAMES)) expect(text).not.toContain(name);
    expect(text).not.toMatch(BIRTH_DIGITS);
    for (const id of Object.values(caseIds)) expect(text).not.toContain(id);
    // By the bedömningsstöd's track: the unit's 1:e socialsekreterare only (KC never sees a bedömningsstöd).
    const byTrack = await user.get('/api/statistics/anvisning?from=2026-01-01&to=2026-01-31&groupBy=track');
    if (username === 'sven') {
      expect(byTrack.status).toBe(403);
      expect(byTrack.body.error.reason).toBe('statistics_track_not_for_kc');
    } else {
      expect(byTrack.status).toBe(200);
      expect((byTrack.body.rows as { group: { track: string } }[]).map((row) => row.group.track)).toEqual(['arbetsmarknad', 'rehab', 'bada', 'ingen']);
    }
  });

  it.each(ALL_CLIENTS)('reads client %s and its bedömningsstöd exactly as the tables say', async (key) => {
    const user = await app.as(username);
    const client = clients[key];
    const base = `/api/clients/${client.id}`;
    const seesClient = CLIENT_SEES[username].includes(key);
    const seesAssessment = ASSESSMENT_SEES[username].includes(key);

    const view = await user.get(base);
    expect(view.status, base).toBe(seesClient ? 200 : 404);
    if (seesClient) {
      const showsName = !PROTECTED.includes(key) || SEES_PROTECTED_DATA.has(username);
      expect(view.body.client).toMatchObject({ name: showsName ? NAMES[key] : null, masked: !showsName });
      expect(view.body.assessment === null).toBe(!seesAssessment);
      if (!showsName) expect(JSON.stringify(view.body)).not.toMatch(BIRTH_DIGITS);
    }
    if (!seesClient || !showsNameFor(username, key)) expect(JSON.stringify(view.body)).not.toContain(NAMES[key]);

    const assessmentPaths = ['/assessment', '/assessment/events', '/progression', '/import-sources?for=arbetsplan'];
    if (client.questionnaireId) assessmentPaths.push(`/questionnaires/${client.questionnaireId}`);
    if (client.arbetsplanId) assessmentPaths.push(`/arbetsplaner/${client.arbetsplanId}`);
    for (const path of assessmentPaths) {
      const response = await user.get(`${base}${path}`);
      expect(response.status, path).toBe(seesAssessment ? 200 : 404);
      if (!seesAssessment || !showsNameFor(username, key)) expect(JSON.stringify(response.body), path).not.toContain(NAMES[key]);
    }
    if (client.uppdragId) {
      const response = await user.get(`${base}/uppdragsbeskrivningar/${client.uppdragId}`);
      expect(response.status, 'uppdragsbeskrivning').toBe(UPPDRAG_SEES[username].includes(key) ? 200 : 404);
    }
  });

  it.each(ALL_CLIENTS)('reads client %s’s history, and makes its registerutdrag or corrects its name, exactly as the tables say', async (key) => {
    const user = await app.as(username);
    const base = `/api/clients/${clients[key].id}`;
    const seesClient = CLIENT_SEES[username].includes(key);
    const mayExercise = RIGHTS[username].includes(key);
    const history = await user.get(`${base}/history`);
    // The client record's history is the social services': KC, who sees the client through its referral, gets 403.
    const kc = KC_USERS.has(username);
    expect(history.status).toBe(seesClient ? (kc ? 403 : 200) : 404);
    if (seesClient && !kc) {
      expect(history.body.events[0]).toMatchObject({ type: 'CLIENT_REGISTERED', name: showsNameFor(username, key) ? NAMES[key] : null });
      // What the client page offers (the registerutdrag, "Rätta namn") is the same rule.
      expect(history.body.mayExerciseRights).toBe(mayExercise);
    }
    if (!seesClient || !showsNameFor(username, key)) expect(JSON.stringify(history.body)).not.toContain(NAMES[key]);

    const extract = await user.get(`${base}/registerutdrag`);
    expect(extract.status, JSON.stringify(extract.body)).toBe(mayExercise ? 200 : seesClient ? 403 : 404);
    if (mayExercise) expect(extract.body.client.name).toBe(NAMES[key]);
    else expect(JSON.stringify(extract.body)).not.toContain(NAMES[key]);
    // The same name again: whoever may correct it is told nothing changed (409); nothing is written either way.
    const correction = await user.post(`${base}/name-corrections`, { name: NAMES[key], reason: 'Kontroll.' });
    expect(correction.status).toBe(mayExercise ? 409 : seesClient ? 403 : 404);
    if (!mayExercise) expect(JSON.stringify(correction.body)).not.toContain(NAMES[key]);
  });

  it.each(ALL_CLIENTS)('finds client %s by personnummer only if she holds it; anyone else is told the unit to contact', async (key) => {
    const user = await app.as(username);
    const { personnummer, id } = clients[key];
    const holder = HOLDER[key];
    // Finding (or registering) with another name: never overwrites the stored one.
    const found = await user.post('/api/clients', { personnummer, name: 'Gissat Namn' });
    // Creating a referral for the client: refused to everyone but the holder (who already has one, or only an assessment).
    const created = holder.user === username && key === 'assessmentOnly' ? null : await user.createCase({ personnummer, name: 'Gissat Namn' });
    if (!SOCIALSEKRETERARE.has(username)) {
      expect(found.status).toBe(403);
      expect(created!.status).toBe(403);
    } else if (holder.user === username) {
      expect(found.status).toBe(200);
      expect(found.body.client.id).toBe(id);
      if (created) expect(created.status).toBe(409); // her active referral
    } else {
      for (const refused of [found, created!]) {
        expect(refused.status).toBe(403);
        expect(refused.body.error.details).toEqual({ heldBy: { unit: holder.unit } });
        expect(refused.body.error).toMatchObject({ reason: 'client_held_elsewhere', message: expect.stringContaining(holder.unit) });
      }
    }
    for (const response of [found, created]) {
      if (!response || (holder.user === username && SOCIALSEKRETERARE.has(username))) continue;
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(NAMES[key]);
      expect(text).not.toContain(id);
      expect(text).not.toMatch(/anna|maja|Andersson|KC-\d/);
    }
  });
});

describe('after every user tried every route', () => {
  it('left every client’s stored name and every case as it was', async () => {
    const rows = await app.database.prisma.client.findMany({ where: { id: { in: ALL_CLIENTS.map((key) => clients[key].id) } }, select: { id: true, name: true } });
    expect(Object.fromEntries(rows.map((row) => [row.id, row.name]))).toEqual(Object.fromEntries(ALL_CLIENTS.map((key) => [clients[key].id, NAMES[key]])));
    expect(await app.database.prisma.case.count({ where: { status: 'active' } })).toBe(ALL_CASES.length);
    // No find, create or refused correction wrote to a client's history: each has only its registration.
    const events = await app.database.prisma.clientEvent.findMany({ where: { clientId: { in: ALL_CLIENTS.map((key) => clients[key].id) } }, select: { type: true } });
    expect(events.map((event) => event.type)).toEqual(ALL_CLIENTS.map(() => 'CLIENT_REGISTERED'));
  });
});

function showsNameFor(username: Username, key: ClientKey): boolean {
  return !PROTECTED.includes(key) || SEES_PROTECTED_DATA.has(username);
}

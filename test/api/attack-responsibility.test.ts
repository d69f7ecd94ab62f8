/**
 * Attacking access that follows responsibility (issue 12) the way a curious or
 * malicious colleague with a valid login would, and with hostile input: another
 * unit's users against SF Nordost, KC's consultants against each other's
 * referrals, handovers named wrongly or raced, the client holder rule as an
 * oracle, and a protected identity through assignment and a handover between
 * units. Each test asserts the safe behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp } from '../support/jwks';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

let app: TestApp;
let serial = 0;

beforeAll(async () => {
  app = await startTestApp({ now: '2026-01-15T09:00:00Z' });
  // A third unit, so a transfer can go to a unit that is neither the sender's nor gustav's.
  await app.database.prisma.user.createMany({
    data: [
      { id: 'sigrid', username: 'sigrid', displayName: 'Sigrid Sydväst', role: 'forste_socialsekreterare', unit: 'SF Sydväst', email: 'sigrid@stegvis.local' },
      { id: 'siv', username: 'siv', displayName: 'Siv Sydväst', role: 'socialsekreterare', unit: 'SF Sydväst', email: 'siv@stegvis.local' },
    ],
  });
});

afterAll(async () => {
  await app?.close();
});

const TO_INSKRIVNING = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const;
type Step = (typeof TO_INSKRIVNING)[number];

const newPersonnummer = () => personnummerFor('1983-05-05', (serial += 1));

interface Referral {
  id: string;
  clientId: string;
  personnummer: string;
  name: string;
  uppdragId?: string;
  arbetsplanId?: string;
  questionnaireId?: string;
}

/**
 * A referral of `owner`'s, taken up to `upTo`; with `assessment`, the client's
 * bedömningsstöd too (an initial part, an arbetsplan and the uppdragsbeskrivning
 * sent with the uppdrag).
 */
async function referral(owner = 'anna', options: { protectedIdentity?: boolean; upTo?: Step | null; assessment?: boolean; name?: string } = {}): Promise<Referral> {
  const user = await app.as(owner);
  const name = options.name ?? 'Olof Oskyddad';
  const created = await user.createCase({ personnummer: newPersonnummer(), name, protectedIdentity: options.protectedIdentity ?? false });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const result: Referral = { id: created.body.id, clientId: created.body.client.id, personnummer: created.body.client.personnummer, name };
  const upTo = options.upTo === undefined ? 'INSKRIVNING_BOOKED' : options.upTo;
  if (options.protectedIdentity) await user.step(result.id, 'KC_SAMORDNARE_CONSULTED');
  const steps = upTo === null ? [] : TO_INSKRIVNING.slice(0, TO_INSKRIVNING.indexOf(upTo) + 1);
  const assess = (body: object) => user.post(`/api/clients/${result.clientId}/assessment/events`, body);
  for (const type of steps) {
    if (type === 'UPPDRAG_SENT' && options.assessment) {
      const started = await assess({ type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      result.questionnaireId = (started.body.questionnaires as { id: string }[])[0]!.id;
      const plan = await assess({ type: 'ARBETSPLAN_CREATED' });
      result.arbetsplanId = (plan.body.documents as { id: string; kind: string }[]).find((d) => d.kind === 'arbetsplan')!.id;
      const made = await assess({ type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: result.id });
      result.uppdragId = (made.body.documents as { id: string; kind: string }[]).find((d) => d.kind === 'uppdragsbeskrivning')!.id;
      const content = { arbetslivserfarenhet: 'Lager.', kompetens: 'Gymnasium.', halsa: 'God.', behovAvInsats: 'Jobbsök.', egenBedomning: 'Redo.' };
      expect((await assess({ type: 'UPPDRAGSBESKRIVNING_REVISED', documentId: result.uppdragId, content })).status).toBe(200);
    }
    await user.step(result.id, type);
  }
  return result;
}

/** Every read route about one referral and its client, as `user` sees it: status per route. */
async function readStatuses(user: UserSession, kase: Referral) {
  const client = `/api/clients/${kase.clientId}`;
  const paths = [
    `/api/cases/${kase.id}`,
    `/api/cases/${kase.id}/events`,
    `/api/ui/cases/${kase.id}/guide`,
    client,
    `${client}/assessment`,
    `${client}/assessment/events`,
    `${client}/progression`,
    `${client}/import-sources?for=arbetsplan`,
    ...(kase.questionnaireId ? [`${client}/questionnaires/${kase.questionnaireId}`] : []),
    ...(kase.arbetsplanId ? [`${client}/arbetsplaner/${kase.arbetsplanId}`] : []),
    ...(kase.uppdragId ? [`${client}/uppdragsbeskrivningar/${kase.uppdragId}`] : []),
  ];
  const statuses: Record<string, number> = {};
  for (const path of paths) statuses[path.replace(kase.id, ':case').replace(kase.clientId, ':client')] = (await user.get(path)).status;
  return statuses;
}

function allNotFound(statuses: Record<string, number>) {
  for (const [path, status] of Object.entries(statuses)) expect(status, path).toBe(404);
}

const caseIds = async (user: UserSession, query = '') => ((await user.get(`/api/cases${query}`)).body.cases as { id: string }[]).map((c) => c.id);
const deadlineCaseIds = async (user: UserSession, query = 'mine=false') =>
  ((await user.get(`/api/deadlines?${query}`)).body.deadlines as { case: { id: string } }[]).map((d) => d.case.id);
const assessmentEvent = (user: UserSession, clientId: string, body: object) => user.post(`/api/clients/${clientId}/assessment/events`, body);

describe('another unit (SF Hisingen) against SF Nordost', () => {
  it('bo reads, writes and lists nothing of anna’s referral, client, assessment, documents and questionnaires', async () => {
    const kase = await referral('anna', { assessment: true });
    const bo = await app.as('bo');
    allNotFound(await readStatuses(bo, kase));
    expect((await bo.send(kase.id, 'INSKRIVNING_HELD')).status).toBe(404);
    expect((await bo.send(kase.id, 'REFERRAL_WITHDRAWN')).status).toBe(404);
    expect((await assessmentEvent(bo, kase.clientId, { type: 'ARBETSPLAN_CREATED' })).status).toBe(404);
    expect((await assessmentEvent(bo, kase.clientId, { type: 'QUESTIONNAIRE_SAVED', questionnaireId: kase.questionnaireId, answers: {} })).status).toBe(404);
    expect(await caseIds(bo)).not.toContain(kase.id);
    expect(await deadlineCaseIds(bo)).not.toContain(kase.id);
    expect((await bo.get('/api/kc/queue')).status).toBe(403);
    expect((await bo.get('/api/colleagues?role=socialsekreterare')).status).toBe(403);
    expect((await bo.get(`/api/audit?caseId=${kase.id}`)).status).toBe(403);
  });

  it('gustav (1:e at SF Hisingen) reads nothing, sends nothing, audits nothing of SF Nordost and lists none of its staff', async () => {
    const kase = await referral('anna', { assessment: true });
    const anna = await app.as('anna');
    await anna.step(kase.id, 'DISAGREEMENT_RAISED');
    const gustav = await app.as('gustav');
    allNotFound(await readStatuses(gustav, kase));
    for (const type of ['DISAGREEMENT_POSITION_RECORDED', 'DISAGREEMENT_RESOLVED', 'TRANSFER_ACCEPTED', 'TRANSFER_CANCELLED', 'RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED'] as const) {
      expect((await gustav.send(kase.id, type, type === 'TRANSFER_REQUESTED' ? { toUnit: 'SF Sydväst' } : {})).status, type).toBe(404);
    }
    for (const body of [{ type: 'RESPONSIBLE_CHANGED', toUserId: 'bo', reason: 'x' }, { type: 'TRANSFER_ACCEPTED', toUserId: 'bo' }, { type: 'TRANSFER_REQUESTED', toUnit: 'SF Hisingen', reason: 'x' }]) {
      expect((await assessmentEvent(gustav, kase.clientId, body)).status, body.type).toBe(404);
    }
    expect(await caseIds(gustav)).not.toContain(kase.id);
    expect(await deadlineCaseIds(gustav)).not.toContain(kase.id);
    expect((await gustav.get(`/api/audit?caseId=${kase.id}`)).status).toBe(404);
    expect((await gustav.get(`/api/audit?clientId=${kase.clientId}`)).status).toBe(404);
    expect((await gustav.get('/api/audit?userId=anna')).status).toBe(403);
    expect((await gustav.get('/api/audit?userId=nobody-at-all')).status).toBe(403);
    expect((await gustav.get('/api/colleagues?role=socialsekreterare&unit=SF%20Nordost')).status).toBe(403);
    const own = await gustav.get('/api/colleagues?role=socialsekreterare');
    expect((own.body.users as { id: string }[]).map((u) => u.id)).toEqual(['bo']);
    expect((await gustav.get('/api/colleagues?role=arbetsmarknadskonsulent')).status).toBe(403);
    expect((await gustav.get('/api/kc/queue')).status).toBe(403);
  });

  it('fatima’s audit of her unit’s case or user names no case of another unit', async () => {
    const ours = await referral('anna', { upTo: 'SSBTEK_INFO_RECORDED' });
    const theirs = await referral('bo', { upTo: 'SSBTEK_INFO_RECORDED' });
    const bo = await app.as('bo');
    // Bo tries the Nordost case; his own case is read in the same minute.
    expect((await bo.get(`/api/cases/${ours.id}`)).status).toBe(404);
    expect((await bo.get(`/api/cases/${theirs.id}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fatima = await app.as('fatima');
    const audit = await fatima.get(`/api/audit?caseId=${ours.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toContainEqual(expect.objectContaining({ userId: 'bo', status: 404 }));
    expect(JSON.stringify(audit.body)).not.toContain(theirs.id);
    expect(JSON.stringify(audit.body)).not.toContain(theirs.clientId);
    expect((await fatima.get(`/api/audit?caseId=${theirs.id}`)).status).toBe(404);
    expect((await fatima.get('/api/audit?userId=bo')).status).toBe(403);
  });
});

describe('KC: one consultant against another’s referral', () => {
  it('kim reads, writes and lists nothing of a referral assigned to kalle, and gets none of its deadlines or invitations', async () => {
    const kase = await referral('anna', { assessment: true });
    const [kalle, kim, sven] = [await app.as('kalle'), await app.as('kim'), await app.as('sven')];
    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    // kalle sees the referral, its client page and the uppdragsbeskrivning sent with it (not the assessment).
    const asKalle = await readStatuses(kalle, kase);
    expect(asKalle['/api/cases/:case']).toBe(200);
    expect(asKalle['/api/clients/:client']).toBe(200);
    expect(asKalle[`/api/clients/:client/uppdragsbeskrivningar/${kase.uppdragId}`]).toBe(200);
    expect(asKalle['/api/clients/:client/assessment']).toBe(404);
    expect(asKalle[`/api/clients/:client/arbetsplaner/${kase.arbetsplanId}`]).toBe(404);
    expect(asKalle[`/api/clients/:client/questionnaires/${kase.questionnaireId}`]).toBe(404);

    allNotFound(await readStatuses(kim, kase));
    for (const type of ['INSKRIVNING_HELD', 'UPPDRAG_REVIEWED', 'INSKRIVNING_MISSED', 'DISAGREEMENT_RAISED', 'CLOSING_ANNOUNCED'] as const) {
      expect((await kim.send(kase.id, type)).status, type).toBe(404);
    }
    expect((await kim.send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' })).status).toBe(404);
    expect(await caseIds(kim)).not.toContain(kase.id);
    expect(await deadlineCaseIds(kim)).not.toContain(kase.id);
    expect((await kim.get('/api/kc/queue')).body.queue).not.toContainEqual(expect.objectContaining({ id: kase.id }));
    // A new meeting goes to kalle, not kim.
    await kalle.step(kase.id, 'INSKRIVNING_RESCHEDULED', { at: '2026-02-17T09:00:00+01:00' });
    const recipients = await app.database.prisma.notification.findMany({ where: { caseId: kase.id }, select: { recipientUserId: true } });
    expect(recipients.map((r) => r.recipientUserId)).not.toContain('kim');
    await (await app.as('fatima')).post('/api/dev/scheduler/run');
    const outbox = await kim.get('/api/outbox');
    const reference = (await kalle.get(`/api/cases/${kase.id}`)).body.reference as string;
    expect(JSON.stringify(outbox.body)).not.toContain(reference);
  });

  it('kalle cannot hand a referral he has to kim, nor take one already assigned, nor a protected one from the queue', async () => {
    const kase = await referral('anna');
    const [kalle, kim, sven] = [await app.as('kalle'), await app.as('kim'), await app.as('sven')];
    await kalle.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    expect((await kalle.send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' })).status).toBe(409);
    expect((await kim.send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' })).status).toBe(404);
    expect((await sven.get(`/api/cases/${kase.id}`)).body.process).not.toHaveProperty('kcConsultantId');

    const hidden = await referral('anna', { protectedIdentity: true });
    expect((await kalle.send(hidden.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' })).status).toBe(404);
    expect((await kalle.send(hidden.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' })).status).toBe(404);
    expect((await kalle.get(`/api/cases/${hidden.id}`)).status).toBe(404);
    // Nor with an Idempotency-Key or If-Match that would make a different answer.
    const keyed = await kalle.post(`/api/cases/${hidden.id}/events`, { type: 'KC_CONSULTANT_ASSIGNED', consultantId: 'kalle' }).set('Idempotency-Key', 'take-protected').set('If-Match', '"1"');
    expect(keyed.status).toBe(404);
  });

  it('one user’s ETag never gets another user a 304, and every answer of the new routes is no-store', async () => {
    const kase = await referral('anna');
    const [kalle, sven, kim] = [await app.as('kalle'), await app.as('sven'), await app.as('kim')];
    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    const asKalle = await kalle.get(`/api/cases/${kase.id}`);
    const etag = asKalle.headers.etag as string;
    expect(etag).toMatch(/^"\d+-[0-9a-f]{16}"$/);
    expect((await kalle.get(`/api/cases/${kase.id}`).set('If-None-Match', etag)).status).toBe(304);
    const asSven = await sven.get(`/api/cases/${kase.id}`).set('If-None-Match', etag);
    expect(asSven.status).toBe(200);
    expect(asSven.body.id).toBe(kase.id);
    for (const response of [
      asKalle,
      await kim.get(`/api/cases/${kase.id}`),
      await kim.get('/api/kc/queue'),
      await (await app.as('anna')).get('/api/kc/queue'),
      await (await app.as('fatima')).get('/api/colleagues?role=socialsekreterare'),
      await kim.get('/api/colleagues?role=arbetsmarknadskonsulent'),
      await (await app.as('fatima')).send(kase.id, 'RESPONSIBLE_CHANGED', { toUserId: 'bo' }),
    ]) {
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('KC’s queue holds reference, unit, inskrivning and scope only, whatever the query string asks for', async () => {
    const kase = await referral('anna', { name: 'Kö Klientsson' });
    const kalle = await app.as('kalle');
    for (const query of ['', '?include=client', '?status=avslutad&limit=100000', '?consultantId=kim', '?__proto__[x]=1', '?protectedIdentity=true']) {
      const response = await kalle.get(`/api/kc/queue${query}`);
      expect([200, 400], query).toContain(response.status);
      if (response.status !== 200) continue;
      for (const entry of response.body.queue as Record<string, unknown>[]) {
        expect(Object.keys(entry).sort(), query).toEqual(['id', 'inskrivningAt', 'reference', 'scope', 'unit']);
      }
      expect(JSON.stringify(response.body)).not.toContain('Klientsson');
      expect(JSON.stringify(response.body)).not.toContain(kase.personnummer.slice(0, 8));
      expect(JSON.stringify(response.body)).not.toContain(kase.clientId);
    }
    // The queue read is in the access log with the cases listed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const logged = await app.database.prisma.accessLog.findFirst({ where: { userId: 'kalle', resource: 'kc.queue' }, orderBy: { id: 'desc' } });
    expect(logged?.caseIds).toContain(kase.id);
  });

  it('a former consultant, after the samordnare reassigns, reads nothing, writes nothing and keeps no deadline or pending invitation', async () => {
    const kase = await referral('anna', { assessment: true });
    const [kalle, kim, sven] = [await app.as('kalle'), await app.as('kim'), await app.as('sven')];
    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await kalle.step(kase.id, 'INSKRIVNING_RESCHEDULED', { at: '2026-02-17T09:00:00+01:00' });
    const send = () => kalle.post(`/api/cases/${kase.id}/events`, { type: 'UPPDRAG_REVIEWED' }).set('Idempotency-Key', 'kalle-review');
    expect((await send()).status).toBe(200);
    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' });

    allNotFound(await readStatuses(kalle, kase));
    expect((await send()).status).toBe(404);
    expect((await kalle.send(kase.id, 'INSKRIVNING_HELD')).status).toBe(404);
    expect((await kalle.send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' })).status).toBe(404);
    expect(await caseIds(kalle)).not.toContain(kase.id);
    expect(await deadlineCaseIds(kalle)).not.toContain(kase.id);
    const pending = await app.database.prisma.notification.count({ where: { caseId: kase.id, recipientUserId: 'kalle', status: 'pending' } });
    expect(pending).toBe(0);
    expect((await kim.get(`/api/cases/${kase.id}`)).status).toBe(200);
  });
});

describe('handovers', () => {
  it('a socialsekreterare cannot hand over her own referral or assessment, in any of the four ways', async () => {
    const kase = await referral('anna', { assessment: true });
    const anna = await app.as('anna');
    const bodies = [
      { type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: 'x' },
      { type: 'TRANSFER_REQUESTED', toUnit: 'SF Hisingen', reason: 'x' },
      { type: 'TRANSFER_ACCEPTED', toUserId: 'maja' },
      { type: 'TRANSFER_CANCELLED', reason: 'x' },
    ];
    for (const body of bodies) {
      expect((await anna.post(`/api/cases/${kase.id}/events`, body)).status, body.type).toBe(403);
      expect((await assessmentEvent(anna, kase.clientId, body)).status, body.type).toBe(403);
    }
    expect((await anna.get(`/api/cases/${kase.id}`)).body.responsible.id).toBe('anna');
  });

  it('fatima can name only a socialsekreterare of her own unit: not another unit’s, a consultant, a 1:e, system, herself or an unknown id', async () => {
    const kase = await referral('anna', { upTo: 'AF_NOTIFIED', assessment: false });
    const fatima = await app.as('fatima');
    const registered = await (await app.as('anna')).post('/api/clients', { personnummer: kase.personnummer, name: kase.name });
    expect(registered.status).toBe(200);
    expect((await assessmentEvent(await app.as('anna'), kase.clientId, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' })).status).toBe(200);
    const targets: unknown[] = ['bo', 'siv', 'kalle', 'sven', 'gustav', 'fatima', 'system', 'SYSTEM', 'nobody', 'anna', ' maja', 'maja ', 'Maja', 'MAJA'];
    for (const toUserId of targets) {
      const onCase = await fatima.send(kase.id, 'RESPONSIBLE_CHANGED', { toUserId: toUserId as string });
      const onAssessment = await assessmentEvent(fatima, kase.clientId, { type: 'RESPONSIBLE_CHANGED', toUserId, reason: 'x' });
      // ' maja' and 'maja ' are trimmed to maja (a real socialsekreterare of the unit): fine. Anything else: 400.
      if (typeof toUserId === 'string' && toUserId.trim() === 'maja') continue;
      expect(onCase.status, `case → ${String(toUserId)}`).toBe(400);
      expect(onAssessment.status, `assessment → ${String(toUserId)}`).toBe(400);
    }
    for (const toUserId of [['maja'], { id: 'maja' }, 7, null, true, '', 'maja\u0000', 'ma\nja', 'x'.repeat(201)]) {
      expect((await fatima.post(`/api/cases/${kase.id}/events`, { type: 'RESPONSIBLE_CHANGED', toUserId, reason: 'x' })).status, JSON.stringify(toUserId)).toBe(400);
      expect((await assessmentEvent(fatima, kase.clientId, { type: 'RESPONSIBLE_CHANGED', toUserId, reason: 'x' })).status, JSON.stringify(toUserId)).toBe(400);
    }
    const history = (await fatima.get(`/api/cases/${kase.id}/events`)).body.events as { type: string; payload: { toUserId?: string } }[];
    const handedTo = history.filter((e) => e.type === 'RESPONSIBLE_CHANGED').map((e) => e.payload.toUserId);
    expect(new Set(handedTo)).toEqual(new Set(['maja']));
  });

  it('a transfer can go only to another unit with a 1:e socialsekreterare: not KC, not the same unit however spelt', async () => {
    const kase = await referral('anna', { upTo: 'AF_NOTIFIED' });
    const fatima = await app.as('fatima');
    for (const toUnit of ['KC', 'Stegvis', 'SF Atlantis', 'sf hisingen', 'SF  Hisingen', 'SF Hisingen\u0000', 'SF\u00a0Hisingen', '']) {
      expect((await fatima.send(kase.id, 'TRANSFER_REQUESTED', { toUnit })).status, JSON.stringify(toUnit)).toBe(400);
    }
    for (const toUnit of ['SF Nordost', ' SF Nordost ', '\u00a0SF Nordost']) {
      expect([400, 409], JSON.stringify(toUnit)).toContain((await fatima.send(kase.id, 'TRANSFER_REQUESTED', { toUnit })).status);
    }
    for (const toUnit of [['SF Hisingen'], { name: 'SF Hisingen' }, 1, null]) {
      expect((await fatima.post(`/api/cases/${kase.id}/events`, { type: 'TRANSFER_REQUESTED', toUnit, reason: 'x' })).status, JSON.stringify(toUnit)).toBe(400);
    }
    const view = await fatima.get(`/api/cases/${kase.id}`);
    expect(view.body.allowedEvents).toContain('TRANSFER_REQUESTED');
    expect(view.body.allowedEvents).not.toContain('TRANSFER_CANCELLED');
  });

  it('gustav cannot accept, cancel or see a transfer addressed to another unit', async () => {
    const kase = await referral('anna', { upTo: 'AF_NOTIFIED' });
    const [fatima, gustav, sigrid] = [await app.as('fatima'), await app.as('gustav'), await app.as('sigrid')];
    await fatima.step(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Sydväst', reason: 'Flytt till Sydväst.' });
    expect((await gustav.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect((await gustav.send(kase.id, 'TRANSFER_ACCEPTED', { toUserId: 'bo' })).status).toBe(404);
    expect((await gustav.send(kase.id, 'TRANSFER_CANCELLED')).status).toBe(404);
    // Sigrid may name only her own unit's socialsekreterare.
    expect((await sigrid.send(kase.id, 'TRANSFER_ACCEPTED', { toUserId: 'bo' })).status).toBe(400);
    expect((await sigrid.send(kase.id, 'TRANSFER_ACCEPTED', { toUserId: 'anna' })).status).toBe(400);
    const accepted = await sigrid.step(kase.id, 'TRANSFER_ACCEPTED', { toUserId: 'siv' });
    expect(accepted.responsible).toMatchObject({ id: 'siv', unit: 'SF Sydväst' });
    expect((await fatima.get(`/api/cases/${kase.id}`)).status).toBe(404);
  });

  it('the receiving 1:e, before accepting, may accept or decline and nothing else; sees no assessment, document or protected name', async () => {
    const kase = await referral('anna', { protectedIdentity: true, assessment: true, name: 'Skyddade Sune' });
    const [anna, fatima, gustav] = [await app.as('anna'), await app.as('fatima'), await app.as('gustav')];
    await anna.step(kase.id, 'DISAGREEMENT_RAISED');
    await fatima.step(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Hisingen', reason: 'Klienten har flyttat.' });

    const view = await gustav.get(`/api/cases/${kase.id}`);
    expect(view.status).toBe(200);
    expect(view.body.allowedEvents).toEqual(['TRANSFER_ACCEPTED', 'TRANSFER_CANCELLED']);
    expect(view.body.client).toMatchObject({ masked: true, name: null, personnummer: null });
    // An open disagreement is the sending unit's 1:e's (position, decision) until the referral is accepted.
    expect((await gustav.send(kase.id, 'DISAGREEMENT_POSITION_RECORDED')).status).toBe(409);
    expect((await gustav.send(kase.id, 'DISAGREEMENT_RESOLVED')).status).toBe(409);
    expect((await gustav.send(kase.id, 'RESPONSIBLE_CHANGED', { toUserId: 'bo' })).status).toBe(409);
    expect((await gustav.send(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Sydväst' })).status).toBe(409);
    const disagreements = (await fatima.get(`/api/cases/${kase.id}`)).body.process.disagreements as { resolved: unknown }[];
    expect(disagreements.map((disagreement) => disagreement.resolved)).toEqual([null]);

    // The client page: masked, no assessment (only the referral is being transferred), no documents.
    const client = await gustav.get(`/api/clients/${kase.clientId}`);
    expect(client.status).toBe(200);
    expect(client.body.client).toMatchObject({ masked: true, name: null, personnummer: null });
    expect(client.body.assessment).toBeNull();
    expect(JSON.stringify(client.body)).not.toContain('Sune');
    for (const path of ['assessment', 'assessment/events', 'progression', `questionnaires/${kase.questionnaireId}`, `arbetsplaner/${kase.arbetsplanId}`, `uppdragsbeskrivningar/${kase.uppdragId}`]) {
      expect((await gustav.get(`/api/clients/${kase.clientId}/${path}`)).status, path).toBe(404);
    }
    // Not in his audit either, until it is his unit's.
    expect((await gustav.get(`/api/audit?caseId=${kase.id}`)).status).toBe(404);
    const history = await gustav.get(`/api/cases/${kase.id}/events`);
    expect(JSON.stringify(history.body)).not.toContain('Sune');
    expect(JSON.stringify(history.body)).not.toContain(kase.personnummer.slice(0, 8));
    // And the overdue-deadline list, which may hold the case while pending, masks the client.
    expect(JSON.stringify((await gustav.get('/api/deadlines?mine=false')).body)).not.toContain('Sune');
    // Once accepted, the disagreement is his unit's to decide.
    await gustav.step(kase.id, 'TRANSFER_ACCEPTED', { toUserId: 'bo' });
    await gustav.step(kase.id, 'DISAGREEMENT_POSITION_RECORDED');
    await (await app.as('sven')).step(kase.id, 'DISAGREEMENT_POSITION_RECORDED');
    const resolved = (await gustav.step(kase.id, 'DISAGREEMENT_RESOLVED')).process as { disagreements: { resolved: unknown }[] };
    expect(resolved.disagreements[0]!.resolved).not.toBeNull();
  });

  it('a transfer still pending when the referral ends gives the receiving unit nothing: the ended referral stays with the sending unit', async () => {
    const kase = await referral('anna', { upTo: 'AF_NOTIFIED' });
    const [anna, fatima, gustav] = [await app.as('anna'), await app.as('fatima'), await app.as('gustav')];
    await fatima.step(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Hisingen', reason: 'Flytt.' });
    expect((await gustav.get(`/api/cases/${kase.id}`)).status).toBe(200);
    const ended = await anna.step(kase.id, 'REFERRAL_WITHDRAWN');
    expect(ended.status).toBe('avbruten');
    expect((await gustav.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect((await gustav.get(`/api/cases/${kase.id}/events`)).status).toBe(404);
    expect((await gustav.get(`/api/clients/${kase.clientId}`)).status).toBe(404);
    expect(await caseIds(gustav, '?status=avbruten')).not.toContain(kase.id);
    expect((await fatima.get(`/api/cases/${kase.id}`)).status).toBe(200);
    expect((await anna.get(`/api/cases/${kase.id}`)).status).toBe(200);
  });

  it('anna, after her referral and assessment are handed to maja, reads, writes and lists nothing of them', async () => {
    const kase = await referral('anna', { assessment: true });
    const [anna, maja, fatima, sven] = [await app.as('anna'), await app.as('maja'), await app.as('fatima'), await app.as('sven')];
    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    const keyed = () => anna.post(`/api/cases/${kase.id}/events`, { type: 'AF_RESPONSE_RECORDED', summary: 'Svar.' }).set('Idempotency-Key', 'anna-af');
    expect((await keyed()).status).toBe(200);
    await fatima.step(kase.id, 'RESPONSIBLE_CHANGED', { toUserId: 'maja', reason: 'Anna har slutat.' });
    expect((await assessmentEvent(fatima, kase.clientId, { type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: 'Anna har slutat.' })).status).toBe(200);

    allNotFound(await readStatuses(anna, kase));
    expect((await keyed()).status).toBe(404);
    expect((await anna.send(kase.id, 'INSKRIVNING_HELD')).status).toBe(404);
    expect((await anna.send(kase.id, 'REFERRAL_WITHDRAWN')).status).toBe(404);
    expect((await assessmentEvent(anna, kase.clientId, { type: 'ARBETSPLAN_CREATED' })).status).toBe(404);
    expect(await caseIds(anna)).not.toContain(kase.id);
    expect(await deadlineCaseIds(anna)).not.toContain(kase.id);
    expect(await app.database.prisma.notification.count({ where: { caseId: kase.id, recipientUserId: 'anna', status: 'pending' } })).toBe(0);
    // Her own client is no longer hers: a new referral or registration for the client is refused, naming the unit.
    const again = await anna.createCase({ personnummer: kase.personnummer, name: kase.name });
    expect(again.status).toBe(403);
    expect((await anna.post('/api/clients', { personnummer: kase.personnummer, name: kase.name })).status).toBe(403);
    expect((await maja.get(`/api/cases/${kase.id}`)).status).toBe(200);
    expect((await maja.get(`/api/clients/${kase.clientId}/assessment`)).status).toBe(200);
  });

  it('two handovers at once: one wins, the other is refused, the history has one of each', async () => {
    const kase = await referral('anna', { upTo: 'AF_NOTIFIED' });
    const fatima = await app.as('fatima');
    const twice = await Promise.all([
      fatima.send(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Hisingen' }),
      fatima.send(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Sydväst' }),
    ]);
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    const pendingUnit = (await app.database.prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).pendingTransferUnit;
    const [gustav, sigrid] = [await app.as('gustav'), await app.as('sigrid')];
    const accepts = await Promise.all([gustav.send(kase.id, 'TRANSFER_ACCEPTED', { toUserId: 'bo' }), sigrid.send(kase.id, 'TRANSFER_ACCEPTED', { toUserId: 'siv' })]);
    expect(accepts.filter((r) => r.status === 200)).toHaveLength(1);
    const after = await app.database.prisma.case.findUniqueOrThrow({ where: { id: kase.id } });
    expect(after.unit).toBe(pendingUnit);
    expect(after.pendingTransferUnit).toBeNull();

    const second = await referral('anna', { upTo: 'AF_NOTIFIED' });
    const both = await Promise.all([
      fatima.send(second.id, 'RESPONSIBLE_CHANGED', { toUserId: 'maja', reason: 'a' }),
      fatima.send(second.id, 'RESPONSIBLE_CHANGED', { toUserId: 'maja', reason: 'b' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    const events = (await fatima.get(`/api/cases/${second.id}/events`)).body.events as { type: string }[];
    expect(events.filter((e) => e.type === 'RESPONSIBLE_CHANGED')).toHaveLength(1);
  });
});

describe('the client holder rule is no oracle', () => {
  it('another unit’s socialsekreterare gets the same answer for a protected and an unprotected client: only the unit to contact', async () => {
    const open = await referral('anna', { upTo: 'SSBTEK_INFO_RECORDED', name: 'Öppen Östen' });
    const hidden = await referral('anna', { upTo: 'SSBTEK_INFO_RECORDED', protectedIdentity: true, name: 'Dold Dagny' });
    const bo = await app.as('bo');
    const strip = (body: unknown) => JSON.stringify(body);
    for (const path of ['/api/clients', '/api/cases'] as const) {
      const ask = (kase: Referral, extra: object = {}) =>
        path === '/api/clients' ? bo.post(path, { personnummer: kase.personnummer, name: 'Gissat Namn', ...extra }) : bo.createCase({ personnummer: kase.personnummer, name: 'Gissat Namn', ...extra });
      const [a, b] = [await ask(open), await ask(hidden)];
      expect([a.status, b.status], path).toEqual([403, 403]);
      expect(strip(a.body), path).toBe(strip(b.body));
      expect(strip(a.body)).toContain('SF Nordost');
      expect(strip(b.body)).not.toMatch(/Dagny|Dold|protected|skydd|anna|KC-\d|[0-9a-f]{8}-[0-9a-f]{4}/i);
      // Marking the client protected does not help either.
      const [c, d] = [await ask(open, { protectedIdentity: true }), await ask(hidden, { protectedIdentity: true })];
      expect(strip(c.body)).toBe(strip(d.body));
      expect(c.status).toBe(403);
    }
    expect((await app.database.prisma.client.findUniqueOrThrow({ where: { id: open.clientId } })).protectedIdentity).toBe(false);
    // The first assessment step, for someone who learnt the client id, says the same.
    const [x, y] = [
      await assessmentEvent(bo, open.clientId, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' }),
      await assessmentEvent(bo, hidden.clientId, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' }),
    ];
    expect([x.status, y.status]).toEqual([403, 403]);
    expect(strip(x.body)).toBe(strip(y.body));
  });

  it('two units taking up one unheld client at the same moment: one gets it, the other is told whom to contact', async () => {
    const [anna, bo] = [await app.as('anna'), await app.as('bo')];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const personnummer = newPersonnummer();
      const registered = await anna.post('/api/clients', { personnummer, name: 'Samtidig Sam' });
      expect(registered.status).toBe(201);
      const clientId = registered.body.client.id as string;
      const [assessment, created] = await Promise.all([
        assessmentEvent(anna, clientId, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' }),
        bo.createCase({ personnummer, name: 'Samtidig Sam' }),
      ]);
      // Exactly one hold: anna's assessment or bo's referral, never both (PostgreSQL runs these at once).
      expect([assessment.status, created.status].sort(), `attempt ${attempt}`).toEqual(assessment.status === 200 ? [200, 403] : [201, 403]);
      const holds = (await app.database.prisma.case.count({ where: { clientId, status: 'active' } })) + (await app.database.prisma.assessment.count({ where: { clientId } }));
      expect(holds).toBe(1);
    }
  });

  it('roles that may not look a client up are refused before the look-up: the same answer for a client and a stranger', async () => {
    const kase = await referral('anna', { upTo: 'SSBTEK_INFO_RECORDED', protectedIdentity: true });
    for (const username of ['fatima', 'gustav', 'kalle', 'sven']) {
      const user = await app.as(username);
      for (const path of ['/api/clients', '/api/cases']) {
        const body = (personnummer: string) => (path === '/api/clients' ? { personnummer, name: 'X' } : { client: { personnummer, name: 'X' } });
        const [known, stranger] = [await user.post(path, body(kase.personnummer)), await user.post(path, body(newPersonnummer()))];
        expect(known.status, `${username} ${path}`).toBe(403);
        expect(JSON.stringify(known.body)).toBe(JSON.stringify(stranger.body));
      }
    }
  });

  it('a client held by the same unit’s colleague is refused like any other: no reference, no person, no protection flag', async () => {
    const kase = await referral('anna', { upTo: 'SSBTEK_INFO_RECORDED', protectedIdentity: true, name: 'Dold Doris' });
    const maja = await app.as('maja');
    for (const response of [await maja.createCase({ personnummer: kase.personnummer, name: 'x' }), await maja.post('/api/clients', { personnummer: kase.personnummer, name: 'x' })]) {
      expect(response.status).toBe(403);
      expect(JSON.stringify(response.body)).not.toMatch(/Doris|anna|Andersson|KC-\d|protected/i);
    }
  });

  it('the refused look-up is logged with the client for the holder’s loggkontroll, and the log line holds no personnummer', async () => {
    const kase = await referral('anna', { upTo: 'SSBTEK_INFO_RECORDED', assessment: false });
    expect((await assessmentEvent(await app.as('anna'), kase.clientId, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' })).status).toBe(200);
    const bo = await app.as('bo');
    expect((await bo.post('/api/clients', { personnummer: kase.personnummer, name: 'x' })).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const audit = await (await app.as('fatima')).get(`/api/audit?clientId=${kase.clientId}`);
    expect(audit.body.entries).toContainEqual(expect.objectContaining({ userId: 'bo', status: 403, route: '/api/clients' }));
    const digits = kase.personnummer.replace('-', '');
    expect(app.logLines.filter((line) => line.includes(digits) || line.includes(kase.personnummer) || line.includes(digits.slice(2)))).toEqual([]);
  });
});

describe('hostile input on the new and changed routes', () => {
  const raw = (user: UserSession, path: string, json: string) => user.post(path).set('Content-Type', 'application/json').send(json);

  it('refuses prototype-pollution keys, unknown fields and arrays where strings belong, and pollutes nothing', async () => {
    const kase = await referral('anna', { upTo: 'AF_NOTIFIED' });
    const [fatima, sven] = [await app.as('fatima'), await app.as('sven')];
    const anna = await app.as('anna');
    const bodies = [
      '{"type":"RESPONSIBLE_CHANGED","toUserId":"maja","reason":"x","__proto__":{"polluted":true}}',
      '{"type":"RESPONSIBLE_CHANGED","toUserId":"maja","reason":"x","constructor":{"prototype":{"polluted":true}}}',
      '{"type":"RESPONSIBLE_CHANGED","__proto__":{"toUserId":"maja","reason":"x"}}',
      '{"type":"TRANSFER_REQUESTED","toUnit":"SF Hisingen","reason":"x","unit":"SF Nordost"}',
      '{"type":"TRANSFER_REQUESTED","toUnit":"SF Hisingen","reason":"x","meta":{"unit":"SF Hisingen","role":"system","actorId":"system"}}',
      '{"type":["RESPONSIBLE_CHANGED"],"toUserId":"maja","reason":"x"}',
      '{"type":"RESPONSIBLE_CHANGED","toUserId":"maja","reason":["x"]}',
      '{"type":"RESPONSIBLE_CHANGED","toUserId":"maja","reason":{"toString":"x"}}',
      '{"type":"__proto__"}',
      '{"type":"constructor"}',
      '{"type":"toString"}',
      '{"type":"hasOwnProperty"}',
    ];
    for (const body of bodies) {
      const response = await raw(fatima, `/api/cases/${kase.id}/events`, body);
      expect(response.status, body).toBe(400);
      const onAssessment = await raw(fatima, `/api/clients/${kase.clientId}/assessment/events`, body);
      expect([400, 403], body).toContain(onAssessment.status);
    }
    for (const body of ['{"type":"KC_CONSULTANT_ASSIGNED","consultantId":"kalle","__proto__":{"role":"kc_samordnare"}}', '{"type":"KC_CONSULTANT_ASSIGNED","consultantId":{"equals":"kalle"}}']) {
      expect((await raw(sven, `/api/cases/${kase.id}/events`, body)).status, body).toBe(400);
    }
    const personnummer = newPersonnummer();
    for (const body of [`{"client":{"personnummer":"${personnummer}","name":"x","__proto__":{"protectedIdentity":false}}}`, `{"client":{"personnummer":["${personnummer}"],"name":"x"}}`, `{"__proto__":{"client":{"personnummer":"${personnummer}","name":"x"}}}`]) {
      expect((await raw(anna, '/api/cases', body)).status, body).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fatima.get(`/api/cases/${kase.id}`)).body.responsible.id).toBe('anna');
  });

  it('refuses control characters, huge strings and deep nesting in handover and assignment payloads without a 500', async () => {
    const kase = await referral('anna');
    const [fatima, sven] = [await app.as('fatima'), await app.as('sven')];
    for (const reason of ['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u0085b', '\ud800', 'x'.repeat(4001)]) {
      expect((await fatima.send(kase.id, 'RESPONSIBLE_CHANGED', { toUserId: 'maja', reason })).status, JSON.stringify(reason.slice(0, 10))).toBe(400);
      expect((await fatima.send(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Hisingen', reason })).status).toBe(400);
    }
    for (const consultantId of ['kal\u0000le', 'kal\nle', 'kalle\t2', 'x'.repeat(100_000), 1, null, [], {}, true]) {
      const response = await sven.post(`/api/cases/${kase.id}/events`, { type: 'KC_CONSULTANT_ASSIGNED', consultantId });
      expect([400, 413], JSON.stringify(consultantId).slice(0, 20)).toContain(response.status);
    }
    let deep: unknown = 'x';
    for (let level = 0; level < 2000; level += 1) deep = { a: deep };
    expect((await fatima.post(`/api/cases/${kase.id}/events`, { type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: deep })).status).toBe(400);
    expect((await fatima.post(`/api/cases/${kase.id}/events`, { type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: 'x', ['k\u0000ey']: 1 })).status).toBe(400);
    expect((await fatima.get(`/api/cases/${kase.id}`)).body.responsible.id).toBe('anna');
    expect(app.logLines.some((line) => line.includes('"statusCode":500'))).toBe(false);
  });

  it('/api/colleagues takes one role and at most the own unit: arrays, NUL, other units and unknown parameters are refused', async () => {
    const [fatima, sven] = [await app.as('fatima'), await app.as('sven')];
    const refused = [
      '?role=socialsekreterare&role=arbetsmarknadskonsulent',
      '?role[]=socialsekreterare',
      '?role=forste_socialsekreterare',
      '?role=kc_samordnare',
      '?role=system',
      '?role=socialsekreterare&unit=SF%20Hisingen',
      '?role=socialsekreterare&unit=SF%20Nordost&unit=SF%20Hisingen',
      '?role=socialsekreterare&unit=SF%20Nordost%00',
      '?role=socialsekreterare&unit=sf%20nordost',
      '?role=socialsekreterare&unit[$ne]=x',
      '?role=socialsekreterare&limit=100000',
      '?role=socialsekreterare&__proto__=x',
      '',
    ];
    for (const query of refused) {
      const response = await fatima.get(`/api/colleagues${query}`);
      expect([400, 403], query).toContain(response.status);
    }
    const own = await fatima.get('/api/colleagues?role=socialsekreterare&unit=SF%20Nordost');
    expect(own.status).toBe(200);
    expect((own.body.users as { id: string; unit: string }[]).every((u) => u.unit === 'SF Nordost')).toBe(true);
    for (const user of own.body.users as Record<string, unknown>[]) expect(Object.keys(user).sort()).toEqual(['displayName', 'id', 'unit']);
    // The samordnare lists consultants, and only them.
    expect((await sven.get('/api/colleagues?role=socialsekreterare')).status).toBe(403);
    const consultants = (await sven.get('/api/colleagues?role=arbetsmarknadskonsulent')).body.users as { id: string }[];
    expect(consultants.map((u) => u.id).sort()).toEqual(['kalle', 'kim']);
    for (const username of ['anna', 'bo', 'kalle', 'kim']) {
      for (const role of ['socialsekreterare', 'arbetsmarknadskonsulent']) {
        expect((await (await app.as(username)).get(`/api/colleagues?role=${role}`)).status, `${username} ${role}`).toBe(403);
      }
    }
  });

  it('an Idempotency-Key is the user’s own and one request’s: never replayed across users, cases or routes', async () => {
    const annas = await referral('anna', { upTo: 'SSBTEK_INFO_RECORDED', assessment: false });
    const bos = await referral('bo', { upTo: 'SSBTEK_INFO_RECORDED' });
    const [anna, bo] = [await app.as('anna'), await app.as('bo')];
    const key = 'shared-key-1';
    const body = { type: 'AF_RESPONSE_RECORDED', summary: 'Svar från AF.' };
    const first = await anna.post(`/api/cases/${annas.id}/events`, body).set('Idempotency-Key', key);
    expect(first.status).toBe(200);
    // Bo's same key on his own case is his own request, not a replay of anna's.
    const bosFirst = await bo.post(`/api/cases/${bos.id}/events`, body).set('Idempotency-Key', key);
    expect(bosFirst.status).toBe(200);
    expect(bosFirst.body.id).toBe(bos.id);
    expect(JSON.stringify(bosFirst.body)).not.toContain(annas.id);
    // Bo's key on anna's case: 404, not anna's stored answer.
    expect((await bo.post(`/api/cases/${annas.id}/events`, body).set('Idempotency-Key', key)).status).toBe(404);
    // Anna's key on another case, or another route: refused as reused.
    const other = await referral('anna', { upTo: 'SSBTEK_INFO_RECORDED' });
    expect((await anna.post(`/api/cases/${other.id}/events`, body).set('Idempotency-Key', key)).status).toBe(422);
    expect((await anna.post('/api/clients', { personnummer: annas.personnummer, name: annas.name })).status).toBe(200);
    expect((await assessmentEvent(anna, annas.clientId, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' }).set('Idempotency-Key', key)).status).toBe(422);
    // The replay itself is the case as it is now, once.
    const replay = await anna.post(`/api/cases/${annas.id}/events`, body).set('Idempotency-Key', key);
    expect(replay.status).toBe(200);
    expect(replay.body.version).toBe(first.body.version);
    const stored = await app.database.prisma.idempotencyRecord.findMany({ where: { key } });
    expect(stored.map((r) => r.userId).sort()).toEqual(['anna', 'bo']);
  });
});

describe('a protected identity through assignment and a handover between units', () => {
  it('is never in a list, history, queue, e-mail, audit entry or log line; only the responsible and the samordnare see it on the single views', async () => {
    const NAME = 'Gömda Gunhild';
    const kase = await referral('anna', { protectedIdentity: true, assessment: true, name: NAME });
    const digits = kase.personnummer.replace('-', '');
    const secrets = [NAME, 'Gömda', 'Gunhild', kase.personnummer, digits, digits.slice(2)];
    const [anna, fatima, gustav, bo, sven, kalle, kim, maja] = [
      await app.as('anna'),
      await app.as('fatima'),
      await app.as('gustav'),
      await app.as('bo'),
      await app.as('sven'),
      await app.as('kalle'),
      await app.as('kim'),
      await app.as('maja'),
    ];
    const seen: Record<string, string[]> = {};
    const look = async (label: string, user: UserSession, paths: string[]) => {
      for (const path of paths) (seen[label] ??= []).push(JSON.stringify((await user.get(path)).body));
    };
    const lists = ['/api/cases', '/api/cases?status=active', '/api/deadlines?mine=false', '/api/deadlines?mine=true', `/api/cases/${kase.id}/events`, `/api/clients/${kase.clientId}/assessment/events`];

    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await kalle.step(kase.id, 'INSKRIVNING_HELD');
    await fatima.step(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Hisingen', reason: 'Flytt.' });
    expect((await assessmentEvent(fatima, kase.clientId, { type: 'TRANSFER_REQUESTED', toUnit: 'SF Hisingen', reason: 'Flytt.' })).status).toBe(200);
    await look('gustav', gustav, [...lists, `/api/cases/${kase.id}`, `/api/clients/${kase.clientId}`, `/api/clients/${kase.clientId}/assessment`, `/api/clients/${kase.clientId}/arbetsplaner/${kase.arbetsplanId}`]);
    await gustav.step(kase.id, 'TRANSFER_ACCEPTED', { toUserId: 'bo' });
    expect((await assessmentEvent(gustav, kase.clientId, { type: 'TRANSFER_ACCEPTED', toUserId: 'bo' })).status).toBe(200);
    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' });
    await bo.step(kase.id, 'FOLLOW_UP_BOOKED');
    app.clock.set('2026-09-01T08:00:00Z');
    await (await app.as('fatima')).post('/api/dev/scheduler/run');
    app.clock.set('2026-01-15T09:00:00Z');

    await look('bo-lists', bo, [...lists, '/api/outbox']);
    await look('bo-single', bo, [`/api/cases/${kase.id}`, `/api/clients/${kase.clientId}`]);
    await look('sven-lists', sven, ['/api/cases', '/api/kc/queue', '/api/deadlines?mine=false', `/api/cases/${kase.id}/events`, '/api/outbox']);
    await look('sven-single', sven, [`/api/cases/${kase.id}`]);
    for (const [label, user] of [['gustav', gustav], ['kim', kim], ['kalle', kalle], ['anna', anna], ['fatima', fatima], ['maja', maja]] as const) {
      await look(label, user, [...lists, `/api/cases/${kase.id}`, `/api/clients/${kase.clientId}`, `/api/clients/${kase.clientId}/assessment`, '/api/outbox', '/api/kc/queue']);
    }
    await look('gustav', gustav, [`/api/audit?caseId=${kase.id}`, `/api/audit?clientId=${kase.clientId}`, '/api/audit?userId=bo']);
    await look('fatima', fatima, ['/api/audit?userId=anna']);

    // The single views of the responsible socialsekreterare and the samordnare hold the name (so the search works).
    expect(seen['bo-single']!.join('\n')).toContain(NAME);
    expect(seen['sven-single']!.join('\n')).toContain(NAME);
    for (const [label, bodies] of Object.entries(seen)) {
      if (label.endsWith('-single')) continue;
      for (const secret of secrets) expect(bodies.filter((b) => b.includes(secret)).length, `${label}: ${secret}`).toBe(0);
    }
    const mail = await app.database.prisma.outboxMessage.findMany();
    for (const secret of secrets) {
      expect(mail.filter((m) => JSON.stringify({ ...m, id: String(m.id) }).includes(secret)), `mail: ${secret}`).toEqual([]);
      expect(app.logLines.filter((line) => line.includes(secret)), `log: ${secret}`).toEqual([]);
    }
    const events = await app.database.prisma.caseEvent.findMany({ where: { caseId: kase.id } });
    const assessmentEvents = await app.database.prisma.assessmentEvent.findMany({ where: { assessment: { clientId: kase.clientId } } });
    const notifications = await app.database.prisma.notification.findMany({ where: { caseId: kase.id } });
    const idempotency = await app.database.prisma.idempotencyRecord.findMany();
    const stored = JSON.stringify([events, assessmentEvents, notifications, idempotency], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    for (const secret of secrets) expect(stored.includes(secret), `stored: ${secret}`).toBe(false);
  });
});

describe('production tokens (jwks mode)', () => {
  it('refuses claims that cannot be stored or shown as plain text with 403, never a 500', async () => {
    const idp = await startTestIdp();
    const production = await startTestApp({ env: idp.env });
    try {
      const claims = [
        { stegvis_unit: 'SF\u0000Nordost', stegvis_role: 'forste_socialsekreterare', sub: 'oid-unit', preferred_username: 'u1' },
        { name: 'Evil\u0000Name', sub: 'oid-name', preferred_username: 'u2' },
        { name: 'Evil\r\nBcc: x@y', sub: 'oid-crlf', preferred_username: 'u5' },
        { sub: 'oid\u0000', preferred_username: 'u3' },
        { sub: 'oid-user', preferred_username: 'u4\u001b[31m' },
      ];
      for (const claim of claims) {
        const token = await idp.sign(claim);
        const response = await production.http.get('/api/colleagues?role=arbetsmarknadskonsulent').set('Authorization', `Bearer ${token}`);
        expect(response.status, JSON.stringify(claim)).toBe(403);
        expect(response.body.error.code).toBe('FORBIDDEN');
      }
      expect(await production.database.prisma.user.count({ where: { id: { in: ['oid-unit', 'oid-name', 'oid-crlf', 'oid-user'] } } })).toBe(0);
      expect(production.logLines.some((line) => line.includes('"statusCode":500'))).toBe(false);
      // Plain claims still log in.
      const fine = await production.http.get('/api/colleagues?role=arbetsmarknadskonsulent').set('Authorization', `Bearer ${await idp.sign({ sub: 'oid-ok', preferred_username: 'erik-ok' })}`);
      expect(fine.status).toBe(200);
    } finally {
      await production.close();
      await idp.close();
    }
  });
});

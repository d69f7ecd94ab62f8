/**
 * Registerutdrag and rättelse (issue 17): a person's registerutdrag holds every kind of
 * record Stegvis keeps on them, for an ordinary and a protected client, made only by the
 * client's responsible socialsekreterare and her unit's 1:e socialsekreterare (a protected
 * client: only the socialsekreterare, who sees the name); the PDF opens, is not blank and
 * names the client; a name correction keeps the earlier name in the history, shown only to
 * those who see the name; finding the client or creating a referral never changes the name.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

const ORDINARY = { name: 'Åsa Öberg-Ärlig', personnummer: personnummerFor('1979-04-12', 11) };
const PROTECTED = { name: 'Signe Skyddad', personnummer: personnummerFor('1990-11-30', 12) };
const PREP = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const;

let app: TestApp;
const clients = {} as Record<'ordinary' | 'protected', { id: string; caseId: string }>;

async function assessmentStep(user: UserSession, clientId: string, body: object) {
  const response = await user.post(`/api/clients/${clientId}/assessment/events`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { documents: { id: string; kind: string }[]; questionnaires: { id: string; kind: string; status: string }[] };
}

/** Registered, a bedömningsstöd with an answered initial part and an arbetsplan, a referral sent to KC with its uppdragsbeskrivning, the inskrivning booked. */
async function clientWithEverything(details: { name: string; personnummer: string }, isProtected: boolean) {
  const anna = await app.as('anna');
  const registered = await anna.post('/api/clients', { ...details, protectedIdentity: isProtected });
  expect(registered.status).toBe(201);
  const clientId = registered.body.client.id as string;
  let view = await assessmentStep(anna, clientId, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
  const questionnaireId = view.questionnaires.find((q) => q.kind === 'inledande')!.id;
  await assessmentStep(anna, clientId, {
    type: 'QUESTIONNAIRE_SAVED',
    questionnaireId,
    answers: { mal: { text: 'Arbete som undersköterska.' }, hinder: { text: 'Saknar körkort.' }, halsa: { value: 3, comment: 'Ryggont ibland.' } },
  });
  view = await assessmentStep(anna, clientId, { type: 'ARBETSPLAN_CREATED' });
  const planId = view.documents.find((d) => d.kind === 'arbetsplan')!.id;
  await assessmentStep(anna, clientId, { type: 'ARBETSPLAN_REVISED', documentId: planId, content: { mal: 'Undersköterskeutbildning.', hinder: 'Körkort.', forvantningar: 'Stöd.', planering: 'Start i höst.' } });

  const created = await anna.createCase(details);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const caseId = created.body.id as string;
  for (const type of PREP) await anna.step(caseId, type);
  if (isProtected) await anna.step(caseId, 'KC_SAMORDNARE_CONSULTED');
  await anna.step(caseId, 'DECISION_MADE');
  await anna.step(caseId, 'DECISION_COMMUNICATED');
  view = await assessmentStep(anna, clientId, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId });
  const uppdragId = view.documents.find((d) => d.kind === 'uppdragsbeskrivning')!.id;
  const content = { arbetslivserfarenhet: 'Hemtjänst i två år.', kompetens: 'Gymnasium.', halsa: 'Ryggont.', behovAvInsats: 'Praktik.', egenBedomning: 'Redo för praktik.' };
  await assessmentStep(anna, clientId, { type: 'UPPDRAGSBESKRIVNING_REVISED', documentId: uppdragId, content });
  await anna.step(caseId, 'UPPDRAG_SENT');
  await anna.step(caseId, 'INSKRIVNING_BOOKED');
  return { id: clientId, caseId };
}

beforeAll(async () => {
  app = await startTestApp({ now: '2026-01-15T09:00:00Z' });
  clients.ordinary = await clientWithEverything(ORDINARY, false);
  clients.protected = await clientWithEverything(PROTECTED, true);
  // The ordinary client's referral goes to kalle, so KC sees it; the scheduler sends the invitations.
  await (await app.as('sven')).step(clients.ordinary.caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  app.clock.set('2026-01-16T07:00:00Z');
  expect((await (await app.as('anna')).post('/api/dev/scheduler/run')).status).toBe(200);
  // Someone reads the ordinary client's referral: the access log has it. A read's row is written once the answer has
  // gone (src/audit/access-log.ts), so wait for it rather than race it.
  expect((await (await app.as('kalle')).get(`/api/cases/${clients.ordinary.caseId}`)).status).toBe(200);
  await vi.waitFor(async () => expect(await app.database.prisma.accessLog.count({ where: { userId: 'kalle', action: 'read' } })).toBeGreaterThan(0), { timeout: 10_000 });
}, 240_000);

afterAll(async () => {
  await app?.close();
});

type Extract = {
  client: { name: string; personnummer: string; protectedIdentity: boolean };
  clientHistory: { type: string; name?: string | null; previousName?: string | null; reason?: string | null }[];
  referrals: {
    reference: string;
    events: { type: string; text: string; payload: Record<string, unknown>; actorRole: string }[];
    deadlines: { kind: string; text: string; dueDate: string }[];
    emails: { kind: string; recipientRole: string | null; sentAt: string | null }[];
  }[];
  assessment: {
    events: { type: string }[];
    questionnaires: { kind: string; sections: { answers: { questionId: string; text?: string; value?: number; comment?: string }[] }[] }[];
    documents: { kind: string; versions: { version: number; content: Record<string, string> }[] }[];
  };
  accessLog: { date: string; role: string; unit: string; action: string; count: number }[];
};

async function registerutdrag(username: string, key: 'ordinary' | 'protected') {
  return (await app.as(username)).get(`/api/clients/${clients[key].id}/registerutdrag`);
}

describe('the registerutdrag', () => {
  it.each([
    ['ordinary', ORDINARY],
    ['protected', PROTECTED],
  ] as const)('of the %s client holds every kind of record Stegvis keeps', async (key, details) => {
    const response = await registerutdrag('anna', key);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const extract = response.body as Extract;
    expect(extract.client).toMatchObject({ name: details.name, personnummer: details.personnummer, protectedIdentity: key === 'protected' });
    expect(extract.clientHistory[0]).toMatchObject({ type: 'CLIENT_REGISTERED', name: details.name });

    // The referral with its whole history, payloads included, in the interface's words.
    const [referral] = extract.referrals;
    expect(extract.referrals).toHaveLength(1);
    const types = referral!.events.map((event) => event.type);
    expect(types.slice(0, 2)).toEqual(['CASE_CREATED', 'SSBTEK_INFO_RECORDED']);
    expect(types).toContain('UPPDRAG_SENT');
    const booked = referral!.events.find((event) => event.type === 'INSKRIVNING_BOOKED')!;
    expect(booked).toMatchObject({ text: 'Inskrivningsmöte bokat', actorRole: 'socialsekreterare', payload: { place: 'KC Angered' } });
    expect(referral!.deadlines.map((deadline) => deadline.kind)).toContain('inskrivningsmote');

    // The e-mails: the invitations to the inskrivning, sent by the scheduler; the role, never an address.
    const invitations = referral!.emails.filter((email) => email.kind === 'kallelse');
    expect(invitations.length).toBeGreaterThan(0);
    expect(invitations.every((email) => email.sentAt !== null)).toBe(true);
    expect(invitations.map((email) => email.recipientRole)).toContain('socialsekreterare');
    expect(JSON.stringify(referral!.emails)).not.toContain('@');

    // The bedömningsstöd: its history, the questionnaire with the answers, both documents with every version.
    expect(extract.assessment.events.map((event) => event.type)).toEqual(expect.arrayContaining(['INLEDANDE_STARTED', 'QUESTIONNAIRE_SAVED', 'ARBETSPLAN_REVISED']));
    const answers = extract.assessment.questionnaires[0]!.sections.flatMap((section) => section.answers);
    expect(answers.find((answer) => answer.questionId === 'mal')).toMatchObject({ text: 'Arbete som undersköterska.' });
    expect(answers.find((answer) => answer.questionId === 'halsa')).toMatchObject({ value: 3, comment: 'Ryggont ibland.' });
    const documents = Object.fromEntries(extract.assessment.documents.map((document) => [document.kind, document.versions]));
    expect(documents.arbetsplan!.map((version) => version.version)).toEqual([1, 2]);
    expect(documents.arbetsplan![1]!.content.mal).toBe('Undersköterskeutbildning.');
    expect(documents.uppdragsbeskrivning!.at(-1)!.content.egenBedomning).toBe('Redo för praktik.');

    // Who has read the data: by day, role and unit; not which colleague.
    expect(extract.accessLog.length).toBeGreaterThan(0);
    expect(extract.accessLog).toContainEqual(expect.objectContaining({ role: 'socialsekreterare', unit: 'SF Nordost', action: 'write' }));
    if (key === 'ordinary') expect(extract.accessLog).toContainEqual(expect.objectContaining({ role: 'arbetsmarknadskonsulent', unit: 'KC', action: 'read' }));
    expect(JSON.stringify(extract.accessLog)).not.toMatch(/anna|kalle|userId/);
  });

  it('[roles.client-rights-by-responsible] is made by the unit’s 1:e socialsekreterare for an ordinary client, but for a protected one only by the socialsekreterare who sees the name', async () => {
    const ordinary = await registerutdrag('fatima', 'ordinary');
    expect(ordinary.status).toBe(200);
    expect(ordinary.body.client.name).toBe(ORDINARY.name);
    const refused = await registerutdrag('fatima', 'protected');
    expect(refused.status).toBe(403);
    expect(refused.body.error.reason).toBe('client_rights_protected');
    expect(JSON.stringify(refused.body)).not.toContain(PROTECTED.name);
  });

  it.each([
    ['kalle', 'ordinary', 403], // KC sees the referral, but the registerutdrag is the social services'
    ['sven', 'ordinary', 403],
    ['sven', 'protected', 403],
    ['kim', 'ordinary', 404], // another consultant: does not see the client at all
    ['bo', 'ordinary', 404], // another unit
    ['gustav', 'protected', 404],
  ] as const)('is refused to %s (%s client: %i)', async (username, key, status) => {
    const response = await registerutdrag(username, key);
    expect(response.status).toBe(status);
    if (status === 403) expect(response.body.error.reason).toBe('client_rights_social_services_only');
    expect(JSON.stringify(response.body)).not.toContain(key === 'ordinary' ? ORDINARY.name : PROTECTED.name);
    expect((await (await app.as(username)).get(`/api/clients/${clients[key].id}/registerutdrag`).set('Accept', 'application/pdf')).status).toBe(status);
  });

  it('is in the access log with the client, every time it is made', async () => {
    await registerutdrag('anna', 'ordinary');
    const audit = await (await app.as('fatima')).get(`/api/audit?clientId=${clients.ordinary.id}`);
    expect(audit.status).toBe(200);
    const made = (audit.body.entries as { resource: string; status: number; userId: string; caseIds: string[] }[]).filter((entry) => entry.resource === 'client.registerutdrag');
    expect(made.filter((entry) => entry.status === 200).map((entry) => entry.userId)).toEqual(expect.arrayContaining(['anna', 'fatima']));
    expect(made.find((entry) => entry.status === 200)!.caseIds).toEqual([clients.ordinary.caseId]);
    // Refused attempts too (kalle's 403).
    expect(made.some((entry) => entry.userId === 'kalle' && entry.status === 403)).toBe(true);
  });

  it('comes as a Swedish PDF that opens, is not blank on its first page, and names the client', async () => {
    const response = await (await app.as('anna')).get(`/api/clients/${clients.ordinary.id}/registerutdrag`).set('Accept', 'application/pdf').responseType('blob');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false }).promise;
    const first = await document.getPage(1);
    const viewport = first.getViewport({ scale: 1.5 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    // The canvas from @napi-rs/canvas stands in for the DOM's (pdf.js uses it in Node).
    await first.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let index = 0; index < pixels.length; index += 4) if (pixels[index]! < 128) inked += 1;
    // Text on the page, not an empty sheet: at least one per cent of the pixels dark.
    expect(inked / (canvas.width * canvas.height)).toBeGreaterThan(0.01);
    const out = path.join('test-results', 'registerutdrag');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'sida-1.png'), canvas.toBuffer('image/png'));

    const pageText = async (number: number) => ((await (await document.getPage(number)).getTextContent()).items as { str?: string }[]).map((item) => item.str ?? '').join(' ');
    const firstPage = (await pageText(1)).replace(/\s+/g, ' ');
    expect(firstPage).toContain('Registerutdrag från Stegvis');
    expect(firstPage).toContain(ORDINARY.name);
    expect(firstPage).toContain(ORDINARY.personnummer);
    expect(firstPage).toContain('Anvisning:'); // the process words explained
    const all = (await Promise.all(Array.from({ length: document.numPages }, (_, index) => pageText(index + 1)))).join(' ').replace(/\s+/g, ' ');
    expect(all).toMatch(/15 januari 2026/);
    expect(all).toContain('Inskrivningsmöte bokat');
    expect(all).toContain('Redo för praktik.');
    expect(all).toContain('Vem som har tagit del av uppgifterna');
  });
});

describe('rättelse of the name', () => {
  it('[roles.client-name-corrected-by-event] corrects the name with a reason: the history keeps the earlier name, and the registerutdrag shows both', async () => {
    const anna = await app.as('anna');
    const before = await anna.get(`/api/clients/${clients.ordinary.id}/history`);
    expect(before.status).toBe(200);
    const corrected = await anna.post(`/api/clients/${clients.ordinary.id}/name-corrections`, { name: 'Åsa Öberg-Ärling', reason: 'Stavfel i efternamnet.' }).set('If-Match', before.headers.etag!);
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    expect(corrected.body.events.at(-1)).toMatchObject({
      type: 'CLIENT_NAME_CORRECTED',
      text: 'Namnet rättades',
      name: 'Åsa Öberg-Ärling',
      previousName: ORDINARY.name,
      reason: 'Stavfel i efternamnet.',
      actor: { id: 'anna', role: 'socialsekreterare', unit: 'SF Nordost' },
    });
    expect((await anna.get(`/api/clients/${clients.ordinary.id}`)).body.client.name).toBe('Åsa Öberg-Ärling');
    const extract = (await registerutdrag('anna', 'ordinary')).body as Extract;
    expect(extract.client.name).toBe('Åsa Öberg-Ärling');
    expect(extract.clientHistory.map((entry) => [entry.type, entry.name])).toEqual([
      ['CLIENT_REGISTERED', ORDINARY.name],
      ['CLIENT_NAME_CORRECTED', 'Åsa Öberg-Ärling'],
    ]);

    // The same If-Match again is stale; the same name again changes nothing.
    const stale = await anna.post(`/api/clients/${clients.ordinary.id}/name-corrections`, { name: 'Åsa Berg', reason: 'Fel.' }).set('If-Match', before.headers.etag!);
    expect(stale.status).toBe(412);
    expect(stale.body.error.reason).toBe('client_history_stale');
    const same = await anna.post(`/api/clients/${clients.ordinary.id}/name-corrections`, { name: 'Åsa Öberg-Ärling', reason: 'Igen.' });
    expect(same.status).toBe(409);
    expect(same.body.error).toMatchObject({ reason: 'client_name_unchanged', message: expect.stringContaining('namnet') });
    const invalid = await anna.post(`/api/clients/${clients.ordinary.id}/name-corrections`, { name: '', reason: 'Fel.' });
    expect(invalid.status).toBe(400);
    expect((await anna.get(`/api/clients/${clients.ordinary.id}/history`)).body.version).toBe(2);
  });

  it('masks a protected client’s names in the history for everyone who does not see the name, and lets only the socialsekreterare correct it', async () => {
    const anna = await app.as('anna');
    const fatima = await app.as('fatima');
    const refused = await fatima.post(`/api/clients/${clients.protected.id}/name-corrections`, { name: 'Signe Skyddsdal', reason: 'Namnbyte.' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.reason).toBe('client_rights_protected');
    expect((await (await app.as('kalle')).post(`/api/clients/${clients.ordinary.id}/name-corrections`, { name: 'Ny Person', reason: 'Fel.' })).status).toBe(403);
    expect((await (await app.as('bo')).post(`/api/clients/${clients.ordinary.id}/name-corrections`, { name: 'Ny Person', reason: 'Fel.' })).status).toBe(404);

    const corrected = await anna.post(`/api/clients/${clients.protected.id}/name-corrections`, { name: 'Signe Skyddsdal', reason: 'Namnbyte enligt folkbokföringen.' });
    expect(corrected.status).toBe(201);
    const seen = await anna.get(`/api/clients/${clients.protected.id}/history`);
    expect(seen.body.events.map((event: { type: string }) => event.type)).toEqual(['CLIENT_REGISTERED', 'CLIENT_NAME_CORRECTED']);
    expect(seen.body.events[1]).toMatchObject({ name: 'Signe Skyddsdal', previousName: PROTECTED.name, masked: false });

    // The unit's 1:e socialsekreterare sees the client but not a protected name: nor the earlier one, nor the reason (it may hold a name).
    const masked = await fatima.get(`/api/clients/${clients.protected.id}/history`);
    expect(masked.status).toBe(200);
    const text = JSON.stringify(masked.body);
    expect(text).not.toContain('Signe');
    expect(text).not.toContain('Namnbyte');
    expect(masked.body.events[1]).toMatchObject({ type: 'CLIENT_NAME_CORRECTED', name: null, previousName: null, reason: null, masked: true });
    expect([masked.body.mayExerciseRights, seen.body.mayExerciseRights]).toEqual([false, true]);
    // The samordnare sees a protected name on the single client page (process.md "Protected identity"), but the client record's
    // history (earlier names, reasons) is the social services', not the uppdrag's: 403, nothing of it.
    const kc = await (await app.as('sven')).get(`/api/clients/${clients.protected.id}/history`);
    expect(kc.status).toBe(403);
    expect(kc.body.error.reason).toBe('client_rights_social_services_only');
    expect(JSON.stringify(kc.body)).not.toContain('Signe');
    expect((await (await app.as('bo')).get(`/api/clients/${clients.protected.id}/history`)).status).toBe(404);
  });

  it('is never done by finding the client or creating a referral with another name: the name stays and no event is added', async () => {
    const anna = await app.as('anna');
    const historyBefore = (await anna.get(`/api/clients/${clients.ordinary.id}/history`)).body.version as number;
    const found = await anna.post('/api/clients', { personnummer: ORDINARY.personnummer, name: 'Helt Annat Namn' });
    expect(found.status).toBe(200);
    // Her active referral refuses a second one; after it is withdrawn... not possible once at KC, so a new client shows the create path.
    const refusedCreate = await anna.createCase({ personnummer: ORDINARY.personnummer, name: 'Helt Annat Namn' });
    expect(refusedCreate.status).toBe(409);
    const afterFind = await anna.get(`/api/clients/${clients.ordinary.id}/history`);
    expect(afterFind.body.version).toBe(historyBefore);
    expect((await anna.get(`/api/clients/${clients.ordinary.id}`)).body.client.name).toBe('Åsa Öberg-Ärling');

    // A client with only a bedömningsstöd: a referral created with another name takes the client as stored.
    const personnummer = personnummerFor('1985-06-06', 21);
    const registered = await anna.post('/api/clients', { personnummer, name: 'Rätt Namnsson' });
    const clientId = registered.body.client.id as string;
    await assessmentStep(anna, clientId, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    const created = await anna.createCase({ personnummer, name: 'Fel Namnsson', protectedIdentity: false });
    expect(created.status).toBe(201);
    expect(created.body.client.name).toBe('Rätt Namnsson');
    const history = await anna.get(`/api/clients/${clientId}/history`);
    expect(history.body.events.map((event: { type: string; name?: string }) => [event.type, event.name])).toEqual([['CLIENT_REGISTERED', 'Rätt Namnsson']]);
  });

  it('records protection switched on later, whichever way, as an event of the client', async () => {
    const anna = await app.as('anna');
    // By the client register ...
    const first = { personnummer: personnummerFor('1975-02-02', 31), name: 'Mark Registret' };
    const registered = await anna.post('/api/clients', first);
    await assessmentStep(anna, registered.body.client.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    expect((await anna.post('/api/clients', { ...first, protectedIdentity: true })).body.client.protectedIdentity).toBe(true);
    const viaRegister = await anna.get(`/api/clients/${registered.body.client.id}/history`);
    // ... and on the referral.
    const second = await anna.createCase({ personnummer: personnummerFor('1975-02-02', 32), name: 'Mark Anvisningen' });
    await anna.step(second.body.id, 'PROTECTED_IDENTITY_MARKED');
    const viaReferral = await anna.get(`/api/clients/${second.body.client.id}/history`);
    for (const history of [viaRegister, viaReferral]) {
      expect(history.body.events.map((event: { type: string }) => event.type)).toEqual(['CLIENT_REGISTERED', 'CLIENT_PROTECTION_MARKED']);
      expect(history.body.events[1]).toMatchObject({ text: 'Skyddade personuppgifter markerades', actor: { id: 'anna' } });
    }
  });

  it('is described in the OpenAPI document: the history, the correction and the registerutdrag (JSON or PDF)', async () => {
    const document = (await app.http.get('/api/openapi.json')).body;
    expect(document.paths['/api/clients/{id}/history'].get).toBeDefined();
    expect(document.paths['/api/clients/{id}/name-corrections'].post.requestBody.content['application/json'].schema.required).toEqual(['name', 'reason']);
    expect(Object.keys(document.paths['/api/clients/{id}/registerutdrag'].get.responses['200'].content)).toEqual(['application/json', 'application/pdf']);
  });

  it('keeps the client history append-only: UPDATE and DELETE are refused by the database', async () => {
    const prisma = app.database.prisma;
    await expect(prisma.$executeRawUnsafe(`UPDATE "ClientEvent" SET type = 'X'`)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "ClientEvent"`)).rejects.toThrow(/append-only/);
  });
});

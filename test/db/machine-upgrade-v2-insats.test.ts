/**
 * The current release started on a database written by version 2 of the anvisning machine, for what version 3
 * changed in the running insats, the renewal and the oenighet (machines/anvisning/migrations.ts,
 * migrateInsatsRenewalDisagreementV2toV3): referrals with an open disagreement in every state it can be open in,
 * with consents, and expired, each moved up once; the closing stays held back, what the migration chose is said in
 * the history in words, the disagreement can be taken to its end, and `verify` replays every history clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANVISNING_VERSION, statePathOf } from '../../machines/anvisning';
import { verifyAllCases } from '../../src/cases/verify-cases';
import { seedUsers } from '../../src/db/demo-users';
import { v2Referrals, writeAsVersion2, type V2Referral } from '../support/anvisning-v2-cases';
import { createTestDatabase } from '../support/test-database';
import { startTestApp, type TestApp } from '../support/test-app';

/** One referral per state and per what the migration reads (an open disagreement, consents), ordinary clients. */
function chosenReferrals(): V2Referral[] {
  const chosen = new Map<string, V2Referral>();
  for (const referral of v2Referrals()) {
    if (referral.input.protectedIdentity) continue;
    const c = referral.snapshot.context;
    const key = `${statePathOf(referral.snapshot as never)}|${c.disagreement.open !== null}|${c.externalConsents.length > 0}|${c.kcConsultantId != null}|${c.endReason}`;
    const best = chosen.get(key);
    if (!best || referral.events.length < best.events.length) chosen.set(key, referral);
  }
  return [...chosen.values()];
}

describe('the current release started on a database written by version 2: insats, renewal, oenighet', () => {
  let app: TestApp;
  const written: { id: string; referral: V2Referral }[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase();
    await seedUsers(database.prisma, { demo: true });
    for (const referral of chosenReferrals()) written.push({ id: await writeAsVersion2(database.prisma, referral), referral });
    app = await startTestApp({ database, now: '2026-06-02T09:00:00Z' });
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  /** A referral in this state, with a consultant assigned (so KC's side acts in it). */
  const at = (state: string, where: (c: V2Referral['snapshot']['context']) => boolean) =>
    written.find(({ referral }) => statePathOf(referral.snapshot as never) === state && referral.snapshot.context.kcConsultantId != null && where(referral.snapshot.context))!;
  const withOpenDisagreement = (state: string) => at(state, (c) => c.disagreement.open !== null);

  it('moved every case up to the current version, with an open disagreement in each state it can be open in', async () => {
    for (const state of ['inskrivning.bokad', 'pagaende.aktiv', 'pagaende.beslut_utgatt', 'avslut.avslutsdokument', 'avslut.avslutas']) expect(withOpenDisagreement(state), state).toBeDefined();
    const rows = await app.database.prisma.case.findMany({ select: { machineVersion: true } });
    expect(rows).toHaveLength(written.length);
    for (const row of rows) expect(row.machineVersion).toBe(ANVISNING_VERSION);
  });

  it('[oenighet.blocks-closing] keeps a referral in the closing held back by its open disagreement, says so in words, and lets the managers take it to its end', async () => {
    const { id } = withOpenDisagreement('avslut.avslutsdokument');
    const [anna, kalle, fatima, sven] = [await app.as('anna'), await app.as('kalle'), await app.as('fatima'), await app.as('sven')];
    const refused = await kalle.send(id, 'CLOSING_DOCUMENT_CREATED');
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.refusal).toEqual([{ code: 'disagreement_open' }]);
    const upgrade = ((await anna.get(`/api/cases/${id}/events`)).body.events as { type: string; payload: { to?: number; notes?: string[] } }[]).find((event) => event.type === 'MACHINE_UPGRADED' && event.payload.to === 3)!;
    expect(upgrade.payload.notes?.join(' ')).toContain('registrerades därför som en oenighet om avslutet');
    expect((await anna.get(`/api/cases/${id}`)).body.process.disagreements).toMatchObject([{ topic: 'avslut', description: null, resolved: null }]);

    await fatima.step(id, 'DISAGREEMENT_POSITION_RECORDED', { position: 'Avsluta.' });
    await sven.step(id, 'DISAGREEMENT_POSITION_RECORDED', { position: 'Avsluta.' });
    await fatima.step(id, 'DISAGREEMENT_RESOLVED', { outcome: 'Insatsen avslutas.' });
    expect((await kalle.step(id, 'CLOSING_DOCUMENT_CREATED')).state).toBe('avslut');
  });

  it('lets an expired referral be renewed after samråd again, and a consent of version 2 serve both sides', async () => {
    const expired = at('pagaende.beslut_utgatt', (c) => c.disagreement.open === null);
    const anna = await app.as('anna');
    app.clock.set('2027-02-02T09:00:00Z');
    await anna.step(expired.id, 'SSBTEK_INFO_RECORDED');
    await anna.step(expired.id, 'AF_PLAN_CHECKED', { afActivity: 'ingen' });
    await anna.step(expired.id, 'AF_NOTIFIED', { sentOn: '2027-02-02' });
    expect((await anna.step(expired.id, 'DECISION_RENEWED', { decisionDate: '2027-02-02', validFrom: '2027-02-02' })).state).toBe('pagaende.aktiv');
    app.clock.set('2026-06-02T09:00:00Z');

    const consented = at('pagaende.aktiv', (c) => c.externalConsents.length > 0 && c.disagreement.open === null);
    const parties = async (username: string) => ((await (await app.as(username)).get(`/api/cases/${consented.id}`)).body.nextSteps as { type: string; parties?: string[] }[]).find((step) => step.type === 'EXTERNAL_CONTACT_RECORDED')?.parties;
    expect(await parties('anna')).toEqual(['vårdcentralen']);
    expect(await parties('kalle')).toEqual(['vårdcentralen']);
  });

  it('replays every history across the versions with no mismatch', async () => {
    const report = await verifyAllCases(app.database.prisma);
    expect(report.casesChecked).toBe(written.length);
    expect(report.mismatches).toEqual([]);
  });
});

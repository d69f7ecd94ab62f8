/**
 * The scheduler's promises: two schedulers never send one reminder twice nor
 * skip one; a restart between "due" and the sweep loses nothing; SMTP failures
 * are retried with backoff and reported; an e-mail whose send was cut off is
 * reported, not sent again.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { samplePayloads } from '../support/anvisning-payloads';
import { sharedSchedulerDatabase } from '../support/shared-scheduler-database';
import { TestClock, personnummerFor } from '../support/test-app';

const suite = sharedSchedulerDatabase();
let serial = 0;

/** A server process on the shared database: with PostgreSQL each has its own connection pool, as separate processes would. */
async function startServer(clock: TestClock, smtpUrl?: string) {
  const stegvis = await suite.open({ clock, secret: 'scheduler-test-secret-scheduler-test', ...(smtpUrl ? { smtpUrl } : {}) });
  const http = request(stegvis.app);
  const token = async (username: string) => (await http.post('/api/auth/dev-login').send({ username })).body.token as string;
  const as = async (username: string) => {
    const bearer = `Bearer ${await token(username)}`;
    return {
      post: (url: string, body: object) => http.post(url).set('Authorization', bearer).send(body),
      get: (url: string) => http.get(url).set('Authorization', bearer),
    };
  };
  return { stegvis, as };
}

/** A case whose inskrivningsmöte is booked for `meetingAt`: both parties get reminded the working day before. */
async function caseWithMeeting(
  server: Awaited<ReturnType<typeof startServer>>,
  meetingAt: string,
  options: { personnummer?: string; consultantBeforeBooking?: string } = {},
): Promise<string> {
  const personnummer = options.personnummer ?? personnummerFor('1990-02-02', (serial += 1));
  const anna = await server.as('anna');
  const created = await anna.post('/api/cases', { client: { personnummer, name: 'Schema Läggare' } });
  const caseId = created.body.id as string;
  const steps = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const;
  for (const type of steps) expect((await anna.post(`/api/cases/${caseId}/events`, { type, ...samplePayloads[type] })).status).toBe(200);
  if (options.consultantBeforeBooking) {
    const assigned = await (await server.as('sven')).post(`/api/cases/${caseId}/events`, { type: 'KC_CONSULTANT_ASSIGNED', consultantId: options.consultantBeforeBooking });
    expect(assigned.status).toBe(200);
  }
  const booked = await anna.post(`/api/cases/${caseId}/events`, { type: 'INSKRIVNING_BOOKED', at: meetingAt, place: 'KC', interpreter: false });
  expect(booked.status).toBe(200);
  return caseId;
}

const countFor = (caseId: string) => suite.smtp.messages.filter((mail) => mail.parsed.text?.includes(caseId)).length;

describe('two schedulers on one database', () => {
  it('send every due reminder exactly once between them', async () => {
    const clock = new TestClock(new Date('2026-03-02T09:00:00Z'));
    const first = await startServer(clock);
    const second = await startServer(clock);
    const caseIds: string[] = [];
    for (let index = 0; index < 6; index += 1) caseIds.push(await caseWithMeeting(first, '2026-03-10T09:00:00+01:00'));

    // Invitations (2 per case) are due at once; reminders (2 per case) on Monday 9 March.
    const [a, b] = await Promise.all([first.stegvis.scheduler.sweepOnce(), second.stegvis.scheduler.sweepOnce()]);
    expect(a.sent + b.sent).toBe(12);
    clock.set('2026-03-09T06:00:00Z');
    const [c, d, e] = await Promise.all([
      first.stegvis.scheduler.sweepOnce(),
      second.stegvis.scheduler.sweepOnce(),
      first.stegvis.scheduler.sweepOnce(),
    ]);
    expect(c.sent + d.sent + e.sent).toBe(12);
    for (const caseId of caseIds) expect(countFor(caseId)).toBe(4);
    const again = await second.stegvis.scheduler.sweepOnce();
    expect(again.sent).toBe(0);
  });
});

describe('meetings', () => {
  it('remind of the meeting by its time, not "senast"', async () => {
    const clock = new TestClock(new Date('2026-05-04T09:00:00Z'));
    const server = await startServer(clock);
    const caseId = await caseWithMeeting(server, '2026-05-12T10:00:00+02:00');
    await server.stegvis.scheduler.sweepOnce(); // the two invitations
    clock.set('2026-05-11T06:00:00Z');
    await server.stegvis.scheduler.sweepOnce();
    const reminders = suite.smtp.messages.filter((mail) => mail.parsed.text?.includes(caseId) && mail.parsed.subject?.startsWith('Påminnelse'));
    expect(reminders).toHaveLength(2);
    expect(reminders[0]!.parsed.subject).toMatch(/^Påminnelse: Inskrivningsmöte 12 maj 2026 kl\. 10:00 – ärende KC-\d{6}$/);
    expect(reminders[0]!.parsed.text).not.toContain('senast');
  });

  it('sends no calendar invitation for a meeting that has begun before the sweep ran', async () => {
    const clock = new TestClock(new Date('2026-06-01T07:00:00Z'));
    const server = await startServer(clock);
    // Booked for 09.30 the same morning; no sweep runs until the afternoon.
    const caseId = await caseWithMeeting(server, '2026-06-01T09:30:00+02:00');
    clock.set('2026-06-01T12:00:00Z');
    const report = await server.stegvis.scheduler.sweepOnce();
    // Other tests' cases share the database, so the sweep's totals are not this case's: its own invitations are what counts.
    expect(report.invitationsTooLate).toBe(2);
    const invitations = await suite.shared.prisma.notification.findMany({ where: { caseId, kind: 'kallelse' }, select: { status: true } });
    expect(invitations.map((row) => row.status)).toEqual(['cancelled', 'cancelled']);
    expect(countFor(caseId)).toBe(0);
    await server.stegvis.scheduler.sweepOnce();
    expect(countFor(caseId)).toBe(0);
  });
});

describe('who is reminded follows the case up to the sweep', () => {
  /** Who the sweep queued the meeting's reminders for (the ledger: one row per recipient). */
  const remindedOf = async (caseId: string) =>
    (await suite.shared.prisma.notification.findMany({ where: { caseId, kind: 'paminnelse' }, select: { recipientUserId: true, status: true } }))
      .map((row) => `${row.recipientUserId}:${row.status}`)
      .sort();

  it('a handover, then a KC assignment, after the booking: the reminder goes to the new socialsekreterare and the consultant, not the former owner or the samordnare', async () => {
    const clock = new TestClock(new Date('2026-09-01T07:00:00Z'));
    const server = await startServer(clock);
    const caseId = await caseWithMeeting(server, '2026-09-15T09:00:00+02:00');
    await server.stegvis.scheduler.sweepOnce(); // the invitations
    // The handover moves the socialsekreterare's deadlines anyway; the assignment after it changes no deadline's own owner.
    expect((await (await server.as('fatima')).post(`/api/cases/${caseId}/events`, { type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: 'Anna är ledig.' })).status).toBe(200);
    expect((await (await server.as('sven')).post(`/api/cases/${caseId}/events`, { type: 'KC_CONSULTANT_ASSIGNED', consultantId: 'kalle' })).status).toBe(200);
    clock.set('2026-09-14T06:00:00Z'); // the working day before the meeting
    await server.stegvis.scheduler.sweepOnce();
    expect(await remindedOf(caseId)).toEqual(['kalle:sent', 'maja:sent']);
    const reminders = suite.smtp.messages.filter((mail) => mail.parsed.text?.includes(caseId) && mail.parsed.subject?.startsWith('Påminnelse'));
    expect(reminders.map((mail) => mail.to).flat().sort()).toEqual(['kalle@stegvis.local', 'maja@stegvis.local']);
  });

  it('a client marked protected after the assignment: KC’s side of the reminder is the samordnare, not the consultant (Bilaga 1)', async () => {
    const clock = new TestClock(new Date('2026-10-01T07:00:00Z'));
    const server = await startServer(clock);
    const personnummer = personnummerFor('1990-02-02', (serial += 1));
    // Kalle is assigned before the booking, so the meeting's deadline is written knowing him: the invitation is his.
    const caseId = await caseWithMeeting(server, '2026-10-15T09:00:00+02:00', { personnummer, consultantBeforeBooking: 'kalle' });
    await server.stegvis.scheduler.sweepOnce();
    expect(suite.smtp.messages.filter((mail) => mail.parsed.text?.includes(caseId)).flatMap((mail) => mail.to).sort()).toEqual(['anna@stegvis.local', 'kalle@stegvis.local']);
    // The protection is switched on on the client record (its active referral follows in the same transaction).
    const marked = await (await server.as('anna')).post('/api/clients', { personnummer, name: 'Schema Läggare', protectedIdentity: true });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    clock.set('2026-10-14T06:00:00Z');
    await server.stegvis.scheduler.sweepOnce();
    expect(await remindedOf(caseId)).toEqual(['anna:sent', 'sven:sent']);
  });
});

describe('a restart between a reminder becoming due and the sweep', () => {
  it('loses nothing and doubles nothing', async () => {
    const clock = new TestClock(new Date('2026-04-01T09:00:00Z'));
    const before = await startServer(clock);
    const caseId = await caseWithMeeting(before, '2026-04-14T09:00:00+02:00');
    await before.stegvis.scheduler.sweepOnce(); // the two invitations
    expect(countFor(caseId)).toBe(2);
    clock.set('2026-04-13T06:00:00Z'); // the reminder is due now (Easter Monday was the 6th)...
    await before.stegvis.close(); // ...and the server goes down before sweeping

    const after = await startServer(clock);
    expect((await after.stegvis.scheduler.sweepOnce()).sent).toBe(2);
    expect((await after.stegvis.scheduler.sweepOnce()).sent).toBe(0);
    expect(countFor(caseId)).toBe(4);
  });
});

describe('when the mail server fails', () => {
  it('retries with backoff, then reports the e-mail as failed instead of dropping it', async () => {
    const clock = new TestClock(new Date('2026-05-04T09:00:00Z'));
    const refusing = await startServer(clock, 'smtp://127.0.0.1:9'); // nothing listens on the discard port
    const caseId = await caseWithMeeting(refusing, '2026-05-20T09:00:00+02:00');
    const attemptsOf = async () =>
      (await suite.shared.prisma.notification.findMany({ where: { caseId }, orderBy: { id: 'asc' } })).map((row) => [row.status, row.attempts]);
    const first = await refusing.stegvis.scheduler.sweepOnce();
    expect(first.retrying).toBeGreaterThanOrEqual(2);
    expect(await attemptsOf()).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    // Not retried before the backoff has passed.
    await refusing.stegvis.scheduler.sweepOnce();
    expect(await attemptsOf()).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    for (const minutes of [1, 5, 30, 120]) {
      clock.set(new Date(clock.now().getTime() + minutes * 60_000));
      await refusing.stegvis.scheduler.sweepOnce();
    }
    expect(await attemptsOf()).toEqual([
      ['failed', 5],
      ['failed', 5],
    ]);
    expect((await suite.shared.prisma.notification.findFirst({ where: { caseId } }))?.lastError).toMatch(/ECONNREFUSED|connect/i);
  });

  it('reports an e-mail whose send was cut off by a crash, and never sends it again', async () => {
    const clock = new TestClock(new Date('2026-06-01T09:00:00Z'));
    const server = await startServer(clock);
    const caseId = await caseWithMeeting(server, '2026-06-15T09:00:00+02:00');
    // A sweep claimed these e-mails and died before the SMTP conversation finished.
    await suite.shared.prisma.notification.updateMany({ where: { caseId }, data: { status: 'sending', attempts: 1 } });
    clock.set('2026-06-01T10:00:00Z');
    const report = await server.stegvis.scheduler.sweepOnce();
    expect(report.uncertain).toBeGreaterThanOrEqual(2);
    expect(countFor(caseId)).toBe(0);
  });
});

/**
 * The stored day of a deadline's next e-mail ("nextNoticeOn", issue 19): the scheduler's sweep reads a deadline only
 * when an e-mail of it may be due, yet loses none (a day stored too early costs a read, not an e-mail) and sends none
 * twice.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { DeadlinePeriods } from '../../src/deadlines/deadline-policy';
import { dueDeadlines } from '../../src/notifications/scheduler';
import { samplePayloads } from '../support/anvisning-payloads';
import { sharedSchedulerDatabase } from '../support/shared-scheduler-database';
import { TestClock, personnummerFor } from '../support/test-app';

const suite = sharedSchedulerDatabase();
let serial = 0;

async function startServer(clock: TestClock, periods?: Partial<DeadlinePeriods>) {
  const stegvis = await suite.open({ clock, secret: 'next-notice-test-secret-next-notice', periods: periods ?? {} });
  const http = request(stegvis.app);
  const postAs = async (username: string, url: string, body: object) => {
    const bearer = `Bearer ${(await http.post('/api/auth/dev-login').send({ username })).body.token as string}`;
    return http.post(url).set('Authorization', bearer).send(body);
  };
  const post = (url: string, body: object) => postAs('anna', url, body);
  return { stegvis, post, postAs };
}

/** A case whose inskrivningsmöte is booked for `meetingAt`; returns the meeting's deadline id. */
async function bookedMeeting(server: Awaited<ReturnType<typeof startServer>>, meetingAt: string): Promise<{ caseId: string; deadlineId: bigint }> {
  const created = await server.post('/api/cases', { client: { personnummer: personnummerFor('1991-03-03', (serial += 1)), name: 'Nästa Dag' } });
  const caseId = created.body.id as string;
  const steps = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const;
  for (const type of steps) expect((await server.post(`/api/cases/${caseId}/events`, { type, ...samplePayloads[type] })).status).toBe(200);
  expect((await server.post(`/api/cases/${caseId}/events`, { type: 'INSKRIVNING_BOOKED', at: meetingAt, place: 'KC', interpreter: false })).status).toBe(200);
  const deadline = await suite.shared.prisma.deadline.findFirstOrThrow({ where: { caseId, kind: 'inskrivningsmote' } });
  return { caseId, deadlineId: deadline.id };
}

const remindersOf = (caseId: string) => suite.smtp.messages.filter((mail) => mail.parsed.text?.includes(caseId) && mail.parsed.subject?.startsWith('Påminnelse')).length;
const readOn = async (day: string) => (await dueDeadlines(suite.shared.prisma, day)).map((deadline) => deadline.id);
const storedDay = async (deadlineId: bigint) =>
  (await suite.shared.prisma.deadline.findUniqueOrThrow({ where: { id: deadlineId } })).nextNoticeOn?.toISOString().slice(0, 10);

describe('the next e-mail day stored on a deadline', () => {
  it('keeps a deadline whose e-mails are all queued out of the sweep until its next e-mail is due', async () => {
    const clock = new TestClock(new Date('2026-03-02T09:00:00Z'));
    const server = await startServer(clock);
    // Meeting on Tuesday 10 March: reminded on Monday 9 March, escalated 7 days after (if nobody records it).
    const { caseId, deadlineId } = await bookedMeeting(server, '2026-03-10T09:00:00+01:00');
    expect(await storedDay(deadlineId)).toBe('2026-03-09');
    expect(await readOn('2026-03-06')).not.toContain(deadlineId);

    clock.set('2026-03-09T06:00:00Z');
    await server.stegvis.scheduler.sweepOnce();
    expect(remindersOf(caseId)).toBe(2);
    expect(await storedDay(deadlineId)).toBe('2026-03-17');
    for (const day of ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-16']) expect(await readOn(day)).not.toContain(deadlineId);
    expect(await readOn('2026-03-17')).toContain(deadlineId);
  });

  it('still sends an e-mail on its day when the stored day is early, and sends nothing twice', async () => {
    const clock = new TestClock(new Date('2026-04-01T09:00:00Z'));
    const server = await startServer(clock);
    // Meeting on Thursday 16 April: reminded on Wednesday 15 April.
    const { caseId, deadlineId } = await bookedMeeting(server, '2026-04-16T09:00:00+02:00');
    await server.stegvis.scheduler.sweepOnce(); // the invitations
    await suite.shared.prisma.deadline.update({ where: { id: deadlineId }, data: { nextNoticeOn: new Date('2026-01-01T00:00:00Z') } });

    // Read early: nothing due yet, and the day is moved on to the reminder's.
    clock.set('2026-04-07T06:00:00Z');
    expect((await server.stegvis.scheduler.sweepOnce()).notificationsQueued).toBe(0);
    expect(await storedDay(deadlineId)).toBe('2026-04-15');

    clock.set('2026-04-15T06:00:00Z');
    await server.stegvis.scheduler.sweepOnce();
    expect(remindersOf(caseId)).toBe(2);

    // Early again after the reminders went out (an older writer, a migration): read once more, nothing resent.
    await suite.shared.prisma.deadline.update({ where: { id: deadlineId }, data: { nextNoticeOn: new Date('2026-04-01T00:00:00Z') } });
    clock.set('2026-04-15T12:00:00Z');
    expect((await server.stegvis.scheduler.sweepOnce()).notificationsQueued).toBe(0);
    expect(remindersOf(caseId)).toBe(2);
    expect(await storedDay(deadlineId)).toBe('2026-04-23');
  });

  it('reads a deadline again when a handover gives it a new owner after its reminders went out: the new owner is reminded too', async () => {
    const clock = new TestClock(new Date('2026-05-18T09:00:00Z'));
    const server = await startServer(clock);
    // Meeting on Wednesday 27 May: reminded on Tuesday 26 May.
    const { caseId, deadlineId } = await bookedMeeting(server, '2026-05-27T09:00:00+02:00');
    clock.set('2026-05-26T06:00:00Z');
    await server.stegvis.scheduler.sweepOnce();
    const before = remindersOf(caseId);
    expect(await storedDay(deadlineId)).toBe('2026-06-03');

    const handedOver = await server.postAs('fatima', `/api/cases/${caseId}/events`, { type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: 'Anna är ledig.' });
    expect(handedOver.status).toBe(200);
    expect(await readOn('2026-05-26')).toContain(deadlineId);
    clock.set('2026-05-26T08:00:00Z');
    await server.stegvis.scheduler.sweepOnce();
    const toMaja = suite.smtp.messages.filter((mail) => mail.parsed.text?.includes(caseId) && mail.parsed.subject?.startsWith('Påminnelse') && mail.to.includes('maja@stegvis.local'));
    expect(toMaja).toHaveLength(1);
    expect(remindersOf(caseId)).toBe(before + 1);
    expect(await storedDay(deadlineId)).toBe('2026-06-03');
  });

  it('reads every open deadline again when the scheduler starts with other reminder settings: a shorter escalation still escalates on its new day', async () => {
    const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
    const server = await startServer(clock);
    // Meeting on Thursday 10 September: reminded on Wednesday 9 September, escalated 7 days after (the default).
    const { caseId, deadlineId } = await bookedMeeting(server, '2026-09-10T09:00:00+02:00');
    clock.set('2026-09-09T06:00:00Z');
    await server.stegvis.scheduler.sweepOnce();
    expect(await storedDay(deadlineId)).toBe('2026-09-17');

    // Restarted with escalation after 2 days: the day stored under 7 would be late.
    const restarted = await startServer(new TestClock(new Date('2026-09-12T06:00:00Z')), { escalationDays: 2 });
    await restarted.stegvis.scheduler.sweepOnce();
    const escalations = suite.smtp.messages.filter((mail) => mail.parsed.text?.includes(caseId) && mail.parsed.subject?.startsWith('Eskalering'));
    expect(escalations.length).toBeGreaterThan(0);
    expect((await suite.shared.prisma.deadline.findUniqueOrThrow({ where: { id: deadlineId } })).escalatedAt).not.toBeNull();
  });
});

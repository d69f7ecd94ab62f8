/**
 * A reminder goes to exactly one person: the recipient's stored address is handed to the
 * mail server as one address with the person's name, never as a string that could name
 * several; an address that is not one valid address is reported, not mailed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../support/smtp-sink';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({ env: { SMTP_URL: smtp.url, SCHEDULER_INTERVAL_SECONDS: '0' } });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

describe('the recipient of an e-mail', () => {
  it('is one address with the person’s name; a stored address list reaches nobody', async () => {
    const anna = await app.as('anna');
    const created = await anna.createCase({ personnummer: personnummerFor('1969-09-09', 1), name: 'Adress Adressson' });
    const caseId = created.body.id as string;
    const prisma = app.database.prisma;
    // An address that slipped in before it was checked: two recipients in one string.
    await prisma.user.update({ where: { id: 'anna' }, data: { email: 'anna@stegvis.local, evil@attacker.example' } });
    const data = { kind: 'paminnelse', caseId, caseReference: 'KC-000001', deadlineKind: 'genomforandeplan_upprattad', dueDate: '2026-02-17', responsibleRole: 'socialsekreterare' };
    const dueAt = new Date(app.clock.now().getTime() - 60_000);
    await prisma.notification.createMany({
      data: [
        { dedupeKey: `test-anna-${caseId}`, caseId, kind: 'paminnelse', recipientUserId: 'anna', data, dueAt },
        { dedupeKey: `test-kalle-${caseId}`, caseId, kind: 'paminnelse', recipientUserId: 'kalle', data, dueAt },
      ],
    });

    await app.stegvis.scheduler.sweepOnce();

    expect(smtp.messages.flatMap((mail) => mail.to)).not.toContain('evil@attacker.example');
    expect(smtp.messages.some((mail) => mail.raw.includes('attacker.example'))).toBe(false);
    const toKalle = smtp.messages.filter((mail) => mail.to.includes('kalle@stegvis.local'));
    expect(toKalle).toHaveLength(1);
    expect(toKalle[0]!.parsed.to).toMatchObject({ value: [{ name: 'Kalle Karlsson', address: 'kalle@stegvis.local' }] });
    const annas = await prisma.notification.findUnique({ where: { dedupeKey: `test-anna-${caseId}` } });
    expect(annas).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/not one valid e-mail address/) });
  });
});

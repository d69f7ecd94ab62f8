import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import type { PrismaClient } from '../../src/db/database';
import { createMailer, type Mailer } from '../../src/notifications/mailer';
import { renderNotification, type NotificationData } from '../../src/notifications/templates';
import { createTestDatabase } from '../support/test-database';

const caseId = '6f1c2a3b-0000-4000-8000-000000000007';
const base = { caseId, caseReference: 'KC-000123' };
const deadline = { ...base, deadlineKind: 'genomforandeplan_upprattad', dueDate: '2026-03-12', responsibleRole: 'arbetsmarknadskonsulent' } as const;
const examples: NotificationData[] = [
  { kind: 'paminnelse', ...deadline },
  { kind: 'forfallen', ...deadline },
  { kind: 'eskalering', ...deadline },
  { kind: 'kallelse', ...base, meeting: 'inskrivningsmote', at: '2026-03-12T09:30:00+01:00', place: 'KC Angered, rum 3', uid: `${caseId}-inskrivning@stegvis`, sequence: 4 },
];
/** One recipient, name and address (never a string nodemailer would read as a list). */
const KALLE = { name: 'Kalle Karlsson', address: 'kalle@goteborg.example' };
const noPrisma = null as unknown as PrismaClient; // the SMTP mailer never touches the database

/** A real SMTP server on loopback: no TLS, no auth; `handlers` can refuse. */
async function startSmtpServer(handlers: Pick<SMTPServerOptions, 'onRcptTo' | 'onData'> = {}) {
  const received: { rcptTo: string[]; parsed: ParsedMail }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      void simpleParser(stream).then(
        (parsed) => {
          received.push({ rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), parsed });
          callback();
        },
        callback,
      );
    },
    ...handlers,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function smtpMailer(url: string): Mailer {
  return createMailer(loadConfig({ SMTP_URL: url, PUBLIC_BASE_URL: 'https://stegvis.example' }).mail, noPrisma);
}

describe('the SMTP mailer, in a real SMTP conversation', () => {
  let server: Awaited<ReturnType<typeof startSmtpServer>>;
  let mailer: Mailer;
  beforeAll(async () => {
    server = await startSmtpServer();
    mailer = smtpMailer(server.url);
  });
  afterAll(async () => {
    await mailer.close();
    await server.close();
  });

  it('delivers every kind of message with subject, text, html and the link', async () => {
    expect(mailer.kind).toBe('smtp');
    for (const data of examples) {
      const rendered = renderNotification(data, { publicBaseUrl: 'https://stegvis.example' });
      const { messageId } = await mailer.send({ to: KALLE, ...rendered });
      const mail = server.received.at(-1)!;
      expect(mail.parsed.messageId).toBe(messageId);
      expect(mail.rcptTo).toEqual(['kalle@goteborg.example']);
      expect(mail.parsed.to).toMatchObject({ value: [KALLE] });
      expect(mail.parsed.from?.value).toEqual([{ name: 'Stegvis', address: 'noreply@stegvis.local' }]);
      expect(mail.parsed.subject).toBe(rendered.subject);
      expect(mail.parsed.subject).toContain('KC-000123');
      expect(mail.parsed.text?.trim()).toBe(rendered.text.trim());
      expect(mail.parsed.html).toBe(rendered.html);
      expect(mail.parsed.text).toContain(`https://stegvis.example/arenden/${caseId}`);
      expect(mail.parsed.html).toContain(`<a href="https://stegvis.example/arenden/${caseId}">`);
    }
    expect(server.received.map((mail) => mail.parsed.subject)).toEqual([
      'Påminnelse: Genomförandeplan ska upprättas senast 12 mars 2026 – ärende KC-000123',
      'Att göra: Genomförandeplan ska upprättas senast 12 mars 2026 – ärende KC-000123',
      'Eskalering: försenat steg – Genomförandeplan ska upprättas senast 12 mars 2026 – ärende KC-000123',
      'Inskrivningsmöte 12 mars 2026 kl. 09:30 – ärende KC-000123',
    ]);
  });

  it('sends only the reminders without a calendar, and the kallelse with a text/calendar invitation', () => {
    const calendarParts = server.received.map((mail) => mail.parsed.attachments.filter((part) => part.contentType === 'text/calendar'));
    expect(calendarParts.map((parts) => parts.length)).toEqual([0, 0, 0, 1]);
    const invitation = calendarParts[3]![0]!;
    expect(invitation.headers.get('content-type')).toMatchObject({ value: 'text/calendar', params: { method: 'REQUEST', charset: 'utf-8' } });
    const ics = invitation.content.toString('utf8');
    expect(ics).toMatch(/^METHOD:REQUEST\r$/m);
    expect(ics).toMatch(/^DTSTART:20260312T083000Z\r$/m);
    expect(ics).toMatch(/^DTEND:20260312T093000Z\r$/m);
    expect(ics).toMatch(/^LOCATION:KC Angered\\, rum 3\r$/m);
    expect(ics).toMatch(new RegExp(`^UID:${caseId}-inskrivning@stegvis\\r$`, 'm'));
    expect(ics).toMatch(/^SEQUENCE:4\r$/m);
    // The same invitation as a file for clients that ignore the calendar part.
    expect(server.received[3]!.parsed.attachments.find((part) => part.filename === 'kallelse.ics')?.content.toString('utf8')).toBe(ics);
  });
});

describe('the SMTP mailer, when delivery fails', () => {
  const message = { to: KALLE, ...renderNotification(examples[0]!, { publicBaseUrl: 'https://stegvis.example' }) };

  it('rejects when the server refuses the recipient', async () => {
    const server = await startSmtpServer({ onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 })) });
    const mailer = smtpMailer(server.url);
    try {
      await expect(mailer.send(message)).rejects.toMatchObject({ responseCode: 550 });
      expect(server.received).toHaveLength(0);
    } finally {
      await mailer.close();
      await server.close();
    }
  });

  it('rejects when the server refuses the message', async () => {
    const server = await startSmtpServer({
      onData: (stream, _session, callback) => {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
      },
    });
    const mailer = smtpMailer(server.url);
    try {
      await expect(mailer.send(message)).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      await mailer.close();
      await server.close();
    }
  });

  it('rejects when nothing listens on the port', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const mailer = smtpMailer(`smtp://127.0.0.1:${port}`);
    await expect(mailer.send(message)).rejects.toMatchObject({ code: 'ESOCKET' });
    await mailer.close();
  });
});

describe('the outbox mailer (no SMTP_URL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('writes each message to OutboxMessage and answers outbox-<id>', async () => {
    const mailer = createMailer(loadConfig({}).mail, database.prisma);
    expect(mailer.kind).toBe('outbox');
    const links = { publicBaseUrl: 'https://stegvis.example' };
    const reminder = renderNotification(examples[0]!, links);
    const invitation = renderNotification(examples[3]!, links);
    const first = await mailer.send({ to: KALLE, ...reminder });
    const second = await mailer.send({ to: { name: 'Anna Andersson', address: 'anna@goteborg.example' }, ...invitation });
    await mailer.close();

    const rows = await database.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((row) => `outbox-${row.id}`)).toEqual([first.messageId, second.messageId]);
    expect(rows[0]).toMatchObject({ to: 'kalle@goteborg.example', subject: reminder.subject, text: reminder.text, html: reminder.html, ics: null });
    expect(rows[1]).toMatchObject({ to: 'anna@goteborg.example', subject: invitation.subject, ics: invitation.ics!.content });
  });
});

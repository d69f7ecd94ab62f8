/**
 * Sends e-mail: over SMTP (nodemailer) when SMTP_URL is set, otherwise into the
 * OutboxMessage table, which GET /api/outbox shows (the embedded default, so a new
 * user sees the reminders without a mail server). Both throw on failure; the
 * caller retries with backoff.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { PrismaClient } from '../db/database';

/**
 * One recipient. nodemailer takes an address object as exactly one address; a string would be
 * parsed as an address list, so a stored `a@x, b@y` would mail two people.
 */
export interface MailRecipient {
  name: string;
  address: string;
}

export interface MailMessage {
  to: MailRecipient;
  subject: string;
  text: string;
  html: string;
  ics?: { filename: string; content: string };
}

export interface Mailer {
  kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): Promise<void>;
}

export function createMailer(config: Config['mail'], prisma: PrismaClient): Mailer {
  return config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.from) : createOutboxMailer(prisma);
}

function createSmtpMailer(url: string, from: string): Mailer {
  // Short timeouts (nodemailer's default socket timeout is 10 minutes): a hung server must fail the send, so the sweep retries later.
  // smtps:// is TLS from the start; on smtp:// nodemailer upgrades with STARTTLS when the server offers it.
  // A pool keeps the connection between messages: a sweep of many reminders pays one handshake, not one each
  // (bench: 104.6 ms per e-mail without, 4.1 ms with; docs/performance.md).
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: 2, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
  return {
    kind: 'smtp',
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // nodemailer's icalEvent is the shape Outlook shows as a meeting request: a
        // `text/calendar; charset=utf-8; method=REQUEST` part beside text and html,
        // plus the same file as an .ics attachment for other clients.
        icalEvent: message.ics && { method: 'REQUEST', filename: message.ics.filename, content: message.ics.content },
      });
      return { messageId: info.messageId };
    },
    async close() {
      transport.close();
    },
  };
}

function createOutboxMailer(prisma: PrismaClient): Mailer {
  return {
    kind: 'outbox',
    async send(message) {
      const row = await prisma.outboxMessage.create({
        data: { to: message.to.address, subject: message.subject, text: message.text, html: message.html, ics: message.ics?.content ?? null },
      });
      return { messageId: `outbox-${row.id}` };
    },
    async close() {},
  };
}

/** The outbox's e-mails addressed to this user (GET /api/outbox, dev mode only), newest first; none for a user without an address. */
export async function readOutbox(prisma: PrismaClient, user: { email?: string | null }, limit: number) {
  const messages = user.email
    ? await prisma.outboxMessage.findMany({ where: { to: { equals: user.email, mode: 'insensitive' } }, orderBy: { id: 'desc' }, take: limit })
    : [];
  return messages.map((message) => ({ ...message, id: String(message.id), createdAt: message.createdAt.toISOString() }));
}

/**
 * Sends e-mail: over SMTP (nodemailer) when SMTP_URL is set, otherwise into the
 * OutboxMessage table, which GET /api/outbox shows (the embedded default, so a new
 * user sees the reminders without a mail server). Both throw on failure; the
 * scheduler retries.
 */
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config';
import type { PrismaClient } from '../db/database';

export interface MailMessage {
  to: string;
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

export function createMailer(config: MailConfig, prisma: PrismaClient): Mailer {
  return config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.from) : createOutboxMailer(prisma);
}

function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  // Plain loopback servers (tests, a local relay) may not offer TLS; elsewhere nodemailer upgrades with STARTTLS when offered.
  const transport = nodemailer.createTransport(smtpUrl, { from });
  return {
    kind: 'smtp',
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // An invitation Outlook shows as a meeting request: a text/calendar part with METHOD:REQUEST.
        icalEvent: message.ics ? { method: 'REQUEST', filename: message.ics.filename, content: message.ics.content } : undefined,
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
        data: { to: message.to, subject: message.subject, text: message.text, html: message.html, ics: message.ics?.content ?? null },
      });
      return { messageId: `outbox-${row.id}` };
    },
    async close() {},
  };
}

/** A real SMTP server on loopback (npm smtp-server) that keeps every message it receives, raw and parsed. */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** What the test was doing when the message arrived (e.g. the simulated day). */
  tag: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export async function startSmtpSink() {
  const messages: ReceivedMail[] = [];
  let tag = '';
  const server = new SMTPServer({
    authOptional: true,
    // Clients that died (a killed server) must not hold up closing.
    closeTimeout: 1000,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            messages.push({ tag, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: raw.toString('utf8'), parsed });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    setTag(value: string) {
      tag = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

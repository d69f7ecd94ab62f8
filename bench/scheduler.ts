/**
 * Part 5: scheduler throughput. Active referrals whose deadlines fall around
 * today are seeded; two scheduler processes (src/cli/scheduler.ts, sweeping
 * every second) queue and send the reminders to a real SMTP server on loopback
 * (npm smtp-server, in this process). Reported: reminders per minute from the
 * first to the last message received, and duplicates (the same recipient,
 * subject and body twice; and messages received versus ledger rows sent).
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { openDatabase } from '../src/db/database';
import { benchConfig } from './lib/config';
import { resetDatabase, withClient } from './lib/pg';
import { DEV_TOKEN_SECRET, startNode, type Child } from './lib/processes';
import { log } from './lib/report';
import { seedCases } from './scale/seed';

interface Received {
  at: number;
  to: string;
  key: string;
}

async function startSink() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // The sink's own cost stays out of the figure: no reverse DNS lookup of the client per connection.
    disableReverseLookup: true,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        // Same recipient, subject and text = the same e-mail (Message-ID and Date differ per send, so leave the headers out).
        const subject = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
        const body = raw.slice(raw.indexOf('\r\n\r\n'));
        const boundaryFree = body.replace(/--_?[A-Za-z0-9_=.-]{10,}/g, '');
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(',');
        received.push({ at: Date.now(), to, key: createHash('sha256').update(`${to}\n${subject}\n${boundaryFree}`).digest('hex') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function runScheduler() {
  const url = benchConfig.schedulerDatabaseUrl;
  await resetDatabase(url);
  const database = await openDatabase({ kind: 'postgres', url });
  await database.close();
  const now = new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  log(`  seeding ${benchConfig.schedulerCases} active referrals…`);
  await withClient(url, (client) => seedCases(client, { from: 1, to: benchConfig.schedulerCases, today, activePerMille: 1000, batch: benchConfig.seedBatch }));

  const sink = await startSink();
  const processes: Child[] = [];
  const started = Date.now();
  try {
    for (let i = 0; i < benchConfig.schedulerProcesses; i += 1) {
      processes.push(
        startNode(
          'src/cli/scheduler.ts',
          { DATABASE_URL: url, SMTP_URL: sink.url, SCHEDULER_INTERVAL_SECONDS: '1', LOG_LEVEL: 'info', DEV_TOKEN_SECRET, STEGVIS_DATA_DIR: '', PORT: '0' },
          { captureStdout: true },
        ),
      );
    }
    log(`  ${processes.length} scheduler processes sweeping every second…`);
    // Done when nothing is pending or being sent, and nothing new arrived for three polls.
    let quietPolls = 0;
    let lastReceived = -1;
    let status: Record<string, number> = {};
    while (Date.now() - started < 20 * 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const child of processes) {
        if (child.process.exitCode !== null) throw new Error(`A scheduler process exited (${child.process.exitCode}):\n${child.stderrTail()}`);
      }
      status = await withClient(url, async (client) =>
        Object.fromEntries(
          (await client.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM "Notification" GROUP BY status`)).rows.map((row) => [row.status, Number(row.n)]),
        ),
      );
      const busy = (status.pending ?? 0) + (status.sending ?? 0);
      if (busy === 0 && sink.received.length > 0 && sink.received.length === lastReceived) quietPolls += 1;
      else quietPolls = 0;
      if (sink.received.length !== lastReceived && sink.received.length % 500 < 100) log(`    ${sink.received.length} e-mails received, ${busy} pending`);
      lastReceived = sink.received.length;
      if (quietPolls >= 3) break;
    }
  } finally {
    await Promise.all(processes.map((child) => child.stop()));
    await sink.close();
  }
  const received = sink.received;
  const first = received[0]?.at ?? started;
  const last = received.at(-1)?.at ?? started;
  const distinct = new Set(received.map((mail) => mail.key)).size;
  const ledger = await withClient(url, async (client) =>
    Object.fromEntries(
      (await client.query<{ kind: string; status: string; n: string }>(`SELECT kind || ':' || status AS kind, count(*) AS n FROM "Notification" GROUP BY 1`)).rows.map(
        (row) => [row.kind, Number(row.n)],
      ),
    ),
  );
  const sentInLedger = Object.entries(ledger).filter(([key]) => key.endsWith(':sent')).reduce((total, [, n]) => total + n, 0);
  // What each process says it sent (its "Scheduler sweep done" log lines).
  const sentPerProcess = processes.map((child) =>
    child.stdoutLines.reduce((total, line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; sent?: number };
        return entry.msg === 'Scheduler sweep done' ? total + (entry.sent ?? 0) : total;
      } catch {
        return total;
      }
    }, 0),
  );
  const minutes = Math.max(1e-9, (last - first) / 60_000);
  const result = {
    cases: benchConfig.schedulerCases,
    processes: processes.length,
    received: received.length,
    distinct,
    duplicates: received.length - distinct,
    sentInLedger,
    receivedMinusLedger: received.length - sentInLedger,
    ledger,
    sentPerProcess,
    secondsFirstToLast: Math.round((last - first) / 100) / 10,
    secondsFromStart: Math.round((last - started) / 100) / 10,
    perMinute: Math.round(received.length / minutes),
  };
  log(
    `  scheduler: ${result.received} e-mails in ${result.secondsFirstToLast} s = ${result.perMinute}/min, ${result.duplicates} duplicates, ledger sent ${sentInLedger}, per process ${sentPerProcess.join(' + ')}`,
  );
  return result;
}

/**
 * For the reminder suites: a real SMTP sink and one test database, shared by several Stegvis instances that each
 * open their own connection pool on it (with PostgreSQL), as separate server processes would. All closed after the suite.
 */
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config';
import { DEFAULT_PERIODS, type DeadlinePeriods } from '../../src/deadlines/deadline-policy';
import { openDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { createStegvis, type Stegvis } from '../../src/server';
import { startSmtpSink } from './smtp-sink';
import type { TestClock } from './test-app';
import { createTestDatabase } from './test-database';

export function sharedSchedulerDatabase() {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
  let shared: (Database & { url: string | null }) | undefined;
  const opened: { stegvis: Stegvis; database?: Database }[] = [];

  beforeAll(async () => {
    smtp = await startSmtpSink();
    shared = await createTestDatabase();
  });
  afterAll(async () => {
    for (const { stegvis, database } of opened) {
      await stegvis.close();
      await database?.close();
    }
    await shared?.close();
    await smtp?.close();
  });

  return {
    get smtp() {
      if (!smtp) throw new Error('the SMTP sink starts in beforeAll');
      return smtp;
    },
    get shared() {
      if (!shared) throw new Error('the database opens in beforeAll');
      return shared;
    },
    /** A Stegvis server on the shared database, as one more process would be; `smtpUrl` defaults to the sink. */
    async open(options: { clock: TestClock; secret: string; smtpUrl?: string; periods?: Partial<DeadlinePeriods> }): Promise<Stegvis> {
      const base = this.shared;
      const database = base.url ? await openDatabase({ kind: 'postgres', url: base.url }) : undefined;
      const config = loadConfig({ LOG_LEVEL: 'silent', DEV_TOKEN_SECRET: options.secret, SMTP_URL: options.smtpUrl ?? this.smtp.url });
      // Without periods of its own, the server reads them from the environment, as it does when deployed.
      const periods = options.periods ? { periods: { ...DEFAULT_PERIODS, ...options.periods } } : {};
      const stegvis = await createStegvis({ config, database: database ?? base, clock: options.clock, logger: createLogger({ logLevel: 'silent' }), ...periods });
      opened.push({ stegvis, database });
      return stegvis;
    },
  };
}

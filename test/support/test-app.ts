/**
 * A real Stegvis on a fresh database for one test file: the Express app in
 * process, PGlite in memory (or a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set), demo users seeded, a clock the test controls.
 */
import request from 'supertest';
import { expect } from 'vitest';
import type { AnvisningEventType, AnvisningPayload } from '../../machines/anvisning';
import type { SettableClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { createStegvis, type Stegvis } from '../../src/server';
import { loadGallringConfig } from '../../src/gallring/gallring-config';
import { loadStatisticsConfig } from '../../src/statistics/statistics-config';
import { samplePayloads } from './anvisning-payloads';
import { createTestDatabase } from './test-database';

/** Time stands still until the test moves it. */
export class TestClock implements SettableClock {
  constructor(private current = new Date('2026-01-15T09:00:00Z')) {}
  now() {
    return new Date(this.current);
  }
  set(target: Date | string) {
    this.current = new Date(target);
  }
}

export interface TestApp {
  stegvis: Stegvis;
  database: Database;
  clock: TestClock;
  http: ReturnType<typeof request>;
  /** Every log line the server wrote, as JSON text: tests search it for personal data. */
  logLines: string[];
  as(username: string): Promise<UserSession>;
  close(): Promise<void>;
}

export async function startTestApp(options: { env?: Record<string, string>; now?: string; database?: Database } = {}): Promise<TestApp> {
  // A database the test filled first (e.g. as an older release wrote it), or a fresh one.
  const database = options.database ?? (await createTestDatabase());
  const clock = new TestClock(options.now ? new Date(options.now) : undefined);
  // The suites drive many requests per user in seconds: no per-user rate limits unless a test asks for them.
  const config = loadConfig({ LOG_LEVEL: 'debug', DEV_TOKEN_SECRET: 'test-secret-test-secret-test-secret!', API_RATE_LIMIT_PER_MINUTE: '0', LOOKUP_RATE_LIMIT_PER_MINUTE: '0', STATISTICS_RATE_LIMIT_PER_MINUTE: '0', REGISTERUTDRAG_RATE_LIMIT_PER_MINUTE: '0', ...options.env });
  const logLines: string[] = [];
  const logger = createLogger(config, { write: (line: string) => void logLines.push(line) });
  // The statistics' and gallring's settings from the test's env only (the defaults unless it sets them).
  const stegvis = await createStegvis({ config, database, clock, logger, statistics: loadStatisticsConfig(options.env ?? {}), gallring: loadGallringConfig(options.env ?? {}) });
  const http = request(stegvis.app);
  const sessions = new Map<string, UserSession>();
  return {
    stegvis,
    database,
    clock,
    http,
    logLines,
    async as(username) {
      let session = sessions.get(username);
      if (!session) {
        const response = await http.post('/api/auth/dev-login').send({ username });
        expect(response.status, `dev login for ${username}`).toBe(200);
        session = new UserSession(http, response.body.token as string);
        sessions.set(username, session);
      }
      return session;
    },
    async close() {
      await stegvis.close();
      await database.close();
    },
  };
}

/** One logged-in user talking to the API. */
export class UserSession {
  constructor(
    private readonly http: ReturnType<typeof request>,
    readonly token: string,
  ) {}

  get(path: string) {
    return this.http.get(path).set('Authorization', `Bearer ${this.token}`);
  }

  post(path: string, body?: object) {
    const request = this.http.post(path).set('Authorization', `Bearer ${this.token}`);
    return body === undefined ? request : request.send(body);
  }

  createCase(client: { personnummer: string; name: string; protectedIdentity?: boolean }) {
    return this.post('/api/cases', { client });
  }

  /** Send an event with the sample payload, overridden where given. */
  send<T extends AnvisningEventType>(caseId: string, type: T, overrides: Partial<AnvisningPayload<T>> = {}) {
    return this.post(`/api/cases/${caseId}/events`, { type, ...samplePayloads[type], ...overrides });
  }

  /** Send an event and insist it is accepted; returns the new case view. */
  async step<T extends AnvisningEventType>(caseId: string, type: T, overrides: Partial<AnvisningPayload<T>> = {}) {
    const response = await this.send(caseId, type, overrides);
    expect(response.status, `${type}: ${JSON.stringify(response.body)}`).toBe(200);
    return response.body as { state: string; status: string; version: number; allowedEvents: string[] } & Record<string, unknown>;
  }
}

/** Valid, distinct personnummer for tests (Luhn check digit computed). */
export function personnummerFor(birthDate: string, serial: number): string {
  const base = `${birthDate.replaceAll('-', '')}${String(serial).padStart(3, '0')}`;
  const digits = base.slice(2);
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let value = Number(digits[index]) * (index % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  }
  return `${base.slice(0, 8)}-${base.slice(8)}${(10 - (sum % 10)) % 10}`;
}

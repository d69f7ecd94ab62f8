/** Test doubles for the HTTP scaffolding: users in memory, logs in an array, an app with dummy routes. */
import type { Router } from 'express';
import type { AuthUser, UserDirectory } from '../../src/auth/types';
import { loadConfig, type Config } from '../../src/config';
import { createApp, type AppDeps } from '../../src/http/app';
import { createLogger } from '../../src/logger';

export const TEST_SECRET = 'test-secret-test-secret-test-secret!';

export const ANNA: AuthUser = { id: 'u-anna', username: 'anna', displayName: 'Anna Andersson', role: 'socialsekreterare', unit: 'SF Nordost' };
export const SYSTEM: AuthUser = { id: 'system', username: 'system', displayName: 'Stegvis', role: 'system', unit: 'Stegvis' };

export class InMemoryUserDirectory implements UserDirectory {
  readonly byId = new Map<string, AuthUser>();
  upserts = 0;

  constructor(users: AuthUser[] = [ANNA, SYSTEM]) {
    for (const user of users) this.byId.set(user.id, user);
  }

  async findByUsername(username: string) {
    const user = [...this.byId.values()].find((u) => u.username === username);
    return user && user.role !== 'system' ? user : null;
  }

  async upsertFromClaims(user: AuthUser) {
    this.upserts += 1;
    this.byId.set(user.id, user);
    return user;
  }
}

/** Everything pino writes, as text and as parsed lines. */
export function captureLogs() {
  const chunks: string[] = [];
  return {
    stream: { write: (chunk: string) => void chunks.push(chunk) },
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export interface TestAppOptions {
  env?: Record<string, string>;
  config?: Config;
  users?: UserDirectory;
  checkReady?: () => Promise<void>;
  registerRoutes?: (api: Router) => void;
  logs?: ReturnType<typeof captureLogs>;
  readyTimeoutMs?: number;
}

export function buildTestApp(options: TestAppOptions = {}) {
  const config = options.config ?? loadConfig({ LOG_LEVEL: 'silent', DEV_TOKEN_SECRET: TEST_SECRET, ...options.env });
  const logs = options.logs ?? captureLogs();
  const deps: AppDeps = {
    config,
    logger: createLogger(config, logs.stream),
    users: options.users ?? new InMemoryUserDirectory(),
    checkReady: options.checkReady ?? (async () => {}),
    registerRoutes: options.registerRoutes,
    readyTimeoutMs: options.readyTimeoutMs,
  };
  return { app: createApp(deps), config, logs, users: deps.users };
}

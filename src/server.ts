/**
 * Composition root: wires configuration, database, clock, logger, the case
 * service and the HTTP app. main.ts starts it; the tests start it in process.
 */
import type { Server } from 'node:http';
import type express from 'express';
import { createCaseService } from './cases/case-service';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import type { Database } from './db/database';
import { seedUsers } from './db/demo-users';
import { createUserDirectory } from './db/user-directory';
import { createApp } from './http/app';
import { registerCaseRoutes } from './http/case-routes';
import { createLogger, type Logger } from './logger';

export interface Stegvis {
  app: express.Express;
  logger: Logger;
  listen(): Promise<Server>;
  close(): Promise<void>;
}

export async function createStegvis(deps: { config: Config; database: Database; clock?: Clock; logger?: Logger }): Promise<Stegvis> {
  const { config, database } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? createLogger(config);
  // Demo users only where dev login is on: in production the identity provider vouches for users.
  await seedUsers(database.prisma, { demo: config.auth.mode === 'dev' });

  const cases = createCaseService({ prisma: database.prisma, clock });
  const app = createApp({
    config,
    logger,
    users: createUserDirectory(database.prisma),
    checkReady: () => database.ping(),
    registerRoutes: (api, openapi) => registerCaseRoutes(api, openapi, cases),
  });

  let server: Server | undefined;
  return {
    app,
    logger,
    listen() {
      return new Promise((resolve, reject) => {
        const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
        listening.once('error', reject);
        server = listening;
      });
    },
    async close() {
      if (!server) return;
      const closing = server;
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
}

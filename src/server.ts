/**
 * Composition root: wires configuration, database, clock, logger, the case
 * service and the HTTP app. main.ts starts it; the tests start it in process.
 */
import type { Server } from 'node:http';
import type express from 'express';
import { ANVISNING_VERSION } from '../machines/anvisning';
import { migrateRunningCases } from './aggregates/upgrade-runner';
import { createAssessmentService } from './assessments/assessment-service';
import { loadQuestionnaireCatalog } from './assessments/questionnaire-catalog';
import { createAccessLogMiddleware, readAccessLog } from './audit/access-log';
import { createCaseService } from './cases/case-service';
import { AdjustableClock, type SettableClock } from './clock';
import type { Config } from './config';
import type { Database } from './db/database';
import { seedUsers } from './db/demo-users';
import { createUserDirectory } from './db/user-directory';
import { createApp } from './http/app';
import { registerCaseRoutes } from './http/case-routes';
import { registerClientRoutes } from './http/client-routes';
import { registerRightsRoutes } from './http/rights-routes';
import { createClientRights } from './rights/client-rights';
import { createRegisterutdrag } from './rights/registerutdrag';
import { renderRegisterutdragPdf } from './rights/registerutdrag-pdf';
import { registerColleagueRoutes } from './http/colleague-routes';
import { createLogger, type Logger } from './logger';
import { loadDeadlinePeriods } from './deadlines/deadline-config';
import { listDeadlines } from './deadlines/deadline-queries';
import type { DeadlinePeriods } from './deadlines/deadline-policy';
import { registerSchedulingRoutes } from './http/scheduling-routes';
import { registerStatisticsRoutes } from './http/statistics-routes';
import { loadStatisticsConfig, type StatisticsConfig } from './statistics/statistics-config';
import { readStatistics } from './statistics/statistics-service';
import { createWebRouter, registerUiRoutes } from './http/ui-routes';
import { listColleagues } from './handover/colleagues';
import { createScheduledGallring } from './gallring/gallring';
import { loadGallringConfig, type GallringConfig } from './gallring/gallring-config';
import { createMailer, readOutbox } from './notifications/mailer';
import { createScheduler, type Scheduler } from './notifications/scheduler';

export interface Stegvis {
  app: express.Express;
  logger: Logger;
  scheduler: Scheduler;
  listen(): Promise<Server>;
  close(): Promise<void>;
}

export async function createStegvis(deps: {
  config: Config;
  database: Database;
  clock?: SettableClock;
  logger?: Logger;
  periods?: DeadlinePeriods;
  statistics?: StatisticsConfig;
  gallring?: GallringConfig;
}): Promise<Stegvis> {
  const { config, database } = deps;
  const clock = deps.clock ?? new AdjustableClock();
  const periods = deps.periods ?? loadDeadlinePeriods();
  const statistics = deps.statistics ?? loadStatisticsConfig();
  const gallring = deps.gallring ?? loadGallringConfig();
  const logger = deps.logger ?? createLogger(config);
  if (gallring.scheduled) logger.info({ retentionYears: gallring.retentionYears, accessLogRetentionMonths: gallring.accessLogRetentionMonths }, 'Gallring runs once a day from the scheduler (GALLRING_SCHEDULED=on)');
  // Demo users only where dev login is on: in production the identity provider vouches for users.
  await seedUsers(database.prisma, { demo: config.auth.mode === 'dev' });

  const catalog = await loadQuestionnaireCatalog(database.prisma, config.questionnaireDir);
  // Running cases move up to the current machine definitions before the first request (docs/architecture.md "Changing a machine").
  const upgrades = await migrateRunningCases({ prisma: database.prisma, clock, periods });
  if (upgrades.upgraded.length > 0 || upgrades.skipped > 0) {
    logger.info({ event: 'cases_upgraded', upgraded: upgrades.upgraded.length, skipped: upgrades.skipped, anvisningVersion: ANVISNING_VERSION }, 'running cases moved to the current machine definitions');
  }
  const assessments = createAssessmentService({ prisma: database.prisma, clock, catalog });
  const cases = createCaseService({ prisma: database.prisma, clock, periods, referralLink: assessments });
  const mailer = createMailer(config.mail, database.prisma);
  const scheduler = createScheduler({
    prisma: database.prisma,
    clock,
    mailer,
    cases,
    periods,
    publicBaseUrl: config.mail.publicBaseUrl,
    logger,
    // Off unless GALLRING_SCHEDULED=on: then once a day (docs/gallring.md).
    afterSweep: createScheduledGallring({ prisma: database.prisma, clock, config: gallring, logger }),
  });
  const app = createApp({
    config,
    logger,
    users: createUserDirectory(database.prisma),
    checkReady: () => database.ping(),
    accessLog: createAccessLogMiddleware({ prisma: database.prisma, logger }),
    registerRoutes: (api, openapi) => {
      registerCaseRoutes(api, openapi, cases);
      // The routes get the services' queries with the database given; they never hold it themselves.
      const { prisma } = database;
      registerClientRoutes(api, openapi, assessments, { registerClient: (user, details) => cases.registerClient(user, details) });
      registerRightsRoutes(api, openapi, {
        ...createClientRights({ prisma, clock }),
        makeRegisterutdrag: createRegisterutdrag({ prisma, clock, catalog }),
        renderPdf: renderRegisterutdragPdf,
      });
      registerColleagueRoutes(api, openapi, { listColleagues: (user, query) => listColleagues(prisma, user, query) });
      registerSchedulingRoutes(api, openapi, {
        listDeadlines: (user, query) => listDeadlines(prisma, user, query),
        readAccessLog: (user, query) => readAccessLog(prisma, user, query),
        readOutbox: (user, limit) => readOutbox(prisma, user, limit),
        scheduler,
        clock,
        devMode: config.auth.mode === 'dev',
      });
      registerStatisticsRoutes(api, openapi, {
        readStatistics: (user, query) =>
          readStatistics(prisma, statistics, clock.now(), user, query, (error) =>
            // The error's code only: its message could quote the facts' text.
            logger.warn({ errorCode: (error as { code?: unknown }).code ?? 'unknown' }, 'Statistics: the facts computed for stale referrals could not be stored (computed again at the next read)')),
      });
      registerUiRoutes(api, openapi, { cases, periods, clock });
    },
    registerPages: (app) => app.use(createWebRouter(config)),
  });

  let server: Server | undefined;
  return {
    app,
    logger,
    scheduler,
    listen() {
      return new Promise((resolve, reject) => {
        const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
        listening.once('error', reject);
        server = listening;
      });
    },
    async close() {
      await scheduler.stop();
      if (server) {
        const closing = server;
        await new Promise<void>((resolve) => closing.close(() => resolve()));
      }
      await mailer.close();
    },
  };
}

/**
 * Routes of the process's clock: the to-do list of deadlines, the outbox of the
 * embedded default, and (dev auth mode only) time travel for demos and tests.
 */
import type { Router } from 'express';
import { ZAuditQuery, noteAccess, type readAccessLog } from '../audit/access-log';
import { currentUser } from '../auth';
import type { SettableClock } from '../clock';
import { ZListDeadlinesQuery, type listDeadlines } from '../deadlines/deadline-queries';
import { AppError } from '../errors';
import type { readOutbox } from '../notifications/mailer';
import type { Scheduler } from '../notifications/scheduler';
import { z, type OpenAPIRegistry } from './openapi';
import { validate } from './validate';

const ZOutboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(100) });
const ZSetClock = z.strictObject({ now: z.iso.datetime({ offset: true, error: 'datetime_format' }) });

/** A query of a service with its database already given (the routes never hold the database themselves). */
type OnTheDatabase<F> = F extends (database: never, ...rest: infer A) => infer R ? (...rest: A) => R : never;

export interface SchedulingRouteDeps {
  listDeadlines: OnTheDatabase<typeof listDeadlines>;
  readAccessLog: OnTheDatabase<typeof readAccessLog>;
  readOutbox: OnTheDatabase<typeof readOutbox>;
  scheduler: Scheduler;
  clock: SettableClock;
  devMode: boolean;
}

export function registerSchedulingRoutes(api: Router, openapi: OpenAPIRegistry, deps: SchedulingRouteDeps): void {
  api.get('/deadlines', async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'deadline.list', caseIds: [] });
    const deadlines = await deps.listDeadlines(currentUser(req), validate(ZListDeadlinesQuery, req.query));
    noteAccess(res, { action: 'read', resource: 'deadline.list', caseIds: [...new Set(deadlines.map((deadline) => deadline.case.id))] });
    res.json({ deadlines });
  });

  // Loggkontroll: the unit's 1:e socialsekreterare reads who accessed what. Reading the log is logged too.
  api.get('/audit', async (req, res) => {
    const query = validate(ZAuditQuery, req.query);
    noteAccess(res, { action: 'read', resource: 'audit', caseIds: query.caseId ? [query.caseId] : [] });
    res.json({ entries: await deps.readAccessLog(currentUser(req), query) });
  });

  openapi.registerPath({
    method: 'get',
    path: '/api/deadlines',
    summary: 'Your to-do list: deadlines you own (mine=true), soonest first; escalation points get the overdue ones on their side',
    request: { query: ZListDeadlinesQuery },
    responses: { 200: { description: 'Deadlines with their case reference and client (masked where required)' } },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/audit',
    summary: 'Loggkontroll (1:e socialsekreterare): who read or wrote a case of your unit, or what a user accessed; newest first',
    request: { query: ZAuditQuery },
    responses: { 200: { description: 'Access log entries' }, 403: { description: 'Not a 1:e socialsekreterare' } },
  });
  if (!deps.devMode) return;
  // Mail written instead of sent when no SMTP_URL is set (dev mode only): each user reads the e-mails
  // addressed to them, and the read is logged. It never carries a client's personal data.
  api.get('/outbox', async (req, res) => {
    const user = currentUser(req);
    noteAccess(res, { action: 'read', resource: 'outbox', caseIds: [] });
    const { limit } = validate(ZOutboxQuery, req.query);
    res.json({ messages: await deps.readOutbox(user, limit) });
  });
  // Moving the clock moves time for every user of this server: the 1:e socialsekreterare's call.
  api.put('/dev/clock', (req, res) => {
    noteAccess(res, { action: 'write', resource: 'dev.clock', caseIds: [] });
    if (currentUser(req).role !== 'forste_socialsekreterare') {
      throw new AppError('FORBIDDEN', 'dev_clock_not_allowed');
    }
    deps.clock.set(new Date(validate(ZSetClock, req.body).now));
    res.json({ now: deps.clock.now().toISOString() });
  });
  // Any user: a sweep does now, at the server's current time, only what the scheduler does by itself every minute.
  api.post('/dev/scheduler/run', async (_req, res) => {
    noteAccess(res, { action: 'write', resource: 'dev.scheduler', caseIds: [] });
    res.json({ now: deps.clock.now().toISOString(), report: await deps.scheduler.sweepOnce() });
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/outbox',
    summary: 'Dev auth mode only: the e-mails addressed to you that were written to the outbox (no SMTP_URL configured), newest first',
    request: { query: ZOutboxQuery },
    responses: { 200: { description: 'Messages' } },
  });
  openapi.registerPath({
    method: 'put',
    path: '/api/dev/clock',
    summary: 'Dev auth mode only, 1:e socialsekreterare: move the server clock (time keeps running from there)',
    request: { body: { content: { 'application/json': { schema: ZSetClock } } } },
    responses: { 200: { description: 'The new time' }, 403: { description: 'Not a 1:e socialsekreterare' } },
  });
  openapi.registerPath({
    method: 'post',
    path: '/api/dev/scheduler/run',
    summary: 'Dev auth mode only: run one scheduler sweep now and report what it did',
    responses: { 200: { description: 'The sweep report' } },
  });
}

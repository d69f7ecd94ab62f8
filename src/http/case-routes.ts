/**
 * /api/cases: thin routes. Each one parses the request, calls one use case of
 * the case service and returns its result; the machine and the service decide.
 */
import { createHash } from 'node:crypto';
import type { Response, Router } from 'express';
import { ANVISNING_EVENT_TYPES, anvisningPayloadSchemas } from '../../machines/anvisning';
import { accessLogInTransaction, noteAccess } from '../audit/access-log';
import { currentUser } from '../auth';
import type { AuthUser } from '../auth/types';
import { ZCreateCaseRequest, ZListCasesQuery, type CaseService } from '../cases/case-service';
import { AppError } from '../errors';
import { z, type OpenAPIRegistry } from './openapi';
import { lookupRateLimit } from './rate-limits';
import { validate } from './validate';

/** `If-Match: "3"` (or W/"3", or 3, or an ETag as `viewETag` makes it, "3-…") → 3. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})(?:-[0-9a-f]{16})?"?\s*$/.exec(header);
  if (!match?.[1]) throw new AppError('BAD_REQUEST', 'if_match_malformed');
  return Number(match[1]);
}

/**
 * The ETag of a case or assessment view: `"<version>-<digest>"`. The version is what If-Match
 * compares; the digest is of what this user is shown, with the user's id, because each user
 * sees another view (allowed steps, what KC may read, masking): one user's validator must
 * never get another user a 304 for a view they were not given.
 */
export function viewETag(user: AuthUser, view: { version: number }, json = JSON.stringify(view)): string {
  const digest = createHash('sha256').update(user.id).update('\0').update(json).digest('hex').slice(0, 16);
  return `"${view.version}-${digest}"`;
}

/** A view as JSON with its ETag: serialised once for the digest and the body (a step's view is the largest JSON it sends; issue 19). */
export function sendView(res: Response, user: AuthUser, view: { version: number }): void {
  const json = JSON.stringify(view);
  res.set('ETag', viewETag(user, view, json)).type('json').send(json);
}

export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\w.:-]{1,200}$/.test(header)) {
    throw new AppError('BAD_REQUEST', 'idempotency_key_malformed');
  }
  return header;
}

export function registerCaseRoutes(api: Router, openapi: OpenAPIRegistry, cases: CaseService): void {
  api.post('/cases', lookupRateLimit, async (req, res) => {
    noteAccess(res, { action: 'write', resource: 'case', caseIds: [] });
    const view = await cases.createCase(currentUser(req), validate(ZCreateCaseRequest, req.body));
    noteAccess(res, { action: 'write', resource: 'case', caseIds: [view.id], clientIds: [view.client.id] });
    sendView(res.status(201).location(`/api/cases/${view.id}`), currentUser(req), view);
  });

  api.get('/cases', async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'case.list', caseIds: [] });
    const listed = await cases.listCases(currentUser(req), validate(ZListCasesQuery, req.query));
    noteAccess(res, { action: 'read', resource: 'case.list', caseIds: listed.cases.map((view) => view.id) });
    res.json(listed);
  });

  // KC's intake queue: referrals at KC with no consultant yet; reference, unit, booked inskrivning and scope, nothing else.
  api.get('/kc/queue', async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'kc.queue', caseIds: [] });
    const queue = await cases.listKcQueue(currentUser(req));
    noteAccess(res, { action: 'read', resource: 'kc.queue', caseIds: queue.map((entry) => entry.id) });
    res.json({ queue });
  });

  // The managers' list of disagreements flagged as samverkansfrågor: case reference, topic, dates; no client data.
  api.get('/samverkansfragor', async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'samverkansfragor', caseIds: [] });
    const questions = await cases.listSamverkansfragor(currentUser(req));
    noteAccess(res, { action: 'read', resource: 'samverkansfragor', caseIds: [...new Set(questions.map((question) => question.caseId))] });
    res.json({ samverkansfragor: questions });
  });

  api.get('/cases/:id', async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'case', caseIds: [req.params.id] });
    const view = await cases.getCase(currentUser(req), req.params.id);
    sendView(res, currentUser(req), view);
  });

  api.get('/cases/:id/events', async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'case.history', caseIds: [req.params.id] });
    res.json({ events: await cases.getHistory(currentUser(req), req.params.id) });
  });

  api.post('/cases/:id/events', async (req, res) => {
    // The access-log row goes into the transition's transaction (written only if the step is stored).
    const accessLog = accessLogInTransaction(req, res, { action: 'write', resource: 'case.events', caseIds: [req.params.id] });
    const view = await cases.sendEvent(currentUser(req), req.params.id, req.body, {
      expectedVersion: parseIfMatch(req.get('if-match')),
      idempotencyKey: parseIdempotencyKey(req.get('idempotency-key')),
      accessLog,
    });
    sendView(res, currentUser(req), view);
  });

  describeCaseRoutes(openapi);
}

function describeCaseRoutes(openapi: OpenAPIRegistry): void {
  const ZCaseView = z.record(z.string(), z.unknown()).openapi('CaseView', {
    description: 'id, reference, version, machineVersion (the definition of the routine it runs on), state (dotted path), status, allowedEvents for the caller and nextSteps (what each needs), client (masked where required), process. 409 machine_version_newer: a newer release moved the case.',
  });
  const ZCaseId = z.object({ id: z.uuid() });
  const errors = {
    400: { description: 'Invalid request: which field and why' },
    401: { description: 'Missing or invalid bearer token' },
    403: { description: 'Your role may not do this' },
    404: { description: 'No such case, or not visible to you' },
  };
  const ZEvent = z
    .union(
      ANVISNING_EVENT_TYPES.map((type) => anvisningPayloadSchemas[type].and(z.object({ type: z.literal(type) }))) as unknown as [
        z.ZodType,
        z.ZodType,
        ...z.ZodType[],
      ],
    )
    .openapi('AnvisningEvent', { description: 'An event of the anvisning process: its type and payload.' });

  openapi.registerPath({
    method: 'post',
    path: '/api/cases',
    summary: 'Create a referral (socialsekreterare); the creator becomes responsible',
    request: { body: { content: { 'application/json': { schema: ZCreateCaseRequest } } } },
    responses: { 201: { description: 'The new case', content: { 'application/json': { schema: ZCaseView } } }, ...errors, 409: { description: 'The client already has an active referral' } },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/kc/queue',
    summary: "KC's queue (arbetsmarknadskonsulent, kc_samordnare): referrals sent to KC with no consultant yet. A consultant takes one with KC_CONSULTANT_ASSIGNED { consultantId: <own id> }",
    responses: { 200: { description: 'id, reference, unit, inskrivningAt, scope: no client data' }, ...errors },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/samverkansfragor',
    summary: 'Disagreements flagged as samverkansfrågor (forste_socialsekreterare: the own unit; kc_samordnare: all of KC’s)',
    responses: { 200: { description: 'caseId, reference, unit, disagreementId, topic, raisedOn, resolvedOn: no client data, no description' }, ...errors },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/cases',
    summary: 'The cases you may see: searched (q: a reference, a client’s name or personnummer where the list shows them, the responsible person), filtered (status, step: a phase of the routine, overdue), sorted and paged',
    request: { query: ZListCasesQuery },
    responses: { 200: { description: 'One page of cases in the order asked (default most recently changed first), each with its open and overdue deadlines only (GET /api/cases/{id} has them all); hasMore: a next page exists', content: { 'application/json': { schema: z.object({ cases: z.array(ZCaseView), hasMore: z.boolean() }) } } }, ...errors },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/cases/{id}',
    summary: 'One case, with the events you may send now',
    request: { params: ZCaseId },
    responses: { 200: { description: 'The case (ETag: "<version>-<digest>", per user; send it or "<version>" as If-Match)', content: { 'application/json': { schema: ZCaseView } } }, ...errors },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/cases/{id}/events',
    summary: 'The case history you may see: every event, who, in which role, when',
    request: { params: ZCaseId },
    responses: { 200: { description: 'Events in order', content: { 'application/json': { schema: z.object({ events: z.array(z.record(z.string(), z.unknown())) }) } } }, ...errors },
  });
  openapi.registerPath({
    method: 'post',
    path: '/api/cases/{id}/events',
    summary: 'Send an event: the machine decides whether it may happen now, for your role',
    request: {
      params: ZCaseId,
      headers: z.object({
        'If-Match': z.string().optional().openapi({ description: 'The version you loaded ("3"); 412 if the case changed since' }),
        'Idempotency-Key': z.string().optional().openapi({ description: 'Retry-safe: the same key twice appends one event and returns the same result' }),
      }),
      body: { content: { 'application/json': { schema: ZEvent } } },
    },
    responses: {
      200: { description: 'The case after the event', content: { 'application/json': { schema: ZCaseView } } },
      ...errors,
      409: { description: 'Not allowed in the current state (details.allowedEvents lists what is)' },
      412: { description: 'Stale If-Match: the case changed since you loaded it' },
      422: { description: 'Idempotency-Key reused for a different request' },
    },
  });
}

/**
 * /api/clients: the client and the bedömningsstöd. Thin routes, as for cases:
 * parse, call one use case, return its result. Every step of the assessment is
 * an event sent to POST /api/clients/:id/assessment/events; the machine decides.
 */
import type { Router } from 'express';
import { BEDOMNING_REQUEST_TYPES, bedomningRequestSchemas } from '../../machines/bedomning';
import { ZImportSourcesQuery, type AssessmentService } from '../assessments/assessment-service';
import { noteAccess } from '../audit/access-log';
import { currentUser } from '../auth';
import type { AuthUser } from '../auth/types';
import { ZClientDetails, type findOrRegisterClient, type TClientDetails } from '../clients/client-register';
import { parseIdempotencyKey, parseIfMatch, sendView } from './case-routes';
import { z, type OpenAPIRegistry } from './openapi';
import { lookupRateLimit } from './rate-limits';
import { validate } from './validate';

/** `POST /api/clients`: the client register's find or register (src/clients/client-register.ts), with the database given. */
export type RegisterClient = (user: AuthUser, details: TClientDetails) => ReturnType<typeof findOrRegisterClient>;

export function registerClientRoutes(api: Router, openapi: OpenAPIRegistry, assessments: AssessmentService, clients: { registerClient: RegisterClient }): void {
  const read = (resource: string, clientId: string, caseIds: string[] = []) => ({ action: 'read' as const, resource, caseIds, clientIds: [clientId] });

  api.post('/clients', lookupRateLimit, async (req, res) => {
    noteAccess(res, { action: 'write', resource: 'client', caseIds: [] });
    const { markedProtected, markedCaseId, ...result } = await clients.registerClient(currentUser(req), validate(ZClientDetails, req.body));
    // Marking a client protected is its own entry for loggkontroll, with the active referral it wrote PROTECTED_IDENTITY_MARKED to
    // (the event is Stegvis's, role system: this entry is where loggkontroll by case finds who caused it).
    noteAccess(res, { action: 'write', resource: markedProtected ? 'client.protected-identity-marked' : 'client', caseIds: markedCaseId ? [markedCaseId] : [], clientIds: [result.client.id] });
    res.status(result.created ? 201 : 200).location(`/api/clients/${result.client.id}`).json(result);
  });

  api.get('/clients/:id', async (req, res) => {
    noteAccess(res, read('client', req.params.id));
    const view = await assessments.getClient(currentUser(req), req.params.id);
    noteAccess(res, read('client', req.params.id, view.referrals.map((r) => r.id)));
    res.json(view);
  });

  api.get('/clients/:id/assessment', async (req, res) => {
    noteAccess(res, read('assessment', req.params.id));
    const view = await assessments.getAssessment(currentUser(req), req.params.id);
    sendView(res, currentUser(req), view);
  });

  api.get('/clients/:id/assessment/events', async (req, res) => {
    noteAccess(res, read('assessment.history', req.params.id));
    res.json({ events: await assessments.getHistory(currentUser(req), req.params.id) });
  });

  api.post('/clients/:id/assessment/events', async (req, res) => {
    noteAccess(res, { action: 'write', resource: 'assessment.events', caseIds: [], clientIds: [req.params.id] });
    const view = await assessments.sendEvent(currentUser(req), req.params.id, req.body, {
      expectedVersion: parseIfMatch(req.get('if-match')),
      idempotencyKey: parseIdempotencyKey(req.get('idempotency-key')),
    });
    sendView(res, currentUser(req), view);
  });

  api.get('/clients/:id/questionnaires/:questionnaireId', async (req, res) => {
    noteAccess(res, read('assessment.questionnaire', req.params.id));
    res.json(await assessments.getQuestionnaire(currentUser(req), req.params.id, req.params.questionnaireId));
  });

  api.get('/clients/:id/import-sources', async (req, res) => {
    noteAccess(res, read('assessment.import-sources', req.params.id));
    const query = validate(ZImportSourcesQuery, req.query);
    res.json({ questionnaires: await assessments.listImportSources(currentUser(req), req.params.id, query.for) });
  });

  api.get('/clients/:id/arbetsplaner/:documentId', async (req, res) => {
    noteAccess(res, read('assessment.arbetsplan', req.params.id));
    res.json(await assessments.getDocument(currentUser(req), req.params.id, req.params.documentId, 'arbetsplan'));
  });

  api.get('/clients/:id/uppdragsbeskrivningar/:documentId', async (req, res) => {
    noteAccess(res, read('assessment.uppdragsbeskrivning', req.params.id));
    res.json(await assessments.getDocument(currentUser(req), req.params.id, req.params.documentId, 'uppdragsbeskrivning'));
  });

  api.get('/clients/:id/progression', async (req, res) => {
    noteAccess(res, read('assessment.progression', req.params.id));
    res.json({ comparisons: await assessments.getProgression(currentUser(req), req.params.id) });
  });

  describeClientRoutes(openapi);
}

function describeClientRoutes(openapi: OpenAPIRegistry): void {
  const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
  const object = z.record(z.string(), z.unknown());
  const errors = {
    400: { description: 'Invalid request: which field and why' },
    401: { description: 'Missing or invalid bearer token' },
    403: { description: 'Your role may not do this' },
    404: { description: 'No such client, or not visible to you' },
  };
  const ZClientId = z.object({ id: z.uuid() });
  const ZAssessmentEvent = z
    .union(
      BEDOMNING_REQUEST_TYPES.map((type) => bedomningRequestSchemas[type].and(z.object({ type: z.literal(type) }))) as unknown as [
        z.ZodType,
        z.ZodType,
        ...z.ZodType[],
      ],
    )
    .openapi('BedomningEvent', { description: 'A step of the bedömningsstöd: its type and payload.' });
  const ZAssessmentView = object.openapi('AssessmentView', {
    description: 'state, cycle, allowedEvents for the caller, indication (tracks and reasons), choice, questionnaires and documents (references), client (masked where required).',
  });

  openapi.registerPath({
    method: 'post',
    path: '/api/clients',
    summary: 'Find or register a client by personnummer (socialsekreterare); 201 when new, 200 when known',
    request: { body: { content: { 'application/json': { schema: ZClientDetails } } } },
    responses: { 200: json(object, 'The known client'), 201: json(object, 'The new client'), ...errors },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/clients/{id}',
    summary: 'The client: personal data (masked where required), the bedömningsstöd, the referrals and uppdragsbeskrivningar you may see',
    request: { params: ZClientId },
    responses: { 200: json(object, 'The client'), ...errors },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/clients/{id}/assessment',
    summary: 'The bedömningsstöd, with the steps you may take now (not for KC)',
    request: { params: ZClientId },
    responses: { 200: json(ZAssessmentView, 'The assessment (ETag: "<version>-<digest>", per user; send it or "<version>" as If-Match)'), ...errors },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/clients/{id}/assessment/events',
    summary: 'The assessment history: every step, who, in which role, when (answers stay in their questionnaire)',
    request: { params: ZClientId },
    responses: { 200: json(z.object({ events: z.array(object) }), 'Events in order'), ...errors },
  });
  openapi.registerPath({
    method: 'post',
    path: '/api/clients/{id}/assessment/events',
    summary: 'Take a step of the bedömningsstöd; the first step creates it with you responsible',
    request: {
      params: ZClientId,
      headers: z.object({
        'If-Match': z.string().optional().openapi({ description: 'The version you loaded ("3"; "0" before the first step); 412 if it changed since' }),
        'Idempotency-Key': z.string().optional().openapi({ description: 'Retry-safe: the same key twice takes one step' }),
      }),
      body: { content: { 'application/json': { schema: ZAssessmentEvent } } },
    },
    responses: {
      200: json(ZAssessmentView, 'The assessment after the step'),
      ...errors,
      409: { description: 'Not possible now (details say why and list allowedEvents, or the missing answers)' },
      412: { description: 'Stale If-Match' },
      422: { description: 'Idempotency-Key reused for a different request' },
    },
  });
  const ZQuestionnaireParams = z.object({ id: z.uuid(), questionnaireId: z.uuid() });
  openapi.registerPath({
    method: 'get',
    path: '/api/clients/{id}/questionnaires/{questionnaireId}',
    summary: 'One questionnaire with its questions (the version it was answered with) and its answers',
    request: { params: ZQuestionnaireParams },
    responses: { 200: json(object, 'The questionnaire'), ...errors },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/clients/{id}/import-sources',
    summary: 'Completed questionnaires a new document may import from, newest first: initial parts for an arbetsplan, tracks for an uppdragsbeskrivning',
    request: { params: ZClientId, query: ZImportSourcesQuery },
    responses: { 200: json(z.object({ questionnaires: z.array(object) }), 'Questionnaires, newest first'), ...errors },
  });
  const ZDocumentParams = z.object({ id: z.uuid(), documentId: z.uuid() });
  openapi.registerPath({
    method: 'get',
    path: '/api/clients/{id}/arbetsplaner/{documentId}',
    summary: 'An arbetsplan with every version',
    request: { params: ZDocumentParams },
    responses: { 200: json(object, 'The document'), ...errors },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/clients/{id}/uppdragsbeskrivningar/{documentId}',
    summary: 'An uppdragsbeskrivning with every version; KC reads it once sent with a referral it sees',
    request: { params: ZDocumentParams },
    responses: { 200: json(object, 'The document'), ...errors },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/clients/{id}/progression',
    summary: 'Progression: the scale answers of each initial part compared with the previous one (before, after, change)',
    request: { params: ZClientId },
    responses: { 200: json(z.object({ comparisons: z.array(object) }), 'One comparison per pair of consecutive initial parts'), ...errors },
  });
}

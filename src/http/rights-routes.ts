/**
 * The client's rights (GDPR art. 15 and 16): the client record's history, a name
 * correction, and the registerutdrag as JSON or, with `Accept: application/pdf`, a
 * document to hand over. Who may: src/rights/client-rights.ts.
 */
import type { Router } from 'express';
import { noteAccess } from '../audit/access-log';
import { currentUser } from '../auth';
import type { AuthUser } from '../auth/types';
import { ZNameCorrection, type ClientRights } from '../rights/client-rights';
import type { Registerutdrag } from '../rights/registerutdrag';
import { parseIdempotencyKey, parseIfMatch, sendView } from './case-routes';
import { registerutdragRateLimit } from './rate-limits';
import { z, type OpenAPIRegistry } from './openapi';
import { validate } from './validate';

export interface RightsRoutes extends ClientRights {
  makeRegisterutdrag(user: AuthUser, clientId: string): Promise<Registerutdrag>;
  renderPdf(extract: Registerutdrag): Promise<Buffer>;
}

export function registerRightsRoutes(api: Router, openapi: OpenAPIRegistry, rights: RightsRoutes): void {
  api.get('/clients/:id/history', async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'client.history', caseIds: [], clientIds: [req.params.id] });
    const user = currentUser(req);
    const history = await rights.readHistory(user, req.params.id);
    // Per user, like a case view: a masked history and an unmasked one of the same version are different answers.
    sendView(res, user, history);
  });

  api.post('/clients/:id/name-corrections', async (req, res) => {
    noteAccess(res, { action: 'write', resource: 'client.name-correction', caseIds: [], clientIds: [req.params.id] });
    const expectedVersion = parseIfMatch(req.get('if-match'));
    const idempotencyKey = parseIdempotencyKey(req.get('idempotency-key'));
    const correction = validate(ZNameCorrection, req.body);
    const user = currentUser(req);
    const history = await rights.correctName(user, req.params.id, correction, expectedVersion, idempotencyKey);
    sendView(res.status(201), user, history);
  });

  api.get<'/clients/:id/registerutdrag'>('/clients/:id/registerutdrag', registerutdragRateLimit, async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'client.registerutdrag', caseIds: [], clientIds: [req.params.id] });
    const extract = await rights.makeRegisterutdrag(currentUser(req), req.params.id);
    // Loggkontroll by case finds it too: every referral it holds was read.
    noteAccess(res, { action: 'read', resource: 'client.registerutdrag', caseIds: extract.referrals.map((referral) => referral.id), clientIds: [req.params.id] });
    res.vary('Accept').set('Cache-Control', 'no-store');
    if (req.accepts(['application/json', 'application/pdf']) === 'application/pdf') {
      const pdf = await rights.renderPdf(extract);
      res.type('application/pdf').set('Content-Disposition', 'attachment; filename="registerutdrag.pdf"').send(pdf);
      return;
    }
    res.json(extract);
  });

  describeRightsRoutes(openapi);
}

function describeRightsRoutes(openapi: OpenAPIRegistry): void {
  const ZClientId = z.object({ id: z.uuid() });
  const ZHistory = z
    .object({ version: z.number().int(), events: z.array(z.record(z.string(), z.unknown())) })
    .openapi('ClientHistory', { description: 'The client record’s history: seq, type, text, occurredAt, actor (role, unit, name), name/previousName/reason (null where masked).' });
  const errors = {
    400: { description: 'Invalid request: which field and why' },
    401: { description: 'Missing or invalid bearer token' },
    403: { description: 'Only the client’s responsible socialsekreterare and her unit’s 1:e socialsekreterare (a protected client: only the socialsekreterare)' },
    404: { description: 'No such client, or not visible to you' },
  };
  openapi.registerPath({
    method: 'get',
    path: '/api/clients/{id}/history',
    summary: 'The client record’s history (registered, name corrected, protection marked): who, when, what; earlier names masked like the current one',
    request: { params: ZClientId },
    responses: { 200: { description: 'The history (ETag: "<version>-<digest>", per user; the If-Match of a correction)', content: { 'application/json': { schema: ZHistory } } }, 401: errors[401], 403: { description: 'KC: the client record’s history is the social services’' }, 404: errors[404] },
  });
  openapi.registerPath({
    method: 'post',
    path: '/api/clients/{id}/name-corrections',
    summary: 'Correct the client’s name (rättelse): a CLIENT_NAME_CORRECTED event with the reason; the earlier name stays in the history',
    request: {
      params: ZClientId,
      headers: z.object({
        'If-Match': z.string().optional().openapi({ description: 'The history version you loaded; 412 if it changed since' }),
        'Idempotency-Key': z.string().optional().openapi({ description: 'Retry-safe: the same key twice makes one correction and answers the same' }),
      }),
      body: { content: { 'application/json': { schema: ZNameCorrection } } },
    },
    responses: {
      201: { description: 'The history after the correction', content: { 'application/json': { schema: ZHistory } } },
      ...errors,
      409: { description: 'The client already has that name' },
      412: { description: 'Stale If-Match' },
      422: { description: 'Idempotency-Key reused for a different request' },
    },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/clients/{id}/registerutdrag',
    summary: 'Registerutdrag (GDPR art. 15): everything Stegvis holds on the person; JSON, or a Swedish PDF with Accept: application/pdf',
    request: { params: ZClientId },
    responses: {
      200: {
        description: 'The registerutdrag: client and its history, referrals (events with payloads, deadlines, e-mails), bedömningsstöd (events, questionnaires with answers, documents with versions), access log by day, role and unit',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) }, 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      ...errors,
      429: { description: 'More than REGISTERUTDRAG_RATE_LIMIT_PER_MINUTE registerutdrag a minute by this user (default 10)' },
    },
  });
}

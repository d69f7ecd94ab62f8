/**
 * /api/colleagues: the people a handover or a KC assignment may name, so the web
 * interface offers a choice instead of a typed user id (issue 12). Who may list
 * whom is src/handover/colleagues.ts.
 */
import type { Router } from 'express';
import { singleLine } from '../../machines/shared/text';
import { noteAccess } from '../audit/access-log';
import { currentUser } from '../auth';
import type { AuthUser } from '../auth/types';
import { COLLEAGUE_ROLES, type Colleague, type ColleagueRole } from '../handover/colleagues';
import { z, type OpenAPIRegistry } from './openapi';
import { validate } from './validate';

export const ZColleaguesQuery = z.strictObject({
  role: z.enum(COLLEAGUE_ROLES, { error: 'invalid_option' }),
  unit: singleLine(z.string().trim().min(1).max(100)).optional().openapi({ description: 'Your own unit (the default); no other unit may be listed' }),
});

const ZColleague = z.object({ id: z.string(), displayName: z.string(), unit: z.string() }).openapi('Colleague');

export interface ColleagueRouteDeps {
  listColleagues(user: AuthUser, query: { role: ColleagueRole; unit?: string }): Promise<Colleague[]>;
}

export function registerColleagueRoutes(api: Router, openapi: OpenAPIRegistry, deps: ColleagueRouteDeps): void {
  api.get('/colleagues', async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'colleagues', caseIds: [] });
    const user = currentUser(req);
    const query = validate(ZColleaguesQuery, req.query);
    res.json({ users: await deps.listColleagues(user, query) });
  });

  openapi.registerPath({
    method: 'get',
    path: '/api/colleagues',
    summary:
      'Staff a handover or a KC assignment may name: a 1:e socialsekreterare lists the socialsekreterare of her own unit, the KC samordnare the arbetsmarknadskonsulenter. No client data',
    request: { query: ZColleaguesQuery },
    responses: {
      200: { description: 'The colleagues, by name', content: { 'application/json': { schema: z.object({ users: z.array(ZColleague) }) } } },
      400: { description: 'Invalid query: which field and why' },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'Your role may not list these colleagues, or not of that unit' },
    },
  });
}

/**
 * /api/colleagues: the people a handover or a KC assignment may name, so the web
 * interface offers a choice instead of a typed user id (issue 12). Staff only:
 * id, name and unit, never a client or a case. Who may list whom follows who may
 * send the events that name them:
 * - the 1:e socialsekreterare: the socialsekreterare of her own unit
 *   (RESPONSIBLE_CHANGED, and TRANSFER_ACCEPTED, which the receiving unit's 1:e sends);
 * - the kc_samordnare: the arbetsmarknadskonsulenter (KC_CONSULTANT_ASSIGNED).
 * Everyone else: 403 (a consultant takes a referral only for herself).
 */
import type { Router } from 'express';
import { singleLine } from '../../machines/shared/text';
import { noteAccess } from '../audit/access-log';
import { currentUser } from '../auth';
import type { AuthUser } from '../auth/types';
import type { PrismaClient } from '../db/database';
import { AppError } from '../errors';
import { z, type OpenAPIRegistry } from './openapi';
import { validate } from './validate';

const COLLEAGUE_ROLES = ['socialsekreterare', 'arbetsmarknadskonsulent'] as const;
type ColleagueRole = (typeof COLLEAGUE_ROLES)[number];

export const ZColleaguesQuery = z.strictObject({
  role: z.enum(COLLEAGUE_ROLES, { error: 'must be socialsekreterare or arbetsmarknadskonsulent' }),
  unit: singleLine(z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')).optional().openapi({ description: 'Your own unit (the default); no other unit may be listed' }),
});

const ZColleague = z.object({ id: z.string(), displayName: z.string(), unit: z.string() }).openapi('Colleague');

/** Which role each role may list, and whether only within its own unit. */
const MAY_LIST: Partial<Record<AuthUser['role'], { role: ColleagueRole; ownUnitOnly: boolean }>> = {
  forste_socialsekreterare: { role: 'socialsekreterare', ownUnitOnly: true },
  kc_samordnare: { role: 'arbetsmarknadskonsulent', ownUnitOnly: false },
};

export function registerColleagueRoutes(api: Router, openapi: OpenAPIRegistry, deps: { prisma: PrismaClient }): void {
  api.get('/colleagues', async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'colleagues', caseIds: [] });
    const user = currentUser(req);
    const query = validate(ZColleaguesQuery, req.query);
    const allowed = MAY_LIST[user.role];
    if (!allowed || allowed.role !== query.role) {
      throw new AppError(
        'FORBIDDEN',
        'A 1:e socialsekreterare may list the socialsekreterare of her own unit, and the KC samordnare the arbetsmarknadskonsulenter; no one else may list colleagues.',
      );
    }
    if (query.unit !== undefined && query.unit !== user.unit) {
      throw new AppError('FORBIDDEN', `You may list colleagues of your own unit (${user.unit}) only.`);
    }
    const unit = query.unit ?? (allowed.ownUnitOnly ? user.unit : undefined);
    const users = await deps.prisma.user.findMany({
      where: { role: query.role, ...(unit === undefined ? {} : { unit }) },
      select: { id: true, displayName: true, unit: true },
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
      take: 500,
    });
    res.json({ users });
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

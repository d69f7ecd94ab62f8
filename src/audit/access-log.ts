/**
 * The access log for loggkontroll: who read or wrote which case, when, how and
 * from where. Routes say what they touched (`noteAccess`); one row is written when
 * the response is finished, whatever its status, so refused attempts are logged too;
 * and so are refused logins (no user: bad, expired or missing token, unknown dev user).
 * Times are the real wall clock, never dev mode's movable clock.
 */
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { singleLine } from '../../machines/shared/text';
import type { AuthUser } from '../auth/types';
import { systemClock } from '../clock';
import type { Prisma, PrismaClient } from '../db/database';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { clientRequestIdOf, routeOf } from '../logger';

export interface AccessNote {
  action: 'read' | 'write';
  resource: string;
  caseIds: string[];
  /** Clients whose assessment (bedömningsstöd) was read or written. */
  clientIds?: string[];
}

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** What this request reads or writes; call again to add the ids found (a list's cases). */
export function noteAccess(res: Response, note: AccessNote): void {
  res.locals.access = { ...note, caseIds: note.caseIds.filter(isUuid), clientIds: (note.clientIds ?? []).filter(isUuid) };
}

/** Without a user, these answers can only come from authentication (token or dev login refused). */
const REFUSED_LOGIN_STATUSES = new Set([401, 403, 409]);
const REFUSED_LOGIN = { action: 'login', resource: 'auth', caseIds: [] as string[], clientIds: [] as string[] };

/** The row of this request, but its status (known when the response is finished, or when a write commits). */
export type AccessLogDraft = Omit<Prisma.AccessLogCreateManyInput, 'status'>;

function draftOf(req: Request, note: Omit<AccessNote, 'action'> & { action: string }): AccessLogDraft {
  const user = req.user;
  return {
    // The wall clock on purpose: a moved dev clock must not date who read what.
    at: systemClock.now(),
    userId: user?.id ?? null,
    role: user?.role ?? null,
    action: note.action,
    resource: note.resource,
    caseIds: note.caseIds,
    clientIds: note.clientIds ?? [],
    method: req.method,
    route: routeOf(req) ?? '(no route)',
    ip: req.ip ?? null,
    requestId: typeof req.id === 'string' ? req.id : null,
    clientRequestId: clientRequestIdOf(req) ?? null,
  };
}

/**
 * For a write that stores its own access-log row in its transaction (a case transition, issue 19: one round trip and
 * one commit fewer): the row as it will be if the write succeeds (status 200). The service sets `written` when the
 * row is in its transaction; then the middleware writes nothing more, and otherwise (a refusal, a rollback) it writes
 * the row with the status the response got, as for any request.
 */
export function accessLogInTransaction(req: Request, res: Response, note: AccessNote): { row: AccessLogDraft & { status: number }; written: boolean } {
  noteAccess(res, note);
  const inTransaction = { row: { ...draftOf(req, res.locals.access as AccessNote), status: 200 }, written: false };
  res.locals.accessInTransaction = inTransaction;
  return inTransaction;
}

/** Mount on /api before authentication, so refused logins reach it too. */
export function createAccessLogMiddleware(deps: { prisma: PrismaClient; logger: Logger }): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      const user = req.user;
      const note = user ? (res.locals.access as AccessNote | undefined) : REFUSED_LOGIN_STATUSES.has(res.statusCode) ? REFUSED_LOGIN : undefined;
      if (!note) return;
      if ((res.locals.accessInTransaction as { written: boolean } | undefined)?.written && res.statusCode === 200) return;
      deps.prisma.accessLog
        .create({ data: { ...draftOf(req, note), status: res.statusCode } })
        .catch((error: unknown) => deps.logger.error({ err: error, resource: note.resource }, 'Access log entry could not be written'));
    });
    next();
  };
}

export const ZAuditQuery = z
  .strictObject({
    caseId: z.uuid().optional(),
    /** A client of the unit (its bedömningsstöd or a referral): its client page, assessment, history, registerutdrag. */
    clientId: z.uuid().optional(),
    userId: singleLine(z.string().min(1).max(200)).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(100),
  })
  .refine((query) => query.caseId !== undefined || query.clientId !== undefined || query.userId !== undefined, {
    message: 'audit_filter_required',
    path: ['caseId'],
  });
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

/** The 1:e socialsekreterare reads the log of the unit's cases, and of the unit's users. */
export async function readAccessLog(prisma: PrismaClient, user: AuthUser, query: TAuditQuery) {
  if (user.role !== 'forste_socialsekreterare') throw new AppError('FORBIDDEN', 'access_log_not_allowed');
  if (query.caseId) {
    const kase = await prisma.case.findFirst({ where: { id: query.caseId, unit: user.unit }, select: { id: true } });
    if (!kase) throw new AppError('NOT_FOUND', 'audit_case_not_found');
  }
  if (query.clientId) {
    // The unit's client: its bedömningsstöd or one of its referrals is the unit's (a client with only a referral too:
    // a refused read of its history or registerutdrag names the client, not a case).
    const [assessment, kase] = await Promise.all([
      prisma.assessment.findFirst({ where: { clientId: query.clientId, unit: user.unit }, select: { id: true } }),
      prisma.case.findFirst({ where: { clientId: query.clientId, unit: user.unit }, select: { id: true } }),
    ]);
    if (!assessment && !kase) throw new AppError('NOT_FOUND', 'audit_client_not_found');
  }
  if (query.userId) {
    // An unknown user gets the same answer as another unit's, so the question does not reveal who exists.
    const subject = await prisma.user.findFirst({ where: { id: query.userId }, select: { unit: true } });
    if (!subject || subject.unit !== user.unit) {
      throw new AppError('FORBIDDEN', 'access_log_own_unit_only', { unit: user.unit });
    }
  }
  const rows = await prisma.accessLog.findMany({
    where: {
      AND: [
        query.caseId ? { caseIds: { has: query.caseId } } : {},
        query.clientId ? { clientIds: { has: query.clientId } } : {},
        query.userId ? { userId: query.userId } : {},
      ],
    },
    orderBy: { id: 'desc' },
    take: query.limit,
  });
  const unitCaseIds = new Set(
    (await prisma.case.findMany({ where: { unit: user.unit, id: { in: [...new Set(rows.flatMap((row) => row.caseIds))] } }, select: { id: true } })).map((c) => c.id),
  );
  return rows.map((row) => ({
    id: String(row.id),
    at: row.at.toISOString(),
    userId: row.userId,
    role: row.role,
    action: row.action,
    resource: row.resource,
    // Only the unit's own cases are named; others in the same request are counted.
    caseIds: row.caseIds.filter((id) => unitCaseIds.has(id)),
    otherCases: row.caseIds.filter((id) => !unitCaseIds.has(id)).length,
    clientIds: query.clientId ? row.clientIds.filter((id) => id === query.clientId) : [],
    method: row.method,
    route: row.route,
    status: row.status,
    ip: row.ip,
    requestId: row.requestId,
    clientRequestId: row.clientRequestId,
  }));
}

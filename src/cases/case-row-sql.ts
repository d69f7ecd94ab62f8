/**
 * The transition's hot path in few statements (docs/performance.md, issue 19): typed raw SQL where Prisma's
 * include and update would cost a round trip (and the query interpreter's CPU) per table. The same SQL runs on
 * PGlite and PostgreSQL. Ordinary reads stay with Prisma; the row this returns has the type Prisma's
 * `findFirst({ include: caseInclude })` gives, so views and the machine read it unchanged.
 */
import { Prisma } from '../db/database';
import { AppError } from '../errors';
import type { CaseColumns } from './case-snapshot';
import type { CaseRow, DeadlineRow } from './case-view';

type Tx = Prisma.TransactionClient;

/**
 * Lock the case row (concurrent transitions of one case wait here, then read what the other committed).
 * Its version (what the person saw, before an upgrade) and definition version come with the lock; null: no such case.
 */
export async function lockCaseRow(tx: Tx, caseId: string): Promise<{ version: number; machineVersion: number } | null> {
  const rows = await tx.$queryRaw<{ version: number; machineVersion: number }[]>`
    SELECT version, "machineVersion" FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

interface JsonDeadline {
  id: number | string;
  caseId: string;
  kind: string;
  basis: string;
  dueDate: string;
  responsibleRole: DeadlineRow['responsibleRole'];
  responsibleUserId: string | null;
  status: DeadlineRow['status'];
  escalatedAt: string | null;
  createdAt: string;
  closedAt: string | null;
  caseNumber: number | null;
  caseUnit: string | null;
  caseResponsibleUserId: string | null;
  caseKcConsultantId: string | null;
  clientProtected: boolean | null;
  nextNoticeOn: string | null;
}

type CaseColumnsRow = Omit<CaseRow, 'client' | 'responsibleUser' | 'deadlines'>;
interface LoadedRow extends CaseColumnsRow {
  client_id: string;
  client_personnummer: string;
  client_name: string;
  client_protectedIdentity: boolean;
  client_createdAt: Date;
  responsible_displayName: string;
  responsible_unit: string;
  deadlines: JsonDeadline[] | string;
}

/**
 * The case with its client, responsible person and its deadlines: Prisma's `include: caseInclude` as one SELECT.
 * `open`: only the open and overdue deadlines, what a list shows (a referral's done and cancelled ones are most of its rows).
 */
const caseRowSelect = (deadlines: 'all' | 'open') => Prisma.sql`
    SELECT c.id, c.number, c."clientId", c."responsibleUserId", c.unit, c.status::text AS status, c.state, c."sentToKc",
           c."samordnareConsulted", c."kcConsultantId", c."pendingTransferUnit", c."decisionValidUntil", c.snapshot,
           c."machineVersion", c.version, c."createdAt", c."updatedAt",
           cl.id AS client_id, cl.personnummer AS client_personnummer, cl.name AS client_name,
           cl."protectedIdentity" AS "client_protectedIdentity", cl."createdAt" AS "client_createdAt",
           u."displayName" AS "responsible_displayName", u.unit AS responsible_unit,
           COALESCE((SELECT json_agg(d ORDER BY d."dueDate", d.id) FROM "Deadline" d WHERE d."caseId" = c.id${deadlines === 'open' ? Prisma.sql` AND d.status IN ('open', 'overdue')` : Prisma.empty}), '[]'::json) AS deadlines
    FROM "Case" c
    JOIN "Client" cl ON cl.id = c."clientId"
    JOIN "User" u ON u.id = c."responsibleUserId"`;

/**
 * The case with its client, responsible person and every deadline, in one statement (Prisma's include is four).
 * Run after the lock, as its own statement: in READ COMMITTED it then sees everything committed before the lock was granted.
 */
export async function loadCaseRow(tx: Tx, caseId: string): Promise<CaseRow | null> {
  const rows = await tx.$queryRaw<LoadedRow[]>`${caseRowSelect('all')} WHERE c.id = ${caseId}::uuid`;
  const row = rows[0];
  return row ? caseRowFromLoaded(row) : null;
}

/**
 * A page of the case list in one statement, in the order of `caseIds` (ids a visibility-checked query returned), each
 * case with its open and overdue deadlines only: what the list shows (the case itself has them all). Prisma's include
 * read it in four and spent most of the list's CPU turning ~800 deadline rows, nearly all long done, into objects (issue 19).
 */
export async function loadCaseRows(db: Tx, caseIds: readonly string[]): Promise<CaseRow[]> {
  if (caseIds.length === 0) return [];
  const rows = await db.$queryRaw<LoadedRow[]>`${caseRowSelect('open')} WHERE c.id IN (${Prisma.join(caseIds.map((id) => Prisma.sql`${id}::uuid`))})`;
  const byId = new Map(rows.map((row) => [row.id, caseRowFromLoaded(row)]));
  // A case deleted between the two reads (gallring) is left out rather than failing the list.
  return caseIds.flatMap((id) => byId.get(id) ?? []);
}

function caseRowFromLoaded(row: LoadedRow): CaseRow {
  const {
    client_id,
    client_personnummer,
    client_name,
    client_protectedIdentity,
    client_createdAt,
    responsible_displayName,
    responsible_unit,
    deadlines,
    ...kase
  } = row;
  const parsed = (typeof deadlines === 'string' ? JSON.parse(deadlines) : deadlines) as JsonDeadline[];
  return {
    ...kase,
    snapshot: typeof kase.snapshot === 'string' ? JSON.parse(kase.snapshot) : kase.snapshot,
    client: { id: client_id, personnummer: client_personnummer, name: client_name, protectedIdentity: client_protectedIdentity, createdAt: client_createdAt },
    responsibleUser: { id: kase.responsibleUserId, displayName: responsible_displayName, unit: responsible_unit },
    deadlines: parsed.map(deadlineFromJson),
  };
}

/** A deadline row as json_agg wrote it, typed as Prisma reads it. */
export function deadlineFromJson(d: JsonDeadline): DeadlineRow {
  return {
    id: BigInt(d.id),
    caseId: d.caseId,
    kind: d.kind,
    basis: d.basis,
    dueDate: new Date(`${d.dueDate.slice(0, 10)}T00:00:00Z`),
    responsibleRole: d.responsibleRole,
    responsibleUserId: d.responsibleUserId,
    status: d.status,
    escalatedAt: d.escalatedAt === null ? null : new Date(d.escalatedAt),
    createdAt: new Date(d.createdAt),
    closedAt: d.closedAt === null ? null : new Date(d.closedAt),
    caseNumber: d.caseNumber,
    caseUnit: d.caseUnit,
    caseResponsibleUserId: d.caseResponsibleUserId,
    caseKcConsultantId: d.caseKcConsultantId,
    clientProtected: d.clientProtected,
    nextNoticeOn: d.nextNoticeOn === null ? null : new Date(`${d.nextNoticeOn.slice(0, 10)}T00:00:00Z`),
  };
}

export interface StoredEvent {
  caseId: string;
  seq: number;
  type: string;
  payload: unknown;
  actorId: string;
  actorRole: string;
  actorUnit: string;
  occurredAt: Date;
  machineVersion: number;
}

/**
 * Append the event and move the row to its new snapshot and version, in one statement: the event is inserted only
 * if the row is still at the version it was read at (it is locked, so this is a last line, not the concurrency check).
 */
export async function appendEventAndUpdateCase(
  tx: Tx,
  event: StoredEvent,
  previousVersion: number,
  columns: CaseColumns,
  updatedAt: Date,
  accessLog?: Prisma.AccessLogCreateManyInput,
): Promise<void> {
  // The request's access-log row, when the caller hands it in: committed with the step (one commit, not two).
  const logged = accessLog
    ? Prisma.sql`, logged AS (
      INSERT INTO "AccessLog" (at, "userId", role, action, resource, "caseIds", "clientIds", method, route, status, ip, "requestId", "clientRequestId")
      SELECT ${accessLog.at}, ${accessLog.userId ?? null}, ${accessLog.role ?? null}::text::"Role", ${accessLog.action}, ${accessLog.resource},
             ${idsOf(accessLog.caseIds)}::text[]::uuid[], ${idsOf(accessLog.clientIds)}::text[]::uuid[], ${accessLog.method}, ${accessLog.route},
             ${accessLog.status}, ${accessLog.ip ?? null}, ${accessLog.requestId ?? null}, ${accessLog.clientRequestId ?? null}
      FROM moved
    )`
    : Prisma.empty;
  const rows = await tx.$queryRaw<{ seq: number }[]>`
    WITH moved AS (
      UPDATE "Case" SET
        snapshot = ${JSON.stringify(columns.snapshot)}::jsonb,
        "machineVersion" = ${columns.machineVersion},
        state = ${columns.state},
        status = ${columns.status}::text::"CaseStatus",
        "sentToKc" = ${columns.sentToKc},
        "samordnareConsulted" = ${columns.samordnareConsulted},
        "responsibleUserId" = ${columns.responsibleUserId},
        unit = ${columns.unit},
        "kcConsultantId" = ${columns.kcConsultantId},
        "pendingTransferUnit" = ${columns.pendingTransferUnit},
        "decisionValidUntil" = ${columns.decisionValidUntil?.toISOString().slice(0, 10) ?? null}::date,
        version = ${event.seq},
        "updatedAt" = ${updatedAt}
      WHERE id = ${event.caseId}::uuid AND version = ${previousVersion}
      RETURNING id
    )${logged}
    INSERT INTO "CaseEvent" ("caseId", seq, type, payload, "actorId", "actorRole", "actorUnit", "occurredAt", "machineVersion")
    SELECT moved.id, ${event.seq}, ${event.type}, ${JSON.stringify(event.payload)}::jsonb, ${event.actorId}, ${event.actorRole}::text::"Role",
           ${event.actorUnit}, ${event.occurredAt}, ${event.machineVersion}
    FROM moved
    RETURNING seq`;
  if (rows.length !== 1) throw new AppError('CONFLICT', 'concurrent_change', { aggregate: 'case' });
}

function idsOf(ids: Prisma.AccessLogCreateManyInput['caseIds']): string[] {
  return Array.isArray(ids) ? ids : (ids?.set ?? []);
}

/**
 * The case use cases. Every write is one transaction: lock the case, ask the
 * machine, append the event, store the snapshot and bump the version, through
 * the one pipeline (src/aggregates/transition.ts). Effects are rows written in
 * the same transaction (deadlines, e-mails queued for the scheduler to send).
 */
import { z } from 'zod';
import { singleLine } from '../../machines/shared/text';
import {
  allowedEvents,
  anvisningMachine,
  anvisningPayloadSchemas,
  anvisningDateIssues,
  decideAnvisning,
  type DateIssue,
  isAnvisningEventType,
  mayRoleSend,
  ANVISNING_VERSION,
  persistAnvisning,
  startAnvisning,
  statePathOf,
  statusOf,
  type AnvisningEvent,
  type AnvisningRefusal,
  type AnvisningSnapshot,
} from '../../machines/anvisning';
import type { AuthUser } from '../auth/types';
import type { Clock } from '../clock';
import type { DeadlinePeriods } from '../deadlines/deadline-policy';
import { syncDeadlines } from '../deadlines/deadline-sync';
import { inviteNewAttendees, queueMeetingInvitations } from '../notifications/meeting-invitations';
import { queueProcessNotices } from '../notifications/process-notices';
import { Prisma, type PrismaClient } from '../db/database';
import { hashRequest, isUniqueViolation } from '../db/idempotency';
import { CASE_CREATED } from '../aggregates/creation-events';
import { parseEventRequest } from '../aggregates/event-request';
import { inTransaction, runTransition } from '../aggregates/transition';
import { AppError, fieldIssue, validationFailed, type FieldIssue } from '../errors';
import { appendClientEvent } from '../clients/client-history';
import { ZClientDetails, findOrRegisterClient, takeUpClient, type TClientDetails } from '../clients/client-register';
import { SYSTEM_USER } from '../db/demo-users';
import { checkHandoverTarget, followNewOwner } from '../handover/handover-targets';
import { namesOfPeopleIn } from '../handover/people-named';
import { sideOf } from '../../machines/shared/roles';
import { stockholmDate } from '../../machines/shared/dates';
import { anvisningRefusalText } from '../texts/process-messages';
import { clientSearchableInListWhere, KC_QUEUE_WHERE, mayWriteCase, visibleCasesBranches, visibleCasesWhere } from './case-access';
import { appendEventAndUpdateCase, loadCaseRow, loadCaseRows, lockCaseRow } from './case-row-sql';
import { rowMatchesWhere } from '../db/row-matches-where';
import { caseColumnsOf, restoreCase } from './case-snapshot';
import { upgradeCaseInTx } from './case-upgrade';
import { buildCaseView, buildHistoryView, buildListEntry, caseInclude, caseReference, eventActorInclude, type CaseRow, type CaseView, type NotYetPossibleStep } from './case-view';
import type { Enforcement } from '../../machines/shared/traceability';

export { CASE_CREATED } from '../aggregates/creation-events';

export const ZCreateCaseRequest = z.strictObject({ client: ZClientDetails });
export type TCreateCaseRequest = z.infer<typeof ZCreateCaseRequest>;

/** The routine's phases (the machine's top-level states), for the list's step filter. */
export const CASE_PHASES = Object.keys(anvisningMachine.root.states) as [string, ...string[]];
/** How the case list may be ordered: most recently changed first (the default), or by reference. */
export const CASE_LIST_SORTS = ['updated_desc', 'updated_asc', 'reference_desc', 'reference_asc'] as const;

export const ZListCasesQuery = z.strictObject({
  status: z.enum(['active', 'avslutad', 'avbruten']).optional(),
  /**
   * A reference (KC-000123, or its number), a client's name or personnummer (only of clients whose name the list
   * shows: never a protected client's), or the responsible person's name. Never logged (the request log has no URLs).
   */
  q: singleLine(z.string().trim().max(100)).optional(),
  step: z.enum(CASE_PHASES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  sort: z.enum(CASE_LIST_SORTS).default('updated_desc'),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type TListCasesQuery = z.infer<typeof ZListCasesQuery>;


export interface SendEventOptions {
  /** Version the client last saw (If-Match); a newer stored version means 412. */
  expectedVersion?: number;
  idempotencyKey?: string;
  /** The request's access-log row: stored with the step, in its transaction; `written` says it was. */
  accessLog?: { row: Prisma.AccessLogCreateManyInput; written: boolean };
}

const ZCaseId = z.uuid();

/**
 * The referral's side of the meeting with the bedömningsstöd (process.md "Two
 * machines"): told, inside the transition's transaction, when the uppdrag is
 * sent and when the referral ends. Implemented by the assessment service.
 */
export interface ReferralLink {
  /** Steps the machine allows that the other side's checks would refuse now (the uppdrag without the own assessment). */
  notYetPossible(db: Prisma.TransactionClient, caseId: string): Promise<NotYetPossibleStep[]>;
  applyReferralEvent(
    tx: Prisma.TransactionClient,
    referral: { caseId: string; clientId: string; responsibleUserId: string; unit: string },
    change: { kind: 'sent' } | { kind: 'ended'; outcome: 'sjalvforsorjande' | 'ej_sjalvforsorjande' | 'avbruten' },
    at: Date,
  ): Promise<void>;
}

export function createCaseService(deps: { prisma: PrismaClient; clock: Clock; periods: DeadlinePeriods; referralLink?: ReferralLink }) {
  const { prisma, clock, periods, referralLink } = deps;

  async function findVisibleCase(db: Prisma.TransactionClient | PrismaClient, user: AuthUser, caseId: string, where = visibleCasesWhere(user)) {
    if (!ZCaseId.safeParse(caseId).success) throw caseNotFound();
    const row = await db.case.findFirst({ where: { AND: [{ id: caseId }, where] }, include: caseInclude });
    if (!row) throw caseNotFound();
    return row;
  }

  /**
   * The ids of a page of the case list (up to limit + 1), in its order. A user who sees the union of several parts
   * (visibleCasesBranches: a 1:e socialsekreterare's unit and the transfers offered to it) has each part read from its
   * own index and merged here; one query with their OR makes PostgreSQL sort every case of the unit (335 ms at a million).
   * Deep pages of such a union are left to that one query: merging them here would read every row before the page.
   */
  async function listedCaseIds(user: AuthUser, filters: Prisma.CaseWhereInput[], query: TListCasesQuery): Promise<string[]> {
    const branches = visibleCasesBranches(user);
    const orderBy = CASE_LIST_ORDER[query.sort];
    const wanted = query.offset + query.limit + 1;
    if (branches.length === 1 || wanted > MERGED_LIST_MAX_ROWS) {
      const rows = await prisma.case.findMany({ where: { AND: [visibleCasesWhere(user), ...filters] }, select: { id: true }, orderBy, take: query.limit + 1, skip: query.offset });
      return rows.map((row) => row.id);
    }
    const parts = await Promise.all(
      branches.map((branch) => prisma.case.findMany({ where: { AND: [branch, ...filters] }, select: { id: true, updatedAt: true, number: true }, orderBy, take: wanted })),
    );
    const seen = new Set<string>();
    const merged = parts
      .flat()
      .sort(compareInListOrder(query.sort))
      .filter((row) => !seen.has(row.id) && Boolean(seen.add(row.id)));
    return merged.slice(query.offset, wanted).map((row) => row.id);
  }

  return {
    async createCase(user: AuthUser, request: TCreateCaseRequest): Promise<CaseView & { clientNameKept?: true }> {
      if (user.role !== 'socialsekreterare') {
        throw new AppError('FORBIDDEN', 'role_may_not_create_referral');
      }
      const now = clock.now();
      try {
        const row = await prisma.$transaction(async (tx) => {
          // Someone else's client is refused before anything about it is said (403 naming the unit to contact).
          const { client, nameKept } = await takeUpClient(tx, user, request.client, now);
          const protectedIdentity = client.protectedIdentity;
          const active = await tx.case.findFirst({ where: { clientId: client.id, status: 'active' }, select: { id: true, number: true } });
          if (active) {
            // The existing referral is linked to only for someone who may open it.
            const visible = (await tx.case.count({ where: { AND: [{ id: active.id }, visibleCasesWhere(user)] } })) > 0;
            throw activeReferralExists(active.number, visible ? active.id : undefined);
          }

          // The renewal window is configuration given to the case as data (process.md §4): stored with CASE_CREATED, replayed as decided.
          const input = { protectedIdentity, renewalWindowDays: periods.renewalWindowDays };
          const snapshot = startAnvisning(input);
          const created = await tx.case.create({
            data: {
              clientId: client.id,
              responsibleUserId: user.id,
              unit: user.unit,
              state: statePathOf(snapshot),
              status: 'active',
              snapshot: persistAnvisning(snapshot) as Prisma.InputJsonValue,
              machineVersion: ANVISNING_VERSION,
              version: 1,
              createdAt: now,
              updatedAt: now,
            },
            include: caseInclude,
          });
          await tx.caseEvent.create({
            data: {
              caseId: created.id,
              seq: 1,
              type: CASE_CREATED,
              payload: input,
              actorId: user.id,
              actorRole: user.role,
              actorUnit: user.unit,
              occurredAt: now,
              machineVersion: ANVISNING_VERSION,
            },
          });
          return { created, nameKept };
        });
        // The creator is responsible and sees the stored name in the view; the flag says the name she typed was not used.
        const view = buildCaseView(user, row.created, now);
        return row.nameKept ? { ...view, clientNameKept: true } : view;
      } catch (error) {
        // Two requests for one client at once: the partial unique index lets one through.
        if (isUniqueViolation(error)) throw activeReferralExists(null);
        throw error;
      }
    },

    /**
     * `POST /api/clients`: find or register a client. A request that switches the client's protection on tells the
     * client's active referral in the same transaction (PROTECTED_IDENTITY_MARKED by Stegvis): Bilaga 1 from then on.
     */
    async registerClient(user: AuthUser, details: TClientDetails) {
      return inTransaction(prisma, 'case', (tx) => findOrRegisterClient(tx, user, details, clock.now(), (clientId) => markActiveReferralProtected(tx, clientId)));
    },

    async getCase(user: AuthUser, caseId: string): Promise<CaseView> {
      const view = buildCaseView(user, await findVisibleCase(prisma, user, caseId), clock.now());
      // A cross-aggregate check the machine does not make (process.md "Two machines"): reported before the click, not only as a 409.
      if (referralLink && view.allowedEvents.includes('UPPDRAG_SENT')) view.notYetPossible = await referralLink.notYetPossible(prisma, view.id);
      return view;
    },

    /** One page of the cases the user sees, searched and filtered; `hasMore` says whether a next page exists. */
    async listCases(user: AuthUser, query: TListCasesQuery) {
      const filters: Prisma.CaseWhereInput[] = [
        query.status ? { status: query.status } : {},
        query.step ? { OR: [{ state: query.step }, { state: { startsWith: `${query.step}.` } }] } : {},
        query.overdue === 'true' ? { deadlines: { some: { status: 'overdue' } } } : query.overdue === 'false' ? { deadlines: { none: { status: 'overdue' } } } : {},
        query.q ? caseSearchWhere(query.q) : {},
      ];
      // The page's ids first (one row more than the page: whether there is a next page, without counting every match),
      // then the page in one statement (loadCaseRows) instead of Prisma's include (issue 19).
      const ids = await listedCaseIds(user, filters, query);
      // The two reads are not one snapshot: a case handed over between them is left out, not shown to its old owner.
      const visible = visibleCasesWhere(user);
      const rows = (await loadCaseRows(prisma, ids.slice(0, query.limit))).filter((row) => rowMatchesWhere(visible, row));
      const now = clock.now();
      return { cases: rows.map((row) => buildListEntry(user, row, now)), hasMore: ids.length > query.limit };
    },

    /** KC's queue: no personal data, and for a consultant not the protected (the samordnare assigns those, Bilaga 1). */
    async listKcQueue(user: AuthUser) {
      if (sideOf(user.role) !== 'kc') throw new AppError('FORBIDDEN', 'kc_queue_only_kc');
      const rows = await prisma.case.findMany({
        where: { ...KC_QUEUE_WHERE, ...(user.role === 'arbetsmarknadskonsulent' ? { client: { protectedIdentity: false } } : {}) },
        select: { id: true, number: true, unit: true, snapshot: true, machineVersion: true, updatedAt: true },
        orderBy: [{ updatedAt: 'asc' }, { number: 'asc' }],
        take: 100,
      });
      return rows.map((row) => {
        // A referral a newer release has moved is listed without what only its snapshot says (case-view.ts buildListEntry).
        const { inskrivning, uppdrag } = row.machineVersion > ANVISNING_VERSION ? { inskrivning: null, uppdrag: null } : restoreCase(row).context;
        return { id: row.id, reference: caseReference(row.number), unit: row.unit, inskrivningAt: inskrivning?.at ?? null, scope: uppdrag?.scope ?? null };
      });
    },

    /**
     * [oenighet.samverkansfraga-list] Disagreements flagged as samverkansfrågor (process.md §5), for the forums Rutin names: the 1:e socialsekreterare's
     * own unit, all of KC's for the samordnare. Codes and dates only: the description is free text about one client
     * (it may name people or health), so it stays on the case page, for those who see the case.
     */
    async listSamverkansfragor(user: AuthUser) {
      if (user.role !== 'forste_socialsekreterare' && user.role !== 'kc_samordnare') throw new AppError('FORBIDDEN', 'samverkansfragor_only_managers');
      const rows = await prisma.case.findMany({
        where: {
          AND: [
            user.role === 'forste_socialsekreterare' ? { unit: user.unit } : visibleCasesWhere(user),
            // A pre-filter in the database; each case's own snapshot says which of its disagreements are flagged.
            { snapshot: { path: ['context', 'disagreements'], array_contains: [{ samverkansfraga: true }] } },
            { machineVersion: { lte: ANVISNING_VERSION } },
          ],
        },
        select: { id: true, number: true, unit: true, snapshot: true, machineVersion: true },
        orderBy: [{ updatedAt: 'desc' }, { number: 'desc' }],
        take: 100,
      });
      return rows.flatMap((row) =>
        restoreCase(row)
          .context.disagreements.filter((disagreement) => disagreement.samverkansfraga)
          .map((disagreement) => ({
            caseId: row.id,
            reference: caseReference(row.number),
            unit: row.unit,
            disagreementId: disagreement.id,
            topic: disagreement.topic,
            raisedOn: stockholmDate(disagreement.raisedAt),
            resolvedOn: disagreement.resolved ? stockholmDate(disagreement.resolved.resolvedAt) : null,
          })),
      );
    },

    async getHistory(user: AuthUser, caseId: string) {
      await findVisibleCase(prisma, user, caseId);
      const events = await prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' }, include: eventActorInclude });
      const people = await namesOfPeopleIn(prisma, events);
      const bySeq = new Map(events.map((event) => [event.seq, event]));
      return buildHistoryView(user, events).map((entry) => {
        const named = people.get(bySeq.get(entry.seq)!);
        return named ? { ...entry, people: named } : entry;
      });
    },

    async sendEvent(user: AuthUser, caseId: string, body: unknown, options: SendEventOptions = {}): Promise<CaseView> {
      const event = parseEvent(user, body, clock.now());
      // Hashed after validation: only a well-formed event reaches the hash (the schemas bound its size and depth).
      const { meta: _meta, ...request } = event;
      const requestHash = hashRequest(caseId, request);
      type Row = CaseRow & { versionSeen: number };
      return inTransaction(prisma, 'case', (tx) =>
        runTransition<Row, AnvisningSnapshot, CaseView>(tx, user, event.type, { requestHash, ...options }, {
          noun: 'case',
          async load() {
            // Serialise transitions of one case: concurrent edits wait here, then see the new version.
            if (!ZCaseId.safeParse(caseId).success) throw caseNotFound();
            // Marking protection changes the client record too: its row first, in the order the client register takes
            // them (client, then referral), so the two ways of marking never wait on each other.
            if (event.type === 'PROTECTED_IDENTITY_MARKED') {
              await tx.$queryRaw`SELECT id FROM "Client" WHERE id = (SELECT "clientId" FROM "Case" WHERE id = ${caseId}::uuid) FOR NO KEY UPDATE`;
            }
            const locked = await lockCaseRow(tx, caseId);
            if (!locked) throw caseNotFound();
            // The row with its client, responsible person and deadlines in one statement (issue 19), after the lock.
            let row = await loadCaseRow(tx, caseId);
            // Who may change it is the access rules' question (writableCasesWhere), read on the row just loaded
            // rather than asked of the database again; the same 404 for "no such case" and "not yours".
            if (!row || !mayWriteCase(user, event.type, row)) throw caseNotFound();
            // A case still on an older definition (the start-up migration has not reached it, or an older server
            // wrote it) moves up first, in this transaction, and is read again; the person asked about the version they saw.
            if (locked.machineVersion < ANVISNING_VERSION) {
              await upgradeCaseInTx(tx, caseId, clock.now(), periods);
              row = await loadCaseRow(tx, caseId);
              if (!row) throw caseNotFound();
            }
            return { ...row, versionSeen: locked.version };
          },
          version: (row) => row.versionSeen,
          viewNow: async (_tx, row) => buildCaseView(user, row, clock.now()),
          roleMaySend: () => mayRoleSend(user.role, event.type),
          async decide(_tx, row) {
            const snapshot = restoreCase(row);
            const decision = decideAnvisning(snapshot, event);
            if (!decision.ok) throw notAllowedInState(snapshot, user, event, decision.explanation);
            // The step may be taken; its dates must be possible too (issue 18): a 400 at each implausible field.
            const dateIssues = anvisningDateIssues(snapshot.context, event);
            if (dateIssues.length > 0) throw validationFailed(dateIssues.map(dateFieldIssue));
            // Who a handover or an assignment names must exist in the right role and unit (the user directory's question).
            const holder = { unit: row.unit, responsibleUserId: row.responsibleUserId, kcConsultantId: row.kcConsultantId, transferToUnit: snapshot.context.transfer?.toUnit ?? null };
            await checkHandoverTarget(tx, event, holder);
            return decision.snapshot;
          },
          store: (_tx, row, next) => storeTransition(tx, user, row, event, next, options.accessLog),
        }),
      );
    },
  };

  /**
   * The client record's protection was switched on: its active referral follows Bilaga 1 from now on (sent by Stegvis, role system).
   * Returns the referral written to, so the request that caused it is in the access log with the case (loggkontroll by case).
   */
  async function markActiveReferralProtected(tx: Prisma.TransactionClient, clientId: string): Promise<string | null> {
    const active = await tx.case.findFirst({ where: { clientId, status: 'active' }, select: { id: true } });
    if (!active) return null;
    await tx.$queryRaw`SELECT id FROM "Case" WHERE id = ${active.id}::uuid FOR UPDATE`;
    await upgradeCaseInTx(tx, active.id, clock.now(), periods);
    const row = await tx.case.findUniqueOrThrow({ where: { id: active.id }, include: caseInclude });
    const system: AuthUser = { ...SYSTEM_USER };
    const event = { type: 'PROTECTED_IDENTITY_MARKED', meta: { actorId: system.id, role: system.role, at: clock.now().toISOString(), unit: system.unit } } as AnvisningEvent;
    const decision = decideAnvisning(restoreCase(row), event);
    // Already protected (the socialsekreterare marked the referral first): nothing more to say.
    if (!decision.ok) return null;
    await storeTransition(tx, system, row, event, decision.snapshot);
    return active.id;
  }

  /** The step is stored: event, row, responsibility, deadlines, invitations, the assessment's side; then the view. */
  async function storeTransition(
    tx: Prisma.TransactionClient,
    user: AuthUser,
    row: CaseRow,
    event: AnvisningEvent,
    next: AnvisningSnapshot,
    accessLog?: SendEventOptions['accessLog'],
  ) {
    const caseId = row.id;
    const version = row.version + 1;
    const { type, meta, ...payload } = event;
    const at = new Date(meta.at);
    // The machine takes PROTECTED_IDENTITY_MARKED only for a referral not yet protected: KC's side of its e-mails was the consultant until now
    // (the client record may already say protected: POST /api/clients marks it first).
    const markedNow = type === 'PROTECTED_IDENTITY_MARKED';
    const before = markedNow ? { ...row, client: { ...row.client, protectedIdentity: false } } : row;
    // Marked on the referral: the client record says so too, so lists, KC's queue, e-mails and views mask the client (Bilaga 1).
    if (type === 'PROTECTED_IDENTITY_MARKED' && !row.client.protectedIdentity) {
      await tx.client.update({ where: { id: row.clientId }, data: { protectedIdentity: true } });
      await appendClientEvent(tx, row.clientId, user, 'CLIENT_PROTECTION_MARKED', { caseId }, at);
      row = { ...row, client: { ...row.client, protectedIdentity: true } };
    }
    const columns = caseColumnsOf(next, row);
    const persisted = columns.snapshot;
    // The event appended and the row moved to the new snapshot and version: one statement (issue 19).
    const stored = { caseId, seq: version, type, payload, actorId: meta.actorId, actorRole: user.role, actorUnit: user.unit, occurredAt: at, machineVersion: ANVISNING_VERSION };
    await appendEventAndUpdateCase(tx, stored, row.version, columns, at, accessLog?.row);
    const { responsibleUserId, unit, kcConsultantId } = columns;
    const kase = { ...row, responsibleUserId, unit, kcConsultantId, reference: caseReference(row.number) };
    // From the marking on, KC's side of a protected client's e-mails is the samordnare (Bilaga 1): the consultant's pending ones are cancelled.
    await followNewOwner(tx, { caseId }, [row.responsibleUserId, row.kcConsultantId], [responsibleUserId, markedNow ? null : kcConsultantId]);
    // The deadlines were read with the row under the lock: the sync writes only what changed and returns them all.
    let deadlines = await syncDeadlines(tx, kase, next, type, at, periods, row.deadlines);
    await queueMeetingInvitations(tx, kase, event, next, version, at);
    await queueProcessNotices(tx, kase, event, version, at);
    if (markedNow || responsibleUserId !== row.responsibleUserId || kcConsultantId !== row.kcConsultantId) {
      await inviteNewAttendees(tx, { ...before, reference: kase.reference }, kase, next, version, at);
    }
    if (referralLink) {
      const referral = { caseId, clientId: row.clientId, responsibleUserId: row.responsibleUserId, unit: row.unit };
      if (type === 'UPPDRAG_SENT') await referralLink.applyReferralEvent(tx, referral, { kind: 'sent' }, at);
      const status = statusOf(next);
      if (status !== 'active') {
        const outcome = status === 'avbruten' ? 'avbruten' : next.context.closing?.selfSufficient ? 'sjalvforsorjande' : 'ej_sjalvforsorjande';
        await referralLink.applyReferralEvent(tx, referral, { kind: 'ended', outcome }, at);
      }
    }
    // The view from what this transaction knows: the sync returned the deadlines after its writes (nothing else in a step writes them).
    deadlines ??= await tx.deadline.findMany({ where: { caseId }, orderBy: [{ dueDate: 'asc' }, { id: 'asc' }] });
    const responsibleUser =
      responsibleUserId === row.responsibleUserId
        ? row.responsibleUser
        : await tx.user.findUniqueOrThrow({ where: { id: responsibleUserId }, select: { id: true, displayName: true, unit: true } });
    const view = buildCaseView(user, { ...row, responsibleUserId, unit, responsibleUser, version, snapshot: persisted, updatedAt: at, deadlines }, at);
    // Committed with the step or not at all; if the transaction fails after this, the middleware logs the refusal.
    if (accessLog) accessLog.written = true;
    return { view, version, target: { caseId } };
  }
}

export type CaseService = ReturnType<typeof createCaseService>;

function parseEvent(user: AuthUser, body: unknown, now: Date): AnvisningEvent {
  const request = parseEventRequest(body, isAnvisningEventType, anvisningPayloadSchemas);
  return { ...request, meta: { actorId: user.id, role: user.role, at: now.toISOString(), unit: user.unit } } as AnvisningEvent;
}

/** A date issue of the machine as a field issue of the 400: each arm narrows the reason to its own parameters, as the catalogue types them. */
function dateFieldIssue(issue: DateIssue): FieldIssue {
  switch (issue.reason) {
    case 'date_in_future':
      return fieldIssue(issue.path, issue.reason, issue.params);
    case 'meeting_in_past':
      return fieldIssue(issue.path, issue.reason, issue.params);
    case 'communicated_before_decision':
      return fieldIssue(issue.path, issue.reason, issue.params);
    case 'held_before_booked_day':
      return fieldIssue(issue.path, issue.reason, issue.params);
  }
}

function notAllowedInState(snapshot: AnvisningSnapshot, user: AuthUser, event: AnvisningEvent, explanation: AnvisningRefusal[]) {
  const allowed = allowedEvents(snapshot, user.role, event.meta.at, { id: user.id, unit: user.unit });
  // The machine's codes, in words from the one catalogue; the codes themselves in details.refusal.
  return new AppError('NOT_ALLOWED_IN_STATE', 'not_allowed_in_state', { explanation: explanation.map(anvisningRefusalText).join('; ') }, {
    state: statePathOf(snapshot),
    allowedEvents: allowed,
    refusal: explanation,
  });
}

const CASE_LIST_ORDER: Record<(typeof CASE_LIST_SORTS)[number], Prisma.CaseOrderByWithRelationInput[]> = {
  updated_desc: [{ updatedAt: 'desc' }, { number: 'desc' }],
  updated_asc: [{ updatedAt: 'asc' }, { number: 'asc' }],
  reference_desc: [{ number: 'desc' }],
  reference_asc: [{ number: 'asc' }],
};

/** Merging the parts of a union (listedCaseIds) past this many rows is left to one query: a deep page. */
const MERGED_LIST_MAX_ROWS = 1_000;

/**
 * CASE_LIST_ORDER as a comparison of rows, read from it so the merged list and the database's order stay one
 * (number is unique, so the order is total). It reads the two columns the list is ordered by, and throws on another.
 */
function compareInListOrder(sort: (typeof CASE_LIST_SORTS)[number]) {
  type Keyed = { updatedAt: Date; number: number };
  const keys = CASE_LIST_ORDER[sort].flatMap((entry) =>
    Object.entries(entry).map(([column, direction]) => {
      if ((column !== 'updatedAt' && column !== 'number') || (direction !== 'asc' && direction !== 'desc')) throw new Error(`The merged case list cannot order by ${column}`);
      return { column, sign: direction === 'asc' ? 1 : -1 } as const;
    }),
  );
  return (a: Keyed, b: Keyed) => {
    for (const { column, sign } of keys) {
      const difference = Number(a[column]) - Number(b[column]);
      if (difference !== 0) return sign * difference;
    }
    return 0;
  };
}

/**
 * What a search text matches: a reference ("KC-000123", "kc123", "123"), a personnummer (12 digits, with or without
 * the hyphen) or a name: the client's (only where the list shows it, clientSearchableInListWhere) or the responsible person's.
 */
function caseSearchWhere(text: string): Prisma.CaseWhereInput {
  const reference = /^(?:kc-?)?0*(\d{1,9})$/i.exec(text);
  const personnummer = /^(\d{8})-?(\d{4})$/.exec(text);
  if (personnummer) return clientSearchableInListWhere({ personnummer: `${personnummer[1]}${personnummer[2]}` });
  if (reference?.[1]) return { number: Number(reference[1]) };
  return {
    OR: [
      clientSearchableInListWhere({ name: { contains: text, mode: 'insensitive' } }),
      { responsibleUser: { displayName: { contains: text, mode: 'insensitive' } } },
    ],
  };
}

function caseNotFound() {
  return new AppError('NOT_FOUND', 'case_not_found');
}

function activeReferralExists(number: number | null, visibleCaseId?: string) {
  return new AppError('CONFLICT', 'client_has_active_referral', number === null ? {} : { reference: caseReference(number) }, visibleCaseId ? { caseId: visibleCaseId } : undefined);
}

/** The process rules the case service carries out itself (docs/traceability.md): the managers' list of samverkansfrågor. */
export const ENFORCES: Enforcement[] = [{ rule: 'oenighet.samverkansfraga-list', by: 'createCaseService' }];

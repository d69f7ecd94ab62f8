/**
 * Realistic case states for seeding, made by the real machine: a set of paths
 * (whole referrals that ended avslutad or avbruten, and prefixes that are still
 * active), each run through `decideAnvisning` from a range of start days. Each
 * run gives the stored snapshot, the history and the deadline rows exactly as
 * the case service would have written them (the deadline policy is replayed
 * after every step, as syncDeadlines does). The seeder clones these templates
 * with new ids, clients and users.
 */
import {
  anvisningPayloadSchemas,
  decideAnvisning,
  persistAnvisning,
  startAnvisning,
  statePathOf,
  statusOf,
  type AnvisningEvent,
} from '../../machines/anvisning';
import { stockholmDate } from '../../machines/shared/dates';
import { COMPLETED_BY, computeDeadlines, DEFAULT_PERIODS, type DeadlineKind } from '../../src/deadlines/deadline-policy';
import { nextNoticeDay } from '../../src/deadlines/notice-days';
import { addDays } from '../../src/deadlines/working-days';
import { afActivityPath, fullPath, noInskrivningPath, notSelfSufficientPath, withdrawnPath, type FlowStep } from '../lib/flow';

const DAY_MS = 86_400_000;

export interface TemplateCase {
  tpl: number;
  category: string;
  state: string;
  status: 'active' | 'avslutad' | 'avbruten';
  sent_to_kc: boolean;
  samordnare_consulted: boolean;
  decision_valid_until: string | null;
  snapshot: unknown;
  version: number;
  created_at: string;
  updated_at: string;
  kc_acted: boolean;
}

export interface TemplateEvent {
  tpl: number;
  seq: number;
  type: string;
  payload: unknown;
  actor: 'ss' | 'amk';
  role: string;
  occurred_at: string;
}

export interface TemplateDeadline {
  tpl: number;
  kind: string;
  basis: string;
  due_date: string;
  responsible_role: string;
  owner: 'ss' | 'amk' | 'none';
  status: 'open' | 'done' | 'overdue' | 'cancelled';
  created_at: string;
  closed_at: string | null;
  escalated_at: string | null;
  /** An open or overdue deadline's next e-mail day (src/deadlines/notice-days.ts); null on a closed one. */
  next_notice_on: string | null;
}

export interface Template {
  kase: TemplateCase;
  events: TemplateEvent[];
  deadlines: TemplateDeadline[];
}

/** Runs one path from `start` through the machine; `today` (YYYY-MM-DD) is the seed day for overdue/escalated. */
export function runTemplate(tpl: number, category: string, steps: FlowStep[], start: Date, today: string): Template {
  let snapshot = startAnvisning({ protectedIdentity: false });
  const createdAt = new Date(start.getTime() + 8 * 3600_000);
  const events: TemplateEvent[] = [
    { tpl, seq: 1, type: 'CASE_CREATED', payload: { protectedIdentity: false }, actor: 'ss', role: 'socialsekreterare', occurred_at: createdAt.toISOString() },
  ];
  const deadlines = new Map<string, TemplateDeadline>();
  let kcActed = false;
  let at = createdAt;
  steps.forEach((step, index) => {
    at = new Date(start.getTime() + step.day * DAY_MS + 9 * 3600_000 + index * 60_000);
    const payload = anvisningPayloadSchemas[step.type].parse(step.payload) as Record<string, unknown>;
    // A consultant takes a referral for herself: the actor is the consultant named.
    const actorId = step.type === 'KC_CONSULTANT_ASSIGNED' ? String(payload.consultantId) : step.role;
    const event = { type: step.type, ...payload, meta: { actorId, role: step.role, at: at.toISOString() } } as AnvisningEvent;
    const decision = decideAnvisning(snapshot, event);
    if (!decision.ok) throw new Error(`Template ${category} step ${index + 1} ${step.type} refused: ${JSON.stringify(decision.explanation)}`);
    snapshot = decision.snapshot;
    if (step.role === 'arbetsmarknadskonsulent') kcActed = true;
    events.push({ tpl, seq: index + 2, type: step.type, payload, actor: step.role === 'socialsekreterare' ? 'ss' : 'amk', role: step.role, occurred_at: at.toISOString() });

    // syncDeadlines, replayed: the duties after this step.
    const day = stockholmDate(at.toISOString());
    const desired = statusOf(snapshot) === 'active' ? computeDeadlines({ statePath: statePathOf(snapshot), context: snapshot.context }, DEFAULT_PERIODS) : [];
    const wanted = new Set(desired.map((d) => `${d.kind}|${d.basis}`));
    for (const [key, row] of deadlines) {
      if (wanted.has(key) || (row.status !== 'open' && row.status !== 'overdue')) continue;
      row.status = COMPLETED_BY[row.kind as DeadlineKind]?.includes(step.type) ? 'done' : 'cancelled';
      row.closed_at = at.toISOString();
    }
    for (const d of desired) {
      const key = `${d.kind}|${d.basis}`;
      const owner = d.responsibleRole === 'socialsekreterare' ? 'ss' : kcActed ? 'amk' : 'none';
      const status = d.dueDate < day ? 'overdue' : 'open';
      const row = deadlines.get(key);
      if (row) Object.assign(row, { due_date: d.dueDate, owner, status, closed_at: null });
      else
        deadlines.set(key, {
          tpl,
          kind: d.kind,
          basis: d.basis,
          due_date: d.dueDate,
          responsible_role: d.responsibleRole,
          owner,
          status,
          created_at: at.toISOString(),
          closed_at: null,
          escalated_at: null,
          next_notice_on: null,
        });
    }
  });
  // The steady state a running scheduler leaves: passed deadlines overdue, long-overdue ones escalated.
  for (const row of deadlines.values()) {
    if (row.status === 'open' && row.due_date < today) row.status = 'overdue';
    if (row.status === 'overdue') {
      const escalationDay = new Date(Date.parse(`${row.due_date}T07:00:00Z`) + DEFAULT_PERIODS.escalationDays * DAY_MS);
      if (escalationDay.toISOString().slice(0, 10) <= today) row.escalated_at = escalationDay.toISOString();
    }
    // As yesterday's sweep left it: today's sweep reads the deadlines with an e-mail due today.
    row.next_notice_on =
      row.status === 'open' || row.status === 'overdue' ? nextNoticeDay({ kind: row.kind, dueDate: row.due_date }, DEFAULT_PERIODS, addDays(today, -1)) : null;
  }
  const context = snapshot.context;
  return {
    kase: {
      tpl,
      category,
      state: statePathOf(snapshot),
      status: statusOf(snapshot),
      sent_to_kc: context.uppdrag !== null,
      samordnare_consulted: context.samordnareConsultedAt !== null,
      decision_valid_until: context.decision ? context.decision.validUntil : null,
      snapshot: persistAnvisning(snapshot),
      version: events.length,
      created_at: createdAt.toISOString(),
      updated_at: at.toISOString(),
      kc_acted: kcActed,
    },
    events,
    deadlines: [...deadlines.values()],
  };
}

export interface TemplateSet {
  templates: Template[];
  /** 100 000 slots, each naming a template: a case picks a slot by a hash of its number. */
  slots: number[];
}

export const SLOT_COUNT = 100_000;

/** Active prefixes of the whole path (1…22 steps done) and five ended paths, with their shares. */
export function buildTemplates(todayDate: Date, activePerMille: number): TemplateSet {
  const today = todayDate.toISOString().slice(0, 10);
  const templates: Template[] = [];
  const groups: { share: number; ids: number[] }[] = [];
  const full = fullPath(todayDate);

  // Still active: every prefix, its last step 0–27 days ago.
  const active: number[] = [];
  for (let steps = 1; steps <= 22; steps += 1) {
    const lastDay = full[steps - 1]!.day;
    for (let daysAgo = 0; daysAgo < 28; daysAgo += 1) {
      const start = new Date(todayDate.getTime() - (lastDay + daysAgo) * DAY_MS);
      templates.push(runTemplate(templates.length, `active:${steps}`, fullPath(start).slice(0, steps), start, today));
      active.push(templates.length - 1);
    }
  }
  groups.push({ share: activePerMille / 1000, ids: active });

  // Ended: started 1–9 years ago.
  const ended: [string, (start: Date) => FlowStep[], number][] = [
    ['avslutad:sjalvforsorjande', fullPath, 0.6],
    ['avslutad:ej_sjalvforsorjande', notSelfSufficientPath, 0.2],
    ['avbruten:aterkallad_efter_af_aktivitet', afActivityPath, 0.08],
    ['avbruten:aterkallad', withdrawnPath, 0.06],
    ['avbruten:ingen_inskrivning', noInskrivningPath, 0.06],
  ];
  for (const [category, path, share] of ended) {
    const ids: number[] = [];
    for (let variant = 0; variant < 120; variant += 1) {
      const start = new Date(todayDate.getTime() - (340 + variant * 24) * DAY_MS);
      templates.push(runTemplate(templates.length, category, path(start), start, today));
      ids.push(templates.length - 1);
    }
    groups.push({ share: share * (1 - activePerMille / 1000), ids });
  }

  const slots: number[] = [];
  for (const group of groups) {
    const count = Math.round(group.share * SLOT_COUNT);
    for (let i = 0; i < count; i += 1) slots.push(group.ids[i % group.ids.length]!);
  }
  while (slots.length < SLOT_COUNT) slots.push(slots[slots.length % Math.max(1, slots.length)] ?? 0);
  slots.length = SLOT_COUNT;
  // Interleave so that consecutive slots are not all one category.
  const shuffled = slots.map((tpl, i) => ({ tpl, key: (i * 2654435761) % 4294967296 })).sort((a, b) => a.key - b.key);
  return { templates, slots: shuffled.map((slot) => slot.tpl) };
}

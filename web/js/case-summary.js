// @ts-check
/** Shared pieces for lists of cases: the step in Swedish, the most urgent deadline, urgency order. */
import { h } from './dom.js';
import { formatDate, formatDateTime } from './format.js';

/**
 * @param {UiProcess} process
 * @param {string} state
 */
export function stepLabel(process, state) {
  return process.texts.states[state]?.description ?? state;
}

/**
 * @param {UiProcess} process
 * @param {string} state
 */
export function shortStepLabel(process, state) {
  const text = process.texts.states[state];
  if (!text) return state;
  const phase = process.texts.states[state.split('.')[0]];
  return phase && phase !== text ? `${phase.label}: ${text.label}` : text.label;
}

/**
 * Open or overdue deadlines, overdue first, then soonest.
 * @template {Deadline} D
 * @param {D[] | null | undefined} deadlines
 * @returns {D[]}
 */
export function urgentDeadlines(deadlines) {
  return (deadlines ?? [])
    .filter((deadline) => deadline.status === 'open' || deadline.status === 'overdue')
    .sort((a, b) => (a.status === 'overdue' ? 0 : 1) - (b.status === 'overdue' ? 0 : 1) || a.dueDate.localeCompare(b.dueDate));
}

/**
 * Sort key: cases with an overdue deadline first, then by the soonest due date, then the oldest untouched.
 * @param {CaseView} a
 * @param {CaseView} b
 */
export function byUrgency(a, b) {
  const da = urgentDeadlines(a.deadlines)[0];
  const db = urgentDeadlines(b.deadlines)[0];
  /** @param {Deadline | undefined} deadline */
  const rank = (deadline) => (deadline ? (deadline.status === 'overdue' ? 0 : 1) : 2);
  return rank(da) - rank(db) || (da && db ? da.dueDate.localeCompare(db.dueDate) : 0) || a.updatedAt.localeCompare(b.updatedAt);
}

/**
 * @param {UiProcess} process
 * @param {Deadline} deadline
 */
export function deadlineBadge(process, deadline) {
  const overdue = deadline.status === 'overdue';
  return h('span', { class: `badge ${overdue ? 'badge--overdue' : 'badge--open'}` }, process.texts.deadlineStatuses[deadline.status] ?? deadline.status);
}

/**
 * "Uppföljning ska hållas, senast 30 april 2026 (socialsekreterare)"
 * @param {UiProcess} process
 * @param {Deadline} deadline
 */
export function deadlineText(process, deadline) {
  const role = process.texts.roles[deadline.responsibleRole];
  return `${deadline.label}, ${deadlineWhen(deadline)}${role ? ` (${role.charAt(0).toLowerCase()}${role.slice(1)})` : ''}`;
}

/**
 * When a deadline falls: a meeting has a time, not a last day ("20 januari 2026 09:00", never "senast");
 * a duty has its last day ("senast 3 februari 2026").
 * @param {Deadline} deadline
 */
export function deadlineWhen(deadline) {
  // The server says which deadlines are meetings (`meetingAt`, src/cases/case-view.ts).
  return deadline.meetingAt ? formatDateTime(deadline.meetingAt) : `senast ${formatDate(deadline.dueDate)}`;
}

/**
 * The label of a deadline whose period is Stegvis's assumption, not the routine's (null for one the routine gives).
 * @param {Deadline} deadline
 */
export function assumptionNote(deadline) {
  return deadline.assumption ? h('span', { class: 'assumption' }, deadline.assumption) : null;
}

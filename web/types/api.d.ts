/**
 * What the web interface reads from the API, for the type check of web/js (web/tsconfig.json,
 * `npm run typecheck`). Written from the views the API returns (src/cases/case-view.ts,
 * src/assessments/assessment-view.ts, src/http/ui-routes.ts, src/web/*) and only as far as the
 * pages use them; the browser never loads this file. Global declarations, so the modules name
 * them in JSDoc without an import.
 */

type Role = 'socialsekreterare' | 'arbetsmarknadskonsulent' | 'forste_socialsekreterare' | 'kc_samordnare' | 'system';

/** The logged-in user (POST /api/auth/dev-login, GET /api/auth/me). */
interface SessionUser {
  id: string;
  username?: string;
  displayName: string;
  role: Role;
  unit: string;
}

/** What the tab keeps in sessionStorage (web/js/session.js). */
interface Session {
  token: string;
  user: SessionUser;
  roleText?: string;
  expiresAt?: string;
}

/** What may go inside an element (web/js/dom.js): nodes and texts, nested in arrays; null, undefined and false are left out. */
type DomChild = Node | string | number | boolean | null | undefined | DomChild[];

/** A notice at the top of a page. */
interface Notice {
  kind: 'success' | 'error' | 'info' | 'warning';
  text: string;
  detail?: string | null;
}

/** What app.js gives every page's render(main, params, context). */
interface PageContext {
  session: Session;
  navigate: (path: string, options?: { replace?: boolean; state?: unknown }) => void;
}

/** The API's error body: { error: { code, reason, message, details? } }; `message` is Swedish, `reason` a stable code. */
interface ApiErrorBody {
  error?: { code?: string; reason?: string; message?: string; details?: unknown };
}

/** A field error of a 400 (`details`: path, reason, Swedish message) or a refusal shown at a field. */
interface FieldProblem {
  path: string;
  reason?: string;
  params?: Record<string, unknown>;
  message: string;
}

// ---- Swedish words (src/web/texts.ts, src/web/bedomning-texts.ts) ----

interface FieldText {
  label: string;
  help?: string;
  options?: Record<string, string>;
  optionsFrom?: 'socialsekreterare' | 'arbetsmarknadskonsulent';
}

/** A JSON Schema as z.toJSONSchema makes it, as far as the forms read it. */
interface JsonSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  maxLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** An event's words and payload schema (GET /api/ui/anvisning `events`, GET /api/ui/bedomning `events`). */
interface UiEvent {
  action: string;
  done: string;
  help?: string;
  group?: 'steg' | 'ovrigt';
  fields: Record<string, FieldText>;
  /** Fields this event had under an earlier version of the machine: stored events keep them, the history shows them. */
  earlierFields?: Record<string, FieldText>;
  roles: Role[];
  schema: JsonSchema;
}

interface StateText {
  label: string;
  description: string;
}

interface MapTransition {
  event: string;
  target: string;
  conditional: boolean;
}

interface MapState {
  path: string;
  label: string;
  description: string;
  final: boolean;
  initial: boolean;
  children: MapState[];
  transitions: MapTransition[];
}

/** One deadline of the routine on the process map (src/deadlines/deadline-policy.ts deadlineSchedule). */
interface ScheduledDeadline {
  kind: string;
  phase: string | null;
  label: string;
  when: string;
  assumption: string | null;
}

/** GET /api/ui/anvisning: the process in Swedish. */
interface UiProcess {
  map: { states: MapState[]; everywhere: string[] };
  /** The routine's deadlines as the server is configured, each labelled when its period is an assumption. */
  deadlines: ScheduledDeadline[];
  events: Record<string, UiEvent>;
  texts: {
    states: Record<string, StateText>;
    roles: Record<string, string>;
    statuses: Record<string, string>;
    endReasons: Record<string, string>;
    deadlineStatuses: Record<string, string>;
    otherHistory: Record<string, { done: string; fields: Record<string, FieldText> }>;
  };
}

/** GET /api/ui/bedomning: the bedömningsstöd in Swedish, and what the user may do for a client without one. */
interface UiBedomning {
  events: Record<string, UiEvent>;
  texts: {
    states: Record<string, StateText>;
    kinds: Record<string, { label: string; completeEvent: string }>;
    questionnaireStatuses: Record<string, string>;
    documentKinds: Record<string, string>;
    arbetsplanFields: Record<string, FieldText>;
    uppdragFields: Record<string, FieldText>;
    keyScales: Record<string, string>;
    systemEvents: Record<string, string>;
    roles: Record<string, string>;
  };
  allowedBeforeStart: string[];
}

// ---- Cases (src/cases/case-view.ts) ----

/** A client as a view gives it: masked (name and personnummer null) for a protected identity where required. */
interface ClientRef {
  id: string;
  protectedIdentity: boolean;
  masked: boolean;
  name: string | null;
  personnummer: string | null;
}

interface Deadline {
  id: string;
  kind: string;
  label: string;
  dueDate: string;
  /** A booked meeting's time (an ISO instant): shown instead of a last day. Null for a deadline. */
  meetingAt?: string | null;
  responsibleRole: string;
  status: 'open' | 'overdue' | 'done' | 'cancelled';
  /** Set when the period is Stegvis's assumption, not the routine's: shown beside the deadline. */
  assumption: string | null;
  /** The person who owns the step, when the case names one. */
  responsibleUserId?: string | null;
  /** When the overdue step was raised to the escalation point, or null. */
  escalatedAt?: string | null;
}

/** A deadline of the to-do list (GET /api/deadlines), with its case. */
interface DeadlineWithCase extends Deadline {
  case: { id: string; reference: string; state?: string; client: ClientRef };
  /** Whose step it is, by name (null when the case names nobody for the role). */
  responsibleName?: string | null;
}

/** The parts of the machine's context the pages read (KC gets fewer of them). */
interface CaseProcess {
  samrad?: {
    afPlanCheckedAt: string | null;
    afActivity: string | null;
    afPlanNote: string | null;
    afActivityUnsuitable: { reason: string; judgedAt: string } | null;
  };
  /** The samråd med AF again before a renewal (emptied by each renewal). */
  renewal?: {
    /** A renewed decision not yet communicated to the client. */
    communicationPending?: boolean;
    samrad: {
      afPlanCheckedAt: string | null;
      afActivity: string | null;
      afActivityUnsuitable: { reason: string; judgedAt: string } | null;
    };
  };
  decision?: { validFrom: string; validUntil: string; decisionDate?: string } | null;
  /** 1 after the first decision, 2 after the first renewal, … */
  decisionCount?: number;
  inskrivning?: { at: string; place: string; interpreter: boolean; bookedVia?: 'gwa' | 'kc_samordnare' } | null;
  missedInskrivningCount?: number;
  rescheduledInskrivningCount?: number;
  missedInskrivning?: {
    newTimeRequestedAt: string | null;
    uppdragWithdrawn: { reason: string; at: string } | null;
    cancelledInGwa: { reason: string; at: string } | null;
  } | null;
  consentRecordedAt?: string | null;
  consentDeclined?: { note: string; at: string } | null;
  protectedIdentityMarkedAt?: string | null;
  insatsStart?: string | null;
  followUp?: { bookedAt: string | null } | null;
  closing?: {
    reason: string;
    selfSufficient: boolean;
    closingDocumentCreatedOn?: string | null;
    insatsClosedAt?: string | null;
    gwaClosedAt?: string | null;
    meetingHeldOn?: string | null;
    meetingNotHeld?: { reason: string; recordedAt: string } | null;
  } | null;
  disagreements?: Disagreement[];
  avvikelser?: { count: number; /** Not for KC: whether the socialsekreterare has taken part of them. */ acknowledgedCount?: number; latest: { on: string; kind: string; reportedAt: string } | null };
}

/** One disagreement of a case (process.md §5). */
interface Disagreement {
  id: string;
  topic: string;
  description: string | null;
  raisedBy: string;
  raisedAt: string;
  samverkansfraga: boolean;
  positions: { forste_socialsekreterare: { position: string } | null; kc_samordnare: { position: string } | null };
  resolved: { outcome: string; resolvedAt: string } | null;
}

/** GET /api/samverkansfragor: a flagged disagreement, without client data. */
interface Samverkansfraga {
  caseId: string;
  reference: string;
  unit: string;
  disagreementId: string;
  topic: string;
  raisedOn: string;
  resolvedOn: string | null;
}

/** GET /api/ui/cases/:id/guide: what stands before a decision (or a renewal), as codes with their Swedish text. */
interface CaseGuide {
  decisionBlockers: { code: string; text: string }[];
  /** Why a renewal is not yet possible (the window, the samråd), for the socialtjänst side during the insats. */
  renewalBlockers?: { code: string; text: string }[];
  /** Preparation steps whose result already stands (still offered, to correct it): shown as done. */
  doneSteps?: string[];
}

/** A step the machine offers that a check outside it would refuse now (the case view's notYetPossible). */
interface NotYetPossibleStep {
  type: string;
  reasons: { code: string; text: string; fix?: { kind: 'uppdragsbeskrivning'; documentId: string } }[];
}

/** One step the machine allows now, and what it needs (machines/shared/steps.ts). */
interface NextStep {
  type: string;
  /** Payload fields the step needs now, even where the schema makes them optional. */
  requires: string[];
  /** Fields needed in some cases only (the refusal names them). */
  conditional?: string[];
  questionnaireIds?: string[];
  documentIds?: string[];
  importFrom?: string[];
  indicatedTracks?: string[];
  notUnits?: string[];
  /** An external contact: the parties the client has consented to (`party`, as recorded, in lower case). */
  parties?: string[];
  /** An assignment by a consultant: the one she may name (herself). */
  consultantIds?: string[];
  /** An assignment by the samordnare: the one already assigned, no choice. */
  notConsultantIds?: string[];
}

/** GET /api/cases/:id, the answer of a step, and each row of GET /api/cases. */
interface CaseView {
  id: string;
  reference: string;
  version: number;
  /** The definition of the routine the case runs on. */
  machineVersion: number;
  state: string;
  status: 'active' | 'avslutad' | 'avbruten';
  endReason: string | null;
  allowedEvents: string[];
  /** The allowed steps with what each needs now. */
  nextSteps: NextStep[];
  /** Allowed steps a check outside the machine would refuse now, with why (GET /api/cases/:id only). */
  notYetPossible?: NotYetPossibleStep[];
  client: ClientRef;
  responsible: { id: string; displayName: string; unit: string };
  createdAt: string;
  updatedAt: string;
  process?: CaseProcess;
  deadlines: Deadline[];
}

/** One entry of a history (GET /api/cases/:id/events, GET /api/clients/:id/assessment/events). */
interface HistoryEntry {
  type: string;
  /** Set where the entry is not one of the process's steps, e.g. "Ärendet flyttades till version 2 av rutinen". */
  title?: string;
  payload?: Record<string, unknown>;
  actor: { id: string; displayName: string; role: string };
  occurredAt: string;
  /** The people a handover or an assignment names, by name. */
  people?: Record<string, string>;
}

/** GET /api/kc/queue: a referral at KC without a consultant, and nothing about the client. */
interface QueueEntry {
  id: string;
  reference: string;
  unit: string;
  inskrivningAt: string | null;
  scope: string | null;
}

// ---- Clients and the bedömningsstöd (src/assessments/assessment-view.ts) ----

interface QuestionnaireRef {
  id: string;
  kind: string;
  title: string;
  templateVersion: number;
  cycle: number;
  status: string;
  startedAt: string;
  completedAt: string | null;
  updatedAt: string;
}

interface Answer {
  text?: string;
  value?: number | null;
  comment?: string;
}

interface TemplateQuestion {
  id: string;
  type: 'discussion' | 'scale';
  text: string;
  required?: boolean;
  supportingQuestions?: string[];
  importTo?: Record<string, string>;
  indicationKey?: string;
  skattning?: boolean;
  scaleLabels: Record<string, string>;
}

interface QuestionnaireTemplate {
  title: string;
  description?: string;
  sections: { id: string; title: string; optional?: boolean; questions: TemplateQuestion[] }[];
}

/** GET /api/clients/:id/questionnaires/:qid: one questionnaire with its questions and answers. */
interface QuestionnaireView extends QuestionnaireRef {
  template: QuestionnaireTemplate;
  answers?: Record<string, Answer>;
}

interface DocumentRef {
  id: string;
  kind: 'arbetsplan' | 'uppdragsbeskrivning';
  caseId: string | null;
  caseReference: string | null;
  importedFromId: string | null;
  currentVersion: number;
  sentAt: string | null;
  createdAt: string;
}

/** GET /api/clients/:id/arbetsplaner/:docId and …/uppdragsbeskrivningar/:docId. */
interface DocumentView extends DocumentRef {
  current?: Record<string, string>;
  versions: { version: number; createdAt: string; createdBy?: string | null; content?: Record<string, string> }[];
}

/** GET /api/clients/:id/assessment, and the answer of a step. */
interface AssessmentView {
  id: string;
  clientId: string;
  client: ClientRef;
  version: number;
  state: string;
  cycle: number;
  householdRole: string | null;
  allowedEvents: string[];
  /** The allowed steps with what each needs now. */
  nextSteps: NextStep[];
  responsible: { id: string; displayName: string; unit: string } | null;
  /** The reasons are codes with parameters, each with its Swedish text. */
  indication: {
    tracks: string[];
    reasons: { code: string; text: string }[];
    keyScores?: Record<string, number | null> | null;
    /** The thresholds, said as the tool's assumption (shown wherever the indication is). */
    assumption: { thresholds: { low: number; high: number }; text: string };
  } | null;
  choice: { tracks: string[]; chosenAt: string; followsIndication: boolean; reasonAgainstIndication?: string | null } | null;
  insats: { caseId: string; startedAt: string } | null;
  questionnaires: QuestionnaireRef[];
  documents: DocumentRef[];
}

interface ReferralRef {
  id: string;
  reference?: string;
  state: string;
  status: string;
  /** Whether this user may make the referral's uppdragsbeskrivning now, and if not why (the machine's answer, in words). */
  uppdragsbeskrivning?: { possible: boolean; reasons: { code: string; text: string }[] };
}

/** GET /api/clients/:id (and the page's own stand-in for a client not visible yet: `fresh`). */
interface ClientPage {
  fresh?: boolean;
  client: ClientRef | null;
  assessment: AssessmentView | null;
  referrals: ReferralRef[];
  uppdragsbeskrivningar: DocumentRef[];
}

/** GET /api/clients/:id/progression. */
interface ProgressionComparison {
  from: { cycle: number; completedAt: string };
  to: { cycle: number; completedAt: string };
  questions: { questionId: string; text: string; isKeyQuestion: boolean; before: number | null; after: number | null; change: number | null }[];
}

// ---- Forms (web/js/form.js) ----

/** A field of a generated form (schemaFields, or written by a page). */
interface FormField {
  name: string;
  label: string;
  help?: string;
  required?: boolean;
  kind: 'text' | 'textarea' | 'date' | 'datetime' | 'boolean' | 'checkbox' | 'checkboxes' | 'radio' | 'select' | 'colleague';
  maxLength?: number;
  options?: { value: unknown; label: string }[];
  optionsFrom?: 'socialsekreterare' | 'arbetsmarknadskonsulent';
  /** The initial value: a string, a boolean, or an array for checkboxes. */
  value?: unknown;
  rows?: number;
  keepEmpty?: boolean;
  /** Needed only when its hint says: marked neither optional nor required. */
  conditional?: boolean;
  /** User ids a 'colleague' field does not offer. */
  exclude?: string[];
}

/** A field's parts, for marking it in error (clearFieldErrors, markFieldError). */
interface FieldControl {
  wrapper: HTMLElement;
  error: HTMLElement;
  inputs: HTMLElement[];
  focusTarget: HTMLElement;
}

/** A cell of the follow-up's statistics: a suppressed (or withheld) one is { value: null, suppressed: true }. */
interface StatisticsCell {
  value: number | null;
  suppressed: boolean;
}

/** One group's measures in one period (GET /api/statistics/anvisning, docs/statistics.md); keys with a dot are nested (closingsByReason.arbete). */
interface StatisticsRow {
  /** The group's dimensions (kon, aldersgrupp, …) as the query's groupBy asked; {} for the totals. */
  group: Record<string, string>;
  period: string;
  measures: Record<string, StatisticsCell | Record<string, StatisticsCell>>;
}

interface StatisticsAnswer {
  from: string;
  to: string;
  unit: string;
  period: 'month' | 'quarter' | 'year';
  groupBy: string[];
  /** What this reader may group by (the samordnare not by track). */
  dimensions: string[];
  suppressionThreshold: number;
  rows: StatisticsRow[];
  totals: StatisticsRow[];
}

/** GET /api/clients/:id/history: the client record's history (registered, name corrected, protection marked). */
interface ClientHistory {
  /** The last seq: the If-Match of a name correction. */
  version: number;
  /** Whether this user may make the registerutdrag and correct the name (the API's rule, src/rights/client-rights.ts). */
  mayExerciseRights: boolean;
  events: ClientHistoryEntry[];
}

interface ClientHistoryEntry {
  seq: number;
  type: string;
  /** What happened, in Swedish. */
  text: string;
  occurredAt: string;
  actor: { id: string; name: string | null; role: string; unit: string | null };
  /** The name registered or corrected to; null where a protected name is masked for this user. */
  name?: string | null;
  previousName?: string | null;
  reason?: string | null;
  protectedIdentity?: boolean;
  masked: boolean;
}

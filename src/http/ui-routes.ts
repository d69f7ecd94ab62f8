/**
 * The web interface (docs/architecture.md "The web interface"): static ES
 * modules from web/ served at /, and the read-only API routes it needs beside
 * the ordinary API: the process in Swedish (states, transitions, each event's
 * payload schema and words), the bedömningsstöd's events and words in the same
 * form, and what still stands before a decision.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { decisionBlockers, renewalBlockers, type AnvisningContext } from '../../machines/anvisning';
import { allowedBedomningEvents, BEDOMNING_EVENT_ROLES, BEDOMNING_REQUEST_TYPES, bedomningRequestSchemas, startBedomning } from '../../machines/bedomning';
import { anvisningRefusalText, decisionBlockerText, KEY_SCALE_LABELS, withText } from '../texts/process-messages';
import type { Clock } from '../clock';
import { sideOf } from '../../machines/shared/roles';
import { noteAccess } from '../audit/access-log';
import { currentUser } from '../auth';
import type { CaseService } from '../cases/case-service';
import type { Config } from '../config';
import { DEMO_USERS } from '../db/demo-users';
import { deadlineSchedule, type DeadlinePeriods } from '../deadlines/deadline-policy';
import {
  ARBETSPLAN_FIELD_TEXTS,
  BEDOMNING_EVENT_TEXTS,
  BEDOMNING_STATE_TEXTS,
  DOCUMENT_KIND_TEXTS,
  QUESTIONNAIRE_KIND_TEXTS,
  QUESTIONNAIRE_STATUS_TEXTS,
  UPPDRAG_FIELD_TEXTS,
  SYSTEM_EVENT_TEXTS,
} from '../web/bedomning-texts';
import { PROJECT_ROOT } from '../project-root';
import { buildEventCatalog, buildProcessMap, donePreparationSteps } from '../web/process-map';
import { DEADLINE_STATUS_TEXTS, END_REASON_TEXTS, OTHER_HISTORY_TEXTS, ROLE_TEXTS, STATE_TEXTS, STATUS_TEXTS } from '../web/texts';
import { z, type OpenAPIRegistry } from './openapi';

export const WEB_DIR = path.join(PROJECT_ROOT, 'web');

/**
 * Chart.js's own browser build (UMD, one file with its one dependency inside), served from node_modules
 * as it is: no build step, no CDN. The Uppföljning page loads it (web/js/charts.js).
 */
export const CHART_LIBRARY_PATH = '/vendor/chart.umd.min.js';
const CHART_LIBRARY_FILE = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/**
 * The pages' own policy: helmet's default minus `upgrade-insecure-requests`, which would
 * send the page's scripts and API calls to https on a plain-http intranet or dev host.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

const PAGE_PATHS = [
  '/',
  '/logga-in',
  '/arenden',
  '/arenden/:id',
  '/nytt-arende',
  '/samverkansfragor',
  '/uppfoljning',
  '/klienter',
  '/klienter/:id',
  '/klienter/:id/formular/:questionnaireId',
  '/klienter/:id/arbetsplan/:documentId',
  '/klienter/:id/uppdragsbeskrivning/:documentId',
];

/** Public: the pages themselves and how to log in. Mount on the app, outside /api. */
export function createWebRouter(config: Config): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    next();
  });
  router.get('/ui-config.json', (_req, res) => {
    const dev = config.auth.mode === 'dev';
    res.json({
      authMode: config.auth.mode,
      // The demo users exist only in dev mode (src/db/demo-users.ts), so listing them reveals nothing.
      demoUsers: dev ? DEMO_USERS.map((user) => ({ username: user.username, displayName: user.displayName, role: user.role, roleText: ROLE_TEXTS[user.role], unit: user.unit })) : [],
    });
  });
  // The pages' addresses (web/js/app.js ROUTES) all load the one page; the browser shows the right view.
  router.get(PAGE_PATHS, (_req, res) => {
    res.sendFile('index.html', { root: WEB_DIR, cacheControl: true, maxAge: 0 });
  });
  router.get(CHART_LIBRARY_PATH, (_req, res) => {
    res.sendFile(CHART_LIBRARY_FILE, { cacheControl: true, maxAge: 0 });
  });
  router.use(express.static(WEB_DIR, { index: false, cacheControl: true, maxAge: 0, fallthrough: true }));
  return router;
}

let processCache: Record<string, unknown> | undefined;
let bedomningCache: Record<string, unknown> | undefined;

/** The bedömningsstöd's request events: Swedish words, roles and the payload as JSON Schema (what the API validates with). */
export function buildBedomningEventCatalog() {
  return Object.fromEntries(
    BEDOMNING_REQUEST_TYPES.map((type) => [
      type,
      { ...BEDOMNING_EVENT_TEXTS[type], roles: BEDOMNING_EVENT_ROLES[type], schema: z.toJSONSchema(bedomningRequestSchemas[type], { io: 'input', unrepresentable: 'any' }) },
    ]),
  );
}

/** Authenticated, under /api. */
export function registerUiRoutes(api: Router, openapi: OpenAPIRegistry, deps: { cases: CaseService; periods: DeadlinePeriods; clock: Clock }): void {
  api.get('/ui/anvisning', (req, res) => {
    currentUser(req);
    processCache ??= {
      map: buildProcessMap(),
      events: buildEventCatalog(),
      texts: { states: STATE_TEXTS, roles: ROLE_TEXTS, statuses: STATUS_TEXTS, endReasons: END_REASON_TEXTS, deadlineStatuses: DEADLINE_STATUS_TEXTS, otherHistory: OTHER_HISTORY_TEXTS },
    };
    // The deadlines as this server is configured, each period labelled when it is an assumption (process.md "Deadlines and reminders").
    res.json({ ...processCache, deadlines: deadlineSchedule(deps.periods) });
  });

  // The bedömningsstöd in Swedish, and what this user may do for a client who has none yet (the machine's first state).
  api.get('/ui/bedomning', (req, res) => {
    const user = currentUser(req);
    bedomningCache ??= {
      events: buildBedomningEventCatalog(),
      texts: {
        states: BEDOMNING_STATE_TEXTS,
        kinds: QUESTIONNAIRE_KIND_TEXTS,
        questionnaireStatuses: QUESTIONNAIRE_STATUS_TEXTS,
        documentKinds: DOCUMENT_KIND_TEXTS,
        arbetsplanFields: ARBETSPLAN_FIELD_TEXTS,
        uppdragFields: UPPDRAG_FIELD_TEXTS,
        keyScales: KEY_SCALE_LABELS,
        systemEvents: SYSTEM_EVENT_TEXTS,
        roles: ROLE_TEXTS,
      },
    };
    res.json({ ...bedomningCache, allowedBeforeStart: allowedBedomningEvents(startBedomning(), user.role, new Date().toISOString()) });
  });

  // The machine's own list of what stands before a decision, for the case page (the case view has no such field).
  api.get('/ui/cases/:id/guide', async (req, res) => {
    noteAccess(res, { action: 'read', resource: 'case.guide', caseIds: [req.params.id] });
    const user = currentUser(req);
    const view = await deps.cases.getCase(user, req.params.id);
    const readsWholeProcess = sideOf(user.role) === 'socialtjanst';
    const beforeDecision = view.state.startsWith('forberedelse.');
    // The machine's codes, each with its words from the one catalogue (src/texts/process-messages.ts).
    const blockers = readsWholeProcess && beforeDecision ? decisionBlockers(view.process as AnvisningContext) : [];
    // During the insats, to the socialsekreterare who renews: why a renewal is not yet possible (its window, its samråd),
    // shown as "not yet possible, because …".
    const duringInsats = view.state.startsWith('pagaende.');
    const renewal = user.role === 'socialsekreterare' && duringInsats ? renewalBlockers(view.process as AnvisningContext, deps.clock.now().toISOString()) : [];
    res.json({
      decisionBlockers: withText(blockers, decisionBlockerText),
      renewalBlockers: withText(renewal, anvisningRefusalText),
      doneSteps: readsWholeProcess && beforeDecision ? donePreparationSteps(blockers) : [],
    });
  });

  openapi.registerPath({
    method: 'get',
    path: '/api/ui/anvisning',
    tags: ['web interface'],
    summary: 'The anvisning process in Swedish for the web interface: states and transitions from the machine, each event payload as JSON Schema with labels and help',
    responses: { 200: { description: 'The process map, the routine\'s deadlines as configured (each assumed period labelled), the event catalog and the Swedish texts', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/ui/bedomning',
    tags: ['web interface'],
    summary: 'The bedömningsstöd in Swedish for the web interface: each request event as JSON Schema with labels and help, the states, kinds and document fields, and the steps the caller may take for a client without an assessment',
    responses: { 200: { description: 'The event catalog, the Swedish texts and allowedBeforeStart', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
  });
  openapi.registerPath({
    method: 'get',
    path: '/api/ui/cases/{id}/guide',
    tags: ['web interface'],
    summary: 'What still stands before a decision on this case (socialtjänst side, förberedelse only), as codes with Swedish texts',
    request: { params: z.object({ id: z.uuid() }) },
    responses: {
      200: {
        description:
          'decisionBlockers: each a code (e.g. samrad_missing) with its Swedish text; empty when nothing stands in the way. renewalBlockers (during the insats): why a renewal is not yet possible (renewal_window_not_open with opensOn, renewal_samrad_missing). doneSteps: the preparation steps whose result already stands (still offered, to correct it)',
        content: {
          'application/json': {
            schema: z.object({ decisionBlockers: z.array(z.object({ code: z.string(), text: z.string() })), renewalBlockers: z.array(z.object({ code: z.string(), text: z.string() })), doneSteps: z.array(z.string()) }),
          },
        },
      },
      404: { description: 'No such case, or not visible to you' },
    },
  });
}

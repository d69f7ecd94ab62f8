/**
 * GET /api/statistics/anvisning: the follow-up's measures per period and group, small cells
 * suppressed (src/statistics, docs/statistics.md). JSON, or CSV with `Accept: text/csv`.
 */
import type { Router } from 'express';
import { noteAccess } from '../audit/access-log';
import { currentUser } from '../auth';
import { ZStatisticsQuery, nestMeasures, toCsv, type readStatistics } from '../statistics/statistics-service';
import type { OpenAPIRegistry } from './openapi';
import { statisticsRateLimit } from './rate-limits';
import { validate } from './validate';

type OnTheDatabase<F> = F extends (database: never, config: never, now: never, ...rest: infer A) => infer R ? (...rest: A) => R : never;

export function registerStatisticsRoutes(api: Router, openapi: OpenAPIRegistry, deps: { readStatistics: OnTheDatabase<typeof readStatistics> }): void {
  api.get('/statistics/anvisning', statisticsRateLimit, async (req, res) => {
    // Logged whatever the answer (a refusal too): aggregated, so no case ids.
    noteAccess(res, { action: 'read', resource: 'statistics.anvisning', caseIds: [] });
    const user = currentUser(req);
    const query = validate(ZStatisticsQuery, req.query);
    const result = await deps.readStatistics(user, query);
    res.vary('Accept');
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8');
      res.attachment(`stegvis-statistik-${result.from}-${result.to}.csv`);
      res.send(toCsv(result));
      return;
    }
    res.json({ ...result, rows: result.rows.map(nestMeasures), totals: result.totals.map(nestMeasures) });
  });

  openapi.registerPath({
    method: 'get',
    path: '/api/statistics/anvisning',
    summary:
      'Uppföljning (1:e socialsekreterare: her unit; KC samordnare: every referral sent to KC): counts, durations and shares per period and group (kon, aldersgrupp, track: the bedömningsstöd choice standing when the uppdrag was sent; not for KC), small cells suppressed; CSV with Accept: text/csv (columns period, kon, aldersgrupp, track, then the measures)',
    request: { query: ZStatisticsQuery },
    responses: {
      200: { description: '{ from, to, unit, period, groupBy, suppressionThreshold, rows, totals }; a suppressed cell is { value: null, suppressed: true }', content: { 'application/json': { schema: {} }, 'text/csv': { schema: {} } } },
      400: { description: 'A bad date, a range backwards, longer than five years or not on period boundaries, an unknown grouping' },
      403: { description: 'Neither a 1:e socialsekreterare nor the KC samordnare (statistics_not_allowed), or the samordnare grouping by track (statistics_track_not_for_kc: KC never sees a bedömningsstöd)' },
      429: { description: 'More than STATISTICS_RATE_LIMIT_PER_MINUTE reads a minute by this user (default 20)' },
    },
  });
}

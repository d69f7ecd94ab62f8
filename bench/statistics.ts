/**
 * Part 4b (issue 16): the follow-up's statistics at scale, on the databases part 4 seeds (reused when
 * seeded today): GET /api/statistics/anvisning for one unit's 1:e socialsekreterare over the last full
 * year, by month, kön and åldersgrupp (the target: under 2 s at 1,000,000 referrals), and the same year
 * for KC's samordnare (every unit's referrals sent to KC; not a target).
 */
import { benchConfig } from './lib/config';
import { startStegvis } from './lib/processes';
import { log } from './lib/report';
import { timeRepeated } from './lib/stats';
import { tokenFor } from './lib/stegvis-client';
import { prepareScaleDatabase, scaleBaselineUrl } from './scale';

/** Sequential requests, each answered 200 in full (no time-out: the figure before the change ran for minutes). */
async function timeStatistics(url: string, headers: Record<string, string>, times: number) {
  let bytes = 0;
  const timing = await timeRepeated(
    times,
    async () => {
      const response = await fetch(url, { headers });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
      bytes = text.length;
    },
    1,
  );
  return { ...timing, bytes };
}

export async function measureStatisticsAt(url: string, cases: number) {
  const year = new Date().getUTCFullYear() - 1;
  const query = `from=${year}-01-01&to=${year}-12-31&period=month&groupBy=kon,aldersgrupp`;
  const server = await startStegvis({ databaseUrl: url });
  try {
    const forste = { authorization: `Bearer ${await tokenFor({ id: 'forste-0', username: 'forste-0', role: 'forste_socialsekreterare', unit: 'SF Enhet 0' })}` };
    const samordnare = { authorization: `Bearer ${await tokenFor({ id: 'samordnare-0', username: 'samordnare-0', role: 'kc_samordnare', unit: 'KC' })}` };
    const statisticsUrl = `${server.baseUrl}/api/statistics/anvisning?${query}`;
    const unitYear = await timeStatistics(statisticsUrl, forste, benchConfig.statisticsRequests);
    log(`  statistics, a unit's ${year} (1:e socialsekreterare): p50 ${unitYear.p50} ms, p95 ${unitYear.p95} ms (${unitYear.runs} requests, ${unitYear.bytes} bytes)`);
    const kcYear = await timeStatistics(statisticsUrl, samordnare, Math.max(1, Math.round(benchConfig.statisticsRequests / 4)));
    log(`  statistics, KC's ${year} (samordnare, every unit): p50 ${kcYear.p50} ms, p95 ${kcYear.p95} ms (${kcYear.runs} requests)`);
    return { cases, year, query, unitYear, kcYear, rssMiB: server.rssMiB() };
  } finally {
    await server.stop();
  }
}

export async function runStatistics() {
  const baselineUrl = scaleBaselineUrl();
  log(`Statistics at the baseline: ${benchConfig.scaleBaselineCases.toLocaleString('en-US')} referrals`);
  await prepareScaleDatabase(baselineUrl, benchConfig.scaleBaselineCases, { reuse: true });
  const baseline = await measureStatisticsAt(baselineUrl, benchConfig.scaleBaselineCases);
  log(`Statistics at ${benchConfig.scaleCases.toLocaleString('en-US')} referrals`);
  await prepareScaleDatabase(benchConfig.scaleDatabaseUrl, benchConfig.scaleCases, { reuse: true });
  const full = await measureStatisticsAt(benchConfig.scaleDatabaseUrl, benchConfig.scaleCases);
  return { baseline, full };
}

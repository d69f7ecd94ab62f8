/**
 * Part 4b (issue 16): the follow-up's statistics at scale, on the databases part 4 seeds (reused when
 * seeded today): GET /api/statistics/anvisning for one unit's 1:e socialsekreterare over the last full
 * year, by month, kön and åldersgrupp (the target: under 2 s at 1,000,000 referrals), and the same year
 * for KC's samordnare (every unit's referrals sent to KC; not a target).
 */
import { benchConfig } from './lib/config';
import { processCpuMs, startStegvis, type StegvisServer } from './lib/processes';
import { withClient } from './lib/pg';
import { log } from './lib/report';
import { timeRepeated } from './lib/stats';
import { tokenFor } from './lib/stegvis-client';
import { prepareScaleDatabase, scaleBaselineUrl } from './scale';

/**
 * Sequential requests, each answered 200 in full (no time-out: the figure before the change ran for minutes),
 * by the server this benchmark started (a refusal says whether it was still running, and what it last wrote).
 */
async function timeStatistics(server: StegvisServer, url: string, headers: Record<string, string>, times: number, warmUp = 1, before?: () => Promise<unknown>) {
  let bytes = 0;
  // The server's own CPU time per timed request: on a machine shared with other work, what a request costs the server whatever it got.
  let calls = 0;
  let cpuBefore = Number.NaN;
  const timing = await timeRepeated(
    times,
    async () => {
      if (server.process.exitCode !== null || server.process.signalCode !== null) {
        throw new Error(`The server under test exited (${server.process.exitCode ?? server.process.signalCode}):\n${server.stderrTail()}`);
      }
      calls += 1;
      if (calls === warmUp + 1) cpuBefore = processCpuMs(server.pid); // after the warm-up requests
      const response = await fetch(url, { headers });
      const text = await response.text();
      if (response.status !== 200) {
        const running = server.process.exitCode === null && server.process.signalCode === null;
        throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)} (server under test ${running ? 'running' : 'exited'}; its stderr:\n${server.stderrTail()})`);
      }
      bytes = text.length;
    },
    warmUp,
    before,
  );
  const serverCpuMs = Math.round((processCpuMs(server.pid) - cpuBefore) / times);
  return { ...timing, bytes, serverCpuMs };
}

/** Marks the read model's rows that `where` selects stale, as the triggers do (migration 20261203122410_referral_statistics). */
const markStale = (url: string, where: string) =>
  withClient(url, (client) => client.query(`UPDATE "ReferralStatistics" SET generation = generation + 1, definition = NULL, facts = NULL WHERE ${where}`));

export async function measureStatisticsAt(url: string, cases: number) {
  const year = new Date().getUTCFullYear() - 1;
  const query = `from=${year}-01-01&to=${year}-12-31&period=month&groupBy=kon,aldersgrupp`;
  const server = await startStegvis({ databaseUrl: url });
  try {
    const forste = { authorization: `Bearer ${await tokenFor({ id: 'forste-0', username: 'forste-0', role: 'forste_socialsekreterare', unit: 'SF Enhet 0' })}` };
    const samordnare = { authorization: `Bearer ${await tokenFor({ id: 'samordnare-0', username: 'samordnare-0', role: 'kc_samordnare', unit: 'KC' })}` };
    const statisticsUrl = `${server.baseUrl}/api/statistics/anvisning?${query}`;
    // The read model (src/statistics/read-model.ts) emptied, as after its migration or a release that raised FACTS_DEFINITION:
    // the first read computes and stores the facts of every referral it reads.
    await markStale(url, 'facts IS NOT NULL');
    const cold = await timeStatistics(server, statisticsUrl, forste, 1, 0);
    log(`  statistics, a unit's ${year}, the first read after the read model was emptied: ${cold.p50} ms`);
    // A day's work: 1 % of the referrals changed since the last read (their facts stale), a read each time.
    const dayAfter = await timeStatistics(server, statisticsUrl, forste, 5, 0, () =>
      markStale(url, 'random() < 0.01'),
    );
    log(`  statistics, a unit's ${year} with 1 % of the referrals changed since the last read: p50 ${dayAfter.p50} ms (${dayAfter.runs} reads)`);
    const unitYear = await timeStatistics(server, statisticsUrl, forste, benchConfig.statisticsRequests);
    log(`  statistics, a unit's ${year} (1:e socialsekreterare): p50 ${unitYear.p50} ms, p95 ${unitYear.p95} ms (${unitYear.runs} requests, ${unitYear.bytes} bytes; server CPU ${unitYear.serverCpuMs} ms a request)`);
    const kcYear = await timeStatistics(server, statisticsUrl, samordnare, Math.max(1, Math.round(benchConfig.statisticsRequests / 4)));
    log(`  statistics, KC's ${year} (samordnare, every unit): p50 ${kcYear.p50} ms, p95 ${kcYear.p95} ms (${kcYear.runs} requests; server CPU ${kcYear.serverCpuMs} ms a request)`);
    return { cases, year, query, unitYear, kcYear, cold: cold.p50, dayAfter: dayAfter.p50, rssMiB: server.rssMiB() };
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

/**
 * The case list alone (issue 19's list regression): starts the server on the scale database (1,000,000 referrals)
 * or its baseline (`base`: 1,000), times `GET /api/cases` for the socialsekreterare with 200 cases and for a
 * 1:e socialsekreterare, and prints p50/p95 and the server's CPU per request. Read-only: nothing is seeded or written.
 *   tsx bench/case-list.ts [base|full] [requests]
 */
import { runGetLoad } from './lib/load';
import { processCpuMs, startStegvis } from './lib/processes';
import { tokenFor } from './lib/stegvis-client';
import { scaleBaselineUrl } from './scale';
import { benchConfig } from './lib/config';
import { BENCH_USER } from './scale/seed';

const which = process.argv[2] === 'full' ? 'full' : 'base';
const requests = Number(process.argv[3] ?? 200);
const url = which === 'full' ? benchConfig.scaleDatabaseUrl : scaleBaselineUrl();

const server = await startStegvis({ databaseUrl: url });
try {
  const users = [
    { label: BENCH_USER, id: BENCH_USER, role: 'socialsekreterare' as const, unit: 'SF Enhet 0', requests },
    { label: '1:e (forste-0)', id: 'forste-0', role: 'forste_socialsekreterare' as const, unit: 'SF Enhet 0', requests: Math.max(20, Math.round(requests / 4)) },
  ];
  for (const user of users) {
    const headers = { authorization: `Bearer ${await tokenFor({ id: user.id, username: user.id, role: user.role, unit: user.unit })}` };
    await runGetLoad(`${server.baseUrl}/api/cases`, headers, 1, 10); // warm-up
    const cpuBefore = processCpuMs(server.pid);
    const result = await runGetLoad(`${server.baseUrl}/api/cases`, headers, 1, user.requests);
    const cpuPerRequest = (processCpuMs(server.pid) - cpuBefore) / result.requests;
    console.log(
      `${which} ${user.label}: ${result.ok}/${result.requests} ok, p50 ${result.p50} ms, p95 ${result.p95} ms, server CPU ${cpuPerRequest.toFixed(1)} ms/request, ${result.averageBytes} bytes`,
    );
  }
} finally {
  await server.stop();
}

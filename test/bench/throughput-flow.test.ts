/**
 * The benchmark's measured flow (bench/lib/flow.ts) is taken, step by step, by a real Stegvis on the clock it
 * runs at: the throughput figures in docs/performance.md count only accepted transitions, and a flow the server
 * refuses (as the date rules of issue 18 did to the flow spread over 200 days, at its third step) measures
 * refusals instead. Both ends of a Swedish day: the flow dates by the Swedish day, not the UTC one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throughputFlow, THROUGHPUT_STEPS } from '../../bench/lib/flow';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

describe('the benchmark flow, driven through the API', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  }, 600_000);
  afterAll(async () => app.close());

  // 07:00 Swedish time, and 00:30 Swedish time (23:30 UTC the day before: the UTC date is not the Swedish day).
  it.each(['2026-12-03T06:00:00Z', '2026-12-03T23:30:00Z'])('every step is accepted at %s', async (now) => {
    app.clock.set(now);
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const created = await anna.createCase({ personnummer: personnummerFor(now.endsWith('06:00:00Z') ? '1980-02-03' : '1981-03-04', 12), name: 'Bench Flödet' });
    expect(created.status).toBe(201);
    const caseId = created.body.id as string;
    const steps = throughputFlow(new Date(now));
    expect(steps).toHaveLength(THROUGHPUT_STEPS);
    const answers: string[] = [];
    for (const step of steps) {
      const session = step.role === 'socialsekreterare' ? anna : kalle;
      const response = await session.post(`/api/cases/${caseId}/events`, { type: step.type, ...step.payload });
      answers.push(`${step.type}: ${response.status}${response.status === 200 ? '' : ` ${JSON.stringify(response.body)}`}`);
    }
    expect(answers).toEqual(steps.map((step) => `${step.type}: 200`));
  });
});

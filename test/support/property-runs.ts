/**
 * How many runs a property test with a fixed seed makes: the full count in CI
 * (`FULL_PROPERTY_RUNS=1`, set by .ci/run), a quarter of it in a developer's
 * `npm test`. The seed is fixed, so a developer's runs are the first quarter of
 * CI's: the same inputs, in the same order, fewer of them.
 */
export const fullPropertyRuns = process.env.FULL_PROPERTY_RUNS === '1';

export function propertyRuns(full: number): number {
  return fullPropertyRuns ? full : Math.ceil(full / 4);
}

/**
 * A property test's time limit: a guard against a hang, never a speed target. CI's full runs make four times the
 * requests on a machine that also runs the other test files, so they get four times the developer's limit.
 */
export function propertyTimeout(developerMs: number): number {
  return fullPropertyRuns ? developerMs * 4 : developerMs;
}

/**
 * The order the test files start in: the longest first, whatever their project, so
 * a long file (a model suite, a browser story) does not start last and run on alone
 * while the other worker idles. Vitest's own order runs the projects one after the
 * other, by name. The durations are vitest's own record of the last run; files it has
 * no record of start first, the model and browser suites before the rest.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const UNKNOWN_FIRST = ['model', 'ui', 'integration', 'unit'];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const lastDuration = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`)?.duration;
    const rank = (spec: TestSpecification) => UNKNOWN_FIRST.indexOf(spec.project.name);
    return [...files].sort((a, b) => {
      const [da, db] = [lastDuration(a), lastDuration(b)];
      if (da === undefined || db === undefined) {
        if (da !== db) return da === undefined ? -1 : 1;
        return rank(a) - rank(b);
      }
      return db - da;
    });
  }
}

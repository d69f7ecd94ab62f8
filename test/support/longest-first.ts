/**
 * The order the test files start in: project by project (model, ui, integration,
 * unit), and in each project the longest file first.
 *
 * Project by project, because vitest hands a worker that finished a file the next
 * file only when it is of the same project (isolate: false); otherwise it ends the
 * worker and starts a new one, which imports the server, Prisma and the machines
 * again (seconds of CPU each time). Ordered by duration alone, the projects
 * alternated and nearly every file paid for a new worker.
 * The longest first within each project, and the unit files (all short) last, so
 * no long file starts near the end and runs on alone while the other worker idles.
 * The durations are vitest's own record of the last run; in a project, files it
 * has no record of start first.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const PROJECT_ORDER = ['model', 'ui', 'integration', 'unit'];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const lastDuration = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`)?.duration;
    const rank = (spec: TestSpecification) => PROJECT_ORDER.indexOf(spec.project.name);
    return [...files].sort((a, b) => {
      if (rank(a) !== rank(b)) return rank(a) - rank(b);
      const [da, db] = [lastDuration(a), lastDuration(b)];
      if (da === undefined || db === undefined) return da === db ? 0 : da === undefined ? -1 : 1;
      return db - da;
    });
  }
}

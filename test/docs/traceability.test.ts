import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTraceability, readDocRules } from '../../scripts/traceability-table';

const root = path.resolve(import.meta.dirname, '../..');

describe('the traceability table (docs/traceability.md)', async () => {
  const table = await buildTraceability(root);

  it('has code that enforces and a test that names every rule of docs/process.md, and no id docs/process.md lacks', () => {
    expect(table.problems, `Add the rule to docs/process.md, or the code or the test it lacks:\n${table.problems.join('\n')}`).toEqual([]);
  });

  it('is generated from the code as it is now (run `npm run traceability`)', () => {
    expect(readFileSync(path.join(root, 'docs/traceability.md'), 'utf8')).toBe(table.markdown);
  });

  it('reads a rule, its text and its source marks from a line of docs/process.md', () => {
    const [rule] = readDocRules('intro\n- `avslut.example-rule` Both closings, in either order [Rutin, "Avslut av insats"]; the order [assumption].\n- `nope.x` not an area');
    expect(rule).toEqual({ id: 'avslut.example-rule', text: 'Both closings, in either order; the order', sources: ['[Rutin, "Avslut av insats"]', '[assumption]'], line: 2 });
  });

  it('lists rules in the order of docs/process.md, so a reader finds them where the process puts them', () => {
    const ids = table.rules.map((rule) => rule.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(table.markdown.indexOf(`\`${ids[0]}\``)).toBeLessThan(table.markdown.indexOf(`\`${ids.at(-1)}\``));
  });

  it('names what is missing: a rule without code or test, and an id of the code or of a test that docs/process.md lacks', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'traceability-'));
    try {
      mkdirSync(path.join(elsewhere, 'docs'));
      mkdirSync(path.join(elsewhere, 'test'));
      writeFileSync(path.join(elsewhere, 'docs/process.md'), '- `avslut.only-on-paper` A rule nobody wrote [assumption].\n- `avslut.only-on-paper` Twice.\n');
      // Split, so that the id is in that file's title and not in this one's.
      writeFileSync(path.join(elsewhere, 'test/x.test.ts'), "it('[kc-view." + "nowhere] a test of a rule that is not there', () => {});\n");
      const { problems } = await buildTraceability(elsewhere);
      expect(problems).toContain('avslut.only-on-paper (docs/process.md line 1) has no enforcing code');
      expect(problems).toContain('avslut.only-on-paper (docs/process.md line 1) has no test that names it');
      expect(problems).toContain('docs/process.md line 2: avslut.only-on-paper is listed twice');
      expect(problems).toContain('docs/process.md line 2: avslut.only-on-paper names no source ([Rutin, "…"], [law] or [assumption])');
      expect(problems).toContain('kc-view.nowhere is named by the test test/x.test.ts: [kc-view.nowhere] a test of a rule that is not there, but docs/process.md has no such rule');
      // The machines are the project's own: their ids are not in this docs/process.md.
      expect(problems.some((problem) => problem.startsWith('forberedelse.samrad-in-order is named by machines/anvisning/machine.ts'))).toBe(true);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

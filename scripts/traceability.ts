/** `npm run traceability`: writes docs/traceability.md (scripts/traceability-table.ts) and lists what is missing. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildTraceability } from './traceability-table';

const root = path.resolve(import.meta.dirname, '..');
const table = await buildTraceability(root);
writeFileSync(path.join(root, 'docs/traceability.md'), table.markdown);
console.log(`Wrote docs/traceability.md (${table.rules.length} rules)`);
for (const problem of table.problems) console.error(`- ${problem}`);
if (table.problems.length > 0) process.exitCode = 1;

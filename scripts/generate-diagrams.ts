/** `npm run diagrams`: writes docs/machines/<machine>.md from the machine definitions (a test fails when they are stale). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { machineDiagramDocuments } from '../test/model/diagram-documents';

for (const { file, content } of machineDiagramDocuments()) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  console.log(`Wrote ${file}`);
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { machineDiagramDocuments } from './diagram-documents';

describe('machine diagrams in docs/', () => {
  it.each(machineDiagramDocuments().map((document) => [document.file, document.content]))('%s is generated from the current definition (run `npm run diagrams`)', (file, content) => {
    expect(readFileSync(file, 'utf8')).toBe(content);
  });
});

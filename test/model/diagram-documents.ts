/** The committed diagram documents, as they should read now. */
import { anvisningMachine } from '../../machines/anvisning';
import { bedomningMachine } from '../../machines/bedomning';
import { toMermaid, type MermaidWords } from '../../machines/shared/mermaid';

/** The diagrams' Swedish words (the machines hold none). */
const WORDS: MermaidWords = { automatic: 'automatiskt', everyState: (events) => `I alla aktiva tillstånd – ${events.join(', ')}` };

const MACHINES = [
  { name: 'anvisning', title: 'Anvisning till KC (12 kap 4 § SoL)', machine: anvisningMachine },
  { name: 'bedomning', title: 'Bedömningsstöd (en per klient, cykliskt)', machine: bedomningMachine },
];

export function machineDiagramDocuments(): { file: string; content: string }[] {
  return MACHINES.map(({ name, title, machine }) => ({
    file: `docs/machines/${name}.md`,
    content: [
      `# ${title}`,
      '',
      `Generated from \`machines/${name}/machine.ts\` by \`npm run diagrams\`; a test fails when this file is out of date.`,
      '',
      '```mermaid',
      toMermaid(machine, WORDS).trimEnd(),
      '```',
      '',
    ].join('\n'),
  }));
}

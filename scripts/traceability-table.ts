/**
 * The traceability table (docs/traceability.md): every rule of docs/process.md with its source, the code that
 * enforces it and the tests that name it. Read from the code, never from a hand-kept list:
 * - the machines' state nodes and transitions with `meta: { rules: [...] }` (walked from each machine's root);
 * - the step rules (`machines/<machine>/steps.ts`) with `rules: [...]`;
 * - `export const ENFORCES: Enforcement[]` in a module of machines/ or src/ (machines/shared/traceability.ts);
 * - test titles (it, test, describe) under test/ with the id in square brackets: `[inskrivning.held-starts-insats]`.
 * `npm run traceability` writes the table; test/docs/traceability.test.ts fails when it is stale, when a rule has no
 * enforcing code or no test, or when code or a test names an id docs/process.md does not have.
 */
import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyStateMachine } from 'xstate';
import { anvisningMachine } from '../machines/anvisning/machine';
import { ANVISNING_STEPS } from '../machines/anvisning/steps';
import { bedomningMachine } from '../machines/bedomning/machine';
import { BEDOMNING_STEPS } from '../machines/bedomning/steps';
import type { Enforcement } from '../machines/shared/traceability';

export const RULE_AREAS = ['forberedelse', 'beslut', 'inskrivning', 'insats', 'oenighet', 'avslut', 'bedomning', 'deadlines', 'roles', 'kc-view', 'gallring'] as const;
const ID = `(?:${RULE_AREAS.join('|')})\\.[a-z0-9]+(?:-[a-z0-9]+)*`;
const ID_PATTERN = new RegExp(`^${ID}$`);
/** A rule in docs/process.md: a list item that starts with its id in backticks. */
const DOC_RULE = new RegExp(`^\\s*[-*] \`(${ID})\`:? (.*)$`);
/** The source marks a rule may carry (docs/process.md "Sources and how rules are marked"). */
const SOURCE_MARK = /\[(?:Rutin|Bedömningsstöd|Handbok|KS-handlingar|Socialstyrelsen SUE|law|assumption)\b[^\]]*\]/g;
/** A test's title: the first string argument of it/test/describe (and their .each/.skip/…), on one line. */
const TEST_TITLE = /\b(?:it|test|describe)(?:\.\w+)*(?:\([^)]*\))?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g;
const TITLE_ID = new RegExp(`\\[(${ID})\\]`, 'g');

export interface DocRule {
  id: string;
  text: string;
  sources: string[];
  line: number;
}

export interface TraceabilityTable {
  rules: DocRule[];
  /** Rule id → where the code enforces it. */
  enforcedBy: Map<string, string[]>;
  /** Rule id → the tests that name it (`file: title`). */
  testedBy: Map<string, string[]>;
  markdown: string;
  /** What is wrong, one sentence each (empty: the table is whole). */
  problems: string[];
}

const MACHINES: ReadonlyArray<{ name: string; file: string; machine: AnyStateMachine }> = [
  { name: 'anvisning', file: 'machines/anvisning/machine.ts', machine: anvisningMachine },
  { name: 'bedomning', file: 'machines/bedomning/machine.ts', machine: bedomningMachine },
];
const STEP_RULES = [
  { file: 'machines/anvisning/steps.ts', steps: ANVISNING_STEPS },
  { file: 'machines/bedomning/steps.ts', steps: BEDOMNING_STEPS },
];

export function readDocRules(markdown: string): DocRule[] {
  return markdown.split('\n').flatMap((lineText, index) => {
    const match = DOC_RULE.exec(lineText);
    if (!match) return [];
    const [, id, rest] = match as unknown as [string, string, string];
    const sources = [...rest.matchAll(SOURCE_MARK)].map((mark) => mark[0]);
    const text = rest.replace(SOURCE_MARK, '').replace(/\s+([;,.:])/g, '$1').replace(/\s{2,}/g, ' ').replace(/[\s;,.:]+$/, '').trim();
    return [{ id, text, sources, line: index + 1 }];
  });
}

function rulesOf(meta: unknown): string[] {
  const rules = (meta as { rules?: unknown } | undefined)?.rules;
  return Array.isArray(rules) ? rules.map(String) : [];
}

type Node = AnyStateMachine['root'];

/** Each `meta.rules` of a machine's state nodes and transitions, with where it is. */
function machineRules(name: string, file: string, machine: AnyStateMachine): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const visit = (node: Node) => {
    const state = node.path.join('.') || '(every state)';
    for (const rule of rulesOf(node.meta)) found.push([rule, `${file}: ${name} state \`${state}\``]);
    for (const [eventType, definitions] of node.transitions) {
      for (const definition of definitions) for (const rule of rulesOf(definition.meta)) found.push([rule, `${file}: ${name} \`${state}\` on \`${eventType}\``]);
    }
    for (const definition of node.always ?? []) for (const rule of rulesOf(definition.meta)) found.push([rule, `${file}: ${name} \`${state}\` (automatic)`]);
    for (const child of Object.values(node.states) as Node[]) visit(child);
  };
  visit(machine.root);
  return found;
}

function stepRules(): Array<[string, string]> {
  return STEP_RULES.flatMap(({ file, steps }) =>
    Object.entries(steps.rules).flatMap(([guard, rule]) => (rule.rules ?? []).map((id: string): [string, string] => [id, `${file}: step rule \`${guard}\``])),
  );
}

const FROZEN = /\/v\d+\//;

/** `ENFORCES` of every module of machines/ and src/ that exports it (frozen definitions left out). */
async function exportedEnforcements(root: string, problems: string[]): Promise<Array<[string, string]>> {
  const files = globSync(['machines/**/*.ts', 'src/**/*.ts'], { cwd: root })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => !FROZEN.test(`/${file}`) && !file.startsWith('src/db/generated/'))
    .filter((file) => /^export const ENFORCES\b/m.test(readFileSync(path.join(root, file), 'utf8')))
    .sort();
  const found: Array<[string, string]> = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(root, file)).href)) as Record<string, unknown> & { ENFORCES?: Enforcement[] };
    for (const { rule, by } of module.ENFORCES ?? []) {
      if (!(by in module)) problems.push(`${file}: ENFORCES names \`${by}\` for ${rule}, which the module does not export`);
      found.push([rule, `${file}: \`${by}\``]);
    }
  }
  return found;
}

function testTitles(root: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const file of globSync('test/**/*.ts', { cwd: root }).map((name) => name.split(path.sep).join('/')).sort()) {
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const title of source.matchAll(TEST_TITLE)) {
      for (const id of title[2]!.matchAll(TITLE_ID)) found.push([id[1]!, `${file}: ${title[2]}`]);
    }
  }
  return found;
}

function group(pairs: Array<[string, string]>): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const [id, where] of pairs) {
    const list = grouped.get(id) ?? [];
    if (!list.includes(where)) list.push(where);
    grouped.set(id, list);
  }
  return grouped;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function toMarkdown(rules: DocRule[], enforcedBy: Map<string, string[]>, testedBy: Map<string, string[]>): string {
  const lines = [
    '# Traceability: process rules, their sources, the code and the tests',
    '',
    'Generated by `npm run traceability` from [process.md](process.md) (each rule and its source), the machines (`meta.rules` on states and transitions), the step rules (`rules`), the `ENFORCES` lists of `machines/` and `src/`, and the test titles that name a rule as `[id]`. Do not edit by hand: `test/docs/traceability.test.ts` fails when it is stale.',
    '',
    '| rule | what it says | source | enforced by | tests |',
    '|---|---|---|---|---|',
  ];
  for (const rule of rules) {
    const list = (items: string[] | undefined) => (items ?? []).map(cell).join('<br>');
    lines.push(`| \`${rule.id}\` | ${cell(rule.text)} | ${cell(rule.sources.join('; '))} | ${list(enforcedBy.get(rule.id))} | ${list(testedBy.get(rule.id))} |`);
  }
  return `${lines.join('\n')}\n`;
}

export async function buildTraceability(root: string): Promise<TraceabilityTable> {
  const problems: string[] = [];
  const rules = readDocRules(readFileSync(path.join(root, 'docs/process.md'), 'utf8'));
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) problems.push(`docs/process.md line ${rule.line}: ${rule.id} is listed twice`);
    seen.add(rule.id);
    if (rule.sources.length === 0) problems.push(`docs/process.md line ${rule.line}: ${rule.id} names no source ([Rutin, "…"], [law] or [assumption])`);
  }
  const codePairs = [...MACHINES.flatMap(({ name, file, machine }) => machineRules(name, file, machine)), ...stepRules(), ...(await exportedEnforcements(root, problems))];
  const testPairs = testTitles(root);
  for (const [id, where] of codePairs) {
    if (!ID_PATTERN.test(id)) problems.push(`${where} names "${id}", which is no rule id (<area>.<kebab-name>, areas: ${RULE_AREAS.join(', ')})`);
  }
  const enforcedBy = group(codePairs);
  const testedBy = group(testPairs);
  for (const rule of rules) {
    if (!enforcedBy.has(rule.id)) problems.push(`${rule.id} (docs/process.md line ${rule.line}) has no enforcing code`);
    if (!testedBy.has(rule.id)) problems.push(`${rule.id} (docs/process.md line ${rule.line}) has no test that names it`);
  }
  for (const [id, places] of enforcedBy) if (!seen.has(id)) problems.push(`${id} is named by ${places.join(', ')}, but docs/process.md has no such rule`);
  for (const [id, places] of testedBy) if (!seen.has(id)) problems.push(`${id} is named by the test ${places.join(', ')}, but docs/process.md has no such rule`);
  return { rules, enforcedBy, testedBy, markdown: toMarkdown(rules, enforcedBy, testedBy), problems };
}

/**
 * The bedömningsstöd's questionnaires are data, not code: JSON files in
 * content/bedomningsstod (or QUESTIONNAIRE_DIR), one file per key and version,
 * so a municipality edits the set without a code change. At start-up every file
 * is validated and stored in QuestionnaireTemplate; a stored (key, version)
 * never changes (a trigger refuses it), so an answered questionnaire is always
 * shown with the questions it was answered with. To change a questionnaire, add
 * a file with the next version.
 */
import { isDeepStrictEqual } from 'node:util';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KEY_SCALE_QUESTIONS, type QuestionnaireKind } from '../../machines/bedomning';
import type { Prisma, PrismaClient } from '../db/database';
import type { Enforcement } from '../../machines/shared/traceability';

const text = z.string().trim().min(1);
const questionId = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,60}$/, 'must start with a lower-case letter: letters, digits and _');

export const ARBETSPLAN_FIELDS = ['mal', 'hinder', 'forvantningar', 'planering'] as const;
export const UPPDRAG_FIELDS = ['arbetslivserfarenhet', 'kompetens', 'halsa', 'behovAvInsats'] as const;
export type ArbetsplanField = (typeof ARBETSPLAN_FIELDS)[number];
export type UppdragField = (typeof UPPDRAG_FIELDS)[number];

const ZDiscussionQuestion = z.strictObject({
  id: questionId,
  type: z.literal('discussion'),
  text,
  supportingQuestions: z.array(text).default([]),
  source: text,
  required: z.boolean().default(false),
  /** Where the answer may be imported: arbetsplan from the initial part, uppdragsbeskrivning from a track. */
  importTo: z
    .strictObject({ arbetsplan: z.enum(ARBETSPLAN_FIELDS).optional(), uppdragsbeskrivning: z.enum(UPPDRAG_FIELDS).optional() })
    .optional(),
});

// A scale question has no importTo: a skattning, its value and its comment, never leaves its questionnaire (Handbok, "Skattningsfrågor").
const ZScaleQuestion = z.strictObject({
  id: questionId,
  type: z.literal('scale'),
  text,
  scaleLabels: z.strictObject({ 1: text, 2: text, 3: text, 4: text, 5: text }),
  source: text,
  /**
   * Never read: no scale question is mandatory (Bedömningsstöd, "Skalfrågor"; see `withOptionalScaleQuestions`).
   * Accepted because version 1 of the initial part was stored with its key questions required.
   */
  required: z.boolean().default(false),
  indicationKey: z.enum(KEY_SCALE_QUESTIONS).optional(),
  skattning: z.boolean().default(false),
});

const ZQuestion = z.discriminatedUnion('type', [ZDiscussionQuestion, ZScaleQuestion]);

export const ZQuestionnaireTemplate = z
  .strictObject({
    key: z.enum(['inledande', 'arbetsmarknad', 'rehab', 'uppfoljning']),
    version: z.number().int().positive(),
    title: text,
    description: text.optional(),
    source: text,
    sections: z
      .array(z.strictObject({ id: questionId, title: text, source: text, optional: z.boolean().default(false), questions: z.array(ZQuestion).min(1) }))
      .min(1),
  })
  .superRefine((template, ctx) => {
    const questions = template.sections.flatMap((section) => section.questions);
    const ids = questions.map((question) => question.id);
    for (const id of new Set(ids.filter((id, index) => ids.indexOf(id) !== index))) ctx.addIssue({ code: 'custom', message: `question id "${id}" is used twice` });
    const keys = questions.flatMap((question) => (question.type === 'scale' && question.indicationKey ? [question.indicationKey] : []));
    if (template.key === 'inledande') {
      // Handbok, "Val av inriktning": the indication reads the four key scale questions (each may be left unanswered).
      for (const key of KEY_SCALE_QUESTIONS) {
        if (!questions.some((q) => q.type === 'scale' && q.indicationKey === key)) ctx.addIssue({ code: 'custom', message: `the initial part must have a scale question with indicationKey "${key}"` });
      }
    } else if (keys.length > 0) ctx.addIssue({ code: 'custom', message: 'only the initial part has indication questions' });
    for (const question of questions) {
      if (question.type !== 'discussion' || !question.importTo) continue;
      // Bedömningsstöd, "Arbetsplan", "Uppdragsbeskrivning": arbetsplan imports only from the initial part; the uppdragsbeskrivning only from a track.
      if (question.importTo.arbetsplan && template.key !== 'inledande')
        ctx.addIssue({ code: 'custom', message: `"${question.id}": only the initial part imports into the arbetsplan` });
      if (question.importTo.uppdragsbeskrivning && template.key !== 'arbetsmarknad' && template.key !== 'rehab')
        ctx.addIssue({ code: 'custom', message: `"${question.id}": only a track questionnaire imports into the uppdragsbeskrivning` });
    }
  });

export type QuestionnaireTemplate = z.output<typeof ZQuestionnaireTemplate>;
export type Question = z.output<typeof ZQuestion>;

const ZArbetsplanTemplate = z.strictObject({ key: z.literal('arbetsplan'), version: z.number().int().positive(), title: text, source: text, standardText: text });
export type ArbetsplanTemplate = z.output<typeof ZArbetsplanTemplate>;

export interface QuestionnaireCatalog {
  /** The newest version of a questionnaire: what a new one is filled in with. */
  current(kind: QuestionnaireKind): QuestionnaireTemplate;
  /** A stored version, for questionnaires answered with it. */
  get(key: string, version: number): QuestionnaireTemplate;
  /** The newest arbetsplan template, with the standard text on ekonomiskt bistånd. */
  arbetsplan(): ArbetsplanTemplate;
  all(): QuestionnaireTemplate[];
}

export class QuestionnaireFileError extends Error {
  override readonly name = 'QuestionnaireFileError';
}

interface LoadedFiles {
  questionnaires: QuestionnaireTemplate[];
  arbetsplan: ArbetsplanTemplate[];
}

/** Read and validate every *.json in the directory; any problem stops start-up with the file and the field. */
export function readQuestionnaireFiles(directory: string): LoadedFiles {
  const loaded: LoadedFiles = { questionnaires: [], arbetsplan: [] };
  const files = readdirSync(directory).filter((file) => file.endsWith('.json')).sort();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.join(directory, file), 'utf8'));
    } catch (error) {
      throw new QuestionnaireFileError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    const isArbetsplan = typeof raw === 'object' && raw !== null && (raw as { key?: unknown }).key === 'arbetsplan';
    const parsed = isArbetsplan ? ZArbetsplanTemplate.safeParse(raw) : ZQuestionnaireTemplate.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ');
      throw new QuestionnaireFileError(`${file}: ${problems}`);
    }
    if (parsed.data.key === 'arbetsplan') loaded.arbetsplan.push(parsed.data as ArbetsplanTemplate);
    else loaded.questionnaires.push(parsed.data as QuestionnaireTemplate);
  }
  for (const kind of ['inledande', 'arbetsmarknad', 'rehab', 'uppfoljning', 'arbetsplan'] as const) {
    const all = kind === 'arbetsplan' ? loaded.arbetsplan : loaded.questionnaires.filter((t) => t.key === kind);
    if (all.length === 0) throw new QuestionnaireFileError(`${directory}: no "${kind}" file`);
  }
  return loaded;
}

/**
 * Store new versions and check that stored ones are unchanged; then build the
 * catalog from everything stored (older versions included).
 */
export async function loadQuestionnaireCatalog(prisma: PrismaClient, directory: string): Promise<QuestionnaireCatalog> {
  const files = readQuestionnaireFiles(directory);
  for (const template of [...files.questionnaires, ...files.arbetsplan]) {
    const stored = await prisma.questionnaireTemplate.findUnique({ where: { key_version: { key: template.key, version: template.version } } });
    if (!stored) {
      await prisma.questionnaireTemplate
        .create({ data: { key: template.key, version: template.version, definition: template as unknown as Prisma.InputJsonValue } })
        .catch(async (error: unknown) => {
          // Two servers starting at once: the other one stored it; it is checked below.
          if (!(await prisma.questionnaireTemplate.findUnique({ where: { key_version: { key: template.key, version: template.version } } }))) throw error;
        });
    } else if (!isDeepStrictEqual(JSON.parse(JSON.stringify(template)), stored.definition)) {
      throw new QuestionnaireFileError(
        `${template.key} version ${template.version} differs from the stored one. Answered questionnaires keep the version they were answered with: save the change as version ${template.version + 1}.`,
      );
    }
  }
  const rows = await prisma.questionnaireTemplate.findMany({ orderBy: [{ key: 'asc' }, { version: 'asc' }] });
  const byKey = new Map<string, unknown>(rows.map((row) => [`${row.key}@${row.version}`, row.definition]));
  const newest = <T extends { key: string; version: number }>(all: T[], key: string): T =>
    all.filter((t) => t.key === key).reduce((a, b) => (b.version > a.version ? b : a));

  return {
    current: (kind) => withOptionalScaleQuestions(newest(files.questionnaires, kind)),
    get(key, version) {
      const definition = byKey.get(`${key}@${version}`);
      if (!definition) throw new Error(`questionnaire ${key} version ${version} is not stored`);
      return withOptionalScaleQuestions(definition as QuestionnaireTemplate);
    },
    arbetsplan: () => newest(files.arbetsplan, 'arbetsplan'),
    all: () => files.questionnaires,
  };
}

/**
 * A template as Stegvis reads it: no scale question is mandatory (Bedömningsstöd, "Skalfrågor": the initial part is
 * completed with any of them answered), whatever a stored version says. The stored definition stays as it was.
 */
export function withOptionalScaleQuestions(template: QuestionnaireTemplate): QuestionnaireTemplate {
  if (!questionsOf(template).some((question) => question.type === 'scale' && question.required)) return template;
  return {
    ...template,
    sections: template.sections.map((section) => ({ ...section, questions: section.questions.map((question) => (question.type === 'scale' ? { ...question, required: false } : question)) })),
  };
}

export function questionsOf(template: QuestionnaireTemplate): Question[] {
  return template.sections.flatMap((section) => section.questions);
}

/** The process rule the template schema enforces (docs/process.md "The bedömningsstöd cycle"; docs/traceability.md). */
export const ENFORCES: Enforcement[] = [{ rule: 'bedomning.scale-answers-never-imported', by: 'ZQuestionnaireTemplate' }];

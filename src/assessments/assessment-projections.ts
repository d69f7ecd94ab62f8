/**
 * The tables an accepted step of the bedömningsstöd updates besides its event
 * and snapshot: questionnaires (started, answered, completed) and documents
 * (created with their first text, revised as new versions, sent). Run inside
 * the step's transaction.
 */
import type { BedomningContext, BedomningEvent } from '../../machines/bedomning';
import type { Prisma } from '../db/database';
import { emptyArbetsplan, emptyUppdragsbeskrivning, importArbetsplan, importUppdragsbeskrivning, mergeAnswers, type Answers } from './documents';
import type { QuestionnaireCatalog, QuestionnaireTemplate } from './questionnaire-catalog';

type Tx = Prisma.TransactionClient;

/** Apply the projections of an accepted event: questionnaires and documents. */
export async function project(tx: Tx, catalog: QuestionnaireCatalog, assessmentId: string, before: BedomningContext, event: BedomningEvent, after: BedomningContext, at: Date) {
  const startedQuestionnaires = after.questionnaires.filter((q) => !before.questionnaires.some((b) => b.id === q.id));
  for (const ref of startedQuestionnaires) {
    const template = catalog.current(ref.kind);
    await tx.questionnaire.create({
      data: {
        id: ref.id,
        assessmentId,
        kind: ref.kind,
        templateKey: template.key,
        templateVersion: template.version,
        cycle: ref.cycle,
        householdRole: ref.kind === 'inledande' ? after.householdRole : null,
        answers: {},
        startedAt: at,
        updatedAt: at,
      },
    });
  }
  for (const ref of after.questionnaires) {
    const previous = before.questionnaires.find((b) => b.id === ref.id);
    if (previous && previous.status !== ref.status) {
      await tx.questionnaire.update({
        where: { id: ref.id },
        data: { status: ref.status, completedAt: ref.completedAt ? new Date(ref.completedAt) : null, updatedAt: at },
      });
    }
  }
  switch (event.type) {
    case 'QUESTIONNAIRE_SAVED': {
      const stored = await tx.questionnaire.findUniqueOrThrow({ where: { id: event.questionnaireId } });
      await tx.questionnaire.update({
        where: { id: event.questionnaireId },
        data: { answers: mergeAnswers(stored.answers as Answers, event.answers) as Prisma.InputJsonValue, updatedAt: at },
      });
      break;
    }
    case 'ARBETSPLAN_CREATED': {
      const content = await importContent(tx, catalog, event.importFrom, importArbetsplan, emptyArbetsplan);
      const standard = catalog.arbetsplan();
      await createDocument(tx, assessmentId, event.documentId, 'arbetsplan', null, event.importFrom ?? null, event.meta.actorId, at, {
        ...content,
        standardText: standard.standardText,
        standardTextVersion: standard.version,
      });
      break;
    }
    case 'UPPDRAGSBESKRIVNING_CREATED': {
      const content = await importContent(tx, catalog, event.importFrom, importUppdragsbeskrivning, emptyUppdragsbeskrivning);
      await createDocument(tx, assessmentId, event.documentId, 'uppdragsbeskrivning', event.caseId, event.importFrom ?? null, event.meta.actorId, at, content);
      break;
    }
    case 'ARBETSPLAN_REVISED':
    case 'UPPDRAGSBESKRIVNING_REVISED': {
      const document = await tx.assessmentDocument.findUniqueOrThrow({ where: { id: event.documentId }, include: { versions: { orderBy: { version: 'desc' }, take: 1 } } });
      const previous = (document.versions[0]?.content ?? {}) as Record<string, unknown>;
      const version = document.currentVersion + 1;
      // The standard text stays as it was in the plan; the fields are the socialsekreterare's.
      const content = { ...previous, ...event.content };
      await tx.assessmentDocumentVersion.create({ data: { documentId: document.id, version, content: content as Prisma.InputJsonValue, createdById: event.meta.actorId, createdAt: at } });
      await tx.assessmentDocument.update({ where: { id: document.id }, data: { currentVersion: version } });
      break;
    }
    case 'INSATS_STARTED':
      if (event.uppdragsbeskrivningId) await tx.assessmentDocument.update({ where: { id: event.uppdragsbeskrivningId }, data: { sentAt: at } });
      break;
    default:
      break;
  }
}

/** A new document's first text: imported from the chosen questionnaire (as answered, in its own version), or empty. */
async function importContent<T>(
  tx: Tx,
  catalog: QuestionnaireCatalog,
  importFrom: string | undefined,
  importer: (template: QuestionnaireTemplate, answers: Answers) => T,
  empty: () => T,
): Promise<T> {
  if (!importFrom) return empty();
  const source = await tx.questionnaire.findUniqueOrThrow({ where: { id: importFrom } });
  return importer(catalog.get(source.templateKey, source.templateVersion), source.answers as Answers);
}

async function createDocument(
  tx: Tx,
  assessmentId: string,
  id: string,
  kind: 'arbetsplan' | 'uppdragsbeskrivning',
  caseId: string | null,
  importedFromId: string | null,
  createdById: string,
  at: Date,
  content: object,
) {
  await tx.assessmentDocument.create({ data: { id, assessmentId, kind, caseId, importedFromId, currentVersion: 1, createdAt: at } });
  await tx.assessmentDocumentVersion.create({ data: { documentId: id, version: 1, content: content as Prisma.InputJsonValue, createdById, createdAt: at } });
}

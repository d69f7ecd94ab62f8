/**
 * The questionnaires as data: the shipped files are valid and traceable to the
 * sources, a bad file stops start-up with the file and field, and a stored
 * version never changes (answered questionnaires keep their questions).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadQuestionnaireCatalog, questionsOf, readQuestionnaireFiles } from '../../src/assessments/questionnaire-catalog';
import { DEFAULT_QUESTIONNAIRE_DIR } from '../../src/config';
import { createTestDatabase } from '../support/test-database';

const directories: string[] = [];
function copyOfShippedFiles(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'stegvis-questionnaires-'));
  cpSync(DEFAULT_QUESTIONNAIRE_DIR, directory, { recursive: true });
  directories.push(directory);
  return directory;
}
type Json = { sections: { questions: { id: string; text: string; importTo?: unknown }[] }[] };
function editJson(file: string, edit: (json: Json) => void) {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Json;
  edit(json);
  writeFileSync(file, JSON.stringify(json));
}

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('the shipped questionnaires', () => {
  it('cover every part of the bedömningsstöd, with every question traced to its source and the four key scale questions in the initial part', () => {
    const { questionnaires, arbetsplan } = readQuestionnaireFiles(DEFAULT_QUESTIONNAIRE_DIR);
    expect(questionnaires.map((q) => q.key).sort()).toEqual(['arbetsmarknad', 'inledande', 'rehab', 'uppfoljning']);
    for (const template of questionnaires) for (const question of questionsOf(template)) expect(question.source, question.id).toMatch(/^00[01] /);
    const inledande = questionnaires.find((q) => q.key === 'inledande')!;
    expect(questionsOf(inledande).flatMap((q) => (q.type === 'scale' && q.indicationKey ? [q.indicationKey] : [])).sort()).toEqual(['arbetsformaga', 'energiMotivation', 'halsa', 'kommunikation']);
    const rehab = questionnaires.find((q) => q.key === 'rehab')!;
    expect(questionsOf(rehab).filter((q) => q.type === 'scale' && q.skattning).length).toBeGreaterThan(0);
    expect(arbetsplan[0]!.standardText).toContain('ekonomiskt bistånd');
  });
});

describe('a file a municipality edits', () => {
  it('[bedomning.scale-answers-never-imported] is refused with the file and the field when a scale question would be imported into another document', () => {
    const directory = copyOfShippedFiles();
    editJson(path.join(directory, 'rehab.v1.json'), (json) => {
      json.sections[2]!.questions[0]!.importTo = { uppdragsbeskrivning: 'halsa' };
    });
    expect(() => readQuestionnaireFiles(directory)).toThrow(/rehab\.v1\.json: sections\.2\.questions\.0.*importTo/);
  });

  it('is refused when the initial part lacks a key scale question', () => {
    const directory = copyOfShippedFiles();
    editJson(path.join(directory, 'inledande.v1.json'), (json) => {
      json.sections[1]!.questions = json.sections[1]!.questions.filter((q) => q.id !== 'energiMotivation');
    });
    expect(() => readQuestionnaireFiles(directory)).toThrow(/indicationKey "energiMotivation"/);
  });

  it('may not change a stored version, and a new version leaves the old one readable', async () => {
    const database = await createTestDatabase();
    try {
      const directory = copyOfShippedFiles();
      await loadQuestionnaireCatalog(database.prisma, directory);
      editJson(path.join(directory, 'uppfoljning.v1.json'), (json) => {
        json.sections[0]!.questions[0]!.text = 'Hur var insatsen?';
      });
      await expect(loadQuestionnaireCatalog(database.prisma, directory)).rejects.toThrow(/uppfoljning version 1 differs.*version 2/);

      const original = JSON.parse(readFileSync(path.join(DEFAULT_QUESTIONNAIRE_DIR, 'uppfoljning.v1.json'), 'utf8'));
      writeFileSync(path.join(directory, 'uppfoljning.v1.json'), JSON.stringify(original));
      writeFileSync(path.join(directory, 'uppfoljning.v2.json'), JSON.stringify({ ...original, version: 2, sections: [{ ...original.sections[0], questions: [{ ...original.sections[0].questions[0], text: 'Hur var insatsen?' }] }] }));
      const catalog = await loadQuestionnaireCatalog(database.prisma, directory);
      expect(catalog.current('uppfoljning').version).toBe(2);
      expect(questionsOf(catalog.current('uppfoljning'))[0]!.text).toBe('Hur var insatsen?');
      expect(questionsOf(catalog.get('uppfoljning', 1))[0]!.text).toBe('Hur har du upplevt insatsen?');
    } finally {
      await database.close();
    }
  });
});

/**
 * The web interface's Swedish words cover the machine exactly: every state,
 * every event, every payload field and every enum value, nothing stale.
 * (No browser: this runs everywhere.)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { anvisningMachine, ANVISNING_EVENT_TYPES } from '../../machines/anvisning';
import { anvisningPayloadSchemas as anvisningPayloadSchemasV1, ANVISNING_EVENT_TYPES as ANVISNING_EVENT_TYPES_V1 } from '../../machines/anvisning/v1/events';
import { bedomningMachine, BEDOMNING_REQUEST_TYPES, QUESTIONNAIRE_KINDS, ZArbetsplanContent, ZUppdragsbeskrivningContent } from '../../machines/bedomning';
import { buildBedomningEventCatalog } from '../../src/http/ui-routes';
import { ARBETSPLAN_FIELD_TEXTS, BEDOMNING_EVENT_TEXTS, BEDOMNING_STATE_TEXTS, QUESTIONNAIRE_KIND_TEXTS, UPPDRAG_FIELD_TEXTS } from '../../src/web/bedomning-texts';
import { buildEventCatalog, buildProcessMap, type MapState } from '../../src/web/process-map';
import { EVENT_TEXTS, OTHER_HISTORY_TEXTS, STATE_TEXTS } from '../../src/web/texts';
import { ageGroupLabels, DURATION_MEASURES, GROUP_DIMENSIONS, KON, MEASURE_KEYS } from '../../src/statistics/measures';
import { DEFAULT_AGE_BANDS, parseAgeBands } from '../../src/statistics/statistics-config';

type Node = AnyStateMachine['root'];

function machinePaths(node: Node): string[] {
  return (Object.values(node.states) as Node[]).flatMap((child) => [child.path.join('.'), ...machinePaths(child)]);
}

describe('Swedish texts for the anvisning machine', () => {
  it('has a label and a description for every state of the machine, and none for a state that is gone', () => {
    const paths = machinePaths(anvisningMachine.root);
    expect(Object.keys(STATE_TEXTS).sort()).toEqual([...paths].sort());
    for (const text of Object.values(STATE_TEXTS)) {
      expect(text.label.length).toBeGreaterThan(0);
      expect(text.description.length).toBeGreaterThan(0);
    }
  });

  it('labels every field of every event payload, and every value of its enums', () => {
    const catalog = buildEventCatalog();
    expect(Object.keys(catalog).sort()).toEqual([...ANVISNING_EVENT_TYPES].sort());
    for (const type of ANVISNING_EVENT_TYPES) {
      const schema = catalog[type]?.schema as { properties?: Record<string, { enum?: string[] }> };
      const properties = schema.properties ?? {};
      const fields = EVENT_TEXTS[type].fields as Record<string, { label: string; options?: Record<string, string> }>;
      expect(Object.keys(fields).sort(), type).toEqual(Object.keys(properties).sort());
      for (const [name, property] of Object.entries(properties)) {
        if (property.enum) expect(Object.keys(fields[name]?.options ?? {}).sort(), `${type}.${name}`).toEqual([...property.enum].sort());
      }
    }
  });

  it('labels every field of a payload stored under version 1, which the history still shows (stored events are never rewritten)', () => {
    const texts = EVENT_TEXTS as Record<string, { fields: Record<string, { label: string }>; earlierFields?: Record<string, { label: string }> }>;
    for (const type of ANVISNING_EVENT_TYPES_V1) {
      const properties = (z.toJSONSchema(anvisningPayloadSchemasV1[type], { io: 'input', unrepresentable: 'any' }) as { properties?: object }).properties ?? {};
      // An event no longer in the vocabulary keeps its words among the other history texts.
      const text: { fields: Record<string, { label: string }>; earlierFields?: Record<string, { label: string }> } | undefined = texts[type] ?? OTHER_HISTORY_TEXTS[type];
      expect(text, type).toBeDefined();
      for (const name of Object.keys(properties)) expect(text?.fields[name]?.label ?? text?.earlierFields?.[name]?.label, `${type}.${name}`).toBeTruthy();
      // An earlier field is one the event no longer has, and one it had.
      for (const name of Object.keys(text?.earlierFields ?? {})) {
        expect(Object.keys(text?.fields ?? {}), `${type}.${name}`).not.toContain(name);
        expect(Object.keys(properties), `${type}.${name}`).toContain(name);
      }
    }
    expect(EVENT_TEXTS.AF_PLAN_CHECKED.earlierFields.plannedAfActivity.label).toMatch(/Arbetsförmedlingen/);
  });

  it('maps the machine with its transitions, targets being states of the machine', () => {
    const map = buildProcessMap();
    const all: MapState[] = [];
    const walk = (states: MapState[]) => states.forEach((state) => (all.push(state), walk(state.children)));
    walk(map.states);
    const paths = new Set(all.map((state) => state.path));
    expect(paths).toEqual(new Set(machinePaths(anvisningMachine.root)));
    for (const state of all) for (const transition of state.transitions) expect(paths.has(transition.target), `${state.path} → ${transition.target}`).toBe(true);
    expect(all.find((state) => state.path === 'inskrivning.bokad')?.transitions).toEqual(
      expect.arrayContaining([{ event: 'INSKRIVNING_HELD', target: 'pagaende', conditional: false }]),
    );
    expect(map.everywhere).toEqual(['AF_RESPONSE_RECORDED', 'KC_CONSULTANT_ASSIGNED', 'RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED', 'TRANSFER_ACCEPTED', 'TRANSFER_CANCELLED', 'PROTECTED_IDENTITY_MARKED', 'AVVIKELSE_ACKNOWLEDGED']);
  });
});

describe('Swedish texts for the bedömning machine', () => {
  it('has a label and a description for every state of the machine, and none for a state that is gone', () => {
    expect(Object.keys(BEDOMNING_STATE_TEXTS).sort()).toEqual(machinePaths(bedomningMachine.root).sort());
    for (const text of Object.values(BEDOMNING_STATE_TEXTS)) {
      expect(text.label.length).toBeGreaterThan(0);
      expect(text.description.length).toBeGreaterThan(0);
    }
  });

  it('labels every field of every request event, every value of its enums (arrays of enums included), and every document field', () => {
    const catalog = buildBedomningEventCatalog();
    expect(Object.keys(catalog).sort()).toEqual([...BEDOMNING_REQUEST_TYPES].sort());
    for (const type of BEDOMNING_REQUEST_TYPES) {
      const schema = catalog[type]?.schema as { properties?: Record<string, { enum?: string[]; items?: { enum?: string[] } }> };
      const properties = schema.properties ?? {};
      const fields = BEDOMNING_EVENT_TEXTS[type].fields as Record<string, { label: string; options?: Record<string, string> }>;
      expect(Object.keys(fields).sort(), type).toEqual(Object.keys(properties).sort());
      for (const [name, property] of Object.entries(properties)) {
        const values = property.enum ?? property.items?.enum;
        if (values) expect(Object.keys(fields[name]?.options ?? {}).sort(), `${type}.${name}`).toEqual([...values].sort());
      }
    }
    expect(Object.keys(ARBETSPLAN_FIELD_TEXTS).sort()).toEqual(Object.keys(ZArbetsplanContent.shape).sort());
    expect(Object.keys(UPPDRAG_FIELD_TEXTS).sort()).toEqual(Object.keys(ZUppdragsbeskrivningContent.shape).sort());
    expect(Object.keys(QUESTIONNAIRE_KIND_TEXTS).sort()).toEqual([...QUESTIONNAIRE_KINDS].sort());
    for (const kind of QUESTIONNAIRE_KINDS) expect(BEDOMNING_REQUEST_TYPES).toContain(QUESTIONNAIRE_KIND_TEXTS[kind].completeEvent);
  });
});

/** The Uppföljning page's words (web/js/statistics-texts.js, a browser module without types of its own). */
interface StatisticsTexts {
  MEASURE_TEXTS: Record<string, string>;
  STEP_TEXTS: Record<string, string>;
  DIMENSION_TEXTS: Record<string, string>;
  GROUPINGS: { value: string; text: string }[];
  groupValueText(dimension: string, value: string): string;
  periodText(period: string): string;
}
const statisticsTexts = () => import(pathToFileURL(path.resolve('web/js/statistics-texts.js')).href) as Promise<StatisticsTexts>;

describe('Swedish words for the statistics (the Uppföljning page)', () => {
  it('names every measure the statistics API answers with, and none it no longer has', async () => {
    const { MEASURE_TEXTS, STEP_TEXTS } = await statisticsTexts();
    expect(Object.keys(MEASURE_TEXTS).sort()).toEqual([...MEASURE_KEYS].sort());
    for (const text of Object.values(MEASURE_TEXTS)) expect(text).toMatch(/^[A-ZÅÄÖ]/);
    expect(Object.keys(STEP_TEXTS).sort()).toEqual([...DURATION_MEASURES].sort());
  });

  it('names every grouping dimension and every kön, shows the age bands in words, and offers only groupings the API accepts', async () => {
    const { DIMENSION_TEXTS, GROUPINGS, groupValueText } = await statisticsTexts();
    for (const dimension of GROUP_DIMENSIONS) expect(DIMENSION_TEXTS[dimension], dimension).toBeTruthy();
    for (const kon of KON) expect(groupValueText('kon', kon)).not.toBe(kon);
    expect(ageGroupLabels(parseAgeBands(DEFAULT_AGE_BANDS)).map((band) => groupValueText('aldersgrupp', band))).toEqual(['0–17 år', '18–24 år', '25–29 år', '30–49 år', '50 år och äldre']);
    for (const grouping of GROUPINGS) {
      const dimensions = grouping.value === '' ? [] : grouping.value.split(',');
      for (const dimension of dimensions) expect(GROUP_DIMENSIONS as readonly string[], grouping.text).toContain(dimension);
    }
    expect(GROUPINGS.map((grouping) => grouping.value)).toEqual(expect.arrayContaining(['', 'kon', 'aldersgrupp', 'kon,aldersgrupp']));
  });

  it('writes the API’s periods as Swedish words', async () => {
    const { periodText } = await statisticsTexts();
    expect(['2026-01', '2026-12', '2026-Q3', '2026'].map(periodText)).toEqual(['januari 2026', 'december 2026', 'kvartal 3 2026', '2026']);
  });
});

/**
 * 部门决算公开说明: draft it from the nine tables + 补充信息 (+ last year's tables), and check an
 * existing one (rules 24–27). Pure core: returns edit plans and text; adapters write files.
 */
import { EditPlan } from '../plan';
import { readSettings } from '../settings';
import { WorkbookSnapshot } from '../snapshot';
import { TableSet } from '../tables/model';
import { draftNarrative, NarrativeDraft, narrativeText } from './draft';
import {
  FACT_FIELDS, FactCell, FactEntry, Facts, FACTS_SHEET, factText, fieldEntry, keyOfLabel, planFacts, FactsPlanResult, readFacts,
} from './facts';
import { NarrativeOptions, optionsFromSettings } from './options';
import { perfSummary } from './perf';
import { narrativeSheetEdit } from './render';
import { guessUnitName, guessYear, priorFactEntries } from './sources';

export * from './figures';
export * from './facts';
export * from './options';
export * from './perf';
export * from './draft';
export * from './render';
export * from './sources';
export { checkNarrative, findNarrativeSheet, parseNarrativeSheet } from './check';

export interface PrepareDraftInput {
  snapshot: WorkbookSnapshot;
  /** This year's nine tables: checkWorkbook(snapshot).model. */
  model: TableSet;
  /** Last year's nine tables (import): checkWorkbook(priorSnapshot).model. */
  priorModel?: TableSet;
  priorSnapshot?: WorkbookSnapshot;
  /** Overrides of the options stored in the settings sheet. */
  options?: Partial<NarrativeOptions>;
}

export interface PreparedDraft {
  draft: NarrativeDraft;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  /** Create/extend 补充信息 (never overwriting an entry) and replace 决算说明. */
  plan: EditPlan;
  /** The facts the draft used (sheet values, with imported last-year figures where the sheet had none). */
  facts: Facts;
  /** What happened in 补充信息: rows added, and imported values not written because the cell held another. */
  factsPlan: FactsPlanResult;
  options: NarrativeOptions;
}

/** Last year's figures as facts entries (the 上年 section) for an import. */
export function importPriorEntries(priorModel: TableSet, priorSnapshot?: WorkbookSnapshot, year?: string): FactEntry[] {
  const py = (priorSnapshot && guessYear(priorSnapshot, priorModel)) || (year && /^\d{4}$/.test(year) ? String(Number(year) - 1) : undefined);
  return priorFactEntries(priorModel, py);
}

/** Facts with entries overlaid where the sheet has nothing (in memory only). */
export function overlayFacts(facts: Facts, entries: FactEntry[]): Facts {
  const cells = new Map(facts.cells);
  const priorItems = [...facts.priorItems];
  for (const e of entries) {
    if (e.value === undefined || e.value === '') continue;
    const cur = cells.get(e.key);
    if (cur && factText(facts, e.key) !== '') continue;
    const cell: FactCell = {
      key: e.key, label: e.label, value: e.value,
      ref: cur?.ref ?? { sheet: facts.sheet ?? FACTS_SHEET, address: '' },
      row: cur?.row ?? -1,
    };
    cells.set(e.key, cell);
    if (!cur && e.key.startsWith('prior.item.')) {
      const hit = keyOfLabel(e.label);
      if (hit?.fund && hit.code) priorItems.push({ fund: hit.fund, code: hit.code, path: hit.path ?? '', cell });
    }
  }
  return { ...facts, cells, priorItems };
}

/**
 * Everything the CLI and the task pane need for 生成说明: the draft, its text, and one edit plan
 * (补充信息 created or extended, 决算说明 replaced).
 */
export function prepareDraft(input: PrepareDraftInput): PreparedDraft {
  const { snapshot, model } = input;
  // Explicit options win over those stored in the workbook's settings sheet.
  const explicit = Object.fromEntries(Object.entries(input.options ?? {}).filter(([, v]) => v !== undefined));
  const options: NarrativeOptions = { ...optionsFromSettings(readSettings(snapshot)), ...explicit };
  const sheetFacts = readFacts(snapshot);
  const year = factText(sheetFacts, 'year') || guessYear(snapshot, model);
  const priorEntries = input.priorModel ? importPriorEntries(input.priorModel, input.priorSnapshot, year) : [];
  const facts = overlayFacts(sheetFacts, priorEntries);
  const draft = draftNarrative({
    model, facts, perf: perfSummary(snapshot), options,
    guessedYear: guessYear(snapshot, model), guessedUnitName: guessUnitName(model),
  });
  const given = new Map<string, FactEntry>();
  for (const e of [...draft.factEntries, ...priorEntries]) {
    const cur = given.get(e.key);
    if (!cur || (cur.value === undefined && e.value !== undefined)) given.set(e.key, e);
  }
  const entries: FactEntry[] = [];
  for (const fl of FACT_FIELDS) entries.push(given.get(fl.key) ?? fieldEntry(fl.key));
  for (const e of given.values()) if (!entries.some((x) => x.key === e.key)) entries.push(e);
  const factsPlan = planFacts(snapshot, entries);
  const plan: EditPlan = { edits: [...factsPlan.edits, narrativeSheetEdit(draft)] };
  return { draft, text: narrativeText(draft), plan, facts, factsPlan, options };
}

/**
 * 导入上年决算 alone (task pane button): the plan that copies last year's figures into 补充信息
 * (only where its cells are empty).
 */
export function importPriorPlan(snapshot: WorkbookSnapshot, priorModel: TableSet, priorSnapshot?: WorkbookSnapshot): FactsPlanResult {
  const year = factText(readFacts(snapshot), 'year') || undefined;
  return planFacts(snapshot, importPriorEntries(priorModel, priorSnapshot, year));
}

/**
 * 创建/打开补充信息 (task pane): create the sheet with every field (defaults from the tables) when it
 * is missing; on an existing sheet, add the rows (reasons, …) the current draft would ask for.
 */
export function factsSheetPlan(snapshot: WorkbookSnapshot, model: TableSet): FactsPlanResult {
  return prepareDraft({ snapshot, model }).factsPlan;
}

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
import { LAYOUTS, NARRATIVE_SETTING_KEYS, NarrativeLayout, NarrativeOptions, optionsFromSettings } from './options';
import { guessProfile, ProfileGuess } from './profile';
import { fmtAmt } from './figures';
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
export * from './rules';
export * from './profile';
export { checkSentences } from './selfcheck';
export { fillTemplate } from './templated';
export type { NarrativeLayout };

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
  /** The profile guessed from the table order and the text (used when none was chosen). */
  guess: ProfileGuess;
  /** Where figures came from when not from 补充信息, and problems with the inputs (zh-CN). */
  notes: string[];
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
  const settings = readSettings(snapshot);
  const guess = guessProfile(snapshot, model);
  const stored = LAYOUTS[settings[NARRATIVE_SETTING_KEYS.layout] ?? ''];
  const options: NarrativeOptions = { ...optionsFromSettings(settings), layout: stored ?? guess.layout, ...explicit };
  const notes: string[] = [];
  const sheetFacts = readFacts(snapshot);
  const year = factText(sheetFacts, 'year') || guessYear(snapshot, model);
  let priorEntries: FactEntry[] = [];
  if (input.priorModel) {
    const py = input.priorSnapshot ? guessYear(input.priorSnapshot, input.priorModel) : undefined;
    const y = year ? Number(String(year).replace(/\D/g, '')) : NaN;
    if (py && Number.isFinite(y) && Number(py) === y) {
      notes.push(`上年（${py} 年度）决算工作簿与本年是同一年度，未导入；请选择 ${y - 1} 年度的决算工作簿`);
    } else {
      if (py && Number.isFinite(y) && Number(py) !== y - 1) notes.push(`上年（${py} 年度）决算工作簿不是 ${y - 1} 年度的，请核对（已按其数字导入）`);
      priorEntries = importPriorEntries(input.priorModel, input.priorSnapshot, year);
    }
  }
  const perf = perfSummary(snapshot);
  const budgetFromPerf: FactEntry[] = [];
  if (factText(sheetFacts, 'budget.fiscal') === '' && perf?.initialBudget) {
    const ib = perf.initialBudget;
    budgetFromPerf.push({ ...fieldEntry('budget.fiscal', ib.value.toNumber()), hint: `取自单位整体支出绩效自评表 ${ib.ref.sheet}!${ib.ref.address}` });
    notes.push(`年初预算数（财政拨款）${fmtAmt(ib.value)} 万元取自单位整体支出绩效自评表「${ib.ref.sheet}」${ib.ref.address}（${ib.row} 年初预算数）`);
  }
  const facts = overlayFacts(sheetFacts, [...budgetFromPerf, ...priorEntries]);
  const draft = draftNarrative({
    model, facts, perf, options,
    guessedYear: guessYear(snapshot, model), guessedUnitName: guessUnitName(model),
  });
  const given = new Map<string, FactEntry>();
  for (const e of [...budgetFromPerf, ...draft.factEntries, ...priorEntries]) {
    const cur = given.get(e.key);
    if (!cur || (cur.value === undefined && e.value !== undefined)) given.set(e.key, e);
  }
  const entries: FactEntry[] = [];
  for (const fl of FACT_FIELDS) entries.push(given.get(fl.key) ?? fieldEntry(fl.key));
  for (const e of given.values()) if (!entries.some((x) => x.key === e.key)) entries.push(e);
  const factsPlan = planFacts(snapshot, entries);
  const plan: EditPlan = { edits: [...factsPlan.edits, narrativeSheetEdit(draft)] };
  return { draft, text: narrativeText(draft), plan, facts, factsPlan, options, guess, notes };
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

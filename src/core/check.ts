/** The nine-table check: recognise tables, build models, run every rule. Pure; never throws on data. */
import { Finding, SEVERITY_ORDER, Suspect, TableId } from './finding';
import { WorkbookSnapshot } from './snapshot';
import { TableSet } from './tables/model';
import { parseTables, RecognizedTable } from './tables/parse';
import { RelationRecord, runRules } from './rules/engine';
import { groupRoundingInfos } from './rules/group';
import { findSuspects } from './suspects';
import { RULES } from './rules/registry';
import { zhCN } from './rules/messages.zh-CN';
import { checkNarrative } from './narrative/check';
import { crossCheckWithTables, findPerfTables } from './perf';

export type { RecognizedTable } from './tables/parse';

export interface CheckOptions {
  /** User corrections of recognition: sheet name → table (or 'none' to ignore the sheet). */
  overrides?: Record<string, TableId | 'none'>;
  /** The region profile of the 说明 (xinjiang, shanghai, …); guessed when absent. */
  narrativeProfile?: string;
}

export interface CheckResult {
  tables: RecognizedTable[];
  /** Sheets that are not one of the nine tables (listed as info). */
  unrecognized: string[];
  findings: Finding[];
  /** Most likely wrong cells with suggested values (issue 14); [] when there are no errors. */
  suspects: Suspect[];
  model: TableSet;
}

/** Sheets of other kinds the product understands (self-evaluations, narratives): not "unrecognised". */
function isKnownOtherSheet(snap: WorkbookSnapshot, name: string): boolean {
  const s = snap.sheets.find((x) => x.name === name);
  if (!s) return false;
  for (const row of s.values.slice(0, 6)) {
    for (const v of row ?? []) {
      if (typeof v === 'string' && /绩效自评表|决算公开说明|决算说明/.test(v.replace(/\s+/g, ''))) return true;
    }
  }
  return false;
}

function isEmptySheet(snap: WorkbookSnapshot, name: string): boolean {
  const s = snap.sheets.find((x) => x.name === name);
  return !s || s.values.every((row) => !row || row.every((v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')));
}

export function checkWorkbook(snap: WorkbookSnapshot, opts: CheckOptions = {}): CheckResult {
  const parsed = parseTables(snap, opts.overrides);
  const relations: RelationRecord[] = [];
  const findings: Finding[] = [
    ...parsed.findings,
    // Rounding-level infos: one finding per rule and table, listing every cell.
    ...groupRoundingInfos(runRules(parsed.model, RULES, relations)),
    // Rules 24–27: a 说明 sheet against the tables and the self-evaluation sheets.
    ...checkNarrative(snap, parsed.model, opts.narrativeProfile),
    // The 单位整体支出绩效自评表's funds against the tables.
    ...crossCheckWithTables(findPerfTables(snap), parsed.model),
  ];
  const unknown = parsed.unrecognized.filter((n) => !isKnownOtherSheet(snap, n));
  // A missing table may sit on an unrecognised sheet (a changed title): point there — never at an
  // empty sheet (a new workbook's blank Sheet1 holds no table).
  const candidates = unknown.filter((n) => !isEmptySheet(snap, n));
  for (const f of findings) {
    if (f.rule === 'R23' && f.cells.length === 0 && candidates.length) {
      f.message += zhCN.maybeOnSheets(candidates.map((n) => `「${n}」`).join('、'));
      f.cells = candidates.map((n) => ({ sheet: n, address: 'A1' }));
    }
  }
  if (unknown.length) {
    findings.push({ rule: 'R00', severity: 'info', table: 'WORKBOOK', message: zhCN.unrecognizedSheets(unknown.map((n) => `「${n}」`).join('、')), cells: [] });
  }
  const order = ['WORKBOOK', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'PERF', 'NARRATIVE'];
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || order.indexOf(a.table ?? 'WORKBOOK') - order.indexOf(b.table ?? 'WORKBOOK'));
  const suspects = findSuspects(relations, parsed.model);
  return { tables: parsed.tables, unrecognized: parsed.unrecognized, findings, suspects, model: parsed.model };
}

/**
 * What section 十一 needs from the self-evaluation sheets: the number of project tables and the sums
 * of their 全年预算数 / 全年执行数, and the 单位整体 table's totals. Kept behind this one function so
 * the narrative depends only on the scoring engine's totals (src/core/perf perfTotalsOf).
 */
import { CellRef } from '../finding';
import { Decimal, roundHalfUp } from '../money';
import { WorkbookSnapshot } from '../snapshot';
import { findPerfTables, parseStatedScore, perfTotals, PerfTable, readNumber } from '../perf';

export interface PerfFunds {
  budget?: Decimal;
  actual?: Decimal;
  budgetRef?: CellRef;
  actualRef?: CellRef;
}

export interface PerfSummary {
  /** 整体支出绩效自评表 (count = overall.length); totals summed when several. */
  overall: PerfFunds[];
  overallCount: number;
  overallRefs: CellRef[];
  projectCount: number;
  projectBudget: Decimal;
  projectActual: Decimal;
  budgetRefs: CellRef[];
  actualRefs: CellRef[];
  /** 年初预算数 the 单位整体支出绩效自评表 states (its 财政拨款 row, else its 年度总资金 row). */
  initialBudget?: { value: Decimal; ref: CellRef; row: string };
  /** The stated 总分 of every project table; undefined when one of them has none readable. */
  projectScores?: { value: Decimal; ref: CellRef }[];
}

/** 总分 (total row, stated) of every project table, or undefined when one is blank or unreadable. */
function projectScoresOf(tables: PerfTable[]): PerfSummary['projectScores'] {
  const out: { value: Decimal; ref: CellRef }[] = [];
  for (const t of tables) {
    if (t.kind !== 'project') continue;
    const cell = t.totalRow?.score;
    const n = cell ? parseStatedScore(cell.value, cell.format) : undefined;
    if (!cell || n?.kind !== 'number' || n.value.isNegative() || n.value.gt(100)) return undefined;
    out.push({ value: n.value, ref: cell.ref });
  }
  return out.length ? out : undefined;
}

/** 年初预算数 of the first 单位整体支出绩效自评表: the 财政拨款 row when it has one, else the total row. */
function initialBudgetOf(tables: PerfTable[]): PerfSummary['initialBudget'] {
  for (const t of tables) {
    if (t.kind === 'project' || !t.funds) continue;
    const rows = [...t.funds.parts.filter((r) => /财政拨款/.test(r.label)), ...(t.funds.total ? [t.funds.total] : [])];
    for (const r of rows) {
      const cell = r.cells.initial;
      const n = readNumber(cell);
      if (cell && n.kind === 'number') return { value: roundHalfUp(n.value, 2), ref: cell.ref, row: r.label.replace(/\s+/g, '') };
    }
  }
  return undefined;
}

/** Totals of the workbook's self-evaluation tables; undefined when it holds none. */
export function perfSummary(snap: WorkbookSnapshot): PerfSummary | undefined {
  // The narrative's own sheets quote 绩效自评表 in their text: never read them as self-evaluations.
  const own = new Set(['补充信息', '决算说明', '检查结果', '_决算助手设置']);
  const tables = findPerfTables({ ...snap, sheets: snap.sheets.filter((s) => !own.has(s.name)) });
  const t = perfTotals(tables);
  if (t.projectCount === 0 && t.overallCount === 0) return undefined;
  const overall: PerfFunds[] = [];
  if (t.overallCount > 0) {
    overall.push({
      budget: t.overallBudget ? roundHalfUp(t.overallBudget, 2) : undefined,
      actual: t.overallSpent ? roundHalfUp(t.overallSpent, 2) : undefined,
      budgetRef: t.overallCells[0],
      actualRef: t.overallCells[1],
    });
  }
  return {
    overall,
    overallCount: t.overallCount,
    overallRefs: t.overallCells,
    projectCount: t.projectCount,
    projectBudget: roundHalfUp(t.budget, 2),
    projectActual: roundHalfUp(t.spent, 2),
    budgetRefs: t.budgetCells,
    actualRefs: t.spentCells,
    initialBudget: initialBudgetOf(tables),
    projectScores: projectScoresOf(tables),
  };
}

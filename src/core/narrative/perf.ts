/**
 * What section 十一 needs from the self-evaluation sheets: the number of project tables and the sums
 * of their 全年预算数 / 全年执行数, and the 单位整体 table's totals. Kept behind this one function so
 * the narrative depends only on the scoring engine's totals (src/core/perf perfTotalsOf).
 */
import { CellRef } from '../finding';
import { Decimal, roundHalfUp } from '../money';
import { WorkbookSnapshot } from '../snapshot';
import { perfTotalsOf } from '../perf';

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
}

/** Totals of the workbook's self-evaluation tables; undefined when it holds none. */
export function perfSummary(snap: WorkbookSnapshot): PerfSummary | undefined {
  // The narrative's own sheets quote 绩效自评表 in their text: never read them as self-evaluations.
  const own = new Set(['补充信息', '决算说明', '检查结果', '_决算助手设置']);
  const t = perfTotalsOf({ ...snap, sheets: snap.sheets.filter((s) => !own.has(s.name)) });
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
  };
}

/**
 * 绩效自评 engine: recognise every self-evaluation table, score it under a policy, check it, and
 * build a plan filling the score cells. Pure TypeScript (no ExcelJS, no Office.js).
 *
 *   const result = scorePerformance(snapshot);            // policy from the workbook, else official
 *   const { plan, changes } = fillPlan(result.tables, { policy: result.policy, settingsFrom: snapshot });
 *   perfTotals(result.tables.map((t) => t.table));        // narrative 十一 / rule 27
 */
import Decimal from 'decimal.js';
import { CellRef, Finding } from '../finding';
import { WorkbookSnapshot } from '../snapshot';
import { readSettings } from '../settings';
import { compareEqual, Term } from '../interval';
import { TableSet, Amount } from '../tables/model';
import { findPerfTables, scanPerfTables } from './recognize';
import { checkScoredTables, where } from './checks';
import { DEFAULT_POLICY, isPolicy, POLICIES, Policy, POLICY_SETTING, readNumber, ScoredTable, scoreTable } from './score';
import { roundHalfUp } from '../money';
import { PerfTable } from './types';
import { fmtAmount, fmtExecRate, fmtRate, fmtScore, plainAmount } from './format';
import { ScoreChange } from './plan';

export * from './types';
export * from './values';
export * from './score';
export * from './plan';
export * from './format';
export { findPerfTables, scanPerfTables, titleKind, pointsOf } from './recognize';
export type { PerfScan } from './recognize';
export { checkScoredTables, isInstruction } from './checks';

export interface PerfResult {
  policy: Policy;
  /** Where the policy came from. */
  policySource: 'option' | 'workbook' | 'default';
  /** Every table, in workbook order (projects and 整体). */
  tables: ScoredTable[];
  findings: Finding[];
  /** Which policies reproduce the scores already filled in. */
  detection: PolicyDetection;
}

// ------------------------------------------------------------------ policy detection

export interface PolicyDetection {
  /** Policies under which every stated score (指标得分, 执行率得分, 总分) is reproduced exactly. */
  matches: Policy[];
  /** Stated scores compared. */
  stated: number;
  /** Stated scores the selected policy does not reproduce. */
  differing: number;
  /** The policy to offer instead of the selected one (it reproduces every stated score; the selected does not). */
  suggestion: Policy | null;
}

function mismatches(st: ScoredTable): { stated: number; differing: number } {
  let stated = 0;
  let differing = 0;
  const cmp = (s: ScoredTable['stated']['total'], computed: Decimal | null) => {
    if (s.kind === 'blank') return;
    stated++;
    if (s.kind !== 'number' || computed === null || !roundHalfUp(s.value, 2).eq(roundHalfUp(computed, 2))) differing++;
  };
  if (st.table.funds) cmp(st.stated.execScore, st.execScore);
  for (const i of st.indicators) cmp(i.stated.score, i.score);
  if (st.table.totalRow) cmp(st.stated.total, st.total);
  return { stated, differing };
}

/** Score the tables under every policy and tell which reproduce the stated scores. */
export function detectPolicy(tables: PerfTable[], selected: Policy, scored?: ScoredTable[]): PolicyDetection {
  const matches: Policy[] = [];
  let stated = 0;
  let differing = 0;
  // Only tables with a stated score can tell policies apart.
  const base = scored ?? tables.map((t) => scoreTable(selected, t));
  const telling = base.filter((st) => mismatches(st).stated > 0).map((st) => st.table);
  for (const p of POLICIES) {
    const sts = p === selected ? base : telling.map((t) => scoreTable(p, t));
    let s = 0;
    let d = 0;
    for (const st of sts) {
      const m = mismatches(st);
      s += m.stated;
      d += m.differing;
    }
    if (s > 0 && d === 0) matches.push(p);
    if (p === selected) { stated = s; differing = d; }
  }
  const suggestion = matches.length === 0 || matches.includes(selected) ? null : matches.includes(DEFAULT_POLICY) ? DEFAULT_POLICY : matches[0];
  return { matches, stated, differing, suggestion };
}

/** 本工作簿的已填得分与『本单位以往做法』完全一致… (null when there is nothing to say). */
export function policyAdvice(d: PolicyDetection, selected: Policy): string | null {
  if (!d.suggestion) return null;
  return `本工作簿的已填得分与『${POLICY_SHORT_LABEL[d.suggestion]}』完全一致；按当前的『${POLICY_SHORT_LABEL[selected]}』有 ${d.differing} 个得分不同，填入得分会改写它们。`;
}

export const POLICY_SHORT_LABEL: Record<Policy, string> = {
  official: '财政部口径',
  'as-practiced': '本单位以往做法',
  vendor: '一体化系统公式',
};

export interface ScoreOptions {
  /** Overrides the policy stored in the workbook. */
  policy?: Policy;
}

/** The policy stored in the workbook's settings sheet, or null (unset or not a known policy). */
export function readPolicy(snap: WorkbookSnapshot): Policy | null {
  const v = readSettings(snap)[POLICY_SETTING];
  return isPolicy(v) ? v : null;
}

export function scorePerformance(snap: WorkbookSnapshot, opts: ScoreOptions = {}): PerfResult {
  const stored = readSettings(snap)[POLICY_SETTING];
  let policy: Policy = DEFAULT_POLICY;
  let policySource: PerfResult['policySource'] = 'default';
  const findings: Finding[] = [];
  if (opts.policy) {
    policy = opts.policy;
    policySource = 'option';
  } else if (isPolicy(stored)) {
    policy = stored;
    policySource = 'workbook';
  } else if (stored) {
    findings.push({
      rule: 'P00', severity: 'warning', table: 'PERF', cells: [],
      message: `工作簿设置中的计分口径“${stored}”无法识别，按默认口径 official 计分`,
    });
  }
  const scan = scanPerfTables(snap);
  for (const x of scan.ignored) {
    findings.push({
      rule: 'P00', severity: 'info', table: 'PERF', cells: [x.ref],
      message: `「${x.ref.sheet}」${x.ref.address}“${x.text}”下方没有自评表的资金或指标表头，未作为自评表计分`,
    });
  }
  const tables = scan.tables.map((t) => scoreTable(policy, t));
  findings.push(...checkScoredTables(tables));
  const detection = detectPolicy(scan.tables, policy, tables);
  return { policy, policySource, tables, findings, detection };
}

export function projectsOf(r: PerfResult): ScoredTable[] {
  return r.tables.filter((t) => t.table.kind === 'project');
}
export function overallOf(r: PerfResult): ScoredTable[] {
  return r.tables.filter((t) => t.table.kind === 'overall');
}

// ------------------------------------------------------------------ totals for the narrative

export interface PerfTotals {
  /** 预算绩效评价项目 n 个 */
  projectCount: number;
  /** Σ project 全年预算数 / 全年执行数, 万元. */
  budget: Decimal;
  spent: Decimal;
  budgetCells: CellRef[];
  spentCells: CellRef[];
  /** 整体支出绩效自评表 count and its 全年预算总额 / 实际执行总额 (summed when several). */
  overallCount: number;
  overallBudget: Decimal | null;
  overallSpent: Decimal | null;
  overallCells: CellRef[];
  /** Cells whose amount could not be read (left out of the sums). */
  unreadable: CellRef[];
}

/** Sums for section 十一 of the narrative (rule 27). Policy-independent. */
export function perfTotals(tables: PerfTable[]): PerfTotals {
  const out: PerfTotals = {
    projectCount: 0, budget: new Decimal(0), spent: new Decimal(0), budgetCells: [], spentCells: [],
    overallCount: 0, overallBudget: null, overallSpent: null, overallCells: [], unreadable: [],
  };
  for (const t of tables) {
    const cells = t.funds?.total?.cells ?? {};
    const b = readNumber(cells.budget);
    const s = readNumber(cells.spent);
    for (const [read, cell] of [[b, cells.budget], [s, cells.spent]] as const) {
      if (read.kind === 'bad' && cell) out.unreadable.push(cell.ref);
    }
    if (t.kind === 'project') {
      out.projectCount++;
      if (b.kind === 'number') out.budget = out.budget.plus(b.value);
      if (s.kind === 'number') out.spent = out.spent.plus(s.value);
      if (cells.budget) out.budgetCells.push(cells.budget.ref);
      if (cells.spent) out.spentCells.push(cells.spent.ref);
    } else {
      out.overallCount++;
      if (b.kind === 'number') out.overallBudget = (out.overallBudget ?? new Decimal(0)).plus(b.value);
      if (s.kind === 'number') out.overallSpent = (out.overallSpent ?? new Decimal(0)).plus(s.value);
      if (cells.budget) out.overallCells.push(cells.budget.ref);
      if (cells.spent) out.overallCells.push(cells.spent.ref);
    }
  }
  return out;
}

/** Convenience: totals straight from a snapshot. */
export function perfTotalsOf(snap: WorkbookSnapshot): PerfTotals {
  return perfTotals(findPerfTables(snap));
}

// ------------------------------------------------------------------ against the nine tables

function halfOf(d: Decimal): Decimal {
  return new Decimal(5).times(new Decimal(10).pow(-(Math.max(d.decimalPlaces(), 2) + 1)));
}

/**
 * 整体表 funds against the nine tables (P19, warnings): 上级资金 + 本级资金 全年执行数 vs T4 本年支出合计
 * (财政拨款), and the 年度总资金 全年执行数 vs T1 本年支出合计.
 */
export function crossCheckWithTables(tables: PerfTable[], set: TableSet): Finding[] {
  const out: Finding[] = [];
  for (const t of tables) {
    if (t.kind !== 'overall' || !t.funds) continue;
    const fiscalParts = t.funds.parts.filter((p) => /上级|本级|财政拨款/.test(p.label));
    const t4: Amount | undefined = set.T4?.expenseTotal?.total ?? set.T4?.incomeGrand;
    if (t4 && fiscalParts.length > 0) {
      const reads = fiscalParts.map((p) => ({ p, r: readNumber(p.cells.spent) }));
      if (reads.every((x) => x.r.kind === 'number')) {
        const terms: Term[] = reads.map((x) => {
          const v = (x.r as { value: Decimal }).value;
          return { value: v, half: halfOf(v) };
        });
        const cmp = compareEqual(terms, [{ value: t4.value, half: t4.half }]);
        if (cmp.verdict === 'broken') {
          out.push({
            rule: 'P19', severity: 'warning', table: 'PERF',
            message: `${where(t)}${reads.map((x) => `${x.p.label} ${fmtAmount((x.r as { value: Decimal }).value)}`).join(' + ')} = ${fmtAmount(cmp.left)} 万元（全年执行数），与财政拨款收入支出决算总表 ${fmtAmount(t4.value)} 万元不符（差 ${fmtAmount(cmp.diff.abs())} 万元，可能有资金归类不同）`,
            cells: [...fiscalParts.map((p) => p.cells.spent?.ref).filter((x): x is CellRef => !!x), t4.ref],
          });
        }
      }
    }
    const t1 = set.T1?.expenseTotal;
    const total = readNumber(t.funds.total?.cells.spent);
    if (t1 && total.kind === 'number' && t.funds.total?.cells.spent) {
      const cmp = compareEqual([{ value: total.value, half: halfOf(total.value) }], [{ value: t1.value, half: t1.half }]);
      if (cmp.verdict === 'broken') {
        out.push({
          rule: 'P19', severity: 'warning', table: 'PERF',
          message: `${where(t)}${t.funds.total.label} 全年执行数 ${fmtAmount(total.value)} 万元，与收入支出决算总表 本年支出合计 ${fmtAmount(t1.value)} 万元不符（差 ${fmtAmount(cmp.diff.abs())} 万元）`,
          cells: [t.funds.total.cells.spent.ref, t1.ref],
        });
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------ JSON (CLI --json, browser mode)

export interface IndicatorJson {
  row: number;
  level1: string;
  level2: string;
  name: string;
  weight: string;
  target: string;
  actual: string;
  direction: string;
  rate: string | null;
  score: string | null;
  statedRate: string | null;
  statedScore: string | null;
  kept: boolean;
}
export interface TableJson {
  kind: 'project' | 'overall';
  sheet: string;
  title: string;
  titleCell: string;
  name: string;
  budget: string | null;
  spent: string | null;
  executionRate: string | null;
  executionScore: string | null;
  indicators: IndicatorJson[];
  total: string | null;
  statedTotal: string | null;
  /** The parts recognised (title, header, funds, grid, total). */
  parts: string[];
  doubts: string[];
}

function statedText(s: ScoredTable['stated']['total'], pct = false): string | null {
  if (s.kind === 'number') return pct ? `${s.value.toString()}%` : fmtScore(s.value);
  if (s.kind === 'bad') return s.text;
  return null;
}

export function tableJson(st: ScoredTable): TableJson {
  const t = st.table;
  return {
    kind: t.kind,
    sheet: t.sheet,
    title: t.title,
    titleCell: t.titleCell.address,
    name: t.name,
    budget: st.budget.kind === 'number' ? plainAmount(st.budget.value) : null,
    spent: st.spent.kind === 'number' ? plainAmount(st.spent.value) : null,
    executionRate: st.execRate ? fmtExecRate(st.execRate) : null,
    executionScore: st.execScore ? fmtScore(st.execScore) : null,
    indicators: st.indicators.map((i) => ({
      row: i.row.row + 1,
      level1: i.row.level1,
      level2: i.row.level2,
      name: i.row.name,
      weight: i.weight.kind === 'number' ? fmtScore(i.weight.value) : i.weight.kind === 'bad' ? i.weight.text : '',
      target: i.target.text,
      actual: i.actual.text,
      direction: i.direction,
      rate: i.completion ? fmtRate(i.completion) : null,
      score: i.score ? fmtScore(i.score) : null,
      statedRate: statedText(i.stated.rate, true),
      statedScore: statedText(i.stated.score),
      kept: i.kept,
    })),
    total: st.total ? fmtScore(st.total) : null,
    statedTotal: statedText(st.stated.total),
    parts: t.parts,
    doubts: t.doubts,
  };
}

export function findingJson(f: Finding): object {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    cells: f.cells.map((c) => ({ sheet: c.sheet, address: c.address })),
    ...(f.table ? { table: f.table } : {}),
  };
}

/** The `juesuan score --json` document. */
export function perfJson(r: PerfResult, changes: ScoreChange[] = []): object {
  const totals = perfTotals(r.tables.map((t) => t.table));
  return {
    policy: r.policy,
    policySource: r.policySource,
    policyDetection: { matches: r.detection.matches, suggestion: r.detection.suggestion, stated: r.detection.stated, differing: r.detection.differing },
    projects: r.tables.filter((t) => t.table.kind === 'project').map(tableJson),
    overall: r.tables.filter((t) => t.table.kind === 'overall').map(tableJson),
    totals: {
      projectCount: totals.projectCount,
      budget: plainAmount(totals.budget),
      spent: plainAmount(totals.spent),
      overallCount: totals.overallCount,
      overallBudget: totals.overallBudget ? plainAmount(totals.overallBudget) : null,
      overallSpent: totals.overallSpent ? plainAmount(totals.overallSpent) : null,
    },
    changes: changes.map((c) => ({
      sheet: c.edit.sheet, address: c.edit.address, field: c.field, project: c.project,
      ...(c.indicator ? { indicator: c.indicator } : {}), old: c.oldText, new: c.newText,
    })),
    findings: r.findings.map(findingJson),
  };
}


/**
 * View model of the 绩效自评 tab (pure: no React, no Office): what each project row, indicator row and
 * finding shows, which stated values differ from the computed ones, the old → new list for 填入得分,
 * and the guards that keep fill / undo from overwriting cells changed in the meantime.
 */
import Decimal from 'decimal.js';
import { CellRef, countBySeverity, Finding, SEVERITY_ORDER, Severity } from '../../core/finding';
import { formatTrim, roundHalfUp } from '../../core/money';
import { EditPlan, ValueEdit } from '../../core/plan';
import { cellAt, cellText, CellValue, isCellError, parseA1, WorkbookSnapshot } from '../../core/snapshot';
import {
  Direction, fmtAmount, fmtExecRate, fmtRate, fmtScore, NumberRead, percentOf, PerfCell, PerfResult, Policy, POLICIES, policyAdvice,
  POLICY_LABEL, ScoreChange, ScoredIndicator, ScoredTable, StatedValue,
} from '../../core/perf';

// ------------------------------------------------------------------ policies

/** Short names for the narrow pane (the option list shows POLICY_LABEL in full). */
export const POLICY_SHORT: Record<Policy, string> = {
  official: '财政部口径',
  'as-practiced': '本单位以往做法',
  vendor: '一体化系统公式',
};

export const POLICY_HINT: Record<Policy, string> = {
  official: '逆向指标达成得满分，未达成按 目标/实际 计分；定性指标分 80/50 三档。',
  'as-practiced': '逆向指标达成按 实际/目标 计分、未达成得 0 分；与本单位往年填报的总分一致。',
  vendor: '逆向指标超出目标不足一倍时按 1 −（实际 − 目标）/ 目标 计分；定性指标分 80/60 三档。',
};

export function policyOptions(): { value: Policy; label: string; short: string }[] {
  return POLICIES.map((p) => ({ value: p, label: POLICY_LABEL[p], short: POLICY_SHORT[p] }));
}

// ------------------------------------------------------------------ computed vs stated

/**
 * same: the cell shows the computed value (at its precision); differs: it shows another value or
 * text; blank: nothing stated yet; none: no computed value (the engine could not score it); kept: a
 * qualitative score the user set inside its band, kept as their judgement; nocell: the table has no
 * column for it (e.g. 整体表 without 完成率).
 */
export type CompareStatus = 'same' | 'differs' | 'blank' | 'none' | 'kept' | 'nocell';

export interface ValuePair {
  computed: string | null;
  stated: string | null;
  status: CompareStatus;
}

type PairKind = 'score' | 'rate' | 'execRate';

function statedText(s: StatedValue, kind: PairKind): string | null {
  if (s.kind === 'blank') return null;
  if (s.kind === 'bad') return s.text.trim();
  return kind === 'score' ? formatTrim(s.value, 4) : `${formatTrim(s.value, 4)}%`;
}

function computedText(d: Decimal, kind: PairKind): string {
  if (kind === 'score') return fmtScore(d);
  return kind === 'rate' ? fmtRate(d) : fmtExecRate(d);
}

/** Whether the stated cell shows the computed value at the precision the fill plan writes. */
export function statedMatches(s: StatedValue, computed: Decimal, kind: PairKind): boolean {
  if (s.kind !== 'number') return false;
  if (kind === 'score') return roundHalfUp(s.value, 2).eq(roundHalfUp(computed, 2));
  const places = kind === 'rate' ? 2 : 1;
  return roundHalfUp(s.value, places).eq(percentOf(computed, places));
}

export function comparePair(computed: Decimal | null, stated: StatedValue, kind: PairKind, kept = false): ValuePair {
  const st = statedText(stated, kind);
  if (computed === null) return { computed: null, stated: st, status: 'none' };
  const c = computedText(computed, kind);
  if (kept) return { computed: c, stated: st, status: 'kept' };
  if (stated.kind === 'blank') return { computed: c, stated: null, status: 'blank' };
  return { computed: c, stated: st, status: statedMatches(stated, computed, kind) ? 'same' : 'differs' };
}

/** A value the sheet has no cell for. */
export function noCell(computed: Decimal | null, kind: PairKind): ValuePair {
  return { computed: computed ? computedText(computed, kind) : null, stated: null, status: computed ? 'nocell' : 'none' };
}

// ------------------------------------------------------------------ tables

export const DIRECTION_LABEL: Record<Direction, string> = {
  positive: '正向',
  reverse: '逆向',
  qualitative: '定性',
  unknown: '',
};

export interface IndicatorView {
  key: string;
  /** 1-based sheet row. */
  row: number;
  level1: string;
  level2: string;
  name: string;
  weight: string;
  target: string;
  actual: string;
  direction: Direction;
  rate: ValuePair;
  score: ValuePair;
  /** Why it could not be scored (zh-CN). */
  problem?: string;
  /** The indicator's 完成率 / 得分 cells (for selecting). */
  cells: CellRef[];
}

export interface TableView {
  /** Index into result.tables. */
  index: number;
  kind: 'project' | 'overall';
  kindLabel: string;
  sheet: string;
  name: string;
  title: string;
  /** What the list shows: the project or unit name, else the title. */
  label: string;
  titleCell: CellRef;
  budget: string | null;
  spent: string | null;
  execRate: ValuePair;
  execScore: ValuePair;
  total: ValuePair;
  /** The 总分 cell, else the title cell. */
  anchor: CellRef;
  weightSum: string | null;
  indicators: IndicatorView[];
  /** Cells (rates, scores, 总分) whose stated value differs from the computed one. */
  differing: number;
  /** Score cells still blank. */
  blank: number;
  doubts: string[];
  /** Findings on this table's cells. */
  findings: number;
}

export interface PerfView {
  policy: Policy;
  policySource: PerfResult['policySource'];
  tables: TableView[];
  projectCount: number;
  overallCount: number;
  /** Tables whose computed 总分 differs from the stated one. */
  totalsDiffering: number;
  findings: Finding[];
  counts: Record<Severity, number>;
  /** Another policy reproduces every stated score and the selected one does not: offer it before filling. */
  suggestion: Policy | null;
  advice: string | null;
}

function numberText(r: NumberRead, amount = false): string | null {
  if (r.kind === 'number') return amount ? fmtAmount(r.value) : fmtScore(r.value);
  if (r.kind === 'bad') return r.text.trim();
  return null;
}

function text(cell: PerfCell | undefined): string {
  if (!cell) return '';
  return (cell.text || cellText(cell.value)).trim();
}

function indicatorView(t: ScoredTable, i: ScoredIndicator, k: number): IndicatorView {
  const c = i.row.cells;
  return {
    key: `${t.table.sheet}!${i.row.row}!${k}`,
    row: i.row.row + 1,
    level1: i.row.level1,
    level2: i.row.level2,
    name: i.row.name || `第${i.row.row + 1}行`,
    weight: i.weight.kind === 'number' ? fmtScore(i.weight.value) : i.weight.kind === 'bad' ? i.weight.text : '',
    target: i.target.text || text(c.target),
    actual: i.actual.text || text(c.actual),
    direction: i.direction,
    rate: c.rate ? comparePair(i.completion, i.stated.rate, 'rate', i.kept) : noCell(i.completion, 'rate'),
    score: c.score ? comparePair(i.score, i.stated.score, 'score', i.kept) : noCell(i.score, 'score'),
    ...(i.problem ? { problem: i.problem } : {}),
    cells: [c.rate?.ref, c.score?.ref].filter((x): x is CellRef => !!x),
  };
}

/** Whether a cell lies inside a table's block of rows. */
function onTable(t: ScoredTable, ref: CellRef): boolean {
  if (ref.sheet !== t.table.sheet) return false;
  const p = parseA1(ref.address);
  return !!p && p.r >= t.table.startRow && p.r <= t.table.endRow && p.c >= t.table.startCol && p.c <= t.table.endCol;
}

/** Index of the table a finding is about (its first cell inside a table), or -1. */
export function tableOfFinding(tables: ScoredTable[], f: Finding): number {
  for (const ref of f.cells) {
    const i = tables.findIndex((t) => onTable(t, ref));
    if (i >= 0) return i;
  }
  return -1;
}

export function tableView(st: ScoredTable, index: number, findings: Finding[] = [], all: ScoredTable[] = [st]): TableView {
  const t = st.table;
  const fc = t.funds?.total?.cells;
  const indicators = st.indicators.map((i, k) => indicatorView(st, i, k));
  const execRate = fc?.rate ? comparePair(st.execRate, st.stated.execRate, 'execRate') : noCell(st.execRate, 'execRate');
  const execScore = fc?.score ? comparePair(st.execScore, st.stated.execScore, 'score') : noCell(st.execScore, 'score');
  const total = t.totalRow?.score ? comparePair(st.total, st.stated.total, 'score') : noCell(st.total, 'score');
  const pairs = [execRate, execScore, total, ...indicators.flatMap((i) => [i.rate, i.score])];
  return {
    index,
    kind: t.kind,
    kindLabel: t.kind === 'project' ? '项目' : '整体',
    sheet: t.sheet,
    name: t.name,
    title: t.title,
    label: t.name || t.title || '（无项目名称）',
    titleCell: t.titleCell,
    budget: numberText(st.budget, true),
    spent: numberText(st.spent, true),
    execRate,
    execScore,
    total,
    anchor: t.totalRow?.score?.ref ?? t.titleCell,
    weightSum: st.weightSum ? fmtScore(st.weightSum) : null,
    indicators,
    differing: pairs.filter((p) => p.status === 'differs').length,
    blank: pairs.filter((p) => p.status === 'blank').length,
    doubts: t.doubts,
    findings: findings.filter((f) => tableOfFinding(all, f) === index).length,
  };
}

export function sortFindingsBySeverity(fs: Finding[]): Finding[] {
  return fs.map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

export function buildPerfView(r: PerfResult): PerfView {
  const findings = sortFindingsBySeverity(r.findings);
  const tables = r.tables.map((st, i) => tableView(st, i, findings, r.tables));
  return {
    policy: r.policy,
    policySource: r.policySource,
    tables,
    projectCount: tables.filter((t) => t.kind === 'project').length,
    overallCount: tables.filter((t) => t.kind === 'overall').length,
    totalsDiffering: tables.filter((t) => t.total.status === 'differs').length,
    findings,
    counts: countBySeverity(findings),
    suggestion: r.detection.suggestion,
    advice: policyAdvice(r.detection, r.policy),
  };
}

/** One-line summary under the policy selector. */
export function summaryText(v: PerfView): string {
  const parts = [`${v.projectCount} 个项目自评表`];
  if (v.overallCount) parts.push(`${v.overallCount} 个整体自评表`);
  let s = `共 ${parts.join('、')}`;
  if (v.totalsDiffering) s += `；${v.totalsDiffering} 个总分与填报不同`;
  else if (v.tables.some((t) => t.total.status === 'same')) s += '；总分均与填报一致';
  return `${s}。`;
}

// ------------------------------------------------------------------ findings

export interface FindingGroupView {
  key: string;
  label: string;
  items: { finding: Finding; index: number }[];
}

/**
 * Findings shown by table (in workbook order; "工作簿" for those on no table), filtered by severity.
 * `index` is the position in the flat order used for keyboard navigation.
 */
export function groupPerfFindings(v: PerfView, r: PerfResult, show: Record<Severity, boolean>): { groups: FindingGroupView[]; order: Finding[] } {
  const by = new Map<number, Finding[]>();
  for (const f of v.findings) {
    if (!show[f.severity]) continue;
    const k = tableOfFinding(r.tables, f);
    const list = by.get(k) ?? [];
    list.push(f);
    by.set(k, list);
  }
  const keys = [...by.keys()].sort((a, b) => a - b);
  const order: Finding[] = [];
  const groups = keys.map((k) => {
    const t = k >= 0 ? v.tables[k] : null;
    const items = by.get(k)!.map((finding) => {
      order.push(finding);
      return { finding, index: order.length - 1 };
    });
    return { key: String(k), label: t ? `${t.sheet} · ${shorten(t.label, 20)}` : '工作簿', items };
  });
  return { groups, order };
}

export function shorten(s: string, max: number): string {
  const t = s.trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

// ------------------------------------------------------------------ 填入得分

export interface ChangeGroup {
  tableIndex: number;
  sheet: string;
  project: string;
  items: { address: string; what: string; old: string; new: string }[];
}

const FIELD_WHAT: Record<ScoreChange['field'], string> = {
  rate: '完成率',
  score: '得分',
  execRate: '执行率',
  execScore: '执行率得分',
  total: '总分',
};

/** The old → new list of the confirmation dialog, grouped by table in workbook order. */
export function changeGroups(changes: ScoreChange[]): ChangeGroup[] {
  const out: ChangeGroup[] = [];
  for (const c of changes) {
    let g = out.find((x) => x.tableIndex === c.tableIndex);
    if (!g) {
      g = { tableIndex: c.tableIndex, sheet: c.sheet, project: c.project, items: [] };
      out.push(g);
    }
    g.items.push({
      address: c.edit.address,
      what: c.indicator ? `${c.indicator} ${FIELD_WHAT[c.field]}` : FIELD_WHAT[c.field],
      old: c.oldText,
      new: c.newText,
    });
  }
  return out.sort((a, b) => a.tableIndex - b.tableIndex);
}

/** Same cell content, as far as a user could tell (numbers to 1e-9, text trimmed, blank = ''). */
export function sameContent(a: CellValue | undefined, b: CellValue | undefined): boolean {
  const blank = (v: CellValue | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
  if (blank(a) || blank(b)) return blank(a) && blank(b);
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (typeof a === 'number' || typeof b === 'number') return false;
  if (isCellError(a as CellValue) || isCellError(b as CellValue)) return cellText(a as CellValue) === cellText(b as CellValue);
  return cellText(a as CellValue).trim() === cellText(b as CellValue).trim();
}

export function valueIn(snap: WorkbookSnapshot, sheet: string, address: string): CellValue | undefined {
  const s = snap.sheets.find((x) => x.name === sheet);
  const p = parseA1(address);
  if (!s || !p) return undefined;
  return cellAt(s, p.r, p.c);
}

/**
 * Value edits whose cell no longer holds what the plan expects: `expect: 'old'` before filling (the
 * cell changed since it was scored), `'new'` before undoing (the user edited it after the fill).
 */
export function staleEdits(plan: EditPlan, snap: WorkbookSnapshot, expect: 'old' | 'new'): ValueEdit[] {
  const out: ValueEdit[] = [];
  for (const e of plan.edits) {
    if (e.kind !== 'value') continue;
    const want: CellValue = expect === 'old' ? e.old : e.value;
    const sheet = snap.sheets.find((x) => x.name === e.sheet);
    if (!sheet) {
      out.push(e);
      continue;
    }
    if (!sameContent(valueIn(snap, e.sheet, e.address), want)) out.push(e);
  }
  return out;
}

/** "决算.xlsx" → "决算.已计分.xlsx" */
export function filledName(name: string | null): string {
  const base = (name ?? '工作簿').replace(/\.xlsx$/i, '');
  return `${base}.已计分.xlsx`;
}

export const STATUS_LABEL: Record<CompareStatus, string> = {
  same: '与填报一致',
  differs: '与填报不同',
  blank: '未填',
  none: '无法计算',
  kept: '保留填报的定性得分',
  nocell: '表中无此栏',
};

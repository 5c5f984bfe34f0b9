/**
 * Fill plan: write only 完成率, 指标得分, 执行率, 得分 and 总分 cells, each with its old value, keeping
 * the cell's style (numbers into numeric cells, "92.96分"/"99.8%" text where the sheet writes text).
 * Cells already holding the computed value (at the precision they show) are left alone, as are
 * qualitative scores the user set inside the allowed band and formulas without a cached result.
 */
import Decimal from 'decimal.js';
import { cellText, isCellError, isFormulaNoValue, WorkbookSnapshot } from '../snapshot';
import { isPercentFormat, roundHalfUp } from '../money';
import { EditPlan, SheetEdit, ValueEdit } from '../plan';
import { readSettings, settingsSheetEdit } from '../settings';
import { PerfCell } from './types';
import { percentOf, Policy, POLICY_SETTING, ScoredTable } from './score';
import { fmtExecRate, fmtRate, fmtScore, shortName } from './format';
import { StatedValue } from './values';

export type ScoreField = 'rate' | 'score' | 'execRate' | 'execScore' | 'total';

export const SCORE_FIELD_LABEL: Record<ScoreField, string> = {
  rate: '完成率',
  score: '指标得分',
  execRate: '执行率',
  execScore: '预算执行率得分',
  total: '总分',
};

/** One cell the plan writes, with what the user sees before and after. */
export interface ScoreChange {
  edit: ValueEdit;
  field: ScoreField;
  /** Index into result.tables. */
  tableIndex: number;
  sheet: string;
  project: string;
  /** 三级指标 name for rate/score changes. */
  indicator?: string;
  oldText: string;
  newText: string;
}

export interface FillPlan {
  plan: EditPlan;
  changes: ScoreChange[];
}

/** How the filled cells of a field are written elsewhere in the workbook (for blank cells of unknown format). */
export interface FieldStyle {
  text: number;
  number: number;
  /** Text cells ending in 分. */
  fen: number;
}
export type StyleHints = Partial<Record<ScoreField, FieldStyle>>;

function fieldCells(st: ScoredTable): [ScoreField, PerfCell | undefined][] {
  const out: [ScoreField, PerfCell | undefined][] = [];
  const fc = st.table.funds?.total?.cells;
  out.push(['execRate', fc?.rate], ['execScore', fc?.score], ['total', st.table.totalRow?.score]);
  for (const i of st.indicators) out.push(['rate', i.row.cells.rate], ['score', i.row.cells.score]);
  return out;
}

/** Count how each score field is written where it is filled. */
export function styleHints(tables: ScoredTable[]): StyleHints {
  const hints: StyleHints = {};
  for (const st of tables) {
    for (const [f, cell] of fieldCells(st)) {
      if (!cell) continue;
      const h = hints[f] ?? (hints[f] = { text: 0, number: 0, fen: 0 });
      if (typeof cell.value === 'number') h.number++;
      else if (typeof cell.value === 'string' && cell.value.trim() !== '') {
        h.text++;
        if (/分\s*$/.test(cell.value)) h.fen++;
      }
    }
  }
  return hints;
}

function isBlank(cell: PerfCell): boolean {
  return cell.value === null || (typeof cell.value === 'string' && cell.value.trim() === '');
}

/** The value to write into a score cell, in the cell's own style (or, when blank, its column's). */
export function renderScoreValue(field: ScoreField, computed: Decimal, cell: PerfCell, hint?: FieldStyle): number | string {
  const isRate = field === 'rate' || field === 'execRate';
  const blank = isBlank(cell);
  const formatUnknown = blank && (cell.format === null || cell.format === undefined);
  let text: boolean;
  let fen: boolean;
  if (!blank) {
    text = typeof cell.value === 'string';
    fen = text && /分\s*$/.test(String(cell.value));
  } else if (cell.format === '@') {
    text = true;
    fen = hint && hint.text > 0 ? hint.fen * 2 >= hint.text : field !== 'score';
  } else if (isRate) {
    text = !isPercentFormat(cell.format);
    fen = false;
  } else if (formatUnknown && hint && hint.text > hint.number) {
    text = true;
    fen = hint.fen * 2 >= hint.text;
  } else {
    text = false;
    fen = false;
  }
  if (isRate) {
    const places = field === 'execRate' ? 1 : 2;
    if (text) return field === 'execRate' ? fmtExecRate(computed) : fmtRate(computed);
    if (!isPercentFormat(cell.format) && typeof cell.value === 'number' && Math.abs(cell.value) > 2) {
      return percentOf(computed, places).toNumber();
    }
    return roundHalfUp(computed, places + 2).toNumber();
  }
  if (text) return `${fmtScore(computed)}${fen ? '分' : ''}`;
  return roundHalfUp(computed, 2).toNumber();
}

function displayOld(cell: PerfCell): string {
  if (cell.value === null) return '（空）';
  if (isCellError(cell.value)) return cell.value.code;
  if (typeof cell.value === 'number' && isPercentFormat(cell.format)) {
    return `${new Decimal(cell.value).times(100).toDecimalPlaces(4).toString()}%`;
  }
  return cellText(cell.value) || '（空）';
}

function sameAsStated(field: ScoreField, stated: StatedValue, computed: Decimal): boolean {
  if (stated.kind !== 'number') return false;
  if (field === 'rate') return roundHalfUp(stated.value, 2).eq(percentOf(computed, 2));
  if (field === 'execRate') return roundHalfUp(stated.value, 1).eq(percentOf(computed, 1));
  return roundHalfUp(stated.value, 2).eq(roundHalfUp(computed, 2));
}

/**
 * The fill plan for a scored workbook. Pass `settingsFrom` (the snapshot scored) to store the policy in the
 * workbook and to leave score cells that hold formulas untouched.
 */
export function fillPlan(tables: ScoredTable[], opts: { policy?: Policy; settingsFrom?: WorkbookSnapshot } = {}): FillPlan {
  const changes: ScoreChange[] = [];
  const hints = styleHints(tables);
  // A score cell that holds a formula is the user's own calculation: never replace it with a number.
  const formulas = new Set(opts.settingsFrom?.sheets.flatMap((s) => (s.formulaCells ?? []).map((a) => `${s.name}!${a}`)) ?? []);
  tables.forEach((st, tableIndex) => {
    const t = st.table;
    const add = (field: ScoreField, cell: PerfCell | undefined, computed: Decimal | null, stated: StatedValue, indicator?: string) => {
      if (!cell || computed === null) return;
      if (isFormulaNoValue(cell.value)) return;
      if (formulas.has(`${cell.ref.sheet}!${cell.ref.address}`)) return;
      if (sameAsStated(field, stated, computed)) return;
      const value = renderScoreValue(field, computed, cell, hints[field]);
      const label = `${SCORE_FIELD_LABEL[field]}${indicator ? `·${indicator}` : ''}`;
      const edit: ValueEdit = { kind: 'value', sheet: cell.ref.sheet, address: cell.ref.address, value, old: cell.value, label };
      const newText = typeof value === 'number'
        ? (field === 'rate' || field === 'execRate') && (isPercentFormat(cell.format) || Math.abs(value) <= 2)
          ? field === 'execRate' ? fmtExecRate(computed) : fmtRate(computed)
          : String(value)
        : value;
      changes.push({ edit, field, tableIndex, sheet: t.sheet, project: shortName(t.name || t.title, 40), indicator, oldText: displayOld(cell), newText });
    };
    const fc = t.funds?.total?.cells;
    if (fc) {
      add('execRate', fc.rate, st.execRate, st.stated.execRate);
      add('execScore', fc.score, st.execScore, st.stated.execScore);
    }
    for (const i of st.indicators) {
      if (i.kept) continue;
      const name = i.row.name || `第${i.row.row + 1}行`;
      add('rate', i.row.cells.rate, i.completion, i.stated.rate, name);
      add('score', i.row.cells.score, i.score, i.stated.score, name);
    }
    add('total', t.totalRow?.score, st.total, st.stated.total);
  });
  const edits: EditPlan['edits'] = changes.map((c) => c.edit);
  if (opts.settingsFrom && opts.policy) edits.push(policySettingsEdit(opts.settingsFrom, opts.policy));
  return { plan: { edits }, changes };
}

/** The hidden settings sheet with `scoring.policy` set (other keys kept). */
export function policySettingsEdit(snap: WorkbookSnapshot, policy: Policy): SheetEdit {
  return settingsSheetEdit({ ...readSettings(snap), [POLICY_SETTING]: policy });
}

/** A plan restoring the previous contents of every cell a fill plan wrote (blank cells get ''). */
export function undoPlan(plan: EditPlan): EditPlan {
  const edits: ValueEdit[] = [];
  for (const e of plan.edits) {
    if (e.kind !== 'value') continue;
    const old = e.old;
    const value = typeof old === 'number' || typeof old === 'string' ? old : old === null ? '' : cellText(old);
    edits.push({ kind: 'value', sheet: e.sheet, address: e.address, value, old: e.value, label: e.label });
  }
  return { edits: edits.reverse() };
}

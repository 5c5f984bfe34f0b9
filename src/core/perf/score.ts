/**
 * Scoring policies for the self-evaluation sheets (see shared/spec/performance-evaluation.md).
 * Decimal arithmetic; every part rounded half-up to 2 places; 总分 = sum of the rounded parts.
 */
import Decimal from 'decimal.js';
import { parseAmount, roundHalfUp } from '../money';
import { FundsRow, PerfCell, PerfTable, IndicatorRow } from './types';
import {
  Comparator, Grade, gradeOf, IndicatorValue, parseIndicatorValue, parseStatedRate, parseStatedScore,
  relateUnits, StatedValue, UnitRelation, withColumns,
} from './values';

export type Policy = 'official' | 'as-practiced' | 'vendor';
export const POLICIES: Policy[] = ['official', 'as-practiced', 'vendor'];
export const DEFAULT_POLICY: Policy = 'official';
/** Settings key (hidden settings sheet) holding the chosen policy. */
export const POLICY_SETTING = 'scoring.policy';

export const POLICY_LABEL: Record<Policy, string> = {
  official: '财政部口径（财预〔2020〕10号）',
  'as-practiced': '本单位以往做法（逆向指标按实际/目标计分）',
  vendor: '预算管理一体化系统公式',
};

export function isPolicy(s: unknown): s is Policy {
  return typeof s === 'string' && (POLICIES as string[]).includes(s);
}

const ZERO = new Decimal(0);
const ONE = new Decimal(1);
const HUNDRED = new Decimal(100);
export const DEFAULT_EXEC_WEIGHT = new Decimal(10);
export const INDICATOR_WEIGHT_TOTAL = new Decimal(90);

export type Direction = 'positive' | 'reverse' | 'qualitative' | 'unknown';

/** A number cell read for arithmetic: a value, blank, or unreadable (reported on that cell). */
export type NumberRead =
  | { kind: 'number'; value: Decimal }
  | { kind: 'blank' }
  | { kind: 'bad'; text: string; reason: string };

export function readNumber(cell: PerfCell | undefined): NumberRead {
  if (!cell) return { kind: 'blank' };
  const p = parseAmount(cell.value, cell.format);
  if (p.kind === 'number') return { kind: 'number', value: p.value };
  if (p.kind === 'blank' || p.kind === 'dash') return { kind: 'blank' };
  return { kind: 'bad', text: p.text, reason: p.reason };
}

export interface ScoredIndicator {
  row: IndicatorRow;
  direction: Direction;
  target: IndicatorValue;
  actual: IndicatorValue;
  /** Actual converted into the target's unit (quantitative only). */
  actualInTargetUnit?: Decimal;
  units?: UnitRelation;
  weight: NumberRead;
  /** Whether the target is met (quantitative) / top grade (qualitative); null when unknown. */
  met: boolean | null;
  grade: Grade | null;
  /** Allowed score band in points (qualitative). */
  band?: { min: Decimal; max: Decimal };
  /** Completion as a ratio (1 = 100%), unrounded; null when it cannot be computed. */
  completion: Decimal | null;
  /** Score rounded to 2 places; null when it cannot be computed. */
  score: Decimal | null;
  /** A qualitative score the user set inside the band, kept as the user's judgement. */
  kept: boolean;
  stated: { rate: StatedValue; score: StatedValue };
  /** Why the score could not be computed (zh-CN), when score is null or kept for lack of a rule. */
  problem?: string;
  /** The problem is an empty cell (a table published unfilled): reported once per kind and table. */
  blank?: 'actual' | 'target' | 'weight';
}

export interface ScoredTable {
  table: PerfTable;
  policy: Policy;
  budget: NumberRead;
  spent: NumberRead;
  initial: NumberRead;
  execWeight: Decimal | null;
  /** 全年执行数 / 全年预算数, unrounded, not capped. */
  execRate: Decimal | null;
  execScore: Decimal | null;
  stated: { execRate: StatedValue; execScore: StatedValue; total: StatedValue; totalWeight: NumberRead };
  indicators: ScoredIndicator[];
  /** Σ indicator weights (null when a weight is unreadable). */
  weightSum: Decimal | null;
  /** 执行率得分 + Σ 指标得分 (null when a part cannot be computed). */
  total: Decimal | null;
  /**
   * The funds row the execution rate was computed on when the total row is 0 / empty while its 其中
   * rows are filled (the 财政资金 / 本年财政拨款 row); undefined when computed on the total row.
   */
  execFrom?: FundsRow;
}

/** Score band of a qualitative grade, as fractions of the weight. */
export function gradeBand(policy: Policy, grade: Grade): { min: Decimal; max: Decimal } {
  const partialFloor = policy === 'vendor' ? new Decimal('0.6') : new Decimal('0.5');
  switch (grade) {
    case 'full': return { min: new Decimal('0.8'), max: ONE };
    case 'partial': return { min: partialFloor, max: new Decimal('0.8') };
    case 'poor': return { min: ZERO, max: partialFloor };
  }
}

function isReverse(cmp: Comparator | null, row: IndicatorRow): boolean {
  if (cmp === '<=' || cmp === '<') return true;
  if (cmp === null) return /成本/.test(row.level1) || /成本/.test(row.level2);
  return false;
}

/** Completion ratio and score of a quantitative indicator under a policy. */
export function quantScore(
  policy: Policy,
  reverse: boolean,
  cmp: Comparator | null,
  target: Decimal,
  actualRaw: Decimal,
  weight: Decimal,
): { completion: Decimal; score: Decimal; met: boolean } {
  const actual = actualRaw.isNegative() ? ZERO : actualRaw;
  if (!reverse) {
    let completion: Decimal;
    if (target.isZero()) completion = cmp === '=' ? (actual.isZero() ? ONE : ZERO) : ONE;
    else completion = actual.div(target);
    const met = completion.gte(ONE);
    const score = roundHalfUp(weight.times(Decimal.min(completion, ONE)), 2);
    return { completion, score, met };
  }
  const met = cmp === '<' ? actual.lt(target) : actual.lte(target);
  if (met) {
    if (policy === 'as-practiced' && !target.isZero()) {
      const completion = actual.div(target);
      return { completion, score: roundHalfUp(weight.times(completion), 2), met };
    }
    return { completion: ONE, score: roundHalfUp(weight, 2), met };
  }
  // Missed.
  if (policy === 'as-practiced' || actual.isZero()) return { completion: ZERO, score: ZERO, met };
  if (policy === 'vendor') {
    if (target.isZero() || actual.gte(target.times(2))) return { completion: ZERO, score: ZERO, met };
    const completion = ONE.minus(actual.minus(target).div(target));
    return { completion, score: roundHalfUp(weight.times(completion), 2), met };
  }
  const completion = target.div(actual);
  return { completion, score: roundHalfUp(weight.times(completion), 2), met };
}

function statedNumber(s: StatedValue): Decimal | null {
  return s.kind === 'number' ? s.value : null;
}

export function scoreIndicator(policy: Policy, row: IndicatorRow): ScoredIndicator {
  const c = row.cells;
  const unit = c.unit?.text ?? '';
  const target = withColumns(parseIndicatorValue(c.target?.value ?? null, c.target?.format), c.nature?.text ?? '', unit);
  const actual = withColumns(parseIndicatorValue(c.actual?.value ?? null, c.actual?.format), '', unit);
  const weight = readNumber(c.weight);
  const stated = {
    rate: c.rate ? parseStatedRate(c.rate.value, c.rate.format) : ({ kind: 'blank' } as StatedValue),
    score: c.score ? parseStatedScore(c.score.value, c.score.format) : ({ kind: 'blank' } as StatedValue),
  };
  const out: ScoredIndicator = {
    row, direction: 'unknown', target, actual, weight, met: null, grade: null,
    completion: null, score: null, kept: false, stated,
  };
  const statedScore = statedNumber(stated.score);

  if (weight.kind !== 'number') {
    out.problem = weight.kind === 'blank' ? '分值权重为空' : `分值权重“${weight.text}”不是数字`;
    if (weight.kind === 'blank') out.blank = 'weight';
    if (target.kind === 'qual') out.direction = 'qualitative';
    else if (target.kind === 'quant') out.direction = isReverse(target.comparator, row) ? 'reverse' : 'positive';
    return out;
  }
  const w = weight.value;

  // Keep a number the user wrote when no rule applies and it is a plausible score.
  const keepStated = (problem: string) => {
    out.problem = problem;
    if (statedScore !== null && statedScore.gte(0) && statedScore.lte(w)) {
      out.score = roundHalfUp(statedScore, 2);
      out.completion = w.isZero() ? null : statedScore.div(w);
      out.kept = true;
    }
    return out;
  };

  const blankActual = () => {
    out.blank = 'actual';
    return keepStated('实际完成值为空');
  };
  // A text actual (完成, 达成预期指标, 完全达到预期) grades a quantitative target too.
  const textGrade = target.kind === 'quant' && actual.kind === 'qual' ? gradeOf(actual.text) : null;
  if (target.kind === 'qual' || textGrade !== null) {
    out.direction = 'qualitative';
    const grade = actual.kind === 'qual' ? textGrade ?? gradeOf(actual.text, target.text) : null;
    out.grade = grade;
    if (grade === null) {
      return actual.kind === 'blank' ? blankActual() : keepStated(`实际完成值“${actual.text}”不是三个评判等级之一`);
    }
    const band = gradeBand(policy, grade);
    out.band = { min: roundHalfUp(w.times(band.min), 2), max: roundHalfUp(w.times(band.max), 2) };
    out.met = grade === 'full';
    let score = out.band.max;
    if (statedScore !== null && statedScore.gte(out.band.min) && statedScore.lte(out.band.max)) {
      const s = roundHalfUp(statedScore, 2);
      if (!s.eq(score)) out.kept = true;
      score = s;
    }
    out.score = score;
    out.completion = w.isZero() ? ONE : score.div(w);
    return out;
  }

  if (target.kind !== 'quant') {
    if (target.kind === 'blank') out.blank = 'target';
    return keepStated(target.kind === 'blank' ? '指标值为空' : `指标值“${target.text}”无法识别`);
  }
  const reverse = isReverse(target.comparator, row);
  out.direction = reverse ? 'reverse' : 'positive';
  if (actual.kind === 'blank') return blankActual();
  if (actual.kind !== 'quant') {
    return keepStated( actual.kind === 'qual' ? `实际完成值“${actual.text}”不是数值，而指标值是数值` : `实际完成值“${actual.text}”无法识别`,
    );
  }
  const units = relateUnits(target.unit, actual.unit);
  out.units = units;
  const a = actual.value.times(units.factor);
  out.actualInTargetUnit = a;
  const r = quantScore(policy, reverse, target.comparator, target.value, a, w);
  out.completion = r.completion;
  out.score = r.score;
  out.met = r.met;
  return out;
}

/**
 * The 其中 row to compute the execution rate on when the total row's budget is 0 or empty while its
 * parts are filled: the 财政资金 / 财政拨款 row, else the only filled part.
 */
export function fallbackFundsRow(table: PerfTable): FundsRow | undefined {
  const f = table.funds;
  if (!f?.total || f.parts.length === 0) return undefined;
  const tb = readNumber(f.total.cells.budget);
  if (tb.kind === 'bad' || (tb.kind === 'number' && !tb.value.isZero())) return undefined;
  const filled = f.parts.filter((p) => {
    const b = readNumber(p.cells.budget);
    return b.kind === 'number' && b.value.gt(0);
  });
  if (filled.length === 0) return undefined;
  return filled.find((p) => /财政资金|财政拨款|财政补助/.test(p.label)) ?? (filled.length === 1 ? filled[0] : undefined);
}

export function scoreTable(policy: Policy, table: PerfTable): ScoredTable {
  const execFrom = fallbackFundsRow(table);
  const fc = table.funds?.total?.cells ?? {};
  const rc = execFrom?.cells ?? fc;
  const budget = readNumber(rc.budget);
  const spent = readNumber(rc.spent);
  const initial = readNumber(fc.initial);
  const weightRead = readNumber(fc.weight);
  const labelWeight = table.funds?.labelWeight ? new Decimal(table.funds.labelWeight) : DEFAULT_EXEC_WEIGHT;
  const execWeight = weightRead.kind === 'number' ? weightRead.value : weightRead.kind === 'blank' ? labelWeight : null;
  let execRate: Decimal | null = null;
  let execScore: Decimal | null = null;
  if (budget.kind === 'number' && spent.kind === 'number' && budget.value.gt(0)) {
    execRate = (spent.value.isNegative() ? ZERO : spent.value).div(budget.value);
    if (execWeight) execScore = roundHalfUp(execWeight.times(Decimal.min(execRate, ONE)), 2);
  }
  const indicators = table.indicators.map((row) => scoreIndicator(policy, row));
  let weightSum: Decimal | null = ZERO;
  for (const i of indicators) {
    if (i.weight.kind === 'number' && weightSum) weightSum = weightSum.plus(i.weight.value);
    else if (i.weight.kind === 'bad') weightSum = null;
  }
  let total: Decimal | null = table.funds ? execScore : ZERO;
  for (const i of indicators) total = total && i.score ? total.plus(i.score) : null;
  if (indicators.length === 0) total = null;
  const tr = table.totalRow;
  return {
    table,
    policy,
    budget,
    spent,
    initial,
    execWeight,
    execRate,
    execScore,
    stated: {
      execRate: fc.rate ? parseStatedRate(fc.rate.value, fc.rate.format) : { kind: 'blank' },
      execScore: fc.score ? parseStatedScore(fc.score.value, fc.score.format) : { kind: 'blank' },
      total: tr?.score ? parseStatedScore(tr.score.value, tr.score.format) : { kind: 'blank' },
      totalWeight: readNumber(tr?.weight),
    },
    indicators,
    weightSum,
    total,
    ...(execFrom ? { execFrom } : {}),
  };
}

/** Percentage of a ratio, rounded half-up: 0.99801 → 99.8 (places = 1). */
export function percentOf(ratio: Decimal, places: number): Decimal {
  return roundHalfUp(ratio.times(HUNDRED), places);
}


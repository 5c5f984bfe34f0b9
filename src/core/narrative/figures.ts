/**
 * Figures the narrative states: an amount in 万元 (rounded to the two displayed decimals) with the
 * cells it comes from, and the arithmetic the templates need (changes, shares, 差异率). All money
 * arithmetic in decimal.js; rates are computed from the displayed (rounded) amounts, half-up.
 */
import { Decimal, formatAmount, formatPercent, roundHalfUp, ZERO } from '../money';
import { CellRef } from '../finding';
import { Amount } from '../tables/model';

export interface Figure {
  /** Displayed value in 万元, two decimals. */
  value: Decimal;
  /** Cells the value comes from (one for a table cell, several for a computed sum). */
  refs: CellRef[];
  /** Half-width of the interval the displayed value stands for (rounding tolerance). */
  half: Decimal;
}

export const HALF_CENT = new Decimal('0.005');

export function fig(a: Amount | undefined): Figure | undefined {
  if (!a) return undefined;
  const v = roundHalfUp(a.value, 2);
  const half = a.half.gt(HALF_CENT) ? a.half : HALF_CENT;
  return { value: v, refs: [a.ref], half };
}

/** An amount that is zero because its table holds no data (empty T7/T8, absent row). */
export function zeroFig(refs: CellRef[] = []): Figure {
  return { value: ZERO, refs, half: ZERO };
}

export function constFig(v: Decimal | string | number, refs: CellRef[] = []): Figure {
  return { value: roundHalfUp(new Decimal(v), 2), refs, half: HALF_CENT };
}

/** Sum of figures; undefined when any part is missing. */
export function sumFigs(...parts: (Figure | undefined)[]): Figure | undefined {
  let v = ZERO;
  let half = ZERO;
  const refs: CellRef[] = [];
  for (const p of parts) {
    if (!p) return undefined;
    v = v.plus(p.value);
    half = half.plus(p.half);
    refs.push(...p.refs);
  }
  return { value: v, refs, half };
}

/** Sum of figures treating missing parts as zero (parts of a table with no data). */
export function sumPresent(...parts: (Figure | undefined)[]): Figure {
  return sumFigs(...parts.map((p) => p ?? zeroFig()))!;
}

/** 3578.52 → "3,578.52". */
export function fmtAmt(d: Decimal): string {
  return formatAmount(d, 2);
}

export function fmtPct(ratio: Decimal): string {
  return formatPercent(ratio, 2);
}

/** part / whole as a ratio; 0 when whole is 0. */
export function share(part: Decimal, whole: Decimal): Decimal {
  if (whole.isZero()) return ZERO;
  return part.div(whole);
}

export interface Change {
  cur: Decimal;
  prior: Decimal;
  /** cur − prior (both rounded to 2 decimals first). */
  delta: Decimal;
  /** delta / prior; 1 (100%) from a zero base with cur > 0; 0 when both are zero. */
  ratio: Decimal;
  fromZero: boolean;
}

export function change(cur: Decimal, prior: Decimal): Change {
  const c = roundHalfUp(cur, 2);
  const p = roundHalfUp(prior, 2);
  const delta = c.minus(p);
  let ratio: Decimal;
  if (p.isZero()) ratio = c.isZero() ? ZERO : new Decimal(c.isNegative() ? -1 : 1);
  else ratio = delta.div(p.abs());
  return { cur: c, prior: p, delta, ratio, fromZero: p.isZero() && !c.isZero() };
}

/** 预决算差异率 = (决算 − 年初预算) / 年初预算; 100% from a zero budget with a non-zero outcome. */
export function budgetGap(actual: Decimal, budget: Decimal): Change {
  return change(actual, budget);
}

export const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一 (enough for section numbers). */
export function chineseNumber(n: number): string {
  if (n <= 0) return String(n);
  if (n < 10) return CN_DIGITS[n];
  if (n < 20) return '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  if (n < 100) return CN_DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  return String(n);
}

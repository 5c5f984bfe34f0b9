/**
 * Rounding tolerance by interval arithmetic (as XBRL Calculations 1.1): every displayed amount v with
 * half-unit h stands for some exact value in [v − h, v + h]. A relation is broken only when no choice
 * of exact values inside the intervals satisfies it; one that holds only thanks to rounding is
 * reported as such, never as an error.
 */
import Decimal from 'decimal.js';

export interface Term {
  value: Decimal;
  half: Decimal;
  /**
   * The same value as a whole number of millionths (of 万元), when it is one and a safe integer. Lets the
   * common case — a relation that holds exactly — be decided with exact integer sums, no allocation.
   */
  micro?: number;
}

export type Verdict = 'exact' | 'rounding' | 'broken';

export interface Comparison {
  verdict: Verdict;
  left: Decimal;
  right: Decimal;
  /** left − right */
  diff: Decimal;
  /** Σ half-units of every term: the widest gap rounding can explain. */
  tolerance: Decimal;
}

function sum(ts: Term[]): Decimal {
  return ts.reduce((acc, t) => acc.plus(t.value), new Decimal(0));
}
function slack(ts: Term[]): Decimal {
  return ts.reduce((acc, t) => acc.plus(t.half), new Decimal(0));
}

/**
 * Fast exact test: true/false when every term carries `micro` (integer sums are exact below 2^53),
 * undefined when the caller must fall back to decimal comparison.
 */
export function exactlyEqual(left: Term[], right: Term[]): boolean | undefined {
  let s = 0;
  for (const t of left) { if (t.micro === undefined) return undefined; s += t.micro; }
  for (const t of right) { if (t.micro === undefined) return undefined; s -= t.micro; }
  return Number.isSafeInteger(s) ? s === 0 : undefined;
}

/** Σ left = Σ right ? */
export function compareEqual(left: Term[], right: Term[]): Comparison {
  const l = sum(left);
  const r = sum(right);
  const diff = l.minus(r);
  const tolerance = slack(left).plus(slack(right));
  const verdict: Verdict = diff.isZero() ? 'exact' : diff.abs().lte(tolerance) ? 'rounding' : 'broken';
  return { verdict, left: l, right: r, diff, tolerance };
}

/** Σ left ≤ Σ right ? ('exact' means it holds on the displayed values.) */
export function compareAtMost(left: Term[], right: Term[]): Comparison {
  const l = sum(left);
  const r = sum(right);
  const diff = l.minus(r);
  const tolerance = slack(left).plus(slack(right));
  const verdict: Verdict = diff.lte(0) ? 'exact' : diff.lte(tolerance) ? 'rounding' : 'broken';
  return { verdict, left: l, right: r, diff, tolerance };
}

/** 2 × a half-width in millionths, when that is a whole number (cached per Decimal: halves are shared). */
const HALF2 = new WeakMap<Decimal, number | null>();
function half2(h: Decimal): number | undefined {
  let v = HALF2.get(h);
  if (v === undefined) {
    const x = h.times(2000000);
    v = x.isInteger() && x.abs().lte(Number.MAX_SAFE_INTEGER) ? x.toNumber() : null;
    HALF2.set(h, v);
  }
  return v ?? undefined;
}

/** The verdict of a relation computed on whole numbers; the sums for its message, in millionths. */
export interface FastComparison {
  verdict: Verdict;
  left: number;
  right: number;
  /** Σ half-units × 2, in millionths (half-units of 元 tables are half a millionth of 万元). */
  tolerance2: number;
}

/**
 * Σ left = Σ right (eq) or Σ left ≤ Σ right (le) decided with integer sums of millionths, without any
 * Decimal: the same verdict as compareEqual/compareAtMost. Undefined when a term has no `micro` or an
 * odd half-width, or a sum leaves the safe-integer range (the caller falls back to decimals).
 */
export function compareFast(kind: 'eq' | 'le', left: Term[], right: Term[]): FastComparison | undefined {
  let l = 0;
  let r = 0;
  let tol2 = 0;
  for (const t of left) {
    const h = half2(t.half);
    if (t.micro === undefined || h === undefined) return undefined;
    l += t.micro; tol2 += h;
  }
  for (const t of right) {
    const h = half2(t.half);
    if (t.micro === undefined || h === undefined) return undefined;
    r += t.micro; tol2 += h;
  }
  const d = l - r;
  if (!Number.isSafeInteger(l) || !Number.isSafeInteger(r) || !Number.isSafeInteger(2 * d) || !Number.isSafeInteger(tol2)) return undefined;
  const verdict: Verdict = kind === 'eq'
    ? (d === 0 ? 'exact' : Math.abs(2 * d) <= tol2 ? 'rounding' : 'broken')
    : (d <= 0 ? 'exact' : 2 * d <= tol2 ? 'rounding' : 'broken');
  return { verdict, left: l, right: r, tolerance2: tol2 };
}

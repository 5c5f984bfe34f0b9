/** Display strings for scores, rates and amounts (zh-CN sheets write 92.96分, 99.8%, 111.11%). */
import Decimal from 'decimal.js';
import { formatAmount, formatTrim, roundHalfUp } from '../money';
import { StatedValue } from './values';
import { percentOf } from './score';

/** 92.960 → "92.96", 94.00 → "94", 0.10 → "0.1". */
export function fmtScore(d: Decimal): string {
  return formatTrim(d, 2);
}

/** Indicator completion: two decimals, trailing zeros trimmed: 1.1111 → "111.11%", 1 → "100%". */
export function fmtRate(ratio: Decimal): string {
  return `${formatTrim(percentOf(ratio, 2), 2)}%`;
}

/** Execution rate: one decimal, fixed: 0.99801 → "99.8%", 1 → "100.0%". */
export function fmtExecRate(ratio: Decimal): string {
  return `${percentOf(ratio, 1).toFixed(1)}%`;
}

/** Amount in 万元 with separators and two decimals: "3,578.52". */
export function fmtAmount(d: Decimal): string {
  return formatAmount(d, 2);
}

/** Plain two-decimal amount for JSON: "3578.52". */
export function plainAmount(d: Decimal): string {
  return roundHalfUp(d, 2).toFixed(2);
}

/** A stated cell as the user sees it. */
export function fmtStated(s: StatedValue, kind: 'rate' | 'score'): string {
  if (s.kind === 'blank') return '（空）';
  if (s.kind === 'bad') return `“${s.text}”`;
  if (s.isText && s.raw) return s.raw;
  if (kind === 'rate') return `${formatTrim(s.value, 4)}%`;
  return formatTrim(s.value, 4);
}

/** Shorten a long project name for messages. */
export function shortName(name: string, max = 24): string {
  const t = name.trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

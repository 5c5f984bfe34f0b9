/**
 * Money: the one module that parses, rounds and formats amounts. decimal.js everywhere; never binary
 * floating point for arithmetic. Rounding is half-up.
 */
import Decimal from 'decimal.js';
import { CellValue, isCellError, isFormulaNoValue } from './snapshot';
import { toHalfWidth } from './text';

export { Decimal };

export const ZERO = new Decimal(0);
export const TEN_THOUSAND = new Decimal(10000);

export type ParsedAmount =
  | { kind: 'number'; value: Decimal; decimals: number }
  | { kind: 'blank' }
  | { kind: 'dash' }
  | { kind: 'bad'; reason: string; text: string };

const DASHES = new Set(['-', '－', '—', '–', '——', '--', '/', '／']);

/** Decimal places a number format displays, or null when the format does not fix them (General). */
const FORMAT_DECIMALS = new Map<string, number | null>();
export function formatDecimals(fmt: string | null | undefined): number | null {
  if (!fmt) return null;
  let cached = FORMAT_DECIMALS.get(fmt);
  if (cached === undefined) { cached = formatDecimalsUncached(fmt); FORMAT_DECIMALS.set(fmt, cached); }
  return cached;
}
function formatDecimalsUncached(fmt: string): number | null {
  const f = fmt.trim();
  if (f === '' || /^general$/i.test(f) || f === '@') return null;
  // First section only, without quoted literals and [..] codes.
  const section = f.split(';')[0].replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  if (!/[0#?]/.test(section)) return null;
  const dot = section.indexOf('.');
  if (dot < 0) return 0;
  let n = 0;
  for (const ch of section.slice(dot + 1)) {
    if (ch === '0' || ch === '#' || ch === '?') n++;
    else if (ch === ',' ) continue;
    else break;
  }
  return n;
}

/** Whether a number format displays a percentage (cached per format string: a sheet uses a handful). */
const PERCENT_FORMAT = new Map<string, boolean>();
export function isPercentFormat(fmt: string | null | undefined): boolean {
  if (!fmt) return false;
  let p = PERCENT_FORMAT.get(fmt);
  if (p === undefined) {
    p = /%/.test(fmt.split(';')[0].replace(/"[^"]*"/g, ''));
    if (PERCENT_FORMAT.size < 10000) PERCENT_FORMAT.set(fmt, p);
  }
  return p;
}

function decimalsOfText(t: string): number {
  const i = t.indexOf('.');
  return i < 0 ? 0 : t.length - i - 1;
}

/** A JS number as the shortest decimal it stands for (15 significant digits, trailing zeros cut). */
export function decimalFromNumber(n: number): Decimal {
  const d = new Decimal(n);
  const p = new Decimal(d.toPrecision(15));
  return p;
}

/**
 * Parse an amount cell. Numbers, text with thousands separators, full-width digits and spaces are
 * numbers; blank and dashes are zero; anything else is `bad` (the caller reports it on that cell).
 */
export function parseAmount(v: CellValue, fmt?: string | null): ParsedAmount {
  if (v === null || v === undefined) return { kind: 'blank' };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { kind: 'bad', reason: '不是有限数值', text: String(v) };
    const fd = formatDecimals(fmt);
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return { kind: 'number', value: new Decimal(v), decimals: fd ?? 0 };
    const raw = decimalFromNumber(v);
    if (fd !== null && !isPercentFormat(fmt)) {
      const decimals = Math.min(fd, 10);
      return { kind: 'number', value: raw.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP), decimals };
    }
    return { kind: 'number', value: raw, decimals: Math.min(raw.decimalPlaces(), 10) };
  }
  if (typeof v === 'boolean') return { kind: 'bad', reason: '逻辑值不是金额', text: v ? 'TRUE' : 'FALSE' };
  if (isCellError(v)) return { kind: 'bad', reason: `错误值 ${v.code}`, text: v.code };
  if (isFormulaNoValue(v)) return { kind: 'bad', reason: '公式没有计算结果（文件未经 Excel 计算保存）', text: `=${v.formula}` };
  const original = String(v);
  let t = toHalfWidth(original).replace(/[\s\u00a0\u3000]+/g, '');
  if (t === '') return { kind: 'blank' };
  if (DASHES.has(t)) return { kind: 'dash' };
  t = t.replace(/[,，]/g, '');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(t);
  if (paren) { negative = true; t = paren[1]; }
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) {
    let d = new Decimal(t);
    if (negative) d = d.negated();
    return { kind: 'number', value: d, decimals: decimalsOfText(t.replace(/^[+-]/, '')) };
  }
  return { kind: 'bad', reason: '不是数字', text: original };
}

/** Half of the last displayed decimal: 0.005 for two decimals. */
const HALF_UNITS: Decimal[] = [];
export function halfUnit(decimals: number): Decimal {
  return (HALF_UNITS[decimals] ??= new Decimal(5).times(new Decimal(10).pow(-(decimals + 1))));
}

export function roundHalfUp(d: Decimal, places: number): Decimal {
  return d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

/** 3578.52 → "3,578.52" (half-up, fixed places, thousands separators). */
export function formatAmount(d: Decimal, places = 2): string {
  const r = roundHalfUp(d, places);
  const neg = r.isNegative() && !r.isZero();
  const [intPart, frac] = r.abs().toFixed(places).split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + (frac !== undefined ? '.' + frac : '');
}

/** ratio 0.9775 → "97.75%" (half-up). */
export function formatPercent(ratio: Decimal, places = 2): string {
  return `${roundHalfUp(ratio.times(100), places).toFixed(places)}%`;
}

/** Trim trailing zeros: 92.90 → "92.9", 94.00 → "94". */
export function formatTrim(d: Decimal, places = 2): string {
  const r = roundHalfUp(d, places);
  return r.toFixed(places).replace(/\.?0+$/, '') || '0';
}

/**
 * An amount given in millionths (of 万元) as `fmt` in rules/engine.ts shows a Decimal: thousands separators,
 * two decimals, or as many as needed up to six. No Decimal is built.
 */
export function formatMicro(micro: number): string {
  const a = Math.abs(micro);
  const int = Math.floor(a / 1000000);
  let rest = a - int * 1000000;
  // two decimals at least, then as many as the value has (up to six)
  let frac = '';
  let div = 100000;
  for (let i = 0; i < 6 && (i < 2 || rest > 0); i++) {
    const d = Math.floor(rest / div);
    frac += d;
    rest -= d * div;
    div /= 10;
  }
  let digits = String(int);
  let grouped = '';
  while (digits.length > 3) { grouped = `,${digits.slice(-3)}${grouped}`; digits = digits.slice(0, -3); }
  return `${micro < 0 ? '-' : ''}${digits}${grouped}.${frac}`;
}

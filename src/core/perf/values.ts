/**
 * Reading the cells of a self-evaluation sheet: indicator values (`>=6次`, `≤80.61万元`, `有效保障`),
 * qualitative grades, units, and the stated numbers of score cells (`9.98分`, `99.8%`).
 * All arithmetic in decimal.js.
 */
import Decimal from 'decimal.js';
import { CellValue, isCellError, isFormulaNoValue } from '../snapshot';
import { decimalFromNumber, formatDecimals, isPercentFormat, parseAmount } from '../money';
import { labelKey, toHalfWidth } from '../text';

export type Comparator = '>=' | '>' | '=' | '<=' | '<';

/** The three grades of 按评判等级赋分. */
export type Grade = 'full' | 'partial' | 'poor';

export const GRADE_LABEL: Record<Grade, string> = {
  full: '达成年度指标',
  partial: '部分达成并具有一定效果',
  poor: '未达成且效果较差',
};

export interface QuantValue {
  kind: 'quant';
  comparator: Comparator | null;
  value: Decimal;
  /** Normalised unit ('' when none): '万元', '%', '次', '万元/次', '个月' … */
  unit: string;
  text: string;
}
export interface QualValue {
  kind: 'qual';
  text: string;
}
export interface BlankValue {
  kind: 'blank';
  text: '';
}
export interface BadValue {
  kind: 'bad';
  text: string;
  reason: string;
}
export type IndicatorValue = QuantValue | QualValue | BlankValue | BadValue;

const COMPARATOR_WORDS: [RegExp, Comparator][] = [
  [/^(>=|=>|≥|⩾|不低于|不少于|大于等于|大于或等于|不小于)/, '>='],
  [/^(<=|=<|≤|⩽|不高于|不超过|不多于|小于等于|小于或等于|不大于)/, '<='],
  [/^(>|大于|高于|超过|多于)/, '>'],
  [/^(<|小于|低于|少于)/, '<'],
  [/^(==|=|等于)/, '='],
];

/** Half-width, no spaces, ≥/≤ kept. */
function norm(s: string): string {
  return toHalfWidth(s).replace(/[\s\u00a0]+/g, '');
}

/** Split a leading comparator off a text. */
export function splitComparator(t: string): { comparator: Comparator | null; rest: string } {
  for (const [re, cmp] of COMPARATOR_WORDS) {
    const m = re.exec(t);
    if (m) return { comparator: cmp, rest: t.slice(m[0].length) };
  }
  return { comparator: null, rest: t };
}

const NUMBER_RE = /^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)(.*)$/;
const UNIT_RE = /^[%‰a-zA-Z\u4e00-\u9fa5/·²³()]*$/;

export function normalizeUnit(u: string): string {
  let t = u.replace(/[()]/g, '');
  t = t.replace(/以上$|以内$|及以上$|及以下$|以下$/, '');
  if (t === '百分比' || t === '百分率') return '%';
  const parts = t.split('/').map((p) => {
    if (p === '万') return '万元';
    if (p === '亿') return '亿元';
    if (p === '月') return '个月';
    if (p === '日') return '天';
    return p;
  });
  return parts.join('/');
}

/** Parse 指标值 / 指标实际完成值. Numbers in a percent-formatted cell read as percentages. */
export function parseIndicatorValue(v: CellValue, fmt?: string | null): IndicatorValue {
  if (v === null || v === undefined) return { kind: 'blank', text: '' };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { kind: 'bad', text: String(v), reason: '不是有限数值' };
    const d = decimalFromNumber(v);
    if (isPercentFormat(fmt)) return { kind: 'quant', comparator: null, value: d.times(100), unit: '%', text: `${d.times(100).toString()}%` };
    return { kind: 'quant', comparator: null, value: d, unit: '', text: d.toString() };
  }
  if (typeof v === 'boolean') return { kind: 'bad', text: v ? 'TRUE' : 'FALSE', reason: '逻辑值不是指标值' };
  if (isCellError(v)) return { kind: 'bad', text: v.code, reason: `错误值 ${v.code}` };
  if (isFormulaNoValue(v)) return { kind: 'bad', text: `=${v.formula}`, reason: '公式没有计算结果' };
  const original = String(v);
  const t = norm(original);
  if (t === '') return { kind: 'blank', text: '' };
  if (!/\d/.test(t)) return { kind: 'qual', text: original.trim() };
  let { comparator, rest } = splitComparator(t);
  const m = NUMBER_RE.exec(rest);
  if (!m) return { kind: 'bad', text: original, reason: '无法识别的指标值' };
  let unitText = m[2];
  if (comparator === null) {
    if (/(及以上|以上)$/.test(unitText)) comparator = '>=';
    else if (/(及以下|以下|以内)$/.test(unitText)) comparator = '<=';
  }
  if (/\d/.test(unitText) || !UNIT_RE.test(unitText) || unitText.length > 10) {
    return { kind: 'bad', text: original, reason: '无法识别的指标值' };
  }
  unitText = normalizeUnit(unitText);
  return { kind: 'quant', comparator, value: new Decimal(m[1].replace(/,/g, '')), unit: unitText, text: original.trim() };
}

/** The comparator a 指标性质 / 比较符 column states (`≥`, `=`, `≤`, `正向`, `反向`…); null when none. */
export function comparatorOfNature(text: string): Comparator | null {
  const t = norm(text);
  if (t === '') return null;
  const { comparator, rest } = splitComparator(t);
  if (comparator && rest === '') return comparator;
  if (/^(正向|正向指标)$/.test(t)) return '>=';
  if (/^(反向|逆向|反向指标|逆向指标)$/.test(t)) return '<=';
  return null;
}

/**
 * A value read with the comparator and unit that sit in their own columns (Sichuan: 指标性质 | 指标值 |
 * 度量单位): `80.61` + `≤` + `万元` reads as `≤80.61万元`. What the cell itself says wins.
 */
export function withColumns(v: IndicatorValue, nature: string, unit: string): IndicatorValue {
  if (v.kind !== 'quant') return v;
  const cmp = v.comparator ?? comparatorOfNature(nature);
  const u = norm(unit);
  const unitOk = u !== '' && !/^[-/—－／]+$/.test(u) && UNIT_RE.test(u) && u.length <= 10;
  const useUnit = v.unit === '' && unitOk ? normalizeUnit(u) : v.unit;
  if (cmp === v.comparator && useUnit === v.unit) return v;
  const text = `${cmp !== v.comparator && cmp ? norm(nature) : ''}${v.text}${useUnit !== v.unit ? u : ''}`;
  return { ...v, comparator: cmp, unit: useUnit, text };
}

/** Grade of a qualitative actual; `null` when it is none of the three. */
export function gradeOf(actual: string, target?: string): Grade | null {
  const k = labelKey(actual);
  if (k === '') return null;
  if (/未达成|未达到|未完成|未实现|效果较差|没有达到|没有完成/.test(k)) return 'poor';
  if (/部分达成|部分达到|部分完成|部分实现|基本达成|基本达到|基本完成|基本实现|一定效果/.test(k)) return 'partial';
  if (/完全达到|达成年度指标|达到预期|达成预期|全部达成|全部完成|全部实现|已达成|已完成|已实现|^达成$|^完成$|^达到$/.test(k)) return 'full';
  if (target !== undefined && labelKey(target) !== '' && labelKey(target) === k) return 'full';
  return null;
}

// ---------------------------------------------------------------- units

const MONEY: Record<string, number> = { '元': 0, '千元': 3, '万元': 4, '百万元': 6, '亿元': 8 };
const MONTHS: Record<string, boolean> = { '个月': true };

export type UnitRelation =
  | { status: 'same'; factor: Decimal }
  | { status: 'converted'; factor: Decimal }
  | { status: 'missing'; factor: Decimal; side: 'target' | 'actual' }
  | { status: 'mismatch'; factor: Decimal };

function numeratorFactor(a: string, b: string): Decimal | null {
  if (a === b) return new Decimal(1);
  if (a in MONEY && b in MONEY) return new Decimal(10).pow(MONEY[a] - MONEY[b]);
  if (MONTHS[a] && MONTHS[b]) return new Decimal(1);
  return null;
}

/**
 * How the actual's unit relates to the target's. `factor` converts the actual into the target's
 * unit (actual × factor). Units that cannot be converted are a mismatch (factor 1).
 */
export function relateUnits(targetUnit: string, actualUnit: string): UnitRelation {
  const one = new Decimal(1);
  if (targetUnit === actualUnit) return { status: 'same', factor: one };
  if (targetUnit === '') return { status: 'missing', factor: one, side: 'target' };
  if (actualUnit === '') return { status: 'missing', factor: one, side: 'actual' };
  const [tn, td = ''] = targetUnit.split('/');
  const [an, ad = ''] = actualUnit.split('/');
  if (td !== ad) return { status: 'mismatch', factor: one };
  const f = numeratorFactor(an, tn);
  if (f === null) return { status: 'mismatch', factor: one };
  return { status: 'converted', factor: f };
}

// ---------------------------------------------------------------- stated numbers

export interface StatedNumber {
  kind: 'number';
  /** For rates: the percentage (99.8 for 99.8%); for scores: the score. */
  value: Decimal;
  /** The cell is text (`9.98分`, `99.8%`), not a number. */
  isText: boolean;
  /** Text suffix written after the number ('分', '%', ''). */
  suffix: string;
  /** The cell as written (text cells), for messages. */
  raw?: string;
}
export type StatedValue = StatedNumber | { kind: 'blank' } | { kind: 'bad'; text: string; reason: string };

/** A score cell as stated: `9.98分`, `10`, `92.96分`, 9.98. */
export function parseStatedScore(v: CellValue, fmt?: string | null): StatedValue {
  if (typeof v === 'string') {
    const t = norm(v);
    if (t === '') return { kind: 'blank' };
    const m = /^(.*?)(分)$/.exec(t);
    const body = m ? m[1] : t;
    const p = parseAmount(body);
    if (p.kind === 'number') return { kind: 'number', value: p.value, isText: true, suffix: m ? '分' : '', raw: v.trim() };
    if (p.kind === 'blank' || p.kind === 'dash') return { kind: 'blank' };
    return { kind: 'bad', text: v, reason: '不是数字' };
  }
  const p = parseAmount(v, null);
  if (p.kind === 'number') return { kind: 'number', value: p.value, isText: false, suffix: '' };
  if (p.kind === 'blank' || p.kind === 'dash') return { kind: 'blank' };
  void fmt;
  return { kind: 'bad', text: p.text, reason: p.reason };
}

/** A rate cell as stated: `99.8%`, `100.0%`, 0.998 with a percent format, 99.8 without one. */
export function parseStatedRate(v: CellValue, fmt?: string | null): StatedValue {
  if (typeof v === 'string') {
    const t = norm(v);
    if (t === '') return { kind: 'blank' };
    const m = /^(.*?)%$/.exec(t);
    const body = m ? m[1] : t;
    const p = parseAmount(body);
    if (p.kind === 'number') {
      // "0.998" without % in a text cell: a ratio when ≤ 2, else a percentage.
      const value = m || p.value.abs().gt(2) ? p.value : p.value.times(100);
      return { kind: 'number', value, isText: true, suffix: m ? '%' : '', raw: v.trim() };
    }
    if (p.kind === 'blank' || p.kind === 'dash') return { kind: 'blank' };
    return { kind: 'bad', text: v, reason: '不是百分比' };
  }
  const p = parseAmount(v, null);
  if (p.kind === 'number') {
    const pct = isPercentFormat(fmt) || p.value.abs().lte(2) ? p.value.times(100) : p.value;
    return { kind: 'number', value: pct, isText: false, suffix: '' };
  }
  if (p.kind === 'blank' || p.kind === 'dash') return { kind: 'blank' };
  return { kind: 'bad', text: p.text, reason: p.reason };
}

/** Decimal places a percent-formatted number cell displays (after ×100). */
export function percentFormatDecimals(fmt: string | null | undefined): number | null {
  if (!isPercentFormat(fmt)) return null;
  return formatDecimals(fmt);
}

/** Numbers quoted in a text, in 万元 (元 and 亿元 converted), with their positions. */
export function amountsInText(text: string): { value: Decimal; text: string; index: number }[] {
  const out: { value: Decimal; text: string; index: number }[] = [];
  const t = toHalfWidth(text);
  const re = /(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    // "…万元/次" is a unit price, not an amount.
    if (t[m.index + m[0].length] === '/') continue;
    let v = new Decimal(m[1].replace(/,/g, ''));
    if (m[2] === '亿元') v = v.times(10000);
    else if (m[2] === '元') v = v.div(10000);
    out.push({ value: v, text: m[0], index: m.index });
  }
  return out;
}

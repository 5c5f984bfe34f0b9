import Decimal from 'decimal.js';
import { formatAmount, formatDecimals, formatPercent, formatTrim, halfUnit, parseAmount } from '../../src/core/money';
import { compareAtMost, compareEqual } from '../../src/core/interval';

const d = (s: string) => new Decimal(s);
const t = (v: string, h = '0.005') => ({ value: d(v), half: d(h) });

describe('parseAmount', () => {
  it.each([
    [3578.52, '#,##0.00', '3578.52', 2],
    [12, '#,##0.00', '12', 2],
    [0.30000000000000004, null, '0.3', 1],
    ['3,578.52', null, '3578.52', 2],
    ['３，５７８．５２', null, '3578.52', 2],
    [' 80.57  ', null, '80.57', 2],
    ['(1.50)', null, '-1.5', 2],
  ])('%p (%p) → %s', (v, fmt, value, decimals) => {
    const p = parseAmount(v as never, fmt as never);
    expect(p.kind).toBe('number');
    if (p.kind === 'number') {
      expect(p.value.toString()).toBe(value);
      expect(p.decimals).toBe(decimals);
    }
  });
  it('rounds a float computed by a formula to the displayed decimals', () => {
    const p = parseAmount(2676.4999999999995, '#,##0.00');
    expect(p.kind === 'number' && p.value.toFixed(2)).toBe('2676.50');
  });
  it.each([null, '', '   '])('blank %p', (v) => expect(parseAmount(v as never).kind).toBe('blank'));
  it.each(['-', '－', '—'])('dash %p is zero', (v) => expect(parseAmount(v).kind).toBe('dash'));
  it.each([['约12万'], ['12万元'], ['abc']])('junk %p is bad, never zero', (v) => expect(parseAmount(v).kind).toBe('bad'));
  it('error values and formulas without a cached value are bad', () => {
    expect(parseAmount({ kind: 'error', code: '#REF!' }).kind).toBe('bad');
    expect(parseAmount({ kind: 'formula', formula: 'SUM(A1:A3)' }).kind).toBe('bad');
  });
});

describe('formats', () => {
  it('reads decimals from number formats', () => {
    expect(formatDecimals('#,##0.00')).toBe(2);
    expect(formatDecimals('#,##0.00_ ;[Red]-#,##0.00 ')).toBe(2);
    expect(formatDecimals('0')).toBe(0);
    expect(formatDecimals('General')).toBeNull();
    expect(formatDecimals(null)).toBeNull();
  });
  it('formats amounts, percents and trimmed scores half-up', () => {
    expect(formatAmount(d('3578.52'))).toBe('3,578.52');
    expect(formatAmount(d('2786.605'))).toBe('2,786.61');
    expect(formatAmount(d('-0.005'))).toBe('-0.01');
    expect(formatPercent(d('0.977500'))).toBe('97.75%');
    expect(formatTrim(d('92.90'))).toBe('92.9');
    expect(formatTrim(d('94.00'))).toBe('94');
    expect(halfUnit(2).toString()).toBe('0.005');
  });
});

describe('interval comparison (rules.md rounding semantics)', () => {
  it('the seed gap 2,676.50 + 901.92 vs 3,578.41 is rounding, not an error', () => {
    expect(compareEqual([t('3578.41')], [t('2676.50'), t('901.92')]).verdict).toBe('rounding');
  });
  it('a 0.02 gap over two rounded terms is broken', () => {
    expect(compareEqual([t('10.00')], [t('5.01')]).verdict).toBe('broken');
    expect(compareEqual([t('10.00')], [t('5.00'), t('5.01')]).verdict).toBe('rounding');
    expect(compareEqual([t('10.00')], [t('5.00'), t('5.02')]).verdict).toBe('broken');
    expect(compareEqual([t('10.00')], [t('5.00'), t('5.03')]).verdict).toBe('broken');
  });
  it('exact holds', () => expect(compareEqual([t('1.5')], [t('1'), t('0.5')]).verdict).toBe('exact'));
  it('at most', () => {
    expect(compareAtMost([t('1')], [t('2')]).verdict).toBe('exact');
    expect(compareAtMost([t('2.00')], [t('1.99')]).verdict).toBe('rounding');
    expect(compareAtMost([t('2.00')], [t('1.98')]).verdict).toBe('broken');
  });
});

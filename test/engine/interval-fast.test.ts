/** The integer fast path of relations gives the verdicts and figures of the decimal interval arithmetic. */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { compareAtMost, compareEqual, compareFast, Term } from '../../src/core/interval';
import { formatMicro, halfUnit, TEN_THOUSAND } from '../../src/core/money';
import { fmt } from '../../src/core/rules/engine';

const halves = [halfUnit(2), halfUnit(0), halfUnit(1), halfUnit(2).div(TEN_THOUSAND), new Decimal(0)];
const termArb: fc.Arbitrary<Term> = fc.tuple(fc.integer({ min: -2e9, max: 5e10 }), fc.integer({ min: 0, max: halves.length - 1 }))
  .map(([micro, h]) => ({ value: new Decimal(micro).div(1e6), half: halves[h], micro }));
const sideArb = fc.array(termArb, { minLength: 1, maxLength: 8 });

describe('compareFast', () => {
  it('agrees with compareEqual / compareAtMost on verdict, sums and tolerance', () => {
    fc.assert(fc.property(sideArb, sideArb, fc.boolean(), fc.integer({ min: -30, max: 30 }), (l, r, eq, nudge) => {
      // make near-equal sides common: move the first right term so the gap is a few millionths
      const gap = l.reduce((a, t) => a + t.micro!, 0) - r.reduce((a, t) => a + t.micro!, 0);
      const m = r[0].micro! + gap + nudge;
      const right = [{ ...r[0], micro: m, value: new Decimal(m).div(1e6) }, ...r.slice(1)];
      const slow = eq ? compareEqual(l, right) : compareAtMost(l, right);
      const fast = compareFast(eq ? 'eq' : 'le', l, right)!;
      expect(fast).toBeDefined();
      expect(fast.verdict).toBe(slow.verdict);
      expect(formatMicro(fast.left)).toBe(fmt(slow.left));
      expect(formatMicro(fast.right)).toBe(fmt(slow.right));
      expect(formatMicro(Math.abs(fast.left - fast.right))).toBe(fmt(slow.diff.abs()));
      expect(formatMicro(Math.ceil(fast.tolerance2 / 2))).toBe(fmt(slow.tolerance));
    }), { numRuns: 2000 });
  });
  it('declines terms without millionths', () => {
    expect(compareFast('eq', [{ value: new Decimal('0.0000001'), half: halves[0] }], [])).toBeUndefined();
  });
});

describe('formatMicro', () => {
  it('shows millionths as fmt shows the decimal', () => {
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => {
      expect(formatMicro(n)).toBe(fmt(new Decimal(n).div(1e6)));
    }), { numRuns: 5000 });
    expect(formatMicro(3578520000)).toBe('3,578.52');
    expect(formatMicro(-1)).toBe('-0.000001');
    expect(formatMicro(0)).toBe('0.00');
  });
});

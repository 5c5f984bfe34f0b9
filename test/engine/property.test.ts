/** Property-based robustness: the engine never throws, and any single-cell change beyond rounding is caught. */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { checkWorkbook } from '../../src/core/check';
import { CellValue, parseA1, SheetSnapshot, WorkbookSnapshot } from '../../src/core/snapshot';
import { Amount, TableSet } from '../../src/core/tables/model';
import { fixture, manifest, SAMPLE, snapshotOf } from '../helpers';

const TITLES = [
  '收入支出决算总表', '收入决算表', '支出决算表', '财政拨款收入支出决算总表', '一般公共预算财政拨款支出决算表',
  '一般公共预算财政拨款基本支出决算表', '政府性基金预算财政拨款收入支出决算表', '国有资本经营预算财政拨款收入支出决算表',
  '财政拨款“三公”经费支出决算表',
];
const WORDS = ['合计', '项目', '决算数', '科目编码', '科目名称', '类', '款', '项', '本年收入合计', '本年支出合计', '总计',
  '基本支出', '项目支出', '金额单位：万元', '单位：元', '人员经费合计', '公用经费合计', '预算数', '201', '20103', '2010301', '-', '—', '#REF!'];

const cellArb: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.double({ noNaN: false, min: -1e9, max: 1e9 }),
  fc.integer({ min: -100000, max: 10000000 }),
  fc.constantFrom(...TITLES, ...WORDS),
  fc.string({ maxLength: 12 }),
  fc.constant({ kind: 'error', code: '#REF!' } as CellValue),
  fc.constant({ kind: 'formula', formula: 'SUM(A1:A2)' } as CellValue),
  fc.boolean(),
);

const sheetArb = (i: number): fc.Arbitrary<SheetSnapshot> =>
  fc.tuple(fc.array(fc.array(cellArb, { maxLength: 9 }), { maxLength: 25 }), fc.constantFrom(...TITLES), fc.boolean())
    .map(([values, title, titled]) => {
      if (titled) values.unshift([title]);
      return { name: `S${i}`, values, merges: [] };
    });

describe('random grids', () => {
  it('checkWorkbook never throws and every finding is well-formed', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(8), { maxLength: 6 }).chain((ns) => fc.tuple(...ns.map((_, i) => sheetArb(i)))), (sheets) => {
        const r = checkWorkbook({ sheets: sheets as SheetSnapshot[] });
        for (const f of r.findings) {
          expect(['error', 'warning', 'info']).toContain(f.severity);
          expect(typeof f.message).toBe('string');
          expect(Array.isArray(f.cells)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Every amount cell the model read, with its numeric value. */
function amountRefs(model: TableSet): Amount[] {
  const out: Amount[] = [];
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (x instanceof Decimal) return;
    const a = x as Amount;
    if (a.value instanceof Decimal && a.ref) { out.push(a); return; }
    for (const v of Object.values(x as object)) visit(v);
  };
  visit(model);
  const seen = new Set<string>();
  return out.filter((a) => { const k = `${a.ref.sheet}!${a.ref.address}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

function mutate(snap: WorkbookSnapshot, sheet: string, address: string, value: number): WorkbookSnapshot {
  const p = parseA1(address)!;
  return {
    sheets: snap.sheets.map((s) => {
      if (s.name !== sheet) return s;
      const values = s.values.map((row) => [...row]);
      while (values.length <= p.r) values.push([]);
      values[p.r][p.c] = value;
      return { ...s, values };
    }),
  };
}

const MUTATION_CASES: [string, () => string][] = [
  ['layout A sample', () => SAMPLE],
  ...manifest().filter((e) => e.kind === 'seed' && e.layout && e.layout !== 'A').slice(0, 3)
    .map((e): [string, () => string] => [`layout ${e.layout} (${e.file})`, () => fixture(e.file)]),
];

describe.each(MUTATION_CASES)('single-cell mutations of %s', (_name, file) => {
  let snap: WorkbookSnapshot;
  let refs: Amount[];
  beforeAll(async () => {
    snap = await snapshotOf(file());
    refs = amountRefs(checkWorkbook(snap).model);
  });

  it('every change beyond rounding is reported as an error naming that cell', () => {
    expect(refs.length).toBeGreaterThan(50);
    fc.assert(
      fc.property(fc.nat(refs.length - 1), fc.integer({ min: 100, max: 500000 }), fc.boolean(), (i, cents, neg) => {
        const a = refs[i];
        const unitFactor = a.half.lt(new Decimal('0.0001')) ? 10000 : 1; // 元 tables
        const delta = new Decimal(cents).div(100).times(neg ? -1 : 1);
        const newValue = a.value.plus(delta).times(unitFactor).toNumber();
        const r = checkWorkbook(mutate(snap, a.ref.sheet, a.ref.address, newValue));
        const hit = r.findings.some((f) => f.severity === 'error' && f.cells.some((c) => c.sheet === a.ref.sheet && c.address === a.ref.address));
        if (!hit) throw new Error(`change of ${delta} at ${a.ref.sheet}!${a.ref.address} not reported as an error`);
      }),
      { numRuns: 150 },
    );
  });
});

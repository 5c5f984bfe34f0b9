/** Whatever the cells hold, scoring never throws and every finding names real cells. */
import fc from 'fast-check';
import { fillPlan, scorePerformance } from '../../src/core/perf';
import { CellValue, WorkbookSnapshot } from '../../src/core/snapshot';
import { fixtures, snapshotOf } from './util';

let base: WorkbookSnapshot;
beforeAll(async () => {
  const snap = await snapshotOf((await fixtures('filled')).filled);
  // Two sheets are enough and keep the property fast.
  base = { sheets: snap.sheets.filter((s) => s.name === '绩效自评2' || s.name === '整体绩效自评') };
});

const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.double({ noNaN: false }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom('', '-', '十', '>=', '<=abc', '=1,,2万元', '≥90%以上', '完全达到预期', '良好', '总分', '一级指标', '9.98分', '100%', '#N/A', '=0', '<0', '>=0次'),
  fc.string({ maxLength: 12 }),
  fc.constant({ kind: 'error', code: '#DIV/0!' } as CellValue),
  fc.constant({ kind: 'formula', formula: 'SUM(A1:A2)' } as CellValue),
  fc.boolean(),
);

it('never throws on arbitrary cell contents', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(1), fc.nat(30), fc.nat(14), cellValue), { maxLength: 25 }), (edits) => {
      const snap: WorkbookSnapshot = {
        sheets: base.sheets.map((s) => ({ ...s, values: s.values.map((r) => [...r]) })),
      };
      for (const [si, r, c, v] of edits) {
        const s = snap.sheets[si % snap.sheets.length];
        if (!s.values[r]) continue;
        s.values[r][c] = v;
      }
      for (const policy of ['official', 'as-practiced', 'vendor'] as const) {
        const res = scorePerformance(snap, { policy });
        fillPlan(res.tables, { policy, settingsFrom: snap });
        for (const f of res.findings) {
          for (const cell of f.cells) expect(cell.address).toMatch(/^[A-Z]+\d+$/);
        }
      }
    }),
    { numRuns: 60, seed: 20240101 },
  );
});

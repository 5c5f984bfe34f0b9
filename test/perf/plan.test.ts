/** The fill plan as the task pane will use it: preview (old → new), apply, store the policy, undo. */
import * as fs from 'fs';
import Decimal from 'decimal.js';
import { fillPlan, readPolicy, renderScoreValue, scorePerformance, undoPlan, PerfCell } from '../../src/core/perf';
import { readSnapshot } from '../../src/xlsx/read';
import { applyPlan, workbookBytes } from '../../src/xlsx/apply';
import { SETTINGS_SHEET } from '../../src/core/settings';
import { fixtures } from './util';

let f: Record<'filled' | 'blank', string>;
beforeAll(async () => { f = await fixtures('filled', 'blank'); });

const cell = (value: PerfCell['value'], format: string | null = null): PerfCell => ({
  ref: { sheet: 'S', address: 'A1' }, r: 0, c: 0, value, format, text: '',
});

describe('renderScoreValue keeps the cell style', () => {
  const d = (s: string) => new Decimal(s);
  it('text cells stay text, numbers stay numbers', () => {
    expect(renderScoreValue('total', d('92.96'), cell('80.64分'))).toBe('92.96分');
    expect(renderScoreValue('score', d('10'), cell('9.98'))).toBe('10');
    expect(renderScoreValue('score', d('10'), cell(9.98))).toBe(10);
    expect(renderScoreValue('rate', d('1.1111111'), cell('100%'))).toBe('111.11%');
    expect(renderScoreValue('execRate', d('0.998015'), cell('100.0%'))).toBe('99.8%');
    expect(renderScoreValue('execRate', d('0.998015'), cell(1, '0.0%'))).toBe(0.998);
    expect(renderScoreValue('rate', d('0.26087'), cell(0.5, '0.00%'))).toBe(0.2609);
    expect(renderScoreValue('rate', d('0.26087'), cell(50))).toBe(26.09);
  });
  it('blank cells follow their format', () => {
    expect(renderScoreValue('total', d('94'), cell(null, '@'))).toBe('94分');
    expect(renderScoreValue('score', d('9.98'), cell(null, '@'))).toBe('9.98');
    expect(renderScoreValue('score', d('9.98'), cell(null))).toBe(9.98);
    expect(renderScoreValue('rate', d('1'), cell(null))).toBe('100%');
    expect(renderScoreValue('rate', d('1'), cell(null, '0.00%'))).toBe(1);
  });
});

describe('fillPlan / undoPlan', () => {
  it('writes only score cells with their old values, skips the in-band qualitative score', async () => {
    const { snapshot } = await readSnapshot(new Uint8Array(fs.readFileSync(f.filled)));
    const r = scorePerformance(snapshot);
    const { plan, changes } = fillPlan(r.tables);
    expect(plan.edits.every((e) => e.kind === 'value')).toBe(true);
    expect(changes.map((c) => c.field).every((x) => ['rate', 'score', 'execRate', 'execScore', 'total'].includes(x))).toBe(true);
    const m17 = changes.find((c) => c.sheet === '绩效自评1' && c.edit.address === 'M17')!;
    expect(m17).toMatchObject({ oldText: '3', newText: '10', indicator: '本次拨付尾款占比' });
    expect(m17.edit).toMatchObject({ value: 10, old: 3, label: '指标得分·本次拨付尾款占比' });
    expect(changes.some((c) => c.sheet === '绩效自评5' && c.indicator === '提高为群众办事效率')).toBe(false);
    expect(changes).toHaveLength(34);
  });

  it('apply, store the policy, then undo restores every cell', async () => {
    const bytes = new Uint8Array(fs.readFileSync(f.blank));
    const { workbook, snapshot } = await readSnapshot(bytes);
    expect(readPolicy(snapshot)).toBeNull();
    const r = scorePerformance(snapshot, { policy: 'vendor' });
    const { plan } = fillPlan(r.tables, { policy: r.policy, settingsFrom: snapshot });
    const sheetEdit = plan.edits[plan.edits.length - 1];
    expect(sheetEdit).toMatchObject({ kind: 'sheet', name: SETTINGS_SHEET, hidden: true });
    applyPlan(workbook, plan);
    const filled = await readSnapshot(await workbookBytes(workbook));
    expect(readPolicy(filled.snapshot)).toBe('vendor');
    expect(scorePerformance(filled.snapshot).policySource).toBe('workbook');

    applyPlan(filled.workbook, undoPlan(plan));
    const restored = (await readSnapshot(await workbookBytes(filled.workbook))).snapshot;
    const norm = (v: unknown) => (v === '' || v === undefined ? null : v);
    for (const s of snapshot.sheets) {
      const t = restored.sheets.find((x) => x.name === s.name)!;
      const rows = Math.max(s.values.length, t.values.length);
      for (let i = 0; i < rows; i++) {
        const n = Math.max(s.values[i]?.length ?? 0, t.values[i]?.length ?? 0);
        for (let c = 0; c < n; c++) expect([s.name, i, c, norm(t.values[i]?.[c])]).toEqual([s.name, i, c, norm(s.values[i]?.[c])]);
      }
    }
  });
});

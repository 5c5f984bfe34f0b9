/**
 * The fake follows the @types/office-js remarks for the APIs the adapter calls. Each constraint has a
 * test of the fake itself and one showing the adapter keeps to it.
 */
import { FakeExcel, NO_FILL } from '../fakes/fake-excel';
import { ExcelHost } from '../../src/excel/host';
import { CF_SIGNATURE } from '../../src/excel/marks';
import { Finding } from '../../src/core/finding';
import { RESULTS_SHEET } from '../../src/core/marks';
import { dump, findingsA, ours, prepared, T, tables } from './marks-fixture';

const run = <T>(fake: FakeExcel, f: (ctx: any) => Promise<T>) => fake.run(f); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('VeryHidden sheets cannot be deleted (Worksheet.delete remarks)', () => {
  test('fake: delete throws InvalidOperation', async () => {
    const fake = prepared();
    fake.sheet('空表').visibility = 'VeryHidden';
    await expect(run(fake, async (ctx) => { ctx.workbook.worksheets.getItem('空表').delete(); await ctx.sync(); })).rejects.toMatchObject({ code: 'InvalidOperation' });
  });
  test('adapter: keeps no record sheet; a VeryHidden sheet of the user survives mark and clear', async () => {
    const fake = prepared();
    fake.sheet('空表').visibility = 'VeryHidden';
    const before = dump(fake.state);
    const host = new ExcelHost(fake.env());
    await host.mark(findingsA, { withNotes: true, results: { findings: findingsA, tables } });
    expect(fake.state.sheets.filter((s) => s.visibility === 'VeryHidden').map((s) => s.name)).toEqual(['空表']);
    await host.clearMarks();
    expect(dump(fake.state)).toEqual(before);
  });
});

describe('a cell holds a note or a threaded comment, not both', () => {
  test('fake: notes.add on a commented cell and comments.add on a noted cell throw', async () => {
    const fake = prepared();
    await expect(run(fake, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(T);
      ws.notes.add(ws.getRange('C5'), 'x');
      await ctx.sync();
    })).rejects.toMatchObject({ code: 'InvalidOperation' });
    await expect(run(fake, async (ctx) => {
      ctx.workbook.comments.add(`'${T}'!D4`, 'x');
      await ctx.sync();
    })).rejects.toMatchObject({ code: 'InvalidOperation' });
  });
  test('adapter: cells with a note or a comment get the rule but no note', async () => {
    const fake = prepared();
    const out = await new ExcelHost(fake.env()).mark(findingsA, { withNotes: true });
    expect(fake.cell(T, 'C5')).toMatchObject({ note: null, comment: '同事的批注' });
    expect(fake.cell(T, 'D4').note).toBe('用户自己的备注  \n');
    expect(out.warnings.join()).toMatch(/已有备注或批注/);
  });
});

describe('protected sheets refuse writes (AccessDenied)', () => {
  test('fake: a conditional format cannot be added on a protected sheet', async () => {
    const fake = prepared();
    fake.sheet(T).protected = true;
    await expect(run(fake, async (ctx) => {
      ctx.workbook.worksheets.getItem(T).getRange('A1').conditionalFormats.add('Custom');
      await ctx.sync();
    })).rejects.toMatchObject({ code: 'AccessDenied' });
  });
  test('adapter: protected sheets are skipped, the rest is marked', async () => {
    const fake = prepared();
    fake.sheet(T).protected = true;
    const out = await new ExcelHost(fake.env()).mark(findingsA, { withNotes: true });
    expect(out.marked).toBe(1);
    expect(ours(fake, T)).toEqual([]);
  });
});

describe('requirement sets per API', () => {
  test('fake: RangeAreas.select needs 1.18, getRanges 1.9, conditional formats 1.6, notes 1.18', async () => {
    const at = (api: string, f: (ctx: any) => void) => run(FakeExcel.fromSnapshot({ sheets: [{ name: 'S', values: [[1]] }] }, { api }), async (ctx) => { f(ctx); await ctx.sync(); }); // eslint-disable-line @typescript-eslint/no-explicit-any
    await expect(at('1.17', (ctx) => ctx.workbook.worksheets.getItem('S').getRanges('A1,B2').select())).rejects.toMatchObject({ code: 'ApiNotFound' });
    await expect(at('1.8', (ctx) => ctx.workbook.worksheets.getItem('S').getRanges('A1,B2'))).rejects.toMatchObject({ code: 'ApiNotFound' });
    await expect(at('1.5', (ctx) => ctx.workbook.worksheets.getItem('S').getRange('A1').conditionalFormats)).rejects.toMatchObject({ code: 'ApiNotFound' });
    await expect(at('1.17', (ctx) => ctx.workbook.worksheets.getItem('S').notes)).rejects.toMatchObject({ code: 'ApiNotFound' });
    await expect(at('1.3', (ctx) => ctx.workbook.worksheets.getItemOrNullObject('S'))).rejects.toMatchObject({ code: 'ApiNotFound' });
  });
  test.each(['1.1', '1.3', '1.5', '1.6', '1.7', '1.8', '1.9', '1.12', '1.17', '1.18'])('adapter on ExcelApi %s: check, select, clear never call a missing API', async (api) => {
    const fake = prepared(api);
    const before = dump(fake.state);
    const host = new ExcelHost(fake.env());
    await host.read();
    await host.mark(findingsA, { withNotes: true, results: { findings: findingsA, tables } });
    await host.select(findingsA[0].cells);
    await host.clearMarks();
    expect(dump(fake.state)).toEqual(before);
  });
});

describe('conditional formats API', () => {
  test('fake: custom on a non-Custom rule throws; customOrNullObject is a null object', async () => {
    const fake = prepared();
    await expect(run(fake, async (ctx) => {
      ctx.workbook.worksheets.getItem(T).getRange().conditionalFormats.load('items/custom/rule/formula');
      await ctx.sync();
    })).rejects.toMatchObject({ code: 'InvalidOperation' });
    const kinds = await run(fake, async (ctx) => {
      const cfs = ctx.workbook.worksheets.getItem(T).getRange().conditionalFormats;
      cfs.load('items/type,items/customOrNullObject/rule/formula');
      await ctx.sync();
      return cfs.items.map((c: any) => [c.type, c.customOrNullObject.isNullObject]); // eslint-disable-line @typescript-eslint/no-explicit-any
    });
    expect(kinds).toEqual([['DataBar', true], ['Custom', false]]);
  });
  test('adapter: the user\'s rules (any type) are never deleted or changed', async () => {
    const fake = prepared();
    const host = new ExcelHost(fake.env());
    await host.mark(findingsA, { withNotes: true });
    await host.clearMarks();
    expect(fake.sheet(T).cfs.map((f) => f.id)).toEqual(['{USER-1}', '{USER-2}']);
  });
});

describe('Excel on the web: 5 MB per request', () => {
  test('fake: a request above 5 MB is refused', async () => {
    const fake = prepared();
    await expect(run(fake, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(T);
      for (let r = 0; r < 6000; r++) ws.notes.add(ws.getRange(`H${r + 1}`), '说明'.repeat(300));
      await ctx.sync();
    })).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
  });

  test('adapter: a 6,000-finding workbook marks, re-checks and clears with every request under 4 MB', async () => {
    const values: (string | number)[][] = [['项目', '金额', '备注']];
    for (let r = 1; r <= 12000; r++) values.push([`项目${r}`, r * 1.5, '']);
    const fake = FakeExcel.fromSnapshot({ sheets: [{ name: '项目表', values }, { name: '其他', values: [[1]] }] });
    const before = dump(fake.state);
    const findings: Finding[] = [];
    for (let i = 0; i < 6000; i++) {
      findings.push({
        rule: 'R05', severity: i % 3 === 0 ? 'warning' : 'error',
        message: `第 ${i + 2} 行项目的本年支出合计与各明细之和不等：合计 ${i}.00，明细之和 ${i}.01，差额 0.01 元，超出四舍五入可解释的范围。`,
        cells: [{ sheet: '项目表', address: `B${2 * i + 2}` }],
      });
    }
    const host = new ExcelHost(fake.env());
    fake.resetCounters();
    await host.mark(findings, { withNotes: true, results: { findings, tables: [] } });
    const limit = 4 * 1024 * 1024;
    for (const s of fake.syncs) {
      expect(s.requestBytes).toBeLessThan(limit);
      expect(s.responseBytes).toBeLessThan(limit);
    }
    expect(fake.syncs.length).toBeGreaterThan(3);
    expect(ours(fake, '项目表').length).toBeGreaterThan(1);
    expect(fake.cell('项目表', 'B2').note).toContain('第 2 行');
    expect(fake.cell(RESULTS_SHEET, 'F6005').hyperlink).toBe("'项目表'!B12000");
    fake.resetCounters();
    await host.mark(findings.slice(0, 3000), { withNotes: true, results: { findings, tables: [] } });
    for (const s of fake.syncs) expect(s.requestBytes).toBeLessThan(limit);
    fake.resetCounters();
    await host.clearMarks();
    for (const s of fake.syncs) {
      expect(s.requestBytes).toBeLessThan(limit);
      expect(s.responseBytes).toBeLessThan(limit);
    }
    expect(fake.syncs.length).toBeLessThanOrEqual(3);
    expect(fake.sheet('项目表').cfs.some((f) => f.formula?.includes(CF_SIGNATURE))).toBe(false);
    expect(dump(fake.state)).toEqual(before);
    expect(fake.cell('项目表', 'B2').fill).toEqual(NO_FILL);
  });
});

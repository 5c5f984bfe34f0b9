/** 补充信息: created on demand, read by label (rows may move), merged without overwriting, last year imported. */
import ExcelJS from 'exceljs';
import {
  FACTS_SHEET, factNumber, factText, fieldEntry, importPriorEntries, importPriorPlan, itemReasonKey, newFactsSheet, planFacts,
  prepareDraft, priorItemKey, readFacts, reasonEntry,
} from '../../src/core/narrative';
import { applyPlan, workbookBytes } from '../../src/xlsx/apply';
import { readSnapshot } from '../../src/xlsx/read';
import { WorkbookSnapshot } from '../../src/core/snapshot';
import { seedModel2023, seedModel2024 } from './helpers';

async function roundTrip(wb: ExcelJS.Workbook): Promise<{ wb: ExcelJS.Workbook; snap: WorkbookSnapshot }> {
  const r = await readSnapshot(await workbookBytes(wb));
  return { wb: r.workbook, snap: r.snapshot };
}

describe('补充信息', () => {
  test('created on demand with labelled input cells, instructions and a section per topic', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('T1').getCell('A1').value = '收入支出决算总表';
    const { snap } = await roundTrip(wb);
    const p = prepareDraft({ snapshot: snap, model: seedModel2024() });
    const sheetEdit = p.plan.edits.find((e) => e.kind === 'sheet' && e.name === FACTS_SHEET);
    expect(sheetEdit).toBeDefined();
    applyPlan(wb, p.plan);
    const { snap: after } = await roundTrip(wb);
    const s = after.sheets.find((x) => x.name === FACTS_SHEET)!;
    const labels = s.values.map((r) => String(r?.[0] ?? ''));
    for (const l of ['年度', '单位名称', '年初预算数（总）', '年初预算数（财政拨款）', '年初预算数（一般公共预算财政拨款）', '年初预算数（政府性基金预算财政拨款）',
      '年初预算数（国有资本经营预算财政拨款）', '实有人数', '在职人员', '离休人员', '退休人员', '主要职能', '机构设置', '本年机关运行经费', '上年机关运行经费',
      '政府采购支出总额', '房屋面积（平方米）', '因公出国（境）团组数（个）', '公务用车保有量（辆）', '国内公务接待批次', '预算绩效管理取得的成效',
      '原因：收入支出总体与上年相比', '原因：一般公共预算支出 2010301 行政运行']) {
      expect(labels).toContain(l);
    }
    expect(s.values[2]).toEqual(['项目', '内容', '填写说明']);
    // Defaults from the tables: year / unit name are not known in this bare workbook, 机关运行经费 from T6.
    const facts = readFacts(after);
    expect(factNumber(facts, 'opex.current')).toMatchObject({ value: expect.anything() });
    expect(String((factNumber(facts, 'opex.current') as { value: { toFixed(n: number): string } }).value.toFixed(2))).toBe('15.24');
    // The T1 sheet is untouched.
    expect(after.sheets.find((x) => x.name === 'T1')!.values[0][0]).toBe('收入支出决算总表');
  });

  test('label-driven: rows moved, inserted, columns with a header elsewhere', () => {
    const snap: WorkbookSnapshot = {
      sheets: [{
        name: FACTS_SHEET, merges: [],
        values: [
          ['说明文字'],
          [null, '项目', null, '内容'],
          [null, '原因：一般公共预算支出 2010301 行政运行', null, '人员减少'],
          [null, '我自己加的一行', null, 'xx'],
          [null, '年初预算数（财政拨款）', null, '3,831.22'],
          [null, ' 年度 ', null, 2024],
          [null, '上年一般公共预算支出 2129999 城乡社区支出(类)其他城乡社区支出(款)其他城乡社区支出(项)', null, 29.29],
          [null, '单位名称', null, null],
        ],
      }],
    };
    const f = readFacts(snap);
    expect(factText(f, 'year')).toBe('2024');
    expect(factText(f, itemReasonKey('gpb', '2010301'))).toBe('人员减少');
    expect(String((factNumber(f, 'budget.fiscal') as { value: unknown }).value)).toBe('3831.22');
    expect(f.cells.get('budget.fiscal')!.ref).toEqual({ sheet: FACTS_SHEET, address: 'D5' });
    expect(f.priorItems).toHaveLength(1);
    expect(f.priorItems[0]).toMatchObject({ fund: 'gpb', code: '2129999' });
    expect(String((factNumber(f, priorItemKey('gpb', '2129999')) as { value: unknown }).value)).toBe('29.29');
    expect(factText(f, 'unitName')).toBe('');
  });

  test('merge never overwrites: filled cells kept (and reported), empty cells filled, missing rows appended', async () => {
    const wb = new ExcelJS.Workbook();
    applyPlan(wb, { edits: [newFactsSheet([fieldEntry('year', '2024'), fieldEntry('prior.incomeGrand', 1234)])] });
    const { snap } = await roundTrip(wb);
    const entries = [
      fieldEntry('year', '2099'), // already filled: kept
      fieldEntry('prior.incomeGrand', 6365.12), // filled with another value: kept, reported
      fieldEntry('prior.fiscalGrand', 6200.84), // empty: filled
      reasonEntry('reason.item.gpb.2010301', '原因：一般公共预算支出 2010301 行政运行'), // exists (blank): nothing
      reasonEntry('reason.item.gpb.2129999', '原因：一般公共预算支出 2129999 其他城乡社区支出'), // missing: appended
      { key: priorItemKey('gpb', '2129999'), label: '上年一般公共预算支出 2129999 城乡社区支出(类)其他城乡社区支出(款)其他城乡社区支出(项)', section: 'prior' as const, value: 29.29 },
    ];
    const r = planFacts(snap, entries);
    expect(r.edits.every((e) => e.kind === 'value')).toBe(true);
    expect(r.kept).toEqual([
      expect.objectContaining({ key: 'year', existing: '2024', offered: '2099' }),
      expect.objectContaining({ key: 'prior.incomeGrand', existing: '1234', offered: '6365.12' }),
    ]);
    const before = readFacts(snap);
    const touched = r.edits.map((e) => (e as { address: string }).address);
    for (const c of before.cells.values()) {
      if (String(c.value ?? '').trim() !== '') expect(touched).not.toContain(c.ref.address);
    }
    applyPlan(wb, { edits: r.edits });
    const { snap: after } = await roundTrip(wb);
    const f = readFacts(after);
    expect(factText(f, 'year')).toBe('2024');
    expect(factText(f, 'prior.incomeGrand')).toBe('1234');
    expect(factText(f, 'prior.fiscalGrand')).toBe('6200.84');
    expect(f.cells.has('reason.item.gpb.2129999')).toBe(true);
    expect(factText(f, priorItemKey('gpb', '2129999'))).toBe('29.29');
    // Redrafting again adds nothing new.
    expect(planFacts(after, entries).edits).toEqual([]);
  });

  test('import of last year: the 上年 section holds what the narrative compares against', async () => {
    const entries = importPriorEntries(seedModel2023(), undefined, '2024');
    const byKey = new Map(entries.map((e) => [e.key, e.value]));
    expect(byKey.get('prior.year')).toBe('2023');
    expect(byKey.get('prior.incomeGrand')).toBe(6365.12);
    expect(byKey.get('prior.fiscalGrand')).toBe(6200.84);
    expect(byKey.get('prior.gpbExpense')).toBe(6175.86);
    expect(byKey.get('prior.fundGrand')).toBe(22.66);
    expect(byKey.get('prior.soeGrand')).toBe(0);
    expect(byKey.get('prior.sgjf.total')).toBe(0);
    expect(byKey.get('opex.prior')).toBe(67.2);
    expect(byKey.get(priorItemKey('gpb', '2080208'))).toBe(5311.22);
    expect(byKey.get(priorItemKey('fund', '2121302'))).toBe(22.66);
    // Written into an existing 补充信息 without a second file needed later.
    const wb = new ExcelJS.Workbook();
    applyPlan(wb, { edits: [newFactsSheet([fieldEntry('year', '2024')])] });
    const { snap } = await roundTrip(wb);
    const plan = importPriorPlan(snap, seedModel2023());
    applyPlan(wb, { edits: plan.edits });
    const { snap: after } = await roundTrip(wb);
    const d = prepareDraft({ snapshot: after, model: seedModel2024() });
    expect(d.text).toContain('收入支出总体与上年相比，减少2,786.60万元，下降43.78%');
    expect(d.text).toContain('其他城乡社区支出(项)：支出决算数为0.00万元，比上年决算减少29.29万元，下降100.00%');
  });
});

describe('决算说明 cells are always text', () => {
  test('a paragraph starting with = + - @ stays text after writing and reading back', async () => {
    const wb = new ExcelJS.Workbook();
    applyPlan(wb, { edits: [newFactsSheet([fieldEntry('functions', '=SUM(A1:A3) 不是公式\n+86 也不是\n-1\n@x'), fieldEntry('year', '2024')])] });
    const { snap } = await roundTrip(wb);
    const p = prepareDraft({ snapshot: snap, model: seedModel2024() });
    applyPlan(wb, p.plan);
    const { wb: back } = await roundTrip(wb);
    const ws = back.getWorksheet('决算说明')!;
    const texts: unknown[] = [];
    ws.eachRow((row) => texts.push(row.getCell(1).value));
    for (const t of ['=SUM(A1:A3) 不是公式', '+86 也不是', '-1', '@x']) expect(texts).toContain(t);
    ws.eachRow((row) => expect(row.getCell(1).numFmt).toBe('@'));
  });
});

/** Rules 24–27 on a 说明 sheet (drafted or typed by hand), against TableSets built from the seed. */
import ExcelJS from 'exceljs';
import { checkNarrative, importPriorEntries, newFactsSheet, prepareDraft, FactEntry } from '../../src/core/narrative';
import { applyPlan, workbookBytes } from '../../src/xlsx/apply';
import { readSnapshot } from '../../src/xlsx/read';
import { SheetSnapshot, WorkbookSnapshot } from '../../src/core/snapshot';
import { Finding } from '../../src/core/finding';
import {
  perfSheet, SEED_PROJECTS, seedFactEntries, seedModel2023, seedModel2024, seedPerfEntries, seedStatement, sheetFromEdit,
} from './helpers';

const model = seedModel2024();
const prior = seedModel2023();

/** A workbook with 补充信息 (seed facts + last year's figures) and the drafted 决算说明, via ExcelJS. */
async function drafted(extraFacts: FactEntry[] = [], perf = false): Promise<{ wb: ExcelJS.Workbook; snap: WorkbookSnapshot }> {
  const wb = new ExcelJS.Workbook();
  applyPlan(wb, { edits: [newFactsSheet([...seedFactEntries(model, prior), ...(perf ? [] : seedPerfEntries()), ...extraFacts])] });
  let snap = (await readSnapshot(await workbookBytes(wb))).snapshot;
  if (perf) snap = { sheets: [...snap.sheets, perfSheet(SEED_PROJECTS)] };
  const p = prepareDraft({ snapshot: snap, model, priorModel: prior });
  applyPlan(wb, p.plan);
  const after = (await readSnapshot(await workbookBytes(wb))).snapshot;
  return { wb, snap: perf ? { sheets: [...after.sheets, perfSheet(SEED_PROJECTS)] } : after };
}

function edit(wb: ExcelJS.Workbook, find: string, from: string, to: string): string {
  const ws = wb.getWorksheet('决算说明')!;
  let addr = '';
  ws.eachRow((row) => {
    const c = row.getCell(1);
    const t = String(c.value ?? '');
    if (!addr && t.includes(find) && t.includes(from)) {
      c.value = t.replace(from, to);
      addr = c.address;
    }
  });
  if (!addr) throw new Error(`no paragraph with ${find} / ${from}`);
  return addr;
}

const serious = (fs: Finding[]) => fs.filter((f) => f.severity !== 'info');
const cellsOf = (f: Finding) => f.cells.map((c) => `${c.sheet}!${c.address}`);

describe('narrative check', () => {
  test('a draft from the tables passes: no errors, no warnings', async () => {
    const { snap } = await drafted();
    expect(serious(checkNarrative(snap, model))).toEqual([]);
  });

  test('a wrong amount, a wrong percentage and a wrong sign word: three findings naming the narrative cell and its table cell', async () => {
    const { wb } = await drafted();
    const a1 = edit(wb, '本年收入3,576.66', '财政拨款收入3,496.09万元', '财政拨款收入3,469.09万元');
    const a2 = edit(wb, '本年支出3,578.41', '占74.80%', '占74.08%');
    const a3 = edit(wb, '行政运行(项)', '比上年决算减少21.25万元', '比上年决算增加21.25万元');
    const snap = (await readSnapshot(await workbookBytes(wb))).snapshot;
    const fs = serious(checkNarrative(snap, model));
    expect(fs).toHaveLength(3);
    const [f1, f2, f3] = fs;
    expect(f1).toMatchObject({ rule: 'R24', severity: 'error', table: 'NARRATIVE' });
    expect(cellsOf(f1)).toEqual([`决算说明!${a1}`, 'T2!D6']);
    expect(f1.message).toContain('3,469.09');
    expect(f1.message).toContain('3,496.09');
    expect(f2).toMatchObject({ rule: 'R24', severity: 'error' });
    expect(cellsOf(f2)).toEqual([`决算说明!${a2}`, 'T3!D6', 'T3!C6']);
    expect(f2.message).toContain('74.80%');
    expect(f3).toMatchObject({ rule: 'R25', severity: 'error' });
    expect(cellsOf(f3)[0]).toBe(`决算说明!${a3}`);
    expect(cellsOf(f3)).toContain(`T5!${model.T5!.rows.find((r) => r.code === '2010301')!.amounts.total!.ref.address}`);
    expect(f3.message).toContain('应为“减少”');
  });

  test('year-on-year: a wrong change and a wrong rate name the table cell and last year’s figure', async () => {
    const { wb } = await drafted();
    edit(wb, '收入支出总体与上年相比', '减少2,786.60万元，下降43.78%', '减少2,786.60万元，下降43.87%');
    edit(wb, '突发公共卫生事件应急处置(项)', '减少67.00万元', '减少76.00万元');
    const snap = (await readSnapshot(await workbookBytes(wb))).snapshot;
    const fs = serious(checkNarrative(snap, model));
    expect(fs.map((f) => f.rule)).toEqual(['R24', 'R24']);
    expect(fs[0].cells.map((c) => c.sheet)).toEqual(['决算说明', 'T1', '补充信息']);
    expect(fs[0].message).toContain('43.78%');
    expect(fs[1].message).toContain('-67.00');
  });

  test('预决算差异率 and budget figures are checked against 补充信息', async () => {
    const { wb } = await drafted();
    edit(wb, '财政拨款收入支出总体与上年相比', '预决算差异率-8.70%', '预决算差异率8.70%');
    const snap = (await readSnapshot(await workbookBytes(wb))).snapshot;
    const fs = serious(checkNarrative(snap, model));
    expect(fs).toHaveLength(1);
    expect(fs[0].message).toContain('-8.70%');
    expect(fs[0].cells.map((c) => c.sheet)).toEqual(['决算说明', 'T4', '补充信息']);
  });

  test('R25: empty reasons, XX and open placeholders are reported', async () => {
    const { wb } = await drafted();
    edit(wb, '收入支出总体与上年相比', '主要原因是：本年社区经费、社区食堂补助经费、临时聘用人员经费、工作经费等资金较上年减少。', '主要原因是：。');
    edit(wb, '代表工作(项)', '主要原因是：本年新增2024年人大代表工作经费', '主要原因是：XX');
    edit(wb, '政府采购支出总额', '25.69万元，其中', '【请填写政府采购支出总额】万元，其中');
    const snap = (await readSnapshot(await workbookBytes(wb))).snapshot;
    const fs = serious(checkNarrative(snap, model));
    expect(fs.map((f) => [f.rule, f.severity])).toEqual([['R25', 'warning'], ['R25', 'warning'], ['R25', 'warning']]);
    expect(fs[2].message).toContain('【请填写政府采购支出总额】');
  });

  test('R26: 机关运行经费 above T6 公用经费合计 is a warning', async () => {
    const { wb } = await drafted();
    edit(wb, '机关运行经费支出', '机关运行经费支出15.24万元', '机关运行经费支出25.24万元');
    const snap = (await readSnapshot(await workbookBytes(wb))).snapshot;
    const fs = serious(checkNarrative(snap, model));
    const r26 = fs.find((f) => f.rule === 'R26')!;
    expect(r26.severity).toBe('warning');
    expect(r26.cells.map((c) => c.sheet)).toEqual(['决算说明', 'T6']);
  });

  test('R27: 十一 against the self-evaluation sheets (10 projects, 991.87 / 886.03)', async () => {
    const { wb, snap } = await drafted([], true);
    expect(serious(checkNarrative(snap, model))).toEqual([]);
    edit(wb, '预算绩效评价项目', '预算绩效评价项目10个，全年预算数991.87万元', '预算绩效评价项目9个，全年预算数919.87万元');
    const after = (await readSnapshot(await workbookBytes(wb))).snapshot;
    const fs = serious(checkNarrative({ sheets: [...after.sheets, perfSheet(SEED_PROJECTS)] }, model));
    expect(fs.map((f) => f.rule)).toEqual(['R27', 'R27']);
    expect(fs[1].cells[0].sheet).toBe('决算说明');
    expect(fs[1].cells.slice(1).every((c) => c.sheet === '绩效自评表')).toBe(true);
    expect(fs[1].cells).toHaveLength(11);
  });

  test('a 说明 typed by hand (the seed’s own text, one cell with line breaks, another sheet name) checks clean', () => {
    const facts = [...seedFactEntries(model, prior), ...seedPerfEntries(), ...importPriorEntries(prior, undefined, '2024')];
    const factsSheet: SheetSnapshot = sheetFromEdit(newFactsSheet(facts));
    const text = ['第二部分 部门决算情况说明', ...seedStatement()].join('\n');
    const hand: SheetSnapshot = { name: '2024年度决算公开说明', values: [['2024年度部门决算公开说明'], [text]], merges: [] };
    const fs = checkNarrative({ sheets: [hand, factsSheet] }, model);
    expect(serious(fs)).toEqual([]);
    // …and the same text with a typo is caught at that cell.
    const bad: SheetSnapshot = { ...hand, values: [hand.values[0], [text.replace('年初结转和结余1.86万元', '年初结转和结余1.68万元')]] };
    const fb = serious(checkNarrative({ sheets: [bad, factsSheet] }, model));
    expect(fb).toHaveLength(1);
    expect(fb[0].cells.map((c) => `${c.sheet}!${c.address}`)).toEqual(['2024年度决算公开说明!A2', 'T1!B32']);
  });

  test('without last year’s figures the two sign words must still agree', () => {
    const hand: SheetSnapshot = {
      name: '决算说明', merges: [],
      values: [['一、收入支出决算总体情况说明'], ['收入支出总体与上年相比，增加2,786.60万元，下降43.78%，主要原因是：经费减少。']],
    };
    const fs = serious(checkNarrative({ sheets: [hand] }, model));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'R25', severity: 'error' });
  });

  test('hand-typed variants: “为” before the amount, several items in one paragraph', () => {
    const facts = sheetFromEdit(newFactsSheet([...seedFactEntries(model, prior), ...importPriorEntries(prior, undefined, '2024')]));
    const hand: SheetSnapshot = {
      name: '决算说明', merges: [],
      values: [
        ['一、收入支出决算总体情况说明'],
        ['2024年度收入总计为3,578.52万元，其中：本年收入合计为3,567.66万元。'],
        ['五、一般公共预算财政拨款支出决算情况说明'],
        ['1.一般公共服务支出(类)政府办公厅（室）及相关机构事务(款)行政运行(项):支出决算数为437.29万元，比上年决算减少21.25万元，下降4.63%,主要原因是：人员减少。'
          + '2.一般公共服务支出(类)政府办公厅（室）及相关机构事务(款)事业运行(项):支出决算数为25.89万元，比上年决算减少11.93万元，下降18.40%,主要原因是：病假。'],
      ],
    };
    const fs = serious(checkNarrative({ sheets: [hand, facts] }, model));
    expect(fs.map((f) => [f.rule, f.cells[0].address])).toEqual([['R24', 'A2'], ['R24', 'A4']]);
    expect(fs[0].message).toContain('3,576.66');
    expect(fs[1].message).toContain('52.89');
  });

  test('a workbook without a 说明 gives no findings', () => {
    expect(checkNarrative({ sheets: [sheetFromEdit(newFactsSheet([]))] }, model)).toEqual([]);
  });
});

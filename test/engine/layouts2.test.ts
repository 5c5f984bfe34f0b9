/**
 * More layout variants (issue 9 gaps), written as real .xlsx on top of the seed workbook:
 * a single-lane T4, T1 headers without a 决算数 row, and T9 transposed or with the 运行费 spelling.
 */
import * as fs from 'fs';
import { CheckResult } from '../../src/core/check';
import { CellValue, SheetSnapshot } from '../../src/core/snapshot';
import { readSnapshot } from '../../src/xlsx/read';
import { SAMPLE } from '../helpers';
import { Cell, noErrors, setAt, SheetSpec, workbookWith } from './sheetSpec';

const T1_SHEET = '1收入支出决算总表';
const T4_SHEET = '4财政拨款收入支出决算总表';
const T9_SHEET = '9财政拨款三公经费支出决算表';

let seed: Record<string, SheetSnapshot> = {};
let seedResult: CheckResult;
beforeAll(async () => {
  const snap = (await readSnapshot(new Uint8Array(fs.readFileSync(SAMPLE)))).snapshot;
  seed = Object.fromEntries(snap.sheets.map((s) => [s.name, s]));
  seedResult = await workbookWith({});
});

const cell = (v: CellValue | undefined): Cell => (v === undefined || v === null || typeof v === 'boolean' ? null : v as Cell);
const addr = (r: number, c: number) => `${String.fromCharCode(65 + c)}${r + 1}`;
const num = (a: { value: { toNumber(): number } } | undefined) => a?.value.toNumber();
const errorsAt = (res: CheckResult, address: string) => res.findings.some((f) => f.severity === 'error' && f.cells.some((c) => c.address === address));

describe('T4 in a single lane (income rows stacked above expenditure rows)', () => {
  /** Seed T4 rows: income 4–6, carry-in 31–34, expenditure 4–29 (cols 2–6), totals 30/31/35. */
  function render(grand: 'named' | 'bare', spread: boolean): { spec: SheetSpec; at: Record<string, string> } {
    const s = seed[T4_SHEET].values;
    const rows: Cell[][] = [
      ['财政拨款收入支出决算总表'],
      ['部门：乌鲁木齐市水磨沟区水磨沟街道办事处', null, null, null, '金额单位：万元'],
      ['项目', '合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'],
    ];
    const at: Record<string, string> = {};
    const keyCol: Record<string, number> = { 一般公共预算财政拨款: 2, 政府性基金预算财政拨款: 3, 国有资本经营预算财政拨款: 4 };
    const incomeRow = (label: string, v: CellValue) => {
      const row: Cell[] = [label, cell(v), null, null, null];
      const k = Object.keys(keyCol).find((x) => label.includes(x));
      if (spread && k) row[keyCol[k]] = cell(v);
      rows.push(row);
    };
    rows.push(['一、本年收入']);
    for (let r = 4; r <= 6; r++) incomeRow(String(s[r][0]).replace(/^[一二三]、/, ''), s[r][1]);
    rows.push(['本年收入合计', cell(s[30][1]), ...(spread ? [cell(s[4][1]), cell(s[5][1]), cell(s[6][1])] : [])]);
    at['本年收入合计'] = addr(rows.length - 1, 1);
    rows.push(['年初财政拨款结转和结余', cell(s[31][1]), null, null, null]);
    for (let r = 32; r <= 34; r++) incomeRow(String(s[r][0]), s[r][1]);
    rows.push([grand === 'named' ? '收入总计' : '总计', ...s[35].slice(3, 7).map(cell)]);
    at['收入总计'] = addr(rows.length - 1, 1);
    rows.push(['二、本年支出']);
    for (let r = 4; r <= 29; r++) {
      rows.push(s[r].slice(2, 7).map(cell));
      at[String(s[r][2])] = addr(rows.length - 1, 1);
    }
    rows.push(['本年支出合计', ...s[30].slice(3, 7).map(cell)]);
    rows.push(['年末财政拨款结转和结余', ...s[31].slice(3, 7).map(cell)]);
    rows.push([grand === 'named' ? '支出总计' : '总计', ...s[35].slice(3, 7).map(cell)]);
    at['支出总计'] = addr(rows.length - 1, 1);
    return { spec: { rows, merges: [[1, 1, 1, 5]] }, at };
  }

  it.each([['named', true], ['named', false], ['bare', true], ['bare', false]] as const)('grand totals %s, income amounts spread over columns %s: read like the seed, a change is caught', async (grand, spread) => {
    const { spec, at } = render(grand, spread);
    const res = await workbookWith({ [T4_SHEET]: spec });
    const t = res.tables.find((x) => x.table === 'T4')!;
    expect(t).toBeDefined();
    expect(t.doubts).toEqual([]);
    expect(noErrors(res)).toEqual(noErrors(seedResult));
    const a = res.model.T4!;
    const b = seedResult.model.T4!;
    expect(num(a.incomeTotal)).toBe(num(b.incomeTotal));
    expect(num(a.incomeGrand)).toBe(num(b.incomeGrand));
    expect(num(a.carryIn)).toBe(num(b.carryIn));
    for (const k of ['gpb', 'fund', 'soe'] as const) {
      expect(num(a.income[k])).toBe(num(b.income[k]));
      expect(num(a.carryInBy[k])).toBe(num(b.carryInBy[k]));
    }
    expect(a.expenseRows.map((r) => r.code)).toEqual(b.expenseRows.map((r) => r.code));
    for (const k of ['total', 'gpb', 'fund', 'soe'] as const) {
      expect(num(a.expenseTotal[k])).toBe(num(b.expenseTotal[k]));
      expect(num(a.expenseGrand[k])).toBe(num(b.expenseGrand[k]));
      expect(num(a.carryOut[k])).toBe(num(b.carryOut[k]));
    }
    expect(a.incomeGrand!.ref.address).toBe(at['收入总计']);
    expect(a.expenseGrand.total!.ref.address).toBe(at['支出总计']);

    const where = at['社会保障和就业支出'];
    const changed = await workbookWith({ [T4_SHEET]: setAt(spec, where, 2642.45 + 10) });
    expect(errorsAt(changed, where)).toBe(true);
    const inc = await workbookWith({ [T4_SHEET]: setAt(spec, at['本年收入合计'], 3496.09 + 5) });
    expect(errorsAt(inc, at['本年收入合计'])).toBe(true);
  });
});

describe('T1 whose header row has no 决算数 row', () => {
  function render(header: Cell[]): { spec: SheetSpec; at: Record<string, string> } {
    const s = seed[T1_SHEET].values;
    const rows: Cell[][] = [s[0].map(cell), s[1].map(cell), header];
    for (let r = 4; r < s.length; r++) rows.push(s[r].map(cell));
    // Seed row r is now row r - 1.
    return { spec: { rows, merges: [[1, 1, 1, 4]] }, at: { 本年收入合计: addr(29, 1), 本年支出合计: addr(29, 3), 社会保障和就业支出: addr(10, 3) } };
  }

  it.each([
    ['收入 | 金额 | 支出 | 金额', ['收入', '金额', '支出', '金额']],
    ['项目 | 金额 | 项目 | 金额', ['项目', '金额', '项目', '金额']],
    ['收入项目 | 决算数 | 支出项目 | 决算数', ['收入项目', '决算数', '支出项目', '决算数']],
  ] as const)('%s: read like the seed, a change is caught', async (_n, header) => {
    const { spec, at } = render([...header]);
    const res = await workbookWith({ [T1_SHEET]: spec });
    const t = res.tables.find((x) => x.table === 'T1')!;
    expect(t).toBeDefined();
    expect(t.doubts).toEqual([]);
    expect(noErrors(res)).toEqual(noErrors(seedResult));
    const a = res.model.T1!;
    const b = seedResult.model.T1!;
    expect(num(a.incomeTotal)).toBe(num(b.incomeTotal));
    expect(num(a.expenseTotal)).toBe(num(b.expenseTotal));
    expect(num(a.incomeGrand)).toBe(num(b.incomeGrand));
    expect(num(a.expenseGrand)).toBe(num(b.expenseGrand));
    expect(Object.keys(a.income).sort()).toEqual(Object.keys(b.income).sort());
    expect(a.expenseByClass.map((e) => e.code)).toEqual(b.expenseByClass.map((e) => e.code));
    expect(a.incomeTotal!.ref.address).toBe(at['本年收入合计']);
    const changed = await workbookWith({ [T1_SHEET]: setAt(spec, at['社会保障和就业支出'], 2702.91 + 10) });
    expect(errorsAt(changed, at['社会保障和就业支出'])).toBe(true);
  });
});

describe('T9 variants', () => {
  const budget = { total: 20, abroad: 0, car: 15, carPurchase: 10, carRun: 5, reception: 5 };
  const actual = { total: 12.5, abroad: 0, car: 9.5, carPurchase: 6, carRun: 3.5, reception: 3 };
  const head: Cell[][] = [['一般公共预算财政拨款“三公”经费支出决算表'], ['部门：乌鲁木齐市水磨沟区水磨沟街道办事处', null, null, '金额单位：万元']];

  function transposed(rowNumbers: boolean): { spec: SheetSpec; totalAt: string } {
    const rows: Cell[][] = [...head, rowNumbers ? ['项目', '行次', '预算数', '决算数'] : ['项目', '预算数', '决算数']];
    const items: [string, keyof typeof budget][] = [
      ['合计', 'total'], ['1.因公出国（境）费', 'abroad'], ['2.公务用车购置及运行费', 'car'],
      ['其中：（1）公务用车购置费', 'carPurchase'], ['（2）公务用车运行费', 'carRun'], ['3.公务接待费', 'reception'],
    ];
    items.forEach(([label, k], i) => rows.push(rowNumbers ? [label, i + 1, budget[k], actual[k]] : [label, budget[k], actual[k]]));
    return { spec: { rows, merges: [] }, totalAt: addr(3, rowNumbers ? 3 : 2) };
  }

  function wide(threeRows: boolean): { spec: SheetSpec; totalAt: string } {
    const order: (keyof typeof budget)[] = ['total', 'abroad', 'car', 'carPurchase', 'carRun', 'reception'];
    const names = ['合计', '因公出国（境）费', '公务用车购置及运行费', '公务用车购置费', '公务用车运行费', '公务接待费'];
    const rows: Cell[][] = [...head];
    const merges: SheetSpec['merges'] = [];
    if (threeRows) {
      rows.push(['合计', null, '因公出国（境）费', null, '公务用车购置及运行费', null, null, null, null, null, '公务接待费']);
      rows.push([null, null, null, null, '小计', null, '公务用车购置费', null, '公务用车运行费']);
      merges.push([3, 1, 4, 2], [3, 3, 4, 4], [3, 5, 3, 10], [3, 11, 4, 12], [4, 5, 4, 6], [4, 7, 4, 8], [4, 9, 4, 10]);
    } else {
      rows.push(names.flatMap((n) => [n, null]));
      for (let i = 0; i < 6; i++) merges.push([3, 2 * i + 1, 3, 2 * i + 2]);
    }
    rows.push(order.flatMap(() => ['预算数', '决算数']));
    rows.push(order.flatMap((k) => [budget[k], actual[k]]));
    return { spec: { rows, merges }, totalAt: addr(rows.length - 1, 1) };
  }

  it.each([
    ['transposed, 预算数 | 决算数 columns', () => transposed(false)],
    ['transposed with a 行次 column', () => transposed(true)],
    ['wide, 运行费 spelling, two header rows', () => wide(false)],
    ['wide, 运行费 spelling, three header rows with 小计', () => wide(true)],
  ] as const)('%s: every item read, a change is caught', async (_n, make) => {
    const { spec, totalAt } = make();
    const res = await workbookWith({ [T9_SHEET]: spec });
    const t = res.tables.find((x) => x.table === 'T9')!;
    expect(t).toBeDefined();
    expect(t.doubts).toEqual([]);
    expect(noErrors(res)).toEqual(noErrors(seedResult));
    const m = res.model.T9!;
    for (const k of Object.keys(budget) as (keyof typeof budget)[]) {
      expect([k, num(m.budget[k])]).toEqual([k, budget[k]]);
      expect([k, num(m.actual[k])]).toEqual([k, actual[k]]);
    }
    expect(m.actual.total!.ref.address).toBe(totalAt);
    const changed = await workbookWith({ [T9_SHEET]: setAt(spec, totalAt, actual.total + 2) });
    expect(changed.findings.some((f) => f.rule === 'R12' && f.severity === 'error' && f.cells.some((c) => c.address === totalAt))).toBe(true);
  });
});

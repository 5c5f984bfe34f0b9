/**
 * Layout variants of T6 and T7/T8, written as real .xlsx with ExcelJS on top of the seed workbook:
 * the same data must read the same in every layout (no false errors), and a changed cell is still caught.
 */
import * as fs from 'fs';
import ExcelJS from 'exceljs';
import { checkWorkbook, CheckResult } from '../../src/core/check';
import { readSnapshot } from '../../src/xlsx/read';
import { SAMPLE } from '../helpers';
import { Cell, noErrors, setAt, SheetSpec, workbookWith } from './sheetSpec';

const T6_SHEET = '6一般公共预算财政拨款基本支出决算表';
const T7_SHEET = '7政府性基金预算财政拨款收入支出决算表';
const T8_SHEET = '8国有资本经营预算财政拨款收入支出决算表';

interface Item { code: string; name: string; value: number | null }
let items: Item[] = [];
let personnel = 0;
let publicTotal = 0;

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(SAMPLE) as unknown as ArrayBuffer);
  const snap = (await readSnapshot(new Uint8Array(fs.readFileSync(SAMPLE)))).snapshot;
  const t6 = checkWorkbook(snap).model.T6!;
  items = t6.items.map((i) => ({ code: i.code, name: i.name, value: i.amount.blank ? null : i.amount.value.toNumber() }));
  personnel = t6.personnelTotal!.value.toNumber();
  publicTotal = t6.publicTotal!.value.toNumber();
});

interface T6Opts {
  lanes: 1 | 2 | 3;
  codes: 'joined' | 'split-repeat' | 'split-own';
  numbers?: boolean;
  totals?: 'bottom' | 'top';
  /** Three lanes: 公用经费合计 merged across lanes 2 and 3, its amount in lane 3. */
  spanPublic?: boolean;
  rowNumbers?: boolean;
  loneDecisionRow?: boolean;
  noTitle?: boolean;
  /** One lane that states only an overall 合计 row. */
  onlyTotal?: boolean;
}

/** Render T6; returns the sheet and the address of each code's amount and of the totals. */
function renderT6(o: T6Opts): { spec: SheetSpec; at: Record<string, string> } {
  const personnelItems = items.filter((i) => /^30[13]/.test(i.code));
  const publicItems = items.filter((i) => !/^30[13]/.test(i.code));
  const groups: Item[][] = o.lanes === 1 ? [[...personnelItems, ...publicItems]]
    : o.lanes === 2 ? [personnelItems, publicItems]
      : [personnelItems, publicItems.filter((i) => i.code.startsWith('302')), publicItems.filter((i) => !i.code.startsWith('302'))];
  const split = o.codes !== 'joined';
  const laneWidth = (split ? 2 : 1) + 1 + (o.rowNumbers ? 1 : 0) + 1;
  const rows: Cell[][] = [];
  const merges: SheetSpec['merges'] = [];
  const at: Record<string, string> = {};
  const width = laneWidth * groups.length;
  const put = (r: number, c: number, v: Cell) => { while (rows.length <= r) rows.push([]); rows[r][c] = v; };
  const col = (c: number) => String.fromCharCode(65 + c);
  let r = 0;
  if (!o.noTitle) { put(r, 0, '一般公共预算财政拨款基本支出决算表'); merges.push([1, 1, 1, width]); r++; }
  put(r, 0, '部门：某单位'); put(r, width - 1, '金额单位：万元'); r++;
  const laneNames = o.lanes === 1 ? ['基本支出'] : o.lanes === 2 ? ['人员经费', '公用经费'] : ['人员经费', '公用经费', '公用经费（续）'];
  groups.forEach((_, li) => { put(r, li * laneWidth, laneNames[li]); merges.push([r + 1, li * laneWidth + 1, r + 1, (li + 1) * laneWidth]); });
  r++;
  groups.forEach((_, li) => {
    let c = li * laneWidth;
    if (split) { put(r, c, '科目编码'); merges.push([r + 1, c + 1, r + 1, c + 2]); put(r + 1, c, '类'); put(r + 1, c + 1, '款'); c += 2; } else put(r, c++, '科目编码');
    put(r, c++, '科目名称');
    if (o.rowNumbers) put(r, c++, '行次');
    put(r, c, o.loneDecisionRow ? '本年支出' : '决算数');
  });
  r += split ? 2 : 1;
  if (o.loneDecisionRow) { groups.forEach((_, li) => put(r, (li + 1) * laneWidth - 1, '决算数')); r++; }
  if (o.rowNumbers) { groups.forEach((_, li) => { put(r, li * laneWidth, '栏次'); put(r, (li + 1) * laneWidth - 1, li + 1); }); r++; }
  const totalsRow = (row: number) => {
    const labelAt = (li: number, label: string, toLane = li) => {
      put(row, li * laneWidth, label);
      const lastKey = toLane * laneWidth + (split ? 2 : 1);
      merges.push([row + 1, li * laneWidth + 1, row + 1, lastKey + 1]);
      const ac = (toLane + 1) * laneWidth - 1;
      put(row, ac, label.startsWith('人员') ? personnel : publicTotal);
      at[label] = `${col(ac)}${row + 1}`;
    };
    labelAt(0, '人员经费合计');
    if (o.lanes === 1) return;
    labelAt(1, '公用经费合计', o.lanes === 3 && o.spanPublic ? 2 : 1);
  };
  // One lane: two totals rows, each label merged over the code and name cells.
  const oneLaneTotals = () => {
    const rowsOf: [string, number][] = o.onlyTotal ? [['合计', Math.round((personnel + publicTotal) * 100) / 100]] : [['人员经费合计', personnel], ['公用经费合计', publicTotal]];
    for (const [label, v] of rowsOf) {
      put(r, 0, label); merges.push([r + 1, 1, r + 1, split ? 3 : 2]); put(r, laneWidth - 1, v); at[label] = `${col(laneWidth - 1)}${r + 1}`; r++;
    }
  };
  if (o.lanes === 1 && o.totals === 'top') oneLaneTotals();
  else if (o.totals === 'top') { totalsRow(r); r++; }
  const start = r;
  let maxLen = 0;
  groups.forEach((list, li) => {
    let cls = '';
    list.forEach((it, i) => {
      const rr = start + i;
      let c = li * laneWidth;
      const code = (s: string) => (o.numbers ? Number(s) : s);
      if (!split) put(rr, c++, code(it.code));
      else {
        const k = it.code.slice(0, 3);
        if (o.codes === 'split-repeat' || k !== cls || it.code.length === 3) put(rr, c, code(k));
        cls = k;
        if (it.code.length === 5) put(rr, c + 1, o.numbers ? Number(it.code.slice(3)) : it.code.slice(3));
        c += 2;
      }
      put(rr, c++, it.name);
      if (o.rowNumbers) put(rr, c++, i + 1);
      put(rr, c, it.value);
      at[it.code] = `${col(c)}${rr + 1}`;
    });
    maxLen = Math.max(maxLen, list.length);
  });
  r = start + maxLen;
  if (o.lanes === 1 && o.totals !== 'top') oneLaneTotals();
  else if (o.totals !== 'top') { totalsRow(r); r++; }
  put(r + 1, 0, '注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况，合计数可能有尾差。');
  return { spec: { rows, merges }, at };
}

const T6_CASES: [string, T6Opts][] = [
  ['two lanes, split 类|款 repeated, totals merged over code and name', { lanes: 2, codes: 'split-repeat' }],
  ['two lanes, split 类|款 on own row only, codes as numbers', { lanes: 2, codes: 'split-own', numbers: true }],
  ['three lanes, joined codes', { lanes: 3, codes: 'joined' }],
  ['three lanes, split codes, 公用经费合计 merged across lanes 2–3', { lanes: 3, codes: 'split-own', spanPublic: true }],
  ['three lanes, totals on top, 行次 column and column-number row', { lanes: 3, codes: 'split-repeat', totals: 'top', rowNumbers: true }],
  ['one lane, joined numeric codes, totals on top, lone 决算数 row', { lanes: 1, codes: 'joined', numbers: true, totals: 'top', loneDecisionRow: true }],
  ['one lane, split codes, no title row', { lanes: 1, codes: 'split-own', noTitle: true }],
];

it('T6 in one lane with only an overall 合计 row: R19 compares that total, R10 checks it against the classes', async () => {
  const { spec, at } = renderT6({ lanes: 1, codes: 'joined', onlyTotal: true });
  const res = await workbookWith({ [T6_SHEET]: spec });
  expect(noErrors(res)).toEqual([]);
  expect(res.model.T6!.total!.ref.address).toBe(at['合计']);
  expect(res.findings.some((f) => f.rule === 'R19' && f.severity === 'info' && f.cells.some((c) => c.address === at['合计']))).toBe(true);
  const changed = await workbookWith({ [T6_SHEET]: setAt(spec, at['合计'], personnel + publicTotal + 3) });
  expect(changed.findings.some((f) => f.rule === 'R10' && f.severity === 'error' && f.cells.some((c) => c.address === at['合计']))).toBe(true);
});

describe.each(T6_CASES)('T6 %s', (_name, o) => {
  it('reads the seed data with no error or warning, keeps the 0.01 rounding info, catches a change', async () => {
    const { spec, at } = renderT6(o);
    const res = await workbookWith({ [T6_SHEET]: spec });
    expect(res.tables.find((t) => t.table === 'T6')).toBeDefined();
    expect(noErrors(res)).toEqual([]);
    const t6 = res.model.T6!;
    expect(t6.personnelTotal!.value.toNumber()).toBe(personnel);
    expect(t6.publicTotal!.value.toNumber()).toBe(publicTotal);
    expect(t6.personnelTotal!.ref.address).toBe(at['人员经费合计']);
    expect(t6.publicTotal!.ref.address).toBe(at['公用经费合计']);
    expect(t6.items.map((i) => i.code).sort()).toEqual(items.map((i) => i.code).sort());
    expect(res.findings.some((f) => f.rule === 'R19' && f.severity === 'info')).toBe(true);

    const changed = await workbookWith({ [T6_SHEET]: setAt(spec, at['30102'], 1106.38 + 10) });
    expect(changed.findings.some((f) => f.rule === 'R10' && f.severity === 'error' && f.cells.some((c) => c.address === at['30102']))).toBe(true);
    const total = await workbookWith({ [T6_SHEET]: setAt(spec, at['公用经费合计'], publicTotal + 5) });
    expect(total.findings.some((f) => f.rule === 'R19' && f.severity === 'error' && f.cells.some((c) => c.address === at['公用经费合计']))).toBe(true);
  });
});

/** An empty T7 whose 合计 row carries the template's words in its amount cells. */
function emptyT7(full: boolean, note: boolean): SheetSpec {
  const rows: Cell[][] = [
    ['政府性基金预算财政拨款收入支出决算表'],
    ['部门：某单位', null, null, null, null, null, null, '单位：万元'],
  ];
  const merges: SheetSpec['merges'] = [];
  if (full) {
    rows.push(['科目编码', null, '科目名称', '年初结转和结余', '本年收入', '本年支出', null, null, '年末结转和结余']);
    rows.push(['类', '款', null, null, null, '小计', '基本支出', '项目支出', null]);
    rows.push(['合计', null, null, null, null, '合计', '基本支出', '项目支出', null]);
    merges.push([3, 1, 3, 2], [3, 6, 3, 8], [5, 1, 5, 3]);
  } else {
    rows.push(['科目编码', '科目名称', '合计', '基本支出', '项目支出']);
    rows.push(['合计', null, '合计', '基本支出', '项目支出']);
    merges.push([4, 1, 4, 2]);
  }
  if (note) rows.push([], ['注：本单位无政府性基金预算财政拨款收入、支出，故本表无数据。']);
  return { rows, merges };
}

describe('T7/T8 with template words in the 合计 row', () => {
  it.each([[false, false], [true, false], [false, true], [true, true]])('empty T7 (full header %s, note %s): no error, no warning', async (full, note) => {
    const res = await workbookWith({ [T7_SHEET]: emptyT7(full, note) });
    expect(noErrors(res)).toEqual([]);
    expect(res.tables.find((t) => t.table === 'T7')).toBeDefined();
  });

  it('non-empty T8 whose 合计 本年支出 小计 reads “合计”: one warning on that cell, from R18, no error', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(SAMPLE) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(T8_SHEET)!;
    expect(ws.getCell('G5').value).toBe(41.27);
    ws.getCell('G5').value = '合计';
    const buf = await wb.xlsx.writeBuffer();
    const res = checkWorkbook((await readSnapshot(new Uint8Array(buf as ArrayBuffer))).snapshot);
    expect(res.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const warnings = res.findings.filter((f) => f.severity === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].rule).toBe('R18');
    expect(warnings[0].cells).toEqual([{ sheet: T8_SHEET, address: 'G5' }]);
  });
});

describe('recognition without a title', () => {
  async function edited(edit: (wb: ExcelJS.Workbook) => void): Promise<CheckResult> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(SAMPLE) as unknown as ArrayBuffer);
    edit(wb);
    const buf = await wb.xlsx.writeBuffer();
    return checkWorkbook((await readSnapshot(new Uint8Array(buf as ArrayBuffer))).snapshot);
  }

  it('no title row and a sheet name that says nothing: recognised by its headers, with the reason as a doubt', async () => {
    const res = await edited((wb) => {
      for (const [i, ws] of wb.worksheets.entries()) {
        if (!/三公|基本支出/.test(ws.name)) continue;
        ws.getCell('A1').value = null;
        ws.name = `Sheet${i + 1}`;
      }
    });
    expect(noErrors(res)).toEqual([]);
    for (const id of ['T6', 'T9']) {
      const t = res.tables.find((x) => x.table === id)!;
      expect(t.sheet).toMatch(/^Sheet/);
      expect(t.doubts.join()).toMatch(/表头内容/);
    }
  });

  it('a copy of a table under another title does not make it a duplicate', async () => {
    const res = await edited((wb) => {
      const src = wb.getWorksheet('3支出决算表')!;
      const copy = wb.addWorksheet('3支出决算表（草稿）');
      src.eachRow((row, r) => row.eachCell((cell, c) => { if (!cell.isMerged || cell.master.address === cell.address) copy.getCell(r, c).value = cell.value; }));
      copy.getCell('A1').value = '附表';
    });
    expect(noErrors(res)).toEqual([]);
    expect(res.tables.find((t) => t.table === 'T3')!.sheet).toBe('3支出决算表');
  });
});

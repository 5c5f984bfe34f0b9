/** `juesuan score` in-process: JSON shape, text report, --out copies, exit codes, stored policy. */
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { CellValue, colCount, SheetSnapshot, WorkbookSnapshot, a1 } from '../../src/core/snapshot';
import { scorePerformance } from '../../src/core/perf';
import { SETTINGS_SHEET } from '../../src/core/settings';
import { fixtures, OFFICIAL_TOTALS, runCli, snapshotOf, tempDir } from './util';

let f: Record<'filled' | 'blank' | 'blank-numeric' | 'flaws' | 'junk' | 'stacked', string>;
let dir: string;
beforeAll(async () => {
  f = await fixtures('filled', 'blank', 'blank-numeric', 'flaws', 'junk', 'stacked');
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Addresses of every cell the engine may write (完成率, 指标得分, 执行率, 得分, 总分). */
function scoreCells(snap: WorkbookSnapshot): Set<string> {
  const out = new Set<string>();
  for (const st of scorePerformance(snap).tables) {
    const t = st.table;
    const fc = t.funds?.total?.cells;
    for (const c of [fc?.rate, fc?.score, t.totalRow?.score, ...t.indicators.flatMap((i) => [i.cells.rate, i.cells.score])]) {
      if (c) out.add(`${c.ref.sheet}!${c.ref.address}`);
    }
  }
  return out;
}

function diffCells(a: SheetSnapshot, b: SheetSnapshot): string[] {
  const out: string[] = [];
  const rows = Math.max(a.values.length, b.values.length);
  const cols = Math.max(colCount(a), colCount(b));
  const val = (s: SheetSnapshot, r: number, c: number): CellValue => s.values[r]?.[c] ?? null;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (JSON.stringify(val(a, r, c)) !== JSON.stringify(val(b, r, c))) out.push(`${a.name}!${a1(r, c)}`);
    }
  }
  return out;
}

async function compareCopy(input: string, output: string): Promise<{ changed: string[]; allowed: Set<string>; after: WorkbookSnapshot }> {
  const before = await snapshotOf(input);
  const after = await snapshotOf(output);
  expect(after.sheets.map((s) => s.name)).toEqual([...before.sheets.map((s) => s.name), SETTINGS_SHEET]);
  expect(after.sheets[after.sheets.length - 1].visible).toBe(false);
  const changed: string[] = [];
  before.sheets.forEach((s, k) => {
    changed.push(...diffCells(s, after.sheets[k]));
    expect(after.sheets[k].merges.length).toBe(s.merges.length);
  });
  return { changed, allowed: scoreCells(before), after };
}

describe('juesuan score --json', () => {
  it('has the issue-4 shape', async () => {
    const r = await runCli(['score', f.filled, '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.policy).toBe('official');
    expect(j.projects).toHaveLength(10);
    const p = j.projects[0];
    expect(p).toMatchObject({
      sheet: '绩效自评1', name: '七纺街道购置水磨社区办公用房经费的请示', budget: '80.61', spent: '80.45',
      executionRate: '99.8%', executionScore: '9.98', total: '99.98', statedTotal: '92.96',
    });
    expect(p.indicators[4]).toMatchObject({ name: '本次拨付欠款单位款项', weight: '10', target: '<=80.61万元', actual: '=80.45万元', rate: '100%', score: '10' });
    expect(j.projects.map((x: { total: string }) => x.total)).toEqual(OFFICIAL_TOTALS.map((x, k) => (k === 4 ? '99.23' : x)));
    expect(j.overall).toHaveLength(1);
    expect(j.totals).toMatchObject({ projectCount: 10, budget: '991.87', spent: '886.03' });
    expect(j.findings.length).toBeGreaterThan(0);
    for (const x of j.findings) {
      expect(Object.keys(x).sort()).toEqual(['cells', 'message', 'rule', 'severity', 'table']);
      expect(x.cells[0]).toEqual({ sheet: expect.any(String), address: expect.stringMatching(/^[A-Z]+\d+$/) });
    }
    expect(j.changes.find((c: { address: string; sheet: string }) => c.sheet === '绩效自评1' && c.address === 'M17')).toMatchObject({ old: '3', new: '10', field: 'score' });
  });

  it('--policy as-practiced on blank sheets', async () => {
    const r = await runCli(['score', f.blank, '--policy', 'as-practiced', '--json']);
    const j = JSON.parse(r.out);
    expect(j.policy).toBe('as-practiced');
    expect(j.projects.map((x: { total: string }) => x.total)).toEqual(['92.96', '83.05', '100', '100', '88.6', '94', '100', '100', '93.2', '80.64']);
  });
});

describe('juesuan score text report', () => {
  it('is Chinese and lists old → new per changed cell', async () => {
    const r = await runCli(['score', f.filled]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('计分口径：official');
    expect(r.out).toContain('识别绩效自评表 11 张：项目支出 10 张，单位整体支出 1 张');
    expect(r.out).toContain('总分：填报 92.96 → 计算 99.98');
    expect(r.out).toContain('M17 指标得分（本次拨付尾款占比）：3 → 10');
    expect(r.out).toContain('M20 总分：92.96分 → 99.98分');
    expect(r.out).toContain('项目合计：10 个，全年预算数 991.87 万元，全年执行数 886.03 万元');
    expect(r.out).toMatch(/\[警告\] P06 /);
  });
});

describe('juesuan score --out', () => {
  it('blank sheets: only score cells change, filled in the cells\' own style', async () => {
    const out = path.join(dir, 'blank-filled.xlsx');
    const r = await runCli(['score', f.blank, '--out', out]);
    expect(r.code).toBe(0);
    const { changed, allowed, after } = await compareCopy(f.blank, out);
    expect(changed.length).toBeGreaterThan(150);
    expect(changed.filter((c) => !allowed.has(c))).toEqual([]);
    const s1 = after.sheets.find((s) => s.name === '绩效自评1')!;
    const v = (addr: string) => { const m = /^([A-Z]+)(\d+)$/.exec(addr)!; return s1.values[+m[2] - 1][m[1].charCodeAt(0) - 65]; };
    expect(v('L6')).toBe('99.8%');
    expect(v('M6')).toBe('9.98分');
    expect(v('L16')).toBe('100%');
    expect(v('M16')).toBe(10);
    expect(v('M20')).toBe('99.98分');
    // Scoring the copy again: policy read from the workbook, nothing left to change.
    const again = JSON.parse((await runCli(['score', out, '--json'])).out);
    expect(again.policySource).toBe('workbook');
    expect(again.changes).toEqual([]);
    expect(again.projects.map((x: { total: string; statedTotal: string }) => x.statedTotal)).toEqual(OFFICIAL_TOTALS);
  });

  it('numeric cells get numbers and keep their number format', async () => {
    const out = path.join(dir, 'blank-numeric-filled.xlsx');
    expect((await runCli(['score', f['blank-numeric'], '--out', out, '--policy', 'as-practiced'])).code).toBe(0);
    const { changed, allowed } = await compareCopy(f['blank-numeric'], out);
    expect(changed.filter((c) => !allowed.has(c))).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(out) as never);
    const ws = wb.getWorksheet('绩效自评1')!;
    expect([ws.getCell('L6').value, ws.getCell('L6').numFmt]).toEqual([0.998, '0.0%']);
    expect([ws.getCell('M6').value, ws.getCell('M6').numFmt]).toEqual([9.98, '0.00']);
    expect([ws.getCell('L17').value, ws.getCell('L17').numFmt]).toEqual([0.2996, '0.00%']);
    expect([ws.getCell('M20').value, ws.getCell('M20').numFmt]).toEqual([92.96, '0.00']);
    expect(ws.getCell('G6').numFmt).toBe('#,##0.00');
  });

  it('filled sheets, as-practiced: nothing changes but the settings sheet', async () => {
    const out = path.join(dir, 'filled-ap.xlsx');
    const r = await runCli(['score', f.filled, '--policy', 'as-practiced', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('改写 0 个得分单元格');
    const { changed } = await compareCopy(f.filled, out);
    expect(changed).toEqual([]);
  });

  it('filled sheets, official: the reverse indicators and totals are rewritten, nothing else', async () => {
    const out = path.join(dir, 'filled-official.xlsx');
    await runCli(['score', f.filled, '--out', out]);
    const { changed, allowed } = await compareCopy(f.filled, out);
    expect(changed.filter((c) => !allowed.has(c))).toEqual([]);
    expect(changed).toContain('绩效自评2!M16');
    expect(changed).not.toContain('绩效自评5!M17'); // the in-band qualitative 19.23 stays
  });

  it('refuses to overwrite the input', async () => {
    const r = await runCli(['score', f.filled, '--out', f.filled]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('不能与输入文件相同');
  });
});

describe('exit codes and bad input', () => {
  it('1 when error findings', async () => {
    expect((await runCli(['score', f.flaws])).code).toBe(1);
    const junk = await runCli(['score', f.junk, '--json']);
    expect(junk.code).toBe(1);
    expect(JSON.parse(junk.out).findings.some((x: { rule: string }) => x.rule === 'P03')).toBe(true);
  });
  it('2 for unknown policy, missing file, non-workbook, workbook without tables, no argument', async () => {
    expect((await runCli(['score', f.filled, '--policy', 'lenient'])).code).toBe(2);
    const missing = await runCli(['score', path.join(dir, 'nope.xlsx')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('文件不存在');
    const junkFile = path.join(dir, 'x.xlsx');
    fs.writeFileSync(junkFile, 'not a workbook');
    expect((await runCli(['score', junkFile])).code).toBe(2);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').getCell('A1').value = '收入支出决算总表';
    const empty = path.join(dir, 'empty.xlsx');
    await wb.xlsx.writeFile(empty);
    const none = await runCli(['score', empty]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('未找到');
    expect((await runCli(['score'])).code).toBe(2);
  });
  it('stacked workbook scores in-process', async () => {
    const r = await runCli(['score', f.stacked, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).projects.map((p: { total: string }) => p.total)).toEqual(['99.98', '97.83']);
  });
});

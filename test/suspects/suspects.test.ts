/** Fault localisation (issue 14) on generated workbooks: consistent ones, the example, slips, ties. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { findCell, sheetsFor, tablesFor } from '../../scripts/fixtures/generate';
import { buildWorkbook } from '../../scripts/fixtures/grid';
import { Layout } from '../../scripts/fixtures/manifest';
import { cloneTables, Decimal, Tables } from '../../scripts/fixtures/model';
import { ROUNDING } from '../../scripts/fixtures/variants';
import { checkWorkbook, CheckResult } from '../../src/core/check';
import { slipOf } from '../../src/core/suspects';
import { markEdits } from '../../src/core/marks';
import { readSnapshot } from '../../src/xlsx/read';
import { runCli } from '../helpers';
import { SUSPECT_STYLE } from '../../src/core/marks';

async function xlsx(layout: Layout, t: Tables): Promise<Buffer> {
  return Buffer.from(await buildWorkbook(sheetsFor(layout, t)).xlsx.writeBuffer() as ArrayBuffer);
}
async function check(layout: Layout, t: Tables): Promise<CheckResult> {
  return checkWorkbook((await readSnapshot(await xlsx(layout, t))).snapshot);
}
function withChanges(year: 2023 | 2024, layout: Layout, changes: Record<string, string>): Tables {
  const t = cloneTables(tablesFor(year, layout));
  for (const [k, v] of Object.entries(changes)) t.v.set(k, new Decimal(v));
  return t;
}
const cellOf = (layout: Layout, t: Tables, key: string) => findCell(sheetsFor(layout, t), key)!;

describe('consistent workbooks have no suspects', () => {
  it.each([['A', 2024], ['B', 2024], ['C', 2024], ['D', 2024], ['A', 2023]] as [Layout, 2023 | 2024][])('seed %s %i', async (layout, year) => {
    const r = await check(layout, tablesFor(year, layout));
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.suspects).toEqual([]);
  });
  it('rounding-only variants', async () => {
    for (const v of ROUNDING) {
      const t = cloneTables(tablesFor(v.year, v.layout));
      t.v.set(v.key, t.v.get(v.key)!.plus(v.delta));
      expect((await check(v.layout, t)).suspects).toEqual([]);
    }
  });
});

describe('the issue example: one 项 of T5 from 0.00 to 1.00', () => {
  it('names the one cell, suggests 0.00 with high confidence, explains R06 and R09', async () => {
    const t = withChanges(2024, 'A', { 'T5.2129999.total': '1' });
    const r = await check('A', t);
    expect(r.findings.filter((f) => f.severity === 'error').length).toBeGreaterThanOrEqual(2);
    const cell = cellOf('A', t, 'T5.2129999.total');
    expect(r.suspects).toHaveLength(1);
    expect(r.suspects[0]).toMatchObject({ ...cell, value: '1.00', suggested: '0.00', confidence: 'high' });
    expect(r.suspects[0].explains.sort()).toEqual(['R06', 'R09']);
  });
});

describe('typing slips are named', () => {
  const d = (s: string) => new Decimal(s);
  it.each([
    ['1066.51', '10661.51', '少一位'],
    ['106651.51', '10661.51', '多一位'],
    ['1606.51', '1066.51', '相邻两位数字颠倒'],
    ['-12.30', '12.30', '正负号相反'],
    ['123000.00', '12.30', '相差 10000 倍，疑为元/万元混用'],
    ['0.12', '1234.00', '相差 10000 倍，疑为元/万元混用'],
    ['1076.51', '1066.51', '一位数字有误'],
  ])('%s for %s: %s', (is, should, name) => {
    expect(slipOf(d(is), d(should), 2)).toBe(name);
  });
  it('and none for an unrelated value', () => {
    expect(slipOf(d('1234.56'), d('987.10'), 2)).toBeUndefined();
  });
  it('in the note: 疑为 1,066.51 误录，应为 10,661.51（少一位）', async () => {
    // T3 2080208 基本支出 is 1,885.78 + 0 … pick a 项 whose amount has ≥ 5 integer digits after the change.
    const t0 = tablesFor(2024, 'A');
    const key = 'T3.2080208.total';
    const from = t0.v.get(key)!;
    const s = from.toFixed(2);
    const dropped = s.slice(0, 1) + s.slice(2);
    const r = await check('A', withChanges(2024, 'A', { [key]: dropped }));
    expect(r.suspects[0]).toMatchObject({ ...cellOf('A', t0, key), suggested: s, confidence: 'high' });
    expect(r.suspects[0].note).toContain(`疑为 ${Number(dropped).toLocaleString('en-US', { minimumFractionDigits: 2 })} 误录，应为 ${Number(s).toLocaleString('en-US', { minimumFractionDigits: 2 })}（少一位）`);
  });
});

describe('ties and several faults', () => {
  it('a cell whose relations are shared by equal candidates is reported with low confidence, alternatives named', async () => {
    // T6 款 cells take part in one relation only (类 = Σ款): every 款 of 301 explains it equally.
    const t = withChanges(2024, 'A', { 'T6.30102': '1116.38' });
    const r = await check('A', t);
    expect(r.suspects.length).toBeGreaterThan(1);
    expect(r.suspects.every((s) => s.confidence === 'low')).toBe(true);
    expect(r.suspects.some((s) => s.address === cellOf('A', t, 'T6.30102').address)).toBe(true);
    expect(r.suspects[0].note).toContain('证据相同');
  });
  it('two independent faults give two suspects, each with its original value', async () => {
    const base = tablesFor(2024, 'A');
    const k1 = 'T3.2010350.basic';
    const k2 = 'T5.2080208.project';
    const t = withChanges(2024, 'A', { [k1]: base.v.get(k1)!.plus(10).toFixed(2), [k2]: base.v.get(k2)!.plus(123.45).toFixed(2) });
    const r = await check('A', t);
    const want = [k1, k2].map((k) => ({ ...cellOf('A', t, k), suggested: base.v.get(k)!.toFixed(2) }));
    expect(r.suspects.slice(0, 2).map((s) => ({ sheet: s.sheet, address: s.address, suggested: s.suggested })).sort((a, b) => a.address.localeCompare(b.address)))
      .toEqual(want.sort((a, b) => a.address.localeCompare(b.address)));
  });
  it('duplicated codes: no amount is accused (the hierarchy itself is wrong)', async () => {
    const sheets = sheetsFor('A', tablesFor(2024, 'A'));
    const g = sheets.find((s) => s.keys.has('code:T5:2010350:item'))!;
    g.replaceKey('code:T5:2010350:item', '01');
    const buf = Buffer.from(await buildWorkbook(sheets).xlsx.writeBuffer() as ArrayBuffer);
    const r = checkWorkbook((await readSnapshot(buf)).snapshot);
    expect(r.findings.some((f) => f.rule === 'R13' && f.severity === 'error')).toBe(true);
    expect(r.suspects).toEqual([]);
  });
});

describe('where the suspects go', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'juesuan-suspects-'));
  const key = 'T5.2010301.total';
  const t = withChanges(2024, 'A', { [key]: '1437.29' });
  const file = path.join(tmp, 'fault.xlsx');
  beforeAll(async () => { fs.writeFileSync(file, await xlsx('A', t)); });

  it('check --json adds "suspects" (most likely first; [] without errors)', async () => {
    const r = await runCli(['check', file, '--json']);
    const j = JSON.parse(r.out);
    expect(j.suspects[0]).toEqual({ ...cellOf('A', t, key), value: '1437.29', suggested: tablesFor(2024, 'A').v.get(key)!.toFixed(2), confidence: 'high', explains: ['R06', 'R09'], note: expect.stringContaining('多一位') });
    const seed = path.join(tmp, 'seed.xlsx');
    fs.writeFileSync(seed, await xlsx('A', tablesFor(2024, 'A')));
    expect(JSON.parse((await runCli(['check', seed, '--json'])).out).suspects).toEqual([]);
  });

  it('the text report opens with 最可能出错的单元格 and the suggested value', async () => {
    const r = await runCli(['check', file]);
    const lines = r.out.split('\n');
    expect(lines[1]).toBe('最可能出错的单元格：');
    expect(lines[2]).toContain(`${cellOf('A', t, key).sheet}!${cellOf('A', t, key).address}`);
    expect(lines[2]).toContain(`建议值 ${tablesFor(2024, 'A').v.get(key)!.toFixed(2)}`);
  });

  it('marks carry the suspect; the annotated copy shows it with a thick border and the note names the suggested value', async () => {
    const { snapshot } = await readSnapshot(fs.readFileSync(file));
    const res = checkWorkbook(snapshot);
    const cell = cellOf('A', t, key);
    const marks = markEdits(res.findings, { suspects: res.suspects });
    const m = marks.find((x) => x.sheet === cell.sheet && x.address === cell.address)!;
    expect(m.suspect).toEqual({ suggested: res.suspects[0].suggested, confidence: 'high' });
    expect(marks.filter((x) => x.suspect)).toHaveLength(1);
    const out = path.join(tmp, 'out.xlsx');
    await runCli(['check', file, '--out', out]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const c = wb.getWorksheet(cell.sheet)!.getCell(cell.address);
    expect(c.border?.top?.style).toBe('thick');
    expect((c.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(`FF${SUSPECT_STYLE.fill}`);
    const note = typeof c.note === 'string' ? c.note : c.note.texts!.map((x) => x.text).join('');
    expect(note).toContain(`应为 ${Number(res.suspects[0].suggested).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    // Another cell of the same broken relation: the usual mark, no border.
    const other = marks.find((x) => !x.suspect && x.severity === 'error')!;
    expect(wb.getWorksheet(other.sheet)!.getCell(other.address).border?.top).toBeUndefined();
    expect(wb.getWorksheet('检查结果')!.getCell('A2').value).toBe('最可能出错的单元格');
  });
});

/** `juesuan check`: JSON contract, exit codes, text report, --out annotated copy, several files. */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { fixture, manifest, ROOT, runCli, SAMPLE } from '../helpers';
import { MARK_ARGB } from '../../src/xlsx/apply';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'juesuan-cli-'));
const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const fault = () => manifest().find((e) => e.kind === 'fault' && e.expect === 'error' && e.layout === 'A')!;
const bad = (expect: string) => manifest().find((e) => e.kind === 'bad' && e.expect === expect)!;

describe('juesuan check --json', () => {
  it('prints the contract shape and exits 0 on the seed sample', async () => {
    const r = await runCli(['check', SAMPLE, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.tables).toHaveLength(9);
    for (const t of j.tables) { expect(typeof t.table).toBe('string'); expect(typeof t.sheet).toBe('string'); }
    expect(Array.isArray(j.findings)).toBe(true);
    for (const f of j.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['rule', 'severity', 'message', 'cells']));
      expect(['error', 'warning', 'info']).toContain(f.severity);
      for (const c of f.cells) expect(Object.keys(c).sort()).toEqual(['address', 'sheet']);
    }
  });

  it('exits 1 when there are error findings, and names the cell', async () => {
    const e = fault();
    const r = await runCli(['check', fixture(e.file), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.findings.some((f: { rule: string; cells: { sheet: string; address: string }[] }) =>
      f.rule === e.rule && f.cells.some((c) => c.address === e.cell!.address && c.sheet === e.cell!.sheet))).toBe(true);
  });

  it('wraps several files in {"files": […]} and still exits 1 when one has errors', async () => {
    const r = await runCli(['check', SAMPLE, fixture(fault().file), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.files).toHaveLength(2);
    expect(j.files[0].file).toBe(SAMPLE);
    expect(j.files[0].tables).toHaveLength(9);
  });
});

describe('exit 2 for unreadable input: one Chinese line, no stack', () => {
  it.each([['not an xlsx'], ['encrypted'], ['truncated'], ['missing file']])('%s', async (what) => {
    let file: string;
    if (what === 'missing file') file = path.join(tmp, 'nope.xlsx');
    else {
      const all = manifest().filter((e) => e.kind === 'bad' && e.expect === 'exit2');
      const pick = all.find((e) => (e.description ?? e.file).toLowerCase().includes(what.split(' ')[0]) || e.file.includes(what.split(' ')[0])) ?? all[0];
      file = fixture(pick.file);
    }
    const r = await runCli(['check', file]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/[\u4e00-\u9fff]/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
  it('unknown flags are a usage error', async () => {
    const r = await runCli(['check', SAMPLE, '--bogus']);
    expect(r.code).toBe(2);
  });
});

describe('text report', () => {
  it('groups by table and severity with cell addresses', async () => {
    const e = fault();
    const r = await runCli(['check', fixture(e.file)]);
    expect(r.out).toContain('识别报表 9 张');
    expect(r.out).toMatch(/【T\d /);
    expect(r.out).toContain('[错误]');
    expect(r.out).toContain(`${e.cell!.sheet}!${e.cell!.address}`);
  });
  it('several files end with a summary table', async () => {
    const r = await runCli(['check', SAMPLE, fixture(fault().file)]);
    expect(r.out).toContain('汇总');
    expect(r.out).toContain('文件\t识别报表\t错误\t警告\t提示');
  });
});

describe('--out annotated copy', () => {
  const e = () => fault();
  let out: string;
  let before: string;
  let result: { findings: { severity: string; cells: { sheet: string; address: string }[] }[] };
  beforeAll(async () => {
    out = path.join(tmp, 'annotated.xlsx');
    before = sha(fixture(e().file));
    const r = await runCli(['check', fixture(e().file), '--out', out]);
    expect(r.code).toBe(1);
    result = JSON.parse((await runCli(['check', fixture(e().file), '--json'])).out);
  });

  it('leaves the input file byte-for-byte unchanged', () => {
    expect(sha(fixture(e().file))).toBe(before);
  });

  it('keeps every value, the sheet order, and adds 检查结果 last', async () => {
    const a = new ExcelJS.Workbook(); await a.xlsx.readFile(fixture(e().file));
    const b = new ExcelJS.Workbook(); await b.xlsx.readFile(out);
    const namesA = a.worksheets.map((w) => w.name);
    const namesB = b.worksheets.map((w) => w.name);
    expect(namesB.slice(0, namesA.length)).toEqual(namesA);
    expect(namesB[namesB.length - 1]).toBe('检查结果');
    for (const wa of a.worksheets) {
      const wb = b.getWorksheet(wa.name)!;
      wa.eachRow({ includeEmpty: false }, (row, r) => row.eachCell({ includeEmpty: false }, (cell, c) => {
        expect(JSON.stringify(wb.getRow(r).getCell(c).value)).toBe(JSON.stringify(cell.value));
        expect(wb.getRow(r).getCell(c).numFmt).toBe(cell.numFmt);
      }));
    }
  });

  it('fills every finding cell (error red) with a note, and leaves other cells\' fills alone', async () => {
    const a = new ExcelJS.Workbook(); await a.xlsx.readFile(fixture(e().file));
    const b = new ExcelJS.Workbook(); await b.xlsx.readFile(out);
    const marked = new Set<string>();
    for (const f of result.findings) for (const c of f.cells) {
      marked.add(`${c.sheet}!${c.address}`);
      const cell = b.getWorksheet(c.sheet)!.getCell(c.address);
      expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
      expect(String(cell.note ? JSON.stringify(cell.note) : '')).toContain('决算助手');
    }
    const errCell = result.findings.find((f) => f.severity === 'error')!.cells[0];
    expect((b.getWorksheet(errCell.sheet)!.getCell(errCell.address).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(MARK_ARGB.error);
    for (const wa of a.worksheets) {
      const wb2 = b.getWorksheet(wa.name)!;
      wa.eachRow({ includeEmpty: true }, (row, r) => row.eachCell({ includeEmpty: true }, (cell, c) => {
        if (marked.has(`${wa.name}!${cell.address}`)) return;
        expect(JSON.stringify(wb2.getRow(r).getCell(c).fill ?? null)).toBe(JSON.stringify(cell.fill ?? null));
      }));
    }
  });

  it('lists the findings on 检查结果 with hyperlinks to their cells', async () => {
    const b = new ExcelJS.Workbook(); await b.xlsx.readFile(out);
    const ws = b.getWorksheet('检查结果')!;
    const links: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => {
      const v = cell.value as { hyperlink?: string } | null;
      if (v && typeof v === 'object' && v.hyperlink) links.push(v.hyperlink);
    }));
    const first = result.findings[0].cells[0];
    expect(links.some((l) => l.includes(first.address) && l.includes(first.sheet))).toBe(true);
  });

  it('refuses to overwrite the input', async () => {
    const r = await runCli(['check', SAMPLE, '--out', SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('不能与输入文件相同');
  });
});

describe('the installed launcher (bin/juesuan.js, compiled by npm install)', () => {
  const dist = path.join(ROOT, 'dist', 'cli', 'main.js');
  const newest = (dir: string): number => fs.readdirSync(dir, { withFileTypes: true })
    .reduce((m, e) => Math.max(m, e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs), 0);
  beforeAll(() => {
    const stale = !fs.existsSync(dist) || ['core', 'xlsx', 'cli'].some((d) => newest(path.join(ROOT, 'src', d)) > fs.statSync(dist).mtimeMs);
    if (stale) {
      const b = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
      if (b.status !== 0) throw new Error(b.stdout + b.stderr);
    }
  });
  it('runs the README command on the sample and exits 0', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'juesuan.js'), 'check', SAMPLE], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('识别报表 9 张');
  });
  it('checks many files on worker threads with a summary', () => {
    const files = Array.from({ length: 8 }, () => SAMPLE);
    files.push(fixture(fault().file));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'juesuan.js'), 'check', ...files, '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.files).toHaveLength(9);
    expect(j.files[8].findings.some((f: { severity: string }) => f.severity === 'error')).toBe(true);
    expect(j.files[0].findings.filter((f: { severity: string }) => f.severity === 'error')).toHaveLength(0);
  });
  it('an unreadable file: exit 2 and one line on stderr', () => {
    const e = bad('exit2');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'juesuan.js'), 'check', fixture(e.file)], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

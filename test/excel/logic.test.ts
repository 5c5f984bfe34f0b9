import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import {
  cellContext, clearNotice, describeCell, organizeFindings, NO_FILTER, parseOverrides, withOverride, matches, recognition, suggestionEdit, undoEdit,
} from '../../src/taskpane/check/logic';
import { checkWorkbook } from '../../src/core/check';
import { buildReport, reportHtml, verdictOf } from '../../src/core/report';
import { readSnapshot } from '../../src/xlsx/read';
import { BrowserHost, changeLines, summarizeEdits } from '../../src/taskpane/browser-host';
import { factEdit, factValue } from '../../src/taskpane/narrative/logic';
import { Finding } from '../../src/core/finding';
import { WorkbookSnapshot } from '../../src/core/snapshot';

const snap: WorkbookSnapshot = {
  sheets: [{
    name: '支出决算表',
    values: [
      ['支出决算表'],
      ['科目编码', '科目名称', '本年支出合计', '基本支出'],
      ['201', '一般公共服务支出', 2000, 1500],
      [2080501, '行政单位离退休', 800, 600],
      [null, '合计', 3578.42, null],
    ],
    formats: [[], [], [null, null, '#,##0.00', '#,##0.00'], [null, null, '#,##0.00', '0.0'], [null, null, '#,##0.00']],
    merges: [],
  }],
};

test('cell context names the row, the column and the displayed value', () => {
  const c = cellContext(snap, { sheet: '支出决算表', address: 'D4' });
  expect(c).toMatchObject({ row: '2080501 行政单位离退休', column: '基本支出', value: '600.0' });
  expect(describeCell(c)).toBe('支出决算表!D4（2080501 行政单位离退休 · 基本支出）：600.0');
  expect(cellContext(snap, { sheet: '支出决算表', address: 'C3' }).value).toBe('2,000.00');
  expect(cellContext(snap, { sheet: '支出决算表', address: 'D5' })).toMatchObject({ row: '合计', value: '（空）' });
  expect(describeCell(cellContext(snap, { sheet: '无此表', address: 'A1' }))).toBe('无此表!A1：—');
});

const f = (rule: string, severity: Finding['severity'], table?: Finding['table']): Finding => ({ rule, severity, message: `${rule} 信息`, cells: [{ sheet: 'S', address: 'A1' }], table });

test('errors first, then warnings, infos grouped per rule and table; navigation walks errors first', () => {
  const fs = [f('R05', 'info', 'T3'), f('R01', 'error', 'T3'), f('R07', 'warning', 'T1'), f('R05', 'info', 'T3'), f('R02', 'error', 'T1'), f('R06', 'info', 'T2')];
  const o = organizeFindings(fs, NO_FILTER);
  expect(o.errors.map((x) => x.finding.rule)).toEqual(['R02', 'R01']);
  expect(o.warnings.map((x) => x.finding.rule)).toEqual(['R07']);
  expect(o.infoGroups.map((g) => [g.label, g.items.length])).toEqual([['R06 · T2 收入决算表', 1], ['R05 · T3 支出决算表', 2]]);
  expect(o.order.map((x) => x.severity)).toEqual(['error', 'error', 'warning', 'info', 'info', 'info']);
  expect(o.errors[0].index).toBe(0);
  // A chip filters TO its severity.
  const only = organizeFindings(fs, { ...NO_FILTER, severity: 'error' });
  expect(only.order.map((x) => x.rule)).toEqual(['R02', 'R01']);
  expect(only.warnings).toEqual([]);
  expect(only.infoCount).toBe(0);
  expect(matches(fs[0], { ...NO_FILTER, text: 'r05 S!A1' })).toBe(true);
  expect(matches(fs[0], { ...NO_FILTER, severity: 'warning' })).toBe(false);
});

test('verdict: errors must be fixed; otherwise rounding gaps can be ignored', () => {
  const t = [{ table: 'T1' as const, sheet: 'a', title: '', doubts: [] }];
  const rounding: Finding = { ...f('R06', 'info', 'T2'), message: '合计 1 与 各类之和 1.01 相差 0.01 万元，在四舍五入允许范围（±0.01）内，属取整差异' };
  expect(verdictOf({ tables: t as never, findings: [f('R01', 'error'), f('R02', 'error'), rounding] }).text).toBe('发现 2 个错误，须修改后报送');
  expect(verdictOf({ tables: t as never, findings: Array(16).fill(rounding) }).text).toBe('未发现错误；16 处取整差异可忽略');
  expect(verdictOf({ tables: t as never, findings: [] })).toEqual({ level: 'ok', text: '未发现错误' });
  expect(verdictOf({ tables: t as never, findings: [f('R22', 'warning')] }).level).toBe('warning');
  expect(verdictOf({ tables: [], findings: [f('R23', 'error')] }).level).toBe('none');
});

test('defect 6: an empty workbook is not told that its empty Sheet1 may be a missing table', async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1');
  const { snapshot } = await readSnapshot(new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer));
  const r = checkWorkbook(snapshot);
  const r23 = r.findings.filter((x) => x.rule === 'R23');
  expect(r23.length).toBeGreaterThan(0);
  for (const x of r23) {
    expect(x.cells).toEqual([]);
    expect(x.message).not.toContain('可能就是它');
  }
  expect(verdictOf(r).text).toBe('未识别到九张决算报表，请确认打开的是部门决算工作簿');
  const rec = recognition(snapshot, r.tables, {}, r.unrecognized);
  expect(rec.others).toEqual([]);
  expect(rec.uncertain).toBe(true);
  // A sheet with content still is suggested.
  wb.getWorksheet('Sheet1')!.getCell('A1').value = '2024年收支总表';
  const again = checkWorkbook((await readSnapshot(new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer))).snapshot);
  expect(again.findings.find((x) => x.rule === 'R23')!.message).toContain('可能就是它');
});

test('recognition line: one line, expanded only when uncertain; non-table sheets hidden', () => {
  const snapR = { sheets: [{ name: '封面', values: [['x']] }, { name: '表1', values: [['t']] }, { name: '_决算助手设置', values: [['k']] }, { name: '空', values: [] }] };
  const tables = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'].map((id, i) => ({ table: id as never, sheet: i === 0 ? '表1' : `s${i}`, doubts: [] as string[] }));
  const ok = recognition(snapR, tables, {}, ['封面', '空']);
  expect(ok.line).toBe('已识别 9/9 张报表 ✓');
  expect(ok.uncertain).toBe(false);
  expect(ok.rows.map((r) => r.sheet)).toEqual(['表1']);
  expect(ok.others.map((r) => r.sheet)).toEqual(['封面']);
  const doubt = recognition(snapR, [{ ...tables[0], doubts: ['标题不完全相符'] }], {}, ['封面']);
  expect(doubt.uncertain).toBe(true);
  expect(doubt.line).toContain('已识别 1/9 张报表，缺 T2');
});

test('采用建议值 is an edit carrying the old value; undo writes the old value back', () => {
  const edit = suggestionEdit({ sheet: '支出决算表', address: 'C4', value: '800.00', suggested: '1,700.00', confidence: 'high', explains: ['R07'], note: '' }, snap)!;
  expect(edit).toEqual({ kind: 'value', sheet: '支出决算表', address: 'C4', value: 1700, old: 800, label: '建议值' });
  expect(undoEdit(edit)).toMatchObject({ sheet: '支出决算表', address: 'C4', value: 800, old: 1700 });
  expect(suggestionEdit({ sheet: '支出决算表', address: 'C4', value: '800', confidence: 'low', explains: [], note: '' }, snap)).toBeNull();
});

test('defect 5: no class names built by string concatenation in the pane (mergeClasses only)', () => {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.tsx')) files.push(p);
    }
  };
  walk(path.join(__dirname, '..', '..', 'src', 'taskpane'));
  const bad: string[] = [];
  for (const file of files) {
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/className=\{[^}]*`[^`]*\$\{[^`]*`/g)) bad.push(`${path.basename(file)}: ${m[0]}`);
  }
  expect(bad).toEqual([]);
});

test('check report: self-contained HTML with verdict, per-table status and each error with its cells', async () => {
  const bytes = fs.readFileSync(path.join(__dirname, '..', '..', 'samples', 'seed-2024.xlsx'));
  const { snapshot } = await readSnapshot(bytes);
  const bad = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
  const result = checkWorkbook(bad);
  const r = buildReport({ result, snapshot: bad, file: 'seed.xlsx', date: new Date(2025, 2, 31) });
  expect(r.unit).toContain('水磨沟街道办事处');
  expect(r.year).toBe('2024');
  expect(r.date).toBe('2025-03-31');
  expect(r.tables.map((t) => t.status).every((st) => st !== 'missing')).toBe(true);
  const html = reportHtml(r);
  expect(html).toContain(r.verdict.text);
  expect(html).not.toMatch(/<script|<link|src=|href=|url\(/i);
  expect(html).toContain('@page { size: A4');
});

test('browser mode: one working copy — edits accumulate, read() sees them, a rejected file keeps the current one', async () => {
  const saved: { name: string; blob: Blob }[] = [];
  const host = new BrowserHost((blob, name) => saved.push({ blob, name }));
  const bytes = new Uint8Array(fs.readFileSync(path.join(__dirname, '..', '..', 'samples', 'seed-2024.xlsx')));
  await host.open('seed.xlsx', bytes);
  const before = await host.read();
  const sheet = before.sheets[0].name;
  await host.applyEdits({ edits: [{ kind: 'value', sheet, address: 'Z1', value: 7, old: null }] });
  await host.applyEdits({ edits: [{ kind: 'sheet', name: '补充信息', replace: false, columnWidths: [10], rows: [{ cells: ['年度', 2024] }] }] });
  const after = await host.read();
  expect(after.sheets.find((x) => x.name === '补充信息')!.values[0]).toEqual(['年度', 2024]);
  expect(changeLines(summarizeEdits(host.edits(), 3))).toEqual([
    '工作表“补充信息”：新建或整表替换', `“${sheet}”：Z1`, '检查标注：3 个单元格着色并加批注，新增工作表“检查结果”',
  ]);
  await expect(host.open('notes.txt', new TextEncoder().encode('hello'))).rejects.toThrow('不是 .xlsx');
  await expect(host.open('fake.xlsx', new TextEncoder().encode('hello'))).rejects.toThrow();
  expect(host.workbookName()).toBe('seed.xlsx');
  expect(host.edits()).toHaveLength(2);
  await host.download({ edits: [] }, 'out.xlsx');
  const out = await readSnapshot(new Uint8Array(await saved[0].blob.arrayBuffer()));
  expect(out.snapshot.sheets.map((x) => x.name)).toContain('补充信息');
});

test('补充信息 form: numbers for numeric facts, an edit with the old value', () => {
  expect(factValue('budget.total', '1,234.5')).toBe(1234.5);
  expect(factValue('unitName', ' 某单位 ')).toBe('某单位');
  const facts = { sheets: [{ name: '补充信息', values: [['补充信息'], [], ['项目', '内容', '填写说明'], ['年初预算数（总）', null, '']], merges: [] }] };
  expect(factEdit(facts, 'budget.total', '100')).toMatchObject({ sheet: '补充信息', address: 'B4', value: 100, old: null });
  expect(factEdit(facts, 'staff.total', '3')).toBeNull();
});

test('recognition overrides round-trip through settings', () => {
  let s = withOverride({ other: 'x' }, '表一', 'T1');
  s = withOverride(s, '封面', 'none');
  expect(parseOverrides(s)).toEqual({ 表一: 'T1', 封面: 'none' });
  s = withOverride(s, '表一', 'auto');
  s = withOverride(s, '封面', 'auto');
  expect(s).toEqual({ other: 'x' });
  expect(parseOverrides({ 'recognition.overrides': '{bad json' })).toEqual({});
  expect(parseOverrides({ 'recognition.overrides': '{"a":"T10","b":"T2"}' })).toEqual({ b: 'T2' });
});

test('juesuan check --report writes self-contained, PDF-ready HTML (and never over the input)', async () => {
  const { main } = await import('../../src/cli/main');
  const out: string[] = [];
  const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
  const seed = path.join(__dirname, '..', '..', 'samples', 'seed-2024.xlsx');
  const file = path.join(require('os').tmpdir(), `juesuan-report-${process.pid}.html`);
  expect(await main(['check', seed, '--report', file], io as never)).toBe(0);
  const html = fs.readFileSync(file, 'utf8');
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain('未发现错误；');
  expect(html).toContain('@page { size: A4');
  expect(html).not.toMatch(/<script|<link|src=|href=/i);
  fs.unlinkSync(file);
  expect(await main(['check', seed, '--report', seed], io as never)).toBe(2);
});

test('清除标记 notice: the host summary (rules and notes removed in Excel) wins over a cell count', () => {
  // Excel: conditional-format marks — `restored` counts rules/notes, so the cell sentence would be wrong.
  const excel = clearNotice({ restored: 7, keptUserChanges: 0, summary: '已删除决算助手的 7 处标记（条件格式规则和备注），单元格恢复原样。' });
  expect(excel).toEqual({ title: '已清除标记', text: '已删除决算助手的 7 处标记（条件格式规则和备注），单元格恢复原样。', intent: 'success' });
  expect(excel.text).not.toContain('个单元格的原格式');
  // Without a summary: the cell counts as before.
  expect(clearNotice({ restored: 3, keptUserChanges: 1 }).text).toBe('已恢复 3 个单元格的原格式；1 个单元格在标记后被手工改过格式，保留原样。');
  expect(clearNotice({ restored: 0, keptUserChanges: 0 }).text).toBe('工作簿中没有决算助手的标记。');
});

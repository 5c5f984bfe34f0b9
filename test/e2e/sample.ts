/**
 * The workbook the e2e tests open: samples/seed-2024.xlsx when it exists, else a small nine-table
 * extract generated here with ExcelJS (T3 with a broken row sum and T5), written to build/e2e-data/.
 */
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { readSnapshot } from '../../src/xlsx/read';
import { checkWorkbook } from '../../src/core/check';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SEED_SAMPLE = path.join(ROOT, 'samples', 'seed-2024.xlsx');

export async function sampleWorkbook(): Promise<string> {
  if (fs.existsSync(SEED_SAMPLE)) return SEED_SAMPLE;
  const dir = path.join(ROOT, 'build', 'e2e-data');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'small-2024.xlsx');
  const wb = new ExcelJS.Workbook();
  const t3 = wb.addWorksheet('支出决算表');
  t3.addRow(['支出决算表']);
  t3.mergeCells('A1:H1');
  t3.addRow(['部门：示例街道办事处', '', '', '', '', '', '', '金额单位：万元']);
  t3.addRow(['项目', '', '本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出']);
  t3.addRow(['支出功能分类科目编码', '科目名称']);
  t3.addRow(['', '合计', 3578.42, 2676.5, 901.92, 0, 0, 0]);
  t3.addRow(['201', '一般公共服务支出', 2000, 1500, 500, 0, 0, 0]);
  t3.addRow(['20103', '政府办公厅（室）及相关机构事务', 2000, 1500, 500, 0, 0, 0]);
  t3.addRow(['2010301', '行政运行', 1500, 1500, 0, 0, 0, 0]);
  t3.addRow(['2010350', '事业运行', 500, 0, 500, 0, 0, 0]);
  t3.addRow(['208', '社会保障和就业支出', 1578.42, 1176.5, 401.92, 0, 0, 0]);
  t3.addRow(['20805', '行政事业单位养老支出', 1578.42, 1176.5, 401.92, 0, 0, 0]);
  // Broken row: 本年支出合计 ≠ 基本支出 + 项目支出 (600 + 100 ≠ 800).
  t3.addRow(['2080501', '行政单位离退休', 800, 600, 100, 0, 0, 0]);
  t3.addRow(['2080505', '机关事业单位基本养老保险缴费支出', 778.42, 576.5, 201.92, 0, 0, 0]);
  for (let r = 5; r <= 13; r++) for (let c = 3; c <= 8; c++) t3.getCell(r, c).numFmt = '#,##0.00';
  t3.getColumn(2).width = 30;
  const other = wb.addWorksheet('封面');
  other.addRow(['2024年度部门决算公开']);
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

/** Copy a sheet's values, number formats, merges and column widths (enough for recognition). */
function copySheet(src: ExcelJS.Worksheet, dst: ExcelJS.Workbook): void {
  const ws = dst.addWorksheet(src.name);
  src.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const t = ws.getCell(r, c);
      t.value = cell.value;
      if (cell.numFmt) t.numFmt = cell.numFmt;
    });
  });
  const merges = (src.model as unknown as { merges?: string[] }).merges ?? [];
  for (const m of merges) ws.mergeCells(m);
  src.columns?.forEach((col, i) => { if (col.width) ws.getColumn(i + 1).width = col.width; });
}

/**
 * A workbook as a unit keeps it: the nine tables (seed-2024) and the self-evaluation sheets
 * (perf-2024) together. With `breakT3`, one 基本支出 amount of T3 is off by 1 (errors).
 */
export async function combinedWorkbook(opts: { breakT3?: boolean; perf?: boolean; name: string }): Promise<string> {
  const dir = path.join(ROOT, 'build', 'e2e-data');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, opts.name);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(await sampleWorkbook()) as unknown as ArrayBuffer);
  if (opts.breakT3) {
    // One amount of a 项 row of T3 (支出决算表) off by 1: its row sum and its column sums break.
    const { snapshot } = await readSnapshot(fs.readFileSync(await sampleWorkbook()));
    const t3 = checkWorkbook(snapshot).model.T3;
    const row = t3?.rows.find((r) => r.level === 3 && Object.values(r.amounts).some((a) => a && !a.blank && a.value.gt(0)));
    const ref = row && Object.values(row.amounts).find((a) => a && !a.blank && a.value.gt(0))?.ref;
    if (!ref) throw new Error('no T3 amount to break');
    const cell = wb.getWorksheet(ref.sheet)!.getCell(ref.address);
    cell.value = Number(cell.value) + 1;
  }
  if (opts.perf) {
    const perf = new ExcelJS.Workbook();
    await perf.xlsx.load(fs.readFileSync(path.join(ROOT, 'samples', 'perf-2024.xlsx')) as unknown as ArrayBuffer);
    for (const ws of perf.worksheets) copySheet(ws, wb);
  }
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

/** Real .xlsx written with ExcelJS on top of the seed workbook, with some sheets replaced by hand-laid ones. */
import * as fs from 'fs';
import ExcelJS from 'exceljs';
import { checkWorkbook, CheckResult } from '../../src/core/check';
import { readSnapshot } from '../../src/xlsx/read';
import { SAMPLE } from '../helpers';

export type Cell = string | number | null;
export interface SheetSpec { rows: Cell[][]; merges: [number, number, number, number][] }

/** The seed workbook with some sheets replaced (1-based merges, like ExcelJS). */
export async function workbookWith(replace: Record<string, SheetSpec>): Promise<CheckResult> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(SAMPLE) as unknown as ArrayBuffer);
  for (const [name, spec] of Object.entries(replace)) {
    const old = wb.getWorksheet(name);
    if (old) wb.removeWorksheet(old.id);
    const ws = wb.addWorksheet(name);
    spec.rows.forEach((row, r) => row.forEach((v, c) => {
      if (v === null || v === undefined) return;
      const cell = ws.getCell(r + 1, c + 1);
      cell.value = v;
      if (typeof v === 'number' && !Number.isInteger(v)) cell.numFmt = '#,##0.00';
    }));
    for (const m of spec.merges) ws.mergeCells(m[0], m[1], m[2], m[3]);
  }
  const buf = await wb.xlsx.writeBuffer();
  return checkWorkbook((await readSnapshot(new Uint8Array(buf as ArrayBuffer))).snapshot);
}

/** A copy of the sheet with one cell (A1 address, columns A–Z) set. */
export function setAt(spec: SheetSpec, address: string, v: Cell): SheetSpec {
  const c = address.charCodeAt(0) - 65;
  const r = Number(address.slice(1)) - 1;
  const rows = spec.rows.map((row) => [...row]);
  rows[r][c] = v;
  return { rows, merges: spec.merges };
}

/** Warnings and errors, as `rule message` lines. */
export const noErrors = (res: CheckResult) => res.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule} ${f.message}`);

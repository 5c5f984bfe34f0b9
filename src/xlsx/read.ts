/** ExcelJS → WorkbookSnapshot. The CLI, the browser mode and the tests read workbooks through here. */
import ExcelJS from 'exceljs';
import { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot } from '../core/snapshot';

/** The file cannot be read as a workbook: one Chinese line for the user, never a stack trace. */
export class UnreadableWorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableWorkbookError';
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(buf: Uint8Array, magic: number[]): boolean {
  if (buf.length < magic.length) return false;
  return magic.every((b, i) => buf[i] === b);
}

/** Convert one ExcelJS cell value to a snapshot value. */
export function toCellValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const o = v as unknown as Record<string, unknown>;
  if ('error' in o && typeof o.error === 'string') return { kind: 'error', code: o.error };
  if ('richText' in o && Array.isArray(o.richText)) {
    return (o.richText as { text: string }[]).map((p) => p.text).join('');
  }
  if ('formula' in o || 'sharedFormula' in o) {
    const result = o.result as ExcelJS.CellValue | undefined;
    if (result === undefined || result === null) {
      return { kind: 'formula', formula: String(o.formula ?? o.sharedFormula ?? '') };
    }
    return toCellValue(result);
  }
  if ('text' in o && 'hyperlink' in o) return toCellValue(o.text as ExcelJS.CellValue);
  if ('error' in o) return { kind: 'error', code: String(o.error) };
  return String(v);
}

export function sheetSnapshot(ws: ExcelJS.Worksheet): SheetSnapshot {
  const values: CellValue[][] = [];
  const formats: (string | null)[][] = [];
  const formulaCells: string[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const r = rowNumber - 1;
    const vr: CellValue[] = [];
    const fr: (string | null)[] = [];
    // includeEmpty: styled empty cells keep their number format (a blank score cell's format decides text vs number).
    row.eachCell({ includeEmpty: true }, (cell, colNumber) => {
      const c = colNumber - 1;
      // Merged slaves report the master's value in ExcelJS; keep only the master's.
      if (cell.type === ExcelJS.ValueType.Merge) { vr[c] = null; fr[c] = cell.numFmt ?? null; return; }
      vr[c] = toCellValue(cell.value);
      fr[c] = cell.numFmt ?? null;
      if (cell.type === ExcelJS.ValueType.Formula) formulaCells.push(cell.address);
    });
    while (vr.length && vr[vr.length - 1] === null && !fr[vr.length - 1]) { vr.pop(); fr.pop(); }
    for (let c = 0; c < vr.length; c++) {
      if (vr[c] === undefined) vr[c] = null;
      if (fr[c] === undefined) fr[c] = null;
    }
    values[r] = vr;
    formats[r] = fr;
  });
  for (let r = 0; r < values.length; r++) {
    if (!values[r]) { values[r] = []; formats[r] = []; }
  }
  const merges: CellRange[] = [];
  const raw = (ws as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges;
  for (const key of Object.keys(raw ?? {})) {
    const m = raw[key]?.model;
    if (m) merges.push({ r1: m.top - 1, c1: m.left - 1, r2: m.bottom - 1, c2: m.right - 1 });
  }
  return { name: ws.name, values, formats, merges, formulaCells, visible: ws.state === undefined || ws.state === 'visible' };
}

export function workbookSnapshot(wb: ExcelJS.Workbook): WorkbookSnapshot {
  const sheets: SheetSnapshot[] = [];
  wb.eachSheet((ws) => sheets.push(sheetSnapshot(ws)));
  return { sheets };
}

/** Load .xlsx bytes. Throws UnreadableWorkbookError with a zh-CN message for anything unreadable. */
export async function loadWorkbook(data: Uint8Array | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length === 0) throw new UnreadableWorkbookError('文件为空（0 字节），不是 Excel 工作簿');
  if (startsWith(bytes, CFB_MAGIC)) {
    throw new UnreadableWorkbookError('文件已加密或为旧版 .xls 格式：请在 Excel 中取消密码保护并另存为 .xlsx 后再试');
  }
  if (!startsWith(bytes, ZIP_MAGIC) && !startsWith(bytes, ZIP_EMPTY_MAGIC)) {
    throw new UnreadableWorkbookError('不是 .xlsx 工作簿（文件格式无法识别）');
  }
  const wb = new ExcelJS.Workbook();
  try {
    // ExcelJS accepts a Node Buffer or an ArrayBuffer.
    const input = typeof Buffer !== 'undefined' ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.buffer;
    await wb.xlsx.load(input as never);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/end of central directory|corrupt|invalid|unexpected end|zip/i.test(msg)) {
      throw new UnreadableWorkbookError('工作簿文件已损坏或不完整（可能下载中断），无法读取');
    }
    throw new UnreadableWorkbookError(`无法读取工作簿：${msg.split('\n')[0]}`);
  }
  return wb;
}

export async function readSnapshot(data: Uint8Array | ArrayBuffer): Promise<{ workbook: ExcelJS.Workbook; snapshot: WorkbookSnapshot }> {
  const workbook = await loadWorkbook(data);
  return { workbook, snapshot: workbookSnapshot(workbook) };
}

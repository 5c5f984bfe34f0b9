/** Apply a core EditPlan to an ExcelJS workbook (CLI --out, browser-mode download, tests). */
import ExcelJS from 'exceljs';
import { EditPlan, isLinkCell, MarkEdit, SheetEdit, ValueEdit } from '../core/plan';
import { Severity } from '../core/finding';
import { MARK_RGB, SUSPECT_STYLE } from '../core/marks';

export const MARK_ARGB: Record<Severity, string> = {
  error: `FF${MARK_RGB.error}`,
  warning: `FF${MARK_RGB.warning}`,
  info: `FF${MARK_RGB.info}`,
};

const NOTE_HEADER = '【决算助手】';

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function applyMark(wb: ExcelJS.Workbook, e: MarkEdit): void {
  const ws = wb.getWorksheet(e.sheet);
  if (!ws) return;
  const cell = ws.getCell(e.address);
  // ExcelJS shares one style object between cells read with the same format: give this cell its own
  // copy, or the fill would spread to every cell sharing the style.
  cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: MARK_ARGB[e.severity] } } };
  if (e.suspect) {
    // The most likely wrong cell: darker fill and a thick red border (its note names the suggested value).
    const edge: Partial<ExcelJS.Border> = { style: 'thick', color: { argb: `FF${SUSPECT_STYLE.border}` } };
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${SUSPECT_STYLE.fill}` } }, border: { top: edge, left: edge, bottom: edge, right: edge } };
  }
  const existing = cell.note;
  const prior = typeof existing === 'string' ? existing : existing?.texts?.map((t) => t.text).join('') ?? '';
  const ours = `${NOTE_HEADER}\n${e.note}`;
  cell.note = prior ? `${prior}\n\n${ours}` : ours;
}

function applyValue(wb: ExcelJS.Workbook, e: ValueEdit): void {
  const ws = wb.getWorksheet(e.sheet);
  if (!ws) return;
  // Assigning the value keeps the cell's style (and so its number format).
  ws.getCell(e.address).value = e.value;
}

function applySheet(wb: ExcelJS.Workbook, e: SheetEdit): void {
  const existing = wb.getWorksheet(e.name);
  if (existing) {
    if (!e.replace) throw new Error(`工作表“${e.name}”已存在`);
    wb.removeWorksheet(existing.id);
  }
  const ws = wb.addWorksheet(e.name, e.hidden ? { state: 'hidden' } : undefined);
  e.columnWidths.forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  e.rows.forEach((row, ri) => {
    const r = ws.getRow(ri + 1);
    row.cells.forEach((c, ci) => {
      const cell = r.getCell(ci + 1);
      if (c === null || c === undefined) return;
      if (isLinkCell(c)) {
        cell.value = { text: c.text, hyperlink: `${quoteSheet(c.link.sheet)}!${c.link.address}` };
        cell.font = { color: { argb: 'FF0563C1' }, underline: true };
      } else if (typeof c === 'string') {
        // Always text: a leading = + - @ must never become a formula.
        cell.value = c;
        cell.numFmt = '@';
      } else {
        cell.value = c;
      }
      if (e.wrap) cell.alignment = { wrapText: true, vertical: 'top' };
      switch (row.style) {
        case 'title': cell.font = { bold: true, size: 14 }; break;
        case 'heading': cell.font = { bold: true, size: 12 }; break;
        case 'subheading': cell.font = { bold: true }; break;
        case 'header': cell.font = { bold: true }; cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } }; break;
        case 'label': cell.font = { bold: true }; break;
        case 'input': cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } }; break;
        case 'note': cell.font = { italic: true, color: { argb: 'FF7F7F7F' } }; break;
        default: break;
      }
    });
    r.commit?.();
  });
}

export function applyPlan(wb: ExcelJS.Workbook, plan: EditPlan): void {
  for (const e of plan.edits) {
    if (e.kind === 'mark') applyMark(wb, e);
    else if (e.kind === 'value') applyValue(wb, e);
    else applySheet(wb, e);
  }
}

export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/**
 * Apply an EditPlan's value and sheet edits in the open workbook (2 syncs: existence probe, writes).
 * Mark edits go through marks.ts (they need the reversible record).
 */
import { EditPlan, isLinkCell, SheetEdit, ValueEdit } from '../core/plan';
import { Capabilities, capabilities, ExcelEnv } from './env';
import { HostError, toHostError } from './errors';
import { rangeAddress } from './address';
import { columnLetters } from '../core/snapshot';

export interface WriteReport {
  values: number;
  sheets: number;
  syncs: number;
}

/** Column width in points for a width in characters (ExcelJS / core plans use characters). */
function widthPoints(chars: number): number {
  return Math.round(chars * 7 * 0.75 + 5);
}

/** Text that Excel would otherwise parse as a formula or a number is written with a leading apostrophe. */
function safeText(s: string): string {
  return /^[=+\-@]/.test(s) || looksLikeNumber(s) ? `'${s}` : s;
}

/** Text Excel would turn into a number, percentage, date, time or boolean when typed ("99.8%", "10", "2024/1/1"). */
function looksLikeNumber(s: string): boolean {
  const t = s.trim();
  return /^[(]?[$¥￥]?\s*(\d[\d,]*\.?\d*|\.\d+)(e[+-]?\d+)?\s*%?[)]?$/i.test(t)
    || /^\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?$/.test(t)
    || /^\d{1,2}:\d{2}(:\d{2})?(\s*[ap]m?)?$/i.test(t)
    || /^(true|false)$/i.test(t);
}

function writeSheet(context: Excel.RequestContext, e: SheetEdit, exists: boolean, caps: Capabilities): void {
  const sheets = context.workbook.worksheets;
  let ws: Excel.Worksheet;
  if (exists) {
    ws = sheets.getItem(e.name);
    ws.getRange().clear();
  } else {
    ws = sheets.add(e.name);
  }
  const width = Math.max(1, ...e.rows.map((r) => r.cells.length), e.columnWidths.length);
  const height = Math.max(1, e.rows.length);
  const values: (string | number)[][] = [];
  const formats: string[][] = [];
  for (let r = 0; r < height; r++) {
    const row = e.rows[r]?.cells ?? [];
    const vr: (string | number)[] = [];
    const fr: string[] = [];
    for (let c = 0; c < width; c++) {
      const cell = row[c];
      if (cell === null || cell === undefined) {
        vr.push('');
        fr.push('General');
      } else if (isLinkCell(cell)) {
        vr.push(cell.text);
        fr.push('@');
      } else if (typeof cell === 'string') {
        vr.push(cell);
        fr.push('@');
      } else {
        vr.push(cell);
        fr.push('General');
      }
    }
    values.push(vr);
    formats.push(fr);
  }
  const all = ws.getRange(rangeAddress(0, 0, height - 1, width - 1));
  all.numberFormat = formats;
  all.values = values;
  if (e.wrap) {
    all.format.wrapText = true;
    all.format.verticalAlignment = 'Top';
  }
  e.columnWidths.forEach((w, i) => {
    ws.getRange(`${columnLetters(i)}:${columnLetters(i)}`).format.columnWidth = widthPoints(w);
  });
  e.rows.forEach((row, r) => {
    const rowRange = ws.getRange(rangeAddress(r, 0, r, width - 1));
    switch (row.style) {
      case 'title': rowRange.format.font.bold = true; rowRange.format.font.size = 14; break;
      case 'heading': rowRange.format.font.bold = true; rowRange.format.font.size = 12; break;
      case 'subheading': case 'label': rowRange.format.font.bold = true; break;
      case 'header': rowRange.format.font.bold = true; rowRange.format.fill.color = '#D9E1F2'; break;
      case 'input': rowRange.format.fill.color = '#FFF2CC'; break;
      case 'note': rowRange.format.font.italic = true; rowRange.format.font.color = '#7F7F7F'; break;
      default: break;
    }
    if (caps.hyperlinks) {
      row.cells.forEach((cell, c) => {
        if (cell && isLinkCell(cell)) {
          ws.getRange(rangeAddress(r, c, r, c)).hyperlink = {
            documentReference: `'${cell.link.sheet.replace(/'/g, "''")}'!${cell.link.address}`,
            textToDisplay: cell.text,
          };
        }
      });
    }
  });
  if (e.hidden) ws.visibility = 'Hidden';
}

function writeValue(context: Excel.RequestContext, e: ValueEdit): void {
  const range = context.workbook.worksheets.getItem(e.sheet).getRange(e.address);
  range.values = [[typeof e.value === 'string' ? safeText(e.value) : e.value]];
}

/** Apply value and sheet edits. Throws HostError on protected sheets etc. */
export async function applyEdits(env: ExcelEnv, plan: EditPlan, opts: { caps?: Capabilities } = {}): Promise<WriteReport> {
  const caps = opts.caps ?? capabilities(env);
  const report: WriteReport = { values: 0, sheets: 0, syncs: 0 };
  const edits = plan.edits.filter((e) => e.kind !== 'mark');
  if (edits.length === 0) return report;
  if (!caps.nullObjects) throw new HostError('unsupported', '当前 Excel 版本（低于 ExcelApi 1.4）不支持写入工作表。');
  try {
    return await env.run(async (context) => {
      const sync = async () => {
        report.syncs++;
        await context.sync();
      };
      if (caps.events) context.runtime.enableEvents = false;
      const sheetEdits = edits.filter((e): e is SheetEdit => e.kind === 'sheet');
      const probes = sheetEdits.map((e) => {
        const ws = context.workbook.worksheets.getItemOrNullObject(e.name);
        ws.load('name');
        return { e, ws };
      });
      await sync();
      for (const { e, ws } of probes) {
        if (!ws.isNullObject && !e.replace) throw new HostError('other', `工作表“${e.name}”已存在`);
      }
      for (const e of edits) {
        if (e.kind === 'value') {
          writeValue(context, e);
          report.values++;
        } else if (e.kind === 'sheet') {
          const p = probes.find((x) => x.e === e)!;
          writeSheet(context, e, !p.ws.isNullObject, caps);
          report.sheets++;
        }
      }
      if (caps.events) context.runtime.enableEvents = true;
      await sync();
      return report;
    });
  } catch (e) {
    if (caps.events) {
      try {
        await env.run(async (context) => {
          context.runtime.enableEvents = true;
          await context.sync();
        });
      } catch { /* ignore */ }
    }
    throw toHostError(e, '写入工作簿');
  }
}

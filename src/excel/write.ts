/**
 * Apply an EditPlan's value and sheet edits in the open workbook (2 syncs: existence probe, writes;
 * more only when the writes exceed one request's size). Mark edits go through marks.ts.
 */
import { EditPlan, isLinkCell, SheetEdit, ValueEdit } from '../core/plan';
import { Capabilities, capabilities, ExcelEnv, qualified } from './env';
import { HostError, toHostError } from './errors';
import { rangeAddress } from './address';
import { columnLetters } from '../core/snapshot';
import { COMMAND_BYTES, op, Op, runOps, utf8Bytes } from './batch';

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

/** Rows per values/numberFormat write: keeps one command well under the request limit. */
const ROW_BLOCK_BYTES = 512 * 1024;

/**
 * The ops that write (or, when it exists and is ours, replace) a whole sheet. Values go in row blocks of
 * bounded size; row styles and hyperlinks are one op each, so a long 检查结果 list spreads over syncs.
 */
export function sheetOps(e: SheetEdit, exists: boolean, caps: Capabilities): Op[] {
  const ops: Op[] = [];
  const ws = (context: Excel.RequestContext) => context.workbook.worksheets.getItem(e.name);
  ops.push(op(2, [e.name], (context) => {
    if (exists) ws(context).getRange().clear();
    else context.workbook.worksheets.add(e.name);
  }));
  const width = Math.max(1, ...e.rows.map((r) => r.cells.length), e.columnWidths.length);
  const height = Math.max(1, e.rows.length);
  let block: { r1: number; values: (string | number)[][]; formats: string[][]; bytes: number } | null = null;
  const flush = () => {
    if (!block) return;
    const b = block;
    const address = rangeAddress(b.r1, 0, b.r1 + b.values.length - 1, width - 1);
    ops.push({
      bytes: 3 * COMMAND_BYTES + b.bytes,
      run: (context) => {
        const range = ws(context).getRange(address);
        range.numberFormat = b.formats;
        range.values = b.values;
      },
    });
    block = null;
  };
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
    const bytes = utf8Bytes(JSON.stringify(vr)) + utf8Bytes(JSON.stringify(fr));
    if (block && block.bytes + bytes > ROW_BLOCK_BYTES) flush();
    block ??= { r1: r, values: [], formats: [], bytes: 0 };
    block.values.push(vr);
    block.formats.push(fr);
    block.bytes += bytes;
  }
  flush();
  if (e.wrap) {
    const address = rangeAddress(0, 0, height - 1, width - 1);
    ops.push(op(3, [address], (context) => {
      const all = ws(context).getRange(address);
      all.format.wrapText = true;
      all.format.verticalAlignment = 'Top';
    }));
  }
  e.columnWidths.forEach((w, i) => {
    const cols = `${columnLetters(i)}:${columnLetters(i)}`;
    ops.push(op(2, [cols, w], (context) => {
      ws(context).getRange(cols).format.columnWidth = widthPoints(w);
    }));
  });
  e.rows.forEach((row, r) => {
    const address = rangeAddress(r, 0, r, width - 1);
    const style = row.style;
    if (style && style !== 'body') {
      ops.push(op(4, [address, style], (context) => {
        const f = ws(context).getRange(address).format;
        switch (style) {
          case 'title': f.font.bold = true; f.font.size = 14; break;
          case 'heading': f.font.bold = true; f.font.size = 12; break;
          case 'subheading': case 'label': f.font.bold = true; break;
          case 'header': f.font.bold = true; f.fill.color = '#D9E1F2'; break;
          case 'input': f.fill.color = '#FFF2CC'; break;
          case 'note': f.font.italic = true; f.font.color = '#7F7F7F'; break;
          default: break;
        }
      }));
    }
    if (caps.hyperlinks) {
      row.cells.forEach((cell, c) => {
        if (!cell || !isLinkCell(cell)) return;
        const at = rangeAddress(r, c, r, c);
        const link = { documentReference: qualified(cell.link.sheet, cell.link.address), textToDisplay: cell.text };
        ops.push(op(2, [at, link], (context) => {
          ws(context).getRange(at).hyperlink = link;
        }));
      });
    }
  });
  if (e.hidden) ops.push(op(1, [e.name], (context) => { ws(context).visibility = 'Hidden'; }));
  return ops;
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
      const ops: Op[] = [];
      for (const e of edits) {
        if (e.kind === 'value') {
          ops.push(op(3, [e.sheet, e.address, e.value], (ctx) => writeValue(ctx, e)));
          report.values++;
        } else if (e.kind === 'sheet') {
          const p = probes.find((x) => x.e === e)!;
          ops.push(...sheetOps(e, !p.ws.isNullObject, caps));
          report.sheets++;
        }
      }
      if (caps.events) ops.push(op(1, [true], (ctx) => { ctx.runtime.enableEvents = true; }));
      report.syncs += await runOps(context, ops, () => context.sync());
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

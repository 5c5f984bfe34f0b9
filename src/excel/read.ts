/**
 * Read the open workbook into the core's WorkbookSnapshot with a bounded number of sync() calls:
 *   1. the worksheets collection;
 *   2. every sheet's used range (values only) and the used part of A1:IV65536, protection, merged areas;
 *   3. values and number formats of every used range, in chunks of at most `chunkLimit` estimated bytes
 *      (BYTES_PER_CELL, measured with the 会计专用 format and long text), one sync per chunk; a chunk the
 *      host still refuses as too large is split in two and read again.
 * So a normal workbook takes 3 syncs. Never syncs in a loop over sheets or cells.
 *
 * Explicit, never silent: a sheet whose used range reaches beyond A1:IV65536 (a stray value at
 * XFD1048576) is read within that box, with a warning naming the sheet; when the merged areas cannot
 * be read (more than 512 in a sheet, documented limit) the workbook is read without them, with a warning.
 */
import { cellText, CellValue, SheetSnapshot, WorkbookSnapshot, CellRange } from '../core/snapshot';
import { RESULTS_TITLE } from '../core/marks';
import { Capabilities, capabilities, ExcelEnv } from './env';
import { HostError, toHostError } from './errors';
import { parseAreas, rangeAddress } from './address';
import { RECORD_SHEET } from './record';

/**
 * Estimated response bytes per cell of a values + numberFormat load (JSON, UTF-8). A number with the
 * 会计专用 format takes about 97; text cells of Chinese project names more. Chunks are planned with this
 * and split further if the host still refuses one.
 */
export const BYTES_PER_CELL = 160;
/** Default chunk limit: below Excel on the web's 5 MB request/response limit, with margin. */
export const DEFAULT_CHUNK_LIMIT = 4 * 1024 * 1024;
/** Beyond this many used cells the workbook is refused as too large for the pane. */
export const DEFAULT_MAX_CELLS = 3_000_000;
/** Only this box of each sheet is read (the .xls grid: 65,536 rows × 256 columns). */
export const READ_BOX = 'A1:IV65536';

export interface ReadOptions {
  chunkLimit?: number;
  maxCells?: number;
  caps?: Capabilities;
}

export interface ReadResult {
  /** All sheets except the add-in's own (mark record of older versions, 检查结果). */
  snapshot: WorkbookSnapshot;
  /** Sheets whose protection is on. */
  protectedSheets: string[];
  /** zh-CN sentences: what was not read and why. */
  warnings: string[];
  stats: { syncs: number; chunks: number; cells: number; estimatedBytes: number };
}

const ERROR_RE = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|EXTERNAL!|PYTHON!)$/;

function toCell(v: unknown): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = String(v);
  if (ERROR_RE.test(s)) return { kind: 'error', code: s };
  return s;
}

interface Dim {
  sheet: string;
  visible: boolean;
  r0: number;
  c0: number;
  rows: number;
  cols: number;
  merges: CellRange[];
  blank: boolean;
  /** The used range reached beyond READ_BOX (address of the whole used range). */
  beyond?: string;
}

interface Block {
  dim: Dim;
  r1: number; // absolute 0-based
  r2: number;
  bytes: number;
}

/** Split used ranges into row blocks of at most `limit` bytes, then pack blocks into syncs. */
export function planChunks(dims: Dim[], limit: number): Block[][] {
  const blocks: Block[] = [];
  for (const d of dims) {
    if (d.blank) continue;
    const rowBytes = Math.max(1, d.cols * BYTES_PER_CELL);
    const rowsPer = Math.max(1, Math.floor(limit / rowBytes));
    for (let r = d.r0; r < d.r0 + d.rows; r += rowsPer) {
      const r2 = Math.min(d.r0 + d.rows - 1, r + rowsPer - 1);
      blocks.push({ dim: d, r1: r, r2, bytes: (r2 - r + 1) * rowBytes });
    }
  }
  const syncs: Block[][] = [];
  let cur: Block[] = [];
  let size = 0;
  for (const b of blocks) {
    if (cur.length && size + b.bytes > limit) {
      syncs.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(b);
    size += b.bytes;
  }
  if (cur.length) syncs.push(cur);
  return syncs;
}

function isPayloadError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code ?? '';
  return /PayloadSizeLimitExceeded|PayloadTooLarge/.test(code);
}

function dimOf(r: Excel.Range): { r0: number; c0: number; rows: number; cols: number } | null {
  if ((r as unknown as { isNullObject?: boolean }).isNullObject === true) return null;
  return { r0: r.rowIndex, c0: r.columnIndex, rows: r.rowCount, cols: r.columnCount };
}

export async function readWorkbook(env: ExcelEnv, opts: ReadOptions = {}): Promise<ReadResult> {
  const caps = opts.caps ?? capabilities(env);
  if (!caps.basic) throw new HostError('unsupported', '当前 Excel 不支持加载项所需的 ExcelApi 1.1，无法读取工作簿。');
  const limit = opts.chunkLimit ?? DEFAULT_CHUNK_LIMIT;
  const maxCells = opts.maxCells ?? DEFAULT_MAX_CELLS;
  try {
    return await env.run(async (context) => {
      let syncs = 0;
      const sync = async () => {
        syncs++;
        await context.sync();
      };
      const warnings: string[] = [];
      // 1. worksheets
      const sheets = context.workbook.worksheets;
      sheets.load('items/name,items/visibility');
      await sync();

      // 2. used ranges (whole, and within READ_BOX), protection, merged areas
      const probes = sheets.items.map((ws) => {
        const used = caps.nullObjects ? ws.getUsedRangeOrNullObject(caps.valuesOnly) : ws.getUsedRange(caps.valuesOnly);
        used.load('address,rowIndex,columnIndex,rowCount,columnCount');
        const boxed = caps.nullObjects ? ws.getRange(READ_BOX).getUsedRangeOrNullObject(caps.valuesOnly) : null;
        boxed?.load('rowIndex,columnIndex,rowCount,columnCount');
        // On the fixed box, never on a possibly null used range.
        const merged = caps.merges ? ws.getRange(READ_BOX).getMergedAreasOrNullObject() : null;
        merged?.load('address');
        if (caps.valuesOnly) ws.protection.load('protected');
        return { ws, used, boxed, merged };
      });
      let mergesRead = caps.merges;
      try {
        await sync();
      } catch (e) {
        if (!mergesRead || isPayloadError(e)) throw e;
        // Merged areas are the only load here that can fail on a healthy workbook (> 512 in a sheet).
        mergesRead = false;
        for (const p of probes) {
          p.used.load('address,rowIndex,columnIndex,rowCount,columnCount');
          p.boxed?.load('rowIndex,columnIndex,rowCount,columnCount');
          p.merged = null;
          if (caps.valuesOnly) p.ws.protection.load('protected');
        }
        await sync();
        warnings.push('有工作表的合并单元格超过 512 个，Excel 无法一次读出合并信息：已按未合并读取，表头识别可能不完整。');
      }

      const dims: Dim[] = probes.map(({ ws, used, boxed, merged }) => {
        const whole = dimOf(used);
        const inBox = boxed ? dimOf(boxed) : whole;
        const dim = inBox ?? whole;
        const d: Dim = {
          sheet: ws.name,
          visible: ws.visibility === 'Visible',
          r0: dim?.r0 ?? 0,
          c0: dim?.c0 ?? 0,
          rows: dim?.rows ?? 0,
          cols: dim?.cols ?? 0,
          merges: [],
          blank: !dim,
        };
        if (whole && boxed && (!inBox || whole.r0 + whole.rows > inBox.r0 + inBox.rows || whole.c0 + whole.cols > inBox.c0 + inBox.cols)) {
          d.beyond = used.address;
        }
        if (merged && !(merged as unknown as { isNullObject?: boolean }).isNullObject) d.merges = parseAreas(merged.address);
        return d;
      });
      for (const d of dims) {
        if (d.beyond) {
          const where = d.beyond.slice(d.beyond.lastIndexOf('!') + 1);
          warnings.push(`工作表“${d.sheet}”的内容延伸到 ${where}，超出 ${READ_BOX}：只检查了 ${READ_BOX} 以内的数据。若远处的单元格是误输入，可删除它。`);
        }
      }
      const cells = dims.reduce((n, d) => n + (d.blank ? 0 : d.rows * d.cols), 0);
      if (cells > maxCells) {
        const big = [...dims].sort((a, b) => b.rows * b.cols - a.rows * a.cols).slice(0, 3)
          .map((d) => `“${d.sheet}”${(d.rows * d.cols).toLocaleString('zh-CN')} 个`).join('，');
        throw new HostError('too-large', `工作簿的已用区域共有 ${cells.toLocaleString('zh-CN')} 个单元格，超过任务窗格可检查的上限（${maxCells.toLocaleString('zh-CN')}）；最大的工作表：${big}。请删除无关的工作表，或使用命令行 juesuan check。`);
      }

      // 3. values + formats, chunked; a chunk refused as too large is split and read again.
      const plan = planChunks(dims, limit);
      const grids = new Map<Dim, { r1: number; values: unknown[][]; formats: unknown[][] }[]>();
      let chunks = 0;
      const readBlocks = async (blocks: Block[]): Promise<void> => {
        const loads = blocks.map((b) => {
          const range = sheets.getItem(b.dim.sheet).getRange(rangeAddress(b.r1, b.dim.c0, b.r2, b.dim.c0 + b.dim.cols - 1));
          range.load('values,numberFormat');
          return { b, range };
        });
        chunks++;
        try {
          await sync();
        } catch (e) {
          if (!isPayloadError(e)) throw e;
          const halves: Block[][] = blocks.length > 1
            ? [blocks.slice(0, blocks.length >> 1), blocks.slice(blocks.length >> 1)]
            : blocks[0].r1 < blocks[0].r2
              ? (() => {
                const b = blocks[0];
                const mid = (b.r1 + b.r2) >> 1;
                return [[{ ...b, r2: mid }], [{ ...b, r1: mid + 1 }]];
              })()
              : [];
          if (!halves.length) throw e;
          for (const h of halves) await readBlocks(h);
          return;
        }
        for (const { b, range } of loads) {
          const list = grids.get(b.dim) ?? [];
          list.push({ r1: b.r1, values: range.values, formats: range.numberFormat });
          grids.set(b.dim, list);
        }
      };
      for (const chunk of plan) await readBlocks(chunk);

      const snapshotSheets: SheetSnapshot[] = [];
      for (const d of dims) {
        const values: CellValue[][] = [];
        const formats: (string | null)[][] = [];
        for (const part of (grids.get(d) ?? []).sort((a, b) => a.r1 - b.r1)) {
          part.values.forEach((row, i) => {
            const r = part.r1 + i;
            const vr: CellValue[] = new Array(d.c0).fill(null);
            const fr: (string | null)[] = new Array(d.c0).fill(null);
            row.forEach((v, j) => {
              vr.push(toCell(v));
              const f = part.formats[i]?.[j];
              fr.push(typeof f === 'string' ? f : null);
            });
            values[r] = vr;
            formats[r] = fr;
          });
        }
        for (let r = 0; r < values.length; r++) {
          if (!values[r]) {
            values[r] = [];
            formats[r] = [];
          }
        }
        // A blank sheet on hosts without null objects reports A1 as its used range: drop empty tail rows.
        while (values.length && values[values.length - 1].every((v) => v === null)) {
          values.pop();
          formats.pop();
        }
        // The add-in's own sheets are not part of the workbook under check.
        if (d.sheet === RECORD_SHEET || cellText(values[0]?.[0] ?? null) === RESULTS_TITLE) continue;
        snapshotSheets.push({ name: d.sheet, values, formats, merges: d.merges, visible: d.visible });
      }

      const protectedSheets = caps.valuesOnly
        ? probes.filter((p) => p.ws.protection.protected).map((p) => p.ws.name)
        : [];
      return {
        snapshot: { sheets: snapshotSheets },
        protectedSheets,
        warnings,
        stats: { syncs, chunks, cells, estimatedBytes: cells * BYTES_PER_CELL },
      };
    });
  } catch (e) {
    throw toHostError(e, '读取工作簿');
  }
}

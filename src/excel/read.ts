/**
 * Read the open workbook into the core's WorkbookSnapshot with a bounded number of sync() calls:
 *   1. the worksheets collection (+ comments when they are the note store);
 *   2. every sheet's used-range dimensions, protection, merged areas (+ comment locations);
 *   3. values and number formats of every used range, in chunks of at most `chunkLimit` bytes
 *      (estimated) — one sync per chunk, so a normal workbook takes 3 syncs in all and a workbook
 *      beyond the Excel-on-the-web 5 MB payload limit takes 2 + ⌈size / limit⌉.
 * Never syncs in a loop over sheets or cells.
 */
import { CellValue, SheetSnapshot, WorkbookSnapshot, CellRange } from '../core/snapshot';
import { Capabilities, capabilities, ExcelEnv, noteMode } from './env';
import { HostError, toHostError } from './errors';
import { normAddress, parseAreas, rangeAddress } from './address';
import { MarkRecordEntry, parseRecord, RECORD_SHEET } from './record';

/** Estimated bytes per cell of a values + numberFormat response (JSON). */
export const BYTES_PER_CELL = 40;
/** Default chunk limit: below Excel on the web's 5 MB request/response limit, with margin. */
export const DEFAULT_CHUNK_LIMIT = 4 * 1024 * 1024;
/** Beyond this many used cells the workbook is refused as too large for the pane. */
export const DEFAULT_MAX_CELLS = 3_000_000;

export interface ReadOptions {
  chunkLimit?: number;
  maxCells?: number;
  caps?: Capabilities;
}

export interface ExistingComment {
  sheet: string;
  address: string;
  content: string;
}

export interface ReadResult {
  /** All sheets except the adapter's own mark record. */
  snapshot: WorkbookSnapshot;
  /** Marks left by an earlier check (this session or another one). */
  record: MarkRecordEntry[];
  /** Sheets whose protection is on. */
  protectedSheets: string[];
  /** Cells that already carry a threaded comment (only collected when comments are the note store). */
  comments: ExistingComment[];
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

export async function readWorkbook(env: ExcelEnv, opts: ReadOptions = {}): Promise<ReadResult> {
  const caps = opts.caps ?? capabilities(env);
  if (!caps.basic) throw new HostError('unsupported', '当前 Excel 不支持加载项所需的 ExcelApi 1.1，无法读取工作簿。');
  const limit = opts.chunkLimit ?? DEFAULT_CHUNK_LIMIT;
  const maxCells = opts.maxCells ?? DEFAULT_MAX_CELLS;
  const mode = noteMode(caps);
  try {
    return await env.run(async (context) => {
      let syncs = 0;
      const sync = async () => {
        syncs++;
        await context.sync();
      };
      // 1. worksheets (+ comments)
      const sheets = context.workbook.worksheets;
      sheets.load('items/name,items/visibility');
      const comments = mode === 'comments' ? context.workbook.comments : null;
      comments?.load('items/content');
      await sync();

      // 2. used-range dimensions, protection, merges, comment locations
      const probes = sheets.items.map((ws) => {
        const used = caps.nullObjects ? ws.getUsedRangeOrNullObject(caps.valuesOnly) : ws.getUsedRange(caps.valuesOnly);
        used.load('rowIndex,columnIndex,rowCount,columnCount');
        const merged = caps.merges ? used.getMergedAreasOrNullObject() : null;
        merged?.load('address');
        if (caps.valuesOnly) ws.protection.load('protected');
        return { ws, used, merged };
      });
      const locations = comments ? comments.items.map((c) => { const r = c.getLocation(); r.load('address'); return r; }) : [];
      await sync();

      const dims: Dim[] = probes.map(({ ws, used, merged }) => {
        const isNull = (used as unknown as { isNullObject?: boolean }).isNullObject === true;
        const d: Dim = {
          sheet: ws.name,
          visible: ws.visibility === 'Visible',
          r0: isNull ? 0 : used.rowIndex,
          c0: isNull ? 0 : used.columnIndex,
          rows: isNull ? 0 : used.rowCount,
          cols: isNull ? 0 : used.columnCount,
          merges: [],
          blank: isNull,
        };
        if (merged && !(merged as unknown as { isNullObject?: boolean }).isNullObject) d.merges = parseAreas(merged.address);
        return d;
      });
      const cells = dims.reduce((n, d) => n + (d.blank ? 0 : d.rows * d.cols), 0);
      if (cells > maxCells) {
        throw new HostError('too-large', `工作簿的已用区域共有 ${cells.toLocaleString('zh-CN')} 个单元格，超过任务窗格可检查的上限（${maxCells.toLocaleString('zh-CN')}）。请删除无关的工作表或空白区域，或使用命令行 juesuan check。`);
      }

      // 3. values + formats, chunked
      const plan = planChunks(dims, limit);
      const grids = new Map<Dim, { r1: number; values: unknown[][]; formats: unknown[][] }[]>();
      for (const chunk of plan) {
        const loads = chunk.map((b) => {
          const ws = sheets.getItem(b.dim.sheet);
          const range = ws.getRange(rangeAddress(b.r1, b.dim.c0, b.r2, b.dim.c0 + b.dim.cols - 1));
          range.load('values,numberFormat');
          return { b, range };
        });
        await sync();
        for (const { b, range } of loads) {
          const list = grids.get(b.dim) ?? [];
          list.push({ r1: b.r1, values: range.values, formats: range.numberFormat });
          grids.set(b.dim, list);
        }
      }

      const snapshotSheets: SheetSnapshot[] = [];
      let record: MarkRecordEntry[] = [];
      for (const d of dims) {
        const values: CellValue[][] = [];
        const formats: (string | null)[][] = [];
        for (const part of grids.get(d) ?? []) {
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
        const snap: SheetSnapshot = { name: d.sheet, values, formats, merges: d.merges, visible: d.visible };
        if (d.sheet === RECORD_SHEET) record = parseRecord(snap);
        else snapshotSheets.push(snap);
      }

      const protectedSheets = caps.valuesOnly
        ? probes.filter((p) => p.ws.protection.protected).map((p) => p.ws.name)
        : [];
      const existing: ExistingComment[] = [];
      if (comments) {
        comments.items.forEach((c, i) => {
          const addr = locations[i].address;
          const bang = addr.lastIndexOf('!');
          let sheet = addr.slice(0, bang);
          if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
          existing.push({ sheet, address: normAddress(addr.slice(bang + 1)), content: c.content });
        });
      }
      return {
        snapshot: { sheets: snapshotSheets },
        record,
        protectedSheets,
        comments: existing,
        stats: { syncs, chunks: plan.length, cells, estimatedBytes: cells * BYTES_PER_CELL },
      };
    });
  } catch (e) {
    // getMergedAreasOrNullObject fails beyond 512 merged areas: read again without merges.
    if (caps.merges && !(e instanceof HostError)) {
      return readWorkbook(env, { ...opts, caps: { ...caps, merges: false } });
    }
    throw toHostError(e, '读取工作簿');
  }
}

/**
 * Marks in the open workbook that overwrite nothing, so that nothing needs restoring.
 *
 * - Highlight: conditional formats (ExcelApi 1.6). One Custom rule per sheet and kind (error, warning,
 *   info, suspect) over the marked cells (address lists chunked; below ExcelApi 1.9, without
 *   RangeAreas, one rule per run of cells). Every rule's formula carries CF_SIGNATURE, so 清除标记 finds
 *   every rule of ours by scanning the sheets: after a crash, a rename or in another session. The
 *   cells' own fills, theme colours, gradients and the user's rules are never touched.
 * - Notes (ExcelApi 1.18): only on a cell with neither a note nor a threaded comment, starting with
 *   NOTE_MARKER; only notes that start with it are ever changed or deleted.
 * - The 检查结果 sheet: written (replaced on re-check) under the first of 检查结果, 检查结果2, … that is
 *   absent or ours (A1 = RESULTS_TITLE); never over a user's sheet.
 *
 * No record is kept: re-check = clear + mark in one pass, and every intermediate state (Office.js
 * does not roll a batch back) consists of signed rules and notes that the next 清除标记 removes.
 * Syncs: (1) sheets, protection, comments; (2) scan rules, notes, comment locations, results sheet
 * candidates; (3) delete ours, write new. More only when a request would exceed REQUEST_LIMIT.
 */
import { Severity } from '../core/finding';
import { MARK_RGB, RESULTS_SHEET, RESULTS_TITLE, SUSPECT_FONT_RGB, SUSPECT_RGB } from '../core/marks';
import { MarkEdit, SheetEdit } from '../core/plan';
import { normAddress, parseAreas, rangeAddress } from './address';
import { op, Op, runOps } from './batch';
import { Capabilities, capabilities, ExcelEnv, noteMode, NoteMode } from './env';
import { HostError, toHostError } from './errors';
import { NOTE_MARKER, RECORD_SHEET } from './record';
import { legacyOps } from './legacy';
import { sheetOps } from './write';

export { NOTE_MARKER };

/** In the formula of every conditional format the add-in writes. */
export const CF_SIGNATURE = '决算助手标记';

export type MarkKind = Severity | 'suspect';

/** Mark fills (same colours as the annotated copy written by the CLI). */
export const MARK_HEX: Record<Severity, string> = {
  error: `#${MARK_RGB.error}`,
  warning: `#${MARK_RGB.warning}`,
  info: `#${MARK_RGB.info}`,
};

export const MARK_STYLE: Record<MarkKind, { fill: string; fontColor?: string; bold?: boolean }> = {
  error: { fill: MARK_HEX.error },
  warning: { fill: MARK_HEX.warning },
  info: { fill: MARK_HEX.info },
  suspect: { fill: `#${SUSPECT_RGB}`, fontColor: `#${SUSPECT_FONT_RGB}`, bold: true },
};

/** Always TRUE; the string literal is the signature (kept by Excel through renames, copies, saves). */
export function cfFormula(kind: MarkKind): string {
  return `=ISTEXT("${CF_SIGNATURE}:${kind}")`;
}

/**
 * A Custom rule of ours: its formula carries the signature, or it has no formula at all (add() and
 * setting the formula are two commands; a batch interrupted between them leaves such a rule, which
 * Excel's UI cannot create and which formats nothing).
 */
export function isOurFormula(formula: string | null | undefined): boolean {
  if (formula === null || formula === undefined) return true;
  const f = formula.trim();
  return f === '' || f === '=' || f.includes(CF_SIGNATURE);
}

export function isOurNote(content: string | null | undefined): boolean {
  return typeof content === 'string' && content.startsWith(NOTE_MARKER);
}

/** Longest address list of one rule (characters); longer lists are split over several rules. */
export const MAX_RULE_ADDRESS = 2000;

const RESULTS_CANDIDATES = [RESULTS_SHEET, ...Array.from({ length: 8 }, (_, i) => `${RESULTS_SHEET}${i + 2}`)];

export interface MarkReport {
  /** Cells marked. */
  marked: number;
  /** Our rules and notes removed (from an earlier check). */
  removed: number;
  /** Cells left unmarked, with the reason (protected or missing sheet). */
  skipped: { sheet: string; address: string; reason: string }[];
  /** Sheets that still carry marks of ours because they are protected. */
  protectedWithMarks: string[];
  noteMode: NoteMode;
  /** Cells whose note was not attached (the user's note or threaded comment is there). */
  notesSkipped: number;
  /** Name of the 检查结果 sheet written, or null. */
  resultsSheet: string | null;
  /** A sheet named 检查结果 that is not ours was left alone. */
  resultsNameTaken: boolean;
  /** Our 检查结果 sheets deleted (clear). */
  resultsDeleted: string[];
  /** Cells could not be marked at all (ExcelApi below 1.6). */
  unsupported: boolean;
  syncs: number;
}

export interface ClearReport {
  /** Rules and notes of ours removed (and cells of earlier versions restored). */
  removed: number;
  /** Our 检查结果 sheets deleted. */
  resultsDeleted: string[];
  syncs: number;
}

export interface ReplaceOptions {
  caps?: Capabilities;
  /** Attach notes (default true). */
  withNotes?: boolean;
  /** The 检查结果 sheet to write (replacing ours), or 'delete' to remove ours, or undefined to leave it. */
  results?: SheetEdit | 'delete';
  /** Request size per sync (tests). */
  requestLimit?: number;
}

interface Run { r1: number; r2: number; c: number }

/** Vertical runs of cells (column by column), as A1 addresses. */
export function cellRuns(addresses: string[]): string[] {
  const cells = addresses.flatMap((a) => parseAreas(a)).map((b) => ({ r: b.r1, c: b.c1 }));
  cells.sort((a, b) => a.c - b.c || a.r - b.r);
  const runs: Run[] = [];
  for (const x of cells) {
    const last = runs[runs.length - 1];
    if (last && last.c === x.c && x.r <= last.r2 + 1) last.r2 = Math.max(last.r2, x.r);
    else runs.push({ r1: x.r, r2: x.r, c: x.c });
  }
  return runs.map((r) => rangeAddress(r.r1, r.c, r.r2, r.c));
}

/** Join addresses into comma lists of at most `max` characters. */
export function chunkAddresses(addresses: string[], max = MAX_RULE_ADDRESS): string[] {
  const out: string[] = [];
  let cur = '';
  for (const a of addresses) {
    if (cur && cur.length + 1 + a.length > max) {
      out.push(cur);
      cur = '';
    }
    cur = cur ? `${cur},${a}` : a;
  }
  if (cur) out.push(cur);
  return out;
}

/** Longest note we write (Excel allows 32,767 characters; a long note is unreadable anyway). */
export const MAX_NOTE = 2000;

function noteText(e: MarkEdit): string {
  const lines = [NOTE_MARKER, e.note];
  if (e.suspect?.suggested !== undefined) lines.splice(1, 0, `建议值：${e.suspect.suggested}`);
  const text = lines.join('\n');
  return text.length <= MAX_NOTE ? text : `${text.slice(0, MAX_NOTE - 20)}…（其余见“检查结果”表）`;
}

function kindOf(e: MarkEdit): MarkKind {
  return e.suspect ? 'suspect' : e.severity;
}

const key = (sheet: string, address: string) => `${sheet}\u0000${normAddress(address)}`;

function unquote(sheetPart: string): string {
  return sheetPart.startsWith("'") ? sheetPart.slice(1, -1).replace(/''/g, "'") : sheetPart;
}

function addRuleOps(ops: Op[], sheet: string, kind: MarkKind, addresses: string[], caps: Capabilities): void {
  const style = MARK_STYLE[kind];
  const formula = cfFormula(kind);
  const lists = caps.rangeAreas ? chunkAddresses(addresses) : addresses;
  for (const list of lists) {
    ops.push(op(style.bold ? 7 : 5, [sheet, list, formula, style], (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      const target = caps.rangeAreas && list.includes(',') ? ws.getRanges(list) : ws.getRange(list);
      const cf = target.conditionalFormats.add('Custom');
      cf.custom.rule.formula = formula;
      cf.custom.format.fill.color = style.fill;
      if (style.bold) {
        cf.custom.format.font.bold = true;
        cf.custom.format.font.color = style.fontColor!;
      }
    }));
  }
}

/**
 * Replace every mark of ours in the workbook by `edits` (empty: remove them all), and write or delete
 * the 检查结果 sheet. Idempotent; any failure part-way leaves only signed rules/notes behind.
 */
export async function replaceMarks(env: ExcelEnv, edits: MarkEdit[], opts: ReplaceOptions = {}): Promise<MarkReport> {
  const caps = opts.caps ?? capabilities(env);
  const mode: NoteMode = opts.withNotes === false ? 'none' : noteMode(caps);
  const report: MarkReport = {
    marked: 0, removed: 0, skipped: [], protectedWithMarks: [], noteMode: mode, notesSkipped: 0,
    resultsSheet: null, resultsNameTaken: false, resultsDeleted: [], unsupported: !caps.condFormats && edits.length > 0, syncs: 0,
  };
  // Below ExcelApi 1.4 nothing is written (no null objects to probe safely); below 1.6 only the 检查结果
  // sheet is (no conditional formats, so nothing was ever marked either).
  if (!caps.nullObjects) return report;
  const cf = caps.condFormats;
  const limit = opts.requestLimit;
  try {
    return await env.run(async (context) => {
      const sync = async () => {
        report.syncs++;
        await context.sync();
      };
      const runBatch = async (ops: Op[]) => {
        await runOps(context, ops, sync, limit);
      };
      const sheets = context.workbook.worksheets;
      // 1. sheets (+ protection), threaded comments.
      sheets.load(caps.valuesOnly ? 'items/name,items/visibility,items/protection/protected' : 'items/name,items/visibility');
      const comments = mode === 'notes' && caps.comments ? context.workbook.comments : null;
      comments?.load('items/id');
      await sync();
      const present = new Map(sheets.items.map((ws) => [ws.name, ws]));
      const isProtected = (name: string) => caps.valuesOnly && present.get(name)?.protection.protected === true;

      // Edits by sheet; cells on missing or protected sheets are skipped.
      const bySheet = new Map<string, MarkEdit[]>();
      for (const e of cf ? edits : []) {
        const address = normAddress(e.address);
        if (!present.has(e.sheet)) report.skipped.push({ sheet: e.sheet, address, reason: '工作表不存在（可能已改名或删除）' });
        else if (isProtected(e.sheet)) report.skipped.push({ sheet: e.sheet, address, reason: '工作表受保护' });
        else {
          const list = bySheet.get(e.sheet) ?? [];
          list.push({ ...e, address });
          bySheet.set(e.sheet, list);
        }
      }

      // 2. scan: every rule and note of every sheet, notes on target cells, comment locations, results sheets.
      const scans: { ws: Excel.Worksheet; cfs: Excel.ConditionalFormatCollection; notes: Excel.NoteCollection | null }[] = [];
      const probeOps: Op[] = (cf ? sheets.items : []).map((ws) => op(2, [ws.name], () => {
        const cfs = ws.getRange().conditionalFormats;
        cfs.load('items/id,items/type,items/customOrNullObject/rule/formula');
        const notes = caps.notes ? ws.notes : null;
        notes?.load('items/content');
        scans.push({ ws, cfs, notes });
      }));
      const probes: { e: MarkEdit; note: Excel.Note | null }[] = [];
      for (const [sheet, list] of bySheet) {
        for (const e of list) {
          const p: { e: MarkEdit; note: Excel.Note | null } = { e, note: null };
          probes.push(p);
          if (mode === 'notes') {
            probeOps.push(op(3, [sheet, e.address], (ctx) => {
              p.note = ctx.workbook.worksheets.getItem(sheet).notes.getItemOrNullObject(e.address);
              p.note.load('content');
            }));
          }
        }
      }
      const locations: Excel.Range[] = [];
      for (const c of comments?.items ?? []) {
        probeOps.push(op(2, [], () => {
          const r = c.getLocation();
          r.load('address');
          locations.push(r);
        }));
      }
      const candidates: { name: string; a1: Excel.Range; used: Excel.Range | null }[] = [];
      for (const name of RESULTS_CANDIDATES.filter((n) => present.has(n))) {
        probeOps.push(op(4, [name], () => {
          const ws = present.get(name)!;
          const a1 = ws.getRange('A1');
          a1.load('values');
          const used = ws.getUsedRangeOrNullObject(true);
          used.load('address');
          candidates.push({ name, a1, used });
        }));
      }
      if (probeOps.length) await runBatch(probeOps);

      const commentCells = new Set(locations.map((r) => {
        const bang = r.address.lastIndexOf('!');
        return key(unquote(r.address.slice(0, bang)), r.address.slice(bang + 1));
      }));
      // Ours: A1 holds RESULTS_TITLE, or the sheet holds no value (what an interrupted write leaves).
      const ourResults = candidates.filter((c) => c.a1.values?.[0]?.[0] === RESULTS_TITLE || c.used?.isNullObject === true).map((c) => c.name);

      // 3. delete ours, then write.
      const ops: Op[] = [];
      if (caps.events) ops.push(op(1, [false], (ctx) => { ctx.runtime.enableEvents = false; }));
      if (present.has(RECORD_SHEET) && caps.nullObjects) {
        const legacy = await legacyOps(context, new Set(present.keys()), isProtected, caps, runBatch);
        ops.push(...legacy.ops);
        report.removed += legacy.restored;
        report.protectedWithMarks.push(...legacy.blockedBy);
      }
      for (const { ws, cfs, notes } of scans) {
        const ours = cfs.items.filter((cf) => !cf.customOrNullObject.isNullObject && isOurFormula(cf.customOrNullObject.rule.formula));
        const ourNotes = (notes?.items ?? []).filter((n) => isOurNote(n.content));
        if (ours.length + ourNotes.length === 0) continue;
        if (isProtected(ws.name)) {
          report.protectedWithMarks.push(ws.name);
          continue;
        }
        for (const cf of ours) ops.push(op(1, [cf.id], () => cf.delete()));
        for (const n of ourNotes) ops.push(op(1, [], () => n.delete()));
        report.removed += ours.length + ourNotes.length;
      }
      if (opts.results === 'delete') {
        for (const name of ourResults) ops.push(op(2, [name], (ctx) => ctx.workbook.worksheets.getItem(name).delete()));
        report.resultsDeleted = ourResults;
      } else if (opts.results) {
        const target = ourResults[0] ?? RESULTS_CANDIDATES.find((n) => !present.has(n)) ?? null;
        report.resultsNameTaken = present.has(RESULTS_SHEET) && !ourResults.includes(RESULTS_SHEET);
        if (target) {
          ops.push(...sheetOps({ ...opts.results, name: target, replace: true }, present.has(target), caps));
          report.resultsSheet = target;
        }
      }
      for (const [sheet, list] of bySheet) {
        const byKind = new Map<MarkKind, string[]>();
        for (const e of list) {
          const k = kindOf(e);
          byKind.set(k, [...(byKind.get(k) ?? []), e.address]);
        }
        for (const [kind, addresses] of byKind) addRuleOps(ops, sheet, kind, cellRuns(addresses), caps);
        report.marked += list.length;
      }
      if (mode === 'notes') {
        for (const { e, note } of probes) {
          const existing = note && !note.isNullObject ? note.content : null;
          if ((existing !== null && !isOurNote(existing)) || commentCells.has(key(e.sheet, e.address))) {
            report.notesSkipped++;
            continue;
          }
          const content = noteText(e);
          ops.push(op(3, [e.sheet, e.address, content], (ctx) => {
            const ws = ctx.workbook.worksheets.getItem(e.sheet);
            ws.notes.add(ws.getRange(e.address), content);
          }));
        }
      }
      if (caps.events) ops.push(op(1, [true], (ctx) => { ctx.runtime.enableEvents = true; }));
      await runBatch(ops);
      return report;
    });
  } catch (e) {
    await reenableEvents(env, caps);
    throw toHostError(e, edits.length ? '标记单元格' : '清除标记');
  }
}

async function reenableEvents(env: ExcelEnv, caps: Capabilities): Promise<void> {
  if (!caps.events) return;
  try {
    await env.run(async (context) => {
      context.runtime.enableEvents = true;
      await context.sync();
    });
  } catch {
    // nothing more to do
  }
}

/**
 * Remove every mark of ours (rules, notes) and our 检查结果 sheet. Marks on protected sheets cannot be
 * removed: the others are, then a HostError names the sheets to unprotect.
 */
export async function clearMarks(env: ExcelEnv, opts: { caps?: Capabilities; requestLimit?: number } = {}): Promise<ClearReport> {
  const r = await replaceMarks(env, [], { ...opts, results: 'delete' });
  if (r.protectedWithMarks.length) {
    const names = r.protectedWithMarks.map((n) => `“${n}”`).join('、');
    throw new HostError('protected', `清除标记未完成：工作表${names}受保护，其上的决算助手标记无法删除。请先撤销这些工作表的保护（审阅 → 撤销工作表保护），再点“清除标记”。${r.removed ? '其余工作表的标记已清除。' : ''}`);
  }
  return { removed: r.removed, resultsDeleted: r.resultsDeleted, syncs: r.syncs };
}

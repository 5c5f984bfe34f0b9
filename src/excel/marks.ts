/**
 * Reversible marks in the open workbook.
 *
 * applyMarks (2 syncs): (A) load the current fill and note of every cell to be marked or unmarked;
 * (B) write the record sheet, colour the new cells, restore cells no longer in the findings.
 * clearMarks (3 syncs): (1) read the record; (2) load the current state of the recorded cells;
 * (3) restore them and delete the record.
 *
 * A cell whose fill the user changed after marking is left as the user made it (their change wins
 * over our record). Re-checking never stacks: a cell already marked keeps its original state from
 * the record. Values are never written.
 */
import { Severity } from '../core/finding';
import { MarkEdit } from '../core/plan';
import { Capabilities, capabilities, ExcelEnv, noteMode, NoteMode } from './env';
import { HostError, toHostError } from './errors';
import {
  composeNote, FillState, MarkRecordEntry, NOTE_MARKER, parseRecord, RECORD_SHEET, recordKey, recordRows, userPartOfNote,
} from './record';
import { rangeAddress } from './address';
import { CellValue } from '../core/snapshot';
import { MARK_RGB } from '../core/marks';

/** Mark fills (same colours as the annotated copy written by the CLI). */
export const MARK_HEX: Record<Severity, string> = {
  error: `#${MARK_RGB.error}`,
  warning: `#${MARK_RGB.warning}`,
  info: `#${MARK_RGB.info}`,
};

const FILL_PROPS_FULL = 'color,pattern,patternColor,tintAndShade,patternTintAndShade';

export interface MarkReport {
  marked: number;
  restored: number;
  /** Cells left unmarked, with the reason (protected or missing sheet). */
  skipped: { sheet: string; address: string; reason: string }[];
  noteMode: NoteMode;
  /** Cells whose note could not be attached (a comment of the user's is already there). */
  notesSkipped: number;
  syncs: number;
}

export interface ClearReport {
  restored: number;
  /** Cells whose fill the user changed after marking: left as they are. */
  keptUserChanges: number;
  syncs: number;
}

export interface MarkContext {
  /** Existing record (from readWorkbook). */
  record: MarkRecordEntry[];
  /** Sheets present in the workbook. */
  sheets: string[];
  protectedSheets: string[];
  /** Existing threaded comments (from readWorkbook; comments mode only). */
  comments: { sheet: string; address: string; content: string }[];
}

function readFill(fill: Excel.RangeFill, caps: Capabilities): FillState {
  if (!caps.fillPattern) return { color: String(fill.color ?? '').toUpperCase(), pattern: null };
  return {
    color: String(fill.color ?? '').toUpperCase(),
    pattern: fill.pattern,
    patternColor: fill.patternColor,
    tintAndShade: fill.tintAndShade,
    patternTintAndShade: fill.patternTintAndShade,
  };
}

/** Does the cell still show the mark we put there? */
export function showsOurMark(state: FillState, severity: Severity): boolean {
  if (state.color.toUpperCase() !== MARK_HEX[severity]) return false;
  if (state.pattern !== null && state.pattern !== 'Solid') return false;
  return !state.tintAndShade;
}

function isNoFill(f: FillState): boolean {
  // Without the pattern property (ExcelApi < 1.9) No Fill reads as white: treat white as No Fill.
  return f.pattern === 'None' || (f.pattern === null && (f.color === '#FFFFFF' || f.color === ''));
}

function restoreFill(fill: Excel.RangeFill, f: FillState, caps: Capabilities): void {
  if (isNoFill(f)) {
    fill.clear();
    return;
  }
  if (!caps.fillPattern || f.pattern === null) {
    fill.color = f.color;
    return;
  }
  fill.clear();
  fill.pattern = f.pattern as Excel.FillPattern;
  if (f.pattern !== 'Solid' && f.patternColor) fill.patternColor = f.patternColor;
  fill.color = f.color;
  if (typeof f.tintAndShade === 'number') fill.tintAndShade = f.tintAndShade;
  if (typeof f.patternTintAndShade === 'number' && f.pattern !== 'Solid') fill.patternTintAndShade = f.patternTintAndShade;
}

function paintMark(fill: Excel.RangeFill, severity: Severity, caps: Capabilities): void {
  if (caps.fillPattern) fill.pattern = 'Solid';
  fill.color = MARK_HEX[severity];
  if (caps.fillPattern) fill.tintAndShade = 0;
}

/** Write the record sheet (create very hidden / clear / fill) or delete it when empty. */
function writeRecord(context: Excel.RequestContext, entries: MarkRecordEntry[], exists: boolean): void {
  const sheets = context.workbook.worksheets;
  if (entries.length === 0) {
    if (exists) sheets.getItem(RECORD_SHEET).delete();
    return;
  }
  let ws: Excel.Worksheet;
  if (exists) {
    ws = sheets.getItem(RECORD_SHEET);
    ws.getRange().clear();
  } else {
    ws = sheets.add(RECORD_SHEET);
  }
  const rows = recordRows(entries);
  const range = ws.getRange(rangeAddress(0, 0, rows.length - 1, 3));
  range.numberFormat = rows.map((r) => r.map(() => '@'));
  range.values = rows;
  ws.visibility = 'VeryHidden';
}

export function recordExists(ctx: MarkContext): boolean {
  return ctx.record.length > 0;
}

/**
 * Replace the marks in the workbook by `edits` (empty = remove all marks). `withNotes` false leaves
 * notes alone (fill only).
 */
export async function applyMarks(
  env: ExcelEnv,
  edits: MarkEdit[],
  ctx: MarkContext & { recordSheetExists?: boolean },
  opts: { caps?: Capabilities; withNotes?: boolean } = {},
): Promise<MarkReport> {
  const caps = opts.caps ?? capabilities(env);
  const mode: NoteMode = opts.withNotes === false ? 'none' : noteMode(caps);
  const report: MarkReport = { marked: 0, restored: 0, skipped: [], noteMode: mode, notesSkipped: 0, syncs: 0 };
  if (!caps.nullObjects) {
    if (edits.length === 0 && ctx.record.length === 0) return report;
    throw new HostError('unsupported', '当前 Excel 版本（低于 ExcelApi 1.4）无法安全地写入和撤销标记：请选择“仅列出”，在任务窗格中查看问题。');
  }
  const present = new Set(ctx.sheets);
  const prot = new Set(ctx.protectedSheets);
  const oldByKey = new Map(ctx.record.map((e) => [recordKey(e.sheet, e.address), e]));
  const newByKey = new Map<string, MarkEdit>();
  for (const e of edits) {
    const addr = e.address.toUpperCase();
    if (!present.has(e.sheet)) {
      report.skipped.push({ sheet: e.sheet, address: addr, reason: '工作表不存在' });
      continue;
    }
    if (prot.has(e.sheet)) {
      report.skipped.push({ sheet: e.sheet, address: addr, reason: '工作表受保护' });
      continue;
    }
    newByKey.set(recordKey(e.sheet, addr), { ...e, address: addr });
  }
  const commentAt = new Map(ctx.comments.map((c) => [recordKey(c.sheet, c.address), c.content]));
  // Old record entries on protected or missing sheets stay recorded (can't restore them now).
  const keepOld: MarkRecordEntry[] = [];
  const touch: { key: string; sheet: string; address: string }[] = [];
  for (const [key, e] of newByKey) touch.push({ key, sheet: e.sheet, address: e.address });
  for (const [key, e] of oldByKey) {
    if (newByKey.has(key)) continue;
    if (!present.has(e.sheet) || prot.has(e.sheet)) {
      if (present.has(e.sheet)) keepOld.push(e);
      continue;
    }
    touch.push({ key, sheet: e.sheet, address: e.address });
  }
  const recordSheetExists = ctx.recordSheetExists ?? ctx.record.length > 0;
  if (touch.length === 0 && !recordSheetExists) return report;

  try {
    return await env.run(async (context) => {
      const sync = async () => {
        report.syncs++;
        await context.sync();
      };
      const sheets = context.workbook.worksheets;
      // A: load current state; stop our own writes from raising events.
      if (caps.events) context.runtime.enableEvents = false;
      const probes = touch.map((t) => {
        const ws = sheets.getItem(t.sheet);
        const range = ws.getRange(t.address);
        range.format.fill.load(caps.fillPattern ? FILL_PROPS_FULL : 'color');
        let note: Excel.Note | null = null;
        if (mode === 'notes') {
          note = ws.notes.getItemOrNullObject(t.address);
          note.load('content');
        }
        return { ...t, ws, range, note };
      });
      const recordProbe = sheets.getItemOrNullObject(RECORD_SHEET);
      recordProbe.load('name');
      await sync();

      // B: record first, then the cells.
      const entries: MarkRecordEntry[] = [...keepOld];
      const writes: (() => void)[] = [];
      for (const p of probes) {
        const cur = readFill(p.range.format.fill, caps);
        const old = oldByKey.get(p.key);
        const fresh = newByKey.get(p.key);
        const stillOurs = old ? showsOurMark(cur, old.severity) : false;
        const curNote = p.note && !p.note.isNullObject ? p.note.content : null;
        const hasOurComment = (commentAt.get(p.key) ?? '').startsWith(NOTE_MARKER);
        if (fresh) {
          const original: FillState = stillOurs && old ? old.fill : cur;
          const userNote = mode === 'notes' ? userPartOfNote(curNote) : old?.note ?? null;
          let noteKind: MarkRecordEntry['noteKind'] = 'none';
          if (mode === 'notes') noteKind = 'note';
          else if (mode === 'comments') {
            if (commentAt.has(p.key) && !hasOurComment) report.notesSkipped++;
            else noteKind = 'comment';
          }
          entries.push({ sheet: p.sheet, address: p.address, severity: fresh.severity, fill: original, note: userNote, noteKind });
          writes.push(() => {
            paintMark(p.range.format.fill, fresh.severity, caps);
            if (mode === 'notes') {
              const content = composeNote(userNote, fresh.note);
              if (p.note && !p.note.isNullObject) p.note.content = content;
              else p.ws.notes.add(p.range, content);
            } else if (noteKind === 'comment') {
              const content = `${NOTE_MARKER}\n${fresh.note}`;
              if (hasOurComment) context.workbook.comments.getItemByCell(p.range).content = content;
              else context.workbook.comments.add(p.range, content);
            }
          });
          report.marked++;
        } else if (old) {
          writes.push(() => {
            if (stillOurs) restoreFill(p.range.format.fill, old.fill, caps);
            if (p.note && !p.note.isNullObject && curNote?.includes(NOTE_MARKER)) {
              const user = userPartOfNote(curNote);
              if (user === null) p.note.delete();
              else p.note.content = user;
            }
            if (mode === 'comments' && hasOurComment) context.workbook.comments.getItemByCell(p.range).delete();
          });
          report.restored++;
        }
      }
      writeRecord(context, entries, !recordProbe.isNullObject);
      for (const w of writes) w();
      if (caps.events) context.runtime.enableEvents = true;
      await sync();
      return report;
    });
  } catch (e) {
    await reenableEvents(env, caps);
    throw toHostError(e, '标记单元格');
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

/** Restore every cell in the record and delete the record (works in any later session). */
export async function clearMarks(env: ExcelEnv, opts: { caps?: Capabilities } = {}): Promise<ClearReport> {
  const caps = opts.caps ?? capabilities(env);
  const report: ClearReport = { restored: 0, keptUserChanges: 0, syncs: 0 };
  if (!caps.nullObjects) return report;
  const mode = noteMode(caps);
  try {
    return await env.run(async (context) => {
      const sync = async () => {
        report.syncs++;
        await context.sync();
      };
      const sheets = context.workbook.worksheets;
      // 1: the record, the sheet names, existing comments.
      if (caps.events) context.runtime.enableEvents = false;
      const recordWs = sheets.getItemOrNullObject(RECORD_SHEET);
      recordWs.load('name');
      const used = recordWs.getUsedRangeOrNullObject(true);
      used.load('values');
      sheets.load('items/name');
      const comments = mode === 'comments' ? context.workbook.comments : null;
      comments?.load('items/content');
      await sync();
      if (recordWs.isNullObject) {
        if (caps.events) {
          context.runtime.enableEvents = true;
          await sync();
        }
        return report;
      }
      const values = used.isNullObject ? [] : (used.values as CellValue[][]);
      const record = parseRecord({ name: RECORD_SHEET, values, merges: [] });
      const names = new Set(sheets.items.map((s) => s.name));
      const targets = record.filter((e) => names.has(e.sheet));

      // 2: current state of every recorded cell (+ where comments sit).
      const probes = targets.map((e) => {
        const ws = sheets.getItem(e.sheet);
        const range = ws.getRange(e.address);
        range.format.fill.load(caps.fillPattern ? FILL_PROPS_FULL : 'color');
        let note: Excel.Note | null = null;
        if (mode === 'notes' && e.noteKind === 'note') {
          note = ws.notes.getItemOrNullObject(e.address);
          note.load('content');
        }
        return { e, ws, range, note };
      });
      const locations = comments ? comments.items.map((c) => { const r = c.getLocation(); r.load('address'); return { c, r }; }) : [];
      await sync();

      // 3: restore, drop the record.
      const ourComments = new Set<string>();
      for (const { c, r } of locations) {
        if (!c.content.startsWith(NOTE_MARKER)) continue;
        const bang = r.address.lastIndexOf('!');
        let sheet = r.address.slice(0, bang);
        if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
        ourComments.add(recordKey(sheet, r.address.slice(bang + 1).replace(/\$/g, '')));
      }
      for (const p of probes) {
        const cur = readFill(p.range.format.fill, caps);
        if (showsOurMark(cur, p.e.severity)) {
          restoreFill(p.range.format.fill, p.e.fill, caps);
          report.restored++;
        } else report.keptUserChanges++;
        if (p.note && !p.note.isNullObject && p.note.content.includes(NOTE_MARKER)) {
          const user = userPartOfNote(p.note.content);
          if (user === null) p.note.delete();
          else p.note.content = user;
        }
        if (p.e.noteKind === 'comment' && ourComments.has(recordKey(p.e.sheet, p.e.address))) {
          context.workbook.comments.getItemByCell(p.range).delete();
        }
      }
      recordWs.delete();
      if (caps.events) context.runtime.enableEvents = true;
      await sync();
      return report;
    });
  } catch (e) {
    await reenableEvents(env, caps);
    throw toHostError(e, '清除标记');
  }
}

/**
 * Marks of earlier versions of the add-in: they painted cell fills and kept the original look on a very
 * hidden record sheet (RECORD_SHEET). Restored once, then the record is made visible-hidden (the
 * documented precondition: deleting a VeryHidden sheet throws InvalidOperation) and deleted — last, so
 * that an interrupted restore can simply run again. A fill the user changed since marking is kept.
 * Runs only when the record sheet exists (2 extra syncs).
 */
import { Severity } from '../core/finding';
import { CellValue } from '../core/snapshot';
import { MARK_RGB } from '../core/marks';
import { Capabilities } from './env';
import { FillState, NOTE_MARKER, parseRecord, RECORD_SHEET, userPartOfNote } from './record';
import { op, Op } from './batch';

const FILL_PROPS_FULL = 'color,pattern,patternColor,tintAndShade,patternTintAndShade';

function readFill(fill: Excel.RangeFill, caps: Capabilities): FillState {
  const color = String(fill.color ?? '').toUpperCase();
  if (!caps.fillPattern) return { color, pattern: null };
  return { color, pattern: fill.pattern, patternColor: fill.patternColor, tintAndShade: fill.tintAndShade, patternTintAndShade: fill.patternTintAndShade };
}

/** Does the cell still show the fill an earlier version painted? */
export function showsLegacyMark(state: FillState, severity: Severity): boolean {
  if (state.color.toUpperCase() !== `#${MARK_RGB[severity]}`) return false;
  if (state.pattern !== null && state.pattern !== 'Solid') return false;
  return !state.tintAndShade;
}

function restoreFill(fill: Excel.RangeFill, f: FillState, caps: Capabilities): void {
  // Without the pattern property (ExcelApi < 1.9) No Fill reads as white: treat white as No Fill.
  if (f.pattern === 'None' || (f.pattern === null && (f.color === '#FFFFFF' || f.color === ''))) {
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

/**
 * A state an interrupted restoreFill leaves (Office.js does not roll back): No Fill after clear(), or the
 * recorded pattern with white or the recorded colour. Restoring again finishes the job; any other
 * look is a change of the user's and is kept.
 */
function midRestore(cur: FillState, f: FillState): boolean {
  if (cur.pattern === null || f.pattern === null) return false;
  if (cur.pattern === 'None') return true;
  return cur.pattern === f.pattern && (cur.color === '#FFFFFF' || cur.color === f.color.toUpperCase());
}

/** Ops that restore the legacy marks and then delete the record; loads the record and cell states first. */
export async function legacyOps(
  context: Excel.RequestContext,
  sheetNames: Set<string>,
  isProtected: (sheet: string) => boolean,
  caps: Capabilities,
  runBatch: (ops: Op[]) => Promise<void>,
): Promise<{ ops: Op[]; restored: number; blockedBy: string[] }> {
  const ws = context.workbook.worksheets.getItem(RECORD_SHEET);
  const used = ws.getUsedRangeOrNullObject(true);
  used.load('values');
  const probes: { sheet: string; address: string; severity: Severity; fill: FillState; range: Excel.Range; note: Excel.Note | null }[] = [];
  await runBatch([op(1, [], () => undefined)]);
  const values = used.isNullObject ? [] : (used.values as CellValue[][]);
  const entries = parseRecord({ name: RECORD_SHEET, values, merges: [] }).filter((e) => sheetNames.has(e.sheet));
  // The record is the only copy of the original fills: keep it whole until every sheet can be restored.
  const blockedBy = [...new Set(entries.filter((e) => isProtected(e.sheet)).map((e) => e.sheet))];
  if (blockedBy.length) return { ops: [], restored: 0, blockedBy };
  await runBatch(entries.map((e) => op(3, [e.sheet, e.address], (ctx) => {
    const sheet = ctx.workbook.worksheets.getItem(e.sheet);
    const range = sheet.getRange(e.address);
    range.format.fill.load(caps.fillPattern ? FILL_PROPS_FULL : 'color');
    let note: Excel.Note | null = null;
    if (caps.notes && e.noteKind === 'note') {
      note = sheet.notes.getItemOrNullObject(e.address);
      note.load('content');
    }
    probes.push({ ...e, range, note });
  })));
  const ops: Op[] = [];
  let restored = 0;
  for (const p of probes) {
    const cur = readFill(p.range.format.fill, caps);
    if (showsLegacyMark(cur, p.severity) || midRestore(cur, p.fill)) {
      ops.push(op(6, [p.fill], () => restoreFill(p.range.format.fill, p.fill, caps)));
      restored++;
    }
    const content = p.note && !p.note.isNullObject ? p.note.content : null;
    // A note that starts with NOTE_MARKER is deleted by the scan for current marks (marks.ts).
    if (p.note && content?.includes(NOTE_MARKER) && !content.startsWith(NOTE_MARKER)) {
      const user = userPartOfNote(content);
      const note = p.note;
      ops.push(op(1, [user], () => {
        if (user === null) note.delete();
        else note.content = user;
      }));
    }
  }
  ops.push(op(2, [RECORD_SHEET], (ctx) => {
    const rec = ctx.workbook.worksheets.getItem(RECORD_SHEET);
    rec.visibility = 'Hidden';
    rec.delete();
  }));
  return { ops, restored, blockedBy };
}

/**
 * The mark record of earlier versions (read only, to restore their marks: see legacy.ts): what every
 * marked cell looked like before the check painted it, on a very hidden sheet. One row per cell:
 * sheet | address | severity | JSON state. Current versions keep no record (marks.ts).
 */
import { Severity } from '../core/finding';
import { cellText, SheetSnapshot } from '../core/snapshot';

export const RECORD_SHEET = '_决算助手标记';
export const RECORD_HEADER = '# 决算助手标记记录 v1（请勿修改；用任务窗格的“清除标记”恢复单元格原格式）';
/** Starts every note the add-in writes, so that it can tell its notes from the user's. */
export const NOTE_MARKER = '【决算助手】';

/** Original fill. pattern null: the host could not report it (ExcelApi < 1.9). */
export interface FillState {
  color: string;
  pattern: string | null;
  patternColor?: string;
  tintAndShade?: number;
  patternTintAndShade?: number;
}

export interface MarkRecordEntry {
  sheet: string;
  address: string;
  severity: Severity;
  fill: FillState;
  /** The user's own note text before marking (null: the cell had none). */
  note: string | null;
  /** How our text was attached: a note, a threaded comment we added, or nothing. */
  noteKind: 'note' | 'comment' | 'none';
}

export function recordRows(entries: MarkRecordEntry[]): (string | number)[][] {
  return [
    [RECORD_HEADER, '', '', ''],
    ...entries.map((e) => [
      e.sheet,
      e.address,
      e.severity,
      JSON.stringify({ fill: e.fill, note: e.note, noteKind: e.noteKind }),
    ]),
  ];
}

export function parseRecord(sheet: SheetSnapshot): MarkRecordEntry[] {
  const out: MarkRecordEntry[] = [];
  for (const row of sheet.values) {
    if (!row) continue;
    const name = cellText(row[0] ?? null);
    if (!name || name.startsWith('#')) continue;
    try {
      const data = JSON.parse(cellText(row[3] ?? null)) as Pick<MarkRecordEntry, 'fill' | 'note' | 'noteKind'>;
      const severity = cellText(row[2] ?? null) as Severity;
      if (!data.fill || typeof data.fill.color !== 'string') continue;
      out.push({
        sheet: name,
        address: cellText(row[1] ?? null).toUpperCase(),
        severity: severity === 'error' || severity === 'warning' || severity === 'info' ? severity : 'error',
        fill: data.fill,
        note: typeof data.note === 'string' ? data.note : null,
        noteKind: data.noteKind === 'note' || data.noteKind === 'comment' ? data.noteKind : 'none',
      });
    } catch {
      // A damaged row: leave that cell as it is rather than guess its format.
    }
  }
  return out;
}

/** The user's part of a note that may carry our block ("user text\n\n【决算助手】…"). */
export function userPartOfNote(content: string | null | undefined): string | null {
  if (content === null || content === undefined) return null;
  const i = content.indexOf(NOTE_MARKER);
  if (i < 0) return content;
  const own = content.slice(0, i).replace(/\s+$/, '');
  return own.length ? own : null;
}

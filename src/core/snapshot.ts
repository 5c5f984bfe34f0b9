/**
 * Workbook snapshot: the one shape every adapter (ExcelJS, Office.js) produces and the core reads.
 * Grids are dense and anchored at A1: values[r][c] is Excel row r+1, column c+1.
 */

export interface CellError { kind: 'error'; code: string }
/** A formula whose result was never cached (file written by a tool that does not calculate). */
export interface FormulaNoValue { kind: 'formula'; formula: string }
export type CellValue = string | number | boolean | null | CellError | FormulaNoValue;

/** 0-based, inclusive. */
export interface CellRange { r1: number; c1: number; r2: number; c2: number }

export interface SheetSnapshot {
  name: string;
  values: CellValue[][];
  /** Number format per cell, same shape as values where known ('General' or null when unknown). */
  formats?: (string | null)[][];
  merges: CellRange[];
  /** A1 addresses of cells holding a formula (their value is the cached result). */
  formulaCells?: string[];
  /** false for hidden / very hidden sheets. */
  visible?: boolean;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
}

export function isCellError(v: CellValue): v is CellError {
  return typeof v === 'object' && v !== null && (v as CellError).kind === 'error';
}
export function isFormulaNoValue(v: CellValue): v is FormulaNoValue {
  return typeof v === 'object' && v !== null && (v as FormulaNoValue).kind === 'formula';
}

export function cellAt(sheet: SheetSnapshot, r: number, c: number): CellValue {
  const row = sheet.values[r];
  if (!row) return null;
  const v = row[c];
  return v === undefined ? null : v;
}

export function formatAt(sheet: SheetSnapshot, r: number, c: number): string | null {
  return sheet.formats?.[r]?.[c] ?? null;
}

export function rowCount(sheet: SheetSnapshot): number {
  return sheet.values.length;
}
export function colCount(sheet: SheetSnapshot): number {
  let n = 0;
  for (const row of sheet.values) if (row.length > n) n = row.length;
  return n;
}

/** Text of a cell for label matching ('' for blanks, numbers as written). */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isCellError(v)) return v.code;
  return '';
}

const LETTERS: string[] = [];
export function columnLetters(c: number): string {
  if (c < 1024) return (LETTERS[c] ??= lettersOf(c));
  return lettersOf(c);
}
function lettersOf(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 0-based row/col → "B7". */
export function a1(r: number, c: number): string {
  return `${columnLetters(c)}${r + 1}`;
}

/** "B7" → {r:6,c:1}; accepts "$B$7". Returns null when not an address. */
export function parseA1(addr: string): { r: number; c: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(addr.trim());
  if (!m) return null;
  let c = 0;
  for (const ch of m[1].toUpperCase()) c = c * 26 + (ch.charCodeAt(0) - 64);
  return { r: parseInt(m[2], 10) - 1, c: c - 1 };
}

/** The merged area that covers (r,c), if any. */
export function mergeAt(sheet: SheetSnapshot, r: number, c: number): CellRange | undefined {
  return sheet.merges.find((m) => r >= m.r1 && r <= m.r2 && c >= m.c1 && c <= m.c2);
}

/** Value of (r,c), or of the top-left cell of the merged area covering it. */
export function mergedValue(sheet: SheetSnapshot, r: number, c: number): CellValue {
  const m = mergeAt(sheet, r, c);
  return m ? cellAt(sheet, m.r1, m.c1) : cellAt(sheet, r, c);
}

/**
 * Edit plans: the core decides what to change, adapters (ExcelJS, Office.js) apply it.
 * A plan never holds an instruction to change a value the user typed, except `value` edits on
 * cells the scoring engine owns (score cells), each with its old value for review and undo.
 */
import { CellValue } from './snapshot';
import { Severity } from './finding';

/** Highlight a cell and attach a note listing the findings on it. */
export interface MarkEdit {
  kind: 'mark';
  sheet: string;
  address: string;
  severity: Severity;
  /** Note text (zh-CN), one line per finding. */
  note: string;
  /** The cell is a suspect (most likely wrong cell, issue 14): adapters show it distinctly. */
  suspect?: { suggested?: string; confidence: 'high' | 'medium' | 'low' };
}

/** Write a value into a cell, keeping its number format. */
export interface ValueEdit {
  kind: 'value';
  sheet: string;
  address: string;
  value: number | string;
  old: CellValue;
  /** Human label, e.g. "指标得分". */
  label?: string;
}

export interface LinkCell {
  text: string;
  link: { sheet: string; address: string };
}
export type SheetCell = string | number | null | LinkCell;

export type RowStyle = 'title' | 'heading' | 'subheading' | 'body' | 'header' | 'label' | 'input' | 'note';

export interface SheetRow {
  cells: SheetCell[];
  style?: RowStyle;
}

/** Create (or replace, when the sheet is the plan's own) a whole sheet. */
export interface SheetEdit {
  kind: 'sheet';
  name: string;
  /** Replace the sheet if it exists (only for sheets the product owns: 检查结果, 决算说明). */
  replace: boolean;
  columnWidths: number[];
  rows: SheetRow[];
  /** Wrap text in every cell (narrative paragraphs). */
  wrap?: boolean;
  /** Hide the sheet (settings store). */
  hidden?: boolean;
}

export type Edit = MarkEdit | ValueEdit | SheetEdit;

export interface EditPlan {
  edits: Edit[];
}

export function isLinkCell(c: SheetCell): c is LinkCell {
  return typeof c === 'object' && c !== null && 'link' in c;
}

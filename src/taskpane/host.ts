/**
 * What the pane needs from its surroundings. Two implementations: Excel (src/excel/host.ts, Office.js)
 * and browser mode (browser-host.ts, ExcelJS loaded lazily). Components receive a host and call
 * only these actions, so every tab (检查, 绩效自评, 说明) works the same in both modes.
 */
import { CellRef, Finding, Suspect } from '../core/finding';
import { EditPlan } from '../core/plan';
import { Settings } from '../core/settings';
import { WorkbookSnapshot } from '../core/snapshot';

export type HostMode = 'excel' | 'browser';

export interface HostFeatures {
  /** Marks can be written into the open workbook (Excel, ExcelApi 1.4+). */
  marks: boolean;
  /** Notes attached to marked cells: notes (1.18), comments (1.10) or none. */
  notes: 'notes' | 'comments' | 'none';
  /** Clicking a finding selects its cells in the workbook. */
  select: boolean;
  /** An annotated copy can be downloaded (browser mode). */
  download: boolean;
}

export interface MarkOutcome {
  marked: number;
  restored: number;
  /** Chinese sentences for the pane (skipped protected sheets, notes not attached, …). */
  warnings: string[];
}

export interface ClearOutcome {
  restored: number;
  keptUserChanges: number;
  /** zh-CN sentence describing what was removed (Excel: rules, notes, 检查结果 sheet); preferred when set. */
  summary?: string;
}

/** Optional extras of mark(): all optional, so older callers keep working. */
export interface MarkExtras {
  /** The whole check, for the 检查结果 sheet (written in Excel mode, replaced on re-check, even in list-only mode). */
  results?: { findings: Finding[]; tables: { table: string; sheet: string }[] };
  /** Suspects of the check (CheckResult.suspects): shown distinctly, with the suggested value in the note. */
  suspects?: Suspect[];
  /** Mark info findings too (default: listed only). */
  infos?: boolean;
}

export interface WorkbookHost {
  readonly mode: HostMode;
  readonly features: HostFeatures;
  /** Display name of the workbook (file name in browser mode). */
  workbookName(): string | null;
  /** Read the whole workbook into a snapshot (Excel: ≤ 3 syncs for normal sizes). */
  read(): Promise<WorkbookSnapshot>;
  /** Replace the marks in the workbook by those of `findings` (empty list: remove all marks). */
  mark(findings: Finding[], opts: { withNotes: boolean } & MarkExtras): Promise<MarkOutcome>;
  /** Restore every marked cell and forget the marks. */
  clearMarks(): Promise<ClearOutcome>;
  /** Select and scroll to cells (no-op in browser mode). */
  select(cells: CellRef[]): Promise<void>;
  /** Store settings inside the workbook (hidden settings sheet). */
  saveSettings(settings: Settings): Promise<void>;
  /** Apply value/sheet edits (scoring, narrative tabs). */
  applyEdits(plan: EditPlan): Promise<void>;
  /** Browser mode: download the workbook with `plan` applied (annotated copy). */
  download?(plan: EditPlan, suggestedName: string): Promise<void>;
}

/**
 * Browser mode: no Office. The user opens an .xlsx; it is read in the page (ExcelJS, loaded lazily)
 * and becomes the one working workbook of the three tabs: 填入得分, 写入说明, 补充信息 and settings
 * apply to it in memory, every tab reads it with the edits, and one 下载 writes the original file
 * with every edit (plus the check's marks) into a copy. Nothing is sent anywhere.
 */
import type ExcelJS from 'exceljs';
import { CellRef, Finding, Suspect } from '../core/finding';
import { annotationPlan } from '../core/marks';
import { Edit, EditPlan } from '../core/plan';
import { Settings, SETTINGS_SHEET, settingsSheetEdit } from '../core/settings';
import { WorkbookSnapshot } from '../core/snapshot';
import { ClearOutcome, MarkOutcome, WorkbookHost } from './host';

export type XlsxOps = typeof import('./xlsx-ops');

let opsPromise: Promise<XlsxOps> | null = null;
export function loadXlsx(): Promise<XlsxOps> {
  opsPromise ??= import(/* webpackChunkName: "xlsx" */ './xlsx-ops');
  return opsPromise;
}

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export class FileTooLargeError extends Error {}

export class NotXlsxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableWorkbookError';
  }
}

/** What the working copy changed, per sheet, for the list next to 下载. */
export interface ChangeSummary {
  /** Sheets created or replaced whole (决算说明, 补充信息, 检查结果…). */
  sheets: string[];
  /** Cells written, per sheet (A1 addresses, first occurrence order). */
  cells: { sheet: string; addresses: string[] }[];
  settings: boolean;
  /** Cells the check would mark in the copy (0 when no check was run). */
  marks: number;
}

export function summarizeEdits(edits: Edit[], marks = 0): ChangeSummary {
  const sheets: string[] = [];
  const cells = new Map<string, string[]>();
  let settings = false;
  for (const e of edits) {
    if (e.kind === 'sheet') {
      if (e.name === SETTINGS_SHEET) settings = true;
      else if (!sheets.includes(e.name)) sheets.push(e.name);
    } else if (e.kind === 'value') {
      if (sheets.includes(e.sheet)) continue;
      const list = cells.get(e.sheet) ?? [];
      if (!list.includes(e.address)) list.push(e.address);
      cells.set(e.sheet, list);
    }
  }
  return { sheets, cells: [...cells].filter(([s]) => !sheets.includes(s)).map(([sheet, addresses]) => ({ sheet, addresses })), settings, marks };
}

/** Chinese lines for the change list, e.g. "补充信息：新建工作表", "项目1：F7、F8 等 12 个单元格". */
export function changeLines(c: ChangeSummary): string[] {
  const out: string[] = [];
  for (const s of c.sheets) out.push(`工作表“${s}”：新建或整表替换`);
  for (const { sheet, addresses } of c.cells) {
    out.push(`“${sheet}”：${addresses.slice(0, 4).join('、')}${addresses.length > 4 ? ` 等 ${addresses.length} 个单元格` : ''}`);
  }
  if (c.marks) out.push(`检查标注：${c.marks} 个单元格着色并加批注，新增工作表“检查结果”`);
  if (c.settings) out.push('设置：隐藏工作表“_决算助手设置”');
  return out;
}

export class BrowserHost implements WorkbookHost {
  readonly mode = 'browser' as const;
  readonly features = { marks: false, notes: 'none' as const, select: false, download: true };
  private bytes: Uint8Array | null = null;
  private name: string | null = null;
  /** The working copy: the file with every edit of this session applied. */
  private work: ExcelJS.Workbook | null = null;
  private snapshot: WorkbookSnapshot | null = null;
  /** Every edit applied to the working copy, in order (replayed on the original for 下载). */
  private log: Edit[] = [];
  /** The check's findings to mark in the copy (set by the 检查 tab; recomputed at 下载). */
  private marksWanted = false;

  constructor(private saveFile: (blob: Blob, name: string) => void = saveBlob) {}

  hasFile(): boolean {
    return this.bytes !== null;
  }

  workbookName(): string | null {
    return this.name;
  }

  /**
   * Take a file chosen or dropped by the user. The file is parsed first: when it is not a readable
   * .xlsx the current workbook (and its edits) stays open and the error is thrown.
   */
  async open(name: string, bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength > MAX_FILE_BYTES) {
      throw new FileTooLargeError(`文件“${name}”有 ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB，超过浏览器模式可检查的上限（50 MB）。请使用命令行 juesuan check。`);
    }
    if (!/\.xlsx$/i.test(name)) {
      throw new NotXlsxError(`“${name}”不是 .xlsx 工作簿。请打开 Excel 2007 及以后格式的 .xlsx 文件（.xls、.et 请先在 Excel 或 WPS 中另存为 .xlsx）。`);
    }
    const ops = await loadXlsx();
    const { workbook, snapshot } = await ops.readSnapshot(bytes);
    this.bytes = bytes;
    this.name = name;
    this.work = workbook;
    this.snapshot = snapshot;
    this.log = [];
    this.marksWanted = false;
  }

  async read(): Promise<WorkbookSnapshot> {
    if (!this.work) throw new Error('请先打开一个 .xlsx 工作簿');
    if (!this.snapshot) {
      const ops = await loadXlsx();
      this.snapshot = ops.workbookSnapshot(this.work);
    }
    // A copy: callers may project edits onto it.
    return { sheets: this.snapshot.sheets.map((s) => ({ ...s, values: s.values.map((r) => (r ? [...r] : r)) })) };
  }

  /** Browser mode keeps no marks in the working copy; 下载 adds the check's marks to the copy. */
  async mark(findings: Finding[], _opts: { withNotes: boolean }): Promise<MarkOutcome> {
    this.marksWanted = findings.length > 0;
    return { marked: 0, restored: 0, warnings: [] };
  }

  /** Ask 下载 to mark the copy with the findings of a check of the working copy. */
  wantMarks(on: boolean): void {
    this.marksWanted = on;
  }

  async clearMarks(): Promise<ClearOutcome> {
    this.marksWanted = false;
    return { restored: 0, keptUserChanges: 0 };
  }

  async select(_cells: CellRef[]): Promise<void> {
    // The pane shows the cells' context instead.
  }

  async saveSettings(settings: Settings): Promise<void> {
    await this.applyEdits({ edits: [settingsSheetEdit(settings)] });
  }

  /** Apply edits to the working copy (in memory; 下载 writes them into a copy of the file). */
  async applyEdits(plan: EditPlan): Promise<void> {
    if (!this.work) throw new Error('请先打开一个 .xlsx 工作簿');
    const edits = plan.edits.filter((e) => e.kind !== 'mark');
    if (!edits.length) return;
    const ops = await loadXlsx();
    ops.applyPlan(this.work, { edits });
    this.log.push(...edits);
    this.snapshot = null;
  }

  /** The edits of this session (for the change list). */
  edits(): Edit[] {
    return [...this.log];
  }

  marksRequested(): boolean {
    return this.marksWanted;
  }

  /** The change list of what 下载 would write (marks computed on the working copy). */
  async changes(markPlan?: (snap: WorkbookSnapshot) => EditPlan): Promise<ChangeSummary> {
    let marks = 0;
    if (this.marksWanted && markPlan && this.work) {
      marks = markPlan(await this.read()).edits.filter((e) => e.kind === 'mark').length;
    }
    return summarizeEdits(this.log, marks);
  }

  /**
   * Download the original file with every edit of the session (and `extra`, e.g. the check's marks)
   * applied — a fresh copy, so marks never enter the working copy.
   */
  async download(extra: EditPlan, suggestedName: string): Promise<void> {
    if (!this.bytes) throw new Error('请先打开一个 .xlsx 工作簿');
    const ops = await loadXlsx();
    const { workbook } = await ops.readSnapshot(this.bytes);
    ops.applyPlan(workbook, { edits: [...this.log, ...extra.edits] });
    const out = await ops.workbookBytes(workbook);
    const blob = new Blob([out as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    this.saveFile(blob, suggestedName);
  }
}

/** The check's marks and 检查结果 sheet for a snapshot (what 下载 adds when a check was run). */
export function marksFor(checked: { findings: Finding[]; tables: { table: string; sheet: string }[]; suspects?: Suspect[] }): EditPlan {
  return annotationPlan(checked.findings, checked.tables, { suspects: checked.suspects ?? [] });
}

/** Save a file through a Blob and an <a download>. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "决算.xlsx" → "决算.已标注.xlsx" */
export function annotatedName(name: string | null): string {
  const base = (name ?? '工作簿').replace(/\.xlsx$/i, '');
  return `${base}.已标注.xlsx`;
}

/** The name of the one download: "决算.xlsx" → "决算.已修改.xlsx" (only marks: "决算.已标注.xlsx"). */
export function downloadName(name: string | null, onlyMarks: boolean): string {
  if (onlyMarks) return annotatedName(name);
  const base = (name ?? '工作簿').replace(/\.xlsx$/i, '');
  return `${base}.已修改.xlsx`;
}

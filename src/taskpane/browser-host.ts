/**
 * Browser mode: no Office. The user opens an .xlsx; it is read and checked in the page (ExcelJS,
 * loaded lazily) and an annotated copy can be downloaded. Nothing is sent anywhere.
 */
import { CellRef, Finding } from '../core/finding';
import { EditPlan } from '../core/plan';
import { Settings, SETTINGS_SHEET, settingsSheetEdit } from '../core/settings';
import { SheetSnapshot, WorkbookSnapshot } from '../core/snapshot';
import { ClearOutcome, MarkOutcome, WorkbookHost } from './host';

export type XlsxOps = typeof import('./xlsx-ops');

let opsPromise: Promise<XlsxOps> | null = null;
export function loadXlsx(): Promise<XlsxOps> {
  opsPromise ??= import(/* webpackChunkName: "xlsx" */ './xlsx-ops');
  return opsPromise;
}

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export class FileTooLargeError extends Error {}

export class BrowserHost implements WorkbookHost {
  readonly mode = 'browser' as const;
  readonly features = { marks: false, notes: 'none' as const, select: false, download: true };
  private bytes: Uint8Array | null = null;
  private name: string | null = null;
  /** Settings changed in this session (written into the downloaded copy). */
  private settings: Settings | null = null;

  constructor(private saveFile: (blob: Blob, name: string) => void = defaultSave) {}

  hasFile(): boolean {
    return this.bytes !== null;
  }

  workbookName(): string | null {
    return this.name;
  }

  /** Take a file chosen or dropped by the user. */
  open(name: string, bytes: Uint8Array): void {
    if (bytes.byteLength > MAX_FILE_BYTES) {
      throw new FileTooLargeError(`文件“${name}”有 ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB，超过浏览器模式可检查的上限（50 MB）。请使用命令行 juesuan check。`);
    }
    this.bytes = bytes;
    this.name = name;
    this.settings = null;
  }

  async read(): Promise<WorkbookSnapshot> {
    if (!this.bytes) throw new Error('请先打开一个 .xlsx 工作簿');
    const ops = await loadXlsx();
    const { snapshot } = await ops.readSnapshot(this.bytes);
    if (this.settings) {
      const sheet: SheetSnapshot = {
        name: SETTINGS_SHEET,
        values: Object.entries(this.settings).map(([k, v]) => [k, v]),
        merges: [],
        visible: false,
      };
      snapshot.sheets = [...snapshot.sheets.filter((s) => s.name !== SETTINGS_SHEET), sheet];
    }
    return snapshot;
  }

  async mark(_findings: Finding[], _opts: { withNotes: boolean }): Promise<MarkOutcome> {
    return { marked: 0, restored: 0, warnings: [] };
  }

  async clearMarks(): Promise<ClearOutcome> {
    return { restored: 0, keptUserChanges: 0 };
  }

  async select(_cells: CellRef[]): Promise<void> {
    // The pane shows the cells' context instead.
  }

  async saveSettings(settings: Settings): Promise<void> {
    this.settings = { ...settings };
  }

  async applyEdits(_plan: EditPlan): Promise<void> {
    throw new Error('浏览器模式下请使用“下载”获取修改后的工作簿');
  }

  /** Apply `plan` (plus changed settings) to a fresh copy of the file and download it. */
  async download(plan: EditPlan, suggestedName: string): Promise<void> {
    if (!this.bytes) throw new Error('请先打开一个 .xlsx 工作簿');
    const ops = await loadXlsx();
    const { workbook } = await ops.readSnapshot(this.bytes);
    // Session settings first: a settings sheet in the plan was built from read(), which already
    // includes them, and must win.
    const edits = [...plan.edits];
    if (this.settings && Object.keys(this.settings).length) edits.unshift(settingsSheetEdit(this.settings));
    ops.applyPlan(workbook, { edits });
    const out = await ops.workbookBytes(workbook);
    const blob = new Blob([out as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    this.saveFile(blob, suggestedName);
  }
}

function defaultSave(blob: Blob, name: string): void {
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

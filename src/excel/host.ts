/** The Excel implementation of the pane's WorkbookHost, on top of the Office.js adapter. */
import { CellRef, Finding } from '../core/finding';
import { markEdits } from '../core/marks';
import { EditPlan } from '../core/plan';
import { Settings, settingsSheetEdit } from '../core/settings';
import { WorkbookSnapshot } from '../core/snapshot';
import { ClearOutcome, MarkOutcome, WorkbookHost } from '../taskpane/host';
import { Capabilities, capabilities, ExcelEnv, noteMode } from './env';
import { applyMarks, clearMarks } from './marks';
import { readWorkbook, ReadResult } from './read';
import { selectCells } from './select';
import { applyEdits } from './write';

export class ExcelHost implements WorkbookHost {
  readonly mode = 'excel' as const;
  readonly caps: Capabilities;
  private last: ReadResult | null = null;

  constructor(private env: ExcelEnv, private name: string | null = null) {
    this.caps = capabilities(env);
  }

  get features() {
    return {
      marks: this.caps.nullObjects,
      notes: noteMode(this.caps),
      select: this.caps.basic,
      download: false,
    };
  }

  workbookName(): string | null {
    return this.name;
  }

  /** The last read (marks record, protection) — for tests and diagnostics. */
  lastRead(): ReadResult | null {
    return this.last;
  }

  async read(): Promise<WorkbookSnapshot> {
    this.last = await readWorkbook(this.env, { caps: this.caps });
    return this.last.snapshot;
  }

  async mark(findings: Finding[], opts: { withNotes: boolean }): Promise<MarkOutcome> {
    if (!this.last) await this.read();
    const last = this.last!;
    const report = await applyMarks(this.env, markEdits(findings), {
      record: last.record,
      sheets: last.snapshot.sheets.map((s) => s.name),
      protectedSheets: last.protectedSheets,
      comments: last.comments,
    }, { caps: this.caps, withNotes: opts.withNotes });
    const warnings: string[] = [];
    const bySheet = new Map<string, { n: number; reason: string }>();
    for (const s of report.skipped) {
      const x = bySheet.get(s.sheet) ?? { n: 0, reason: s.reason };
      x.n++;
      bySheet.set(s.sheet, x);
    }
    for (const [sheet, x] of bySheet) warnings.push(`工作表“${sheet}”${x.reason}，其中 ${x.n} 个单元格未标记，请在列表中查看。`);
    if (report.notesSkipped > 0) warnings.push(`${report.notesSkipped} 个单元格已有批注，未附加说明。`);
    if (opts.withNotes && report.noteMode === 'none' && report.marked > 0) warnings.push('当前 Excel 版本不支持备注，问题说明只显示在任务窗格中。');
    // The record changed: forget it so that the next mark reads it again.
    this.last = null;
    return { marked: report.marked, restored: report.restored, warnings };
  }

  async clearMarks(): Promise<ClearOutcome> {
    const r = await clearMarks(this.env, { caps: this.caps });
    this.last = null;
    return { restored: r.restored, keptUserChanges: r.keptUserChanges };
  }

  async select(cells: CellRef[]): Promise<void> {
    await selectCells(this.env, cells, { caps: this.caps });
  }

  async saveSettings(settings: Settings): Promise<void> {
    await applyEdits(this.env, { edits: [settingsSheetEdit(settings)] }, { caps: this.caps });
  }

  async applyEdits(plan: EditPlan): Promise<void> {
    await applyEdits(this.env, plan, { caps: this.caps });
  }
}

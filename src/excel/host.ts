/** The Excel implementation of the pane's WorkbookHost, on top of the Office.js adapter. */
import { CellRef, Finding } from '../core/finding';
import { markEdits, RESULTS_SHEET, resultsSheet } from '../core/marks';
import { EditPlan } from '../core/plan';
import { Settings, settingsSheetEdit } from '../core/settings';
import { WorkbookSnapshot } from '../core/snapshot';
import { ClearOutcome, MarkExtras, MarkOutcome, WorkbookHost } from '../taskpane/host';
import { Capabilities, capabilities, ExcelEnv, noteMode } from './env';
import { clearMarks, MarkReport, replaceMarks } from './marks';
import { readWorkbook, ReadResult } from './read';
import { selectCells } from './select';
import { applyEdits } from './write';

/** zh-CN sentences for the pane from a mark report. */
export function markWarnings(report: MarkReport, opts: { withNotes: boolean }): string[] {
  const warnings: string[] = [];
  if (report.unsupported) warnings.push('当前 Excel 版本（低于 ExcelApi 1.6）不支持条件格式，单元格未标记：问题见任务窗格和“检查结果”表。');
  const bySheet = new Map<string, { n: number; reason: string }>();
  for (const s of report.skipped) {
    const x = bySheet.get(s.sheet) ?? { n: 0, reason: s.reason };
    x.n++;
    bySheet.set(s.sheet, x);
  }
  for (const [sheet, x] of bySheet) warnings.push(`工作表“${sheet}”${x.reason}，其中 ${x.n} 个单元格未标记，请在列表中查看。`);
  for (const sheet of report.protectedWithMarks) warnings.push(`工作表“${sheet}”受保护，上次检查留下的标记未能清除：请撤销保护后点“清除标记”。`);
  if (report.notesSkipped > 0) warnings.push(`${report.notesSkipped} 个单元格已有备注或批注，未附加说明（问题见任务窗格和“检查结果”表）。`);
  if (opts.withNotes && report.noteMode === 'none' && report.marked > 0) warnings.push('当前 Excel 版本（低于 ExcelApi 1.18）不支持备注，问题说明只显示在任务窗格和“检查结果”表中。');
  if (report.resultsNameTaken) {
    warnings.push(report.resultsSheet
      ? `工作簿中已有名为“${RESULTS_SHEET}”的工作表（不是决算助手写的），检查结果写在“${report.resultsSheet}”。`
      : `工作簿中已有名为“${RESULTS_SHEET}”等的工作表（不是决算助手写的），未写检查结果表。`);
  }
  return warnings;
}

export class ExcelHost implements WorkbookHost {
  readonly mode = 'excel' as const;
  readonly caps: Capabilities;
  private last: ReadResult | null = null;

  constructor(private env: ExcelEnv, private name: string | null = null) {
    this.caps = capabilities(env);
  }

  get features() {
    return {
      // ExcelApi 1.4 to write safely; below 1.6 only the 检查结果 sheet is written (see marks.ts).
      marks: this.caps.nullObjects,
      notes: noteMode(this.caps),
      select: this.caps.basic,
      download: false,
    };
  }

  workbookName(): string | null {
    return this.name;
  }

  /** The last read (protection, warnings) — for tests and diagnostics. */
  lastRead(): ReadResult | null {
    return this.last;
  }

  async read(): Promise<WorkbookSnapshot> {
    this.last = await readWorkbook(this.env, { caps: this.caps });
    return this.last.snapshot;
  }

  async mark(findings: Finding[], opts: { withNotes: boolean } & MarkExtras): Promise<MarkOutcome> {
    // Infos are listed (pane, 检查结果), not marked, unless asked for.
    const edits = markEdits(findings, { infos: opts.infos ?? false, suspects: opts.suspects });
    const results = opts.results ? resultsSheet(opts.results.findings, opts.results.tables, opts.suspects ?? []) : undefined;
    const report = await replaceMarks(this.env, edits, { caps: this.caps, withNotes: opts.withNotes, results });
    const warnings = [...(this.last?.warnings ?? []), ...markWarnings(report, opts)];
    return { marked: report.marked, restored: report.removed, warnings };
  }

  async clearMarks(): Promise<ClearOutcome> {
    const r = await clearMarks(this.env, { caps: this.caps });
    const parts: string[] = [];
    if (r.removed) parts.push(`已删除决算助手的 ${r.removed} 处标记（条件格式规则和备注），单元格恢复原样`);
    if (r.resultsDeleted.length) parts.push(`已删除${r.resultsDeleted.map((n) => `“${n}”`).join('、')}表`);
    const summary = parts.length ? `${parts.join('；')}。` : '工作簿中没有决算助手的标记。';
    return { restored: r.removed, keptUserChanges: 0, summary };
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

/** `juesuan check`: nine-table consistency check for one or many workbooks. */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, parseArgs, UsageError } from './main';
import { readWorkbookFile } from './io';
import { checkWorkbook, CheckOptions, CheckResult } from '../core/check';
import { profileArg } from './draft';
import { annotationPlan } from '../core/marks';
import { CONFIDENCE_LABEL, countBySeverity, Finding, SEVERITY_LABEL, Severity, Suspect } from '../core/finding';
import { readSnapshot, UnreadableWorkbookError } from '../xlsx/read';
import { applyPlan, workbookBytes } from '../xlsx/apply';
import { TABLE_NAMES } from '../core/tables/model';
import { buildReport, reportHtml } from '../core/report';

export interface FileReport {
  file: string;
  /** Set when the file could not be read (exit 2 for that file). */
  unreadable?: string;
  result?: CheckResult;
}


export async function checkFile(file: string, opts: CheckOptions = {}): Promise<FileReport> {
  try {
    const { snapshot } = await readSnapshot(readWorkbookFile(file));
    return { file, result: checkWorkbook(snapshot, opts) };
  } catch (e) {
    if (e instanceof UnreadableWorkbookError) {
      const msg = e.message.startsWith(file) ? e.message : `${file}：${e.message}`;
      return { file, unreadable: msg };
    }
    throw e;
  }
}

export function jsonOf(r: CheckResult): object {
  return {
    tables: r.tables.map((t) => ({ table: t.table, sheet: t.sheet, title: t.title, doubts: t.doubts })),
    unrecognized: r.unrecognized,
    counts: countBySeverity(r.findings),
    findings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      cells: f.cells.map((c) => ({ sheet: c.sheet, address: c.address })),
      ...(f.table ? { table: f.table } : {}),
    })),
    // Most likely wrong cells first (issue 14); [] when there are no errors.
    suspects: r.suspects.map((x) => ({
      sheet: x.sheet, address: x.address, value: x.value, ...(x.suggested !== undefined ? { suggested: x.suggested } : {}),
      confidence: x.confidence, explains: x.explains, note: x.note,
    })),
  };
}

/** The report's opening lines: the most likely wrong cells and their suggested values. */
export function suspectLines(suspects: Suspect[]): string[] {
  if (!suspects.length) return [];
  const lines = ['最可能出错的单元格：'];
  suspects.forEach((x, i) => {
    const sug = x.suggested !== undefined ? `，建议值 ${x.suggested}` : '';
    lines.push(`  ${i + 1}. ${x.sheet}!${x.address}（现为 ${x.value || '空白'}${sug}；${CONFIDENCE_LABEL[x.confidence]}）${x.note}；涉及 ${x.explains.join('、')}`);
  });
  return lines;
}

const GROUP_ORDER = ['WORKBOOK', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'PERF', 'NARRATIVE'];

function groupTitle(g: string): string {
  if (g === 'WORKBOOK') return '工作簿';
  if (g === 'PERF') return '绩效自评表';
  if (g === 'NARRATIVE') return '决算说明';
  const n = (TABLE_NAMES as Record<string, string>)[g];
  return n ? `${g} ${n}` : g;
}

export function textReport(file: string, r: CheckResult): string {
  const lines: string[] = [];
  const c = countBySeverity(r.findings);
  lines.push(`== ${file}`);
  lines.push(...suspectLines(r.suspects));
  lines.push(`识别报表 ${r.tables.length} 张：${r.tables.map((t) => `${t.table}「${t.sheet}」`).join('、') || '无'}`);
  for (const t of r.tables) for (const d of t.doubts) lines.push(`  注意：${t.table}「${t.sheet}」${d}`);
  if (r.unrecognized.length) lines.push(`未识别的工作表：${r.unrecognized.join('、')}`);
  lines.push(`错误 ${c.error} 个，警告 ${c.warning} 个，提示 ${c.info} 个`);
  if (r.findings.length === 0) lines.push('未发现问题。');
  const groups = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const g = f.table ?? 'WORKBOOK';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(f);
  }
  const keys = [...groups.keys()].sort((a, b) => GROUP_ORDER.indexOf(a) - GROUP_ORDER.indexOf(b));
  for (const g of keys) {
    lines.push('');
    lines.push(`【${groupTitle(g)}】`);
    for (const sev of ['error', 'warning', 'info'] as Severity[]) {
      for (const f of groups.get(g)!.filter((x) => x.severity === sev)) {
        const cells = f.cells.map((x) => `${x.sheet}!${x.address}`).join(' ');
        lines.push(`  [${SEVERITY_LABEL[sev]}] ${f.rule} ${f.message}`);
        if (cells) lines.push(`      单元格：${cells}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

async function writeAnnotated(file: string, out: string, r: CheckResult): Promise<void> {
  if (path.resolve(out) === path.resolve(file)) throw new UsageError('--out 不能与输入文件相同：决算助手从不覆盖原文件');
  const { workbook } = await readSnapshot(readWorkbookFile(file));
  applyPlan(workbook, annotationPlan(r.findings, r.tables, { suspects: r.suspects }));
  fs.writeFileSync(out, await workbookBytes(workbook));
}

/** `--report`: the printable check report as self-contained, PDF-ready HTML. */
async function writeReport(file: string, out: string, r: CheckResult): Promise<void> {
  const { snapshot } = await readSnapshot(readWorkbookFile(file));
  fs.writeFileSync(out, reportHtml(buildReport({ result: r, snapshot, file: path.basename(file) })), 'utf8');
}

/** Check many files; uses worker threads when there are many (see ./check-pool). */
export async function checkFiles(files: string[], opts: CheckOptions = {}): Promise<FileReport[]> {
  if (files.length >= 8 && !opts.narrativeProfile) {
    const { checkInPool } = await import('./check-pool');
    return checkInPool(files);
  }
  const out: FileReport[] = [];
  for (const f of files) out.push(await checkFile(f, opts));
  return out;
}

export async function runCheck(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['out', 'report', 'profile'], ['json']);
  const narrativeProfile = typeof args.flags.profile === 'string' ? profileArg(args.flags.profile).name : undefined;
  const files = args.positional;
  if (files.length === 0) throw new UsageError('请指定要检查的工作簿：juesuan check <工作簿.xlsx>');
  const out = typeof args.flags.out === 'string' ? args.flags.out : undefined;
  if (out && files.length > 1) throw new UsageError('--out 只能用于单个工作簿');
  if (out && files.some((f) => path.resolve(f) === path.resolve(out))) {
    throw new UsageError('--out 不能与输入文件相同：决算助手从不覆盖原文件');
  }
  const reportOut = typeof args.flags.report === 'string' ? args.flags.report : undefined;
  if (reportOut && files.length > 1) throw new UsageError('--report 只能用于单个工作簿');
  if (reportOut && files.some((f) => path.resolve(f) === path.resolve(reportOut))) {
    throw new UsageError('--report 不能与输入文件相同：决算助手从不覆盖原文件');
  }

  const reports = await checkFiles(files, { narrativeProfile });
  const anyUnreadable = reports.some((r) => r.unreadable);
  const anyError = reports.some((r) => r.result && r.result.findings.some((f) => f.severity === 'error'));

  if (files.length === 1 && reports[0].unreadable) {
    io.err(reports[0].unreadable + '\n');
    return 2;
  }

  if (args.flags.json) {
    if (files.length === 1) io.out(JSON.stringify(jsonOf(reports[0].result!), null, 2) + '\n');
    else {
      io.out(JSON.stringify({
        files: reports.map((r) => r.unreadable ? { file: r.file, error: r.unreadable, tables: [], findings: [], suspects: [] } : { file: r.file, ...jsonOf(r.result!) }),
      }, null, 2) + '\n');
    }
  } else {
    for (const r of reports) {
      if (r.unreadable) io.out(`== ${r.file}\n无法读取：${r.unreadable}\n\n`);
      else io.out(textReport(r.file, r.result!) + '\n');
    }
    if (files.length > 1) io.out(summaryTable(reports));
  }
  for (const r of reports) if (r.unreadable && files.length > 1) io.err(r.unreadable + '\n');

  if (out) await writeAnnotated(files[0], out, reports[0].result!);
  if (reportOut) await writeReport(files[0], reportOut, reports[0].result!);
  if (anyUnreadable) return 2;
  return anyError ? 1 : 0;
}

export function summaryTable(reports: FileReport[]): string {
  const lines = ['汇总：', '文件\t识别报表\t错误\t警告\t提示'];
  for (const r of reports) {
    if (r.unreadable) { lines.push(`${r.file}\t无法读取\t-\t-\t-`); continue; }
    const c = countBySeverity(r.result!.findings);
    lines.push(`${r.file}\t${r.result!.tables.length}\t${c.error}\t${c.warning}\t${c.info}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * `juesuan score <workbook.xlsx> [--policy official|as-practiced|vendor] [--json] [--out <filled.xlsx>]`
 * Scores every 项目支出绩效自评表 / 单位整体支出绩效自评表, reports stated vs computed, and with --out
 * writes a copy where only score cells (and the hidden settings sheet) changed.
 * Exit: 0 no error findings, 1 error findings, 2 unreadable input / bad arguments / no table found.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, parseArgs, UsageError } from './main';
import { loadWorkbookFile } from './io';
import { countBySeverity, Finding, SEVERITY_LABEL, Severity } from '../core/finding';
import { applyPlan, workbookBytes } from '../xlsx/apply';
import {
  fillPlan, fmtAmount, policyAdvice, fmtExecRate, fmtScore, isPolicy, perfJson, perfTotals, PerfResult, POLICIES, POLICY_LABEL,
  ScoreChange, scorePerformance, shortName,
} from '../core/perf';



const SOURCE_LABEL: Record<PerfResult['policySource'], string> = {
  option: '命令行指定',
  workbook: '工作簿设置',
  default: '默认',
};

export function scoreTextReport(file: string, r: PerfResult, changes: ScoreChange[]): string {
  const lines: string[] = [];
  lines.push(`== ${file}`);
  lines.push(`计分口径：${r.policy} ${POLICY_LABEL[r.policy]}（${SOURCE_LABEL[r.policySource]}）`);
  const advice = policyAdvice(r.detection, r.policy);
  if (advice) lines.push(`提示：${advice}如按该口径计分，请加 --policy ${r.detection.suggestion}`);
  const projects = r.tables.filter((t) => t.table.kind === 'project');
  const overall = r.tables.filter((t) => t.table.kind === 'overall');
  lines.push(`识别绩效自评表 ${r.tables.length} 张：项目支出 ${projects.length} 张，单位整体支出 ${overall.length} 张`);
  const byTable = new Map<number, ScoreChange[]>();
  for (const c of changes) {
    if (!byTable.has(c.tableIndex)) byTable.set(c.tableIndex, []);
    byTable.get(c.tableIndex)!.push(c);
  }
  let n = 0;
  r.tables.forEach((st, idx) => {
    const t = st.table;
    lines.push('');
    const head = t.kind === 'project' ? `${++n}. 【项目】` : '【整体】';
    lines.push(`${head}「${t.sheet}」${t.titleCell.address} ${shortName(t.name || t.title || '（无项目名称）', 40)}`);
    const b = st.budget.kind === 'number' ? fmtAmount(st.budget.value) : '—';
    const s = st.spent.kind === 'number' ? fmtAmount(st.spent.value) : '—';
    lines.push(`   全年预算数 ${b} 万元，全年执行数 ${s} 万元，执行率 ${st.execRate ? fmtExecRate(st.execRate) : '—'}，执行率得分 ${st.execScore ? fmtScore(st.execScore) : '—'}`);
    const stated = st.stated.total.kind === 'number' ? fmtScore(st.stated.total.value) : st.stated.total.kind === 'bad' ? `“${st.stated.total.text}”` : '（空）';
    const computed = st.total ? fmtScore(st.total) : '无法计算';
    if (t.totalRow) lines.push(`   总分：填报 ${stated} → 计算 ${computed}${st.total && st.stated.total.kind === 'number' && st.stated.total.value.eq(st.total) ? '（一致）' : ''}`);
    else lines.push(`   合计得分（表中无总分行）：${computed}`);
    const cs = byTable.get(idx) ?? [];
    if (cs.length) {
      lines.push(`   将改写 ${cs.length} 个得分单元格：`);
      for (const c of cs) {
        const what = c.indicator ? `${c.edit.label?.split('·')[0]}（${shortName(c.indicator, 30)}）` : c.edit.label;
        lines.push(`     ${c.edit.address} ${what}：${c.oldText} → ${c.newText}`);
      }
    }
    for (const i of st.indicators) {
      if (i.kept) lines.push(`   保留填报人判断：${shortName(i.row.name, 30)} ${i.score ? fmtScore(i.score) : ''} 分`);
    }
  });
  const totals = perfTotals(r.tables.map((t) => t.table));
  lines.push('');
  lines.push(`项目合计：${totals.projectCount} 个，全年预算数 ${fmtAmount(totals.budget)} 万元，全年执行数 ${fmtAmount(totals.spent)} 万元`);
  if (totals.overallCount) {
    lines.push(`单位整体：${totals.overallCount} 张，全年预算总额 ${totals.overallBudget ? fmtAmount(totals.overallBudget) : '—'} 万元，实际执行总额 ${totals.overallSpent ? fmtAmount(totals.overallSpent) : '—'} 万元`);
  }
  const c = countBySeverity(r.findings);
  lines.push(`错误 ${c.error} 个，警告 ${c.warning} 个，提示 ${c.info} 个`);
  for (const sev of ['error', 'warning', 'info'] as Severity[]) {
    for (const f of r.findings.filter((x: Finding) => x.severity === sev)) {
      lines.push(`  [${SEVERITY_LABEL[sev]}] ${f.rule} ${f.message}`);
      if (f.cells.length) lines.push(`      单元格：${f.cells.map((x) => `${x.sheet}!${x.address}`).join(' ')}`);
    }
  }
  return lines.join('\n') + '\n';
}

export async function runScore(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['policy', 'out'], ['json']);
  if (args.positional.length === 0) throw new UsageError('请指定要计分的工作簿：juesuan score <工作簿.xlsx> [--policy official|as-practiced|vendor] [--json] [--out <填分副本.xlsx>]');
  if (args.positional.length > 1) throw new UsageError('score 一次只处理一个工作簿');
  const file = args.positional[0];
  const policyFlag = args.flags.policy;
  if (policyFlag !== undefined && !isPolicy(policyFlag)) {
    throw new UsageError(`未知的计分口径“${String(policyFlag)}”，可选：${POLICIES.join(' | ')}`);
  }
  const out = typeof args.flags.out === 'string' ? args.flags.out : undefined;
  if (out && path.resolve(out) === path.resolve(file)) {
    throw new UsageError('--out 不能与输入文件相同：决算助手从不覆盖原文件');
  }

  const { workbook, snapshot } = await loadWorkbookFile(file);
  const result = scorePerformance(snapshot, isPolicy(policyFlag) ? { policy: policyFlag } : {});
  if (result.tables.length === 0) {
    io.err(`${file}：未找到“项目支出绩效自评表”或“单位整体支出绩效自评表”\n`);
    return 2;
  }
  const { plan, changes } = fillPlan(result.tables, { policy: result.policy, settingsFrom: snapshot });

  if (args.flags.json) io.out(JSON.stringify(perfJson(result, changes), null, 2) + '\n');
  else io.out(scoreTextReport(file, result, changes));

  if (out) {
    applyPlan(workbook, plan);
    fs.writeFileSync(out, await workbookBytes(workbook));
    if (!args.flags.json) io.out(`已写入填分副本：${out}（改写 ${changes.length} 个得分单元格，计分口径 ${result.policy} 已保存在隐藏工作表中）\n`);
  }
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

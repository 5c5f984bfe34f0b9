/**
 * `juesuan draft <工作簿.xlsx> [--prior <上年.xlsx>] [--text] [--out <含说明.xlsx>] [--docx <说明.docx>]`
 *
 * Drafts the 部门决算公开说明 from the nine tables + 补充信息 (+ last year's workbook). --out writes a
 * copy with 补充信息 created/extended (never overwriting an entry) and 决算说明 replaced; the input
 * file is never written. Without --out/--docx the text is printed (as with --text).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, parseArgs, UsageError } from './main';
import { loadWorkbookFile } from './io';
import { checkWorkbook } from '../core/check';
import { LAYOUTS, prepareDraft } from '../core/narrative';
import { applyPlan, workbookBytes } from '../xlsx/apply';



function same(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

/** --profile xinjiang|shanghai (any profile file's id) → its layout; anything else is a usage error. */
export function profileArg(v: string) {
  const l = LAYOUTS[v.trim().toLowerCase()];
  if (!l) throw new UsageError(`未知的说明格式 --profile ${v}（可选：${Object.keys(LAYOUTS).join('、')}）`);
  return l;
}

export async function runDraft(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['prior', 'out', 'docx', 'profile'], ['text']);
  if (args.positional.length !== 1) throw new UsageError('用法：juesuan draft <工作簿.xlsx> [--prior <上年.xlsx>] [--profile <说明格式，如 xinjiang、shanghai>] [--text] [--out <含说明.xlsx>] [--docx <说明.docx>]');
  const profile = typeof args.flags.profile === 'string' ? profileArg(args.flags.profile) : undefined;
  const file = args.positional[0];
  const prior = typeof args.flags.prior === 'string' ? args.flags.prior : undefined;
  const out = typeof args.flags.out === 'string' ? args.flags.out : undefined;
  const docx = typeof args.flags.docx === 'string' ? args.flags.docx : undefined;
  for (const o of [out, docx]) {
    if (o && (same(o, file) || (prior && same(o, prior)))) throw new UsageError('输出文件不能与输入文件相同：决算助手从不覆盖原文件');
  }
  if (out && docx && same(out, docx)) throw new UsageError('--out 与 --docx 不能是同一个文件');

  const { workbook, snapshot } = await loadWorkbookFile(file);
  const model = checkWorkbook(snapshot).model;
  if (Object.keys(model).length === 0) {
    io.err(`${file}：没有识别到九张决算报表，说明中的报表数据将显示为占位\n`);
  }
  let priorModel;
  let priorSnapshot;
  if (prior) {
    const p = await loadWorkbookFile(prior);
    priorSnapshot = p.snapshot;
    priorModel = checkWorkbook(p.snapshot).model;
    if (Object.keys(priorModel).length === 0) io.err(`${prior}：没有识别到上年的九张决算报表\n`);
  }

  const prepared = prepareDraft({ snapshot, model, priorModel, priorSnapshot, options: { layout: profile } });
  const holes = prepared.draft.placeholders;
  const layout = prepared.options.layout;
  io.err(`说明格式：${layout.label}（${profile ? '由 --profile 指定' : layout.name === prepared.guess.layout.name ? `推测：${prepared.guess.why}` : '工作簿设置'}）\n`);
  for (const n of prepared.notes) io.err(`${n}\n`);

  if (args.flags.text || (!out && !docx)) io.out(prepared.text);
  if (out) {
    applyPlan(workbook, prepared.plan);
    fs.writeFileSync(out, await workbookBytes(workbook));
    io.err(`已写出 ${out}：工作表“决算说明”${prepared.draft.paragraphs.length} 段；“补充信息”新增 ${prepared.factsPlan.added.length} 项\n`);
  }
  if (docx) {
    const { narrativeDocx } = await import('../docx/export');
    fs.writeFileSync(docx, await narrativeDocx(prepared.draft));
    io.err(`已写出 ${docx}\n`);
  }
  for (const k of prepared.factsPlan.kept) {
    io.err(`补充信息 ${k.ref.address}“${k.label}”已有内容 ${k.existing}，未改为上年决算中的 ${k.offered}\n`);
  }
  if (holes.length) {
    const labels = [...new Set(holes.map((h) => h.label))];
    io.err(`说明中还有 ${holes.length} 处待填写（请在“补充信息”中填写后重新生成）：${labels.slice(0, 12).join('、')}${labels.length > 12 ? ' 等' : ''}\n`);
  }
  return 0;
}

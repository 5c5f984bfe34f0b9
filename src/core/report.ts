/**
 * The verdict of a check and the printable check report (检查报告) a supervisor signs before filing:
 * unit, year, date, per-table status, counts, every error and warning with its cells and values.
 * Pure: a model built from a CheckResult and the snapshot, and self-contained HTML (inline CSS, no
 * script, no external resource) that prints to one or two A4 pages.
 */
import { CheckResult } from './check';
import { CellRef, countBySeverity, Finding, Severity, SEVERITY_LABEL, TableId } from './finding';
import { cellAt, cellText, formatAt, parseA1, WorkbookSnapshot } from './snapshot';
import { TABLE_NAMES } from './tables/model';
import { factText, guessUnitName, guessYear, readFacts } from './narrative';

export const TABLE_IDS: TableId[] = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'];

// ---------------------------------------------------------------------------------------------
// Verdict

export type VerdictLevel = 'error' | 'warning' | 'ok' | 'none';

export interface Verdict {
  level: VerdictLevel;
  /** One sentence, e.g. "发现 2 个错误，须修改后报送" or "未发现错误；16 处取整差异可忽略". */
  text: string;
}

/** Info findings that are rounding gaps (the relation holds only thanks to display rounding). */
export function isRoundingInfo(f: Finding): boolean {
  return f.severity === 'info' && f.message.includes('取整差异');
}

export function verdictOf(result: Pick<CheckResult, 'findings' | 'tables'>): Verdict {
  const c = countBySeverity(result.findings);
  if (result.tables.length === 0) {
    return { level: 'none', text: '未识别到九张决算报表，请确认打开的是部门决算工作簿' };
  }
  if (c.error > 0) {
    return { level: 'error', text: `发现 ${c.error} 个错误，须修改后报送${c.warning ? `；另有 ${c.warning} 处警告请核实` : ''}` };
  }
  const rounding = result.findings.filter(isRoundingInfo).length;
  const otherInfo = c.info - rounding;
  const tail = [
    rounding ? `${rounding} 处取整差异可忽略` : '',
    otherInfo ? `${otherInfo} 条提示` : '',
  ].filter(Boolean).join('，');
  if (c.warning > 0) return { level: 'warning', text: `未发现错误；${c.warning} 处警告请核实${tail ? `，${tail}` : ''}` };
  return { level: 'ok', text: `未发现错误${tail ? `；${tail}` : ''}` };
}

// ---------------------------------------------------------------------------------------------
// Cell context

function isNumberLike(s: string): boolean {
  return /^[\s\-－—+]*[\d０-９,，.]+[\s%]*$/.test(s);
}

function decimalsOf(format: string | null): number | null {
  if (!format) return null;
  const m = /0\.(0+)/.exec(format);
  if (m) return m[1].length;
  return /0/.test(format) ? 0 : null;
}

export interface CellContext {
  ref: CellRef;
  /** Row label, e.g. "201 一般公共服务支出". */
  row: string;
  /** Column header, e.g. "本年支出合计". */
  column: string;
  /** Displayed value ('（空）' for a blank cell). */
  value: string;
}

/** The context a reader needs to recognise a cell without opening the sheet. */
export function cellContext(snapshot: WorkbookSnapshot | null, ref: CellRef): CellContext {
  const out: CellContext = { ref, row: '', column: '', value: '' };
  const sheet = snapshot?.sheets.find((s) => s.name === ref.sheet);
  const p = parseA1(ref.address);
  if (!sheet || !p) return out;
  const v = cellAt(sheet, p.r, p.c);
  if (v === null || v === '') out.value = '（空）';
  else if (typeof v === 'number') {
    const d = decimalsOf(formatAt(sheet, p.r, p.c));
    out.value = d === null ? String(v) : v.toLocaleString('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d });
  } else out.value = cellText(v);
  // Row label: the nearest text to the left that is not a number (the 科目名称 or 项目), plus the
  // code just left of it when there is one (codes may be stored as numbers).
  const labels: string[] = [];
  for (let c = p.c - 1; c >= 0; c--) {
    const raw = cellAt(sheet, p.r, c);
    const t = cellText(raw).trim();
    if (!t || typeof raw === 'number' || isNumberLike(t)) continue;
    labels.push(t);
    for (let k = c - 1; k >= 0 && k >= c - 3; k--) {
      const code = cellText(cellAt(sheet, p.r, k)).trim();
      if (/^\d{3,7}$/.test(code)) {
        labels.unshift(code);
        break;
      }
      if (code) break;
    }
    break;
  }
  out.row = labels.join(' ');
  for (let r = p.r - 1; r >= 0 && p.r - r <= 12; r--) {
    const t = cellText(cellAt(sheet, r, p.c)).trim();
    if (t && !isNumberLike(t)) {
      out.column = t;
      break;
    }
  }
  return out;
}

export function describeCell(ctx: CellContext): string {
  const where = [ctx.row, ctx.column].filter(Boolean).join(' · ');
  return `${ctx.ref.sheet}!${ctx.ref.address}${where ? `（${where}）` : ''}：${ctx.value || '—'}`;
}

// ---------------------------------------------------------------------------------------------
// Report model

export type TableStatus = 'ok' | 'error' | 'warning' | 'missing';

export const TABLE_STATUS_LABEL: Record<TableStatus, string> = { ok: '通过', error: '有错误', warning: '有警告', missing: '未找到' };

export interface ReportTable {
  id: TableId;
  name: string;
  sheet: string | null;
  status: TableStatus;
  counts: Record<Severity, number>;
}

export interface ReportItem {
  severity: Severity;
  rule: string;
  message: string;
  cells: CellContext[];
}

export interface CheckReport {
  unit: string;
  year: string;
  /** YYYY-MM-DD */
  date: string;
  file: string;
  verdict: Verdict;
  counts: Record<Severity, number>;
  tables: ReportTable[];
  /** Errors, then warnings (infos are only counted). */
  items: ReportItem[];
  /** Suggested values for the most likely wrong cells (issue 14), when computed. */
  suspects: { cell: string; value: string; suggested?: string; note: string }[];
}

function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function buildReport(input: { result: CheckResult; snapshot: WorkbookSnapshot; file?: string | null; date?: Date }): CheckReport {
  const { result, snapshot } = input;
  const facts = readFacts(snapshot);
  const unit = factText(facts, 'unitName') || guessUnitName(result.model) || '';
  const year = factText(facts, 'year') || guessYear(snapshot, result.model) || '';
  const tables: ReportTable[] = TABLE_IDS.map((id) => {
    const t = result.tables.find((x) => x.table === id);
    const own = result.findings.filter((f) => f.table === id);
    const counts = countBySeverity(own);
    const status: TableStatus = !t ? 'missing' : counts.error ? 'error' : counts.warning ? 'warning' : 'ok';
    return { id, name: TABLE_NAMES[id], sheet: t?.sheet ?? null, status, counts };
  });
  const items: ReportItem[] = (['error', 'warning'] as Severity[]).flatMap((sev) => result.findings
    .filter((f) => f.severity === sev)
    .map((f) => ({ severity: sev, rule: f.rule, message: f.message, cells: f.cells.map((c) => cellContext(snapshot, c)) })));
  return {
    unit, year, date: isoDate(input.date ?? new Date()), file: input.file ?? '',
    verdict: verdictOf(result), counts: countBySeverity(result.findings), tables, items,
    suspects: (result.suspects ?? []).map((s) => ({ cell: `${s.sheet}!${s.address}`, value: s.value, suggested: s.suggested, note: s.note })),
  };
}

// ---------------------------------------------------------------------------------------------
// HTML

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[ch]!));
}

/** Print CSS: A4, small type, tables that break between rows. Also used by the pane's report view. */
export const REPORT_CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { margin: 0; padding: 12px; font-family: "Microsoft YaHei","PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei","SimSun",sans-serif; font-size: 10.5pt; color: #000; background: #fff; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 6px 0; }
.meta { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 2px 16px; font-size: 9.5pt; margin-bottom: 8px; }
.verdict { border: 2px solid #000; padding: 6px 8px; font-size: 12pt; font-weight: bold; margin: 6px 0 10px 0; }
.verdict.error { border-color: #a4262c; color: #a4262c; }
.verdict.warning { border-color: #8a5300; color: #8a5300; }
.verdict.ok { border-color: #107c10; color: #107c10; }
h2 { font-size: 11.5pt; margin: 10px 0 4px 0; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
th, td { border: 1px solid #666; padding: 2px 4px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; }
td.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
.st-error { color: #a4262c; font-weight: bold; }
.st-warning { color: #8a5300; font-weight: bold; }
.st-missing { color: #a4262c; }
ol.items { margin: 0; padding-left: 20px; font-size: 9pt; }
ol.items li { margin: 0 0 4px 0; break-inside: avoid; page-break-inside: avoid; }
ol.items .cells { margin: 1px 0 0 0; padding-left: 14px; color: #333; }
.sev { font-weight: bold; }
.sign { display: flex; justify-content: space-between; gap: 16px; margin-top: 18px; font-size: 10pt; break-inside: avoid; page-break-inside: avoid; }
.sign span { flex: 1; border-bottom: 1px solid #000; padding-bottom: 18px; }
.foot { margin-top: 8px; font-size: 8pt; color: #444; }
@media print { body { padding: 0; } .noprint { display: none; } }
`;

/** The report's body (no <html>): the pane embeds it, reportHtml wraps it. */
export function reportBodyHtml(r: CheckReport): string {
  const e = escapeHtml;
  const rows = r.tables.map((t) => `<tr><td>${t.id}</td><td>${e(t.name)}</td><td>${t.sheet ? e(t.sheet) : '—'}</td>`
    + `<td class="st-${t.status}">${TABLE_STATUS_LABEL[t.status]}</td><td class="n">${t.counts.error}</td><td class="n">${t.counts.warning}</td><td class="n">${t.counts.info}</td></tr>`).join('');
  const items = r.items.map((it) => `<li><span class="sev">[${SEVERITY_LABEL[it.severity]}] ${e(it.rule)}</span> ${e(it.message)}`
    + (it.cells.length ? `<ul class="cells">${it.cells.map((c) => `<li>${e(describeCell(c))}</li>`).join('')}</ul>` : '') + '</li>').join('');
  const suspects = r.suspects.length
    ? `<h2>最可能出错的单元格</h2><ol class="items">${r.suspects.map((s) => `<li>${e(s.cell)}：${e(s.value)}${s.suggested ? ` → 建议 ${e(s.suggested)}` : ''}　${e(s.note)}</li>`).join('')}</ol>`
    : '';
  return `<h1>${e(r.year ? `${r.year}年度` : '')}部门决算报表检查报告</h1>
<div class="meta"><span>单位：${e(r.unit || '（未识别）')}</span><span>年度：${e(r.year || '—')}</span><span>检查日期：${e(r.date)}</span>${r.file ? `<span>文件：${e(r.file)}</span>` : ''}</div>
<div class="verdict ${r.verdict.level}" data-testid="report-verdict">${e(r.verdict.text)}</div>
<div>错误 ${r.counts.error} 个，警告 ${r.counts.warning} 个，提示 ${r.counts.info} 个（提示不影响报送，本报告不逐条列出）。</div>
<h2>各报表检查情况</h2>
<table><thead><tr><th>表</th><th>报表</th><th>工作表</th><th>状态</th><th>错误</th><th>警告</th><th>提示</th></tr></thead><tbody>${rows}</tbody></table>
${suspects}
<h2>错误和警告${r.items.length ? `（${r.items.length} 条）` : ''}</h2>
${r.items.length ? `<ol class="items">${items}</ol>` : '<p>无。</p>'}
<div class="sign"><span>检查人：</span><span>审核人：</span><span>日期：</span></div>
<div class="foot">由决算助手生成。金额按万元比较，显示取整引起的差异按区间算术判断。</div>`;
}

/** A complete, self-contained HTML document (inline CSS only): opens offline, prints to A4. */
export function reportHtml(r: CheckReport): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`检查报告 ${r.unit} ${r.year}`.trim())}</title>
<style>${REPORT_CSS}</style></head>
<body>${reportBodyHtml(r)}</body></html>
`;
}

/**
 * Turn findings into an edit plan: one mark per cell (worst severity wins) and the 检查结果 sheet.
 * `infos: false` leaves infos out of the marks (the Excel add-in's default: listed only); suspects (fault
 * localisation) are flagged on their mark so that adapters can show them distinctly.
 */
import { CONFIDENCE_LABEL, Finding, SEVERITY_LABEL, SEVERITY_ORDER, Severity, Suspect } from './finding';
import { EditPlan, MarkEdit, SheetEdit, SheetRow } from './plan';

export const RESULTS_SHEET = '检查结果';
/** A1 of every 检查结果 sheet the product writes: how adapters tell their sheet from a user's. */
export const RESULTS_TITLE = '决算助手检查结果';

/** Mark fill colours (RGB hex, no '#'): error red, warning amber, info blue. Both adapters use these. */
export const MARK_RGB: Record<Severity, string> = { error: 'FF9C9C', warning: 'FFD966', info: 'BDD7EE' };
/** Suspect cells (most likely the wrong amount): a stronger red, with bold dark-red text. */
export const SUSPECT_RGB = 'FF5B5B';
export const SUSPECT_FONT_RGB = '7F0000';

/** A suspect cell in the annotated copy (ExcelJS): a darker red fill and a thick border of this colour. */
export const SUSPECT_STYLE = { fill: 'FF5C5C', border: 'C00000' };

/** The note line of a suspect cell (issue 14): it opens the cell's note and names the suggested value. */
export function suspectLine(s: Suspect): string {
  return `【最可能出错的单元格（${CONFIDENCE_LABEL[s.confidence]}）】${s.note}`;
}

export interface MarkOptions {
  /** Mark info findings too (default true; the Excel add-in passes false). */
  infos?: boolean;
  /** Suspects of the check (CheckResult.suspects): their cells get `suspect` on their mark. */
  suspects?: Suspect[];
}

/**
 * One mark per cell. Suspect cells (most likely wrong, issue 14) get `suspect` and their note opens with
 * the suggested value.
 */
export function markEdits(findings: Finding[], opts: MarkOptions = {}): MarkEdit[] {
  const byCell = new Map<string, MarkEdit & { lines: string[] }>();
  const key = (sheet: string, address: string) => `${sheet}\u0000${address.toUpperCase()}`;
  for (const f of findings) {
    if (f.severity === 'info' && opts.infos === false) continue;
    for (const c of f.cells) {
      const k = key(c.sheet, c.address);
      let m = byCell.get(k);
      if (!m) {
        m = { kind: 'mark', sheet: c.sheet, address: c.address, severity: f.severity, note: '', lines: [] };
        byCell.set(k, m);
      }
      if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[m.severity]) m.severity = f.severity;
      const line = `[${SEVERITY_LABEL[f.severity]} ${f.rule}] ${f.message}`;
      if (!m.lines.includes(line)) m.lines.push(line);
    }
  }
  for (const s of opts.suspects ?? []) {
    const m = byCell.get(key(s.sheet, s.address));
    if (!m) continue;
    m.suspect = { confidence: s.confidence, ...(s.suggested !== undefined ? { suggested: s.suggested } : {}) };
    m.lines.unshift(suspectLine(s));
  }
  return [...byCell.values()].map(({ lines, ...m }) => ({ ...m, note: lines.join('\n') }));
}

export function resultsSheet(findings: Finding[], tables: { table: string; sheet: string }[], suspects: Suspect[] = []): SheetEdit {
  const rows: SheetRow[] = [];
  rows.push({ cells: [RESULTS_TITLE], style: 'title' });
  if (suspects.length) {
    rows.push({ cells: ['最可能出错的单元格'], style: 'subheading' });
    rows.push({ cells: ['序号', '把握', '现值', '建议值', '说明', '单元格'], style: 'header' });
    suspects.forEach((s, i) => rows.push({ cells: [i + 1, CONFIDENCE_LABEL[s.confidence], s.value, s.suggested ?? '', s.note, { text: `${s.sheet}!${s.address}`, link: { sheet: s.sheet, address: s.address } }] }));
    rows.push({ cells: [] });
  }
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  rows.push({ cells: [`错误 ${counts.error} 个，警告 ${counts.warning} 个，提示 ${counts.info} 个`] });
  rows.push({ cells: ['识别的报表：' + (tables.map((t) => `${t.table}=${t.sheet}`).join('，') || '无')] });
  rows.push({ cells: [] });
  rows.push({ cells: ['序号', '级别', '规则', '报表', '说明', '单元格'], style: 'header' });
  findings.forEach((f, i) => {
    const first = f.cells[0];
    const cells: SheetRow['cells'] = [i + 1, SEVERITY_LABEL[f.severity], f.rule, f.table ?? '', f.message];
    if (first) {
      for (const c of f.cells) cells.push({ text: `${c.sheet}!${c.address}`, link: { sheet: c.sheet, address: c.address } });
    } else cells.push('');
    rows.push({ cells });
  });
  if (findings.length === 0) rows.push({ cells: ['', '', '', '', '未发现问题'] });
  return { kind: 'sheet', name: RESULTS_SHEET, replace: true, columnWidths: [6, 6, 8, 6, 90, 16, 16, 16, 16], rows };
}

export function annotationPlan(findings: Finding[], tables: { table: string; sheet: string }[], opts: MarkOptions = {}): EditPlan {
  return { edits: [...markEdits(findings, opts), resultsSheet(findings, tables, opts.suspects ?? [])] };
}

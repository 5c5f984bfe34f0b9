/** Pure helpers of the 检查 tab: grouping, filtering, cell context, recognition overrides. */
import { Finding, SEVERITY_ORDER, Severity, Suspect, TableId } from '../../core/finding';
import { ValueEdit } from '../../core/plan';
import { cellAt, parseA1, WorkbookSnapshot } from '../../core/snapshot';
import { TABLE_NAMES } from '../../core/tables/model';
import { Settings } from '../../core/settings';
import type { ClearOutcome } from '../host';

export const OVERRIDES_KEY = 'recognition.overrides';
export const TABLE_IDS: TableId[] = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'];
/** Sheets the product itself keeps in the workbook: never shown as "unrecognised". */
export const OWN_SHEET_PREFIX = '_决算助手';

export type Override = TableId | 'none';

export function parseOverrides(settings: Settings): Record<string, Override> {
  const raw = settings[OVERRIDES_KEY];
  if (!raw) return {};
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    const out: Record<string, Override> = {};
    for (const [sheet, v] of Object.entries(o)) {
      if (v === 'none' || (typeof v === 'string' && (TABLE_IDS as string[]).includes(v))) out[sheet] = v as Override;
    }
    return out;
  } catch {
    return {};
  }
}

export function withOverride(settings: Settings, sheet: string, value: Override | 'auto'): Settings {
  const o = parseOverrides(settings);
  if (value === 'auto') delete o[sheet];
  else o[sheet] = value;
  const next = { ...settings };
  if (Object.keys(o).length) next[OVERRIDES_KEY] = JSON.stringify(o);
  else delete next[OVERRIDES_KEY];
  return next;
}

export function tableLabel(id: string): string {
  if (id in TABLE_NAMES) return `${id} ${TABLE_NAMES[id as TableId]}`;
  if (id === 'WORKBOOK') return '工作簿';
  if (id === 'PERF') return '绩效自评表';
  if (id === 'NARRATIVE') return '决算说明';
  return id;
}

const GROUP_ORDER = ['WORKBOOK', ...TABLE_IDS, 'PERF', 'NARRATIVE'];

export interface FindingFilter {
  /** Show only this severity ('all': every severity). */
  severity: Severity | 'all';
  table: string | 'all';
  text: string;
}

export const NO_FILTER: FindingFilter = { severity: 'all', table: 'all', text: '' };

export function groupKey(f: Finding): string {
  return f.table ?? 'WORKBOOK';
}

export function matches(f: Finding, filter: FindingFilter): boolean {
  if (filter.severity !== 'all' && f.severity !== filter.severity) return false;
  if (filter.table !== 'all' && groupKey(f) !== filter.table) return false;
  const q = filter.text.trim().toLowerCase();
  if (!q) return true;
  const hay = `${f.rule} ${f.message} ${f.cells.map((c) => `${c.sheet}!${c.address}`).join(' ')}`.toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

export interface ListItem {
  finding: Finding;
  /** Position in the navigation order (上一个/下一个). */
  index: number;
}

export interface InfoGroup {
  /** rule + table, e.g. "R06 T2". */
  key: string;
  label: string;
  items: ListItem[];
}

export interface OrganizedFindings {
  errors: ListItem[];
  warnings: ListItem[];
  /** Infos grouped per rule and table (shown collapsed). */
  infoGroups: InfoGroup[];
  infoCount: number;
  /** Navigation order: errors, then warnings, then infos group by group. */
  order: Finding[];
}

function tableRank(k: string): number {
  const i = GROUP_ORDER.indexOf(k);
  return i < 0 ? 99 : i;
}

/**
 * Errors first, then warnings (each in table order), then infos grouped per rule and table. `index`
 * is the position in the order 上一个/下一个 walk — errors first.
 */
export function organizeFindings(findings: Finding[], filter: FindingFilter): OrganizedFindings {
  const shown = findings.filter((f) => matches(f, filter));
  const bySev = (sev: Severity) => shown.filter((f) => f.severity === sev)
    .map((f, i) => ({ f, i })).sort((a, b) => tableRank(groupKey(a.f)) - tableRank(groupKey(b.f)) || a.i - b.i).map((x) => x.f);
  const order: Finding[] = [];
  const take = (f: Finding): ListItem => { order.push(f); return { finding: f, index: order.length - 1 }; };
  const errors = bySev('error').map(take);
  const warnings = bySev('warning').map(take);
  const groups = new Map<string, Finding[]>();
  for (const f of bySev('info')) {
    const k = `${f.rule} ${groupKey(f)}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const infoGroups = [...groups].map(([key, list]) => ({
    key, label: `${list[0].rule} · ${tableLabel(groupKey(list[0]))}`, items: list.map(take),
  }));
  return { errors, warnings, infoGroups, infoCount: infoGroups.reduce((n, g) => n + g.items.length, 0), order };
}

export function sortBySeverity(fs: Finding[]): Finding[] {
  return [...fs].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export { cellContext, describeCell } from '../../core/report';
export type { CellContext } from '../../core/report';

export interface SheetRow {
  sheet: string;
  /** Table id, or 'none'. */
  value: string;
  manual: boolean;
  doubts: string[];
}

export interface Recognition {
  /** Recognised tables and sheets the user assigned by hand. */
  rows: SheetRow[];
  /** Other sheets with content (may hold a table whose title was not recognised). */
  others: SheetRow[];
  found: number;
  missing: TableId[];
  /** Something to look at: doubts, missing tables. Expanded by default then. */
  uncertain: boolean;
  /** "已识别 9/9 张报表 ✓" */
  line: string;
}

function hasContent(values: unknown[][]): boolean {
  return values.some((r) => r && r.some((v) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')));
}

export function recognition(
  snapshot: { sheets: { name: string; values: unknown[][]; visible?: boolean }[] },
  tables: { table: TableId; sheet: string; doubts: string[] }[],
  settings: Settings,
  unrecognized: string[],
): Recognition {
  const overrides = parseOverrides(settings);
  const rows: SheetRow[] = [];
  const others: SheetRow[] = [];
  for (const sh of snapshot.sheets) {
    if (sh.name.startsWith(OWN_SHEET_PREFIX)) continue;
    const t = tables.find((x) => x.sheet === sh.name);
    const manual = sh.name in overrides;
    const row = { sheet: sh.name, value: t ? t.table : 'none', manual, doubts: t?.doubts ?? [] };
    if (t || manual) rows.push(row);
    else if (unrecognized.includes(sh.name) && sh.visible !== false && hasContent(sh.values)) others.push(row);
  }
  const ids = new Set(tables.map((t) => t.table));
  const missing = TABLE_IDS.filter((id) => !ids.has(id));
  const doubts = rows.some((r) => r.doubts.length > 0);
  const found = ids.size;
  const line = `已识别 ${found}/9 张报表${missing.length === 0 && !doubts ? ' ✓' : ''}${missing.length ? `，缺 ${missing.join('、')}` : ''}${doubts ? '，部分识别存疑' : ''}`;
  return { rows, others, found, missing, uncertain: doubts || missing.length > 0, line };
}

/**
 * 采用建议值: the edit writing a suspect's suggested value (null when there is no numeric
 * suggestion or the cell does not hold a number or text now). `old` lets undo write it back.
 */
export function suggestionEdit(s: Suspect, snapshot: WorkbookSnapshot): ValueEdit | null {
  if (!s.suggested) return null;
  const t = s.suggested.replace(/[,，\s]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const sheet = snapshot.sheets.find((x) => x.name === s.sheet);
  const p = parseA1(s.address);
  if (!sheet || !p) return null;
  const old = cellAt(sheet, p.r, p.c);
  if (old !== null && typeof old !== 'number' && typeof old !== 'string') return null;
  return { kind: 'value', sheet: s.sheet, address: s.address, value: Number(t), old, label: '建议值' };
}

/** The edit undoing `e` (writes the old value back; an empty cell gets an empty string). */
export function undoEdit(e: ValueEdit): ValueEdit {
  const old = e.old;
  return { kind: 'value', sheet: e.sheet, address: e.address, value: typeof old === 'number' || typeof old === 'string' ? old : '', old: e.value, label: e.label };
}

/**
 * The notice after 清除标记. The host's own `summary` wins when set (Excel counts conditional-format rules
 * and notes removed, not cells restored); otherwise the restored/kept cell counts.
 */
export function clearNotice(r: ClearOutcome): { title: string; text: string; intent: 'success' } {
  const text = r.summary
    ? r.summary
    : r.restored || r.keptUserChanges
      ? `已恢复 ${r.restored} 个单元格的原格式${r.keptUserChanges ? `；${r.keptUserChanges} 个单元格在标记后被手工改过格式，保留原样` : ''}。`
      : '工作簿中没有决算助手的标记。';
  return { title: '已清除标记', text, intent: 'success' };
}

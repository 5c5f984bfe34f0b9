/** Pure helpers of the 检查 tab: grouping, filtering, cell context, recognition overrides. */
import { Finding, SEVERITY_ORDER, Severity, TableId } from '../../core/finding';
import { TABLE_NAMES } from '../../core/tables/model';
import { Settings } from '../../core/settings';

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
  severities: Record<Severity, boolean>;
  table: string | 'all';
  text: string;
}

export const ALL_SEVERITIES: Record<Severity, boolean> = { error: true, warning: true, info: true };

export function groupKey(f: Finding): string {
  return f.table ?? 'WORKBOOK';
}

export function matches(f: Finding, filter: FindingFilter): boolean {
  if (!filter.severities[f.severity]) return false;
  if (filter.table !== 'all' && groupKey(f) !== filter.table) return false;
  const q = filter.text.trim().toLowerCase();
  if (!q) return true;
  const hay = `${f.rule} ${f.message} ${f.cells.map((c) => `${c.sheet}!${c.address}`).join(' ')}`.toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

export interface FindingGroup {
  key: string;
  label: string;
  bySeverity: { severity: Severity; items: { finding: Finding; index: number }[] }[];
  count: number;
}

/**
 * Group filtered findings by table, then severity. `index` is the position in the flat,
 * navigation order (the order in which 上一个/下一个 walk).
 */
export function groupFindings(findings: Finding[], filter: FindingFilter): { groups: FindingGroup[]; order: Finding[] } {
  const byGroup = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!matches(f, filter)) continue;
    const k = groupKey(f);
    const list = byGroup.get(k) ?? [];
    list.push(f);
    byGroup.set(k, list);
  }
  const keys = [...byGroup.keys()].sort((a, b) => {
    const ia = GROUP_ORDER.indexOf(a), ib = GROUP_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const order: Finding[] = [];
  const groups: FindingGroup[] = keys.map((k) => {
    const list = byGroup.get(k)!;
    const sevs = (['error', 'warning', 'info'] as Severity[]).filter((s) => list.some((f) => f.severity === s));
    const bySeverity = sevs.map((severity) => ({
      severity,
      items: list.filter((f) => f.severity === severity).map((finding) => {
        order.push(finding);
        return { finding, index: order.length - 1 };
      }),
    }));
    return { key: k, label: tableLabel(k), bySeverity, count: list.length };
  });
  return { groups, order };
}

export function sortBySeverity(fs: Finding[]): Finding[] {
  return [...fs].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export { cellContext, describeCell } from '../../core/report';
export type { CellContext } from '../../core/report';

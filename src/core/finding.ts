/** Findings: what every check (tables, scoring, narrative) returns. Messages are zh-CN text. */

export type Severity = 'error' | 'warning' | 'info';

export interface CellRef {
  sheet: string;
  /** A1 address, no sheet name, no $ */
  address: string;
}

export type TableId = 'T1' | 'T2' | 'T3' | 'T4' | 'T5' | 'T6' | 'T7' | 'T8' | 'T9';

export interface Finding {
  /** Stable rule id, e.g. "R05" or "PERF-WEIGHTS". */
  rule: string;
  severity: Severity;
  message: string;
  /** Every cell taking part in the broken relation: both sides, every addend. */
  cells: CellRef[];
  /** The table the finding belongs to (for grouping); the first table named when several. */
  table?: TableId | 'PERF' | 'NARRATIVE' | 'WORKBOOK';
  /** Machine-readable parameters of the message (values as display strings). */
  params?: Record<string, string>;
}

/**
 * A cell that most likely holds the wrong amount (fault localisation over all error findings; issue 14).
 * Computed by src/core/suspects.ts; most likely first. Empty when there are no errors.
 */
export interface Suspect {
  sheet: string;
  address: string;
  /** The displayed value now, e.g. "1.00". */
  value: string;
  /** The value that would make its broken relations hold (display string), when one can be computed. */
  suggested?: string;
  confidence: 'high' | 'medium' | 'low';
  /** Rule ids of the error findings this cell explains. */
  explains: string[];
  /** zh-CN explanation, e.g. "疑为 1,066.51 误录，应为 10,661.51（少一位）". */
  note: string;
}

/** How sure a suspect is (zh-CN labels for reports). */
export const CONFIDENCE_LABEL: Record<Suspect['confidence'], string> = { high: '把握较大', medium: '有一定把握', low: '无法区分' };

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

export function sortFindings(fs: Finding[]): Finding[] {
  return [...fs].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export function countBySeverity(fs: Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of fs) out[f.severity]++;
  return out;
}

/** Render → .xlsx bytes (ExcelJS, in memory) → src/xlsx/read.ts → checkWorkbook; findings keyed by logical cell. */
import { checkWorkbook, CheckResult } from '../../src/core/check';
import { Finding } from '../../src/core/finding';
import { readSnapshot } from '../../src/xlsx/read';
import { Decimal } from '../../scripts/fixtures/model';
import { Dataset } from './data';
import { Layout } from './layout';
import { Rendered, render, toXlsx } from './render';

export interface Checked {
  rendered: Rendered;
  result: CheckResult;
  /** sheet!address → logical cell id */
  logical: (sheet: string, address: string) => string;
  /** The logical cell holds zero in the data (a layout may leave its row out: standard rows missing). */
  zero: (key: string) => boolean;
}

export async function renderAndCheck(ds: Dataset, layout: Layout, values?: Map<string, Decimal>, words?: Map<string, string>): Promise<Checked> {
  const rendered = render(ds, layout, values, words);
  const buf = await toXlsx(rendered.sheets);
  const { snapshot } = await readSnapshot(buf);
  const result = checkWorkbook(snapshot);
  const bySheet = new Map(rendered.sheets.map((s) => [s.name, s]));
  const logical = (sheet: string, address: string) => {
    const s = bySheet.get(sheet);
    if (!s) return `?sheet`;
    const k = s.keyAt.get(address);
    // Split code parts of one code are one logical cell.
    if (k) return k.replace(/^(code:T\d:\d+):(class|kuan|item)$/, '$1');
    return `${s.table}:?`;
  };
  const shown = ds.shown[layout.unit].v;
  const zero = (key: string) => {
    if (!/^T\d\./.test(key)) return false; // codes, labels, titles
    const v = values?.get(key) ?? shown.get(key);
    return v === undefined || v.isZero(); // absent from the model's map = 0

  };
  return { rendered, result, logical, zero };
}

/**
 * A finding as (rule, severity, logical cells): independent of where the layout put the cells. Cells holding
 * zero are left out of the key: whether a zero row is printed at all is a layout axis.
 */
export function findingKey(f: Finding, c: Checked): string {
  const cells = [...new Set(f.cells.map((x) => c.logical(x.sheet, x.address)))].filter((k) => !c.zero(k)).sort();
  return `${f.rule}|${f.severity}|${cells.join(',')}`;
}

export function keyedFindings(c: Checked): string[] {
  return c.result.findings.map((f) => findingKey(f, c)).sort();
}

/** Multiset difference a − b. */
export function minus(a: string[], b: string[]): string[] {
  const m = new Map<string, number>();
  for (const x of b) m.set(x, (m.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) { const n = m.get(x) ?? 0; if (n) m.set(x, n - 1); else out.push(x); }
  return out;
}

export function summarize(c: Checked, limit = 8): string {
  const fs = c.result.findings.filter((f) => f.severity !== 'info').slice(0, limit);
  return fs.map((f) => `  ${f.rule} ${f.severity}: ${f.message} [${f.cells.map((x) => `${x.sheet}!${x.address}=${c.logical(x.sheet, x.address)}`).join(' ')}]`).join('\n');
}

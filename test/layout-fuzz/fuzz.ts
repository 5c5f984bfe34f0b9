/**
 * The layout fuzzer's run loop, shared by the jest test (fuzz.test.ts) and `npm run fuzz`.
 * For each layout seed: render the consistent data → check (properties 1 and 2); change one random amount by
 * ≥ 1.00 万元 → render in the same layout → check (property 3).
 */
import { Decimal } from '../../scripts/fixtures/model';
import { Dataset, datasets } from './data';
import { Checked, keyedFindings, minus, renderAndCheck, summarize } from './harness';
import { Layout, TABLES, canonicalLayout, describeLayout, randomLayout } from './layout';
import { Rng } from './prng';

export type Property = 1 | 2 | 3 | 4;
export interface Failure {
  property: Property;
  layout: Layout;
  detail: string;
}

export interface FuzzReport {
  runs: number;
  seed: number;
  failures: Failure[];
  ms: number;
}

const canonicalCache = new Map<string, string[]>();
async function canonical(ds: Dataset, dsIndex: number, unit: '万元' | '元'): Promise<string[]> {
  const k = `${dsIndex}:${unit}`;
  let v = canonicalCache.get(k);
  if (!v) {
    v = keyedFindings(await renderAndCheck(ds, canonicalLayout(dsIndex, unit)));
    canonicalCache.set(k, v);
  }
  return v;
}

function property1(c: Checked): string | null {
  const problems: string[] = [];
  for (const s of c.rendered.sheets) {
    const got = c.result.tables.filter((t) => t.sheet === s.name).map((t) => t.table);
    if (got.length !== 1 || got[0] !== s.table) problems.push(`sheet「${s.name}」is ${s.table}, recognised as ${got.join('/') || 'nothing'}`);
  }
  const errors = c.result.findings.filter((f) => f.severity === 'error');
  if (errors.length) problems.push(`${errors.length} error finding(s) on consistent data:\n${summarize(c)}`);
  return problems.length ? problems.join('\n') : null;
}

/** Run one layout seed; returns its failures. */
export async function runOne(seed: number): Promise<Failure[]> {
  const all = datasets();
  const layout = randomLayout(seed, all.length);
  const ds = all[layout.dataset];
  const out: Failure[] = [];
  const base = await renderAndCheck(ds, layout);
  const p1 = property1(base);
  if (p1) out.push({ property: 1, layout, detail: p1 });
  const want = await canonical(ds, layout.dataset, layout.unit);
  const got = keyedFindings(base);
  const missing = minus(want, got);
  const extra = minus(got, want);
  if (missing.length || extra.length) {
    out.push({ property: 2, layout, detail: [...missing.map((m) => `missing ${m}`), ...extra.map((m) => `extra   ${m}`)].slice(0, 12).join('\n') });
  }
  // Property 3: one amount changed by ≥ 1.00 万元.
  const rng = new Rng(seed ^ 0x9e3779b9);
  const target = rng.pick(base.rendered.amountKeys);
  const shown = ds.shown[layout.unit].v.get(target.key) ?? new Decimal(0);
  let delta = new Decimal(rng.int(100, 50000)).div(100); // 1.00 … 500.00 万元
  if (shown.gte(delta.times(layout.unit === '元' ? 10000 : 1)) && rng.bool()) delta = delta.negated();
  const d = layout.unit === '元' ? delta.times(10000) : delta;
  const changed = await renderAndCheck(ds, layout, new Map([[target.key, shown.plus(d)]]));
  const named = changed.result.findings.some((f) => f.severity === 'error' && f.cells.some((c) => c.sheet === target.sheet && c.address === target.address));
  if (!named) {
    out.push({
      property: 3, layout,
      detail: `${target.key} at ${target.sheet}!${target.address}: ${shown.toFixed(2)} → ${shown.plus(d).toFixed(2)} ${layout.unit}: no error finding names that cell\n${summarize(changed) || '  (no error/warning findings)'}`,
    });
  }
  // Property 4 (every third seed, data with a non-empty T7/T8): the 合计 row of T7 or T8 carries the template
  // words 合计/基本支出/项目支出 instead of amounts: no error, and a warning names each such cell.
  if (seed % 3 === 0 && (ds.yuan.rows.T7.length || ds.yuan.rows.T8.length)) {
    const id = ds.yuan.rows.T7.length && (!ds.yuan.rows.T8.length || rng.bool()) ? 'T7' : 'T8';
    const words = new Map([[`${id}.合计.spend`, '合计'], [`${id}.合计.basic`, '基本支出'], [`${id}.合计.project`, '项目支出']]);
    const w = await renderAndCheck(ds, layout, undefined, words);
    const cells = w.rendered.amountKeys.filter((k) => words.has(k.key));
    const errors = w.result.findings.filter((f) => f.severity === 'error');
    const unwarned = cells.filter((k) => !w.result.findings.some((f) => f.severity === 'warning' && f.cells.some((c) => c.sheet === k.sheet && c.address === k.address)));
    if (errors.length || unwarned.length) {
      out.push({
        property: 4, layout,
        detail: `template words in ${id}'s 合计 row: ${errors.length} error(s); no warning on ${unwarned.map((k) => `${k.sheet}!${k.address}`).join(', ') || '-'}\n${summarize(w)}`,
      });
    }
  }
  return out;
}

export async function fuzz(runs: number, seed: number, onProgress?: (i: number) => void): Promise<FuzzReport> {
  const t0 = Date.now();
  const failures: Failure[] = [];
  for (let i = 0; i < runs; i++) {
    failures.push(...(await runOne(seed + i)));
    onProgress?.(i);
  }
  return { runs, seed, failures, ms: Date.now() - t0 };
}

/** Axis values that occur in failing layouts of a property, with failing / all counts. */
export function axisTally(report: FuzzReport, property: Property): string[] {
  const fails = report.failures.filter((f) => f.property === property).map((f) => f.layout);
  const all: Layout[] = [];
  for (let i = 0; i < report.runs; i++) all.push(randomLayout(report.seed + i, datasets().length));
  const values = (l: Layout): string[] => {
    const out = [`dataset=${l.dataset}`, `unit=${l.unit}`, `order=${l.order}`, `naming=${l.naming}`];
    for (const id of TABLES) for (const [k, v] of Object.entries(l.tables[id])) out.push(`${id}.${k}=${JSON.stringify(v)}`);
    return out;
  };
  const count = (ls: Layout[]) => {
    const m = new Map<string, number>();
    for (const l of ls) for (const v of values(l)) m.set(v, (m.get(v) ?? 0) + 1);
    return m;
  };
  const f = count(fails);
  const a = count(all);
  // Axis values over-represented among failures: failure rate with the value vs overall.
  const overall = fails.length / Math.max(1, all.length);
  return [...f.entries()]
    .map(([v, n]) => ({ v, n, rate: n / a.get(v)! }))
    .filter((x) => x.rate > Math.min(0.99, overall * 1.5) && x.n >= 2)
    .sort((x, y) => y.rate - x.rate)
    .slice(0, 25)
    .map((x) => `${x.v}: ${x.n}/${a.get(x.v)} fail`);
}

export function formatFailures(report: FuzzReport, property: Property, limit = 3): string {
  const fs = report.failures.filter((f) => f.property === property);
  if (!fs.length) return '';
  const head = `property ${property}: ${fs.length} of ${report.runs} layouts fail (FUZZ_SEED=${report.seed} FUZZ_RUNS=${report.runs}; rerun one layout with FUZZ_SEED=<seed> FUZZ_RUNS=1)`;
  const tally = axisTally(report, property);
  return [head, 'axis values over-represented among failures:', ...tally.map((t) => `  ${t}`),
    ...fs.slice(0, limit).map((f) => `--- layout seed ${f.layout.seed}\n${describeLayout(f.layout)}\n${f.detail}`)].join('\n');
}

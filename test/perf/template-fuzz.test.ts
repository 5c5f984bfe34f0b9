/**
 * The template fuzzer (issue 10's acceptance test): one set of projects rendered as real .xlsx in random
 * combinations of the spec's axes (column set, title, one/two-row headers, block order, stacked / side by
 * side, comparator and unit placement, total form, filled / unfilled, tails without their header block).
 * Properties, for every rendering:
 *  - every table is recognised, with its name and every indicator, and no part reported missing;
 *  - every indicator, the execution score and the total are scored as in the canonical rendering (the
 *    seed's Xinjiang layout) under each policy;
 *  - no error or warning the canonical rendering does not also raise (a false finding on a correct table);
 *  - the fill (`--out`) changes only score cells.
 * Seeded: PERF_FUZZ_SEED=<n> PERF_FUZZ_RUNS=<n> reproduce or widen a run; a failure prints its seed.
 */
import { Finding, Severity } from '../../src/core/finding';
import { fillPlan, fmtRate, fmtScore, Policy, POLICIES, scorePerformance, ScoredTable } from '../../src/core/perf';
import { a1, cellText, parseA1, WorkbookSnapshot } from '../../src/core/snapshot';
import { SETTINGS_SHEET } from '../../src/core/settings';
import { readSnapshot } from '../../src/xlsx/read';
import { applyPlan, workbookBytes } from '../../src/xlsx/apply';
import { ALL_PROJECTS, CANONICAL, PlacedTable, randomRendering, renderWorkbook, Rendering } from '../fixtures/perf/templates';

const RUNS = Number(process.env.PERF_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.PERF_FUZZ_SEED ?? 20241001);

interface Scores { exec: string | null; indicators: string[]; total: string | null }
interface Canon { scores: Record<Policy, Scores>; findings: Record<string, number> }

function scoresOf(st: ScoredTable): Scores {
  return {
    exec: st.execScore ? fmtScore(st.execScore) : null,
    indicators: st.indicators.map((i) => `${i.row.name}: ${i.score ? fmtScore(i.score) : '—'} / ${i.completion ? fmtRate(i.completion) : '—'}`),
    total: st.total ? fmtScore(st.total) : null,
  };
}

const COUNTED: Severity[] = ['error', 'warning'];

function onTable(f: Finding, st: ScoredTable): boolean {
  const t = st.table;
  return f.cells.some((c) => {
    const p = parseA1(c.address);
    return c.sheet === t.sheet && !!p && p.r >= t.startRow && p.r <= t.endRow && p.c >= t.startCol && p.c <= t.endCol;
  });
}

function ruleCounts(findings: Finding[], st: ScoredTable): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) {
    if (!COUNTED.includes(f.severity) || !onTable(f, st)) continue;
    const k = `${f.rule}/${f.severity}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

async function snapshotOfRendering(r: Rendering): Promise<{ bytes: Uint8Array; snap: WorkbookSnapshot }> {
  const bytes = new Uint8Array((await r.workbook.xlsx.writeBuffer()) as ArrayBuffer);
  return { bytes, snap: (await readSnapshot(bytes)).snapshot };
}

const canonCache = new Map<string, Promise<Canon>>();
function canonical(index: number, filled: boolean): Promise<Canon> {
  const key = `${index}/${filled}`;
  if (!canonCache.has(key)) {
    canonCache.set(key, (async () => {
      const r = renderWorkbook([{ index, style: { ...CANONICAL, filled } }], [{ perSheet: 1, sideBySide: false }]);
      const { snap } = await snapshotOfRendering(r);
      const scores = {} as Record<Policy, Scores>;
      let findings: Record<string, number> = {};
      for (const p of POLICIES) {
        const res = scorePerformance(snap, { policy: p });
        if (res.tables.length !== 1) throw new Error(`canonical rendering of ${ALL_PROJECTS[index].name}: ${res.tables.length} tables`);
        scores[p] = scoresOf(res.tables[0]);
        if (p === 'as-practiced') findings = ruleCounts(res.findings, res.tables[0]);
      }
      return { scores, findings };
    })());
  }
  return canonCache.get(key)!;
}

function describeTable(t: PlacedTable): string {
  const s = t.style;
  return `${t.sheet}!${a1(t.row, t.col)} ${t.name} [${s.template}, title ${s.title}, grid ${s.gridRows}r, funds ${s.fundsRows}r, ${s.order.join('>')}, ${s.columns ? 'own columns' : 'inline'}, total ${s.total}, ${s.filled ? 'filled' : 'unfilled'}${s.tail ? ', tail' : ''}${s.goal ? ', goal' : ''}${s.texts ? ', texts' : ''}]`;
}

async function checkRendering(seed: number): Promise<string[]> {
  const r = randomRendering(seed);
  const problems: string[] = [];
  const { bytes, snap } = await snapshotOfRendering(r);
  for (const policy of POLICIES) {
    const res = scorePerformance(snap, { policy });
    const tables = res.tables.filter((t) => t.table.kind === 'project');
    if (tables.length !== r.tables.length) {
      problems.push(`${policy}: ${tables.length} tables recognised, ${r.tables.length} rendered: ${tables.map((t) => `${t.table.sheet}!${t.table.titleCell.address} ${t.table.name}`).join(' | ')}`);
      break;
    }
    for (let k = 0; k < tables.length; k++) {
      const st = tables[k];
      const placed = r.tables[k];
      const where = describeTable(placed);
      if (st.table.name !== placed.name) problems.push(`${where}: recognised as “${st.table.name}”`);
      const doubts = [...st.table.doubts];
      if (doubts.length) problems.push(`${where}: ${doubts.join('; ')}`);
      const canon = await canonical(placed.index, placed.style.filled);
      const got = scoresOf(st);
      const want = canon.scores[policy];
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        problems.push(`${where} ${policy}: scored ${JSON.stringify(got)}, canonical ${JSON.stringify(want)}`);
      }
      if (policy === 'as-practiced') {
        const counts = ruleCounts(res.findings, st);
        for (const [rule, n] of Object.entries(counts)) {
          if (n > (canon.findings[rule] ?? 0)) {
            const msgs = res.findings.filter((f) => `${f.rule}/${f.severity}` === rule && onTable(f, st)).map((f) => f.message);
            problems.push(`${where}: ${n} × ${rule} (canonical ${canon.findings[rule] ?? 0}): ${msgs.join(' | ')}`);
          }
        }
      }
    }
    if (problems.length) break;
  }
  if (problems.length) return problems;

  // The fill writes only score cells.
  const policy = POLICIES[seed % POLICIES.length];
  const res = scorePerformance(snap, { policy });
  const loaded = await readSnapshot(bytes);
  const { plan } = fillPlan(res.tables, { policy, settingsFrom: snap });
  applyPlan(loaded.workbook, plan);
  const after = (await readSnapshot(await workbookBytes(loaded.workbook))).snapshot;
  for (const s of after.sheets) {
    if (s.name === SETTINGS_SHEET) continue;
    const before = snap.sheets.find((x) => x.name === s.name);
    if (!before) { problems.push(`fill added sheet ${s.name}`); continue; }
    const rows = Math.max(s.values.length, before.values.length);
    for (let i = 0; i < rows; i++) {
      const w = Math.max(s.values[i]?.length ?? 0, before.values[i]?.length ?? 0);
      for (let c = 0; c < w; c++) {
        const x = cellText(s.values[i]?.[c] ?? null);
        const y = cellText(before.values[i]?.[c] ?? null);
        if (x !== y && !r.scoreCells.has(`${s.name}!${a1(i, c)}`)) problems.push(`fill (${policy}) changed ${s.name}!${a1(i, c)}: “${y}” → “${x}”`);
      }
    }
  }
  return problems;
}

describe(`template fuzzer: ${RUNS} renderings from seed ${SEED}`, () => {
  const batches = 20;
  const per = Math.ceil(RUNS / batches);
  for (let b = 0; b < batches; b++) {
    const from = SEED + b * per;
    const to = Math.min(SEED + RUNS, from + per);
    if (from >= to) continue;
    it(`renderings ${from}…${to - 1}`, async () => {
      for (let seed = from; seed < to; seed++) {
        const problems = await checkRendering(seed);
        if (problems.length) {
          throw new Error(`rendering seed ${seed} (reproduce: PERF_FUZZ_SEED=${seed} PERF_FUZZ_RUNS=1):\n${problems.slice(0, 12).join('\n')}`);
        }
      }
    }, 600_000);
  }
});

/**
 * Benchmark of `score`: a workbook with 200 project self-evaluation sheets (the seed's ten and the extra
 * projects in the Xinjiang, Sichuan and Anhui layouts, filled and unfilled). Times recognition + scoring
 * under the policy + policy detection + the fill plan on the snapshot (target < 1 s on 2 cores), and
 * reports ExcelJS loading separately.
 *
 *   npx tsx scripts/bench-score.ts            (standalone; exit 1 when over target)
 *   import { benchScore } from './bench-score' (scripts/bench.ts prints its lines)
 */
import { performance } from 'perf_hooks';
import { readSnapshot } from '../src/xlsx/read';
import { fillPlan, scorePerformance } from '../src/core/perf';
import { ALL_PROJECTS, CANONICAL, renderWorkbook, TableStyle, TEMPLATES } from '../test/fixtures/perf/templates';

export const SCORE_SHEETS = Number(process.env.BENCH_SCORE_SHEETS ?? 200);
export const SCORE_TARGET_MS = 1000;

/** The benchmark workbook: one project table per sheet. */
export async function buildScoreWorkbook(sheets = SCORE_SHEETS): Promise<Uint8Array> {
  const items = Array.from({ length: sheets }, (_, k) => {
    const template = TEMPLATES[k % TEMPLATES.length];
    const style: TableStyle = { ...CANONICAL, template, columns: template === 'sichuan', filled: k % 5 !== 4, gridRows: k % 2 === 0 ? 1 : 2 };
    return { index: k % ALL_PROJECTS.length, style };
  });
  const r = renderWorkbook(items, items.map(() => ({ perSheet: 1, sideBySide: false })));
  return new Uint8Array((await r.workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface ScoreBench {
  sheets: number;
  tables: number;
  /** Recognition + scoring + detection + fill plan on the snapshot, median of 7 (ms). */
  scoreMs: number;
  /** CPU time of the same (user + system; wall time inflates on a loaded machine). */
  cpuMs: number;
  /** ExcelJS load + snapshot (ms, median of 3). */
  loadMs: number;
  ok: boolean;
  lines: string[];
}

export async function benchScore(sheets = SCORE_SHEETS): Promise<ScoreBench> {
  const bytes = await buildScoreWorkbook(sheets);
  const loads: number[] = [];
  let snapshot = (await readSnapshot(bytes)).snapshot;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    snapshot = (await readSnapshot(bytes)).snapshot;
    loads.push(performance.now() - t0);
  }
  const runs: number[] = [];
  const cpu: number[] = [];
  let tables = 0;
  for (let i = 0; i < 8; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = scorePerformance(snapshot);
    fillPlan(r.tables, { policy: r.policy, settingsFrom: snapshot });
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (i > 0) { runs.push(ms); cpu.push((c.user + c.system) / 1000); } // the first run warms the JIT
    tables = r.tables.length;
  }
  const scoreMs = median(runs);
  const cpuMs = median(cpu);
  const loadMs = median(loads);
  const ok = Math.min(scoreMs, cpuMs) < SCORE_TARGET_MS && tables === sheets;
  return {
    sheets, tables, scoreMs, cpuMs, loadMs, ok,
    lines: [
      `score: ${sheets} project sheets (${(bytes.length / 1024).toFixed(0)} KB), ${tables} tables recognised`,
      `score: recognition + scoring + policy detection + fill plan (median of 7): ${scoreMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU  (target < ${SCORE_TARGET_MS} ms)`,
      `score: ExcelJS load + snapshot (median of 3): ${loadMs.toFixed(0)} ms`,
    ],
  };
}

if (require.main === module) {
  benchScore().then((b) => {
    for (const l of b.lines) console.log(l);
    if (!b.ok) process.exit(1);
  }).catch((e) => { console.error(e); process.exit(1); });
}

/**
 * 单位整体支出绩效自评表 in several layouts (fixtures/perf/overall.ts), on generated .xlsx: recognised as
 * one 整体 table with its funds block (上级/本级/其他资金) and its short grid, scored identically to the
 * seed's own layout under each policy, with no error the canonical rendering does not have.
 */
import { fillPlan, fmtScore, Policy, scorePerformance, ScoredTable } from '../../src/core/perf';
import { a1, cellText, WorkbookSnapshot } from '../../src/core/snapshot';
import { SETTINGS_SHEET } from '../../src/core/settings';
import { readSnapshot } from '../../src/xlsx/read';
import { applyPlan, workbookBytes } from '../../src/xlsx/apply';
import { OVERALL_CANONICAL, overallModel, randomOverall, renderOverall, OverallRendering } from '../fixtures/perf/overall';

const POLICIES: Policy[] = ['official', 'as-practiced'];
const RUNS = 40;

async function snap(r: OverallRendering): Promise<WorkbookSnapshot> {
  return (await readSnapshot(new Uint8Array((await r.workbook.xlsx.writeBuffer()) as ArrayBuffer))).snapshot;
}
let filled = 0;
/** Fill the scores under `policy`; every cell changed must be a score cell the renderer drew. */
async function fillChanges(r: OverallRendering, before: WorkbookSnapshot, policy: Policy): Promise<string[]> {
  const loaded = await readSnapshot(new Uint8Array((await r.workbook.xlsx.writeBuffer()) as ArrayBuffer));
  const { plan } = fillPlan(scorePerformance(before, { policy }).tables, { policy, settingsFrom: before });
  applyPlan(loaded.workbook, plan);
  const after = (await readSnapshot(await workbookBytes(loaded.workbook))).snapshot;
  const out: string[] = [];
  for (const s of after.sheets) {
    if (s.name === SETTINGS_SHEET) continue;
    const b = before.sheets.find((x) => x.name === s.name)!;
    for (let i = 0; i < Math.max(s.values.length, b.values.length); i++) {
      for (let c = 0; c < Math.max(s.values[i]?.length ?? 0, b.values[i]?.length ?? 0); c++) {
        const x = cellText(s.values[i]?.[c] ?? null);
        const y = cellText(b.values[i]?.[c] ?? null);
        if (x !== y) filled++;
        if (x !== y && !r.scoreCells.has(`${s.name}!${a1(i, c)}`)) out.push(`${policy} changed ${s.name}!${a1(i, c)}: “${y}” → “${x}”`);
      }
    }
  }
  return out;
}
function summary(st: ScoredTable): string[] {
  const s = (d: { toString(): string } | null) => (d === null ? '—' : fmtScore(d as never));
  return [
    `exec ${s(st.execScore)}`, `total ${s(st.total)}`,
    ...st.indicators.map((i) => `${i.row.level1}/${i.row.name}: ${s(i.score)}`),
  ];
}

const rowOf = (address: string) => Number(/\d+$/.exec(address)![0]);

describe('单位整体支出绩效自评表 renderings', () => {
  const model = overallModel();
  let canon: Record<Policy, string[]>;
  let canonErrors: string[];
  let canonWarnings: string[];

  beforeAll(async () => {
    const s = await snap(renderOverall(OVERALL_CANONICAL, model));
    canon = {} as Record<Policy, string[]>;
    for (const p of POLICIES) {
      const res = scorePerformance(s, { policy: p });
      const t = res.tables.find((x) => x.table.kind === 'overall')!;
      canon[p] = summary(t);
      if (p === 'official') canonWarnings = res.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule} ${f.message}`);
      if (p === 'official') canonErrors = res.findings.filter((f) => f.severity === 'error').map((f) => f.rule).sort();
    }
  });

  it('the canonical rendering reads the seed table', () => {
    expect(canon.official.length).toBe(2 + model.indicators.length);
    expect(canon.official[0]).toBe('exec 10');
    expect(canon.official.every((x) => !x.endsWith('—'))).toBe(true);
    expect(canonWarnings).toEqual([]);
  });

  it(`${RUNS} seeded layouts are recognised and scored as the canonical one`, async () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (let seed = 1; seed <= RUNS; seed++) {
      const r = randomOverall(seed);
      for (const [k, v] of Object.entries(r.style)) seen.add(`${k}=${JSON.stringify(v)}`);
      const s = await snap(r);
      for (const p of POLICIES) {
        const res = scorePerformance(s, { policy: p });
        const overall = res.tables.filter((x) => x.table.kind === 'overall');
        if (overall.length !== 1) { problems.push(`seed ${seed} ${JSON.stringify(r.style)}: ${overall.length} 整体 tables`); continue; }
        const t = overall[0];
        if (t.table.name !== model.name) problems.push(`seed ${seed}: name “${t.table.name}”`);
        const got = summary(t);
        if (JSON.stringify(got) !== JSON.stringify(canon[p])) problems.push(`seed ${seed} ${p} ${JSON.stringify(r.style)}: ${got.join('; ')}`);
        if (p === 'official') {
          const errors = res.findings.filter((f) => f.severity === 'error' && f.cells.length > 0 && f.cells.every((c) => rowOf(c.address) > t.table.startRow));
          const extra = errors.map((f) => f.rule).sort();
          if (JSON.stringify(extra) !== JSON.stringify(canonErrors)) problems.push(`seed ${seed}: errors ${errors.map((f) => f.message).join(' | ')}`);
        }
        if (seed % 4 === 0) problems.push(...(await fillChanges(r, s, p)).map((x) => `seed ${seed}: ${x}`));
      }
    }
    expect(problems).toEqual([]);
    expect(filled).toBeGreaterThan(0); // the fills did write (总分 rows, official re-scores)
    // Every axis took each of its values at least once.
    for (const x of ['labels="alt"', 'labels="seed"', 'afterProject=true', 'fundsRows=2', 'title="none"', 'total=true', 'goal=false', 'numericScores=true', 'fullWidth=true']) {
      expect(seen).toContain(x);
    }
  });
});

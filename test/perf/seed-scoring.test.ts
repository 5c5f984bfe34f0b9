/** Acceptance of issue 4 on generated workbooks laid out like the seed's self-evaluation tables. */
import { fmtRate, fmtScore, Policy, PerfResult, scorePerformance, ScoredTable } from '../../src/core/perf';
import { WorkbookSnapshot } from '../../src/core/snapshot';
import { SEED_OVERALL, SEED_PROJECTS, seedStated } from '../fixtures/perf/generate';
import { fixtures, IRREPRODUCIBLE, OFFICIAL_TOTALS, snapshotOf, STATED_TOTALS } from './util';

const snaps: Record<string, WorkbookSnapshot> = {};

beforeAll(async () => {
  const f = await fixtures('filled', 'blank', 'filled-numeric', 'blank-numeric', 'stacked', 'reordered');
  for (const [k, file] of Object.entries(f)) snaps[k] = await snapshotOf(file);
});

function projects(r: PerfResult): ScoredTable[] {
  return r.tables.filter((t) => t.table.kind === 'project');
}
function totals(snap: WorkbookSnapshot, policy: Policy): (string | null)[] {
  return projects(scorePerformance(snap, { policy })).map((t) => (t.total ? fmtScore(t.total) : null));
}

describe('recognition', () => {
  it.each(['filled', 'blank', 'filled-numeric', 'blank-numeric', 'reordered'])('%s: ten projects and one 整体 table, seed names, all rows', (v) => {
    const r = scorePerformance(snaps[v]);
    expect(r.tables).toHaveLength(11);
    const ps = projects(r);
    expect(ps.map((p) => p.table.name)).toEqual(SEED_PROJECTS.map((t) => t.rows[2][1]));
    ps.forEach((p, k) => {
      const seed = seedStated(SEED_PROJECTS[k]);
      expect(p.indicators.map((i) => i.row.name)).toEqual(seed.indicators.map((i) => i.name));
      expect(p.table.doubts).toEqual([]);
      expect(p.table.department).toBe('乌鲁木齐市水磨沟区水磨沟街道办事处');
      expect(p.table.totalRow).toBeDefined();
    });
    const overall = r.tables.find((t) => t.table.kind === 'overall')!;
    expect(overall.table.name).toBe(SEED_OVERALL.rows[2][1]);
    expect(overall.indicators.map((i) => i.row.name)).toEqual(['开展青少年爱国主义教育次数', '实现税收金额', '2024年辖区固投项目数量', '街道事务正常运转率']);
    expect(overall.table.funds?.parts.map((p) => p.label)).toEqual(['上级资金（万元）', '本级资金（万元）', '其他资金（万元）']);
  });

  it('follows merged 一级/二级 cells down', () => {
    const p = projects(scorePerformance(snaps.filled))[0];
    expect(p.indicators.map((i) => `${i.row.level1}/${i.row.level2}`)).toEqual([
      '产出指标/数量指标', '产出指标/数量指标', '产出指标/质量指标', '产出指标/时效指标',
      '成本指标/经济成本指标', '成本指标/经济成本指标', '效益指标/社会效益指标', '效益指标/社会效益指标',
    ]);
  });

  it('stacked: two projects on one sheet, a prose mention is not a table', () => {
    const r = scorePerformance(snaps.stacked);
    const ps = projects(r);
    expect(ps.map((p) => [p.table.sheet, p.table.titleCell.address])).toEqual([['项目自评', 'A1'], ['项目自评', 'A24']]);
    expect(ps.map((p) => p.indicators.length)).toEqual([8, 7]);
    expect(totals(snaps.stacked, 'official')).toEqual(['99.98', '97.83']);
    expect(totals(snaps.stacked, 'as-practiced')).toEqual(['92.96', '83.05']);
    expect(r.findings.some((f) => f.rule === 'P00' && f.cells[0]?.sheet === '说明')).toBe(true);
  });

  it('reordered columns read the same values', () => {
    const a = projects(scorePerformance(snaps.filled, { policy: 'as-practiced' }));
    const b = projects(scorePerformance(snaps.reordered, { policy: 'as-practiced' }));
    expect(b.map((t) => t.table.columns.weight)).toEqual(b.map(() => 4));
    for (let k = 0; k < a.length; k++) {
      expect(b[k].indicators.map((i) => [i.row.name, i.target.text, i.actual.text, i.score?.toString(), i.stated.score]))
        .toEqual(a[k].indicators.map((i) => [i.row.name, i.target.text, i.actual.text, i.score?.toString(), i.stated.score]));
      expect(b[k].execScore?.toString()).toBe(a[k].execScore?.toString());
    }
  });
});

describe('official (default)', () => {
  it.each(['blank', 'blank-numeric'])('%s: the ten official totals', (v) => {
    expect(scorePerformance(snaps[v]).policy).toBe('official');
    expect(totals(snaps[v], 'official')).toEqual(OFFICIAL_TOTALS);
  });
  it('keeps an in-band qualitative score the user set (filled 民生: 99.23)', () => {
    const t = totals(snaps.filled, 'official');
    expect(t).toEqual(OFFICIAL_TOTALS.map((x, k) => (k === IRREPRODUCIBLE.project ? '99.23' : x)));
  });
});

describe('as-practiced', () => {
  it.each(['filled', 'filled-numeric', 'reordered'])('%s: reproduces all ten stated totals and every row', (v) => {
    const r = scorePerformance(snaps[v], { policy: 'as-practiced' });
    const ps = projects(r);
    expect(ps.map((p) => (p.total ? fmtScore(p.total) : null))).toEqual(STATED_TOTALS);
    ps.forEach((p, k) => {
      const seed = seedStated(SEED_PROJECTS[k]);
      expect(p.execScore && fmtScore(p.execScore)).toBe(seed.execScore.replace(/\.?0+$/, ''));
      expect(p.indicators.map((i) => i.score && fmtScore(i.score))).toEqual(seed.indicators.map((i) => i.score));
      expect(p.indicators.map((i) => i.completion && fmtRate(i.completion))).toEqual(seed.indicators.map((i) => i.rate));
    });
    // The irreproducible row is kept as the user's judgement and reported.
    const kept = ps[IRREPRODUCIBLE.project].indicators.filter((i) => i.kept).map((i) => i.row.name);
    expect(kept).toEqual([IRREPRODUCIBLE.indicator]);
    expect(r.findings.filter((f) => f.rule === 'P17')).toHaveLength(1);
    // Nothing to fill: every score cell already holds the as-practiced value.
    expect(r.findings.filter((f) => ['P04', 'P05', 'P06', 'P14'].includes(f.rule))).toEqual([]);
  });

  it('blank sheets: every stated total and row except the irreproducible one', () => {
    const ps = projects(scorePerformance(snaps.blank, { policy: 'as-practiced' }));
    const t = ps.map((p) => (p.total ? fmtScore(p.total) : null));
    // 民生: 87.83 was stated with 19.23 for a 完全达到预期 row; from blank cells the row gets the full 20.
    expect(t).toEqual(STATED_TOTALS.map((x, k) => (k === IRREPRODUCIBLE.project ? '88.6' : x)));
    const differing: string[] = [];
    ps.forEach((p, k) => {
      const seed = seedStated(SEED_PROJECTS[k]);
      p.indicators.forEach((i, j) => {
        if (fmtScore(i.score!) !== seed.indicators[j].score) differing.push(`${k}:${i.row.name}`);
      });
    });
    expect(differing).toEqual([`${IRREPRODUCIBLE.project}:${IRREPRODUCIBLE.indicator}`]);
  });

  it('the 整体 table: execution 100.0% / 10, indicator scores as stated', () => {
    const o = scorePerformance(snaps.blank, { policy: 'as-practiced' }).tables.find((t) => t.table.kind === 'overall')!;
    expect(o.execScore?.toString()).toBe('10');
    expect(o.indicators.map((i) => fmtScore(i.score!))).toEqual(['20', '0.42', '20', '30']);
    expect(o.total && fmtScore(o.total)).toBe('80.42');
  });
});

describe('vendor', () => {
  it('differs from official only on reverse misses and qualitative bands', () => {
    const t = totals(snaps.blank, 'vendor');
    // 消化中小企业账款: 1.75 vs ≤1.5 → 5 × (1 − 0.25/1.5) = 4.17; 社区经费: 76.25 ≥ 2 × 34.80 → 0.
    expect(t).toEqual(OFFICIAL_TOTALS.map((x, k) => (k === 8 ? '99.16' : k === 9 ? '92.93' : x)));
  });
});

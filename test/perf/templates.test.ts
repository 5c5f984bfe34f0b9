/**
 * Issue 10 on generated .xlsx: the Sichuan and Anhui templates scored by hand-computed totals, a table
 * with no title row through the CLI, a funds total left at 0, tails without their header block, tables
 * published unfilled, and policy detection (core, CLI text).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Finding } from '../../src/core/finding';
import { fmtExecRate, fmtScore, Policy, policyAdvice, scorePerformance, ScoredTable } from '../../src/core/perf';
import { WorkbookSnapshot } from '../../src/core/snapshot';
import { readSnapshot } from '../../src/xlsx/read';
import {
  ALL_PROJECTS, CANONICAL, EXTRA_PROJECTS, ProjectModel, renderWorkbook, Rendering, TableStyle,
} from '../fixtures/perf/templates';
import { fixtures, runCli, snapshotOf, tempDir } from './util';
import { buildPerfView } from '../../src/taskpane/perf/model';

const E = ALL_PROJECTS.length - EXTRA_PROJECTS.length;
const ROAD = E;        // 城区道路养护项目
const GRID_PROJ = E + 1; // 社区网格化管理服务项目
const DEVICES = E + 2; // 办公设备购置项目

async function snap(r: Rendering): Promise<WorkbookSnapshot> {
  return (await readSnapshot(new Uint8Array((await r.workbook.xlsx.writeBuffer()) as ArrayBuffer))).snapshot;
}
function one(index: number, style: Partial<TableStyle>, project?: ProjectModel): Rendering {
  return renderWorkbook([{ index, style: { ...CANONICAL, ...style }, ...(project ? { project } : {}) }], [{ perSheet: 1, sideBySide: false }]);
}
function totals(s: WorkbookSnapshot, policy: Policy): (string | null)[] {
  return scorePerformance(s, { policy }).tables.map((t) => (t.total ? fmtScore(t.total) : null));
}
const of = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

describe('Sichuan and Anhui column sets, scored by hand', () => {
  // 城区道路养护: execution 108/120 → 9; reverse met 9 of ≤10个月 (official 10, as-practiced 9); reverse
  // missed 2.4 vs ≤2.2万元 (official 15 × 2.2/2.4 = 13.75, as-practiced 0, vendor 15 × (1 − 0.2/2.2) = 13.64);
  // bare 90 vs ≤90万元 met; text actuals 达成预期指标 / 完成 full.
  const expected: Record<number, Record<Policy, string>> = {
    [ROAD]: { official: '97.75', 'as-practiced': '83', vendor: '97.64' },
    [GRID_PROJ]: { official: '100', 'as-practiced': '100', vendor: '100' },
    // 办公设备: <3个月 done in 2 (as-practiced 15 × 2/3 = 10); 3.2 vs ≤1.5万元 (official 7.03, vendor 0 at ≥ 2×).
    [DEVICES]: { official: '91.86', 'as-practiced': '79.83', vendor: '84.83' },
  };
  for (const template of ['sichuan', 'anhui', 'xinjiang'] as const) {
    it.each([ROAD, GRID_PROJ, DEVICES])(`${template}: project %i totals under each policy`, async (index) => {
      const s = await snap(one(index, { template, columns: template === 'sichuan', gridRows: 2, fundsRows: 2, title: 'none', total: 'heji' }));
      for (const p of ['official', 'as-practiced', 'vendor'] as Policy[]) expect(totals(s, p)).toEqual([expected[index][p]]);
      const r = scorePerformance(s, { policy: 'as-practiced' });
      expect(r.tables[0].table.doubts).toEqual([]);
      expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    });
  }

  it('Sichuan: 预算执行情况(10分) funds with `/` cells, comparator and unit in their own columns', async () => {
    const s = await snap(one(ROAD, { template: 'sichuan', columns: true, title: 'none' }));
    const st = scorePerformance(s).tables[0];
    expect(st.table.funds?.total?.label).toBe('总额');
    expect(st.table.funds?.parts.map((p) => p.label)).toEqual(['其中：财政资金', '财政专户管理资金', '单位资金', '其他资金']);
    expect(st.table.funds?.labelWeight).toBe('10');
    expect(st.execRate && fmtExecRate(st.execRate)).toBe('90.0%');
    const cost = st.indicators.find((i) => i.row.name === '每公里养护成本')!;
    expect([cost.target.text, cost.actual.text, cost.direction]).toEqual(['<=2.2万元', '2.4万元', 'reverse']);
    expect(st.table.columns.nature).toBeDefined();
    expect(st.table.columns.unit).toBeDefined();
  });

  it('Anhui: points in the 一级 cell, ≥100百分比 with 达成预期指标', async () => {
    const s = await snap(one(GRID_PROJ, { template: 'anhui', fullWidth: true }));
    const st = scorePerformance(s).tables[0];
    expect([...new Set(st.indicators.map((i) => i.row.level1))]).toEqual(['产出指标', '效益指标', '满意度指标']);
    const rate = st.indicators.find((i) => i.row.name === '事件办结率')!;
    expect([rate.target.text, rate.actual.text, rate.score && fmtScore(rate.score)]).toEqual(['≥100百分比', '达成预期指标', '20']);
  });
});

describe('recognition by parts', () => {
  it('no title row: the CLI finds and scores the table (exit 0, not 2)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'no-title.xlsx');
    const r = one(GRID_PROJ, { title: 'none', order: ['funds', 'grid', 'header'] });
    fs.writeFileSync(file, new Uint8Array((await r.workbook.xlsx.writeBuffer()) as ArrayBuffer));
    const out = await runCli(['score', file]);
    expect(out.err).toBe('');
    expect(out.code).toBe(0);
    expect(out.out).toContain('社区网格化管理服务项目');
    expect(out.out).toContain('总分：填报 100 → 计算 100（一致）');
  });

  it('a tail after a page break (grid header repeated, no header block) is attached to its table', async () => {
    const s = await snap(one(4, { tail: true, order: ['header', 'funds', 'grid'] }));
    const r = scorePerformance(s, { policy: 'as-practiced' });
    expect(r.tables).toHaveLength(1);
    expect(r.tables[0].indicators).toHaveLength(7);
    expect(r.tables[0].total && fmtScore(r.tables[0].total)).toBe('87.83');
  });

  it('a grid with no header block under a complete table is its own table, reported without a name', async () => {
    const r = renderWorkbook([
      { index: 0, style: CANONICAL },
      { index: 1, style: { ...CANONICAL, title: 'none', order: ['grid', 'header', 'funds'] } },
    ], [{ perSheet: 2, sideBySide: false }]);
    // Drop the second table's header block, funds and texts (all below its grid): only its grid and 总分 remain.
    const ws = r.workbook.worksheets[0];
    let from = -1;
    ws.eachRow((row, n) => { if (n - 1 > r.tables[1].row && from < 0 && row.getCell(1).value === '项目名称') from = n; });
    expect(from).toBeGreaterThan(0);
    for (let n = from; n <= ws.rowCount; n++) ws.getRow(n).eachCell((c) => { c.value = null; });
    const st = scorePerformance(await snap(r)).tables;
    expect(st).toHaveLength(2);
    expect(st[1].table.name).toBe('');
    expect(st[1].table.doubts).toEqual([expect.stringContaining('未找到项目名称'), expect.stringContaining('未找到资金部分')]);
    const f = scorePerformance(await snap(r)).findings.filter((x) => x.rule === 'P00' && x.severity === 'warning');
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining('未找到项目名称'), expect.stringContaining('未找到资金部分')]);
  });

  it('side by side, stacked, two-row headers: every table with its own name and total', async () => {
    const styles: Partial<TableStyle>[] = [
      { template: 'sichuan', columns: true, gridRows: 2 }, { template: 'anhui', title: 'none', fundsRows: 2 },
      { template: 'xinjiang', order: ['grid', 'funds', 'header'], title: 'one-row' }, { template: 'anhui', total: 'none' },
    ];
    const r = renderWorkbook(styles.map((s, k) => ({ index: k, style: { ...CANONICAL, ...s } })), [{ perSheet: 2, sideBySide: true }]);
    const st = scorePerformance(await snap(r), { policy: 'as-practiced' }).tables;
    expect(st.map((t) => t.table.name)).toEqual([0, 1, 2, 3].map((k) => ALL_PROJECTS[k].name));
    expect(st.map((t) => t.total && fmtScore(t.total))).toEqual(['92.96', '83.05', '100', '100']);
    expect(st.map((t) => t.table.startCol > 0)).toEqual([false, false, true, true]);
  });
});

describe('funds total left at 0 while its 其中 rows are filled', () => {
  it('is an error naming the cells; the rate comes from the 财政资金 row and the finding says so', async () => {
    const p = EXTRA_PROJECTS[0];
    const broken: ProjectModel = { ...p, total: { ...p.total, initial: '0.00', budget: '0.00', spent: '0.00' } };
    for (const template of ['xinjiang', 'sichuan'] as const) {
      const r = scorePerformance(await snap(one(ROAD, { template, columns: template === 'sichuan' }, broken)));
      const st = r.tables[0];
      expect(st.execRate && fmtExecRate(st.execRate)).toBe('90.0%');
      expect(st.execScore && fmtScore(st.execScore)).toBe('9');
      const f = of(r.findings, 'P21');
      expect(f).toHaveLength(1);
      expect(f[0].severity).toBe('error');
      expect(f[0].message).toMatch(/全年预算数为 0\.00（D\d+）/);
      expect(f[0].message).toContain(template === 'sichuan' ? '执行率按“其中：财政资金”行计算：108.00 ÷ 120.00 = 90.0%' : '执行率按“其中：当年财政拨款”行计算');
      expect(f[0].cells.length).toBeGreaterThanOrEqual(3);
      expect(of(r.findings, 'P15')).toEqual([]);
    }
  });
});

describe('tables published unfilled', () => {
  it('one finding per empty kind, no invented scores, instructions reported as unfilled text', async () => {
    const r = scorePerformance(await snap(one(1, { filled: false, texts: true, goal: true })));
    const st = r.tables[0];
    expect(st.indicators.every((i) => i.score === null)).toBe(true);
    expect(st.total).toBeNull();
    const p22 = of(r.findings, 'P22');
    expect(p22.map((f) => f.params?.kind)).toEqual(['actual', 'text']);
    expect(p22[0].message).toContain('全部 7 个指标的实际完成值未填');
    expect(p22[1].message).toMatch(/总体目标完成情况.*偏差原因|评价结论（B\d+）、存在问题（B\d+）、改进措施/);
    expect(of(r.findings, 'P10')).toEqual([]);
    // The fill writes only the execution rate and score.
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('policy detection', () => {
  let filled: WorkbookSnapshot;
  beforeAll(async () => { filled = await snapshotOf((await fixtures('filled')).filled); });

  it('the seed workbook follows as-practiced: offered under official, silent under as-practiced', () => {
    const r = scorePerformance(filled);
    expect(r.detection.matches).toEqual(['as-practiced']);
    expect(r.detection.suggestion).toBe('as-practiced');
    expect(policyAdvice(r.detection, r.policy)).toMatch(/^本工作簿的已填得分与『本单位以往做法』完全一致；按当前的『财政部口径』有 \d+ 个得分不同/);
    const a = scorePerformance(filled, { policy: 'as-practiced' });
    expect(a.detection.suggestion).toBeNull();
    expect(policyAdvice(a.detection, a.policy)).toBeNull();
  });

  it('the task pane view carries the message and the policy to switch to', () => {
    const v = buildPerfView(scorePerformance(filled));
    expect(v.suggestion).toBe('as-practiced');
    expect(v.advice).toContain('本工作簿的已填得分与『本单位以往做法』完全一致');
    expect(buildPerfView(scorePerformance(filled, { policy: 'as-practiced' })).advice).toBeNull();
  });

  it('blank score cells: nothing to detect', async () => {
    const r = scorePerformance(await snapshotOf((await fixtures('blank')).blank));
    expect(r.detection).toMatchObject({ stated: 0, matches: [], suggestion: null });
  });

  it('the CLI says so first', async () => {
    const out = await runCli(['score', (await fixtures('filled')).filled]);
    const lines = out.out.split('\n');
    expect(lines[2]).toContain('提示：本工作簿的已填得分与『本单位以往做法』完全一致');
    expect(lines[2]).toContain('--policy as-practiced');
    const json = JSON.parse((await runCli(['score', (await fixtures('filled')).filled, '--json'])).out);
    expect(json.policyDetection).toMatchObject({ matches: ['as-practiced'], suggestion: 'as-practiced' });
  });

  it('each rendering of an extra project detects as-practiced (its stated scores)', async () => {
    const s = await snap(one(DEVICES, { template: 'sichuan', columns: true }));
    const r = scorePerformance(s);
    expect(r.detection.suggestion).toBe('as-practiced');
    const st: ScoredTable = r.tables[0];
    expect(st.total && fmtScore(st.total)).toBe('91.86');
  });
});

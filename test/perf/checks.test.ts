/** Findings on the filled seed sheets, the deliberate-flaw and junk variants, totals and cross-checks. */
import Decimal from 'decimal.js';
import { Finding } from '../../src/core/finding';
import { crossCheckWithTables, perfTotals, perfTotalsOf, scorePerformance } from '../../src/core/perf';
import { WorkbookSnapshot } from '../../src/core/snapshot';
import { TableSet, Amount } from '../../src/core/tables/model';
import { fixtures, snapshotOf } from './util';

const snaps: Record<string, WorkbookSnapshot> = {};
beforeAll(async () => {
  const f = await fixtures('filled', 'blank', 'flaws', 'junk');
  for (const [k, file] of Object.entries(f)) snaps[k] = await snapshotOf(file);
});

const of = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);
const cellsOf = (f: Finding) => f.cells.map((c) => `${c.sheet}!${c.address}`);

describe('filled seed sheets, official', () => {
  let findings: Finding[];
  beforeAll(() => { findings = scorePerformance(snaps.filled).findings; });

  it('every finding is a PERF finding with cells and a zh-CN message naming its sheet', () => {
    for (const f of findings) {
      expect(f.table).toBe('PERF');
      expect(f.rule).toMatch(/^P\d\d$/);
      expect(f.message).toMatch(/「[^」]+」/);
      expect(f.cells.length).toBeGreaterThan(0);
    }
  });

  it('reports each reverse indicator met but scored below full', () => {
    const p06 = of(findings, 'P06');
    const names = p06.map((f) => /逆向指标“([^”]+)”/.exec(f.message)![1]);
    expect(names).toEqual([
      '本次拨付欠款单位款项', '本次拨付尾款占比',
      '举办文化活动经费标准',
      '社区便民服务大厅购置设备次数', '平均每项民生实事项目开展成本', '社区便民服务大厅设备购置成本',
      '资金拨付时间',
      '化解中小企业运维类欠款平均成本',
      '社区化解欠款类型', '社区日常运行成本', '开展群众活动成本', '购买办公耗材成本',
    ]);
    const culture = p06.find((f) => f.message.includes('举办文化活动经费标准'))!;
    expect(culture.message).toContain('5.22');
    expect(culture.params).toEqual({ old: '5.22', new: '20' });
    expect(cellsOf(culture)).toEqual(['绩效自评2!M16', '绩效自评2!E16', '绩效自评2!K16', '绩效自评2!H16']);
    const time = p06.find((f) => f.message.includes('资金拨付时间'))!;
    expect(time.params).toEqual({ old: '2', new: '8' });
  });

  it('reports the reverse miss scored 0 where official gives 4.29 (and 2.28)', () => {
    const p05 = of(findings, 'P05');
    expect(p05.map((f) => f.params)).toEqual([{ old: '0', new: '4.29' }, { old: '0', new: '2.28' }]);
    expect(p05[0].message).toContain('化解中小企业工程类欠款平均成本');
  });

  it('stated totals against official ones (old vs new)', () => {
    const p14 = of(findings, 'P14');
    expect(p14.map((f) => [f.cells[0].sheet, f.params?.old, f.params?.new])).toEqual([
      ['绩效自评1', '92.96', '99.98'], ['绩效自评2', '83.05', '97.83'], ['绩效自评5', '87.83', '99.23'],
      ['绩效自评6', '94', '100'], ['绩效自评9', '93.2', '99.28'], ['绩效自评10', '80.64', '95.21'],
    ]);
  });

  it('消化2023年暂付款: the amounts listed in 完成情况 add to 44.69, not 44.72', () => {
    const p16 = of(findings, 'P16');
    expect(p16).toHaveLength(1);
    expect(p16[0].params).toEqual({ sum: '44.69', spent: '44.72' });
    expect(cellsOf(p16[0])).toEqual(['绩效自评8!I10', '绩效自评8!I6']);
  });

  it('a reverse comparator contradicted by its deviation text, and a qualitative row explained as ≥90%', () => {
    expect(of(findings, 'P09').map((f) => f.message)).toEqual([expect.stringContaining('社区化解欠款类型')]);
    const p18 = of(findings, 'P18');
    expect(p18.find((f) => f.severity === 'warning')!.message).toContain('提高为群众办事效率');
    expect(p18.find((f) => f.severity === 'info')!.message).toContain('<1.15万元');
  });

  it('no arithmetic errors in the seed itself; the split is reported as info', () => {
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(of(findings, 'P02')).toHaveLength(11);
    expect(of(findings, 'P02')[1].message).toContain('产出指标 40、成本指标 20、效益指标 30');
    expect(of(findings, 'P08').map((f) => f.severity)).toEqual(['info']); // 0.004 without 亿元
  });

  it('blank sheets raise no stated-vs-computed findings', () => {
    const fs = scorePerformance(snaps.blank).findings;
    expect(fs.filter((f) => ['P04', 'P05', 'P06', 'P11', 'P12', 'P13', 'P14', 'P17'].includes(f.rule))).toEqual([]);
  });
});

describe('deliberate flaws', () => {
  let findings: Finding[];
  beforeAll(() => { findings = scorePerformance(snaps.flaws).findings; });

  it('funds total ≠ Σ 其中 rows', () => {
    const f = of(findings, 'P15');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect(cellsOf(f[0])).toEqual(['绩效自评1!G6', '绩效自评1!G7', '绩效自评1!G8']);
    expect(f[0].message).toContain('差 10.00 万元');
  });
  it('missing 偏差原因 where completion ≥ 130%', () => {
    const f = of(findings, 'P07');
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining('举办文化活动次数')]);
    expect(cellsOf(f[0])).toEqual(['绩效自评2!N14', '绩效自评2!M14']);
  });
  it('unit mismatch (warning) and a 元/万元 conversion (info)', () => {
    const f = of(findings, 'P08');
    const mismatch = f.filter((x) => x.severity === 'warning');
    expect(mismatch.map(cellsOf)).toEqual([['绩效自评3!E18', '绩效自评3!K18']]);
    expect(f.some((x) => x.severity === 'info' && x.message.includes('200000元'))).toBe(true);
  });
  it('qualitative grade outside the three', () => {
    const f = of(findings, 'P10');
    expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/“良好”不是三个评判等级之一/)]);
  });
  it('执行率 ≠ 执行数 / 预算数', () => {
    const f = of(findings, 'P11');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect(f[0].params).toEqual({ old: '90.0%', new: '100.0%' });
    expect(cellsOf(f[0])).toEqual(['绩效自评7!L6', '绩效自评7!I6', '绩效自评7!G6']);
  });
  it('stated 总分 ≠ Σ stated parts', () => {
    const f = of(findings, 'P13');
    expect(f).toHaveLength(1);
    expect(f[0].params).toEqual({ old: '98', sum: '100' });
    expect(f[0].cells[0]).toEqual({ sheet: '绩效自评8', address: 'M21' });
    expect(f[0].cells).toHaveLength(11);
  });
  it('weights not adding to 90', () => {
    const f = of(findings, 'P01');
    expect(f.map((x) => x.severity)).toEqual(['error', 'error']);
    expect(f[0].params).toEqual({ sum: '95' });
    expect(f[0].cells).toHaveLength(8);
  });
  it('a deviation text with the opposite comparator', () => {
    expect(of(findings, 'P09').some((x) => x.message.includes('平均每项民生实事项目开展成本') && x.message.includes('方向相反'))).toBe(true);
  });
});

describe('junk in number cells', () => {
  it('gives a finding naming the cell, never a crash', () => {
    const r = scorePerformance(snaps.junk);
    const p03 = of(r.findings, 'P03');
    expect(p03.map((f) => [cellsOf(f)[0], f.params?.value])).toEqual([
      ['绩效自评1!H12', '十'],
      ['绩效自评2!G6', '四点六'],
      ['绩效自评3!M12', '满分'],
    ]);
    for (const f of p03) expect(f.message).toContain(f.cells[0].address);
    // The tables with junk cannot be totalled; the others still are.
    const ps = r.tables.filter((t) => t.table.kind === 'project');
    expect(ps[0].total).toBeNull();
    expect(ps[1].total).toBeNull();
    expect(ps[2].total?.toString()).toBe('100');
    // Unparseable indicator values are reported, the user's score kept.
    expect(of(r.findings, 'P10').map((f) => cellsOf(f)[0])).toEqual(['绩效自评4!K13', '绩效自评5!K12']);
  });
});

describe('totals for the narrative (rule 27) and cross-checks', () => {
  it('Σ 全年预算数 / 全年执行数 / project count', () => {
    const t = perfTotalsOf(snaps.filled);
    expect(t.projectCount).toBe(10);
    expect(t.budget.toFixed(2)).toBe('991.87');
    expect(t.spent.toFixed(2)).toBe('886.03');
    expect(t.budgetCells).toHaveLength(10);
    expect(t.budgetCells[0]).toEqual({ sheet: '绩效自评1', address: 'G6' });
    expect(t.overallCount).toBe(1);
    expect(t.overallBudget?.toFixed(2)).toBe('3578.52');
    expect(t.overallSpent?.toFixed(2)).toBe('3578.41');
    expect(t.unreadable).toEqual([]);
    expect(perfTotals(scorePerformance(snaps.junk).tables.map((x) => x.table)).unreadable).toEqual([{ sheet: '绩效自评2', address: 'G6' }]);
  });

  it('整体表 上级 + 本级 against the nine tables', () => {
    const amount = (v: string, sheet: string, address: string): Amount => ({ value: new Decimal(v), half: new Decimal('0.005'), ref: { sheet, address } });
    const set = {
      T4: { expenseTotal: { total: amount('3497.95', '财拨总表', 'D30') } },
      T1: { expenseTotal: amount('3578.41', '收支总表', 'D30') },
    } as unknown as TableSet;
    const tables = scorePerformance(snaps.filled).tables.map((t) => t.table);
    const fs = crossCheckWithTables(tables, set);
    expect(fs).toHaveLength(1);
    expect(fs[0].rule).toBe('P19');
    expect(fs[0].message).toContain('3,560.95');
    expect(fs[0].message).toContain('差 63.00 万元');
    expect(cellsOf(fs[0])).toEqual(['整体绩效自评!E6', '整体绩效自评!E7', '财拨总表!D30']);
  });
});

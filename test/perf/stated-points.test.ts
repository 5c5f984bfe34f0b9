/**
 * Points stated in labels (P23): `产出指标(50分)` (Anhui), `绩效指标(90分)` / `预算执行情况(10分)` (Sichuan)
 * checked against the weights under them, on generated .xlsx; never a finding on a consistent table.
 */
import type { Workbook } from 'exceljs';
import { Finding } from '../../src/core/finding';
import { scorePerformance } from '../../src/core/perf';
import { WorkbookSnapshot } from '../../src/core/snapshot';
import { readSnapshot } from '../../src/xlsx/read';
import { ALL_PROJECTS, CANONICAL, EXTRA_PROJECTS, ProjectModel, renderWorkbook, Rendering, TableStyle } from '../fixtures/perf/templates';

const ROAD = ALL_PROJECTS.length - EXTRA_PROJECTS.length;

function one(index: number, style: Partial<TableStyle>, project?: ProjectModel): Rendering {
  return renderWorkbook([{ index, style: { ...CANONICAL, ...style }, ...(project ? { project } : {}) }], [{ perSheet: 1, sideBySide: false }]);
}
async function snap(wb: Workbook): Promise<WorkbookSnapshot> {
  return (await readSnapshot(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer))).snapshot;
}
/** Rewrite every text cell matching `re`; returns the addresses changed. */
function rewrite(wb: Workbook, re: RegExp, to: (m: RegExpExecArray) => string): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
    if (cell.isMerged && cell.master.address !== cell.address) return;
    const m = typeof cell.value === 'string' ? re.exec(cell.value) : null;
    if (m) { cell.value = to(m); out.push(cell.address); }
  })));
  return out;
}
const p23 = (fs: Finding[]) => fs.filter((f) => f.rule === 'P23');
async function findings(wb: Workbook): Promise<Finding[]> {
  return scorePerformance(await snap(wb), { policy: 'official' }).findings;
}

describe('stated points of a 一级 group, the grid and the funds block (P23)', () => {
  it('is silent on consistent Anhui and Sichuan renderings', async () => {
    for (const template of ['anhui', 'sichuan'] as const) {
      for (const index of [0, 3, ROAD]) {
        const r = one(index, { template, tail: index === 3 });
        expect(p23(await findings(r.workbook))).toEqual([]);
      }
    }
  });

  it('warns when 产出指标(N分) differs from its indicators, naming the cell', async () => {
    const r = one(ROAD, { template: 'anhui' });
    let stated = 0;
    const cells = rewrite(r.workbook, /^产出指标\((\d+)分\)$/, (m) => { stated = Number(m[1]) - 5; return `产出指标(${stated}分)`; });
    expect(cells.length).toBe(1);
    const fs = p23(await findings(r.workbook));
    expect(fs.length).toBe(1);
    expect(fs[0].severity).toBe('warning');
    expect(fs[0].message).toContain(`${cells[0]}“产出指标(${stated}分)”写明 ${stated} 分`);
    expect(fs[0].message).toContain('“产出指标”下各指标分值合计');
    expect(fs[0].cells[0].address).toBe(cells[0]);
  });

  it('allows 满意度 share moved to 产出 when the project has no 满意度 indicator', async () => {
    const base = ALL_PROJECTS[ROAD];
    let moved = false;
    const indicators = base.indicators.filter((i) => !/满意/.test(i.level1)).map((i) => {
      if (moved || !/产出/.test(i.level1)) return i;
      moved = true;
      return { ...i, weight: String(Number(i.weight) + 10) };
    });
    const r = one(ROAD, { template: 'anhui' }, { ...base, indicators });
    // The template's printed points (without the moved share).
    rewrite(r.workbook, /^产出指标\((\d+)分\)$/, (m) => `产出指标(${Number(m[1]) - 10}分)`);
    expect(p23(await findings(r.workbook))).toEqual([]);
  });

  it('allows 满意度 counted inside 效益指标 and 成本 under 产出', async () => {
    const base = ALL_PROJECTS[ROAD];
    const indicators = base.indicators.map((i) => (/满意/.test(i.level1) ? { ...i, level1: '效益指标' } : i));
    const r = one(ROAD, { template: 'anhui' }, { ...base, indicators });
    rewrite(r.workbook, /^效益指标\((\d+)分\)$/, (m) => `效益指标(${Number(m[1]) - 10}分)`);
    expect(p23(await findings(r.workbook))).toEqual([]);
  });

  it('compares only unambiguous numbers: a group with two different stated points is skipped', async () => {
    const r = one(ROAD, { template: 'anhui', tail: true });
    let n = 0;
    // 成本指标 straddles the page break: its label is printed twice, here with two different (wrong) points.
    const cells = rewrite(r.workbook, /^成本指标\((\d+)分\)$/, (m) => `成本指标(${Number(m[1]) + (n++ === 0 ? 3 : 7)}分)`);
    expect(cells.length).toBe(2);
    expect(p23(await findings(r.workbook))).toEqual([]);
  });

  it('warns on 绩效指标(N分) and 预算执行情况(N分) that differ (Sichuan)', async () => {
    const r = one(ROAD, { template: 'sichuan' });
    const grid = rewrite(r.workbook, /^绩效指标\(90分\)$/, () => '绩效指标(80分)');
    const funds = rewrite(r.workbook, /^预算执行情况\(10分\)$/, () => '预算执行情况(20分)');
    expect(grid.length).toBe(1);
    expect(funds.length).toBe(1);
    const fs = p23(await findings(r.workbook));
    expect(fs.map((f) => f.cells[0].address).sort()).toEqual([grid[0], funds[0]].sort());
    expect(fs.find((f) => f.cells[0].address === grid[0])!.message).toContain('“绩效指标(80分)”写明 80 分，而指标分值权重合计 90 分');
    expect(fs.find((f) => f.cells[0].address === funds[0])!.message).toContain('“预算执行情况(20分)”写明 20 分，而预算执行率分值权重');
  });
});

/** Rounding-level infos are grouped per rule and table; every cell stays listed; errors/warnings never grouped. */
import { checkWorkbook } from '../../src/core/check';
import { Finding } from '../../src/core/finding';
import { runRules } from '../../src/core/rules/engine';
import { groupRoundingInfos, isRoundingInfo } from '../../src/core/rules/group';
import { RULES } from '../../src/core/rules/registry';
import { readSnapshot } from '../../src/xlsx/read';
import { datasets } from '../layout-fuzz/data';
import { canonicalLayout } from '../layout-fuzz/layout';
import { render, toXlsx } from '../layout-fuzz/render';
import { fixture, snapshotOf } from '../helpers';

const cell = (a: string) => ({ sheet: 'S', address: a });
const rounding = (rule: string, table: Finding['table'], cells: string[]): Finding => ({
  rule, severity: 'info', table, message: `${rule} 相差 0.01 万元`, cells: cells.map(cell), params: { tolerance: '0.01' },
});

describe('groupRoundingInfos', () => {
  it('merges the rounding infos of one rule and table, keeps singletons, errors and other infos as they are', () => {
    const err: Finding = { rule: 'R06', severity: 'error', table: 'T5', message: 'x', cells: [cell('A1')], params: { tolerance: '0.01' } };
    const warn: Finding = { rule: 'R06', severity: 'warning', table: 'T5', message: 'w', cells: [cell('A2')] };
    const note: Finding = { rule: 'R18', severity: 'info', table: 'T7', message: 'note', cells: [] };
    const a = rounding('R06', 'T5', ['B1', 'B2']);
    const b = rounding('R06', 'T5', ['B2', 'B3']);
    const c = rounding('R06', 'T3', ['C1']);
    const d = rounding('R09', 'T5', ['D1']);
    const out = groupRoundingInfos([err, a, warn, c, b, note, d]);
    expect(out.map((f) => f.rule + f.severity + (f.table ?? ''))).toEqual(['R06errorT5', 'R06infoT5', 'R06warningT5', 'R06infoT3', 'R18infoT7', 'R09infoT5']);
    expect(out[0]).toBe(err);
    expect(out[2]).toBe(warn);
    expect(out[3]).toEqual(c);
    expect(out[5]).toEqual(d);
    const g = out[1];
    expect(g.cells.map((x) => x.address)).toEqual(['B1', 'B2', 'B3']);
    expect(g.message).toMatch(/2 处关系/);
    expect(g.params).toEqual({ relations: '2', cells: '3' });
  });
});

async function checkCanonical(dataset: number) {
  const ds = datasets()[dataset];
  const { snapshot } = await readSnapshot(await toXlsx(render(ds, canonicalLayout(dataset, '万元')).sheets));
  return checkWorkbook(snapshot);
}

describe('grouped rounding infos on real workbooks', () => {
  it('a unit with many rounding gaps: one info per rule and table, listing every cell of every relation', async () => {
    const r = await checkCanonical(1);
    const raw = runRules(r.model, RULES).filter(isRoundingInfo);
    const grouped = r.findings.filter(isRoundingInfo);
    const groupedAll = r.findings.filter((f) => f.severity === 'info' && (f.params?.relations !== undefined || f.params?.tolerance !== undefined));
    expect(raw.length).toBeGreaterThan(20);
    const keys = groupedAll.map((f) => `${f.rule}/${f.table}`);
    expect(new Set(keys).size).toBe(keys.length);
    // every cell of every raw relation is listed by the group of its rule and table
    for (const f of raw) {
      const g = groupedAll.find((x) => x.rule === f.rule && x.table === f.table)!;
      for (const c of f.cells) expect(g.cells).toContainEqual(c);
    }
    const total = groupedAll.reduce((n, f) => n + Number(f.params?.relations ?? 1), 0);
    expect(total).toBe(raw.length);
    expect(grouped.length).toBeLessThan(raw.length);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('the seed fixture with +0.01 on a 款: the two R06 relations of T5 are one finding naming the changed cell', async () => {
    const r = checkWorkbook(await snapshotOf(fixture('rounding-T5-20103-A.xlsx')));
    const r06 = r.findings.filter((f) => f.rule === 'R06' && f.table === 'T5' && f.severity === 'info');
    expect(r06).toHaveLength(1);
    expect(r06[0].message).toMatch(/\d+ 处关系/);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

/**
 * Units on the 整体表's 实现税收金额 (`>=0.19亿元`), on generated .xlsx: a bare-number actual is read in the
 * target's unit (info, never an error); 亿元 / 万元 / 元 actuals are converted before the completion.
 */
import { Finding } from '../../src/core/finding';
import { fmtScore, scorePerformance } from '../../src/core/perf';
import { readSnapshot } from '../../src/xlsx/read';
import { OVERALL_CANONICAL, overallModel, renderOverall } from '../fixtures/perf/overall';

const TAX = '实现税收金额';

async function run(actual: string, target = '>=0.19亿元'): Promise<{ findings: Finding[]; score: string | null; completion: string | null }> {
  const m = overallModel();
  m.indicators = m.indicators.map((r) => (r[2] === TAX ? [r[0], r[1], r[2], target, r[4], actual, r[6], r[7]] : r));
  const wb = renderOverall(OVERALL_CANONICAL, m).workbook;
  const s = (await readSnapshot(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer))).snapshot;
  const res = scorePerformance(s, { policy: 'official' });
  const i = res.tables[0].indicators.find((x) => x.row.name === TAX)!;
  return {
    findings: res.findings.filter((f) => f.message.includes(TAX)),
    score: i.score ? fmtScore(i.score) : null,
    completion: i.completion ? i.completion.toFixed(4) : null,
  };
}

describe('units of a money target in 亿元', () => {
  it('a bare-number actual is read in the target unit: info only, scored as stated', async () => {
    const r = await run('0.004');
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.findings.some((f) => f.rule === 'P08' && f.message.includes('未写单位') && f.message.includes('亿元'))).toBe(true);
    expect(r.score).toBe('0.42'); // 20 × 0.004 / 0.19
  });

  it.each([
    ['0.2亿元', '20'],
    ['1900万元', '20'],
    ['19,000,000元', '20'],
    ['950万元', '10'],
    ['9500000元', '10'],
  ])('%s against >=0.19亿元 scores %s', async (actual, score) => {
    const r = await run(actual);
    expect(r.score).toBe(score);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.findings.filter((f) => f.rule === 'P08' && f.severity === 'warning')).toEqual([]);
  });

  it('a 万元 target against an 亿元 actual converts the other way', async () => {
    const r = await run('0.0095亿元', '>=190万元');
    expect(r.score).toBe('10');
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

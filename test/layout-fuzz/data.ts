/**
 * The logical data sets the fuzzer renders: (a) the seed unit's 2024 tables (test/fixtures/data/seed-2024.json
 * through scripts/fixtures/model.ts), (b) a second unit with non-empty 基金 (T7) and 国资 (T8) tables and all
 * three T6 groups, built from leaf amounts in 元 and summed upwards by the same model, so every relation of
 * rules.md holds exactly in 元 and only display rounding separates the 万元 figures.
 */
import { Decimal, SeedData, Tables, deriveYuan, display, loadCodes, loadSeed } from '../../scripts/fixtures/model';
import { Rng } from './prng';

export interface Dataset {
  name: string;
  /** Exact amounts in 元. */
  yuan: Tables;
  /** The same tables as displayed in each unit. */
  shown: Record<'万元' | '元', Tables>;
  /** Name of a 功能分类 code. */
  codeName(code: string): string;
}

/** Names of the codes data set (b) adds to codes.json's. */
const EXTRA_NAMES: Record<string, string> = {
  '205': '教育支出', '20502': '普通教育', '2050201': '学前教育', '2050202': '小学教育',
  '21011': '行政事业单位医疗', '2101101': '行政单位医疗', '2101102': '事业单位医疗',
  '221': '住房保障支出', '22102': '住房改革支出', '2210201': '住房公积金',
  '21208': '国有土地使用权出让收入安排的支出', '2120801': '征地和拆迁补偿支出', '2120899': '其他国有土地使用权出让收入安排的支出',
  '229': '其他支出', '22960': '彩票公益金安排的支出', '2296002': '用于社会福利的彩票公益金支出',
  '2230199': '其他解决历史遗留问题及改革成本支出',
  '213': '农林水支出', '21301': '农业农村', '2130104': '事业运行',
};

export function codeName(code: string): string {
  const n = loadCodes().functional[code] ?? EXTRA_NAMES[code];
  if (!n) throw new Error(`no name for code ${code}`);
  return n;
}

export function showBoth(name: string, yuan: Tables, names: (code: string) => string = codeName): Dataset {
  const shown = { 万元: display(yuan, '万元'), 元: display(yuan, '元') };
  // A displayed zero must be an exact zero: a blank cell is read as exactly 0 (no rounding interval).
  for (const [k, x] of yuan.v) {
    if (!x.isZero() && shown['万元'].v.get(k)!.isZero()) throw new Error(`${name}: ${k} = ${x.toString()} 元 shows as 0.00 万元`);
    if (x.isNeg()) throw new Error(`${name}: ${k} is negative`);
  }
  return { name, yuan, shown, codeName: names };
}

export function seedDataset(): Dataset {
  return showBoth('seed-2024', deriveYuan(loadSeed(2024)));
}

/** 万元 string of a whole number of 元 (4 decimals, exact). */
const wan = (yuan: number) => new Decimal(yuan).div(10000).toFixed(4);

/** Data set (b): a district bureau with 基金 and 国资 money and every T6 group. Deterministic. */
export function secondDataset(): Dataset {
  const rng = new Rng(20240917);
  const amt = (lo: number, hi: number) => rng.int(lo, hi); // 元
  const gp = ['2010301', '2010350', '2050201', '2050202', '2080501', '2080505', '2080506', '2101101', '2101102', '2130104', '2210201'];
  const gov = ['2120801', '2120899', '2296002'];
  const soe = ['2230105', '2230199'];
  const items: SeedData['items'] = [];
  let basicTotal = 0;
  for (const code of gp) {
    const basic = rng.bool(0.8) ? amt(20000, 9000000) : 0;
    const project = rng.bool(0.6) || basic === 0 ? amt(5000, 3000000) : 0;
    basicTotal += basic;
    const opening = rng.bool(0.3) ? amt(2000, 400000) : 0;
    const extra = rng.bool(0.3) ? amt(1000, 200000) : 0;
    const nf = rng.bool(0.4) ? { basic: wan(amt(1000, 500000)), project: wan(rng.bool() ? amt(1000, 300000) : 0) } : undefined;
    const oi = nf ? Number(new Decimal(nf.basic).plus(nf.project).times(10000)) + (rng.bool() ? amt(1000, 90000) : 0) : 0;
    items.push({
      code, fund: 'gp', fiscal: { basic: wan(basic), project: wan(project) },
      // 本年收入 = spending − part of the opening balance used + what is carried forward
      finIncome: wan(basic + project + extra), opening: wan(opening), nf, otherIncome: wan(oi),
    });
  }
  for (const code of [...gov, ...soe]) {
    const basic = rng.bool(0.3) ? amt(10000, 800000) : 0;
    const project = amt(50000, 6000000);
    basicTotal += 0;
    const opening = rng.bool(0.6) ? amt(10000, 2000000) : 0;
    const closing = rng.bool(0.5) ? amt(1000, 500000) : 0;
    // 本年收入 = 支出 + 年末 − 年初 (kept ≥ 0 by construction below)
    const income = Math.max(0, basic + project + closing - opening);
    const fixedOpening = basic + project + closing - income; // = opening unless income was clamped
    items.push({
      code, fund: gov.includes(code) ? 'gov' : 'soe', fiscal: { basic: wan(basic), project: wan(project) },
      finIncome: wan(income), opening: wan(fixedOpening),
    });
  }
  // T6: split the 一般公共预算 基本支出 over every group; 307 and 399 are set after deriving (no 款 in the template).
  const t6Codes = ['30101', '30102', '30103', '30107', '30108', '30109', '30110', '30112', '30113', '30199',
    '30301', '30302', '30305', '30399',
    '30201', '30202', '30205', '30206', '30207', '30211', '30212', '30213', '30215', '30216', '30217', '30228', '30229', '30231', '30239', '30299',
    '31002', '31007', '31013'];
  const weights = t6Codes.map((c) => (c.startsWith('301') ? 40 : c === '30299' ? 12 : 3) * (0.5 + rng.next()));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((basicTotal * w) / wsum));
  parts[0] += basicTotal - parts.reduce((a, b) => a + b, 0);
  const t6: Record<string, string> = {};
  t6Codes.forEach((c, i) => { t6[c] = wan(parts[i]); });
  const t9 = (k: string) => parts[t6Codes.indexOf(k)];
  const actual = { abroad: t9('30212') + amt(0, 30000), carBuy: t9('31013') + amt(1000, 200000), carRun: t9('30231') + amt(0, 50000), reception: t9('30217') };
  const budget = { abroad: actual.abroad + amt(1000, 50000), carBuy: actual.carBuy, carRun: actual.carRun + amt(1000, 90000), reception: actual.reception + amt(1000, 20000) };
  const ws = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, wan(v)])) as never;
  const data: SeedData = {
    unit: '某市某区民政局', year: 2024, amountUnit: '万元', items,
    nonFiscalOpening: wan(356712), useNonFiscalBalance: wan(48230), balanceDistribution: wan(0),
    t6, t9: { budget: ws(budget), actual: ws(actual) },
    emptyNotes: { T7: '本单位无政府性基金预算财政拨款收入、支出，故本表无数据。', T8: '本单位无国有资本经营预算财政拨款收入、支出，故本表无数据。' },
    yuanNudges: [],
  };
  const yuan = deriveYuan(data);
  // 307 债务利息及费用支出 and 399 其他支出 (leaf 类): moved out of 30299 so 公用经费合计 and R19 still hold.
  const v = yuan.v;
  const i307 = new Decimal(Math.floor(t9('30299') / 7));
  const i399 = new Decimal(Math.floor(t9('30299') / 5));
  v.set('T6.307', i307);
  v.set('T6.399', i399);
  v.set('T6.30299', v.get('T6.30299')!.minus(i307).minus(i399));
  v.set('T6.302', v.get('T6.302')!.minus(i307).minus(i399));
  return showBoth('district-2024', yuan);
}

let cache: Dataset[] | null = null;
export function datasets(): Dataset[] {
  return (cache ??= [seedDataset(), secondDataset()]);
}

/**
 * A data set shaped like a real workbook at scale for `npm run bench`: thousands of 项 in T2/T3/T5 and some
 * in T7/T8, every amount column filled, exact in 元 and consistent (same model as the fuzzer's data sets), shown
 * in 万元 so that most rows carry display-rounding gaps.
 */
import { Decimal, SeedData, deriveYuan, loadCodes } from '../../scripts/fixtures/model';
import { Dataset, showBoth } from './data';
import { Rng } from './prng';

const wan = (yuan: number) => new Decimal(yuan).div(10000).toFixed(4);

export function benchDataset(itemsGp = 2400, itemsGov = 200, itemsSoe = 100): Dataset {
  const rng = new Rng(5000);
  const classes = loadCodes().classes.map(([c]) => c).filter((c) => c !== '223');
  const codes: string[] = [];
  const total = itemsGp + itemsGov + itemsSoe;
  const perClass = Math.ceil(total / classes.length);
  for (const cls of classes) {
    for (let i = 0; i < perClass && codes.length < total; i++) {
      codes.push(`${cls}${String(1 + Math.floor(i / 30)).padStart(2, '0')}${String(1 + (i % 30)).padStart(2, '0')}`);
    }
  }
  if (codes.length < total) throw new Error('bench: not enough codes');
  const items: SeedData['items'] = [];
  let basicTotal = 0;
  codes.forEach((code, i) => {
    const fund = i < itemsGp ? 'gp' : i < itemsGp + itemsGov ? 'gov' : 'soe';
    const basic = rng.int(1000, 900000);
    const project = rng.int(1000, 600000);
    if (fund === 'gp') basicTotal += basic;
    const closing = rng.int(1000, 100000);
    const opening = Math.min(basic + project + closing - 1000, fund === 'gp' ? rng.int(0, 1) * rng.int(1000, 50000) : rng.int(1000, 300000));
    const income = basic + project + closing - opening;
    const nb = rng.int(1000, 80000);
    const np = rng.int(1000, 80000);
    items.push({
      code, fund, fiscal: { basic: wan(basic), project: wan(project) }, finIncome: wan(income), opening: wan(opening),
      nf: { basic: wan(nb), project: wan(np) }, otherIncome: wan(nb + np + rng.int(1000, 20000)),
    });
  });
  const t6Codes = ['30101', '30102', '30103', '30107', '30108', '30109', '30110', '30113', '30199', '30302', '30305', '30201', '30205', '30206', '30211', '30213', '30228', '30299', '31002'];
  const t6: Record<string, string> = {};
  let left = basicTotal;
  t6Codes.forEach((c, i) => {
    const part = i === t6Codes.length - 1 ? left : Math.floor(basicTotal / t6Codes.length) + rng.int(-1000, 1000);
    left -= part;
    t6[c] = wan(part);
  });
  const zero = { abroad: '0', carBuy: '0', carRun: '0', reception: '0' };
  const yuan = deriveYuan({
    unit: '基准测试单位', year: 2024, amountUnit: '万元', items, nonFiscalOpening: wan(5000000), useNonFiscalBalance: '0',
    balanceDistribution: '0', t6, t9: { budget: zero, actual: zero }, emptyNotes: { T7: '', T8: '' }, yuanNudges: [],
  });
  // Fill the columns the model keeps at zero (上级补助/事业/经营/附属单位上缴 income; 上缴上级/经营/对附属单位补助
  // spending) on every 项 and carry them up to 款, 类, 合计 and T1, so that every amount column is filled.
  const v = yuan.v;
  const add = (k: string, x: number) => v.set(k, (v.get(k) ?? new Decimal(0)).plus(x));
  const extraIncome = ['superior', 'business', 'operating', 'affiliated'];
  const extraSpend = ['toSuperior', 'operating', 'toAffiliated'];
  const up = (t: string, code: string, col: string, x: number) => {
    for (const c of [code, code.slice(0, 5), code.slice(0, 3), '合计']) { add(`${t}.${c}.${col}`, x); add(`${t}.${c}.total`, x); }
  };
  for (const { code } of items) {
    const inc = extraIncome.map(() => rng.int(1000, 60000));
    const sp = extraSpend.map((_, j) => Math.max(1000, Math.floor(inc[j] * 0.9)));
    extraIncome.forEach((col, j) => up('T2', code, col, inc[j]));
    extraSpend.forEach((col, j) => up('T3', code, col, sp[j]));
  }
  // T1 from T2/T3 again (rows 四…七, 类 rows, totals, 年末 as the balancing figure).
  const g = (k: string) => v.get(k) ?? new Decimal(0);
  ['superior', 'business', 'operating', 'affiliated'].forEach((col, j) => v.set(`T1.i${j + 4}`, g(`T2.合计.${col}`)));
  v.set('T1.incomeTotal', [1, 2, 3, 4, 5, 6, 7, 8].reduce((a, i) => a.plus(g(`T1.i${i}`)), new Decimal(0)));
  v.set('T1.incomeGrand', g('T1.incomeTotal').plus(g('T1.useNF')).plus(g('T1.opening')));
  for (const [cls] of loadCodes().classes) v.set(`T1.e.${cls}`, g(`T3.${cls}.total`));
  v.set('T1.expTotal', g('T3.合计.total'));
  v.set('T1.closing', g('T1.incomeGrand').minus(g('T1.expTotal')).minus(g('T1.distribution')));
  v.set('T1.expGrand', g('T1.incomeGrand'));
  if (g('T1.closing').isNeg()) throw new Error('bench: T1 年末 negative');
  return showBoth('bench', yuan, (code) => `测试科目${code}`);
}

/**
 * Where each figure of the narrative comes from in the nine tables (shared by the drafter, the
 * narrative check and the import of last year's workbook).
 */
import { CellRef } from '../finding';
import { cellText, WorkbookSnapshot } from '../snapshot';
import {
  Amount, CodeTable, T1IncomeKey, T2Col, T3Col, T78Col, T9Key, TableSet,
} from '../tables/model';
import { fig, Figure, sumFigs, sumPresent, zeroFig } from './figures';
import { FactEntry, fieldEntry, Fund, priorItemKey, priorItemLabel } from './facts';

/** 类 names of the 支出功能分类 (fallback when a table lists 项 without their 类 row). */
export const CLASS_NAMES: Record<string, string> = {
  '201': '一般公共服务支出', '202': '外交支出', '203': '国防支出', '204': '公共安全支出', '205': '教育支出',
  '206': '科学技术支出', '207': '文化旅游体育与传媒支出', '208': '社会保障和就业支出', '210': '卫生健康支出',
  '211': '节能环保支出', '212': '城乡社区支出', '213': '农林水支出', '214': '交通运输支出',
  '215': '资源勘探工业信息等支出', '216': '商业服务业等支出', '217': '金融支出', '219': '援助其他地区支出',
  '220': '自然资源海洋气象等支出', '221': '住房保障支出', '222': '粮油物资储备支出', '223': '国有资本经营预算支出',
  '224': '灾害防治及应急管理支出', '227': '预备费', '229': '其他支出', '230': '转移性支出', '231': '债务还本支出',
  '232': '债务付息支出', '233': '债务发行费用支出', '234': '抗疫特别国债安排的支出',
};

export function cleanName(s: string): string {
  return s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

function levelOf(code: string): 0 | 1 | 2 | 3 {
  if (code.length === 3) return 1;
  if (code.length === 5) return 2;
  if (code.length === 7) return 3;
  return 0;
}

export interface Leaf {
  code: string;
  /** 项 name (or 款/类 name for a leaf 款/类). */
  name: string;
  /** "类(类)款(款)项(项)". */
  path: string;
  amount: Figure;
}

export interface ClassFigure {
  code: string;
  name: string;
  amount: Figure;
}

function rowName(t: CodeTable<string>, code: string): string | undefined {
  const r = t.rows.find((x) => x.code === code);
  return r ? cleanName(r.name) : undefined;
}

/** "一般公共服务支出(类)政府办公厅（室）及相关机构事务(款)行政运行(项)" for a code. */
export function pathOf(t: CodeTable<string> | undefined, code: string, ownName: string): string {
  const parts: string[] = [];
  const cls = code.slice(0, 3);
  const clsName = (t && rowName(t, cls)) ?? CLASS_NAMES[cls];
  if (code.length === 3) return `${cleanName(ownName) || clsName || cls}(类)`;
  parts.push(`${clsName ?? cls}(类)`);
  if (code.length === 5) {
    parts.push(`${cleanName(ownName)}(款)`);
    return parts.join('');
  }
  const kuan = t ? rowName(t, code.slice(0, 5)) : undefined;
  if (kuan) parts.push(`${kuan}(款)`);
  parts.push(`${cleanName(ownName)}(项)`);
  return parts.join('');
}

/** Leaf rows (项; 款 or 类 without children) with their amount in `col`, in code order. */
export function leavesOf<K extends string>(t: CodeTable<K> | undefined, col: K): Leaf[] {
  if (!t) return [];
  const rows = t.rows.filter((r) => /^\d{3}(\d{2}){0,2}$/.test(r.code));
  const codes = rows.map((r) => r.code);
  const out: Leaf[] = [];
  for (const r of rows) {
    const hasChild = codes.some((c) => c !== r.code && c.startsWith(r.code));
    if (hasChild) continue;
    const a = fig(r.amounts[col] as Amount | undefined) ?? zeroFig(r.codeRef ? [r.codeRef] : []);
    out.push({ code: r.code, name: cleanName(r.name), path: pathOf(t as CodeTable<string>, r.code, r.name), amount: a });
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** 类 rows (code of 3 digits) with their amount in `col`. */
export function classesOf<K extends string>(t: CodeTable<K> | undefined, col: K): ClassFigure[] {
  if (!t) return [];
  const out: ClassFigure[] = [];
  for (const r of t.rows) {
    if (levelOf(r.code) !== 1) continue;
    const a = fig(r.amounts[col] as Amount | undefined);
    if (a) out.push({ code: r.code, name: cleanName(r.name) || CLASS_NAMES[r.code] || r.code, amount: a });
  }
  // A table listing only 项 rows: build 类 sums from its leaves.
  if (out.length === 0) {
    const byClass = new Map<string, Figure[]>();
    for (const l of leavesOf(t, col)) {
      const c = l.code.slice(0, 3);
      if (!byClass.has(c)) byClass.set(c, []);
      byClass.get(c)!.push(l.amount);
    }
    for (const [c, figs] of byClass) out.push({ code: c, name: CLASS_NAMES[c] ?? c, amount: sumFigs(...figs)! });
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : 1));
}

function totalOf<K extends string>(t: CodeTable<K> | undefined, col: K): Figure | undefined {
  if (!t) return undefined;
  const a = fig(t.total?.amounts[col] as Amount | undefined);
  if (a) return a;
  // No 合计 row: the sum of the 类 rows.
  const cls = classesOf(t, col);
  if (cls.length) return sumFigs(...cls.map((c) => c.amount));
  // An empty table (no data note, or no rows at all): zero.
  if (t.rows.length === 0) return zeroFig();
  return undefined;
}

export interface FundFigures {
  carryIn?: Figure;
  income?: Figure;
  /** 本年支出 */
  expense?: Figure;
  carryOut?: Figure;
  /** 收入总计 = 年初结转和结余 + 本年收入 */
  grandIncome?: Figure;
  /** 支出总计 = 本年支出 + 年末结转和结余 */
  grandExpense?: Figure;
  items: Leaf[];
}

/** The figures of the whole narrative, one place. Missing table → undefined figures. */
export interface NarrativeFigures {
  t1: {
    incomeGrand?: Figure; incomeTotal?: Figure; useNonFiscal?: Figure; carryIn?: Figure;
    expenseGrand?: Figure; expenseTotal?: Figure; distribution?: Figure; carryOut?: Figure;
  };
  /** Section 二: the six income sources (T2 合计 row, else T1). */
  income: Record<'fiscal' | 'superior' | 'business' | 'operating' | 'affiliated' | 'other', Figure | undefined>;
  incomeTotal?: Figure;
  /** Section 三: T3 合计 row. */
  expense: Record<'basic' | 'project' | 'remitSuperior' | 'operating' | 'subsidyAffiliated', Figure | undefined>;
  expenseTotal?: Figure;
  /** Section 四: T4. */
  fiscal: { grandIncome?: Figure; carryIn?: Figure; income?: Figure; grandExpense?: Figure; carryOut?: Figure; expense?: Figure };
  /** Section 五: T5. */
  gpb: { total?: Figure; basic?: Figure; classes: ClassFigure[]; items: Leaf[] };
  /** Section 六: T6. */
  t6: { personnel?: Figure; public?: Figure; personnelNames: string[]; publicNames: string[] };
  fund: FundFigures;
  soe: FundFigures;
  t9: { budget: Partial<Record<T9Key, Figure>>; actual: Partial<Record<T9Key, Figure>> };
}

function fundFigures(t: CodeTable<T78Col> | undefined, ts: TableSet, which: 'fund' | 'soe'): FundFigures {
  const t4 = ts.T4;
  const hasT7Income = !!t && t.columns.includes('income');
  let carryIn: Figure | undefined;
  let income: Figure | undefined;
  let expense: Figure | undefined;
  let carryOut: Figure | undefined;
  if (t) {
    expense = totalOf(t, 'total');
    if (hasT7Income) {
      carryIn = totalOf(t, 'carryIn');
      income = totalOf(t, 'income');
      carryOut = totalOf(t, 'carryOut');
    }
    if (t.emptyNote || t.rows.length === 0) {
      carryIn ??= zeroFig(); income ??= zeroFig(); expense ??= zeroFig(); carryOut ??= zeroFig();
    }
  }
  if (t4) {
    carryIn ??= fig(t4.carryInBy[which]);
    income ??= fig(t4.income[which]);
    expense ??= fig(t4.expenseTotal[which]);
    carryOut ??= fig(t4.carryOut[which]);
  }
  return {
    carryIn, income, expense, carryOut,
    grandIncome: sumFigs(carryIn, income),
    grandExpense: sumFigs(expense, carryOut),
    items: leavesOf(t, 'total'),
  };
}

const PERSONNEL_CLASSES = ['301', '303'];
const PUBLIC_CLASSES = ['302', '307', '310', '399'];

export function narrativeFigures(ts: TableSet): NarrativeFigures {
  const t1 = ts.T1;
  const t2 = ts.T2;
  const t3 = ts.T3;
  const t4 = ts.T4;
  const t5 = ts.T5;
  const t6 = ts.T6;
  const t9 = ts.T9;
  const t2c = (c: T2Col) => fig(t2?.total?.amounts[c]);
  const t1i = (k: T1IncomeKey) => fig(t1?.income[k]);
  const t3c = (c: T3Col) => fig(t3?.total?.amounts[c]);
  const fiscalFromT1 = t1 ? sumPresent(t1i('gpb'), t1i('fund'), t1i('soe')) : undefined;

  // T6: 款 names with a non-zero amount, 人员经费 (301, 303) and 公用经费 (302, 307, 310, 399).
  const personnelNames: string[] = [];
  const publicNames: string[] = [];
  if (t6) {
    const codes = t6.items.map((i) => i.code);
    for (const it of t6.items) {
      const cls = it.code.slice(0, 3);
      const isLeaf = it.code.length === 5 || (it.code.length === 3 && !codes.some((c) => c.length > 3 && c.startsWith(it.code)));
      if (!isLeaf || it.amount.value.isZero()) continue;
      const name = cleanName(it.name);
      if (PERSONNEL_CLASSES.includes(cls)) personnelNames.push(name);
      else if (PUBLIC_CLASSES.includes(cls)) publicNames.push(name);
    }
  }
  const t6Sum = (classes: string[]) => {
    if (!t6) return undefined;
    const figs = t6.items.filter((i) => i.code.length === 3 && classes.includes(i.code)).map((i) => fig(i.amount));
    return figs.length ? sumFigs(...figs) : undefined;
  };

  const t9b: Partial<Record<T9Key, Figure>> = {};
  const t9a: Partial<Record<T9Key, Figure>> = {};
  if (t9) {
    for (const k of ['total', 'abroad', 'car', 'carPurchase', 'carRun', 'reception'] as T9Key[]) {
      t9b[k] = fig(t9.budget[k]);
      t9a[k] = fig(t9.actual[k]);
    }
    t9a.car ??= sumFigs(t9a.carPurchase, t9a.carRun);
    t9b.car ??= sumFigs(t9b.carPurchase, t9b.carRun);
    // A recognised T9 whose cells are blank: empty cells of a published table mean zero.
    for (const k of ['total', 'abroad', 'car', 'carPurchase', 'carRun', 'reception'] as T9Key[]) {
      t9a[k] ??= zeroFig();
      t9b[k] ??= zeroFig();
    }
  }

  return {
    t1: {
      incomeGrand: fig(t1?.incomeGrand), incomeTotal: fig(t1?.incomeTotal), useNonFiscal: t1 ? fig(t1.useNonFiscalBalance) ?? zeroFig() : undefined,
      carryIn: t1 ? fig(t1.carryIn) ?? zeroFig() : undefined, expenseGrand: fig(t1?.expenseGrand), expenseTotal: fig(t1?.expenseTotal),
      distribution: t1 ? fig(t1.distribution) ?? zeroFig() : undefined, carryOut: t1 ? fig(t1.carryOut) ?? zeroFig() : undefined,
    },
    income: {
      fiscal: t2c('fiscal') ?? fiscalFromT1,
      superior: t2c('superior') ?? t1i('superior') ?? (t1 || t2 ? zeroFig() : undefined),
      business: t2c('business') ?? t1i('business') ?? (t1 || t2 ? zeroFig() : undefined),
      operating: t2c('operating') ?? t1i('operating') ?? (t1 || t2 ? zeroFig() : undefined),
      affiliated: t2c('affiliated') ?? t1i('affiliated') ?? (t1 || t2 ? zeroFig() : undefined),
      other: t2c('other') ?? t1i('other') ?? (t1 || t2 ? zeroFig() : undefined),
    },
    incomeTotal: t2c('total') ?? fig(t1?.incomeTotal),
    expense: {
      basic: t3c('basic') ?? (t3 ? zeroFig() : undefined),
      project: t3c('project') ?? (t3 ? zeroFig() : undefined),
      remitSuperior: t3c('remitSuperior') ?? (t3 ? zeroFig() : undefined),
      operating: t3c('operating') ?? (t3 ? zeroFig() : undefined),
      subsidyAffiliated: t3c('subsidyAffiliated') ?? (t3 ? zeroFig() : undefined),
    },
    expenseTotal: t3c('total') ?? fig(t1?.expenseTotal),
    fiscal: {
      grandIncome: fig(t4?.incomeGrand) ?? (t4 ? sumFigs(fig(t4.carryIn), fig(t4.incomeTotal)) : undefined),
      carryIn: t4 ? fig(t4.carryIn) ?? zeroFig() : undefined,
      income: fig(t4?.incomeTotal),
      grandExpense: fig(t4?.expenseGrand.total) ?? (t4 ? sumFigs(fig(t4.expenseTotal.total), fig(t4.carryOut.total) ?? zeroFig()) : undefined),
      carryOut: t4 ? fig(t4.carryOut.total) ?? zeroFig() : undefined,
      expense: fig(t4?.expenseTotal.total),
    },
    gpb: {
      total: totalOf(t5, 'total'),
      basic: totalOf(t5, 'basic') ?? sumFigs(fig(t6?.personnelTotal), fig(t6?.publicTotal)),
      classes: classesOf(t5, 'total'),
      items: leavesOf(t5, 'total'),
    },
    t6: {
      personnel: fig(t6?.personnelTotal) ?? t6Sum(PERSONNEL_CLASSES),
      public: fig(t6?.publicTotal) ?? t6Sum(PUBLIC_CLASSES),
      personnelNames,
      publicNames,
    },
    fund: fundFigures(ts.T7, ts, 'fund'),
    soe: fundFigures(ts.T8, ts, 'soe'),
    t9: { budget: t9b, actual: t9a },
  };
}

/** 年度 from a table title such as “2024年度收入支出决算总表” or a 编制单位 line. */
export function guessYear(snap: WorkbookSnapshot, ts: TableSet): string | undefined {
  const sheets = Object.values(ts).map((t) => t?.sheet).filter((s): s is string => !!s);
  const ordered = [...sheets, ...snap.sheets.map((s) => s.name)];
  for (const name of ordered) {
    const s = snap.sheets.find((x) => x.name === name);
    if (!s) continue;
    for (let r = 0; r < Math.min(5, s.values.length); r++) {
      for (const v of s.values[r] ?? []) {
        const m = /(20\d{2})\s*年/.exec(cellText(v));
        if (m) return m[1];
      }
    }
  }
  return undefined;
}

export function guessUnitName(ts: TableSet): string | undefined {
  for (const t of [ts.T1, ts.T2, ts.T3, ts.T4, ts.T5, ts.T6, ts.T9]) {
    const n = t?.unitName?.trim();
    if (n) return n;
  }
  return undefined;
}

function num(f: Figure | undefined): number | undefined {
  return f ? f.value.toNumber() : undefined;
}

/**
 * Last year's figures the narrative needs, as facts entries for the 上年 section (import of last
 * year's nine-table workbook). Per-项 amounts are kept for every non-zero 项.
 */
export function priorFactEntries(prior: TableSet, priorYear?: string): FactEntry[] {
  const pf = narrativeFigures(prior);
  const out: FactEntry[] = [];
  const put = (key: string, f: Figure | undefined) => {
    const v = num(f);
    if (v !== undefined) out.push(fieldEntry(key, v));
  };
  if (priorYear) out.push(fieldEntry('prior.year', priorYear));
  put('prior.incomeGrand', pf.t1.incomeGrand);
  put('prior.expenseGrand', pf.t1.expenseGrand);
  put('prior.fiscalGrand', pf.fiscal.grandIncome);
  put('prior.gpbExpense', pf.gpb.total);
  put('prior.fundGrand', pf.fund.grandIncome);
  put('prior.soeGrand', pf.soe.grandIncome);
  if (prior.T9) {
    put('prior.sgjf.total', pf.t9.actual.total);
    put('prior.sgjf.abroad', pf.t9.actual.abroad);
    put('prior.sgjf.car', pf.t9.actual.car);
    put('prior.sgjf.carPurchase', pf.t9.actual.carPurchase);
    put('prior.sgjf.carRun', pf.t9.actual.carRun);
    put('prior.sgjf.reception', pf.t9.actual.reception);
  }
  put('opex.prior', pf.t6.public);
  const items: [Fund, Leaf[]][] = [['gpb', pf.gpb.items], ['fund', pf.fund.items], ['soe', pf.soe.items]];
  for (const [fund, leaves] of items) {
    for (const l of leaves) {
      if (l.amount.value.isZero()) continue;
      out.push({ key: priorItemKey(fund, l.code), label: priorItemLabel(fund, l.code, l.path), section: 'prior', value: l.amount.value.toNumber() });
    }
  }
  return out;
}

export function refsOf(...figs: (Figure | undefined)[]): CellRef[] {
  const out: CellRef[] = [];
  for (const f of figs) if (f) out.push(...f.refs);
  return out;
}

export function isZeroFig(f: Figure | undefined): boolean {
  return !f || f.value.isZero();
}


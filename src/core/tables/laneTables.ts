/** Label-driven tables: T1 and T4 (two lanes), T6 (economic classification), T9 (三公, wide or transposed). */
import { labelKey, stripOrdinal } from '../text';
import { headerPaths, isColumnNumberRow, leaf, SheetReader } from './grid';
import { amountColumnAfter, analyseHeader, roleOf, codeColumnFor, codeColumns, noteCode, readCode, rowLabel } from './header';
import { classCodeOf } from './classes';
import { Amount, T1IncomeKey, T1Table, T4Col, T4_COL_LABEL, T4Table, T6Table, T9Key, T9Table } from './model';

type Parsed<T> = { table: T; doubts: string[] };
type Core<T> = Omit<T, 'id' | 'sheet' | 'title' | 'unit' | 'unitSource' | 'doubts'>;

interface Lane { label: number; amounts: number[]; paths: string[]; codeCol?: number }

/** T1/T4: the label ('项目') lanes of the shared header analysis. */
function laneLayout(rd: SheetReader, after: number): { lanes: Lane[]; dataStart: number } | undefined {
  const hd = analyseHeader(rd, after);
  if (!hd) return undefined;
  const lanes = hd.lanes.map((l) => ({ label: l.name, amounts: l.amounts, paths: hd.paths, codeCol: l.code.single ?? l.code.cls }));
  return { lanes, dataStart: hd.dataStart };
}

const T1_INCOME: [string, T1IncomeKey][] = [
  ['一般公共预算财政拨款', 'gpb'],
  ['政府性基金预算财政拨款', 'fund'],
  ['国有资本经营预算财政拨款', 'soe'],
  ['上级补助收入', 'superior'],
  ['事业收入', 'business'],
  ['经营收入', 'operating'],
  ['附属单位上缴收入', 'affiliated'],
  ['其他收入', 'other'],
];

function labelOf(rd: SheetReader, r: number, c: number): string {
  return stripOrdinal(rd.ownKey(r, c));
}

export function parseT1(rd: SheetReader, after: number): Parsed<Core<T1Table>> | undefined {
  const lay = laneLayout(rd, after);
  if (!lay) return undefined;
  const doubts: string[] = [];
  const t: Core<T1Table> = { income: {}, expenseByClass: [] };
  if (lay.lanes.length < 2) doubts.push('只找到一栏“项目”，按单栏表读取');
  let grandSeen = 0;
  for (let r = lay.dataStart; r < rd.rows; r++) {
    lay.lanes.forEach((lane, li) => {
      const k = labelOf(rd, r, lane.label);
      if (!k || lane.amounts.length === 0) return;
      const rawLabel = rd.text(r, lane.label);
      const amt = (): Amount | undefined => rd.amount(r, lane.amounts[0], rawLabel);
      const incomeSide = lay.lanes.length >= 2 ? li === 0 : undefined;
      if (k.includes('本年收入合计')) { t.incomeTotal = amt(); return; }
      if (k.includes('本年支出合计')) { t.expenseTotal = amt(); return; }
      if (k.includes('使用非财政拨款结余') || k.includes('用事业基金弥补收支差额')) { t.useNonFiscalBalance = amt(); return; }
      if (k.includes('结余分配')) { t.distribution = amt(); return; }
      if (k.includes('年初结转和结余')) { t.carryIn = amt(); return; }
      if (k.includes('年末结转和结余')) { t.carryOut = amt(); return; }
      if (k === '总计' || k.endsWith('总计')) {
        const isIncome = incomeSide ?? grandSeen === 0;
        grandSeen++;
        if (isIncome) t.incomeGrand = amt(); else t.expenseGrand = amt();
        return;
      }
      if (incomeSide !== false) {
        const hit = T1_INCOME.find(([p]) => k.includes(p));
        if (hit) { t.income[hit[1]] = amt(); return; }
      }
      if (incomeSide !== true) {
        const code = classCodeOf(rawLabel);
        if (code) {
          const a = amt();
          if (a) t.expenseByClass.push({ code, name: rawLabel.trim(), amount: a });
        }
      }
    });
  }
  for (const [label, v] of [['本年收入合计', t.incomeTotal], ['本年支出合计', t.expenseTotal], ['收入总计', t.incomeGrand], ['支出总计', t.expenseGrand]] as const) {
    if (!v) doubts.push(`未找到“${label}”行`);
  }
  return { table: t, doubts };
}

function t4Col(path: string): T4Col | undefined {
  if (path.includes('一般公共预算')) return 'gpb';
  if (path.includes('政府性基金')) return 'fund';
  if (path.includes('国有资本经营')) return 'soe';
  const l = leaf(path);
  if (l === '合计' || l === '小计' || l === '决算数' || l === '总计') return 'total';
  return undefined;
}

type T4Key = 'gpb' | 'fund' | 'soe';

function t4Key(k: string): T4Key | undefined {
  return k.includes('一般公共预算') ? 'gpb' : k.includes('政府性基金') ? 'fund' : k.includes('国有资本经营') ? 'soe' : undefined;
}

/**
 * T4 in two lanes (收入 | 支出 side by side) or in one lane (income rows stacked above expenditure rows in
 * one `项目 | 合计 | 一般公共预算 | 政府性基金 | 国有资本经营` grid). In one lane each row is read by its label:
 * 收入/年初 rows and the source rows are income, 支出/年末 rows and 类 rows are expenditure.
 */
export function parseT4(rd: SheetReader, after: number): Parsed<Core<T4Table>> | undefined {
  const lay = laneLayout(rd, after);
  if (!lay) return undefined;
  const doubts: string[] = [];
  const t: Core<T4Table> = { income: {}, carryInBy: {}, expenseRows: [], expenseTotal: {}, carryOut: {}, expenseGrand: {} };
  const single = lay.lanes.length === 1;
  const exp = lay.lanes[single ? 0 : 1];
  const expCols = new Map<T4Col, number>();
  for (const c of exp.amounts) {
    const k = t4Col(exp.paths[c]);
    if (k && !expCols.has(k)) expCols.set(k, c);
  }
  if (single && (!expCols.has('total') || !t4Key(exp.paths[exp.amounts[1]] ?? ''))) {
    doubts.push('未找到收入、支出两栏“项目”');
    return { table: t, doubts };
  }
  for (const k of ['total', 'gpb', 'fund', 'soe'] as T4Col[]) if (!expCols.has(k)) doubts.push(`支出栏未找到“${T4_COL_LABEL[k]}”列`);
  const inc = single ? { label: exp.label, amounts: [expCols.get('total')!] } : lay.lanes[0];
  let inCarry = false;
  let grandSeen = false;
  const rowAmounts = (r: number, label: string): Partial<Record<T4Col, Amount>> => {
    const o: Partial<Record<T4Col, Amount>> = {};
    for (const [k, c] of expCols) { const a = rd.amount(r, c, `${label} ${exp.paths[c]}`); if (a) o[k] = a; }
    return o;
  };
  /** One lane: the income amount is in 合计, or only in the column of its source. */
  const incomeAmount = (r: number, raw: string, key: T4Key | undefined): Amount | undefined => {
    const a = rd.amount(r, inc.amounts[0], raw);
    if (!single || (a && !a.blank) || !key || !expCols.has(key)) return a;
    const b = rd.amount(r, expCols.get(key)!, raw);
    return b && !b.blank ? b : a;
  };
  const readIncome = (r: number, ik: string, raw: string) => {
    const key = t4Key(ik);
    const a = () => incomeAmount(r, raw, key);
    if (ik.includes('本年收入合计')) { t.incomeTotal = a(); inCarry = false; }
    else if (ik.includes('年初') && ik.includes('结转')) { t.carryIn = a(); inCarry = true; }
    else if (ik === '总计' || ik.endsWith('总计')) { t.incomeGrand = a(); inCarry = false; }
    else if (key) { if (inCarry) t.carryInBy[key] = a(); else t.income[key] = a(); }
  };
  const readExpense = (r: number, ek: string, raw: string) => {
    if (ek.includes('本年支出合计')) t.expenseTotal = rowAmounts(r, raw);
    else if (ek.includes('年末') && ek.includes('结转')) t.carryOut = rowAmounts(r, raw);
    else if (ek === '总计' || ek.endsWith('总计')) { t.expenseGrand = rowAmounts(r, raw); grandSeen = true; }
    else {
      const codeText = exp.codeCol !== undefined ? labelKey(rd.text(r, exp.codeCol)) : '';
      const code = /^\d{3}$/.test(codeText) ? codeText : classCodeOf(raw);
      if (code && !grandSeen) t.expenseRows.push({ code, name: raw.trim(), row: r, amounts: rowAmounts(r, raw) });
    }
  };
  /** One lane: which side a row belongs to, by its label. */
  const isExpense = (k: string, raw: string): boolean => {
    if (k.includes('收入')) return false;
    if (k.includes('支出') || classCodeOf(raw) || (k.includes('年末') && k.includes('结转'))) return true;
    if (k.includes('年初')) return false;
    // A bare 总计 closes the side being read.
    if (k === '总计') return t.expenseRows.length > 0 || Object.keys(t.expenseTotal).length > 0;
    return false;
  };
  for (let r = lay.dataStart; r < rd.rows; r++) {
    if (single) {
      const k = labelOf(rd, r, exp.label);
      if (!k) continue;
      const raw = rd.text(r, exp.label);
      if (isExpense(k, raw)) readExpense(r, k, raw); else readIncome(r, k, raw);
      continue;
    }
    const ik = labelOf(rd, r, inc.label);
    if (ik && inc.amounts.length) readIncome(r, ik, rd.text(r, inc.label));
    const ek = labelOf(rd, r, exp.label);
    if (ek) readExpense(r, ek, rd.text(r, exp.label));
  }
  if (!t.incomeTotal) doubts.push('未找到“本年收入合计”行');
  if (!t.expenseTotal.total && !t.expenseTotal.gpb) doubts.push('未找到“本年支出合计”行');
  if (single && !t.incomeGrand) doubts.push('未找到收入“总计”行');
  if (single && !t.expenseGrand.total) doubts.push('未找到支出“总计”行');
  return { table: t, doubts };
}

export function parseT6(rd: SheetReader, after: number): Parsed<Core<T6Table>> | undefined {
  const hd = analyseHeader(rd, after);
  if (!hd) return undefined;
  // Each lane reads its codes like T2/T3/T5 (one column or split 类|款); lanes may differ in length.
  const lanes = hd.lanes.map((l) => ({ lane: l, cc: codeColumns(l.code).length ? l.code : { single: l.name }, last: { cls: '', kuan: '' } }));
  const doubts: string[] = [];
  const t: Core<T6Table> = { items: [] };
  let personnelBare: Amount | undefined;
  let publicBare: Amount | undefined;
  const seen = new Set<string>();
  for (let r = hd.dataStart; r < rd.rows; r++) {
    for (const { lane, cc, last } of lanes) {
      const amountCol = lane.amounts[0];
      const code = readCode(rd, r, cc, last);
      if (/^\d{3}(\d{2})?$/.test(code)) {
        noteCode(last, code);
        const name = rd.text(r, lane.name);
        const a = rd.amount(r, amountCol, `${code} ${name}`);
        if (a) t.items.push({ code, name, amount: a, codeRef: rd.ref(r, codeColumnFor(cc, code.length === 3 ? 1 : 2)) });
        continue;
      }
      // Totals by their label, wherever it sits; the amount is in the first lane amount column to its right.
      const lab = rowLabel(rd, r, { ...lane, code: cc });
      if (!lab) continue;
      const kind = lab.key.includes('人员经费') ? 'personnel' : lab.key.includes('公用经费') ? 'public'
        : /^(基本支出)?(合计|总计)$/.test(stripOrdinal(lab.key)) ? 'total' : undefined;
      if (!kind || seen.has(`${r}:${lab.end}`)) continue;
      seen.add(`${r}:${lab.end}`);
      const c = amountColumnAfter(hd.lanes, lab.end);
      if (c === undefined) continue;
      const what = kind === 'personnel' ? '人员经费合计' : kind === 'public' ? '公用经费合计' : '合计';
      const a = rd.amount(r, c, what);
      if (kind === 'total') { t.total ??= a; continue; }
      const isTotal = /合计|小计|总计/.test(lab.key);
      if (kind === 'personnel') {
        if (isTotal) t.personnelTotal ??= a; else if (a && !a.blank) personnelBare ??= a;
      } else if (isTotal) t.publicTotal ??= a; else if (a && !a.blank) publicBare ??= a;
    }
  }
  t.personnelTotal ??= personnelBare;
  t.publicTotal ??= publicBare;
  if (!t.total || t.personnelTotal || t.publicTotal) {
    if (!t.personnelTotal) doubts.push('未找到“人员经费合计”');
    if (!t.publicTotal) doubts.push('未找到“公用经费合计”');
  }
  return { table: t, doubts };
}

function t9Key(path: string): T9Key | undefined {
  const segs = path.split('/').map((s) => stripOrdinal(s));
  // Most specific segment first.
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i];
    if (s.includes('购置及运行')) return 'car';
    if (s.includes('公务用车购置')) return 'carPurchase';
    if (s.includes('公务用车运行') || s.includes('运行维护费') || s.includes('运行费')) return 'carRun';
    if (s.includes('因公出国')) return 'abroad';
    if (s.includes('公务接待')) return 'reception';
    if (s === '合计' || s === '总计') return 'total';
    if (s === '小计' && segs.slice(0, i).some((x) => x.includes('公务用车'))) return 'car';
  }
  return undefined;
}

export function parseT9(rd: SheetReader, after: number): Parsed<Core<T9Table>> | undefined {
  const t: Core<T9Table> = { budget: {}, actual: {} };
  const doubts: string[] = [];
  // Header rows hold 预算数 / 决算数.
  let hdr = -1;
  let budgetCols = 0;
  for (let r = after + 1; r < Math.min(rd.rows, after + 12); r++) {
    const keys = rd.rowKeys(r);
    const n = keys.filter((k) => k.includes('预算数') || k === '预算').length;
    if (n > 0) { hdr = r; budgetCols = n; break; }
  }
  if (hdr < 0) return undefined;
  if (budgetCols >= 2) {
    // Wide: item names above, 预算数/决算数 below, one data row.
    let top = hdr;
    while (top - 1 > after && rd.rowKeys(top - 1).some((k) => k.includes('因公出国') || k.includes('公务') || k === '合计')) top--;
    let data = hdr + 1;
    while (data < rd.rows && (isColumnNumberRow(rd, data) || !rd.rowKeys(data).some((k) => k && /^[-\d,.]+$/.test(k)))) data++;
    if (data >= rd.rows) { doubts.push('未找到数据行'); return { table: t, doubts }; }
    const paths = headerPaths(rd, top, hdr + 1);
    for (let c = 0; c < rd.cols; c++) {
      const p = paths[c];
      if (!p) continue;
      const k = t9Key(p);
      if (!k) continue;
      const side = leaf(p).includes('预算') ? 'budget' : leaf(p).includes('决算') ? 'actual' : undefined;
      if (!side) continue;
      if (t[side][k]) continue;
      const a = rd.amount(data, c, p);
      if (a) t[side][k] = a;
    }
  } else {
    // Transposed: items as rows, 预算数 | 决算数 columns.
    const keys = rd.rowKeys(hdr);
    const bc = keys.findIndex((k) => k.includes('预算'));
    const ac = keys.findIndex((k) => k.includes('决算'));
    if (bc < 0 || ac < 0) { doubts.push('未找到“预算数/决算数”列'); return { table: t, doubts }; }
    // The label is in the columns left of the amounts, except ignorable ones (行次, 序号).
    const labelCols: number[] = [];
    for (let c = 0; c < Math.min(bc, ac); c++) if (roleOf(keys[c] ?? '') !== 'ignore') labelCols.push(c);
    for (let r = hdr + 1; r < rd.rows; r++) {
      let label = '';
      for (const c of labelCols) label += rd.ownKey(r, c);
      const k = t9Key(label);
      if (!k || t.actual[k]) continue;
      const b = rd.amount(r, bc, `${label} 预算数`);
      const a = rd.amount(r, ac, `${label} 决算数`);
      if (b) t.budget[k] = b;
      if (a) t.actual[k] = a;
    }
  }
  if (!t.actual.total) doubts.push('未找到“合计”决算数');
  return { table: t, doubts };
}

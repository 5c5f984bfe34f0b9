/**
 * Rules 1–23 of rules.md: one declaration each. Adding a rule means adding one entry here.
 */
import { TableId } from '../finding';
import { Amount, CodeRow, CodeTable, T1IncomeKey, T4Col, T4_COL_LABEL, T78Col, T9Key, TABLE_NAMES, TableSet } from '../tables/model';
import { fmt, RuleDecl, Side, zeroSide } from './engine';
import { zhCN } from './messages.zh-CN';

const N = TABLE_NAMES;

function side(label: Side['label'], ...terms: (Amount | undefined)[]): Side {
  return { label, terms };
}

const T1_INCOME_LABEL: Record<T1IncomeKey, string> = {
  gpb: '一般公共预算财政拨款收入',
  fund: '政府性基金预算财政拨款收入',
  soe: '国有资本经营预算财政拨款收入',
  superior: '上级补助收入',
  business: '事业收入',
  operating: '经营收入',
  affiliated: '附属单位上缴收入',
  other: '其他收入',
};

const COLUMN_LABEL: Record<string, string> = {
  total: '合计', fiscal: '财政拨款收入', superior: '上级补助收入', business: '事业收入', operating: '经营收入',
  affiliated: '附属单位上缴收入', other: '其他收入', basic: '基本支出', project: '项目支出',
  remitSuperior: '上缴上级支出', subsidyAffiliated: '对附属单位补助支出', carryIn: '年初结转和结余',
  income: '本年收入', carryOut: '年末结转和结余',
};
const T9_LABEL: Record<T9Key, string> = {
  total: '合计', abroad: '因公出国（境）费', car: '公务用车购置及运行维护费', carPurchase: '公务用车购置费',
  carRun: '公务用车运行维护费', reception: '公务接待费',
};

const TOTAL_LABEL: Partial<Record<TableId, string>> = { T2: '本年收入合计', T3: '本年支出合计', T5: '合计', T7: '本年支出小计', T8: '本年支出小计' };

function colLabel<K extends string>(t: CodeTable<K>, k: K): string {
  if (k === 'total') return TOTAL_LABEL[t.id] ?? '合计';
  return COLUMN_LABEL[k] ?? t.columnLabels[k] ?? k;
}
function rowLabel(r: CodeRow): string {
  return r.level === 0 ? '合计' : `${r.code} ${r.name}`.trim();
}
function cell<K extends string>(t: CodeTable<K>, r: CodeRow, k: K): string {
  return `${N[t.id]} ${rowLabel(r)} ${colLabel(t, k)}`;
}

/** Parent of each row by code prefix (nearest present ancestor), roots have none. */
function hierarchy(rows: CodeRow[]): { children: Map<CodeRow, CodeRow[]>; roots: CodeRow[] } {
  const byCode = new Map<string, CodeRow>();
  for (const r of rows) if (!byCode.has(r.code)) byCode.set(r.code, r);
  const children = new Map<CodeRow, CodeRow[]>();
  const roots: CodeRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.code)) continue; // duplicates are reported by R13, counted once
    seen.add(r.code);
    let parent: CodeRow | undefined;
    for (const len of [5, 3]) {
      if (r.code.length > len) {
        const p = byCode.get(r.code.slice(0, len));
        if (p) { parent = p; break; }
      }
    }
    if (parent) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent)!.push(r);
    } else roots.push(r);
  }
  return { children, roots };
}

function codeTables(m: TableSet): CodeTable<string>[] {
  return [m.T2, m.T3, m.T5, m.T7, m.T8].filter((t): t is NonNullable<typeof t> => !!t) as CodeTable<string>[];
}

const CLASS_ROWS = new WeakMap<object, Map<string, CodeRow>>();
/** The first row of a code (a map built once per table). */
function classRow<K extends string>(t: CodeTable<K> | undefined, code: string): CodeRow | undefined {
  if (!t) return undefined;
  let m = CLASS_ROWS.get(t);
  if (!m) {
    m = new Map();
    for (const r of t.rows) if (!m.has(r.code)) m.set(r.code, r);
    CLASS_ROWS.set(t, m);
  }
  return m.get(code);
}

/** Every amount of the model with a readable label (negatives check). */
function allAmounts(m: TableSet): { table: TableId; label: string; a: Amount }[] {
  const out: { table: TableId; label: string; a: Amount }[] = [];
  const neg = (a: Amount | undefined) => !!a && (a.micro !== undefined ? a.micro < 0 : a.value.isNegative() && !a.value.isZero());
  for (const t of codeTables(m)) {
    for (const r of [...(t.total ? [t.total] : []), ...t.rows]) {
      for (const k of t.columns) { const a = r.amounts[k]; if (neg(a)) out.push({ table: t.id, label: cell(t, r, k), a: a! }); }
    }
  }
  if (m.T1) {
    const t = m.T1;
    for (const [k, a] of Object.entries(t.income)) if (a) out.push({ table: 'T1', label: `${N.T1} ${T1_INCOME_LABEL[k as T1IncomeKey]}`, a });
    for (const e of t.expenseByClass) out.push({ table: 'T1', label: `${N.T1} ${e.name}`, a: e.amount });
  }
  if (m.T4) for (const r of m.T4.expenseRows) for (const [k, a] of Object.entries(r.amounts)) if (a) out.push({ table: 'T4', label: `${N.T4} ${r.name} ${T4_COL_LABEL[k as T4Col]}`, a });
  if (m.T6) for (const it of m.T6.items) out.push({ table: 'T6', label: `${N.T6} ${it.code} ${it.name}`, a: it.amount });
  if (m.T9) for (const s of ['budget', 'actual'] as const) for (const [k, a] of Object.entries(m.T9[s])) if (a) out.push({ table: 'T9', label: `${N.T9} ${T9_LABEL[k as T9Key]} ${s === 'budget' ? '预算数' : '决算数'}`, a });
  return out;
}

function sumSide(label: Side['label'], amounts: (Amount | undefined)[]): Side {
  return { label, terms: amounts };
}

/** T6 类 amount: its own row if present, else Σ of its 款. */
function t6Class(m: TableSet, cls: string): Amount[] {
  const t = m.T6!;
  const own = t.items.find((i) => i.code === cls);
  if (own) return [own.amount];
  return t.items.filter((i) => i.code.length === 5 && i.code.startsWith(cls)).map((i) => i.amount);
}
function t6Item(m: TableSet, code: string): Amount | undefined {
  return m.T6?.items.find((i) => i.code === code)?.amount;
}

export const TABLE_RULES: RuleDecl[] = [
  {
    id: 'R01', severity: 'error', title: '收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余', tables: ['T1'],
    check: (c) => {
      const t = c.model.T1; if (!t) return;
      c.equal(side(`${N.T1} 收入总计`, t.incomeGrand), side('本年收入合计 + 使用非财政拨款结余 + 年初结转和结余', t.incomeTotal, t.useNonFiscalBalance, t.carryIn));
    },
  },
  {
    id: 'R02', severity: 'error', title: '支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余', tables: ['T1'],
    check: (c) => {
      const t = c.model.T1; if (!t) return;
      c.equal(side(`${N.T1} 支出总计`, t.expenseGrand), side('本年支出合计 + 结余分配 + 年末结转和结余', t.expenseTotal, t.distribution, t.carryOut));
    },
  },
  {
    id: 'R03', severity: 'error', title: '收入总计 = 支出总计', tables: ['T1'],
    check: (c) => {
      const t = c.model.T1; if (!t) return;
      c.equal(side(`${N.T1} 收入总计`, t.incomeGrand), side('支出总计', t.expenseGrand));
    },
  },
  {
    id: 'R04', severity: 'error', title: '本年收入合计 = 各项收入之和；本年支出合计 = 各类支出之和', tables: ['T1'],
    check: (c) => {
      const t = c.model.T1; if (!t) return;
      const inc = Object.values(t.income);
      if (inc.length) c.equal(side(`${N.T1} 本年收入合计`, t.incomeTotal), sumSide('各项收入（一至八）之和', inc));
      if (t.expenseByClass.length) c.equal(side(`${N.T1} 本年支出合计`, t.expenseTotal), sumSide('各类支出之和', t.expenseByClass.map((e) => e.amount)));
    },
  },
  {
    id: 'R05', severity: 'error', title: '收入决算表每行：本年收入合计 = 各来源之和', tables: ['T2'],
    check: (c) => {
      const t = c.model.T2; if (!t) return;
      const parts = (['fiscal', 'superior', 'business', 'operating', 'affiliated', 'other'] as const).filter((k) => t.columns.includes(k));
      for (const r of [...(t.total ? [t.total] : []), ...t.rows]) {
        c.equal(side(() => cell(t, r, 'total'), r.amounts.total), sumSide('各收入来源之和', parts.map((k) => r.amounts[k])));
      }
    },
  },
  {
    id: 'R06', severity: 'error', title: '合计 = Σ类；类 = Σ款；款 = Σ项', tables: ['T2', 'T3', 'T5', 'T7', 'T8'],
    check: (c) => {
      for (const t of codeTables(c.model)) {
        const { children, roots } = hierarchy(t.rows);
        for (const k of t.columns) {
          if (t.total && roots.length) {
            c.equal(side(() => cell(t, t.total!, k), t.total.amounts[k]), sumSide(() => `各类${colLabel(t, k)}之和`, roots.map((r) => r.amounts[k])), t.id);
          }
          for (const [p, kids] of children) {
            c.equal(side(() => cell(t, p, k), p.amounts[k]), sumSide(() => `其下级科目${colLabel(t, k)}之和`, kids.map((r) => r.amounts[k])), t.id);
          }
        }
      }
    },
  },
  {
    id: 'R07', severity: 'error', title: '支出决算表每行：本年支出合计 = 基本 + 项目 + 上缴上级 + 经营 + 对附属单位补助', tables: ['T3'],
    check: (c) => {
      const t = c.model.T3; if (!t) return;
      const parts = (['basic', 'project', 'remitSuperior', 'operating', 'subsidyAffiliated'] as const).filter((k) => t.columns.includes(k));
      for (const r of [...(t.total ? [t.total] : []), ...t.rows]) {
        c.equal(side(() => cell(t, r, 'total'), r.amounts.total), sumSide('基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出', parts.map((k) => r.amounts[k])));
      }
    },
  },
  {
    id: 'R08', severity: 'error', title: '财政拨款收入支出决算总表内部平衡', tables: ['T4'],
    check: (c) => {
      const t = c.model.T4; if (!t) return;
      const rows: { label: string; a: Partial<Record<T4Col, Amount>> }[] = [
        ...t.expenseRows.map((r) => ({ label: r.name, a: r.amounts })),
        { label: '本年支出合计', a: t.expenseTotal },
        { label: '年末财政拨款结转和结余', a: t.carryOut },
        { label: '总计', a: t.expenseGrand },
      ];
      for (const r of rows) {
        if (!r.a.total) continue;
        c.equal(side(`${N.T4} ${r.label} 合计`, r.a.total), side('一般公共预算 + 政府性基金 + 国有资本经营', r.a.gpb, r.a.fund, r.a.soe));
      }
      for (const k of ['total', 'gpb', 'fund', 'soe'] as T4Col[]) {
        if (t.expenseRows.length && t.expenseTotal[k]) {
          c.equal(side(`${N.T4} 本年支出合计 ${T4_COL_LABEL[k]}`, t.expenseTotal[k]), sumSide('各类支出之和', t.expenseRows.map((r) => r.amounts[k])));
        }
      }
      c.equal(side(`${N.T4} 本年收入合计`, t.incomeTotal), side('一般公共预算 + 政府性基金 + 国有资本经营财政拨款收入', t.income.gpb, t.income.fund, t.income.soe));
      if (Object.keys(t.carryInBy).length) c.equal(side(`${N.T4} 年初财政拨款结转和结余`, t.carryIn), sumSide('其下三项之和', Object.values(t.carryInBy)));
      c.equal(side(`${N.T4} 收入总计`, t.incomeGrand), side('本年收入合计 + 年初财政拨款结转和结余', t.incomeTotal, t.carryIn));
      c.equal(side(`${N.T4} 支出总计`, t.expenseGrand.total), side('本年支出合计 + 年末财政拨款结转和结余', t.expenseTotal.total, t.carryOut.total));
      c.equal(side(`${N.T4} 收入总计`, t.incomeGrand), side('支出总计', t.expenseGrand.total));
      for (const k of ['gpb', 'fund', 'soe'] as const) {
        // Without the 年初 lines by source the per-column balance cannot be checked.
        if (Object.keys(t.carryInBy).length === 0) continue;
        c.equal(side(`${N.T4} ${T4_COL_LABEL[k]} 年初结转和结余 + 本年收入`, t.carryInBy[k], t.income[k]), side('本年支出 + 年末结转和结余', t.expenseTotal[k], t.carryOut[k]));
      }
    },
  },
  {
    id: 'R09', severity: 'error', title: '一般公共预算财政拨款支出决算表每行：合计 = 基本支出 + 项目支出', tables: ['T5'],
    check: (c) => {
      const t = c.model.T5; if (!t) return;
      for (const r of [...(t.total ? [t.total] : []), ...t.rows]) c.equal(side(() => cell(t, r, 'total'), r.amounts.total), side('基本支出 + 项目支出', r.amounts.basic, r.amounts.project));
    },
  },
  {
    id: 'R10', severity: 'error', title: '基本支出表：类 = Σ款；人员经费 = 301 + 303；公用经费 = 302 + 307 + 310 + 399', tables: ['T6'],
    check: (c) => {
      const t = c.model.T6; if (!t) return;
      for (const cls of t.items.filter((i) => i.code.length === 3)) {
        const kids = t.items.filter((i) => i.code.length === 5 && i.code.startsWith(cls.code));
        if (kids.length) c.equal(side(`${N.T6} ${cls.code} ${cls.name}`, cls.amount), sumSide('其下各款之和', kids.map((k) => k.amount)));
      }
      if (t.personnelTotal) c.equal(side(`${N.T6} 人员经费合计`, t.personnelTotal), sumSide('301 工资福利支出 + 303 对个人和家庭的补助', ['301', '303'].flatMap((k) => t6Class(c.model, k))));
      if (t.publicTotal) c.equal(side(`${N.T6} 公用经费合计`, t.publicTotal), sumSide('302 + 307 + 310 + 399', ['302', '307', '310', '399'].flatMap((k) => t6Class(c.model, k))));
      // A table that states only an overall 合计 (no 人员经费/公用经费 totals): that total against the classes.
      if (t.total && !t.personnelTotal && !t.publicTotal) {
        c.equal(side(`${N.T6} 合计`, t.total), sumSide('各类之和', ['301', '302', '303', '307', '310', '399'].flatMap((k) => t6Class(c.model, k))));
      }
    },
  },
  {
    id: 'R11', severity: 'error', title: '基金/国资表每行：支出小计 = 基本 + 项目；年末 = 年初 + 收入 − 支出', tables: ['T7', 'T8'],
    check: (c) => {
      for (const t of [c.model.T7, c.model.T8]) {
        if (!t) continue;
        for (const r of [...(t.total ? [t.total] : []), ...t.rows]) {
          if (t.columns.includes('basic') || t.columns.includes('project')) c.equal(side(cell(t, r, 'total'), r.amounts.total), side('基本支出 + 项目支出', r.amounts.basic, r.amounts.project), t.id);
          if (t.columns.includes('carryOut') && t.columns.includes('carryIn') && t.columns.includes('income')) {
            c.equal(side(`${N[t.id]} ${rowLabel(r)} 年末结转和结余 + 本年支出`, r.amounts.carryOut, r.amounts.total), side('年初结转和结余 + 本年收入', r.amounts.carryIn, r.amounts.income), t.id);
          }
        }
      }
    },
  },
  {
    id: 'R12', severity: 'error', title: '三公经费：公务用车小计 = 购置费 + 运行维护费；合计 = 出国 + 公务用车 + 接待', tables: ['T9'],
    check: (c) => {
      const t = c.model.T9; if (!t) return;
      for (const s of ['budget', 'actual'] as const) {
        const v = t[s];
        const w = s === 'budget' ? '预算数' : '决算数';
        c.equal(side(`${N.T9} 公务用车购置及运行维护费 ${w}`, v.car), side('公务用车购置费 + 公务用车运行维护费', v.carPurchase, v.carRun));
        c.equal(side(`${N.T9} 合计 ${w}`, v.total), side('因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费', v.abroad, v.car, v.reception));
      }
    },
  },
  {
    id: 'R13', severity: 'error', title: '金额须为数字且不为负；科目编码不重复、有上级科目', tables: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'],
    check: (c) => {
      for (const x of allAmounts(c.model)) {
        if (x.a.micro !== undefined ? x.a.micro < 0 : x.a.value.isNegative() && !x.a.value.isZero()) c.report(zhCN.negative(x.label, fmt(x.a.value)), [x.a.ref], 'warning', x.table);
      }
      for (const t of codeTables(c.model)) {
        if (t.id !== 'T7' && t.id !== 'T8' && t.rows.length) {
          // (T7/T8: reported by R18, which compares those totals.)
          for (const [col, u] of Object.entries(t.total?.unstated ?? {})) {
            if (u) c.report(zhCN.unstatedTotal(N[t.id], colLabel(t, col), u.text, `${u.ref.sheet}!${u.ref.address}`), [u.ref], 'warning', t.id);
          }
        }
        const byCode = new Map<string, CodeRow[]>();
        for (const r of t.rows) { if (!byCode.has(r.code)) byCode.set(r.code, []); byCode.get(r.code)!.push(r); }
        for (const [code, rs] of byCode) {
          if (rs.length > 1) c.report(zhCN.duplicateCode(N[t.id], code, rs.map((r) => r.row + 1).join('、')), rs.map((r) => r.codeRef!).filter(Boolean), 'error', t.id);
          const r = rs[0];
          const missing = code.length >= 5 && !byCode.has(code.slice(0, 3)) ? code.slice(0, 3) : code.length === 7 && !byCode.has(code.slice(0, 5)) ? code.slice(0, 5) : '';
          if (missing && r.codeRef) c.report(zhCN.orphan(N[t.id], code, missing), r.codeCells ?? [r.codeRef], 'warning', t.id);
        }
      }
    },
  },
  {
    id: 'R14', severity: 'error', title: '总表本年收入合计及四至八项 = 收入决算表合计', tables: ['T1', 'T2'],
    check: (c) => {
      const a = c.model.T1; const b = c.model.T2; if (!a || !b?.total) return;
      c.equal(side(`${N.T2} 合计 本年收入合计`, b.total.amounts.total), side(`${N.T1} 本年收入合计`, a.incomeTotal), 'T2');
      for (const k of ['superior', 'business', 'operating', 'affiliated', 'other'] as const) {
        if (!b.columns.includes(k)) continue;
        c.equal(side(`${N.T2} 合计 ${COLUMN_LABEL[k]}`, b.total.amounts[k]), side(`${N.T1} ${T1_INCOME_LABEL[k]}`, a.income[k]), 'T2');
      }
    },
  },
  {
    id: 'R15', severity: 'error', title: '财政拨款收入：总表一至三项 = 收入决算表财政拨款 = 财政拨款总表本年收入', tables: ['T1', 'T2', 'T4'],
    check: (c) => {
      const a = c.model.T1; const b = c.model.T2; const d = c.model.T4;
      if (a) {
        const fiscal = side(`${N.T1} 一般公共预算 + 政府性基金 + 国有资本经营财政拨款收入`, a.income.gpb, a.income.fund, a.income.soe);
        if (b?.total) c.equal(side(`${N.T2} 合计 财政拨款收入`, b.total.amounts.fiscal), fiscal, 'T2');
        if (d) c.equal(side(`${N.T4} 本年收入合计`, d.incomeTotal), fiscal, 'T4');
        if (d) for (const k of ['gpb', 'fund', 'soe'] as const) {
          c.equal(side(`${N.T4} ${T4_COL_LABEL[k]}收入`, d.income[k]), side(`${N.T1} ${T1_INCOME_LABEL[k]}`, a.income[k]), 'T4');
        }
      } else if (b?.total && d) {
        c.equal(side(`${N.T2} 合计 财政拨款收入`, b.total.amounts.fiscal), side(`${N.T4} 本年收入合计`, d.incomeTotal), 'T2');
      }
    },
  },
  {
    id: 'R16', severity: 'error', title: '总表本年支出合计及各类 = 支出决算表', tables: ['T1', 'T3'],
    check: (c) => {
      const a = c.model.T1; const b = c.model.T3; if (!a || !b) return;
      if (b.total) c.equal(side(`${N.T3} 合计 本年支出合计`, b.total.amounts.total), side(`${N.T1} 本年支出合计`, a.expenseTotal), 'T3');
      const codes = new Set([...a.expenseByClass.map((e) => e.code), ...b.rows.filter((r) => r.level === 1).map((r) => r.code)]);
      for (const code of codes) {
        const e = a.expenseByClass.find((x) => x.code === code);
        const r = classRow(b, code);
        const left: Side = r ? side(`${N.T3} ${code} ${r.name} 本年支出合计`, r.amounts.total) : zeroSide(`${N.T3}（无 ${code} 类）`);
        const right: Side = e ? side(`${N.T1} ${e.name}`, e.amount) : zeroSide(`${N.T1}（无 ${code} 类）`);
        c.equal(left, right, 'T3');
      }
    },
  },
  {
    id: 'R17', severity: 'error', title: '财政拨款总表一般公共预算支出 = 一般公共预算财政拨款支出决算表', tables: ['T4', 'T5'],
    check: (c) => {
      const a = c.model.T4; const b = c.model.T5; if (!a || !b) return;
      if (b.total) c.equal(side(`${N.T5} 合计`, b.total.amounts.total), side(`${N.T4} 本年支出合计 一般公共预算财政拨款`, a.expenseTotal.gpb), 'T5');
      const codes = new Set([...a.expenseRows.map((e) => e.code), ...b.rows.filter((r) => r.level === 1).map((r) => r.code)]);
      for (const code of codes) {
        const e = a.expenseRows.find((x) => x.code === code);
        const r = classRow(b, code);
        if (e && !e.amounts.gpb) continue;
        const left: Side = r ? side(`${N.T5} ${code} ${r.name} 合计`, r.amounts.total) : zeroSide(`${N.T5}（无 ${code} 类）`);
        const right: Side = e ? side(`${N.T4} ${e.name} 一般公共预算财政拨款`, e.amounts.gpb) : zeroSide(`${N.T4}（无 ${code} 类）`);
        c.equal(left, right, 'T5');
      }
    },
  },
  {
    id: 'R18', severity: 'error', title: '财政拨款总表基金/国资栏 = 基金表/国资表', tables: ['T4', 'T7', 'T8'],
    check: (c) => {
      const a = c.model.T4; if (!a) return;
      for (const [k, id] of [['fund', 'T7'], ['soe', 'T8']] as const) {
        const t = c.model[id];
        if (!t) continue;
        const tot = t.total?.amounts;
        const pairs: [string, Amount | undefined, Amount | undefined][] = [
          ['本年支出', a.expenseTotal[k], tot?.total],
          ['本年收入', a.income[k], tot?.income],
          ['年初结转和结余', a.carryInBy[k], tot?.carryIn],
          ['年末结转和结余', a.carryOut[k], tot?.carryOut],
        ];
        const hasData = t.rows.length > 0 || (!!tot && Object.values(tot).some((v) => v && !v.value.isZero()));
        const unstated = t.total?.unstated ?? {};
        if (hasData) {
          // The template's header word printed where the total belongs: the table does not state it.
          for (const [col, u] of Object.entries(unstated)) {
            if (u) c.report(zhCN.unstatedTotal(N[id], colLabel(t, col as T78Col), u.text, `${u.ref.sheet}!${u.ref.address}`), [u.ref], 'warning', id);
          }
        }
        for (const [label, x, y] of pairs) {
          if (!x) continue;
          const col: T78Col = label === '本年支出' ? 'total' : label === '本年收入' ? 'income' : label.startsWith('年初') ? 'carryIn' : 'carryOut';
          if (unstated[col]) continue;
          if (!hasData) {
            if (!x.value.isZero()) c.equal(side(`${N.T4} ${T4_COL_LABEL[k]} ${label}`, x), zeroSide(`${N[id]}（无数据）`), id);
            continue;
          }
          if (y === undefined && !t.columns.includes(col)) continue;
          c.equal(side(`${N.T4} ${T4_COL_LABEL[k]} ${label}`, x), y ? side(`${N[id]} 合计 ${label}`, y) : zeroSide(`${N[id]} 合计 ${label}`), id);
        }
        if (hasData) {
          const codes = new Set([...a.expenseRows.filter((e) => e.amounts[k] && !e.amounts[k]!.value.isZero()).map((e) => e.code), ...t.rows.filter((r) => r.level === 1).map((r) => r.code)]);
          for (const code of codes) {
            const e = a.expenseRows.find((x) => x.code === code);
            const r = classRow(t, code);
            c.equal(
              e ? side(`${N.T4} ${e.name} ${T4_COL_LABEL[k]}`, e.amounts[k]) : zeroSide(`${N.T4}（无 ${code} 类）`),
              r ? side(`${N[id]} ${code} ${r.name} 本年支出`, r.amounts.total) : zeroSide(`${N[id]}（无 ${code} 类）`),
              id,
            );
          }
        } else if (!t.emptyNote) {
          const all = [a.expenseTotal[k], a.income[k]].every((x) => !x || x.value.isZero());
          if (all) c.report(zhCN.noDataNoteMissing(N[id], T4_COL_LABEL[k]), [{ sheet: t.sheet, address: 'A1' }], 'info', id);
        }
      }
    },
  },
  {
    id: 'R19', severity: 'error', title: '一般公共预算基本支出 = 人员经费 + 公用经费', tables: ['T5', 'T6'],
    check: (c) => {
      const a = c.model.T5; const b = c.model.T6; if (!a?.total || !b) return;
      if (b.personnelTotal || b.publicTotal || !b.total) c.equal(side(`${N.T5} 合计 基本支出`, a.total.amounts.basic), side(`${N.T6} 人员经费合计 + 公用经费合计`, b.personnelTotal, b.publicTotal), 'T6');
      else c.equal(side(`${N.T5} 合计 基本支出`, a.total.amounts.basic), side(`${N.T6} 合计`, b.total), 'T6');
    },
  },
  {
    id: 'R20', severity: 'warning', title: '支出决算表各类 ≥ 财政拨款支出；基本支出 ≥ 一般公共预算基本支出', tables: ['T3', 'T4', 'T5'],
    check: (c) => {
      const t3 = c.model.T3; const t4 = c.model.T4; const t5 = c.model.T5; if (!t3) return;
      if (t4) for (const e of t4.expenseRows) {
        const r = classRow(t3, e.code);
        c.atMost(side(`${N.T4} ${e.name} 合计`, e.amounts.total), r ? side(`${N.T3} ${e.code} ${r.name} 本年支出合计`, r.amounts.total) : zeroSide(`${N.T3}（无 ${e.code} 类）`), 'T3');
      }
      if (t5?.total && t3.total) c.atMost(side(`${N.T5} 合计 基本支出`, t5.total.amounts.basic), side(`${N.T3} 合计 基本支出`, t3.total.amounts.basic), 'T3');
    },
  },
  {
    id: 'R21', severity: 'warning', title: '基本支出表中的三公相关科目 ≤ 三公经费决算数', tables: ['T6', 'T9'],
    check: (c) => {
      const t9 = c.model.T9; if (!t9 || !c.model.T6) return;
      const pairs: [string, string, T9Key][] = [
        ['30212', '因公出国（境）费用', 'abroad'], ['30217', '公务接待费', 'reception'],
        ['30231', '公务用车运行维护费', 'carRun'], ['31013', '公务用车购置', 'carPurchase'],
      ];
      for (const [code, name, key] of pairs) {
        const a = t6Item(c.model, code);
        if (!a || !t9.actual[key]) continue;
        c.atMost(side(`${N.T6} ${code} ${name}`, a), side(`${N.T9} ${T9_LABEL[key]} 决算数`, t9.actual[key]), 'T9');
      }
    },
  },
  {
    id: 'R22', severity: 'warning', title: '三公经费决算数不超过预算数', tables: ['T9'],
    check: (c) => {
      const t = c.model.T9; if (!t) return;
      for (const k of Object.keys(T9_LABEL) as T9Key[]) {
        const a = t.actual[k]; const b = t.budget[k];
        if (!a || !b) continue;
        if (a.value.gt(b.value.plus(a.half).plus(b.half))) {
          c.report(zhCN.overBudget(T9_LABEL[k], fmt(a.value), fmt(b.value), fmt(a.value.minus(b.value))), [a.ref, b.ref]);
        }
      }
    },
  },
  {
    id: 'R23', severity: 'error', title: '九张报表齐全', tables: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'],
    check: (c) => {
      for (const id of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'] as TableId[]) {
        if (!c.model[id]) c.report(zhCN.missingTable(N[id]), [], 'error', id);
      }
    },
  },
];

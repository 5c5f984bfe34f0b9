/**
 * Sections drafted from a profile's sentence schemas (`sentences: "templates"`, e.g. Shanghai): the
 * code computes the named slots from the tables and 补充信息; the wording is the profile's data.
 */
import { Decimal, formatAmount, roundHalfUp, ZERO } from '../money';
import { change, Change, Figure, share } from './figures';
import {
  FactEntry, factNumber, factText, FIELD_BY_KEY, Fund, itemBudgetKey, itemBudgetLabel, itemPurposeKey, itemPurposeLabel,
  itemReasonKey, itemReasonLabel, reasonEntry, REASONS,
} from './facts';
import type { Drafter, Para, PriorValue } from './draft';
import { SectionId } from './options';
import { GRADE_NAMES, scoreStats } from './grades';
import type { PerfSummary } from './perf';
import { Leaf } from './sources';

type Slots = Record<string, string | undefined>;

/** "{槽}" filled; "[…]" dropped when a slot inside it is empty or missing. */
export function fillTemplate(tpl: string, slots: Slots): string {
  const val = (k: string) => slots[k];
  const withOptional = tpl.replace(/\[([^\[\]]*)\]/g, (_, inner: string) => {
    const names = [...inner.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
    return names.some((n) => !val(n)) ? '' : inner;
  });
  return withOptional.replace(/\{([^{}]+)\}/g, (_, n: string) => val(n) ?? '');
}

const TEMPLATE_SECTIONS: SectionId[] = ['total', 'income', 'expense', 'fiscal', 'gpb', 'gpbBasic', 'sgjf', 'fund', 'soe', 'perf', 'other'];

function clause(t: string): string {
  return t.trim().replace(/[。；;，,\s]+$/, '');
}

export class TemplateSections {
  constructor(private readonly d: Drafter) {}

  has(s: SectionId): boolean {
    return TEMPLATE_SECTIONS.includes(s) && !!this.d.o.layout.templates[s === 'other' ? 'opex' : s === 'gpb' ? 'gpb.total' : s === 'soe' ? 'fund' : s];
  }

  private t(id: string, slots: Slots): string {
    const tpl = this.d.o.layout.templates[id];
    return tpl === undefined ? '' : fillTemplate(tpl, slots);
  }

  private amt(v: Decimal): string {
    return this.d.o.layout.format.thousands ? formatAmount(v, 2) : roundHalfUp(v, 2).toFixed(2);
  }
  private A(p: Para, f: Figure | undefined, what: string): string {
    return f ? this.amt(f.value) : this.d.A(p, f, what);
  }
  private pct(ratio: Decimal): string {
    return roundHalfUp(ratio.times(100), 2).toFixed(2);
  }
  private base(p: Para): Slots {
    return { 单位: this.d.U(p), 年度: this.d.Y(p), 上年度: this.d.yearKnown && /^\d{4}$/.test(this.d.year) ? String(Number(this.d.year) - 1) : '上年' };
  }

  /** The change against last year in the profile's words, and the change itself. */
  private chg(p: Para, cur: Figure | undefined, prior: PriorValue): { text: string; c?: Change } {
    if (!cur) return { text: p.hole({ text: '【缺少报表数据】', label: '本年数' }) };
    if ('missing' in prior) return { text: prior.missing.text };
    const c = change(cur.value, prior.value);
    if (c.delta.isZero()) return { text: this.t('change.flat', {}), c };
    if (c.fromZero && this.d.o.zeroBase === 'fromZero') return { text: `由0增加至${this.amt(c.cur)}万元`, c };
    if (c.fromZero) return { text: this.t('change.fromZero', { 变动额: this.amt(c.delta.abs()) }), c };
    return { text: this.t(c.delta.isNegative() ? 'change.down' : 'change.up', { 变动额: this.amt(c.delta.abs()), 变动率: this.pct(c.ratio.abs()) }), c };
  }

  /** "主要原因：…。", or nothing when nothing changed or the change is below the threshold. */
  private reason(p: Para, key: string, label: string, c: Change | undefined): string {
    this.d.need(reasonEntry(key, label, '填写“主要原因：”之后的文字'));
    const text = factText(this.d.input.facts, key);
    if (text) return this.t('reason', { 原因: clause(text) });
    if (c && c.delta.isZero()) return '';
    if (!this.d.reasonRequired(c)) return '';
    return this.t('reason', { 原因: p.hole({ text: '【请填写主要原因】', factKey: key, label }) });
  }

  /** 决算数大于/小于/等于…预算数（的主要原因：…）. */
  private compare(p: Para, actual: Decimal | undefined, budget: Decimal | undefined, kind: string, key: string, label: string): string {
    if (actual === undefined || budget === undefined) return '';
    const c = change(actual, budget);
    if (c.delta.isZero()) return this.t('compare.equal', { 预算口径: kind });
    const more = c.delta.isPositive();
    this.d.need(reasonEntry(key, label, '填写“决算数大于/小于预算数的主要原因：”之后的文字'));
    const text = factText(this.d.input.facts, key);
    if (!text && !this.d.reasonRequired(c)) return this.t(more ? 'compare.moreNoReason' : 'compare.lessNoReason', { 预算口径: kind });
    const why = text ? clause(text) : p.hole({ text: '【请填写主要原因】', factKey: key, label });
    return this.t(more ? 'compare.more' : 'compare.less', { 预算口径: kind, 原因: why });
  }

  /** An amount fact: its value, or a placeholder (and the 补充信息 row it needs). */
  private fact(p: Para, entry: FactEntry): { text: string; value?: Decimal } {
    this.d.need(entry);
    const n = factNumber(this.d.input.facts, entry.key);
    if (n && 'value' in n) return { text: this.amt(n.value), value: n.value };
    const what = entry.label.replace(/（万元）$/, '');
    return { text: p.hole({ text: n && 'bad' in n ? `【请核对补充信息“${what}”：不是数字】` : `【请填写${what}】`, factKey: entry.key, label: entry.label }) };
  }
  private field(p: Para, key: string): { text: string; value?: Decimal } {
    const fl = FIELD_BY_KEY.get(key)!;
    return this.fact(p, { key, label: fl.label, section: fl.section, hint: fl.hint });
  }

  section(s: SectionId, sub: (title: string) => void): void {
    switch (s) {
      case 'total': return this.total();
      case 'income': return this.shares('income');
      case 'expense': return this.shares('expense');
      case 'fiscal': return this.fiscal();
      case 'gpb': return this.gpb(sub);
      case 'gpbBasic': return this.gpbBasic();
      case 'sgjf': return this.sgjf();
      case 'fund': return this.fund('fund');
      case 'soe': return this.fund('soe');
      case 'perf': return this.perf();
      case 'other': return this.other(sub);
      default:
    }
  }

  private para(s: SectionId, build: (p: Para) => string): void {
    const p = this.d.p('body', s);
    p.add(build(p));
    this.d.push(p);
  }

  private total(): void {
    const x = this.d.f.t1.incomeGrand;
    this.para('total', (p) => {
      const y = this.chg(p, x, this.d.priorOf('prior.incomeGrand', p));
      return this.t('total', { ...this.base(p), 总计: this.A(p, x, '收入总计'), 变动: y.text, 原因: this.reason(p, 'reason.total.yoy', REASONS['reason.total.yoy'], y.c) });
    });
  }

  private shares(which: 'income' | 'expense'): void {
    const f = this.d.f;
    const rows: [string, Figure | undefined][] = which === 'income'
      ? [['财政拨款收入', f.income.fiscal], ['上级补助收入', f.income.superior], ['事业收入', f.income.business], ['经营收入', f.income.operating],
        ['附属单位上缴收入', f.income.affiliated], ['其他收入', f.income.other]]
      : [['基本支出', f.expense.basic], ['项目支出', f.expense.project], ['上缴上级支出', f.expense.remitSuperior], ['经营支出', f.expense.operating],
        ['对附属单位补助支出', f.expense.subsidyAffiliated]];
    const whole = which === 'income' ? f.incomeTotal : f.expenseTotal;
    this.para(which, (p) => {
      const items = rows.filter(([, v]) => v && !v.value.isZero()).map(([name, v]) =>
        this.t(`${which}.item`, { 名称: name, 金额: this.amt(v!.value), 占比: whole ? this.pct(share(v!.value, whole.value)) : undefined }));
      return this.t(which, { ...this.base(p), 合计: this.A(p, whole, which === 'income' ? '本年收入合计' : '本年支出合计'), 各项: items.join('；') });
    });
  }

  private fiscal(): void {
    const x = this.d.f.fiscal.grandIncome;
    this.para('fiscal', (p) => {
      const y = this.chg(p, x, this.d.priorOf('prior.fiscalGrand', p));
      return this.t('fiscal', { ...this.base(p), 总计: this.A(p, x, '财政拨款收入支出总计'), 变动: y.text, 原因: this.reason(p, 'reason.fiscal.yoy', REASONS['reason.fiscal.yoy'], y.c) });
    });
  }

  private subs(s: SectionId, sub: (title: string) => void, i: number, fallback: string): void {
    sub(this.d.o.layout.subsections[s]?.[i] ?? fallback);
  }

  private gpb(sub: (title: string) => void): void {
    const g = this.d.f.gpb;
    this.subs('gpb', sub, 0, '一般公共预算财政拨款支出决算总体情况');
    this.para('gpb', (p) => {
      const y = this.chg(p, g.total, this.d.priorOf('prior.gpbExpense', p));
      return this.t('gpb.total', {
        ...this.base(p), 支出: this.A(p, g.total, '一般公共预算财政拨款支出合计'),
        占比: g.total && this.d.f.expenseTotal ? this.pct(share(g.total.value, this.d.f.expenseTotal.value)) : p.hole({ text: '【缺少报表数据】', label: '占比' }),
        变动: y.text, 原因: this.reason(p, 'reason.gpb.yoy', REASONS['reason.gpb.yoy'], y.c),
      });
    });
    this.subs('gpb', sub, 1, '一般公共预算财政拨款支出决算结构情况');
    this.para('gpb', (p) => {
      const cls = g.classes.filter((c) => !c.amount.value.isZero());
      if (!cls.length) return this.t('gpb.structure.none', {});
      return this.t('gpb.structure', {
        支出: this.A(p, g.total, '一般公共预算财政拨款支出合计'),
        各类: cls.map((c) => this.t('gpb.structure.item', { 类名: c.name, 金额: this.amt(c.amount.value), 占比: g.total ? this.pct(share(c.amount.value, g.total.value)) : '' })).join('；'),
      });
    });
    this.subs('gpb', sub, 2, '一般公共预算财政拨款支出决算具体情况');
    this.para('gpb', (p) => {
      const b0 = this.field(p, 'budget.gpb');
      const full = factNumber(this.d.input.facts, 'budget.gpbFull');
      this.d.need({ key: 'budget.gpbFull', label: FIELD_BY_KEY.get('budget.gpbFull')!.label, section: 'budget', hint: FIELD_BY_KEY.get('budget.gpbFull')!.hint });
      const dv = g.total?.value;
      return this.t('gpb.detail', {
        年初预算: b0.text, 全年预算: full && 'value' in full ? this.amt(full.value) : undefined, 决算: this.A(p, g.total, '一般公共预算财政拨款支出合计'),
        完成率: b0.value && !b0.value.isZero() && dv ? this.pct(share(dv, b0.value)) : undefined,
        比较: this.compare(p, dv, b0.value, '年初', 'reason.gpb.budget', REASONS['reason.gpb.budget']),
      });
    });
    this.items('gpb', g.items, 'gpb');
  }

  /** Per 项: "n、类（类）款（款）项（项）。主要用于：…。年初预算为b万元，支出决算为d万元，完成年初预算数的p%。决算数…" */
  private items(fund: Fund, leaves: Leaf[], s: SectionId): void {
    let n = 0;
    for (const l of leaves) {
      if (l.amount.value.isZero()) continue;
      n++;
      this.para(s, (p) => {
        const [cls, kuan, xiang] = splitPath(l.path);
        const fullKey = itemBudgetKey('全年', fund, l.code);
        const fullN = factNumber(this.d.input.facts, fullKey);
        const kind = fullN && 'value' in fullN ? '全年' : '年初';
        const b = this.fact(p, { key: itemBudgetKey(kind, fund, l.code), label: itemBudgetLabel(kind, fund, l.code, l.name), section: 'budget', hint: '上海格式五（三）：该项的预算数（万元）' });
        const purposeKey = itemPurposeKey(fund, l.code);
        const purposeLabel = itemPurposeLabel(fund, l.code, l.name);
        this.d.need({ key: purposeKey, label: purposeLabel, section: 'budget', hint: '“主要用于：”之后的文字' });
        const purpose = factText(this.d.input.facts, purposeKey);
        return this.t('item', {
          序号: String(n), 类: cls, 款: kuan, 项: xiang,
          用途: purpose ? clause(purpose) : p.hole({ text: '【请填写主要用途】', factKey: purposeKey, label: purposeLabel }),
          预算口径: kind, 预算: b.text, 决算: this.amt(l.amount.value),
          完成率: b.value && !b.value.isZero() ? this.pct(share(l.amount.value, b.value)) : undefined,
          比较: this.compare(p, l.amount.value, b.value, kind, itemReasonKey(fund, l.code), itemReasonLabel(fund, l.code, l.name)),
        });
      });
    }
  }

  private gpbBasic(): void {
    const g = this.d.f.gpb;
    const t6 = this.d.f.t6;
    this.para('gpbBasic', (p) => this.t('gpbBasic', {
      ...this.base(p), 基本支出: this.A(p, g.basic, '基本支出'), 人员经费: this.A(p, t6.personnel, '人员经费合计'), 公用经费: this.A(p, t6.public, '公用经费合计'),
      人员经费科目: t6.personnelNames.join('、'), 公用经费科目: t6.publicNames.join('、'),
    }));
  }

  private sgjf(): void {
    const a = this.d.f.t9.actual;
    const b = this.d.f.t9.budget;
    const rate = (x?: Figure, y?: Figure) => (x && y && !y.value.isZero() ? this.pct(share(x.value, y.value)) : undefined);
    this.para('sgjf', (p) => {
      const items = ([['因公出国（境）费', 'abroad'], ['公务用车购置及运行费', 'car'], ['公务接待费', 'reception']] as const).map(([name, k]) =>
        this.t('sgjf.item', { 名称: name, 预算: this.A(p, b[k], `${name}预算数`), 决算: this.A(p, a[k], `${name}决算数`), 完成率: rate(a[k], b[k]) }));
      const cmp = this.compare(p, a.total?.value, b.total?.value, '', 'reason.sgjf.budget.total', REASONS['reason.sgjf.budget.total']);
      return this.t('sgjf', {
        ...this.base(p), 预算: this.A(p, b.total, '“三公”经费预算数'), 决算: this.A(p, a.total, '“三公”经费决算数'), 完成率: rate(a.total, b.total),
        各项: items.join('；'), 比较: cmp ? `${this.d.Y(p)}年度“三公”经费支出${cmp}` : '',
      });
    });
    this.para('sgjf', (p) => {
      const y = this.chg(p, a.total, this.d.priorOf('prior.sgjf.total', p));
      return this.t('sgjf.yoy', { ...this.base(p), 决算: this.A(p, a.total, '“三公”经费决算数'), 变动: y.text, 原因: this.reason(p, 'reason.sgjf.yoy.total', REASONS['reason.sgjf.yoy.total'], y.c) });
    });
  }

  private fund(which: 'fund' | 'soe'): void {
    const x = which === 'fund' ? this.d.f.fund : this.d.f.soe;
    const name = which === 'fund' ? '政府性基金预算财政拨款' : '国有资本经营预算财政拨款';
    const empty = [x.carryIn, x.income, x.expense, x.carryOut].every((v) => !v || v.value.isZero()) && x.items.every((l) => l.amount.value.isZero());
    if (empty && (x.expense || x.income)) {
      this.para(which, (p) => this.t('noData', { ...this.base(p), 名称: name }));
      return;
    }
    this.para(which, (p) => {
      const y = this.chg(p, x.grandIncome, this.d.priorOf(which === 'fund' ? 'prior.fundGrand' : 'prior.soeGrand', p));
      return this.t('fund', { ...this.base(p), 名称: name, 总计: this.A(p, x.grandIncome, `${name}收入支出总计`), 变动: y.text,
        原因: this.reason(p, `reason.${which}.yoy`, REASONS[`reason.${which}.yoy`], y.c) });
    });
    this.para(which, (p) => {
      const b0 = this.field(p, which === 'fund' ? 'budget.fund' : 'budget.soe');
      const dv = x.expense?.value;
      return this.t('fund.detail', {
        名称: name, 年初预算: b0.text, 决算: this.A(p, x.expense, `${name}支出`),
        完成率: b0.value && !b0.value.isZero() && dv ? this.pct(share(dv, b0.value)) : undefined,
        比较: this.compare(p, dv, b0.value, '年初', `reason.${which}.budget`, REASONS[`reason.${which}.budget`]),
      });
    });
    this.items(which, x.items, which);
  }

  private perf(): void {
    const perf = this.d.input.perf;
    const facts = this.d.input.facts;
    this.para('perf', (p) => {
      const num = (key: string, fromPerf: Decimal | undefined, count = false) => {
        this.d.need({ key, label: FIELD_BY_KEY.get(key)!.label, section: 'perf', hint: FIELD_BY_KEY.get(key)!.hint });
        const n = factNumber(facts, key);
        const v = n && 'value' in n ? n.value : fromPerf;
        if (v !== undefined) return count ? v.toFixed(0) : this.amt(v);
        const label = FIELD_BY_KEY.get(key)!.label;
        return p.hole({ text: `【请填写${label}】`, factKey: key, label });
      };
      const text = (key: string) => {
        const t = this.d.T(p, key).trim();
        return /[。！？]$/.test(t) ? t : `${t}。`;
      };
      return this.t('perf', {
        ...this.base(p),
        项目数: num('perf.projectCount', perf ? new Decimal(perf.projectCount) : undefined, true),
        预算数: num('perf.projectBudget', perf && perf.projectCount ? perf.projectBudget : undefined),
        执行数: num('perf.projectActual', perf && perf.projectCount ? perf.projectActual : undefined),
        成效: text('perf.achievements'), 问题: text('perf.problems'), 措施: text('perf.measures'),
        ...this.grades(perf),
      });
    });
  }

  /** 平均得分 and counts by 评级 from the project sheets' 总分 (nothing when a 总分 is missing). */
  private grades(perf: PerfSummary | undefined): Slots {
    const st = perf?.projectScores ? scoreStats(perf.projectScores, this.d.o.gradeBands) : undefined;
    if (!st) return {};
    return {
      平均得分: roundHalfUp(st.average, 2).toFixed(2),
      评级: GRADE_NAMES.map((g) => this.t('perf.grade', { 评级: g, 个数: String(st.counts[g]) })).join('、'),
    };
  }

  private other(sub: (title: string) => void): void {
    const facts = this.d.input.facts;
    this.subs('other', sub, 0, '机关运行经费支出情况');
    this.para('other', (p) => {
      const t6pub = this.d.f.t6.public;
      const cur = factText(facts, 'opex.current') === '' && t6pub ? { text: this.amt(t6pub.value), value: t6pub.value } : this.field(p, 'opex.current');
      const curFig = cur.value ? { value: cur.value, refs: [], half: ZERO } : undefined;
      const y = curFig ? this.chg(p, curFig, this.d.priorOf('opex.prior', p)) : { text: '', c: undefined };
      return this.t('opex', { ...this.base(p), 本年: cur.text, 变动: y.text, 原因: this.reason(p, 'reason.opex.yoy', REASONS['reason.opex.yoy'], y.c) });
    });
    this.subs('other', sub, 1, '政府采购支出情况');
    this.para('other', (p) => {
      const tot = this.field(p, 'proc.total');
      const v = (k: string) => (tot.value?.isZero() && !factText(facts, k) ? { text: this.amt(ZERO), value: ZERO } : this.field(p, k));
      const sme = v('proc.sme');
      const micro = v('proc.micro');
      const pc = (x: { value?: Decimal }) => (x.value && tot.value && !tot.value.isZero() ? this.pct(share(x.value, tot.value)) : '0.00');
      return this.t('procurement', {
        ...this.base(p), 总额: tot.text, 货物: v('proc.goods').text, 工程: v('proc.works').text, 服务: v('proc.services').text,
        中小企业: sme.text, 中小企业占比: pc(sme), 小微企业: micro.text, 小微企业占比: pc(micro),
      });
    });
    this.subs('other', sub, 2, '国有资产占用情况');
    this.para('other', (p) => {
      const cnt = (key: string, dz = false) => this.d.F(p, key, { kind: 'count', defaultZero: dz }).text;
      const kinds: [string, string][] = [['副部（省）级及以上领导用车', 'assets.v.ministerial'], ['主要负责人用车', 'assets.v.head'], ['机要通信用车', 'assets.v.confidential'],
        ['应急保障用车', 'assets.v.emergency'], ['执法执勤用车', 'assets.v.enforcement'], ['特种专业技术用车', 'assets.v.special'],
        ['离退休干部服务用车', 'assets.v.retiree'], ['其他用车', 'assets.v.other']];
      return this.t('assets', { ...this.base(p), 车辆: cnt('assets.vehicles'), 车辆分类: kinds.map(([l, k]) => `${l}${cnt(k, true)}辆`).join('、'), 大型设备: cnt('assets.bigEquipment') });
    });
  }
}

/** "类(类)款(款)项(项)" → [类, 款, 项] (款/项 '' when the leaf is a 款 or 类). */
export function splitPath(path: string): [string, string, string] {
  const m = /^(.*?)\(类\)(?:(.*?)\(款\))?(?:(.*)\(项\))?$/.exec(path);
  if (!m) return [path, '', ''];
  return [m[1], m[2] ?? '', m[3] ?? ''];
}


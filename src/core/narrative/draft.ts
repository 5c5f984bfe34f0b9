/**
 * The drafter: every sentence of the seed's 说明 as a template filled from the nine tables, last
 * year's figures (补充信息 上年 section), the start-of-year budget and other facts, and the
 * self-evaluation sheets. What the data cannot give becomes a visible placeholder 【请填写…】.
 */
import { Decimal, ZERO } from '../money';
import { TABLE_NAMES, TableSet } from '../tables/model';
import { change, Change, chineseNumber, Figure, fmtAmt, fmtPct, share } from './figures';
import {
  FactEntry, factNumber, Facts, factText, FIELD_BY_KEY, fieldEntry, Fund, FUND_LABEL, itemReasonKey, itemReasonLabel,
  priorItemKey, reasonEntry, REASONS,
} from './facts';
import { DEFAULT_OPTIONS, NarrativeOptions, sectionTitle, SectionId } from './options';
import { TemplateSections } from './templated';
import { PerfSummary } from './perf';
import { Leaf, narrativeFigures, NarrativeFigures } from './sources';

export type ParagraphStyle = 'title' | 'part' | 'section' | 'subsection' | 'body';

export interface Placeholder {
  /** The text shown in the paragraph, e.g. 【请填写主要原因】. */
  text: string;
  /** The 补充信息 entry that fills it (undefined when the gap is in the tables). */
  factKey?: string;
  /** The 补充信息 label (项目) or the missing table figure. */
  label: string;
}

export interface NarrativeParagraph {
  text: string;
  style: ParagraphStyle;
  section?: SectionId;
  placeholders: Placeholder[];
}

export interface NarrativeDraft {
  paragraphs: NarrativeParagraph[];
  /** Every placeholder, with the index of its paragraph. */
  placeholders: (Placeholder & { paragraph: number })[];
  /** 补充信息 rows the draft reads (fixed fields with defaults, and one reason row per change). */
  factEntries: FactEntry[];
}

export interface DraftInput {
  model: TableSet;
  facts: Facts;
  perf?: PerfSummary;
  options?: Partial<NarrativeOptions>;
  /** Year / unit name read from the tables when 补充信息 has none. */
  guessedYear?: string;
  guessedUnitName?: string;
}

export const PLACEHOLDER_REASON = '【请填写主要原因】';

const GLOSSARY: string[] = [
  '财政拨款收入：指同级财政当年拨付的资金。',
  '上级补助收入：指事业单位从主管部门和上级单位取得的非财政补助收入。',
  '事业收入：指事业单位开展专业业务活动及其辅助活动所取得的收入。',
  '经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。',
  '附属单位上缴收入：指事业单位附属的独立核算单位按有关规定上缴的收入。',
  '其他收入：指除上述“财政拨款收入”、“事业收入”、“经营收入”、“附属单位上缴收入”等之外取得的收入。',
  '年初结转和结余：指以前年度支出预算因客观条件变化未执行完毕、结转到本年度按有关规定继续使用的资金，既包括财政拨款结转和结余，也包括事业收入、经营收入、其他收入的结转和结余。',
  '年末结转和结余：指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需要延迟到以后年度按有关规定继续使用的资金，既包括财政拨款结转和结余，也包括事业收入、经营收入、其他收入的结转和结余。',
  '基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。',
  '项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。',
  '经营支出：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动发生的支出。',
  '对附属单位补助支出：指事业单位发生的用非财政预算资金对附属单位的补助支出。',
  '“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置反映公务用车购置支出（含车辆购置税、牌照费）；公务用车运行维护费反映单位按规定保留的公务用车燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）费用。',
  '机关运行经费：行政单位和参照公务员法管理的事业单位财政拨款基本支出中的公用经费支出。',
];

/** A paragraph under construction. */
export class Para {
  parts: string[] = [];
  placeholders: Placeholder[] = [];
  constructor(public style: ParagraphStyle, public section?: SectionId) {}
  add(...s: string[]): this {
    this.parts.push(...s);
    return this;
  }
  hole(p: Placeholder): string {
    this.placeholders.push(p);
    return p.text;
  }
  get text(): string {
    return this.parts.join('');
  }
}

/** "。" at the end of a text written by the user, without doubling it. */
function sentence(t: string): string {
  const s = t.trim();
  if (!s) return s;
  return /[。！？.!?]$/.test(s) ? s : s + '。';
}
/** A reason without its final full stop (the template adds one). */
function clause(t: string): string {
  return t.trim().replace(/[。；;，,\s]+$/, '');
}

export type PriorValue = { value: Decimal } | { missing: Placeholder };

export class Drafter {
  readonly o: NarrativeOptions;
  readonly f: NarrativeFigures;
  readonly paras: NarrativeParagraph[] = [];
  readonly entries = new Map<string, FactEntry>();
  readonly year: string;
  readonly yearKnown: boolean;
  readonly unit: string;
  readonly unitKnown: boolean;
  /** Last year's figures are present (import done or typed): 项 missing from the 上年 list are zero. */
  readonly priorKnown: boolean;

  constructor(readonly input: DraftInput) {
    this.o = { ...DEFAULT_OPTIONS, ...Object.fromEntries(Object.entries(input.options ?? {}).filter(([, v]) => v !== undefined)) };
    this.f = narrativeFigures(input.model);
    const facts = input.facts;
    const y = factText(facts, 'year') || input.guessedYear || '';
    this.yearKnown = !!y;
    this.year = y.replace(/年度?$/, '');
    const u = factText(facts, 'unitName') || input.guessedUnitName || '';
    this.unitKnown = !!u;
    this.unit = u;
    this.priorKnown = ['prior.incomeGrand', 'prior.gpbExpense', 'prior.fiscalGrand'].some((k) => factText(facts, k) !== '')
      || facts.priorItems.length > 0;
    // Fixed fields are always offered (with defaults from the tables where sensible).
    for (const fl of ALWAYS_OFFERED) this.need(fieldEntry(fl));
    if (!factText(facts, 'year') && input.guessedYear) this.need(fieldEntry('year', input.guessedYear));
    if (!factText(facts, 'unitName') && input.guessedUnitName) this.need(fieldEntry('unitName', input.guessedUnitName));
    if (this.f.t6.public) this.need(fieldEntry('opex.current', this.f.t6.public.value.toNumber()));
  }

  need(e: FactEntry): void {
    const cur = this.entries.get(e.key);
    if (!cur || (cur.value === undefined && e.value !== undefined)) this.entries.set(e.key, e);
  }

  // ---- building blocks -------------------------------------------------------------------

  p(style: ParagraphStyle, section?: SectionId): Para {
    return new Para(style, section);
  }
  /** A (一)(二)(三) heading waiting to run into the next body paragraph (profiles with headingRunIn). */
  runIn?: string;
  push(p: Para): void {
    if (p.parts.length === 0) return;
    if (this.runIn !== undefined && p.style === 'body') {
      p.parts.unshift(this.runIn);
      this.runIn = undefined;
    }
    const text = p.text;
    // Keep only the placeholders that made it into the text (a helper may have prepared one unused):
    // as many of each text as the paragraph shows, in the order they were made.
    const used: Placeholder[] = [];
    const left = new Map<string, number>();
    for (const h of p.placeholders) {
      if (!left.has(h.text)) left.set(h.text, text.split(h.text).length - 1);
      const n = left.get(h.text)!;
      if (n > 0) { used.push(h); left.set(h.text, n - 1); }
    }
    this.paras.push({ text, style: p.style, section: p.section, placeholders: used });
  }
  Y(p: Para): string {
    return this.yearKnown ? this.year : p.hole({ text: '【请填写年度】', factKey: 'year', label: '年度' });
  }
  U(p: Para): string {
    return this.unitKnown ? this.unit : p.hole({ text: '【请填写单位名称】', factKey: 'unitName', label: '单位名称' });
  }

  /** A table figure, or a placeholder naming what is missing. */
  A(p: Para, f: Figure | undefined, what: string): string {
    if (f) return fmtAmt(f.value);
    return p.hole({ text: `【缺少报表数据：${what}】`, label: what });
  }

  /** A number from 补充信息 (amount with two decimals, or a count), or a placeholder. */
  F(p: Para, key: string, opts: { kind?: 'amount' | 'count' | 'area'; defaultZero?: boolean } = {}): { text: string; value?: Decimal } {
    const fl = FIELD_BY_KEY.get(key)!;
    this.need(fieldEntry(key));
    const n = factNumber(this.input.facts, key);
    const kind = opts.kind ?? (fl.kind === 'amount' ? 'amount' : fl.kind === 'number' ? 'area' : 'count');
    const show = (v: Decimal) => (kind === 'count' ? v.toFixed(0) : fmtAmt(v));
    if (n && 'value' in n) return { text: show(n.value), value: n.value };
    if (n && 'bad' in n) return { text: p.hole({ text: `【请核对补充信息“${fl.label}”：不是数字】`, factKey: key, label: fl.label }) };
    if (opts.defaultZero) return { text: show(ZERO), value: ZERO };
    return { text: p.hole({ text: `【请填写${fl.label.replace(/（(万元|辆|平方米|个|台套|人)）$/, '')}】`, factKey: key, label: fl.label }) };
  }

  /** A text fact, or a default, or a placeholder. */
  T(p: Para, key: string, dflt?: string): string {
    this.need(fieldEntry(key));
    const t = factText(this.input.facts, key).replace(/\s*\r?\n\s*/g, '');
    if (t) return t;
    if (dflt !== undefined) return dflt;
    const fl = FIELD_BY_KEY.get(key)!;
    return p.hole({ text: `【请填写${fl.label}】`, factKey: key, label: fl.label });
  }

  priorOf(key: string, p: Para): PriorValue {
    this.need(fieldEntry(key));
    const n = factNumber(this.input.facts, key);
    const label = FIELD_BY_KEY.get(key)!.label;
    if (n && 'value' in n) return { value: n.value };
    if (n && 'bad' in n) return { missing: { text: p.hole({ text: `【请核对补充信息“${label}”：不是数字】`, factKey: key, label }), factKey: key, label } };
    return { missing: { text: p.hole({ text: `【请填写${label}（或导入上年决算）】`, factKey: key, label }), factKey: key, label } };
  }

  reasonRequired(c: Change | undefined): boolean {
    const r = this.o.reasons;
    if (r.mode === 'all' || !c) return true;
    if (r.mode === 'changed') return !c.delta.isZero();
    const amt = c.delta.abs();
    const pct = c.ratio.abs().times(100);
    if (r.minAmount && amt.gte(r.minAmount)) return true;
    if (r.minPercent && pct.gte(r.minPercent)) return true;
    return !r.minAmount && !r.minPercent;
  }

  /** "，主要原因是：…" (or "" when not required and not given). */
  reason(p: Para, key: string, label: string, c: Change | undefined, sep = '，'): string {
    this.need(reasonEntry(key, label));
    const t = factText(this.input.facts, key);
    if (t) return `${sep}主要原因是：${clause(t)}`;
    // Nothing changed (zero against zero, or equal): nothing to explain.
    if (c && c.delta.isZero()) return '';
    if (!this.reasonRequired(c)) return '';
    return `${sep}主要原因是：${p.hole({ text: PLACEHOLDER_REASON, factKey: key, label })}`;
  }

  /** Year-on-year wording. lead: "比上年决算" | "比上年" | "与上年相比，". */
  yoy(c: Change, lead: string): string {
    if (this.o.flat === 'flat' && c.delta.isZero()) {
      return lead === '比上年决算' ? '与上年决算持平' : '与上年持平';
    }
    if (this.o.zeroBase === 'fromZero' && c.fromZero) return `${lead}由0增加至${fmtAmt(c.cur)}万元`;
    const up = !c.delta.isNegative();
    return `${lead}${up ? '增加' : '减少'}${fmtAmt(c.delta.abs())}万元，${up ? '增长' : '下降'}${fmtPct(c.ratio.abs())}`;
  }

  /** Year-on-year of a figure against a prior value; placeholder text when either is missing. */
  yoyOf(p: Para, cur: Figure | undefined, prior: PriorValue, lead: string): { text: string; c?: Change } {
    if (!cur) return { text: `${lead}${p.hole({ text: '【缺少报表数据】', label: '本年数' })}` };
    if ('missing' in prior) return { text: `${lead}${prior.missing.text}` };
    const c = change(cur.value, prior.value);
    return { text: this.yoy(c, lead), c };
  }

  /** "年初预算数X万元，决算数Y万元，预决算差异率Z%" */
  budgetGap(p: Para, budgetKey: string, actual: Figure | undefined, budgetWord = '年初预算数'): { text: string; c?: Change } {
    const b = this.F(p, budgetKey);
    const d = actual ? fmtAmt(actual.value) : this.A(p, actual, '决算数');
    if (!b.value || !actual) return { text: `${budgetWord}${b.text}万元，决算数${d}万元，预决算差异率${p.hole({ text: '【待年初预算数填写后计算】', factKey: budgetKey, label: FIELD_BY_KEY.get(budgetKey)!.label })}` };
    const c = change(actual.value, b.value);
    if (this.o.zeroBase === 'fromZero' && c.fromZero) {
      return { text: `${budgetWord}${b.text}万元，决算数${d}万元（年初预算数为0，不计算预决算差异率）`, c };
    }
    return { text: `${budgetWord}${b.text}万元，决算数${d}万元，预决算差异率${fmtPct(c.ratio)}`, c };
  }

  /** Budget gap against a table budget (T9 预算数). */
  budgetGapFig(p: Para, budget: Figure | undefined, actual: Figure | undefined, budgetWord: string): { text: string; c?: Change } {
    const b = this.A(p, budget, '预算数');
    const d = this.A(p, actual, '决算数');
    if (!budget || !actual) return { text: `${budgetWord}${b}万元，决算数${d}万元` };
    const c = change(actual.value, budget.value);
    if (this.o.zeroBase === 'fromZero' && c.fromZero) return { text: `${budgetWord}${b}万元，决算数${d}万元（预算数为0，不计算预决算差异率）`, c };
    return { text: `${budgetWord}${b}万元，决算数${d}万元，预决算差异率${fmtPct(c.ratio)}`, c };
  }

  share(p: Para, part: Figure | undefined, whole: Figure | undefined): string {
    if (!part || !whole) return p.hole({ text: '【缺少报表数据】', label: '占比' });
    return fmtPct(share(part.value, whole.value));
  }

  // ---- sections ----------------------------------------------------------------------------

  title(): void {
    const p = this.p('title');
    p.add(this.U(p), this.Y(p), '年度部门决算公开说明');
    this.push(p);
  }

  textParagraphs(section: SectionId, key: string, dflt?: string): void {
    const t = factText(this.input.facts, key);
    this.need(fieldEntry(key));
    if (t) {
      for (const line of t.split(/\r?\n/)) if (line.trim()) this.push(this.p('body', section).add(line.trim()));
      return;
    }
    const p = this.p('body', section);
    p.add(dflt ?? this.T(p, key));
    this.push(p);
  }

  functions(): void {
    this.textParagraphs('functions', 'functions');
  }

  organization(): void {
    const p = this.p('body', 'organization');
    const cnt = (key: string) => this.F(p, key, { kind: 'count' }).text;
    const chg = (key: string) => {
      const r = this.F(p, key, { kind: 'count' });
      if (!r.value) return r.text;
      if (r.value.isZero() && this.o.flat === 'flat') return '与上年持平';
      return `${r.value.isNegative() ? '减少' : '增加'}${r.value.abs().toFixed(0)}人`;
    };
    p.add(this.U(p), this.Y(p), '年度，实有人数', cnt('staff.total'), '人，其中：在职人员', cnt('staff.active'), '人，', chg('staff.activeChange'),
      '；离休人员', cnt('staff.retiredEarly'), '人，', chg('staff.retiredEarlyChange'), '；退休人员', cnt('staff.retired'), '人，', chg('staff.retiredChange'), '。');
    this.push(p);
    this.textParagraphs('organization', 'organization');
  }

  total(): void {
    const t = this.f.t1;
    const s: SectionId = 'total';
    let p = this.p('body', s);
    p.add(this.Y(p), '年度收入总计', this.A(p, t.incomeGrand, '收入总计'), '万元，其中：本年收入合计', this.A(p, t.incomeTotal, '本年收入合计'),
      '万元，使用非财政拨款结余（含专用结余）', this.A(p, t.useNonFiscal, '使用非财政拨款结余'), '万元，年初结转和结余', this.A(p, t.carryIn, '年初结转和结余'), '万元。');
    this.push(p);
    p = this.p('body', s);
    p.add(this.Y(p), '年度支出总计', this.A(p, t.expenseGrand, '支出总计'), '万元，其中：本年支出合计', this.A(p, t.expenseTotal, '本年支出合计'),
      '万元，结余分配', this.A(p, t.distribution, '结余分配'), '万元，年末结转和结余', this.A(p, t.carryOut, '年末结转和结余'), '万元。');
    this.push(p);
    p = this.p('body', s);
    const y = this.yoyOf(p, t.incomeGrand, this.priorOf('prior.incomeGrand', p), '与上年相比，');
    p.add('收入支出总体', y.text, this.reason(p, 'reason.total.yoy', REASONS['reason.total.yoy'], y.c), '。');
    this.push(p);
  }

  income(): void {
    const f = this.f;
    const p = this.p('body', 'income');
    const w = f.incomeTotal;
    const item = (label: string, x: Figure | undefined) => `${label}${this.A(p, x, label)}万元，占${this.share(p, x, w)}`;
    p.add('本年收入', this.A(p, w, '本年收入合计'), '万元，其中：', [
      item('财政拨款收入', f.income.fiscal), item('上级补助收入', f.income.superior), item('事业收入', f.income.business),
      item('经营收入', f.income.operating), item('附属单位上缴收入', f.income.affiliated), item('其他收入', f.income.other),
    ].join('；'), '。');
    this.push(p);
  }

  expense(): void {
    const f = this.f;
    const p = this.p('body', 'expense');
    const w = f.expenseTotal;
    const item = (label: string, x: Figure | undefined) => `${label}${this.A(p, x, label)}万元，占${this.share(p, x, w)}`;
    p.add('本年支出', this.A(p, w, '本年支出合计'), '万元，其中：', [
      item('基本支出', f.expense.basic), item('项目支出', f.expense.project), item('上缴上级支出', f.expense.remitSuperior),
      item('经营支出', f.expense.operating), item('对附属单位补助支出', f.expense.subsidyAffiliated),
    ].join('；'), '。');
    this.push(p);
  }

  fiscal(): void {
    const x = this.f.fiscal;
    let p = this.p('body', 'fiscal');
    p.add(this.Y(p), '年度财政拨款收入总计', this.A(p, x.grandIncome, '财政拨款收入总计'), '万元，其中：年初财政拨款结转和结余', this.A(p, x.carryIn, '年初财政拨款结转和结余'),
      '万元，本年财政拨款收入', this.A(p, x.income, '本年财政拨款收入'), '万元。财政拨款支出总计', this.A(p, x.grandExpense, '财政拨款支出总计'),
      '万元，其中：年末财政拨款结转和结余', this.A(p, x.carryOut, '年末财政拨款结转和结余'), '万元，本年财政拨款支出', this.A(p, x.expense, '本年财政拨款支出'), '万元。');
    this.push(p);
    p = this.p('body', 'fiscal');
    const y = this.yoyOf(p, x.grandIncome, this.priorOf('prior.fiscalGrand', p), '与上年相比，');
    const b = this.budgetGap(p, 'budget.fiscal', x.expense);
    p.add('财政拨款收入支出总体', y.text, this.reason(p, 'reason.fiscal.yoy', REASONS['reason.fiscal.yoy'], y.c), '。',
      '与年初预算相比，', b.text, this.reason(p, 'reason.fiscal.budget', REASONS['reason.fiscal.budget'], b.c), '。');
    this.push(p);
  }

  /** "n.{path}:支出决算数为X万元，比上年决算…,主要原因是：…。" for every 项 non-zero this or last year. */
  items(fund: Fund, current: Leaf[], section: SectionId): void {
    const facts = this.input.facts;
    const byCode = new Map<string, { code: string; path: string; name: string; cur?: Figure }>();
    for (const l of current) byCode.set(l.code, { code: l.code, path: l.path, name: l.name, cur: l.amount });
    for (const pi of facts.priorItems.filter((x) => x.fund === fund)) {
      if (!byCode.has(pi.code)) {
        const name = pi.path.replace(/\((项|款|类)\)$/, '').split(/\((?:类|款)\)/).pop() || pi.code;
        byCode.set(pi.code, { code: pi.code, path: pi.path || pi.code, name });
      }
    }
    const list = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1)).filter((it) => {
      const cur = it.cur?.value ?? ZERO;
      const pv = factNumber(facts, priorItemKey(fund, it.code));
      const prior = pv && 'value' in pv ? pv.value : ZERO;
      return !cur.isZero() || !prior.isZero();
    });
    let n = 0;
    for (const it of list) {
      n++;
      const p = this.p('body', section);
      const key = priorItemKey(fund, it.code);
      const pv = factNumber(facts, key);
      let prior: PriorValue;
      if (pv && 'value' in pv) prior = { value: pv.value };
      else if (pv && 'bad' in pv) prior = { missing: { text: p.hole({ text: '【请核对补充信息上年数：不是数字】', factKey: key, label: `上年${FUND_LABEL[fund]} ${it.code}` }), label: '' } };
      else if (this.priorKnown) prior = { value: ZERO };
      else prior = { missing: { text: p.hole({ text: '【请填写上年决算数（或导入上年决算）】', factKey: key, label: `上年${FUND_LABEL[fund]} ${it.code}` }), label: '' } };
      const cur = it.cur ?? { value: ZERO, refs: [], half: ZERO };
      const y = this.yoyOf(p, cur, prior, '比上年决算');
      p.add(`${n}.`, it.path, '：支出决算数为', fmtAmt(cur.value), '万元，', y.text,
        this.reason(p, itemReasonKey(fund, it.code), itemReasonLabel(fund, it.code, it.name), y.c), '。');
      this.push(p);
    }
  }

  gpb(sub: (title: string) => void): void {
    const g = this.f.gpb;
    sub('一般公共预算财政拨款支出决算总体情况');
    let p = this.p('body', 'gpb');
    const y = this.yoyOf(p, g.total, this.priorOf('prior.gpbExpense', p), '与上年相比，');
    const b = this.budgetGap(p, 'budget.gpb', g.total);
    p.add(this.Y(p), '年度一般公共预算财政拨款支出', this.A(p, g.total, '一般公共预算财政拨款支出合计'), '万元，占本年支出合计的', this.share(p, g.total, this.f.expenseTotal), '。',
      y.text, this.reason(p, 'reason.gpb.yoy', REASONS['reason.gpb.yoy'], y.c), '。',
      '与年初预算相比，', b.text, this.reason(p, 'reason.gpb.budget', REASONS['reason.gpb.budget'], b.c), '。');
    this.push(p);
    sub('一般公共预算财政拨款支出决算结构情况');
    let n = 0;
    for (const c of g.classes) {
      if (c.amount.value.isZero()) continue;
      n++;
      p = this.p('body', 'gpb');
      p.add(`${n}.`, c.name, '(类)', fmtAmt(c.amount.value), '万元，占', this.share(p, c.amount, g.total), '。');
      this.push(p);
    }
    if (n === 0) this.push(this.p('body', 'gpb').add('本年无一般公共预算财政拨款支出。'));
    sub('一般公共预算财政拨款支出决算具体情况');
    this.items('gpb', g.items, 'gpb');
  }

  gpbBasic(): void {
    const g = this.f.gpb;
    const t6 = this.f.t6;
    let p = this.p('body', 'gpbBasic');
    p.add(this.Y(p), '年度一般公共预算财政拨款基本支出', this.A(p, g.basic, '基本支出'), '万元，其中：人员经费', this.A(p, t6.personnel, '人员经费合计'), '万元',
      t6.personnelNames.length ? `，包括：${t6.personnelNames.join('、')}` : '', '。');
    this.push(p);
    p = this.p('body', 'gpbBasic');
    p.add('公用经费', this.A(p, t6.public, '公用经费合计'), '万元', t6.publicNames.length ? `，包括：${t6.publicNames.join('、')}` : '', '。');
    this.push(p);
  }

  fundSection(which: 'fund' | 'soe'): void {
    const x = which === 'fund' ? this.f.fund : this.f.soe;
    const name = which === 'fund' ? '政府性基金预算财政拨款' : '国有资本经营预算财政拨款';
    const subject = which === 'fund' ? '政府性基金预算财政拨款收入支出总体' : '国有资本经营预算财政拨款收入支出';
    const s: SectionId = which;
    let p = this.p('body', s);
    p.add(this.Y(p), `年度${name}收入总计`, this.A(p, x.grandIncome, `${name}收入总计`), '万元，其中：年初结转和结余', this.A(p, x.carryIn, '年初结转和结余'),
      '万元，本年收入', this.A(p, x.income, '本年收入'), `万元。${name}支出总计`, this.A(p, x.grandExpense, `${name}支出总计`),
      '万元，其中：年末结转和结余', this.A(p, x.carryOut, '年末结转和结余'), '万元，本年支出', this.A(p, x.expense, '本年支出'), '万元。');
    this.push(p);
    p = this.p('body', s);
    const y = this.yoyOf(p, x.grandIncome, this.priorOf(which === 'fund' ? 'prior.fundGrand' : 'prior.soeGrand', p), '与上年相比，');
    const b = this.budgetGap(p, which === 'fund' ? 'budget.fund' : 'budget.soe', x.expense);
    p.add(subject, y.text, this.reason(p, `reason.${which}.yoy`, REASONS[`reason.${which}.yoy`], y.c), '。',
      '与年初预算相比，', b.text, this.reason(p, `reason.${which}.budget`, REASONS[`reason.${which}.budget`], b.c), '。');
    this.push(p);
    p = this.p('body', s);
    p.add(`${name}支出`, this.A(p, x.expense, `${name}支出`), '万元。');
    this.push(p);
    this.items(which, x.items, s);
  }

  sgjf(): void {
    const a = this.f.t9.actual;
    const bud = this.f.t9.budget;
    const s: SectionId = 'sgjf';
    let p = this.p('body', s);
    const yo = (k: 'total' | 'abroad' | 'car' | 'reception') => this.yoyOf(p, a[k], this.priorOf(`prior.sgjf.${k}`, p), '比上年');
    const rs = (k: string, c?: Change) => this.reason(p, `reason.sgjf.yoy.${k}`, REASONS[`reason.sgjf.yoy.${k}`], c);
    const yt = yo('total');
    p.add(this.Y(p), '年度财政拨款“三公”经费支出', this.A(p, a.total, '“三公”经费合计'), '万元，', yt.text, rs('total', yt.c), '。其中：');
    const parts: string[] = [];
    for (const [k, label] of [['abroad', '因公出国（境）费'], ['car', '公务用车购置及运行维护费'], ['reception', '公务接待费']] as const) {
      const y = yo(k);
      parts.push(`${label}支出${this.A(p, a[k], label)}万元，占${this.share(p, a[k], a.total)}，${y.text}${rs(k, y.c)}。`);
    }
    p.add(parts.join(''));
    this.push(p);
    this.push(this.p('body', s).add('具体情况如下：'));

    p = this.p('body', s);
    const zero = (f: Figure | undefined) => !!f && f.value.isZero();
    /** "开支内容包括…", or "本单位无…" alone when nothing was spent (never "开支内容包括本单位无…"). */
    const content = (lead: string, key: string, none: boolean, noneText: string) => {
      const t = clause(factText(this.input.facts, key));
      if (/^本单位(无|未)/.test(t) || (!t && none)) { this.need(fieldEntry(key)); return t || noneText; }
      return `${lead}${clause(this.T(p, key))}`;
    };
    p.add('因公出国（境）费支出', this.A(p, a.abroad, '因公出国（境）费'), '万元，',
      content('开支内容包括', 'sgjf.abroadContent', zero(a.abroad), '本单位无因公出国（境）费'),
      '。单位全年安排的因公出国（境）团组', this.F(p, 'sgjf.abroadGroups', { defaultZero: zero(a.abroad) }).text, '个，因公出国（境）',
      this.F(p, 'sgjf.abroadPeople', { defaultZero: zero(a.abroad) }).text, '人次。');
    this.push(p);

    p = this.p('body', s);
    const held = this.F(p, 'sgjf.carsHeld', { defaultZero: zero(a.car) });
    p.add('公务用车购置及运行维护费', this.A(p, a.car, '公务用车购置及运行维护费'), '万元，其中：公务用车购置费', this.A(p, a.carPurchase, '公务用车购置费'),
      '万元，公务用车运行维护费', this.A(p, a.carRun, '公务用车运行维护费'), '万元。',
      content('公务用车运行维护费开支内容包括', 'sgjf.carRunContent', zero(a.carRun), '本单位无公务用车运行维护费'),
      '。公务用车购置数', this.F(p, 'sgjf.carsBought', { defaultZero: zero(a.carPurchase) }).text, '辆，公务用车保有量', held.text, '辆。');
    const vehicles = factNumber(this.input.facts, 'assets.vehicles');
    const diffGiven = factText(this.input.facts, 'reason.sgjf.carsDiff');
    if ((vehicles && 'value' in vehicles && held.value && !vehicles.value.eq(held.value)) || diffGiven) {
      this.need(reasonEntry('reason.sgjf.carsDiff', REASONS['reason.sgjf.carsDiff']));
      p.add('国有资产占用情况中固定资产车辆', this.F(p, 'assets.vehicles').text, '辆，与公务用车保有量差异原因是：',
        diffGiven ? clause(diffGiven) : p.hole({ text: PLACEHOLDER_REASON, factKey: 'reason.sgjf.carsDiff', label: REASONS['reason.sgjf.carsDiff'] }), '。');
    }
    this.push(p);

    p = this.p('body', s);
    p.add('公务接待费', this.A(p, a.reception, '公务接待费'), '万元，',
      content('开支内容包括', 'sgjf.receptionContent', zero(a.reception), '本单位无公务接待费'),
      '。单位全年安排的国内公务接待', this.F(p, 'sgjf.receptionBatches', { defaultZero: zero(a.reception) }).text, '批次，',
      this.F(p, 'sgjf.receptionPeople', { defaultZero: zero(a.reception) }).text, '人次。');
    this.push(p);

    p = this.p('body', s);
    const gap = (k: 'total' | 'abroad' | 'carPurchase' | 'carRun' | 'reception', label: string) => {
      const g = this.budgetGapFig(p, bud[k], a[k], `${label}全年预算数`);
      return `${g.text}${this.reason(p, `reason.sgjf.budget.${k}`, REASONS[`reason.sgjf.budget.${k}`], g.c)}。`;
    };
    p.add('与全年预算相比，', gap('total', '财政拨款“三公”经费支出'), '其中：', gap('abroad', '因公出国（境）费'), gap('carPurchase', '公务用车购置费'),
      gap('carRun', '公务用车运行维护费'), gap('reception', '公务接待费'));
    this.push(p);
  }

  other(sub: (title: string) => void): void {
    sub('机关运行经费及公用经费支出情况');
    let p = this.p('body', 'other');
    // Blank 本年机关运行经费: the 公用经费合计 of T6 (what 补充信息 is pre-filled with, marked 请核对).
    const t6pub = this.f.t6.public;
    const cur = factText(this.input.facts, 'opex.current') === '' && t6pub
      ? { text: fmtAmt(t6pub.value), value: t6pub.value }
      : this.F(p, 'opex.current');
    const curFig = cur.value ? { value: cur.value, refs: [], half: ZERO } : undefined;
    const prior = this.priorOf('opex.prior', p);
    const y = curFig ? this.yoyOf(p, curFig, prior, '比上年') : { text: `比上年${'missing' in prior ? prior.missing.text : ''}`, c: undefined };
    p.add(this.Y(p), '年度', this.U(p), '（行政单位和参照公务员法管理事业单位）机关运行经费支出', cur.text, '万元，', y.text,
      this.reason(p, 'reason.opex.yoy', REASONS['reason.opex.yoy'], y.c), '。');
    this.push(p);

    sub('政府采购情况');
    p = this.p('body', 'other');
    const tot = this.F(p, 'proc.total');
    p.add(this.Y(p), '年度政府采购支出总额', tot.text, '万元，其中：政府采购货物支出', this.F(p, 'proc.goods', { defaultZero: tot.value?.isZero() }).text,
      '万元、政府采购工程支出', this.F(p, 'proc.works', { defaultZero: tot.value?.isZero() }).text, '万元、政府采购服务支出',
      this.F(p, 'proc.services', { defaultZero: tot.value?.isZero() }).text, '万元。');
    this.push(p);
    p = this.p('body', 'other');
    const sme = this.F(p, 'proc.sme', { defaultZero: tot.value?.isZero() });
    const micro = this.F(p, 'proc.micro', { defaultZero: tot.value?.isZero() });
    const pct = (x: { value?: Decimal }) => (x.value && tot.value ? fmtPct(share(x.value, tot.value)) : p.hole({ text: '【待金额填写后计算】', factKey: 'proc.total', label: '政府采购支出总额' }));
    p.add('授予中小企业合同金额', sme.text, '万元，占政府采购支出总额的', pct(sme), '，其中：授予小微企业合同金额', micro.text, '万元，占政府采购支出总额的', pct(micro), '。');
    this.push(p);

    sub('国有资产占用情况说明');
    p = this.p('body', 'other');
    const v = (key: string) => this.F(p, key, { kind: 'count', defaultZero: false }).text;
    p.add('截至', this.Y(p), '年12月31日，房屋', this.F(p, 'assets.buildingArea', { kind: 'area' }).text, '平方米，价值', this.F(p, 'assets.buildingValue').text,
      '万元。车辆', v('assets.vehicles'), '辆，价值', this.F(p, 'assets.vehicleValue').text, '万元，其中：',
      [['副部（省）级及以上领导用车', 'assets.v.ministerial'], ['主要负责人用车', 'assets.v.head'], ['机要通信用车', 'assets.v.confidential'],
        ['应急保障用车', 'assets.v.emergency'], ['执法执勤用车', 'assets.v.enforcement'], ['特种专业技术用车', 'assets.v.special'],
        ['离退休干部服务用车', 'assets.v.retiree'], ['其他用车', 'assets.v.other']]
        .map(([label, key]) => `${label}${this.F(p, key, { kind: 'count', defaultZero: true }).text}辆`).join('、'));
    const others = factNumber(this.input.facts, 'assets.v.other');
    if (others && 'value' in others && !others.value.isZero()) p.add('，其他用车主要是：', clause(this.T(p, 'assets.v.otherUse')));
    p.add('。单价100万元（含）以上设备（不含车辆）', this.F(p, 'assets.bigEquipment', { kind: 'count' }).text, '台（套）。');
    this.push(p);
  }

  perf(): void {
    const p = this.p('body', 'perf');
    const perf = this.input.perf;
    const facts = this.input.facts;
    const fromFacts = (key: string) => {
      const n = factNumber(facts, key);
      return n && 'value' in n ? n.value : undefined;
    };
    this.need(fieldEntry('perf.overallCount'));
    this.need(fieldEntry('perf.overallBudget'));
    this.need(fieldEntry('perf.overallActual'));
    this.need(fieldEntry('perf.projectCount'));
    this.need(fieldEntry('perf.projectBudget'));
    this.need(fieldEntry('perf.projectActual'));
    const ov = perf?.overall[0];
    const num = (key: string, fromPerf: Decimal | undefined, count = false) => {
      const v = fromFacts(key) ?? fromPerf;
      if (v !== undefined) return count ? v.toFixed(0) : fmtAmt(v);
      const label = FIELD_BY_KEY.get(key)!.label;
      return p.hole({ text: `【请填写${label}】`, factKey: key, label });
    };
    const overallCount = perf ? new Decimal(perf.overallCount) : undefined;
    p.add('根据预算绩效管理要求，本单位', this.Y(p), '年度预算绩效管理形成整体支出绩效自评表', num('perf.overallCount', overallCount, true), '个，全年预算总额',
      num('perf.overallBudget', ov?.budget), '万元，实际执行总额', num('perf.overallActual', ov?.actual), '万元；预算绩效评价项目',
      num('perf.projectCount', perf ? new Decimal(perf.projectCount) : undefined, true), '个，全年预算数',
      num('perf.projectBudget', perf && perf.projectCount ? perf.projectBudget : undefined), '万元，全年执行数',
      num('perf.projectActual', perf && perf.projectCount ? perf.projectActual : undefined), '万元。');
    p.add('预算绩效管理取得的成效：', sentence(this.T(p, 'perf.achievements')), '发现的问题及原因：', sentence(this.T(p, 'perf.problems')),
      '下一步改进措施：', sentence(this.T(p, 'perf.measures')), '具体附整体支出绩效自评表，项目支出绩效自评表和评价报告。');
    this.push(p);
  }

  misc(): void {
    this.textParagraphs('misc', 'otherMatters', factText(this.input.facts, 'otherMatters') ? undefined : '本单位无其他需说明的事项。');
  }

  glossary(): void {
    GLOSSARY.forEach((g, i) => this.push(this.p('body', 'glossary').add(`${chineseNumber(i + 1)}、${g}`)));
  }

  tableList(): void {
    this.o.layout.tableOrder.forEach((t, i) => this.push(this.p('body', 'tableList').add(`${chineseNumber(i + 1)}、《${TABLE_NAMES[t]}》`)));
  }

  run(): NarrativeDraft {
    this.title();
    const tpl = new TemplateSections(this);
    const useTpl = this.o.layout.sentences === 'templates';
    this.o.layout.parts.forEach((part, pi) => {
      this.push(this.p('part').add(`第${chineseNumber(pi + 1)}部分 ${part.title}`));
      let n = 0;
      for (const s of part.sections) {
        const title = sectionTitle(this.o.layout, s);
        if (title) {
          n++;
          this.push(this.p('section', s).add(`${chineseNumber(n)}、${title}`));
        }
        let k = 0;
        const sub = (t: string) => {
          k++;
          const head = `（${chineseNumber(k)}）${t}`;
          if (this.o.layout.format.headingRunIn) this.runIn = head;
          else this.push(this.p('subsection', s).add(head));
        };
        if (useTpl && tpl.has(s)) {
          tpl.section(s, sub);
          continue;
        }
        switch (s) {
          case 'functions': this.functions(); break;
          case 'organization': this.organization(); break;
          case 'total': this.total(); break;
          case 'income': this.income(); break;
          case 'expense': this.expense(); break;
          case 'fiscal': this.fiscal(); break;
          case 'gpb': this.gpb(sub); break;
          case 'gpbBasic': this.gpbBasic(); break;
          case 'fund': this.fundSection('fund'); break;
          case 'soe': this.fundSection('soe'); break;
          case 'sgjf': this.sgjf(); break;
          case 'other': this.other(sub); break;
          case 'perf': this.perf(); break;
          case 'misc': this.misc(); break;
          case 'glossary': this.glossary(); break;
          case 'tableList': this.tableList(); break;
        }
      }
    });
    const placeholders = this.paras.flatMap((p, i) => p.placeholders.map((h) => ({ ...h, paragraph: i })));
    return { paragraphs: this.paras, placeholders, factEntries: [...this.entries.values()] };
  }
}

const ALWAYS_OFFERED: string[] = [
  'year', 'unitName', 'functions', 'organization',
  'budget.total', 'budget.fiscal', 'budget.gpb', 'budget.fund', 'budget.soe',
];

/** Draft the whole 说明. Pure: the same input gives the same paragraphs. */
export function draftNarrative(input: DraftInput): NarrativeDraft {
  return new Drafter(input).run();
}

/** Plain text: paragraphs separated by blank lines. */
export function narrativeText(d: NarrativeDraft): string {
  return d.paragraphs.map((p) => p.text).join('\n\n') + '\n';
}

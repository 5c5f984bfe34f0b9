/**
 * Checking an existing 说明 (drafted or typed by hand) against the tables — rules 24–27.
 *
 * The text is read paragraph by paragraph; sections are found by their heading words (not their
 * numbers, which differ by region). Every amount (…万元) and percentage (…%) is matched to its
 * source by the words just before it, following the seed's sentences:
 *   R24 stated amount / share / change / 差异率 ≠ its source (both cells named);
 *   R25 增加/增长 vs 减少/下降 against the sign of the change; empty or placeholder reasons and other
 *       open placeholders;
 *   R26 机关运行经费 > 公用经费合计 (T6);
 *   R27 section 十一 against the self-evaluation sheets.
 */
import { CellRef, Finding, TableId } from '../finding';
import { Decimal, roundHalfUp, ZERO } from '../money';
import { cellText, WorkbookSnapshot } from '../snapshot';
import { TABLE_NAMES, TableSet } from '../tables/model';
import { labelKey, stripOrdinal, toHalfWidth } from '../text';
import { change, Figure, fmtAmt, fmtPct, HALF_CENT, share } from './figures';
import { factNumber, Facts, FIELD_BY_KEY, Fund, itemBudgetKey, priorItemKey, readFacts, FACTS_SHEET } from './facts';
import { perfSummary, PerfSummary } from './perf';
import { Leaf, narrativeFigures, NarrativeFigures, ClassFigure } from './sources';
import { NARRATIVE_SHEET } from './render';
import { checkSentences } from './selfcheck';
import { LAYOUTS, NarrativeLayout, optionsFromSettings, sectionTitle, XINJIANG_LAYOUT } from './options';
import { bandsText, GRADE_NAMES, GradeBands, scoreStats, statedAverage, statedGradeCounts } from './grades';
import { readSettings } from '../settings';
import { guessProfile } from './profile';

export interface NarrativeParagraphCell {
  text: string;
  ref: CellRef;
}

export interface ParsedNarrative {
  sheet: string;
  paragraphs: NarrativeParagraphCell[];
}

const EXCLUDED_SHEETS = ['补充信息', '检查结果', '_决算助手设置'];

/** The sheet holding the 说明: `决算说明`, else a sheet whose name or text says it is one. */
export function findNarrativeSheet(snap: WorkbookSnapshot): string | undefined {
  const exact = snap.sheets.find((s) => s.name === NARRATIVE_SHEET);
  if (exact) return exact.name;
  const candidates = snap.sheets.filter((s) => !EXCLUDED_SHEETS.includes(s.name));
  const byName = candidates.find((s) => /说明/.test(s.name) && hasNarrativeText(s.values));
  if (byName) return byName.name;
  return candidates.find((s) => hasNarrativeText(s.values))?.name;
}

function hasNarrativeText(values: unknown[][]): boolean {
  let hits = 0;
  for (const row of values.slice(0, 400)) {
    for (const v of row ?? []) {
      if (typeof v !== 'string') continue;
      if (/收入支出决算总体情况说明|部门决算情况说明/.test(v)) return true;
      if (/收入总计[\d,.\s]+万元/.test(v)) hits++;
    }
    if (hits >= 1) return true;
  }
  return false;
}

/** Paragraphs of the 说明 sheet: every text cell, split at line breaks, with its cell. */
export function parseNarrativeSheet(snap: WorkbookSnapshot): ParsedNarrative | undefined {
  const name = findNarrativeSheet(snap);
  if (!name) return undefined;
  const sheet = snap.sheets.find((s) => s.name === name)!;
  const paragraphs: NarrativeParagraphCell[] = [];
  sheet.values.forEach((row, r) => {
    (row ?? []).forEach((v, c) => {
      const t = cellText(v);
      if (!t.trim()) return;
      const ref = { sheet: name, address: colRow(r, c) };
      for (const line of t.split(/\r?\n/)) if (line.trim()) paragraphs.push({ text: line.trim(), ref });
    });
  });
  return { sheet: name, paragraphs };
}

function colRow(r: number, c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) { const m = (n - 1) % 26; s = String.fromCharCode(65 + m) + s; n = Math.floor((n - 1) / 26); }
  return `${s}${r + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Sections

type Sec =
  | 'overview' | 'total' | 'income' | 'expense' | 'fiscal' | 'gpb' | 'gpbBasic' | 'fund' | 'soe' | 'sgjf'
  | 'other' | 'perf' | 'misc' | 'glossary' | 'tables';

const HEADING_RE = /^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])/;

function sectionOfHeading(text: string): Sec | undefined {
  const t = labelKey(text);
  if (/^第[一二三四五六七八九十]+部分/.test(t)) {
    if (/单位概况/.test(t)) return 'overview';
    if (/专业名词/.test(t)) return 'glossary';
    if (/报表/.test(t)) return 'tables';
    return undefined;
  }
  if (/财政拨款收入支出决算总体/.test(t)) return 'fiscal';
  if (/收入支出决算总体/.test(t)) return 'total';
  if (/一般公共预算财政拨款基本支出/.test(t)) return 'gpbBasic';
  if (/一般公共预算财政拨款支出决算情况/.test(t)) return 'gpb';
  if (/政府性基金/.test(t)) return 'fund';
  if (/国有资本经营/.test(t)) return 'soe';
  if (/三公/.test(t)) return 'sgjf';
  if (/其他重要事项/.test(t)) return 'other';
  if (/预算绩效/.test(t)) return 'perf';
  if (/其他需说明/.test(t)) return 'misc';
  if (/^[一二三四五六七八九十]+[、.]收入决算情况/.test(t)) return 'income';
  if (/^[一二三四五六七八九十]+[、.]支出决算情况/.test(t)) return 'expense';
  return undefined;
}

/** The heading words at the start of a paragraph whose first sentence follows on the same line. */
function runInHeading(text: string): { sec?: Sec; sub: boolean; length: number } | undefined {
  const t = text.trim();
  if (!HEADING_RE.test(t) || /^第/.test(t)) return undefined;
  const m = /^.{2,40}?情况(说明)?/.exec(t);
  if (!m || /万元|%|％|[，,。：:]/.test(m[0])) return undefined;
  const sub = /^[（(][一二三四五六七八九十]+[)）]/.test(t);
  const sec = sectionOfHeading(m[0]);
  if (!sub && !sec) return undefined;
  return { sec, sub, length: m[0].length };
}

function isHeading(text: string): boolean {
  return HEADING_RE.test(text.trim()) && text.length <= 40 && !/万元|%/.test(text);
}

// ---------------------------------------------------------------------------------------------
// Sources

interface Source {
  value: Decimal;
  refs: CellRef[];
  /** Half-width of the interval (0 for an exact single cell). */
  tol: Decimal;
  /** What it is, e.g. "收入支出决算总表 收入总计". */
  what: string;
}

interface Subject {
  source?: Source;
  /** The 补充信息 key of last year's value (year-on-year). */
  priorKey?: string;
  /** Last year's value is known to be zero (a 项 absent from last year's tables). */
  priorZero?: boolean;
  /** Denominator of a following "占…%". */
  shareOf?: Source;
  what: string;
  /** The 项 (or leaf 款/类) code when the subject is one. */
  code?: string;
}

class Ctx {
  readonly f: NarrativeFigures;
  readonly tableOfSheet = new Map<string, TableId>();
  readonly facts: Facts;
  readonly perf?: PerfSummary;
  readonly priorKnown: boolean;
  readonly gradeBands: GradeBands;
  readonly findings: Finding[] = [];

  constructor(readonly snap: WorkbookSnapshot, readonly model: TableSet) {
    this.f = narrativeFigures(model);
    for (const t of Object.values(model)) if (t) this.tableOfSheet.set(t.sheet, t.id);
    this.facts = readFacts(snap);
    this.perf = perfSummary(snap);
    this.gradeBands = optionsFromSettings(readSettings(snap)).gradeBands;
    this.priorKnown = ['prior.incomeGrand', 'prior.gpbExpense', 'prior.fiscalGrand'].some((k) => !!factNumber(this.facts, k)) || this.facts.priorItems.length > 0;
  }

  src(f: Figure | undefined, what: string): Source | undefined {
    if (!f) return undefined;
    const t = f.refs.length ? this.tableOfSheet.get(f.refs[0].sheet) : undefined;
    const name = t ? `${TABLE_NAMES[t]} ${what}` : what;
    return { value: f.value, refs: f.refs, tol: f.refs.length > 1 ? f.half : ZERO, what: name };
  }

  fact(key: string): Source | undefined {
    const n = factNumber(this.facts, key);
    const ib = this.perf?.initialBudget;
    if (!n && key === 'budget.fiscal' && ib) {
      return { value: ib.value, refs: [ib.ref], tol: ZERO, what: `单位整体支出绩效自评表“${ib.row}”年初预算数` };
    }
    if (!n || !('value' in n)) return undefined;
    return { value: roundHalfUp(n.value, 2), refs: [n.ref], tol: ZERO, what: `${FACTS_SHEET}“${FIELD_BY_KEY.get(key)?.label ?? key}”` };
  }

  prior(subject: Subject): Source | undefined {
    if (subject.priorKey) {
      const s = this.fact(subject.priorKey);
      if (s) return s;
    }
    if (subject.priorZero || (subject.priorKey?.startsWith('prior.item.') && this.priorKnown)) {
      return { value: ZERO, refs: [], tol: ZERO, what: '上年决算数（上年无此项）' };
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens

interface Token {
  raw: string;
  value: Decimal;
  unit: '万元' | '%' | '个';
  /** Normalised words between the previous number and this one. */
  label: string;
  rawLabel: string;
}

const TOKEN_RE = /([+-]?\d[\d,]*(?:\.\d+)?)\s*(万元|%|个)/g;

function tokens(text: string): Token[] {
  const t = toHalfWidth(text).replace(/％/g, '%');
  const out: Token[] = [];
  let prev = 0;
  for (const m of t.matchAll(TOKEN_RE)) {
    const at = m.index ?? 0;
    const rawLabel = t.slice(prev, at);
    prev = at + m[0].length;
    out.push({ raw: m[1], value: new Decimal(m[1].replace(/,/g, '')), unit: m[2] as Token['unit'], label: labelKey(rawLabel), rawLabel });
  }
  return out;
}

function decimalsOf(raw: string): number {
  const i = raw.indexOf('.');
  return i < 0 ? 0 : raw.length - i - 1;
}

// ---------------------------------------------------------------------------------------------
// Label dictionaries per section: [ending of the label, subject].

type Dict = [string, Subject][];

function endsWithAny(label: string, dict: Dict): Subject | undefined {
  const l = label.replace(/[,;:。，；：、]+$/, '').replace(/(为|是|达)$/, '');
  let best: [string, Subject] | undefined;
  for (const e of dict) if (l.endsWith(labelKey(e[0])) && (!best || e[0].length > best[0].length)) best = e;
  return best?.[1];
}

function sameName(a: string, b: string): boolean {
  return labelKey(a) === labelKey(b);
}

/** "一般公共服务支出(类)人大事务(款)代表工作(项)" → the 项 of the tables or of last year's list. */
function itemSubject(ctx: Ctx, rawLabel: string, fund: Fund, leaves: Leaf[]): Subject | undefined {
  // Only the words of this item: after the previous sentence, without its ordinal.
  const label = rawLabel.replace(/^.*[。;；]/, '').replace(/^[,，]?\d+[.、]/, '');
  const m = /([^()]*?)\(类\)(?:([^()]*?(?:\([^()]*\)[^()]*?)*)\(款\))?(?:(.*?)\(项\))?:?支出决算数为$/.exec(label.replace(/^\d+[.、]/, ''));
  if (!m) return undefined;
  const [cls, kuan, xiang] = [m[1], m[2], m[3]];
  const own = xiang ?? kuan ?? cls;
  const pathKey = labelKey(label.replace(/^\d+[.、]/, '').replace(/:?支出决算数为$/, ''));
  let leaf = leaves.find((l) => labelKey(l.path) === pathKey);
  leaf ??= leaves.find((l) => sameName(l.name, own) && labelKey(l.path).startsWith(labelKey(cls)));
  if (leaf) {
    return { source: ctx.src(leaf.amount, `${leaf.code} ${leaf.name}`), priorKey: priorItemKey(fund, leaf.code), what: `${leaf.code} ${leaf.name}`, code: leaf.code };
  }
  // Only last year: this year's amount is zero.
  const pi = ctx.facts.priorItems.find((x) => x.fund === fund && (labelKey(x.path) === pathKey || labelKey(x.path).endsWith(labelKey(own) + (xiang ? '(项)' : kuan ? '(款)' : '(类)'))));
  if (pi) {
    return { source: { value: ZERO, refs: [], tol: ZERO, what: `${pi.code}（本年表中无此项）` }, priorKey: priorItemKey(fund, pi.code), what: pi.code, code: pi.code };
  }
  return undefined;
}

/** The 类(类)款(款)项(项) path named last in a stretch of text (Shanghai: "n、…（项）。主要用于：…"). */
function itemPathIn(raw: string): string | undefined {
  const l = labelKey(raw);
  const end = Math.max(l.lastIndexOf('(项)'), l.lastIndexOf('(款)'), l.lastIndexOf('(类)'));
  if (end < 0) return undefined;
  const head = l.slice(0, end + 3);
  return head.slice(head.search(/[^。;:,]*$/)).replace(/^\d+[.、]/, '');
}

function classSubject(ctx: Ctx, label: string, classes: ClassFigure[], whole: Source | undefined): Subject | undefined {
  const m = /^(?:\d+[.、])?(.+?)\(类\)$/.exec(label.replace(/[,;:。，；：、]+$/, '').replace(/^.*[,;:。，；：]/, ''));
  if (!m) return undefined;
  const c = classes.find((x) => sameName(x.name, m[1]));
  if (!c) return undefined;
  return { source: ctx.src(c.amount, `${c.code} ${c.name}`), shareOf: whole, what: `${c.name}(类)` };
}

// ---------------------------------------------------------------------------------------------

interface ParaState {
  lastAmount?: Subject & { stated: Decimal };
  lastYoY?: { subject: Subject; word: '增加' | '减少' | '持平'; deltaStated?: Decimal };
  budget?: { subject: Subject; stated: Decimal; source?: Source };
  /** The 项 the paragraph is about (a path named before its budget and outcome). */
  item?: Subject;
  actual?: { stated: Decimal; source?: Source };
  sgjfKey?: 'total' | 'abroad' | 'carPurchase' | 'carRun' | 'reception' | 'car';
}

class Checker {
  sec: Sec | undefined;
  sub = 0;
  constructor(readonly ctx: Ctx, readonly layout: NarrativeLayout = XINJIANG_LAYOUT) {}

  /** A heading's section: the profile's own titles first, then the words every region uses. */
  private sectionOf(text: string): Sec | undefined {
    const t = stripOrdinal(labelKey(text));
    for (const part of this.layout.parts) {
      for (const s of part.sections) {
        const title = sectionTitle(this.layout, s);
        if (title && t === labelKey(title) && /^(total|income|expense|fiscal|gpb|gpbBasic|fund|soe|sgjf|other|perf|misc)$/.test(s)) return s as Sec;
      }
    }
    return sectionOfHeading(text);
  }

  private add(rule: 'R24' | 'R25' | 'R26' | 'R27', severity: Finding['severity'], message: string, cell: CellRef, refs: CellRef[], params?: Record<string, string>): void {
    const cells = [cell, ...refs.filter((r) => r.address)];
    const seen = new Set<string>();
    const uniq = cells.filter((c) => { const k = `${c.sheet}!${c.address}`; if (seen.has(k)) return false; seen.add(k); return true; });
    this.ctx.findings.push({ rule, severity, message, cells: uniq, table: 'NARRATIVE', params });
  }

  private where(p: NarrativeParagraphCell): string {
    return `${p.ref.sheet}!${p.ref.address}`;
  }

  /** Dictionary of amount labels for the current section. */
  private dict(): Dict {
    const c = this.ctx;
    const f = c.f;
    const s = (fg: Figure | undefined, what: string) => c.src(fg, what);
    switch (this.sec) {
      case 'total': return [
        ['收入总计', { source: s(f.t1.incomeGrand, '收入总计'), priorKey: 'prior.incomeGrand', what: '收入总计' }],
        ['收入支出总计', { source: s(f.t1.incomeGrand, '收入总计'), priorKey: 'prior.incomeGrand', what: '收入支出总计' }],
        ['本年收入合计', { source: s(f.t1.incomeTotal, '本年收入合计'), what: '本年收入合计' }],
        ['使用非财政拨款结余(含专用结余)', { source: s(f.t1.useNonFiscal, '使用非财政拨款结余'), what: '使用非财政拨款结余' }],
        ['使用非财政拨款结余', { source: s(f.t1.useNonFiscal, '使用非财政拨款结余'), what: '使用非财政拨款结余' }],
        ['年初结转和结余', { source: s(f.t1.carryIn, '年初结转和结余'), what: '年初结转和结余' }],
        ['支出总计', { source: s(f.t1.expenseGrand, '支出总计'), what: '支出总计' }],
        ['本年支出合计', { source: s(f.t1.expenseTotal, '本年支出合计'), what: '本年支出合计' }],
        ['结余分配', { source: s(f.t1.distribution, '结余分配'), what: '结余分配' }],
        ['年末结转和结余', { source: s(f.t1.carryOut, '年末结转和结余'), what: '年末结转和结余' }],
      ];
      case 'income': {
        const w = s(f.incomeTotal, '本年收入合计');
        const it = (label: string, fg: Figure | undefined): [string, Subject] => [label, { source: s(fg, label), shareOf: w, what: label }];
        return [
          ['本年收入', { source: w, what: '本年收入合计' }],
          ['本年收入合计', { source: w, what: '本年收入合计' }],
          it('财政拨款收入', f.income.fiscal), it('上级补助收入', f.income.superior), it('事业收入', f.income.business),
          it('经营收入', f.income.operating), it('附属单位上缴收入', f.income.affiliated), it('其他收入', f.income.other),
        ];
      }
      case 'expense': {
        const w = s(f.expenseTotal, '本年支出合计');
        const it = (label: string, fg: Figure | undefined): [string, Subject] => [label, { source: s(fg, label), shareOf: w, what: label }];
        return [
          ['本年支出', { source: w, what: '本年支出合计' }],
          ['本年支出合计', { source: w, what: '本年支出合计' }],
          it('基本支出', f.expense.basic), it('项目支出', f.expense.project), it('上缴上级支出', f.expense.remitSuperior),
          it('经营支出', f.expense.operating), it('对附属单位补助支出', f.expense.subsidyAffiliated),
        ];
      }
      case 'fiscal': return [
        ['财政拨款收入总计', { source: s(f.fiscal.grandIncome, '收入总计'), priorKey: 'prior.fiscalGrand', what: '财政拨款收入总计' }],
        ['财政拨款收入支出总计', { source: s(f.fiscal.grandIncome, '收入总计'), priorKey: 'prior.fiscalGrand', what: '财政拨款收入支出总计' }],
        ['年初财政拨款结转和结余', { source: s(f.fiscal.carryIn, '年初财政拨款结转和结余'), what: '年初财政拨款结转和结余' }],
        ['本年财政拨款收入', { source: s(f.fiscal.income, '本年收入合计'), what: '本年财政拨款收入' }],
        ['财政拨款支出总计', { source: s(f.fiscal.grandExpense, '支出总计'), what: '财政拨款支出总计' }],
        ['年末财政拨款结转和结余', { source: s(f.fiscal.carryOut, '年末财政拨款结转和结余'), what: '年末财政拨款结转和结余' }],
        ['本年财政拨款支出', { source: s(f.fiscal.expense, '本年支出合计'), what: '本年财政拨款支出' }],
      ];
      case 'gpb': return [
        ['一般公共预算财政拨款支出', { source: s(f.gpb.total, '合计'), priorKey: 'prior.gpbExpense', shareOf: s(f.expenseTotal, '本年支出合计'), what: '一般公共预算财政拨款支出' }],
      ];
      case 'gpbBasic': return [
        ['基本支出', { source: s(f.gpb.basic, '合计 基本支出'), what: '基本支出' }],
        ['人员经费', { source: s(f.t6.personnel, '人员经费合计'), what: '人员经费' }],
        ['公用经费', { source: s(f.t6.public, '公用经费合计'), what: '公用经费' }],
      ];
      case 'fund':
      case 'soe': {
        const x = this.sec === 'fund' ? f.fund : f.soe;
        const name = this.sec === 'fund' ? '政府性基金预算财政拨款' : '国有资本经营预算财政拨款';
        return [
          ['收入总计', { source: s(x.grandIncome, '收入总计'), priorKey: this.sec === 'fund' ? 'prior.fundGrand' : 'prior.soeGrand', what: `${name}收入总计` }],
          ['年初结转和结余', { source: s(x.carryIn, '年初结转和结余'), what: '年初结转和结余' }],
          ['本年收入', { source: s(x.income, '本年收入'), what: '本年收入' }],
          ['支出总计', { source: s(x.grandExpense, '支出总计'), what: `${name}支出总计` }],
          ['年末结转和结余', { source: s(x.carryOut, '年末结转和结余'), what: '年末结转和结余' }],
          ['本年支出', { source: s(x.expense, '本年支出'), what: '本年支出' }],
          [`${name}支出`, { source: s(x.expense, '本年支出'), what: `${name}支出` }],
        ];
      }
      case 'sgjf': {
        const a = f.t9.actual;
        const tot = s(a.total, '合计 决算数');
        return [
          ['三公经费支出', { source: tot, priorKey: 'prior.sgjf.total', what: '“三公”经费支出' }],
          ['三公经费财政拨款支出', { source: tot, priorKey: 'prior.sgjf.total', what: '“三公”经费支出' }],
          ['因公出国(境)费支出', { source: s(a.abroad, '因公出国（境）费 决算数'), priorKey: 'prior.sgjf.abroad', shareOf: tot, what: '因公出国（境）费' }],
          ['公务用车购置及运行维护费支出', { source: s(a.car, '公务用车购置及运行维护费 决算数'), priorKey: 'prior.sgjf.car', shareOf: tot, what: '公务用车购置及运行维护费' }],
          ['公务用车购置及运行维护费', { source: s(a.car, '公务用车购置及运行维护费 决算数'), priorKey: 'prior.sgjf.car', shareOf: tot, what: '公务用车购置及运行维护费' }],
          ['公务用车购置费', { source: s(a.carPurchase, '公务用车购置费 决算数'), what: '公务用车购置费' }],
          ['公务用车运行维护费', { source: s(a.carRun, '公务用车运行维护费 决算数'), what: '公务用车运行维护费' }],
          ['公务接待费支出', { source: s(a.reception, '公务接待费 决算数'), priorKey: 'prior.sgjf.reception', shareOf: tot, what: '公务接待费' }],
          ['公务接待费', { source: s(a.reception, '公务接待费 决算数'), priorKey: 'prior.sgjf.reception', shareOf: tot, what: '公务接待费' }],
        ];
      }
      case 'other': {
        const total = c.fact('proc.total');
        const fx = (key: string, extra: Partial<Subject> = {}): Subject => ({ source: c.fact(key), what: FIELD_BY_KEY.get(key)!.label, ...extra });
        return [
          ['机关运行经费支出', fx('opex.current', { priorKey: 'opex.prior' })],
          ['政府采购支出总额', fx('proc.total')],
          ['政府采购货物支出', fx('proc.goods')],
          ['政府采购工程支出', fx('proc.works')],
          ['政府采购服务支出', fx('proc.services')],
          ['授予中小企业合同金额', fx('proc.sme', { shareOf: total })],
          ['授予小微企业合同金额', fx('proc.micro', { shareOf: total })],
        ];
      }
      default: return [];
    }
  }

  private checkAmount(p: NarrativeParagraphCell, t: Token, subj: Subject): void {
    const src = subj.source;
    if (!src) return;
    const d = decimalsOf(t.raw);
    const expected = roundHalfUp(src.value, Math.min(d, 2));
    const diff = t.value.minus(expected).abs();
    if (diff.isZero()) return;
    const tol = src.tol.plus(d >= 2 ? HALF_CENT : new Decimal(0.5).times(new Decimal(10).pow(-d)));
    const within = src.tol.gt(0) && diff.lte(tol);
    this.add('R24', within ? 'info' : 'error',
      `${this.where(p)} 说明中“${subj.what}”${t.raw}万元 ≠ ${src.what} ${fmtAmt(src.value)}万元（差 ${fmtAmt(t.value.minus(src.value))} 万元）${within ? '，属取整差异' : ''}`,
      p.ref, src.refs, { stated: t.raw, expected: fmtAmt(src.value) });
  }

  private checkPercent(p: NarrativeParagraphCell, t: Token, what: string, num: Source | undefined, den: Source | undefined, signed = false): void {
    if (!num || !den) return;
    const exact = share(num.value, den.value);
    const expected = roundHalfUp(exact.times(100), 2);
    const stated = signed ? t.value : t.value.abs();
    const exp = signed ? expected : expected.abs();
    if (stated.eq(exp)) return;
    // Within what the rounded amounts allow? (interval of num / den)
    let within = false;
    const hn = num.tol.gt(0) ? num.tol : HALF_CENT;
    const hd = den.tol.gt(0) ? den.tol : HALF_CENT;
    const dLo = den.value.minus(hd);
    if (dLo.gt(0)) {
      const lo = num.value.minus(hn).div(den.value.plus(hd)).times(100);
      const hi = num.value.plus(hn).div(dLo).times(100);
      const sv = signed ? stated : stated;
      within = sv.gte(roundHalfUp(Decimal.min(lo, hi), 2)) && sv.lte(roundHalfUp(Decimal.max(lo, hi), 2)) && stated.minus(exp).abs().lte(new Decimal('0.01'));
    }
    this.add('R24', within ? 'info' : 'error',
      `${this.where(p)} 说明中${what} ${t.raw}% ≠ ${fmtAmt(num.value)} / ${fmtAmt(den.value)} = ${expected.toFixed(2)}%${within ? '（取整差异）' : ''}`,
      p.ref, [...num.refs, ...den.refs], { stated: t.raw, expected: expected.toFixed(2) });
  }

  paragraph(p0: NarrativeParagraphCell): void {
    let p = p0;
    if (isHeading(p.text)) {
      const s = this.sectionOf(p.text);
      if (/^[（(][一二三四五六七八九十]+[)）]/.test(p.text.trim())) this.sub++;
      else if (s) { this.sec = s; this.sub = 0; }
      return;
    }
    // A heading that runs straight into its first sentence (Shanghai): "（一）…总体情况一般公共预算…".
    const runIn = runInHeading(p.text);
    if (runIn) {
      if (runIn.sub) this.sub++;
      else if (runIn.sec) { this.sec = runIn.sec; this.sub = 0; }
      p = { ...p, text: p.text.trim().slice(runIn.length) };
    }
    const text = p.text;
    this.reasons(p);
    if (this.sec !== 'glossary' && this.sec !== 'tables') this.ctx.findings.push(...checkSentences(text, p.ref));
    if (!this.sec || this.sec === 'overview' || this.sec === 'glossary' || this.sec === 'tables' || this.sec === 'misc') return;
    if (this.sec === 'perf') { this.perfParagraph(p); this.perfScores(p); return; }
    const c = this.ctx;
    const f = c.f;
    const dict = this.dict();
    const st: ParaState = {};
    const toks = tokens(text);
    const fallbackYoY: Record<string, Subject> = {
      total: dict.find((d) => d[0] === '收入总计')?.[1] ?? { what: '收入总计' },
      fiscal: dict.find((d) => d[0] === '财政拨款收入总计')?.[1] ?? { what: '财政拨款收入总计' },
      gpb: dict[0]?.[1] ?? { what: '' },
      fund: dict[0]?.[1] ?? { what: '' },
      soe: dict[0]?.[1] ?? { what: '' },
      sgjf: dict[0]?.[1] ?? { what: '' },
      other: dict[0]?.[1] ?? { what: '' },
    };
    for (const t of toks) {
      const L = t.label;
      const Lt = L.replace(/[,;:。，；：、]+$/, '');
      if (t.unit === '万元') {
        // Year-on-year change.
        const yo = /(增加|减少)$/.exec(Lt);
        const fromZero = /由0增加至$/.test(Lt);
        if (fromZero || yo) {
          const subject = this.yoySubject(st, fallbackYoY);
          if (fromZero) {
            st.lastYoY = { subject, word: '增加', deltaStated: t.value };
            if (subject.source) this.checkAmount(p, t, subject);
            const prior = c.prior(subject);
            if (prior && !prior.value.isZero()) {
              this.add('R25', 'error', `${this.where(p)} 说明写“由0增加至”，但上年${subject.what}为 ${fmtAmt(prior.value)} 万元`, p.ref, [...(subject.source?.refs ?? []), ...prior.refs]);
            }
            continue;
          }
          const word = yo![1] as '增加' | '减少';
          st.lastYoY = { subject, word, deltaStated: t.value };
          this.checkDelta(p, t, subject, word);
          continue;
        }
        if (this.sec === 'gpb' || this.sec === 'fund' || this.sec === 'soe') {
          const path = itemPathIn(t.rawLabel);
          if (path) {
            const fund: Fund = this.sec === 'gpb' ? 'gpb' : this.sec;
            const leaves = fund === 'gpb' ? f.gpb.items : fund === 'fund' ? f.fund.items : f.soe.items;
            st.item = itemSubject(c, `${path}:支出决算数为`, fund, leaves) ?? { what: path };
          }
        }
        // Budget gap parts.
        if (/(年初预算数|全年预算数)$/.test(Lt) || /(年初预算|全年预算)数?为$/.test(Lt)) {
          const sb = this.budgetSubject(Lt, st);
          st.budget = { subject: sb, stated: t.value, source: sb.source };
          if (sb.source) this.checkAmount(p, t, sb);
          continue;
        }
        if ((/决算数$/.test(Lt) || /[,;:，；：]支出决算为$|^支出决算为$|[,;:，；：]决算为$/.test(Lt)) && !/支出决算数为$/.test(Lt) && st.budget) {
          const sa = this.actualSubject(st);
          st.actual = { stated: t.value, source: sa.source };
          if (sa.source) this.checkAmount(p, t, sa);
          continue;
        }
        // Plain amounts.
        let subj: Subject | undefined;
        if (this.sec === 'gpb' || this.sec === 'fund' || this.sec === 'soe') {
          const fund: Fund = this.sec === 'gpb' ? 'gpb' : this.sec;
          const leaves = this.sec === 'gpb' ? f.gpb.items : this.sec === 'fund' ? f.fund.items : f.soe.items;
          if (/\(类\)/.test(Lt) && /支出决算数为$/.test(Lt)) subj = itemSubject(c, Lt, fund, leaves);
          else if (this.sec === 'gpb' && /\(类\)$/.test(Lt)) subj = classSubject(c, Lt, f.gpb.classes, c.src(f.gpb.total, '合计'));
        }
        if (this.sec === 'other' && /价值$/.test(Lt)) {
          subj = /车辆/.test(Lt) ? { source: c.fact('assets.vehicleValue'), what: '车辆价值' } : { source: c.fact('assets.buildingValue'), what: '房屋价值' };
        }
        subj ??= endsWithAny(Lt, dict);
        if (!subj) { st.lastAmount = undefined; continue; }
        st.lastAmount = { ...subj, stated: t.value };
        this.checkAmount(p, t, subj);
        if (this.sec === 'sgjf') st.sgjfKey = undefined;
        if (this.sec === 'other' && subj.priorKey === 'opex.prior') this.opexVsT6(p, t);
        continue;
      }
      if (t.unit === '%') {
        if (/(增长|下降)$/.test(Lt)) {
          const word = /增长$/.test(Lt) ? '增长' : '下降';
          this.checkRatio(p, t, st, word);
          continue;
        }
        if (/预决算差异率$/.test(Lt)) {
          this.checkGap(p, t, st);
          continue;
        }
        if (/占(本年支出合计的|政府采购支出总额的|比)?$/.test(Lt) && st.lastAmount) {
          let den = st.lastAmount.shareOf;
          if (/本年支出合计的$/.test(Lt)) den = c.src(f.expenseTotal, '本年支出合计');
          if (/政府采购支出总额的$/.test(Lt)) den = c.fact('proc.total');
          const num = st.lastAmount.source;
          this.checkPercent(p, t, `“${st.lastAmount.what}”占比`, num, den);
          continue;
        }
      }
    }
    this.flatWords(p, st, fallbackYoY);
    this.noData(p);
  }

  /** "本单位无政府性基金预算财政拨款收入和支出" while T7 (or T8) holds data. */
  private noData(p: NarrativeParagraphCell): void {
    const m = /无(政府性基金|国有资本经营)预算财政拨款(收入和支出|收支|收入|支出)/.exec(labelKey(p.text));
    if (!m) return;
    const x = m[1] === '政府性基金' ? this.ctx.f.fund : this.ctx.f.soe;
    const parts = [x.carryIn, x.income, x.expense, x.carryOut].filter((v): v is Figure => !!v && !v.value.isZero());
    if (!parts.length) return;
    const refs = parts.flatMap((v) => v.refs);
    this.add('R24', 'error', `${this.where(p)} 说明写“无${m[1]}预算财政拨款${m[2]}”，但报表中有数（${parts.map((v) => fmtAmt(v.value)).join('、')} 万元）`, p.ref, refs,
      { stated: `无${m[1]}预算财政拨款${m[2]}`, expected: fmtAmt(parts[0].value) });
  }

  /** "与上年持平" where the figures changed. */
  private flatWords(p: NarrativeParagraphCell, _st: ParaState, fb: Record<string, Subject>): void {
    // Only 持平 against last year ("与上年持平", "与2023年度相比，…总计持平"), not "决算数与预算数基本持平".
    const t = labelKey(p.text);
    if (!/(上年|\d{4}年度?)(决算)?(相比)?[^。;]*持平/.test(t) || /预算数?(基本)?持平/.test(t)) return;
    const subj = fb[this.sec ?? ''];
    if (!subj?.source) return;
    const prior = this.ctx.prior(subj);
    if (!prior) return;
    const ch = change(subj.source.value, prior.value);
    if (!ch.delta.isZero() && tokens(p.text).every((t) => !/(增加|减少)$/.test(t.label))) {
      this.add('R25', 'error', `${this.where(p)} 说明写“持平”，但${subj.what}比上年${ch.delta.isNegative() ? '减少' : '增加'} ${fmtAmt(ch.delta.abs())} 万元`, p.ref, [...subj.source.refs, ...prior.refs]);
    }
  }

  private yoySubject(st: ParaState, fb: Record<string, Subject>): Subject {
    if (st.lastAmount && (st.lastAmount.priorKey || st.lastAmount.priorZero)) return st.lastAmount;
    return fb[this.sec ?? ''] ?? { what: '' };
  }

  private budgetSubject(label: string, st: ParaState): Subject {
    const c = this.ctx;
    const f = c.f;
    const full = /全年预算/.test(label);
    if (st.item && (this.sec === 'gpb' || this.sec === 'fund' || this.sec === 'soe')) {
      const key = st.item.code ? itemBudgetKey(full ? '全年' : '年初', this.sec, st.item.code) : undefined;
      return { source: key ? c.fact(key) : undefined, what: `${st.item.what}${full ? '全年' : '年初'}预算数` };
    }
    if (full && this.sec === 'gpb') return { source: c.fact('budget.gpbFull'), what: '一般公共预算财政拨款全年预算数' };
    if (full && this.sec !== 'sgjf') return { what: '全年预算数' };
    switch (this.sec) {
      case 'fiscal': return { source: c.fact('budget.fiscal'), what: '财政拨款年初预算数' };
      case 'gpb': return { source: c.fact('budget.gpb'), what: '一般公共预算财政拨款年初预算数' };
      case 'fund': return { source: c.fact('budget.fund'), what: '政府性基金年初预算数' };
      case 'soe': return { source: c.fact('budget.soe'), what: '国有资本经营年初预算数' };
      case 'sgjf': {
        const b = f.t9.budget;
        const k = /因公出国/.test(label) ? 'abroad' : /公务用车购置费/.test(label) ? 'carPurchase' : /公务用车运行/.test(label) ? 'carRun'
          : /公务用车购置及运行/.test(label) ? 'car' : /公务接待/.test(label) ? 'reception' : 'total';
        st.sgjfKey = k;
        return { source: c.src(b[k], `${k === 'total' ? '合计' : ''} 预算数`.trim()), what: '全年预算数' };
      }
      default: return { what: '年初预算数' };
    }
  }

  private actualSubject(st: ParaState): Subject {
    const c = this.ctx;
    const f = c.f;
    if (st.item && (this.sec === 'gpb' || this.sec === 'fund' || this.sec === 'soe')) return { source: st.item.source, what: `${st.item.what}决算数` };
    switch (this.sec) {
      case 'fiscal': return { source: c.src(f.fiscal.expense, '本年支出合计'), what: '决算数' };
      case 'gpb': return { source: c.src(f.gpb.total, '合计'), what: '决算数' };
      case 'fund': return { source: c.src(f.fund.expense, '本年支出'), what: '决算数' };
      case 'soe': return { source: c.src(f.soe.expense, '本年支出'), what: '决算数' };
      case 'sgjf': return { source: c.src(f.t9.actual[st.sgjfKey ?? 'total'], '决算数'), what: '决算数' };
      default: return { what: '决算数' };
    }
  }

  private checkDelta(p: NarrativeParagraphCell, t: Token, subject: Subject, word: '增加' | '减少'): void {
    const c = this.ctx;
    const cur = subject.source;
    const prior = c.prior(subject);
    if (!cur || !prior) return;
    const ch = change(cur.value, prior.value);
    const refs = [...cur.refs, ...prior.refs];
    if (!t.value.eq(ch.delta.abs())) {
      this.add('R24', 'error', `${this.where(p)} 说明中“${subject.what}”比上年变动 ${t.raw}万元 ≠ ${fmtAmt(cur.value)} − 上年 ${fmtAmt(prior.value)} = ${fmtAmt(ch.delta)}万元`, p.ref, refs,
        { stated: t.raw, expected: fmtAmt(ch.delta) });
    }
    if (!ch.delta.isZero() && (word === '增加') !== ch.delta.isPositive()) {
      const right = ch.delta.isPositive() ? '增加' : '减少';
      this.add('R25', 'error', `${this.where(p)} 说明写“${word}”，但${subject.what}本年 ${fmtAmt(cur.value)} 万元、上年 ${fmtAmt(prior.value)} 万元，应为“${right}”`, p.ref, refs,
        { stated: word, expected: right });
    }
  }

  private checkRatio(p: NarrativeParagraphCell, t: Token, st: ParaState, word: '增长' | '下降'): void {
    const y = st.lastYoY;
    if (!y) return;
    const c = this.ctx;
    const cur = y.subject.source;
    const prior = c.prior(y.subject);
    if (!cur || !prior) {
      // Without last year's figures: at least the two words must agree.
      if ((y.word === '增加') !== (word === '增长') && y.word !== '持平' && !(y.deltaStated?.isZero())) {
        this.add('R25', 'error', `${this.where(p)} 说明中“${y.word}”与“${word}”矛盾`, p.ref, [], { stated: word });
      }
      return;
    }
    const ch = change(cur.value, prior.value);
    const refs = [...cur.refs, ...prior.refs];
    const expected = roundHalfUp(ch.ratio.abs().times(100), 2);
    if (!t.value.abs().eq(expected)) {
      this.add('R24', 'error', `${this.where(p)} 说明中“${y.subject.what}”${word} ${t.raw}% ≠ ${fmtAmt(ch.delta)} / 上年 ${fmtAmt(prior.value)} = ${fmtPct(ch.ratio)}`, p.ref, refs,
        { stated: t.raw, expected: expected.toFixed(2) });
    }
    if (!ch.delta.isZero() && (word === '增长') !== ch.delta.isPositive()) {
      const right = ch.delta.isPositive() ? '增长' : '下降';
      this.add('R25', 'error', `${this.where(p)} 说明写“${word}”，但${y.subject.what}本年 ${fmtAmt(cur.value)} 万元、上年 ${fmtAmt(prior.value)} 万元，应为“${right}”`, p.ref, refs,
        { stated: word, expected: right });
    }
  }

  private checkGap(p: NarrativeParagraphCell, t: Token, st: ParaState): void {
    const b = st.budget?.source;
    const a = st.actual?.source;
    if (!b || !a) return;
    const ch = change(a.value, b.value);
    const expected = roundHalfUp(ch.ratio.times(100), 2);
    if (!t.value.eq(expected)) {
      this.add('R24', 'error', `${this.where(p)} 说明中预决算差异率 ${t.raw}% ≠ （决算 ${fmtAmt(a.value)} − 预算 ${fmtAmt(b.value)}）/ ${fmtAmt(b.value)} = ${expected.toFixed(2)}%`,
        p.ref, [...a.refs, ...b.refs], { stated: t.raw, expected: expected.toFixed(2) });
    }
  }

  private opexVsT6(p: NarrativeParagraphCell, t: Token): void {
    const pub = this.ctx.f.t6.public;
    if (!pub) return;
    if (t.value.gt(pub.value)) {
      this.add('R26', 'warning', `${this.where(p)} 机关运行经费 ${t.raw}万元 大于一般公共预算财政拨款基本支出决算表 公用经费合计 ${fmtAmt(pub.value)}万元`, p.ref, pub.refs,
        { stated: t.raw, expected: fmtAmt(pub.value) });
    }
  }

  private perfParagraph(p: NarrativeParagraphCell): void {
    const perf = this.ctx.perf;
    if (!perf) return;
    const ov = perf.overall[0];
    for (const t of tokens(p.text)) {
      const L = t.label.replace(/[,;:。，；：、]+$/, '');
      let expected: Decimal | undefined;
      let refs: CellRef[] = [];
      let what = '';
      let isCount = false;
      if (t.unit === '个' && /自评表$/.test(L)) { expected = new Decimal(perf.overallCount); what = '整体支出绩效自评表个数'; isCount = true; refs = perf.overallRefs; }
      else if (t.unit === '个' && /评价项目$/.test(L)) { expected = new Decimal(perf.projectCount); what = '预算绩效评价项目个数'; isCount = true; refs = perf.budgetRefs; }
      else if (t.unit === '万元' && /全年预算总额$/.test(L) && ov?.budget) { expected = ov.budget; what = '整体支出全年预算总额'; refs = ov.budgetRef ? [ov.budgetRef] : []; }
      else if (t.unit === '万元' && /实际执行总额$/.test(L) && ov?.actual) { expected = ov.actual; what = '整体支出实际执行总额'; refs = ov.actualRef ? [ov.actualRef] : []; }
      else if (t.unit === '万元' && /全年预算数$/.test(L) && perf.projectCount) { expected = perf.projectBudget; what = '评价项目全年预算数合计'; refs = perf.budgetRefs; }
      else if (t.unit === '万元' && /全年执行数$/.test(L) && perf.projectCount) { expected = perf.projectActual; what = '评价项目全年执行数合计'; refs = perf.actualRefs; }
      if (expected === undefined) continue;
      if (t.value.eq(roundHalfUp(expected, isCount ? 0 : 2))) continue;
      const shown = isCount ? expected.toFixed(0) : fmtAmt(expected);
      this.add('R27', 'error', `${this.where(p)} 说明中${what} ${t.raw}${isCount ? '个' : '万元'} ≠ 绩效自评表 ${shown}${isCount ? '个' : '万元'}`, p.ref, refs,
        { stated: t.raw, expected: shown });
    }
  }

  /**
   * R27: 平均得分 and counts by 评级 against the project sheets' 总分 — only when every project sheet
   * has a 总分 and the paragraph states a project count (…项目N个) equal to the sheets'; silent otherwise.
   * 平均得分 is wrong only when no value inside its rounding is the exact mean.
   */
  private perfScores(p: NarrativeParagraphCell): void {
    const perf = this.ctx.perf;
    const st = perf?.projectScores ? scoreStats(perf.projectScores, this.ctx.gradeBands) : undefined;
    if (!perf || !st) return;
    const text = toHalfWidth(p.text);
    // The paragraph must say it speaks of the sheets' projects: some "…项目N个" equal to their count.
    const counts0 = tokens(p.text).filter((t) => t.unit === '个' && /项目(数|数量)?(为|共|共计|有)?$/.test(t.label.replace(/[,;:。，；：、]+$/, '')));
    if (!counts0.some((n) => n.value.eq(st.count))) return;
    const avg = statedAverage(text);
    if (avg) {
      const half = new Decimal(5).times(new Decimal(10).pow(-(decimalsOf(avg.raw) + 1)));
      if (avg.value.minus(st.average).abs().gt(half)) {
        const shown = roundHalfUp(st.average, Math.max(decimalsOf(avg.raw), 2)).toString();
        this.add('R27', 'error', `${this.where(p)} 说明中项目平均得分 ${avg.raw}分 ≠ ${st.count}张项目支出绩效自评表总分的平均 ${shown}分`, p.ref, st.refs,
          { stated: avg.raw, expected: shown });
      }
    }
    const counts = statedGradeCounts(text);
    if (!counts) return;
    for (const g of GRADE_NAMES) {
      const c = counts[g];
      if (!c || c.value === st.counts[g]) continue;
      this.add('R27', 'error', `${this.where(p)} 说明中评级为“${g}”的项目 ${c.raw}个 ≠ 项目支出绩效自评表按总分分档（${bandsText(this.ctx.gradeBands)}）为 ${st.counts[g]}个`, p.ref, st.refs,
        { stated: c.raw, expected: String(st.counts[g]) });
    }
  }

  /** R25: empty or placeholder reasons, and other open placeholders. */
  private reasons(p: NarrativeParagraphCell): void {
    const text = toHalfWidth(p.text);
    let reasonHoles = 0;
    for (const m of text.matchAll(/主要原因(?:是[:：]?|[:：])\s*([^。]*)/g)) {
      const r = m[1].trim().replace(/[,，;；]$/, '');
      if (r === '' || /^(X+|x+|×+|…+|\.{3,}|【[^】]*】|\[[^\]]*\]|待补充|待填写)$/i.test(r)) {
        reasonHoles++;
        this.add('R25', 'warning', `${this.where(p)} “主要原因是：”后${r ? `是占位“${r}”` : '为空'}，请填写原因`, p.ref, []);
      }
    }
    const holes = [...text.matchAll(/【[^】]*】/g)].map((m) => m[0]).filter((h) => !/^【请填写主要原因】$/.test(h) || reasonHoles === 0);
    const others = holes.filter((h) => h !== '【请填写主要原因】');
    if (others.length) {
      this.add('R25', 'warning', `${this.where(p)} 说明中有待填写的内容：${[...new Set(others)].join('、')}`, p.ref, []);
    }
  }
}

/**
 * Rules 24–27 on the workbook's 说明 sheet (none → no findings). `model` is this workbook's
 * TableSet (checkWorkbook(snapshot).model). Never throws on data.
 */
export function checkNarrative(snapshot: WorkbookSnapshot, model: TableSet, profile?: string): Finding[] {
  const parsed = parseNarrativeSheet(snapshot);
  if (!parsed) return [];
  const ctx = new Ctx(snapshot, model);
  const chosen = profile ? LAYOUTS[profile] : undefined;
  const guess = chosen ? undefined : guessProfile(snapshot, model, parsed.paragraphs.map((p) => p.text).join('\n'));
  const layout = chosen ?? guess!.layout;
  ctx.findings.push({
    rule: 'R24', severity: 'info', table: 'NARRATIVE', cells: [parsed.paragraphs[0]?.ref ?? { sheet: parsed.sheet, address: 'A1' }],
    message: `说明按“${layout.label}”格式核对（${chosen ? '由用户指定' : `推测：${guess!.why}`}）；各地写法的金额、百分比和句内关系都会核对`,
    params: { profile: layout.name },
  });
  const ch = new Checker(ctx, layout);
  for (const p of parsed.paragraphs) {
    try {
      ch.paragraph(p);
    } catch (e) {
      ctx.findings.push({
        rule: 'R24', severity: 'info', table: 'NARRATIVE', cells: [p.ref],
        message: `${p.ref.sheet}!${p.ref.address} 这一段无法核对：${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      });
    }
  }
  return dropEchoes(ctx.findings);
}

/** An R28 finding that reads a number or word a table check (R24/R25) already reports in the same cell says nothing new. */
function dropEchoes(fs: Finding[]): Finding[] {
  const told = new Set(fs.filter((f) => f.rule !== 'R28' && f.params?.stated !== undefined).map((f) => `${f.cells[0]?.sheet}!${f.cells[0]?.address}|${f.params!.stated}`));
  if (!told.size) return fs;
  return fs.filter((f) => {
    if (f.rule !== 'R28') return true;
    const at = `${f.cells[0]?.sheet}!${f.cells[0]?.address}|`;
    return !(f.params?.uses ?? '').split('|').some((u) => told.has(at + u));
  });
}

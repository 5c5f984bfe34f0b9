/**
 * Rule R28: checks that need no table — a sentence must agree with itself, whatever the region or
 * wording. Every stated amount stands for the interval its rounding allows (as in interval.ts): a
 * percentage is wrong only when no exact values inside the stated amounts' rounding give it.
 * Wording a check does not understand leaves it silent (never a guess).
 */
import { CellRef, Finding } from '../finding';
import { Decimal } from '../money';
import { labelKey } from '../text';
import { SENTENCE_CHECKS, SentenceCheckKey } from './rules';

export interface Stated {
  value: Decimal;
  raw: string;
  unit: '万元' | '%';
  /** Half of the last displayed decimal. */
  half: Decimal;
  start: number;
  end: number;
  /** Words of its clause before the number (after the last , ; : 。). */
  clause: string;
  /** Index of its sentence (split at 。！？). */
  sentence: number;
}

const NUM_RE = /(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(万元|%)/g;
const CLAUSE_END = /[,;:。!?]/;

function halfOf(raw: string): Decimal {
  const i = raw.indexOf('.');
  const d = i < 0 ? 0 : raw.length - i - 1;
  return new Decimal(5).times(new Decimal(10).pow(-(d + 1)));
}

/** The normalised text (labelKey: half-width, no spaces or quotes) and its numbers. */
export function statedNumbers(text: string): { n: string; nums: Stated[] } {
  const n = labelKey(text).replace(/％/g, '%');
  const nums: Stated[] = [];
  let sentence = 0;
  let lastSentenceEnd = 0;
  for (const m of n.matchAll(NUM_RE)) {
    const at = m.index ?? 0;
    // a digit glued to the previous word ("2024年度收入…") is fine; one glued to a letter/digit run is not a number of ours
    if (at > 0 && /[\d.]/.test(n[at - 1])) continue;
    for (let i = lastSentenceEnd; i < at; i++) if (/[。!?]/.test(n[i])) sentence++;
    lastSentenceEnd = at;
    let k = at - 1;
    while (k >= 0 && !CLAUSE_END.test(n[k])) k--;
    nums.push({
      value: new Decimal(m[1].replace(/,/g, '')), raw: m[1], unit: m[2] as Stated['unit'], half: halfOf(m[1]),
      start: at, end: at + m[0].length, clause: n.slice(k + 1, at), sentence,
    });
  }
  return { n, nums };
}

interface Range { lo: Decimal; hi: Decimal }

const rng = (s: Stated): Range => ({ lo: s.value.minus(s.half), hi: s.value.plus(s.half) });

/** Range of a / b × 100 over the intervals (b > 0 throughout), else undefined. */
function ratioRange(a: Range, b: Range): Range | undefined {
  if (b.lo.lte(0)) return undefined;
  const c = [a.lo.div(b.lo), a.lo.div(b.hi), a.hi.div(b.lo), a.hi.div(b.hi)].map((x) => x.times(100));
  return { lo: Decimal.min(...c), hi: Decimal.max(...c) };
}

function overlaps(a: Range, b: Range): boolean {
  return a.lo.lte(b.hi) && b.lo.lte(a.hi);
}

function pct(x: Decimal): string {
  return x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

const CHANGE_WORD = /(增加|减少|增长|下降|增减|变动|增幅|降幅)了?$/;
const BUDGET_LABEL = /(年初预算|全年预算|调整预算|预算)(数|总额)?(为|是)?$/;
const ACTUAL_LABEL = /(决算|执行)(数|总额)?(为|是)?$/;
const LIST_MARKER = /(其中|主要用于以下方面|主要用于|主要包括|包括|分别为|分别是):/g;

function budgetKind(label: string): '年初' | '全年' | '' {
  return /年初/.test(label) ? '年初' : /全年|调整/.test(label) ? '全年' : '';
}

export class SentenceChecker {
  readonly findings: Finding[] = [];
  constructor(private readonly ref: CellRef) {}

  /** `uses`: every stated number or word the check read (a table finding on one of them makes this one an echo). */
  private add(key: SentenceCheckKey, message: string, uses: (Stated | string)[], expected?: string, severity = SENTENCE_CHECKS[key].severity): void {
    const words = uses.map((u) => (typeof u === 'string' ? u : u.raw));
    this.findings.push({
      rule: 'R28', severity, table: 'NARRATIVE', cells: [this.ref],
      message: `${this.ref.sheet}!${this.ref.address} ${message}`,
      params: { check: key, stated: words[0], uses: words.join('|'), ...(expected !== undefined ? { expected } : {}) },
    });
  }

  run(text: string): Finding[] {
    const { n, nums } = statedNumbers(text);
    if (nums.length === 0) return this.findings;
    this.percentOfBudget(n, nums);
    this.growth(n, nums);
    this.shares(n, nums);
    this.comparisons(n, nums);
    this.twice(nums);
    return this.findings;
  }

  /** The last amount before index i (same sentence unless `sentences` > 0) whose clause matches. */
  private before(nums: Stated[], i: number, re: RegExp, sentences = 0): Stated | undefined {
    const s = nums[i].sentence;
    for (let j = i - 1; j >= 0; j--) {
      const x = nums[j];
      if (x.sentence < s - sentences) return undefined;
      if (x.unit === '万元' && re.test(x.clause)) return x;
    }
    return undefined;
  }

  /** 完成…预算的p% and 预决算差异率p% from the budget and the outcome stated in the same sentence. */
  private percentOfBudget(n: string, nums: Stated[]): void {
    nums.forEach((p, i) => {
      if (p.unit !== '%') return;
      const completion = /完成(了)?(年初|全年|调整)?预算(数)?的?$/.exec(p.clause);
      const gap = /预决算差异率(为|是)?$/.test(p.clause);
      if (!completion && !gap) return;
      const d = this.before(nums, i, ACTUAL_LABEL);
      if (!d) return;
      const want = completion ? budgetKind(completion[0]) : '';
      const bi = nums.indexOf(d);
      let b: Stated | undefined;
      for (let j = bi - 1; j >= 0 && nums[j].sentence === p.sentence; j--) {
        const x = nums[j];
        if (x.unit !== '万元' || !BUDGET_LABEL.test(x.clause) || /决算/.test(x.clause)) continue;
        const k = budgetKind(x.clause);
        if (!want || !k || k === want) { b = x; break; }
      }
      if (!b) return;
      const B = rng(b);
      const D = rng(d);
      const P = rng(p);
      if (B.lo.lte(0) && B.hi.gte(0)) {
        // A zero base: the seed writes 0.00% (0 against 0) and 100.00% (from 0) as 差异率; a completion
        // rate of a zero budget cannot be stated.
        if (gap && (p.value.isZero() && D.lo.lte(0) && D.hi.gte(0) || p.value.abs().eq(100) && !d.value.isZero())) return;
        if (completion && p.value.isZero() && d.value.isZero()) return;
        this.add('zeroBase', `预算数为 ${b.raw}万元，不能计算${gap ? '预决算差异率' : '完成率'} ${p.raw}%`, [p, b, d]);
        return;
      }
      const r = gap
        ? ratioRange({ lo: D.lo.minus(B.hi), hi: D.hi.minus(B.lo) }, B)
        : ratioRange(D, B);
      if (!r || overlaps(r, P)) return;
      const exp = gap ? d.value.minus(b.value).div(b.value).times(100) : d.value.div(b.value).times(100);
      this.add(gap ? 'gap' : 'completion',
        gap ? `预决算差异率 ${p.raw}% ≠ （决算 ${d.raw} − 预算 ${b.raw}）/ ${b.raw} = ${pct(exp)}%`
          : `完成预算 ${p.raw}% ≠ 决算 ${d.raw} / 预算 ${b.raw} = ${pct(exp)}%`,
        [p, b, d], pct(exp));
    });
  }

  /** 增加Δ万元，增长p%: p from Δ and the base the sentence gives (the amount just before the comparison). */
  private growth(n: string, nums: Stated[]): void {
    nums.forEach((p, i) => {
      if (p.unit !== '%') return;
      const w = /^(?:同比)?(增长|下降)了?$/.exec(p.clause);
      if (!w || i === 0) return;
      const delta = nums[i - 1];
      if (delta.unit !== '万元' || delta.sentence !== p.sentence) return;
      const dw = /(增加|减少)了?$/.exec(delta.clause);
      if (!dw) return;
      const up = dw[1] === '增加';
      if (up !== (w[1] === '增长') && !(delta.value.isZero() && p.value.isZero())) {
        this.add('signPair', `“${dw[1]}”${delta.raw}万元与“${w[1]}”${p.raw}%方向相反`, [w[1], dw[1], p, delta], up ? '增长' : '下降');
        return;
      }
      // The base: "X万元，比上年增加Δ" or "X万元。与2023年度相比，（X的名称）增加Δ".
      const x = i >= 2 ? nums[i - 2] : undefined;
      if (!x || x.unit !== '万元' || CHANGE_WORD.test(x.clause) || x.sentence < delta.sentence - 1) return;
      const between = n.slice(x.end, delta.start);
      const m = /^[,;。]?(?:与|比|较)(?:上年|上年度|上一年度|\d{4}年度?)(?:决算数?)?(?:相比)?,?(.*?)(增加|减少)了?$/.exec(between);
      if (!m) return;
      const subject = m[1];
      if (subject && !x.clause.replace(/(为|是|达)$/, '').endsWith(subject)) return;
      // A new sentence must name what changed; and an item of a list ("其中：…") may not be the subject.
      if (!subject && /^[。!?]/.test(between)) return;
      const sentenceStart = Math.max(n.lastIndexOf('。', x.start), n.lastIndexOf('!', x.start), n.lastIndexOf('?', x.start)) + 1;
      if (!subject && new RegExp(LIST_MARKER.source).test(n.slice(sentenceStart, x.start))) return;
      const X = rng(x);
      const Dl = rng(delta);
      const base: Range = up ? { lo: X.lo.minus(Dl.hi), hi: X.hi.minus(Dl.lo) } : { lo: X.lo.plus(Dl.lo), hi: X.hi.plus(Dl.hi) };
      if (base.lo.lte(0)) {
        // From a zero base the seed writes 增长100.00%.
        if (p.value.eq(100) || (p.value.isZero() && delta.value.isZero())) return;
        if (base.hi.lte(0)) this.add('zeroBase', `上年数为 0，不能计算${w[1]} ${p.raw}%`, [p, delta, x]);
        return;
      }
      const r = ratioRange(Dl, base)!;
      if (overlaps(r, rng(p))) return;
      const b = up ? x.value.minus(delta.value) : x.value.plus(delta.value);
      const exp = delta.value.div(b).times(100);
      this.add('growth', `${w[1]} ${p.raw}% ≠ ${dw[1]} ${delta.raw} / 上年 ${b.toFixed(2)} = ${pct(exp)}%`, [p, delta, x], pct(exp));
    });
  }

  /** 其中：A万元，占p%；B万元，占q% — shares of the list's own total, and the list within it. */
  private shares(n: string, nums: Stated[]): void {
    const markers = [...n.matchAll(LIST_MARKER)].map((m) => ({ at: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
    if (!markers.length) return;
    const groups = new Map<Stated, { parts: Stated[]; pcts: Stated[] }>();
    nums.forEach((p, i) => {
      if (p.unit !== '%' || !/^占(比)?(为)?$/.test(p.clause) || i === 0) return;
      const part = nums[i - 1];
      if (part.unit !== '万元' || part.sentence !== p.sentence || CHANGE_WORD.test(part.clause)) return;
      // The nearest list marker before the part, and the total: the last plain amount before it.
      const mk = [...markers].reverse().find((m) => m.end <= part.start);
      if (!mk) return;
      let total: Stated | undefined;
      for (let j = nums.indexOf(part) - 1; j >= 0; j--) {
        const x = nums[j];
        if (x.end > mk.at) continue;
        if (x.unit === '万元' && !CHANGE_WORD.test(x.clause) && !BUDGET_LABEL.test(x.clause)) { total = x; break; }
      }
      if (!total || total.sentence < nums[nums.indexOf(part)].sentence - 1) return;
      // Another amount between the total and the marker that is not a change: not a list of this total.
      const T = rng(total);
      const P = rng(p);
      if (T.lo.lte(0)) {
        if (!p.value.isZero() && total.value.isZero()) this.add('zeroBase', `合计为 ${total.raw}万元，不能计算占比 ${p.raw}%`, [p, total, part]);
        return;
      }
      const r = ratioRange(rng(part), T)!;
      if (!overlaps(r, P)) {
        const exp = part.value.div(total.value).times(100);
        this.add('share', `占比 ${p.raw}% ≠ ${part.raw} / ${total.raw} = ${pct(exp)}%`, [p, part, total], pct(exp));
      }
      if (!groups.has(total)) groups.set(total, { parts: [], pcts: [] });
      groups.get(total)!.parts.push(part);
      groups.get(total)!.pcts.push(p);
    });
    for (const [total, g] of groups) {
      const lo = g.parts.reduce((a, x) => a.plus(x.value.minus(x.half)), new Decimal(0));
      if (lo.gt(total.value.plus(total.half))) {
        const sum = g.parts.reduce((a, x) => a.plus(x.value), new Decimal(0));
        this.add('listSum', `所列各项合计 ${sum.toFixed(2)}万元 大于总数 ${total.raw}万元`, [sum.toFixed(2), total, ...g.parts], total.raw);
        continue;
      }
      const plo = g.pcts.reduce((a, x) => a.plus(x.value.minus(x.half)), new Decimal(0));
      if (plo.gt(100)) {
        const s = g.pcts.reduce((a, x) => a.plus(x.value), new Decimal(0));
        this.add('listSum', `所列各项占比合计 ${s.toFixed(2)}% 超过 100%`, [s.toFixed(2), ...g.pcts], '100.00');
      }
    }
  }

  /** 决算数大于/小于/等于预算数, 与预算数（基本）持平: against the budget and outcome stated before. */
  private comparisons(n: string, nums: Stated[]): void {
    const re = /决算数?(?:与(年初|全年|调整)?预算数?(基本)?持平|(大于|小于|等于|高于|低于|超过)(年初|全年|调整)?预算数?)/g;
    for (const m of n.matchAll(re)) {
      const at = m.index ?? 0;
      const word = m[3] ?? (m[2] ? '基本持平' : '持平');
      const kind = (m[1] ?? m[4] ?? '') as '年初' | '全年' | '调整' | '';
      const before = nums.filter((x) => x.end <= at && x.unit === '万元');
      if (!before.length) continue;
      const sAt = before[before.length - 1].sentence;
      const recent = before.filter((x) => x.sentence >= sAt - 1 && n.slice(x.end, at).split(/[。!?]/).length <= 2);
      // "（2024年度“三公”经费支出）决算数小于预算数": a named subject picks its own budget and outcome.
      const core = (t: string) => t.replace(/\d{4}年度?/g, '').replace(/财政拨款|支出|的/g, '');
      const subject = core(n.slice(0, at).replace(/^.*[。;,:!?]/, ''));
      let pool = recent;
      if (subject) {
        const first = recent.findIndex((x) => BUDGET_LABEL.test(x.clause) && core(x.clause).includes(subject));
        if (first < 0) continue;
        const next = recent.findIndex((x, j) => j > first && BUDGET_LABEL.test(x.clause) && !/决算/.test(x.clause) && !core(x.clause).includes(subject) && x.clause.length > 6);
        pool = recent.slice(first, next < 0 ? undefined : next);
      }
      const d = [...pool].reverse().find((x) => ACTUAL_LABEL.test(x.clause) && !BUDGET_LABEL.test(x.clause));
      if (!d) continue;
      const budgets = pool.filter((x) => x.start < d.start && BUDGET_LABEL.test(x.clause) && !/决算/.test(x.clause));
      const k = kind === '调整' ? '全年' : kind;
      const fit = budgets.filter((x) => !k || budgetKind(x.clause) === k || budgetKind(x.clause) === '');
      if (!fit.length) continue;
      // The last budget of each kind: wrong only when wrong against every one (plain 预算数 after both
      // 年初预算 and 全年预算 may mean either).
      const lastOfKind = new Map<string, Stated>();
      for (const x of fit) lastOfKind.set(budgetKind(x.clause), x);
      const D = rng(d);
      const isWrong = (b: Stated): boolean => {
        const B = rng(b);
        switch (word) {
          case '大于': case '高于': case '超过': return D.hi.lt(B.lo);
          case '小于': case '低于': return D.lo.gt(B.hi);
          case '等于': case '持平': return !overlaps(D, B);
          default: return !b.value.isZero() && d.value.minus(b.value).abs().div(b.value.abs()).gt(new Decimal('0.1'));
        }
      };
      const cands = [...lastOfKind.values()];
      const wrong = cands.every(isWrong);
      const b = cands[cands.length - 1];
      const cmp = d.value.cmp(b.value);
      const right = cmp > 0 ? '大于' : cmp < 0 ? '小于' : '等于';
      if (!wrong) continue;
      this.add('compare', `写“决算数${word}预算数”，但所写决算数 ${d.raw}万元、预算数 ${b.raw}万元，应为“${right}”`,
        [word, d, b], right, word === '基本持平' ? 'warning' : undefined);
    }
  }

  /** The same subject (a total the 说明 names) stated twice in one paragraph with two values. */
  private twice(nums: Stated[]): void {
    const SUBJECT = /(收入支出总计|收入总计|支出总计|本年收入合计|本年支出合计|财政拨款收入支出总计|一般公共预算财政拨款支出|一般公共预算财政拨款基本支出|人员经费|公用经费|三公经费(财政拨款)?支出|机关运行经费支出|政府采购支出总额)(为|是|共|达)?$/;
    const seen = new Map<string, Stated>();
    for (const x of nums) {
      if (x.unit !== '万元') continue;
      const m = SUBJECT.exec(x.clause);
      if (!m || x.clause.length > m[0].length + 12) continue;
      const key = x.clause.replace(/(为|是|共|达)$/, '');
      const prev = seen.get(key);
      if (prev && !overlaps(rng(prev), rng(x))) {
        this.add('twice', `“${key}”在同一段中写为 ${prev.raw}万元 和 ${x.raw}万元`, [x, prev], prev.raw);
      }
      if (!prev) seen.set(key, x);
    }
  }
}

/** R28 on one paragraph (cell). */
export function checkSentences(text: string, ref: CellRef): Finding[] {
  return new SentenceChecker(ref).run(text);
}

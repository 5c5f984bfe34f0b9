/** The rule machinery: relations between amounts judged by interval arithmetic, reported as findings. */
import Decimal from 'decimal.js';
import { CellRef, Finding, Severity, TableId } from '../finding';
import { compareAtMost, compareEqual, compareFast, exactlyEqual, Verdict } from '../interval';
import { formatAmount, formatMicro } from '../money';
import { Amount, TableSet } from '../tables/model';
import { zhCN } from './messages.zh-CN';

export interface RuleDecl {
  id: string;
  /** Severity of a relation broken beyond rounding. */
  severity: Severity;
  /** Short Chinese title (README rule list, UI). */
  title: string;
  /** Tables the rule reads (it runs when the first of them is present). */
  tables: TableId[];
  check: (ctx: RuleContext) => void;
}

/** One side of a relation: a label and its terms (a sum when several). */
export interface Side {
  /** A string, or a function so that hot loops build labels only for findings. */
  label: string | (() => string);
  terms: (Amount | undefined)[];
}

const LAZY_ROUNDING = new WeakSet<Finding>();

/** A rounding-level info of a relation (取整差异), known without building its message. */
export function isRoundingRelation(f: Finding): boolean {
  return LAZY_ROUNDING.has(f);
}

/** A finding whose message and params are built on first read (own enumerable accessors: JSON and spread see them). */
function lazyFinding(base: Omit<Finding, 'message' | 'params'>, build: () => { message: string; params: Record<string, string> }): Finding {
  let built: { message: string; params?: Record<string, string> } | undefined;
  const get = () => (built ??= build());
  const f = base as Finding;
  Object.defineProperty(f, 'message', { get: () => get().message, set: (m: string) => { get().message = m; }, enumerable: true, configurable: true });
  Object.defineProperty(f, 'params', { get: () => get().params, set: (p?: Record<string, string>) => { get().params = p; }, enumerable: true, configurable: true });
  LAZY_ROUNDING.add(f);
  return f;
}

/** The cells once each, in order (a relation may name a cell on both sides). No key strings: it runs per finding. */
export function uniqueCells(cells: CellRef[]): CellRef[] {
  let dup = false;
  for (let i = 1; i < cells.length && !dup; i++) {
    for (let j = 0; j < i; j++) {
      const a = cells[i];
      const b = cells[j];
      if (a === b || (a.address === b.address && a.sheet === b.sheet)) { dup = true; break; }
    }
    if (i > 64) break; // long lists: checked below
  }
  if (!dup && cells.length <= 65) return cells;
  const seen = new Map<string, Set<string>>();
  return cells.filter((c) => {
    let s = seen.get(c.sheet);
    if (!s) seen.set(c.sheet, (s = new Set()));
    if (s.has(c.address)) return false;
    s.add(c.address);
    return true;
  });
}

/** Show enough decimals to make a difference visible (元 tables give sub-cent 万元 amounts). */
export function fmt(d: Decimal): string {
  const dp = d.decimalPlaces();
  return formatAmount(d, dp > 2 ? Math.min(dp, 6) : 2);
}

/**
 * A relation as evaluated (issue 14, fault localisation): Σ left = Σ right ('eq') or Σ left ≤ Σ right
 * ('le'), with the rule's severity and the verdict. Holding relations are recorded too.
 */
export interface RelationRecord {
  rule: string;
  severity: Severity;
  kind: 'eq' | 'le';
  left: Amount[];
  right: Amount[];
  verdict: Verdict;
}

export class RuleContext {
  readonly findings: Finding[] = [];
  rule!: RuleDecl;
  /** When given, every relation evaluated is appended here (see RelationRecord). */
  constructor(readonly model: TableSet, readonly relations?: RelationRecord[]) {}

  private emit(severity: Severity, message: string, cells: CellRef[], table: TableId | undefined, params?: Record<string, string>): void {
    this.findings.push({ rule: this.rule.id, severity, message, cells: uniqueCells(cells), table: table ?? this.rule.tables[0], params });
  }

  report(message: string, cells: CellRef[], severity: Severity = this.rule.severity, table?: TableId): void {
    this.emit(severity, message, cells, table);
  }

  private relation(kind: 'eq' | 'le', left: Side, right: Side, table?: TableId): void {
    if (left.terms.some((t) => t === undefined) || right.terms.some((t) => t === undefined)) return;
    const lt = left.terms as Amount[];
    const rt = right.terms as Amount[];
    const rec = this.relations;
    if (kind === 'eq' && exactlyEqual(lt, rt) === true) {
      rec?.push({ rule: this.rule.id, severity: this.rule.severity, kind, left: lt, right: rt, verdict: 'exact' });
      return;
    }
    // Whole numbers of millionths decide most relations and give the message's figures without decimals.
    const fast = compareFast(kind, lt, rt);
    if (fast?.verdict === 'exact') {
      rec?.push({ rule: this.rule.id, severity: this.rule.severity, kind, left: lt, right: rt, verdict: 'exact' });
      return;
    }
    let verdict: 'rounding' | 'broken';
    let figures: () => { leftValue: string; rightValue: string; diff: string; tolerance: string };
    if (fast) {
      verdict = fast.verdict as 'rounding' | 'broken';
      // The tolerance may end in half a millionth (元 tables): shown rounded half-up to six places, as fmt does.
      figures = () => ({ leftValue: formatMicro(fast.left), rightValue: formatMicro(fast.right), diff: formatMicro(Math.abs(fast.left - fast.right)), tolerance: formatMicro(Math.ceil(fast.tolerance2 / 2)) });
    } else {
      const cmp = kind === 'eq' ? compareEqual(lt, rt) : compareAtMost(lt, rt);
      rec?.push({ rule: this.rule.id, severity: this.rule.severity, kind, left: lt, right: rt, verdict: cmp.verdict });
      if (cmp.verdict === 'exact') return;
      verdict = cmp.verdict;
      figures = () => ({ leftValue: fmt(cmp.left), rightValue: fmt(cmp.right), diff: fmt(cmp.diff.abs()), tolerance: fmt(cmp.tolerance) });
    }
    if (fast) rec?.push({ rule: this.rule.id, severity: this.rule.severity, kind, left: lt, right: rt, verdict });
    const text = (l: Side['label']) => (typeof l === 'function' ? l() : l);
    const describe = () => {
      const params = { left: text(left.label), right: text(right.label), ...figures() };
      const message = verdict === 'rounding'
        ? (kind === 'eq' ? zhCN.roundingEqual(params) : zhCN.roundingExceeds(params))
        : (kind === 'eq' ? zhCN.notEqual(params) : zhCN.exceeds(params));
      return { message, params };
    };
    const cells = [...lt, ...rt].map((a) => a.ref).filter((r): r is CellRef => !!r);
    if (verdict === 'rounding') {
      // Thousands of these on a large workbook, grouped per rule and table afterwards: the message is
      // written only when someone reads it.
      this.findings.push(lazyFinding({ rule: this.rule.id, severity: 'info', cells: uniqueCells(cells), table: table ?? this.rule.tables[0] }, describe));
    } else {
      const { message, params } = describe();
      this.emit(this.rule.severity, message, cells, table, params);
    }
  }

  /** Σ left = Σ right, or a finding (info when only rounding explains the gap). */
  equal(left: Side, right: Side, table?: TableId): void {
    this.relation('eq', left, right, table);
  }

  /** Σ left ≤ Σ right, or a finding. */
  atMost(left: Side, right: Side, table?: TableId): void {
    this.relation('le', left, right, table);
  }
}

/** A side for an absent counterpart (e.g. a 类 missing from one table): zero, with no cell. */
export function zeroSide(label: string): Side {
  return { label, terms: [] };
}

/** Run every rule; when `relations` is given, every relation evaluated is recorded there. */
export function runRules(model: TableSet, rules: RuleDecl[], relations?: RelationRecord[]): Finding[] {
  const ctx = new RuleContext(model, relations);
  for (const rule of rules) {
    ctx.rule = rule;
    try {
      rule.check(ctx);
    } catch (e) {
      // A rule must never crash the check: report it as an info finding.
      ctx.report(`规则 ${rule.id} 未能完成：${e instanceof Error ? e.message : String(e)}`, [], 'info');
    }
  }
  return ctx.findings;
}

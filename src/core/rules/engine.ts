/** The rule machinery: relations between amounts judged by interval arithmetic, reported as findings. */
import Decimal from 'decimal.js';
import { CellRef, Finding, Severity, TableId } from '../finding';
import { compareAtMost, compareEqual, exactlyEqual, Verdict } from '../interval';
import { formatAmount } from '../money';
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
    const seen = new Set<string>();
    const uniq = cells.filter((c) => {
      const k = `${c.sheet}!${c.address}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    this.findings.push({ rule: this.rule.id, severity, message, cells: uniq, table: table ?? this.rule.tables[0], params });
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
    const cmp = kind === 'eq'
      ? compareEqual(lt, rt)
      : compareAtMost(lt, rt);
    rec?.push({ rule: this.rule.id, severity: this.rule.severity, kind, left: lt, right: rt, verdict: cmp.verdict });
    if (cmp.verdict === 'exact') return;
    const text = (l: Side['label']) => (typeof l === 'function' ? l() : l);
    const params = {
      left: text(left.label),
      leftValue: fmt(cmp.left),
      right: text(right.label),
      rightValue: fmt(cmp.right),
      diff: fmt(cmp.diff.abs()),
      tolerance: fmt(cmp.tolerance),
    };
    const cells = [...lt, ...rt].map((a) => a.ref).filter((r): r is CellRef => !!r);
    if (cmp.verdict === 'rounding') {
      this.emit('info', kind === 'eq' ? zhCN.roundingEqual(params) : zhCN.roundingExceeds(params), cells, table, params);
    } else {
      this.emit(this.rule.severity, kind === 'eq' ? zhCN.notEqual(params) : zhCN.exceeds(params), cells, table, params);
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

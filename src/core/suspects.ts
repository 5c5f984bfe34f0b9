/**
 * Fault localisation (issue 14): which cells most likely hold the wrong amount, and what they should be.
 *
 * Input: every relation the rules evaluated (RuleContext records them: kind, both sides' amounts, verdict).
 * Each relation is linear, Σ coef·x = 0 ('eq') or ≤ 0 ('le'), and holds when the gap D is within the
 * rounding tolerance T (interval arithmetic, as the rules judge it; a changed cell keeps its own decimals
 * and so its half-unit). For a cell x with coefficient a in a relation, changing x to s moves the gap to
 * D + a·(s − x).
 *
 * A greedy hitting set over the broken error relations: every cell taking part in one is a candidate; its
 * best replacement value s is chosen among the values that make a broken relation exact (at the cell's own
 * displayed decimals) and a value inside the intersection of all its relations' intervals. Evidence for the
 * candidate = broken relations it mends at s − holding relations it would break at s (they vote against).
 * The best candidate is taken, its value applied, and the search repeats on what is still broken. Two
 * candidates with equal evidence for the same relations are both reported with confidence `low`; a
 * recognised typing slip (transposed digits, a dropped/extra digit, a sign flip, 10 000×) breaks such a
 * tie, since slips are what people make.
 */
import Decimal from 'decimal.js';
import { Suspect } from './finding';
import { formatAmount, roundHalfUp, TEN_THOUSAND } from './money';
import { RelationRecord } from './rules/engine';
import { Amount, TableSet, Unit } from './tables/model';

type Status = 'hold' | 'broken' | 'settled';

interface Rel {
  rec: RelationRecord;
  /** Σ left − Σ right with the current (possibly already corrected) values, in 万元. */
  gap: Decimal;
  /** Σ half-units of every term. */
  tol: Decimal;
  /** hold / broken (to be explained) / settled (mended by a suspect, or broken by one: no longer evidence). */
  status: Status;
  /** The candidate cells in it, with their coefficients. */
  cells: { node: Node; coef: number }[];
  /** Every term is on one sheet (a relation inside one table). */
  local: boolean;
}

interface Node {
  amount: Amount;
  /** Current value in 万元 (a picked suspect gets its suggested value). */
  value: Decimal;
  original: Decimal;
  unit: Unit;
  decimals: number;
  /** Displayable values in 万元 have this many decimal places (the cell's decimals, + 4 in a 元 table). */
  places: number;
  /** One unit of the last displayed decimal, in 万元. */
  step: Decimal;
  rels: { rel: Rel; coef: number }[];
  picked?: boolean;
}

interface Evidence {
  node: Node;
  /** Suggested value in 万元. */
  value: Decimal;
  mends: Rel[];
  breaks: number;
  /** Broken relations through the cell that the value leaves broken. */
  unmended: number;
  /** Another value would do equally well (the suggestion is not determined). */
  ambiguous: boolean;
  slip?: string;
}

const MAX_SUSPECTS = 20;
const MAX_ALTERNATIVES = 4;

function holds(kind: RelationRecord['kind'], gap: Decimal, tol: Decimal): boolean {
  return kind === 'eq' ? gap.abs().lte(tol) : gap.lte(tol);
}

const DECIMALS = new Map<string, number>();
/** Displayed decimals of a cell from its half-unit (in 万元) and its table's unit. */
function decimalsOf(half: Decimal, unit: Unit): number {
  if (half.isZero()) return 2;
  const k = `${unit}:${half.toString()}`;
  let d = DECIMALS.get(k);
  if (d === undefined) {
    let x = half.times(unit === '元' ? TEN_THOUSAND : 1).times(2);
    d = 0;
    while (x.lt(1) && d < 12) { x = x.times(10); d++; }
    DECIMALS.set(k, d);
  }
  return d;
}

function inUnit(n: Node, v: Decimal): Decimal {
  return n.unit === '元' ? v.times(TEN_THOUSAND) : v;
}

/** The value as the cell shows it (no thousands separators), in the cell's unit and decimals. */
function plain(n: Node, v: Decimal): string {
  return roundHalfUp(inUnit(n, v), n.decimals).toFixed(n.decimals);
}
function shown(n: Node, v: Decimal): string {
  return formatAmount(inUnit(n, v), n.decimals);
}

function snap(n: Node, v: Decimal): Decimal {
  return v.toDecimalPlaces(n.places, Decimal.ROUND_HALF_UP);
}

/** x / coef for the usual coefficients ±1 without a decimal division. */
function divc(x: Decimal, coef: number): Decimal {
  return coef === 1 ? x : coef === -1 ? x.neg() : x.div(coef);
}
function mulc(x: Decimal, coef: number): Decimal {
  return coef === 1 ? x : coef === -1 ? x.neg() : x.times(coef);
}

/** "1066.51" → "1066.51", "12.50" → "12.5", "3.00" → "3". */
function digits(v: Decimal, decimals: number): string {
  const t = v.abs().toFixed(decimals);
  return t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t;
}
function dropsOne(long: string, short: string): boolean {
  if (long.length !== short.length + 1) return false;
  for (let i = 0; i < long.length; i++) {
    if (long[i] !== '.' && long.slice(0, i) + long.slice(i + 1) === short) return true;
  }
  return false;
}

/**
 * The typing slip that turns `should` into `is` (both in the cell's unit), if it is one of the usual ones.
 * Exported for tests.
 */
export function slipOf(is: Decimal, should: Decimal, decimals: number): string | undefined {
  if (is.eq(should)) return undefined;
  if (!is.isZero() && is.eq(should.neg())) return '正负号相反';
  if (!is.isZero() && !should.isZero()) {
    if (is.eq(should.times(TEN_THOUSAND)) || is.eq(roundHalfUp(should.div(TEN_THOUSAND), decimals))) return '相差 10000 倍，疑为元/万元混用';
  }
  if (is.isZero() || should.isZero() || is.isNegative() !== should.isNegative()) return undefined;
  const a = digits(is, decimals);
  const b = digits(should, decimals);
  if (dropsOne(b, a)) return '少一位';
  if (dropsOne(a, b)) return '多一位';
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]] && a[diff[0]] !== '.' && a[diff[1]] !== '.') return '相邻两位数字颠倒';
    if (diff.length === 1 && a[diff[0]] !== '.') return '一位数字有误';
  }
  return undefined;
}
/** Slips that count as evidence between otherwise equal candidates (a single wrong digit is too common a coincidence). */
function isStrongSlip(s: string | undefined): boolean {
  return !!s && s !== '一位数字有误';
}

/** Score the value v for candidate n: mended broken relations, broken holding ones, exact relations. */
function scoreAt(n: Node, v: Decimal): { mends: Rel[]; breaks: number; unmended: number; exact: number; exactLocal: number } {
  const delta = v.minus(n.value);
  const mends: Rel[] = [];
  let breaks = 0;
  let unmended = 0;
  let exact = 0;
  let exactLocal = 0;
  for (const { rel, coef } of n.rels) {
    if (rel.status === 'settled') continue;
    const g = rel.gap.plus(mulc(delta, coef));
    const ok = holds(rel.rec.kind, g, rel.tol);
    if (g.isZero()) { exact++; if (rel.local) exactLocal++; }
    if (rel.status === 'broken') { if (ok) mends.push(rel); else unmended++; }
    else if (!ok) breaks++;
  }
  return { mends, breaks, unmended, exact, exactLocal };
}

function evaluate(n: Node): Evidence | undefined {
  const points = new Map<string, Decimal>();
  const add = (v: Decimal) => {
    const s = snap(n, v);
    if (!s.eq(n.value)) points.set(s.toString(), s);
  };
  let lo: Decimal | undefined;
  let hi: Decimal | undefined;
  let empty = false;
  for (const { rel, coef } of n.rels) {
    if (rel.status === 'settled') continue;
    // gap + coef·(s − value) = 0
    const zero = n.value.minus(divc(rel.gap, coef));
    if (rel.status === 'broken') add(zero);
    // The interval of s keeping |gap'| ≤ tol (eq) or gap' ≤ tol (le).
    const a = n.value.plus(divc(rel.tol.neg().minus(rel.gap), coef));
    const b = n.value.plus(divc(rel.tol.minus(rel.gap), coef));
    const [l, h] = a.lte(b) ? [a, b] : [b, a];
    if (rel.rec.kind === 'eq') {
      if (!lo || l.gt(lo)) lo = l;
      if (!hi || h.lt(hi)) hi = h;
    } else if (coef > 0) { if (!hi || b.lt(hi)) hi = b; } else if (!lo || b.gt(lo)) lo = b;
  }
  if (lo && hi && lo.gt(hi)) empty = true;
  if (!empty && (lo || hi)) {
    const mid = lo && hi ? lo.plus(hi).div(2) : (lo ?? hi)!;
    let s = snap(n, mid);
    if (lo && s.lt(lo)) s = s.plus(n.step);
    if (hi && s.gt(hi)) s = s.minus(n.step);
    add(s);
  }
  let best: (ReturnType<typeof scoreAt> & { value: Decimal }) | undefined;
  let ambiguous = false;
  for (const v of points.values()) {
    const s = scoreAt(n, v);
    if (s.mends.length === 0) continue;
    const key = [s.mends.length - s.breaks, s.mends.length, s.exact];
    const bk = best ? [best.mends.length - best.breaks, best.mends.length, best.exact] : undefined;
    const cmp = bk ? key[0] - bk[0] || key[1] - bk[1] || key[2] - bk[2] : 1;
    // Equal evidence for two values: the suggestion is open within rounding. Show the one exact inside
    // its own table (tables are usually added up before rounding across tables), else the nearer one.
    const prefer = cmp === 0 && best && (s.exactLocal - best.exactLocal || best.value.minus(n.value).abs().cmp(v.minus(n.value).abs())) > 0;
    if (cmp > 0 || prefer) {
      ambiguous = cmp === 0;
      best = { ...s, value: v };
    } else if (cmp === 0) ambiguous = true;
  }
  if (!best) return undefined;
  const slip = slipOf(roundHalfUp(inUnit(n, n.value), n.decimals), roundHalfUp(inUnit(n, best.value), n.decimals), n.decimals);
  return { node: n, value: best.value, mends: best.mends, breaks: best.breaks, unmended: best.unmended, ambiguous, slip };
}

/** Evidence order: net relations explained, then relations mended, then a recognised slip. */
function compareEvidence(a: Evidence, b: Evidence, withSlip: boolean): number {
  return (a.mends.length - a.breaks) - (b.mends.length - b.breaks)
    || a.mends.length - b.mends.length
    || (withSlip ? Number(isStrongSlip(a.slip)) - Number(isStrongSlip(b.slip)) : 0);
}

function refKey(a: Amount): string {
  return `${a.ref.sheet}!${a.ref.address}`;
}

function uniqueRules(rels: Rel[]): string[] {
  return [...new Set(rels.map((r) => r.rec.rule))];
}

/**
 * The most likely wrong cells (most likely first) with suggested values, from the relations the rules
 * evaluated. [] when no error relation is broken.
 */
export function findSuspects(relations: RelationRecord[], model: TableSet): Suspect[] {
  let broken = relations.filter((r) => r.verdict === 'broken' && r.severity === 'error');
  if (broken.length === 0) return [];
  // A table whose codes are duplicated or orphaned has an unreliable hierarchy (R13 reports it): its broken
  // relations are no evidence about amounts.
  const doubtful = structurallyDoubtful(model);
  const onDoubtful = (r: RelationRecord) => doubtful.size > 0 && [...r.left, ...r.right].some((a) => doubtful.has(a.ref.sheet));
  broken = broken.filter((r) => !onDoubtful(r));
  if (broken.length === 0) return [];

  const unitOf = new Map<string, Unit>();
  for (const t of Object.values(model)) if (t && !unitOf.has(t.sheet)) unitOf.set(t.sheet, t.unit);

  // Candidates: every amount taking part in a broken relation. Amounts are matched by identity (the
  // models hand the same object to every rule), then by cell for the few read twice.
  const byAmount = new Map<Amount, Node>();
  const byCell = new Map<string, Node>();
  const nodeOf = (a: Amount): Node => {
    let n = byAmount.get(a);
    if (n) return n;
    const k = refKey(a);
    n = byCell.get(k);
    if (!n) {
      const unit = unitOf.get(a.ref.sheet) ?? '万元';
      const decimals = a.blank ? 2 : decimalsOf(a.half, unit);
      const places = decimals + (unit === '元' ? 4 : 0);
      n = { amount: a, value: a.value, original: a.value, unit, decimals, places, step: new Decimal(`1e-${places}`), rels: [] };
      byCell.set(k, n);
    }
    byAmount.set(a, n);
    return n;
  };
  for (const r of broken) for (const a of [...r.left, ...r.right]) nodeOf(a);

  // Every error relation through a candidate, with its current gap and tolerance.
  const rels: Rel[] = [];
  for (const rec of relations) {
    if (rec.severity !== 'error') continue;
    let touches = false;
    for (const a of rec.left) if (byAmount.has(a)) { touches = true; break; }
    if (!touches) for (const a of rec.right) if (byAmount.has(a)) { touches = true; break; }
    if (!touches) continue;
    // The gap by exact integer sums of millionths when every term has them (as the rules do), else in decimal.
    let micro = 0;
    let exact = true;
    let tol = new Decimal(0);
    const coefs = new Map<Node, number>();
    for (const [side, sign] of [[rec.left, 1], [rec.right, -1]] as const) {
      for (const a of side) {
        if (a.micro === undefined) exact = false;
        else micro += sign * a.micro;
        tol = tol.plus(a.half);
        const n = byAmount.get(a);
        if (n) coefs.set(n, (coefs.get(n) ?? 0) + sign);
      }
    }
    let gap: Decimal;
    if (exact && Number.isSafeInteger(micro)) gap = new Decimal(`${micro}e-6`);
    else {
      gap = new Decimal(0);
      for (const a of rec.left) gap = gap.plus(a.value);
      for (const a of rec.right) gap = gap.minus(a.value);
    }
    const sheet = (rec.left[0] ?? rec.right[0])?.ref.sheet;
    const local = [...rec.left, ...rec.right].every((a) => a.ref.sheet === sheet);
    const rel: Rel = { rec, gap, tol, local, status: rec.verdict !== 'broken' ? 'hold' : onDoubtful(rec) ? 'settled' : 'broken', cells: [] };
    for (const [node, coef] of coefs) {
      if (coef === 0) continue;
      rel.cells.push({ node, coef });
      node.rels.push({ rel, coef });
    }
    rels.push(rel);
  }

  const nodes = [...new Set(byAmount.values())];
  const cache = new Map<Node, Evidence | undefined>();
  const evidenceOf = (n: Node): Evidence | undefined => {
    if (!cache.has(n)) cache.set(n, n.picked ? undefined : evaluate(n));
    return cache.get(n);
  };

  const out: Suspect[] = [];
  const brokenThrough = (n: Node) => {
    let k = 0;
    for (const r of n.rels) if (r.rel.status === 'broken') k++;
    return k;
  };
  while (out.length < MAX_SUSPECTS) {
    // Best first by an upper bound (broken relations through the cell ≥ relations it can mend ≥ its net
    // evidence): cells that cannot reach the best net evidence found are never evaluated.
    const order = nodes.filter((n) => !n.picked).map((n) => ({ n, ub: brokenThrough(n) })).filter((x) => x.ub > 0).sort((a, b) => b.ub - a.ub);
    let best: Evidence | undefined;
    const seen: Evidence[] = [];
    for (const { n, ub } of order) {
      if (best && ub < best.mends.length - best.breaks) break;
      const e = evidenceOf(n);
      if (!e) continue;
      seen.push(e);
      if (!best || compareEvidence(e, best, true) > 0) best = e;
    }
    if (!best) break;
    const b = best;
    const overlaps = (e: Evidence) => e.mends.some((r) => b.mends.includes(r));
    const equal: Evidence[] = [];
    let slipDecided = false;
    for (const e of seen) {
      if (e === b || !overlaps(e)) continue;
      if (compareEvidence(e, b, true) === 0) equal.push(e);
      else if (compareEvidence(e, b, false) === 0) slipDecided = true;
    }
    const alternatives = equal.slice(0, MAX_ALTERNATIVES);
    out.push(suspectOf(b, alternatives, slipDecided, equal.length));
    for (const e of alternatives) out.push(suspectOf(e, [b, ...alternatives.filter((x) => x !== e)], false, equal.length));

    // Apply the suggestion and move on to what is still broken.
    const n = b.node;
    const delta = b.value.minus(n.value);
    n.value = b.value;
    n.picked = true;
    for (const alt of alternatives) alt.node.picked = true;
    for (const { rel, coef } of n.rels) {
      rel.gap = rel.gap.plus(mulc(delta, coef));
      const ok = holds(rel.rec.kind, rel.gap, rel.tol);
      if ((rel.status === 'broken' && ok) || (rel.status === 'hold' && !ok)) rel.status = 'settled';
    }
    for (const { rel } of n.rels) for (const c of rel.cells) cache.delete(c.node);
    for (const alt of alternatives) cache.delete(alt.node);
    if (!rels.some((r) => r.status === 'broken')) break;
  }
  return out;
}

/** Sheets of code tables with a duplicated code or a code whose 类/款 is missing. */
function structurallyDoubtful(model: TableSet): Set<string> {
  const out = new Set<string>();
  for (const t of [model.T2, model.T3, model.T5, model.T7, model.T8]) {
    if (!t) continue;
    const codes = new Set<string>();
    for (const r of t.rows) {
      if (codes.has(r.code)) out.add(t.sheet);
      codes.add(r.code);
    }
    for (const c of codes) {
      if ((c.length >= 5 && !codes.has(c.slice(0, 3))) || (c.length === 7 && !codes.has(c.slice(0, 5)))) out.add(t.sheet);
    }
  }
  return out;
}

/** An alternative's cell: its address, with its sheet when that differs from `here`. */
function cellName(e: Evidence, here: string): string {
  const r = e.node.amount.ref;
  return r.sheet === here ? r.address : `「${r.sheet}」${r.address}`;
}

/** `equals`: how many other cells explain the same relations equally (some may not be listed). */
function suspectOf(e: Evidence, alternatives: Evidence[], slipDecided: boolean, equals = alternatives.length): Suspect {
  const n = e.node;
  const allHold = e.breaks === 0 && e.unmended === 0;
  const confidence: Suspect['confidence'] = alternatives.length ? 'low' : allHold && !e.ambiguous && !slipDecided ? 'high' : 'medium';
  const value = n.amount.blank ? '' : plain(n, n.original);
  const should = shown(n, e.value);
  const rules = uniqueRules(e.mends);
  let note = confidence === 'low' ? `若是本单元格有误，应为 ${should}`
    : n.amount.blank ? `空白，疑漏填，应为 ${should}`
    : e.slip ? `疑为 ${shown(n, n.original)} 误录，应为 ${should}（${e.slip}）` : `${shown(n, n.original)} 疑有误，应为 ${should}`;
  if (confidence === 'high') note += `；改后经过该单元格的关系全部成立（${rules.join('、')}）`;
  else if (confidence === 'medium') {
    note += `；可使 ${rules.join('、')} 成立`;
    if (e.breaks) note += `，但会破坏 ${e.breaks} 个现在成立的关系`;
    if (e.unmended) note += `，仍有 ${e.unmended} 个关系不成立`;
    if (e.ambiguous) note += '（取整范围内另有可行值）';
    if (slipDecided) note += '；另有单元格同样能解释，按常见录入错误判断为本单元格';
  } else {
    const more = equals > alternatives.length ? ` 等 ${equals} 个单元格` : '';
    note += `；与 ${alternatives.map((x) => cellName(x, n.amount.ref.sheet)).join('、')}${more} 证据相同，无法确定哪一个有误`;
  }
  return { sheet: n.amount.ref.sheet, address: n.amount.ref.address, value, suggested: plain(n, e.value), confidence, explains: rules, note };
}

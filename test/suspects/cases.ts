/**
 * Single-fault workbooks for the fault-localisation acceptance test (issue 14), generated in memory from the
 * fixture data (scripts/fixtures) in the existing layouts, written as real .xlsx and read back through
 * src/xlsx/read.ts. Identifiability is judged by an oracle independent of src/core: the generator's own
 * relation list (scripts/fixtures/check.ts).
 */
import { findCell, sheetsFor, tablesFor } from '../../scripts/fixtures/generate';
import { buildWorkbook } from '../../scripts/fixtures/grid';
import { Layout } from '../../scripts/fixtures/manifest';
import { cloneTables, Decimal, Tables } from '../../scripts/fixtures/model';
import { evaluate, Relation, relations, severityOf } from '../../scripts/fixtures/check';
import { readSnapshot } from '../../src/xlsx/read';
import { checkWorkbook } from '../../src/core/check';
import { Suspect } from '../../src/core/finding';

export type FaultKind = 'change' | 'transpose' | 'drop' | 'extra' | 'sign' | 'x10000';
export const FAULT_KINDS: FaultKind[] = ['change', 'transpose', 'drop', 'extra', 'sign', 'x10000'];

export interface FaultCase {
  layout: Layout;
  year: 2023 | 2024;
  key: string;
  kind: FaultKind;
  from: Decimal;
  to: Decimal;
}

/** Deterministic PRNG (xorshift32). */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}

/** "T3.2010301.basic" → "T3 项"; "T1.e.201" → "T1 类"; "T4.expTotal.gp" → "T4 合计行". */
export function rowKind(key: string): string {
  const [t, a, b] = key.split('.');
  if (['T2', 'T3', 'T5', 'T7', 'T8'].includes(t)) return `${t} ${a === '合计' ? '合计' : a.length === 3 ? '类' : a.length === 5 ? '款' : '项'}`;
  if (t === 'T1') return `T1 ${a === 'e' ? '类' : /^i\d$/.test(a) ? '收入' : '合计行'}`;
  if (t === 'T4') return a === 'e' ? `T4 类 ${key.split('.')[3]}` : /^(i|opening)\d?$|^income/.test(a) ? 'T4 收入' : `T4 合计行${b ? ` ${b}` : ''}`;
  if (t === 'T6') return `T6 ${a.length === 3 ? '类' : a.length === 5 ? '款' : '合计'}`;
  return `T9 ${a}`;
}

function mutate(kind: FaultKind, v: Decimal, unit: '万元' | '元', r: () => number): Decimal | undefined {
  const s = v.abs().toFixed(2);
  const [int, frac] = s.split('.');
  const neg = v.isNegative();
  const build = (i: string, f: string) => { const d = new Decimal(`${i.replace(/^0+(?=\d)/, '') || '0'}.${f}`); return neg ? d.neg() : d; };
  switch (kind) {
    case 'change': {
      const delta = new Decimal(Math.floor(r() * 50000) + 100).div(100); // 1.00 … 500.99
      return v.plus(r() < 0.3 && v.gt(delta) ? delta.neg() : delta);
    }
    case 'transpose': {
      const ds = (int + frac).split('');
      const pos: number[] = [];
      // Adjacent, different digits, not across the decimal point, no new leading zero.
      for (let i = 0; i + 1 < ds.length; i++) if (ds[i] !== ds[i + 1] && i !== int.length - 1 && !(i === 0 && ds[1] === '0')) pos.push(i);
      if (!pos.length || v.isZero()) return undefined;
      const i = pos[Math.floor(r() * pos.length)];
      [ds[i], ds[i + 1]] = [ds[i + 1], ds[i]];
      return build(ds.slice(0, int.length).join(''), ds.slice(int.length).join(''));
    }
    case 'drop': {
      if (v.isZero() || int.length < 2) return undefined;
      const i = Math.floor(r() * int.length);
      return build(int.slice(0, i) + int.slice(i + 1), frac);
    }
    case 'extra': {
      if (v.isZero() || int === '0') return undefined;
      const i = Math.floor(r() * int.length);
      return build(int.slice(0, i + 1) + int[i] + int.slice(i + 1), frac);
    }
    case 'sign':
      return v.isZero() ? undefined : v.neg();
    case 'x10000': {
      if (v.isZero()) return undefined;
      if (unit === '万元') return v.times(10000);
      const d = v.div(10000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      return d.isZero() ? undefined : d;
    }
  }
}

/** Up to `perLayout` cases per layout, spread over every table, row kind and fault kind. */
export function makeCases(layouts: { layout: Layout; year: 2023 | 2024 }[], perLayout: number, seed = 14): FaultCase[] {
  const out: FaultCase[] = [];
  for (const { layout, year } of layouts) {
    const r = rng(seed + layout.charCodeAt(0) * 31 + year);
    const t = tablesFor(year, layout);
    const sheets = sheetsFor(layout, t);
    const unit = layout === 'C' ? '元' : '万元';
    // Group the written keys by row kind; draw round-robin over (row kind, fault kind).
    const groups = new Map<string, string[]>();
    for (const key of t.v.keys()) {
      if (!findCell(sheets, key)) continue;
      const g = rowKind(key);
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push(key);
    }
    const names = [...groups.keys()].sort();
    const seen = new Set<string>();
    let made = 0;
    // Each round draws one case per row kind, rotating the fault kind; a kind that cannot apply to the
    // drawn amount (a zero cannot be transposed) falls back to a value change.
    for (let round = 0; made < perLayout && round < 60; round++) {
      names.forEach((g, gi) => {
        if (made >= perLayout) return;
        const keys = groups.get(g)!;
        const key = keys[Math.floor(r() * keys.length)];
        const from = t.v.get(key)!;
        let kind = FAULT_KINDS[(round + gi) % FAULT_KINDS.length];
        let to = mutate(kind, from, unit, r);
        if (!to || to.eq(from)) { kind = 'change'; to = mutate(kind, from, unit, r); }
        if (!to || to.eq(from) || seen.has(`${key}|${kind}`)) return;
        seen.add(`${key}|${kind}`);
        out.push({ layout, year, key, kind, from, to });
        made++;
      });
    }
  }
  return out;
}

export function mutated(c: FaultCase): Tables {
  const t = cloneTables(tablesFor(c.year, c.layout));
  t.v.set(c.key, c.to);
  return t;
}

/**
 * Oracle (independent of src/core): why the fault cannot be located, or null when it can. A fault can be
 * located when it breaks at least one error relation and no other single cell's change would mend every
 * relation (each relation holds within Σ half-units of its terms).
 */
export function notIdentifiable(c: FaultCase, t: Tables): string | null {
  const H = new Decimal('0.005');
  const rels = relations(t).filter((x) => x.kind === 'eq' && severityOf(x.rule) === 'error');
  const get = (k: string) => t.v.get(k) ?? new Decimal(0);
  const gapOf = (x: Relation) => x.terms.reduce((a, term) => (term.coef === 1 ? a.plus(get(term.key)) : a.minus(get(term.key))), new Decimal(0));
  const tolOf = (x: Relation) => H.times(x.terms.length);
  const broken = rels.filter((x) => gapOf(x).abs().gt(tolOf(x)));
  if (broken.length === 0) return c.key && rels.some((x) => x.terms.some((term) => term.key === c.key)) ? 'undetected: within rounding' : 'undetected: cell in no relation';
  const through = new Map<string, Relation[]>();
  for (const x of rels) for (const term of x.terms) {
    if (!through.has(term.key)) through.set(term.key, []);
    through.get(term.key)!.push(x);
  }
  const explains = (k: string): boolean => {
    let lo: Decimal | null = null;
    let hi: Decimal | null = null;
    for (const x of through.get(k) ?? []) {
      const coef = x.terms.filter((term) => term.key === k).reduce((a, term) => a + term.coef, 0);
      if (coef === 0) continue;
      const g = gapOf(x);
      const tol = tolOf(x);
      const a = tol.neg().minus(g).div(coef);
      const b = tol.minus(g).div(coef);
      const [l, h] = a.lte(b) ? [a, b] : [b, a];
      if (!lo || l.gt(lo)) lo = l;
      if (!hi || h.lt(hi)) hi = h;
    }
    // Every broken relation must go through k.
    if (!broken.every((x) => x.terms.some((term) => term.key === k))) return false;
    return !!lo && !!hi && lo.lte(hi);
  };
  const others = new Set<string>();
  for (const term of broken[0].terms) if (term.key !== c.key && explains(term.key)) others.add(term.key);
  if (others.size) return `symmetric: ${[...others].slice(0, 3).join(', ')} explain the same relations`;
  if (!broken.every((x) => x.terms.some((term) => term.key === c.key))) return 'the generator relations disagree';
  return null;
}

export interface CaseResult {
  c: FaultCase;
  cell: { sheet: string; address: string };
  reason: string | null;
  errors: number;
  suspects: Suspect[];
  ms: number;
}

export async function runCase(c: FaultCase): Promise<CaseResult> {
  const t = mutated(c);
  const sheets = sheetsFor(c.layout, t);
  const cell = findCell(sheets, c.key)!;
  // A real .xlsx, stored without compression (faster to write and read; still a valid workbook).
  const buf = await buildWorkbook(sheets).xlsx.writeBuffer({ zip: { compression: 'STORE' } } as never);
  const { snapshot } = await readSnapshot(Buffer.from(buf as ArrayBuffer));
  const t0 = performance.now();
  const r = checkWorkbook(snapshot);
  const ms = performance.now() - t0;
  return { c, cell, reason: notIdentifiable(c, t), errors: r.findings.filter((f) => f.severity === 'error').length, suspects: r.suspects, ms };
}

export function fmtCase(x: CaseResult): string {
  const s = x.suspects[0];
  return `${x.c.layout}${x.c.year === 2023 ? '-2023' : ''} ${x.c.kind} ${x.c.key} ${x.cell.sheet}!${x.cell.address} ${x.c.from.toFixed(2)}→${x.c.to.toFixed(2)}: `
    + (s ? `first ${s.sheet}!${s.address} ${s.value}→${s.suggested} ${s.confidence} (${x.suspects.length})` : 'no suspect');
}

/** Keys taking part in a relation that holds only within rounding in the consistent workbook (seed gaps). */
export function roundingGapKeys(year: 2023 | 2024, layout: Layout): Set<string> {
  const out = new Set<string>();
  for (const e of evaluate(tablesFor(year, layout))) if (e.status === 'rounding') for (const term of e.rel.terms) out.add(term.key);
  return out;
}

export interface Summary {
  cases: number;
  identifiable: number;
  firstHit: number;
  misses: string[];
  notIdentifiable: Map<string, number>;
  high: number;
  /** High-confidence suspects whose suggestion is not the original value. */
  highWrong: string[];
  /** High-confidence suggestions one rounding step off an original that itself sat in a seed rounding gap. */
  highInGap: string[];
  byKind: Map<string, [number, number]>;
  checkMs: number;
}

export function summarize(results: CaseResult[]): Summary {
  const s: Summary = { cases: results.length, identifiable: 0, firstHit: 0, misses: [], notIdentifiable: new Map(), high: 0, highWrong: [], highInGap: [], byKind: new Map(), checkMs: 0 };
  const gaps = new Map<string, Set<string>>();
  for (const x of results) {
    s.checkMs += x.ms;
    const first = x.suspects[0];
    const hit = !!first && first.sheet === x.cell.sheet && first.address === x.cell.address;
    const unit = x.c.layout === 'C' ? '元' : '万元';
    const g = `${x.c.year}${x.c.layout}`;
    if (!gaps.has(g)) gaps.set(g, roundingGapKeys(x.c.year, x.c.layout));
    for (const q of x.suspects.filter((q) => q.confidence === 'high')) {
      s.high++;
      const same = q.sheet === x.cell.sheet && q.address === x.cell.address;
      const orig = x.c.from.toFixed(2);
      if (same && q.suggested === orig) continue;
      if (same && gaps.get(g)!.has(x.c.key) && new Decimal(q.suggested!).minus(x.c.from).abs().lte(unit === '元' ? 0 : 0.01)) s.highInGap.push(`${fmtCase(x)} suggested ${q.suggested}, original ${orig}`);
      else s.highWrong.push(`${fmtCase(x)} high ${q.sheet}!${q.address} suggested ${q.suggested}, original ${orig}`);
    }
    if (x.reason) {
      const k = `${x.reason.split(':')[0]} ${rowKind(x.c.key)}`;
      s.notIdentifiable.set(k, (s.notIdentifiable.get(k) ?? 0) + 1);
      continue;
    }
    s.identifiable++;
    const bk = s.byKind.get(x.c.kind) ?? [0, 0];
    bk[1]++;
    if (hit) { s.firstHit++; bk[0]++; } else s.misses.push(`${fmtCase(x)} — ${first?.note ?? ''}`);
    s.byKind.set(x.c.kind, bk);
  }
  return s;
}

export function report(title: string, s: Summary): string {
  return [
    `${title}: ${s.cases} single-fault workbooks, ${s.identifiable} identifiable, first suspect = changed cell in ${s.firstHit} (${(100 * s.firstHit / Math.max(1, s.identifiable)).toFixed(1)}%)`,
    `  not identifiable (another cell explains the same broken relations equally / the change breaks nothing): ${[...s.notIdentifiable].sort().map(([k, n]) => `${k}: ${n}`).join(', ') || 'none'}`,
    `  by fault kind (hit/identifiable): ${[...s.byKind].map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', ')}`,
    `  high-confidence suspects ${s.high}; suggestion ≠ original: ${s.highWrong.length}; one step off inside a seed rounding gap: ${s.highInGap.length}`,
    `  checkWorkbook time ${s.checkMs.toFixed(0)} ms in all`,
    ...s.misses.map((m) => `  miss: ${m}`),
    ...s.highInGap.map((m) => `  gap: ${m}`),
    ...s.highWrong.map((m) => `  HIGH WRONG: ${m}`),
  ].join('\n');
}

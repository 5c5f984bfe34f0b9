/**
 * Renders one data set in one Layout as real sheets, keeping a map address → logical cell id (the value keys
 * of scripts/fixtures/model.ts, e.g. `T3.2010301.basic`, plus `code:T5:2010301`, `label:T7:合计`, `title:T9`).
 * Written from scratch (not the fixture layouts) so that every axis is independent.
 */
import ExcelJS from 'exceljs';
import {
  COLS, CodeTableId, Decimal, T1_FOOTER, T1_INCOME_LABELS, T4_INCOME_LABELS, T4_OPENING_SUB_LABELS, TableId, Tables, loadCodes,
} from '../../scripts/fixtures/model';
import { Dataset } from './data';
import { Layout, TITLE_VARIANTS, TableLayout, tableOrder } from './layout';
import { Rng } from './prng';

export type Value = string | number | null | { formula: string; result: number };

export function colLetter(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
const addr = (r: number, c: number) => `${colLetter(c)}${r}`;

export class Sheet {
  readonly cells = new Map<string, { r: number; c: number; v: Value; fmt?: string }>();
  readonly merges: [number, number, number, number][] = [];
  /** address → logical cell id */
  readonly keyAt = new Map<string, string>();
  /** logical cell id → address */
  readonly addrOf = new Map<string, string>();
  constructor(public name: string, readonly table: TableId) {}
  set(r: number, c: number, v: Value, fmt?: string, key?: string): void {
    const a = addr(r, c);
    this.cells.set(a, { r, c, v, fmt });
    if (key) {
      if (this.addrOf.has(key)) throw new Error(`${this.table}: key ${key} written twice`);
      this.keyAt.set(a, key);
      this.addrOf.set(key, a);
    }
  }
  merge(r1: number, c1: number, r2: number, c2: number): void {
    if (r1 !== r2 || c1 !== c2) this.merges.push([r1, c1, r2, c2]);
  }
}

export interface Rendered {
  sheets: Sheet[];
  /** Every amount key written, with its sheet. */
  amountKeys: { key: string; table: TableId; sheet: string; address: string }[];
}

const FORMATS = ['#,##0.00', '0.00', '#,##0.00;[Red]-#,##0.00', '#,##0.00_ '];

function thousands(s: string): string {
  const neg = s.startsWith('-');
  const [i, f] = (neg ? s.slice(1) : s).split('.');
  return `${neg ? '-' : ''}${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${f !== undefined ? `.${f}` : ''}`;
}
const fullWidth = (s: string) => s.replace(/[0-9.,]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export function cnNumeral(n: number): string {
  if (n <= 10) return CN[n - 1];
  if (n < 20) return `十${CN[n - 11]}`;
  return `${CN[Math.floor(n / 10) - 1]}十${n % 10 ? CN[(n % 10) - 1] : ''}`;
}

/** One header column: its label path from the top header row down (length = header depth). */
type HeadCol = string[];

/** Write header rows at r0 for columns c0…; merges identical labels horizontally (same parent) and vertically. */
function headers(s: Sheet, r0: number, c0: number, cols: HeadCol[], merge: boolean): number {
  const depth = Math.max(...cols.map((p) => p.length));
  const paths = cols.map((p) => [...Array(depth - p.length).fill(p[0]), ...p]);
  const done = new Set<string>();
  for (let L = 0; L < depth; L++) {
    for (let i = 0; i < paths.length; ) {
      let j = i;
      const pre = (k: number) => paths[k].slice(0, L + 1).join('\u0001');
      while (j + 1 < paths.length && pre(j + 1) === pre(i)) j++;
      if (!done.has(`${L}:${i}`)) {
        // extend down while the run below is the same columns with the same label
        let L2 = L;
        const runAt = (lv: number) => {
          const p = (k: number) => paths[k].slice(0, lv + 1).join('\u0001');
          let a = i; while (a > 0 && p(a - 1) === p(i)) a--;
          let b = i; while (b + 1 < paths.length && p(b + 1) === p(i)) b++;
          return [a, b];
        };
        while (L2 + 1 < depth) {
          const [a, b] = runAt(L2 + 1);
          if (a === i && b === j && paths[i][L2 + 1] === paths[i][L]) { L2++; done.add(`${L2}:${i}`); } else break;
        }
        s.set(r0 + L, c0 + i, paths[i][L]);
        if (merge) s.merge(r0 + L, c0 + i, r0 + L2, c0 + j);
      }
      i = j + 1;
    }
  }
  return r0 + depth;
}

interface Ctx {
  ds: Dataset;
  t: Tables;
  lay: TableLayout;
  layout: Layout;
  id: TableId;
  pos: number;
  rng: Rng;
  values: Map<string, Decimal>;
  /** Amount cells that carry a word instead (template words in a 合计 row). */
  words: Map<string, string>;
  amountKeys: Rendered['amountKeys'];
}

function value(x: Ctx, key: string): Decimal {
  return x.values.get(key) ?? x.t.v.get(key) ?? new Decimal(0);
}
const baseZero = (x: Ctx, key: string) => (x.t.v.get(key) ?? new Decimal(0)).isZero();

/** Write the amount of `key` in one of the table's forms (two draws per cell, always). */
function amount(s: Sheet, x: Ctx, r: number, c: number, key: string): void {
  const u1 = x.rng.next();
  const u2 = x.rng.next();
  const d = value(x, key);
  x.amountKeys.push({ key, table: x.id, sheet: s.name, address: addr(r, c) });
  const word = x.words.get(key);
  if (word !== undefined) return s.set(r, c, word, undefined, key);
  if (d.isZero()) {
    const f = x.lay.empties[Math.floor(u1 * x.lay.empties.length)];
    if (f === 'blank') return s.set(r, c, null, u2 < 0.5 ? FORMATS[0] : undefined, key);
    if (f === '0') return s.set(r, c, 0, undefined, key);
    if (f === '0.00') return u2 < 0.5 ? s.set(r, c, 0, '0.00', key) : s.set(r, c, '0.00', undefined, key);
    if (f === 'space') return s.set(r, c, u2 < 0.5 ? ' ' : '　', undefined, key);
    return s.set(r, c, f, undefined, key);
  }
  const f = x.lay.numbers[Math.floor(u1 * x.lay.numbers.length)];
  const plain = d.toFixed(2);
  switch (f) {
    case 'number': return s.set(r, c, Number(plain), FORMATS[Math.floor(u2 * FORMATS.length)], key);
    case 'general': return s.set(r, c, Number(plain), undefined, key);
    case 'formula': return s.set(r, c, { formula: `ROUND(${plain},2)`, result: Number(plain) }, FORMATS[Math.floor(u2 * FORMATS.length)], key);
    case 'textSep': return s.set(r, c, thousands(plain), undefined, key);
    case 'textPlain': return s.set(r, c, plain, undefined, key);
    case 'fullWidth': return s.set(r, c, fullWidth(u2 < 0.5 ? plain : thousands(plain)), undefined, key);
    case 'trailingSpace': return s.set(r, c, `${u2 < 0.5 ? plain : thousands(plain)}${u2 < 0.25 ? '  ' : ' '}`, undefined, key);
  }
}

function titleText(x: Ctx): string {
  const vs = TITLE_VARIANTS[x.id];
  return vs[x.lay.titleVariant % vs.length];
}

/** Title, tag and unit line; returns the first free row. */
function head(s: Sheet, x: Ctx, width: number): number {
  const title = titleText(x);
  const tag = `公开${String(x.pos).padStart(2, '0')}表`;
  let r = 1;
  switch (x.lay.title) {
    case 'merged': s.set(r, 1, title, undefined, `title:${x.id}`); s.merge(r, 1, r, width); r++; break;
    case 'plain': s.set(r, 1, title, undefined, `title:${x.id}`); r++; break;
    case 'tagRight': s.set(r, 1, title, undefined, `title:${x.id}`); s.merge(r, 1, r, Math.max(1, width - 1)); if (width > 1) s.set(r, width, tag); r++; break;
    case 'tagAbove': s.set(r, width, tag); r++; s.set(r, 1, title, undefined, `title:${x.id}`); s.merge(r, 1, r, width); r++; break;
    case 'none': break;
  }
  const unit = x.layout.unit;
  const dept = x.t.unit;
  switch (x.lay.unitForm) {
    case 'jine': s.set(r, 1, `部门：${dept}`); s.set(r, width, `金额单位：${unit}`); break;
    case 'danwei': s.set(r, 1, `部门：${dept}`); s.set(r, width, `单位：${unit}`); break;
    case 'buMenOneCell': s.set(r, 1, `部门：${dept}　　　　　　金额单位：${unit}`); s.merge(r, 1, r, width); break;
    case 'bianzhi':
      s.set(r, 1, `编制单位：${dept}`);
      if (width >= 3) s.set(r, Math.ceil(width / 2), `${x.t.year}年度`);
      s.set(r, width, `单位：${unit}`);
      break;
    case 'unitOnly': s.set(r, width, `金额单位：${unit}`); break;
  }
  return r + 1;
}

const NOTES = ['注：本表反映本部门本年度相关收支情况。', '注：因四舍五入，部分数据可能存在尾差。'];
function notes(s: Sheet, x: Ctx, r: number, width: number): void {
  for (let i = 0; i < x.lay.notes; i++) { s.set(r + 1 + i, 1, NOTES[i]); s.merge(r + 1 + i, 1, r + 1 + i, width); }
}

// ---------------------------------------------------------------- code tables (T2 T3 T5 T7 T8)

/** A name as printed: indented by level with full-width spaces when the layout does so. */
function nameOf(x: Ctx, name: string, level: number): string {
  return x.lay.indentNames ? `${'　'.repeat(2 * level)}${name}` : name;
}

/** Header paths of the key columns (code parts, name, 行次) for `depth` header rows. */
function keyPaths(x: Ctx, codeParts: string[], rowNo: boolean, economic = false): HeadCol[] {
  const { depth, keyHeader } = x.lay;
  const codeLabel = keyHeader === 'long' ? (economic ? '部门预算支出经济分类科目编码' : '支出功能分类科目编码') : '科目编码';
  const top = keyHeader === 'xiangmu' && depth >= 2 ? ['项目'] : [];
  const fill = (labels: string[]) => { const p = [...top, ...labels]; while (p.length < depth) p.splice(top.length, 0, p[top.length]); return p.slice(-depth); };
  const code = codeParts.length === 1
    ? [fill([codeLabel])]
    : codeParts.map((part) => (depth === 1 ? [part] : fill(top.length && depth === 2 ? [part] : [codeLabel, part])));
  return [...code, fill(['科目名称']), ...(rowNo ? [Array(depth).fill('行次') as string[]] : [])];
}

const LEAF_LABEL: Record<string, string> = {
  total: '本年收入合计', fiscal: '财政拨款收入', superior: '上级补助收入', business: '事业收入', operating: '经营收入',
  affiliated: '附属单位上缴收入', other: '其他收入', basic: '基本支出', project: '项目支出', toSuperior: '上缴上级支出',
  toAffiliated: '对附属单位补助支出', opening: '年初结转和结余', income: '本年收入', spend: '小计', closing: '年末结转和结余',
};

function amountPaths(id: CodeTableId, depth: number, shortTotal: boolean): HeadCol[] {
  const cols = COLS[id];
  const top = depth === 3 ? ['决算数'] : [];
  return cols.map((col) => {
    let label = LEAF_LABEL[col];
    if (id === 'T3' && col === 'total') label = '本年支出合计';
    if ((id === 'T2' || id === 'T3') && col === 'total' && shortTotal) label = '合计';
    if (id === 'T3' && col === 'operating') label = '经营支出';
    let path: string[];
    if (id === 'T5') path = depth === 1 ? [col === 'total' ? '合计' : label] : ['本年支出', col === 'total' ? '合计' : label];
    else if ((id === 'T7' || id === 'T8') && ['spend', 'basic', 'project'].includes(col)) path = depth === 1 ? [col === 'spend' ? '本年支出小计' : label] : ['本年支出', label];
    else path = depth === 1 ? [label] : [label, label];
    return [...top, ...path];
  });
}

/** Code rows in the layout's order (parents before children unless shuffled). */
function orderRows(rows: string[], lay: TableLayout, rng: Rng): string[] {
  if (lay.rowOrder === 'tree') return rows;
  // A 类 written only on its own row needs its rows below it: shuffle only when every row names its 类.
  if (lay.rowOrder === 'shuffled' && (lay.codes !== 'split' || lay.classRepeated)) return rng.shuffle(rows);
  const kids = (p: string) => rows.filter((c) => c.length === p.length + 2 && c.startsWith(p)).reverse();
  const out: string[] = [];
  const walk = (c: string) => { out.push(c); kids(c).forEach(walk); };
  rows.filter((c) => c.length === 3).reverse().forEach(walk);
  // codes whose parent is absent keep their place at the end
  for (const c of rows) if (!out.includes(c)) out.push(c);
  return out;
}

function codeTable(x: Ctx): Sheet {
  const { id, lay } = x;
  const cid = id as CodeTableId;
  const s = new Sheet('', id);
  const split = lay.codes === 'split';
  const nCode = split ? 3 : 1;
  const depth = lay.depth;
  const amountCols = amountPaths(cid, depth, lay.shortTotalHeader);
  const rowNoCol = lay.rowNumbers;
  const nameCol = nCode + 1;
  const firstAmt = nameCol + 1 + (rowNoCol ? 1 : 0);
  const width = firstAmt - 1 + amountCols.length;
  let r = head(s, x, width);
  const heads: HeadCol[] = [...keyPaths(x, split ? ['类', '款', '项'] : ['科目编码'], rowNoCol), ...amountCols];
  r = headers(s, r, 1, heads, lay.mergeHeaders);
  if (rowNoCol) {
    s.set(r, nameCol, '栏次');
    amountCols.forEach((_, j) => s.set(r, firstAmt + j, j + 1));
    r++;
  }
  if (lay.blankRow) r++;
  const rows = x.t.rows[cid];
  let lineNo = 1;
  const totalsRow = (rr: number) => {
    if (lay.mergeTotalsLabel) { s.set(rr, 1, lay.totalsLabel, undefined, `label:${id}:合计`); s.merge(rr, 1, rr, nameCol); } else s.set(rr, nameCol, lay.totalsLabel, undefined, `label:${id}:合计`);
    if (rowNoCol) s.set(rr, nameCol + 1, lineNo++);
    COLS[cid].forEach((col, j) => amount(s, x, rr, firstAmt + j, `${id}.合计.${col}`));
  };
  if (rows.length === 0) {
    const note = x.t.notes[id as 'T7' | 'T8'] ?? '本表无数据。';
    const words = () => {
      s.set(r, nameCol, lay.totalsLabel, undefined, `label:${id}:合计`);
      ['spend', 'basic', 'project'].forEach((col) => s.set(r, firstAmt + COLS[cid].indexOf(col), col === 'spend' ? '合计' : LEAF_LABEL[col]));
      r++;
    };
    if (lay.templateWords && lay.totalsTop) words();
    s.set(r, 1, note, undefined, `note:${id}`); s.merge(r, 1, r, width); r++;
    if (lay.templateWords && !lay.totalsTop) words();
    notes(s, x, r - 1, width);
    return s;
  }
  if (lay.totalsTop) totalsRow(r++);
  for (const code of orderRows(rows, lay, x.rng)) {
    const u = x.rng.next();
    if (split) {
      const cls = code.slice(0, 3);
      if (code.length === 3 || lay.classRepeated) s.set(r, 1, u < 0.5 ? cls : Number(cls), undefined, `code:${id}:${code}:class`);
      if (code.length >= 5) s.set(r, 2, code.slice(3, 5), undefined, `code:${id}:${code}:kuan`);
      if (code.length === 7) s.set(r, 3, code.slice(5, 7), undefined, `code:${id}:${code}:item`);
    } else s.set(r, 1, lay.codes === 'joinedNumber' ? Number(code) : code, undefined, `code:${id}:${code}`);
    s.set(r, nameCol, nameOf(x, x.ds.codeName(code), (code.length - 3) / 2));
    if (rowNoCol) s.set(r, nameCol + 1, lineNo++);
    COLS[cid].forEach((col, j) => amount(s, x, r, firstAmt + j, `${id}.${code}.${col}`));
    r++;
  }
  if (!lay.totalsTop) totalsRow(r++);
  notes(s, x, r - 1, width);
  return s;
}

// ---------------------------------------------------------------- T1 and T4 (two lanes)

function t1(x: Ctx): Sheet {
  const { lay } = x;
  const s = new Sheet('', 'T1');
  const rn = lay.rowNumbers ? 1 : 0;
  const laneW = 2 + rn;
  const width = 2 * laneW;
  let r = head(s, x, width);
  const depth = lay.t1Header === 'side' ? 1 : Math.min(lay.depth, 2);
  const amountWord = lay.t1Header === 'xiangmu' ? '决算数' : '金额';
  const lane = (g: string): HeadCol[] => [[lay.t1Header === 'side' ? g : '项目'], ...(rn ? [['行次']] : []), [amountWord]].map((p) => (depth === 2 ? [g, ...p] : p));
  r = headers(s, r, 1, [...lane('收入'), ...lane('支出')], lay.mergeHeaders);
  if (rn) { s.set(r, 1, '栏次'); s.set(r, 3, 1); s.set(r, laneW + 1, '栏次'); s.set(r, laneW + 3, 2); r++; }
  if (lay.blankRow) r++;
  const classes = loadCodes().classes.filter(([c]) => !(lay.dropZeroRows && baseZero(x, `T1.e.${c}`)));
  let n = 1;
  T1_INCOME_LABELS.forEach((label, i) => {
    s.set(r + i, 1, label);
    if (rn) s.set(r + i, 2, n++);
    amount(s, x, r + i, 2 + rn, `T1.i${i + 1}`);
  });
  classes.forEach(([code, name], i) => {
    s.set(r + i, laneW + 1, lay.ordinals ? `${cnNumeral(i + 1)}、${name}` : name);
    if (rn) s.set(r + i, laneW + 2, 100 + i);
    amount(s, x, r + i, laneW + 2 + rn, `T1.e.${code}`);
  });
  const f = r + Math.max(T1_INCOME_LABELS.length, classes.length);
  const footer = T1_FOOTER;
  footer.forEach(([l1, k1, l2, k2], i) => {
    s.set(f + i, 1, l1); amount(s, x, f + i, 2 + rn, k1);
    s.set(f + i, laneW + 1, l2); amount(s, x, f + i, laneW + 2 + rn, k2);
  });
  notes(s, x, f + footer.length - 1, width);
  return s;
}

function t4(x: Ctx): Sheet {
  const { lay } = x;
  if (lay.t4Lanes !== 'two') return t4OneLane(x);
  const s = new Sheet('', 'T4');
  const rn = lay.rowNumbers ? 1 : 0;
  const cc = lay.t4CodeColumn ? 1 : 0;
  const inW = 2 + rn;
  const nameCol = inW + 1 + cc;
  const firstAmt = nameCol + 1 + rn;
  const width = firstAmt + 3;
  let r = head(s, x, width);
  const depth = Math.min(lay.depth, 2);
  const g = (grp: string, p: string[]) => (depth === 2 ? [grp, ...p] : p);
  const cols: HeadCol[] = [
    g('收入', ['项目']), ...(rn ? [g('收入', ['行次'])] : []), g('收入', ['决算数']),
    ...(cc ? [g('支出', ['科目编码'])] : []), g('支出', ['项目']), ...(rn ? [g('支出', ['行次'])] : []),
    ...['合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'].map((l) => g('支出', [l])),
  ];
  r = headers(s, r, 1, cols, lay.mergeHeaders);
  if (rn) { s.set(r, 1, '栏次'); s.set(r, 3, 1); s.set(r, nameCol, '栏次'); [2, 3, 4, 5].forEach((k, j) => s.set(r, firstAmt + j, k)); r++; }
  if (lay.blankRow) r++;
  const fcols = ['total', 'gp', 'gov', 'soe'];
  T4_INCOME_LABELS.forEach((label, i) => {
    s.set(r + i, 1, label); if (rn) s.set(r + i, 2, i + 1);
    amount(s, x, r + i, 2 + rn, `T4.i${i + 1}`);
  });
  const classes = loadCodes().classes.filter(([c]) => !(lay.dropZeroRows && fcols.every((k) => baseZero(x, `T4.e.${c}.${k}`))));
  classes.forEach(([code, name], i) => {
    if (cc) s.set(r + i, nameCol - 1, code, undefined, `code:T4:${code}`);
    s.set(r + i, nameCol, lay.ordinals ? `${cnNumeral(i + 1)}、${name}` : name);
    if (rn) s.set(r + i, nameCol + 1, 10 + i);
    fcols.forEach((k, j) => amount(s, x, r + i, firstAmt + j, `T4.e.${code}.${k}`));
  });
  const f = r + Math.max(3, classes.length);
  const right = (rr: number, label: string, row: string) => { s.set(rr, nameCol, label); fcols.forEach((k, j) => amount(s, x, rr, firstAmt + j, `T4.${row}.${k}`)); };
  s.set(f, 1, '本年收入合计'); amount(s, x, f, 2 + rn, 'T4.incomeTotal'); right(f, '本年支出合计', 'expTotal');
  s.set(f + 1, 1, '年初财政拨款结转和结余'); amount(s, x, f + 1, 2 + rn, 'T4.opening'); right(f + 1, '年末财政拨款结转和结余', 'closing');
  T4_OPENING_SUB_LABELS.forEach((label, i) => { s.set(f + 2 + i, 1, label); amount(s, x, f + 2 + i, 2 + rn, `T4.opening${i + 1}`); });
  s.set(f + 5, 1, '总计'); amount(s, x, f + 5, 2 + rn, 'T4.incomeGrand'); right(f + 5, '总计', 'expGrand');
  notes(s, x, f + 5, width);
  return s;
}

/** T4 in one lane: `项目 | 合计 | 一般公共预算 | 政府性基金 | 国有资本经营`, income rows above expenditure rows. */
function t4OneLane(x: Ctx): Sheet {
  const { lay } = x;
  const s = new Sheet('', 'T4');
  const rn = lay.rowNumbers ? 1 : 0;
  const firstAmt = 2 + rn;
  const width = firstAmt + 3;
  let r = head(s, x, width);
  const cols: HeadCol[] = [['项目'], ...(rn ? [['行次']] : []), ...['合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'].map((l) => [l])];
  r = headers(s, r, 1, cols, lay.mergeHeaders);
  if (rn) { s.set(r, 1, '栏次'); [1, 2, 3, 4].forEach((k, j) => s.set(r, firstAmt + j, k)); r++; }
  if (lay.blankRow) r++;
  const fcols = ['total', 'gp', 'gov', 'soe'];
  let n = 1;
  const label = (text: string) => { s.set(r, 1, text); if (rn) s.set(r, 2, n++); };
  const income = (text: string, key: string) => { label(text); amount(s, x, r, firstAmt, key); r++; };
  const full = (text: string, row: string) => { label(text); fcols.forEach((k, j) => amount(s, x, r, firstAmt + j, `T4.${row}.${k}`)); r++; };
  const named = lay.t4Lanes === 'oneNamed';
  if (lay.ordinals) { s.set(r, 1, '一、本年收入'); r++; }
  T4_INCOME_LABELS.forEach((l, i) => income(lay.ordinals ? l.replace(/^[一二三]、/, '') : l, `T4.i${i + 1}`));
  income('本年收入合计', 'T4.incomeTotal');
  income('年初财政拨款结转和结余', 'T4.opening');
  T4_OPENING_SUB_LABELS.forEach((l, i) => income(l, `T4.opening${i + 1}`));
  income(named ? '收入总计' : '总计', 'T4.incomeGrand');
  if (lay.ordinals) { s.set(r, 1, '二、本年支出'); r++; }
  const classes = loadCodes().classes.filter(([c]) => !(lay.dropZeroRows && fcols.every((k) => baseZero(x, `T4.e.${c}.${k}`))));
  for (const [code, name] of classes) { label(name); fcols.forEach((k, j) => amount(s, x, r, firstAmt + j, `T4.e.${code}.${k}`)); r++; }
  full('本年支出合计', 'expTotal');
  full('年末财政拨款结转和结余', 'closing');
  full(named ? '支出总计' : '总计', 'expGrand');
  notes(s, x, r - 1, width);
  return s;
}

// ---------------------------------------------------------------- T6 (one to three lanes)

function t6(x: Ctx): Sheet {
  const { lay } = x;
  const s = new Sheet('', 'T6');
  const { economicPersonnel, economicPublic } = loadCodes();
  const keep = (list: [string, string][]) => list.filter(([c]) => !(lay.dropZeroRows && baseZero(x, `T6.${c}`)));
  const pers = keep(economicPersonnel);
  const pub = keep(economicPublic);
  const lanes: { title: string; items: [string, string][] }[] =
    lay.lanes === 1 ? [{ title: '', items: [...pers, ...pub] }]
      : lay.lanes === 2 ? [{ title: '人员经费', items: pers }, { title: '公用经费', items: pub }]
        : [{ title: '人员经费', items: pers }, { title: '公用经费', items: pub.filter(([c]) => c.startsWith('302')) }, { title: '公用经费', items: pub.filter(([c]) => !c.startsWith('302')) }];
  const split = lay.codes === 'split';
  const laneW = (split ? 2 : 1) + 2;
  const width = laneW * lanes.length;
  let r = head(s, x, width);
  const depth = Math.min(lay.depth, 2);
  const cols: HeadCol[] = [];
  const codeLabel = lay.keyHeader === 'long' ? '部门预算支出经济分类科目编码' : '科目编码';
  lanes.forEach((ln) => {
    const g = (p: string[]) => (depth === 2 && lanes.length > 1 ? [ln.title, ...p] : p);
    const codeCols = split ? (depth === 2 && lanes.length === 1 ? [[codeLabel, '类'], [codeLabel, '款']] : [['类'], ['款']]) : [[codeLabel]];
    cols.push(...codeCols.map(g), g(['科目名称']), g(['决算数']));
  });
  r = headers(s, r, 1, cols, lay.mergeHeaders);
  if (lay.rowNumbers) { lanes.forEach((_, li) => { s.set(r, li * laneW + 1, '栏次'); s.set(r, li * laneW + laneW, li + 1); }); r++; }
  if (lay.blankRow) r++;
  // One lane with its totals on top: the two totals rows come first.
  const totalsFirst = lanes.length === 1 && lay.totalsTop;
  const start = totalsFirst ? r + 2 : r;
  lanes.forEach((ln, li) => {
    const c0 = li * laneW + 1;
    ln.items.forEach(([code, name], i) => {
      const u = x.rng.next();
      if (split) {
        const cls = code.slice(0, 3);
        if (code.length === 3 || lay.classRepeated) s.set(start + i, c0, u < 0.5 ? cls : Number(cls), undefined, `code:T6:${code}:class`);
        if (code.length === 5) s.set(start + i, c0 + 1, code.slice(3), undefined, `code:T6:${code}:kuan`);
      } else s.set(start + i, c0, lay.codes === 'joinedNumber' ? Number(code) : code, undefined, `code:T6:${code}`);
      s.set(start + i, c0 + laneW - 2, nameOf(x, name, code.length === 3 ? 0 : 1));
      amount(s, x, start + i, c0 + laneW - 1, `T6.${code}`);
    });
  });
  let end = start + Math.max(...lanes.map((l) => l.items.length));
  const totalAt = (rr: number, li: number, label: string, key: string) => {
    const c0 = li * laneW + 1;
    if (lay.mergeTotalsLabel) { s.set(rr, c0, label, undefined, `label:T6:${label}`); s.merge(rr, c0, rr, c0 + laneW - 2); } else s.set(rr, c0 + laneW - 2, label, undefined, `label:T6:${label}`);
    amount(s, x, rr, c0 + laneW - 1, key);
  };
  if (totalsFirst) {
    totalAt(r, 0, '人员经费合计', 'T6.personnel');
    totalAt(r + 1, 0, '公用经费合计', 'T6.public');
  } else if (lanes.length === 1) {
    totalAt(end, 0, '人员经费合计', 'T6.personnel');
    totalAt(end + 1, 0, '公用经费合计', 'T6.public');
    end += 2;
  } else {
    totalAt(end, 0, '人员经费合计', 'T6.personnel');
    totalAt(end, lanes.length - 1, '公用经费合计', 'T6.public');
    end += 1;
  }
  notes(s, x, end - 1, width);
  return s;
}

// ---------------------------------------------------------------- T9

function t9(x: Ctx): Sheet {
  const { lay } = x;
  const s = new Sheet('', 'T9');
  const run = lay.shortCarRun ? '公务用车运行费' : '公务用车运行维护费';
  const car = lay.shortCarRun ? '公务用车购置及运行费' : '公务用车购置及运行维护费';
  const items = ['total', 'abroad', 'car', 'carBuy', 'carRun', 'reception'];
  if (lay.transposed) {
    const width = 3;
    let r = head(s, x, width);
    r = headers(s, r, 1, [['项目'], ['预算数'], ['决算数']], lay.mergeHeaders);
    if (lay.rowNumbers) { s.set(r, 1, '栏次'); s.set(r, 2, 1); s.set(r, 3, 2); r++; }
    if (lay.blankRow) r++;
    const labels = lay.ordinals
      ? ['合计', '1.因公出国（境）费', `2.${car}`, '（1）公务用车购置费', `（2）${run}`, '3.公务接待费']
      : ['合计', '因公出国（境）费', car, '公务用车购置费', run, '公务接待费'];
    items.forEach((it, i) => {
      s.set(r + i, 1, labels[i]);
      amount(s, x, r + i, 2, `T9.budget.${it}`);
      amount(s, x, r + i, 3, `T9.actual.${it}`);
    });
    notes(s, x, r + 5, width);
    return s;
  }
  const width = 12;
  let r = head(s, x, width);
  const side = (l: string[]): HeadCol[] => [[...l, '预算数'], [...l, '决算数']];
  const cols: HeadCol[] = lay.depth >= 3
    ? [...side(['合计', '合计']), ...side(['因公出国（境）费', '因公出国（境）费']), ...side([car, '小计']), ...side([car, '公务用车购置费']), ...side([car, run]), ...side(['公务接待费', '公务接待费'])]
    : [...side(['合计']), ...side(['因公出国（境）费']), ...side([car]), ...side(['公务用车购置费']), ...side([run]), ...side(['公务接待费'])];
  r = headers(s, r, 1, cols, lay.mergeHeaders);
  if (lay.rowNumbers) { for (let j = 0; j < 12; j++) s.set(r, j + 1, j + 1); r++; }
  if (lay.blankRow) r++;
  items.forEach((it, i) => {
    amount(s, x, r, 1 + 2 * i, `T9.budget.${it}`);
    amount(s, x, r, 2 + 2 * i, `T9.actual.${it}`);
  });
  notes(s, x, r, width);
  return s;
}

// ---------------------------------------------------------------- workbook

const SANE = /[\\/?*[\]:]/g;
function sheetName(l: Layout, id: TableId, pos: number, title: string, used: Set<string>, rng: Rng): string {
  const titled = l.tables[id].title !== 'none';
  let name: string;
  switch (titled ? l.naming : (['title', 'numbered'] as const)[pos % 2]) {
    case 'numbered': name = `${pos}${title}`; break;
    case 'gongkai': name = `公开${String(pos).padStart(2, '0')}表`; break;
    case 'biao': name = `表${cnNumeral(pos)}`; break;
    case 'title': name = title; break;
    case 'sheetN': name = `Sheet${pos}`; break;
    default: name = `${rng.pick(['数据', 'tmp', 'xx', '新建', 'A'])}${rng.int(1, 999)}`;
  }
  name = name.replace(SANE, '').slice(0, 31);
  while (used.has(name)) name = `${name.slice(0, 29)}_${pos}`;
  used.add(name);
  return name;
}

/** Render the data set in the layout; `values` overrides single amounts (faults), keyed like the model. */
export function render(ds: Dataset, layout: Layout, values: Map<string, Decimal> = new Map(), words: Map<string, string> = new Map()): Rendered {
  const t = ds.shown[layout.unit];
  const amountKeys: Rendered['amountKeys'] = [];
  const used = new Set<string>();
  const nameRng = new Rng(layout.cellSeed ^ 0x5bd1e995);
  const sheets = tableOrder(layout).map((id, i) => {
    const x: Ctx = { ds, t, lay: layout.tables[id], layout, id, pos: i + 1, rng: new Rng((layout.cellSeed + i * 7919) >>> 0), values, words, amountKeys };
    const s = id === 'T1' ? t1(x) : id === 'T4' ? t4(x) : id === 'T6' ? t6(x) : id === 'T9' ? t9(x) : codeTable(x);
    s.name = sheetName(layout, id, i + 1, titleText(x), used, nameRng);
    return s;
  });
  for (const k of amountKeys) k.sheet = sheets[tableOrder(layout).indexOf(k.table)].name;
  return { sheets, amountKeys };
}

/** .xlsx bytes; `compress` as real files are (the fuzzer stores uncompressed: faster, same content). */
export async function toXlsx(sheets: Sheet[], compress = false): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const [r1, c1, r2, c2] of s.merges) ws.mergeCells(r1, c1, r2, c2);
    for (const cell of s.cells.values()) {
      const xc = ws.getCell(cell.r, cell.c);
      if (cell.v !== null) xc.value = cell.v;
      if (cell.fmt) xc.numFmt = cell.fmt;
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: compress ? 'DEFLATE' : 'STORE' } } as never));
}

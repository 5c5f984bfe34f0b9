/**
 * One header analysis for every row-keyed table (T1–T8): where the header block is, what each column
 * means (code part, name, label, amount with its header path, ignorable), and the lanes — repeated
 * groups of those roles side by side (T1/T4 income | expenditure, T6 人员经费 | 公用经费 | …).
 * Columns are read by meaning, never by position.
 */
import { CellValue } from '../snapshot';
import { labelKey, stripOrdinal } from '../text';
import { headerPaths, isColumnNumberRow, leaf, SheetReader } from './grid';

export type Role = 'cls' | 'kuan' | 'xiang' | 'code' | 'name' | 'label' | 'amount' | 'ignore';

export interface CodeCols { single?: number; cls?: number; kuan?: number; xiang?: number }

export interface Lane {
  /** Where codes are read: one column, or split 类/款/项 columns. */
  code: CodeCols;
  /** Column holding the row's label (科目名称 / 项目); the code column when codes and names share one. */
  name: number;
  /** Amount columns of the lane, left to right. */
  amounts: number[];
  /** First and last column of the lane. */
  first: number;
  last: number;
}

export interface Header {
  /** First header row and first data row (0-based). */
  top: number;
  dataStart: number;
  /** Header path per column ('本年支出/基本支出'); a trailing lone 决算数/金额 row is dropped. */
  paths: string[];
  roles: (Role | undefined)[];
  lanes: Lane[];
}

const CODE_WORDS = new Set(['科目编码', '科目代码', '编码', '代码', '功能分类科目编码', '支出功能分类科目编码', '经济分类科目编码', '功能分类科目代码']);
const LABEL_WORDS = new Set(['项目', '收入项目', '支出项目', '科目', '支出功能分类科目', '功能分类科目', '经济分类科目', '部门预算支出经济分类科目', '支出经济分类科目', '项目名称']);
const IGNORE_WORDS = new Set(['行次', '栏次', '列次', '序号', '甲', '乙', '丙']);

/** The meaning of a column from its header path. */
export function roleOf(path: string): Role | undefined {
  const l = leaf(path);
  if (!l) return undefined;
  if (IGNORE_WORDS.has(l) || /行次|栏次/.test(l)) return 'ignore';
  if (l === '类') return 'cls';
  if (l === '款') return 'kuan';
  if (l === '项') return 'xiang';
  if (CODE_WORDS.has(l) || l.endsWith('编码') || l.endsWith('代码')) return 'code';
  if (LABEL_WORDS.has(l)) return 'label';
  if (l.includes('名称')) return 'name';
  return 'amount';
}

const SIDE_WORDS = new Set(['收入', '支出']);
const LONE_AMOUNT_WORDS = new Set(['金额', '决算数', '本年决算数', '决算金额']);

/**
 * Column roles from header paths. `收入 | 金额 | 支出 | 金额` (T1 without a 项目 row): a side word whose
 * next column is a lone amount word labels its rows.
 */
function rolesOf(paths: string[]): (Role | undefined)[] {
  const roles = paths.map(roleOf);
  roles.forEach((role, c) => {
    if (role !== 'amount' || !SIDE_WORDS.has(leaf(paths[c]))) return;
    let n = c + 1;
    while (n < paths.length && (!paths[n] || roles[n] === 'ignore')) n++;
    if (n < paths.length && LONE_AMOUNT_WORDS.has(leaf(paths[n]))) roles[c] = 'label';
  });
  return roles;
}

/** A side word (收入/支出) whose next filled cell in the row (行次 skipped) is a lone amount word. */
function isSideAnchor(rd: SheetReader, r: number, c: number): boolean {
  if (!SIDE_WORDS.has(rd.ownKey(r, c))) return false;
  for (let n = c + 1; n < rd.cols; n++) {
    const k = rd.ownKey(r, n);
    if (k && roleOf(k) !== 'ignore') return LONE_AMOUNT_WORDS.has(k);
  }
  return false;
}

/** Words that start a header block. */
function isAnchor(k: string): boolean {
  if (!k) return false;
  const r = roleOf(k);
  return r === 'cls' || r === 'code' || r === 'label' || (r === 'name' && k.includes('科目'));
}

/** A cell that holds a 科目 code or a code part (number or digits). */
export function codePart(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? String(v) : '';
  if (typeof v === 'string') return labelKey(v);
  return '';
}

export const VALID_CODE = /^\d{3}(\d{2}){0,2}$/;

/** Label words seen in the label column of header rows (never data). */
function isHeaderText(k: string): boolean {
  const r = roleOf(k);
  return r !== 'amount' || ['决算数', '金额', '收入', '支出', '本年收入', '本年支出'].includes(k);
}

/** Split the columns into lanes: a lane starts at a code/label column once the current lane has amounts. */
function lanesOf(roles: (Role | undefined)[]): Lane[] {
  const lanes: Lane[] = [];
  let cur: { code: CodeCols; name?: number; label?: number; amounts: number[]; first: number; last: number } | undefined;
  const close = () => {
    if (!cur) return;
    const name = cur.name ?? cur.label ?? cur.code.single;
    if (name !== undefined && cur.amounts.length) lanes.push({ code: cur.code, name, amounts: cur.amounts, first: cur.first, last: cur.last });
  };
  roles.forEach((role, c) => {
    if (!role || role === 'ignore') return;
    const key = role === 'cls' || role === 'kuan' || role === 'xiang' || role === 'code' || role === 'label' || role === 'name';
    if (key && (!cur || cur.amounts.length > 0)) {
      close();
      cur = { code: {}, amounts: [], first: c, last: c };
    }
    if (!cur) return; // amounts before any key column
    cur.last = c;
    switch (role) {
      case 'cls': cur.code.cls ??= c; break;
      case 'kuan': cur.code.kuan ??= c; break;
      case 'xiang': cur.code.xiang ??= c; break;
      case 'code': cur.code.single ??= c; break;
      case 'label': if (cur.label === undefined) cur.label = c; else cur.name ??= c; break;
      case 'name': cur.name ??= c; break;
      case 'amount': cur.amounts.push(c); break;
    }
  });
  close();
  for (const l of lanes) {
    const cc = l.code;
    if (cc.cls !== undefined && cc.kuan !== undefined) delete cc.single;
    else if (cc.cls !== undefined || cc.kuan !== undefined || cc.xiang !== undefined) {
      // A lone 类/款 column is not a split code: read it as one code column.
      cc.single ??= cc.cls ?? cc.kuan ?? cc.xiang;
      delete cc.cls; delete cc.kuan; delete cc.xiang;
    }
  }
  return lanes;
}

function numericLike(v: CellValue): boolean {
  if (typeof v === 'number') return true;
  if (typeof v !== 'string') return false;
  const k = labelKey(v);
  return /^[+-]?[\d,.]+$/.test(k) && /\d/.test(k);
}

function isDataRow(rd: SheetReader, r: number, lanes: Lane[]): boolean {
  for (const l of lanes) {
    for (const c of [l.code.single, l.code.cls, l.code.kuan]) {
      if (c !== undefined && /^\d{3,7}/.test(codePart(rd.raw(r, c)))) return true;
    }
    const own = rd.ownKey(r, l.name);
    const k = stripOrdinal(own);
    // Header words are not numbered: `一、本年收入` is a section row of the data.
    if (k && (!isHeaderText(k) || k !== own)) return true;
    for (const c of codeColumns(l.code)) if (isTotalLabel(rd.ownKey(r, c))) return true;
    for (const c of l.amounts) if (numericLike(rd.raw(r, c))) return true;
  }
  return false;
}

const TRAILING_WORDS = /\/(决算数|金额|本年决算数|决算金额)$/;

/**
 * Analyse the header block below row `after` (the unit line or title). Returns undefined when no
 * header anchor (项目 / 科目编码 / 类 / 科目名称) is found within a dozen rows.
 */
export function analyseHeader(rd: SheetReader, after: number): Header | undefined {
  let anchor = -1;
  for (let r = after + 1; r < Math.min(rd.rows, after + 14) && anchor < 0; r++) {
    for (let c = 0; c < rd.cols; c++) if (isAnchor(rd.ownKey(r, c)) || isSideAnchor(rd, r, c)) { anchor = r; break; }
  }
  if (anchor < 0) return undefined;
  // Group headers above the anchor row (收入 | 支出, 人员经费 | 公用经费, 本年支出 …) belong to the block.
  let top = anchor;
  while (top - 1 > after && isGroupRow(rd, top - 1)) top--;
  let dataStart = -1;
  let lanes: Lane[] = [];
  let paths: string[] = [];
  for (let r = anchor + 1; r <= Math.min(rd.rows, anchor + 8); r++) {
    if (r < rd.rows && isColumnNumberRow(rd, r)) continue;
    paths = headerPaths(rd, top, r, (k) => roleOf(k) === 'amount');
    lanes = lanesOf(rolesOf(paths));
    if (r === rd.rows || isDataRow(rd, r, lanes)) { dataStart = r; break; }
  }
  if (dataStart < 0) return undefined;
  paths = paths.map((p) => p.replace(TRAILING_WORDS, ''));
  const roles = rolesOf(paths);
  lanes = lanesOf(roles);
  if (!lanes.length) return undefined;
  return { top, dataStart, paths, roles, lanes };
}

/** A row above the anchor row that only holds short header words (no unit line, no numbers). */
function isGroupRow(rd: SheetReader, r: number): boolean {
  let any = false;
  for (let c = 0; c < rd.cols; c++) {
    const v = rd.raw(r, c);
    if (v === null || v === '') continue;
    if (typeof v !== 'string') return false;
    const k = labelKey(v);
    if (!k) continue;
    if (k.length > 12 || /单位|部门|年度|公开|表$|:|^\(?万?元\)?$/.test(k)) return false;
    any = true;
  }
  return any;
}

/** Read the code of row r in a lane; `last` carries the 类/款 of the rows above for split codes. */
export function readCode(rd: SheetReader, r: number, cc: CodeCols, last: { cls: string; kuan: string }): string {
  if (cc.single !== undefined) {
    const raw = codePart(rd.raw(r, cc.single));
    const m = /^(\d{3,7})(?!\d)/.exec(raw);
    return m ? m[1] : raw;
  }
  if (cc.cls === undefined || cc.kuan === undefined) return '';
  let cls = codePart(rd.raw(r, cc.cls));
  let kuan = codePart(rd.raw(r, cc.kuan));
  let xiang = cc.xiang !== undefined ? codePart(rd.raw(r, cc.xiang)) : '';
  if (!/^\d*$/.test(cls + kuan + xiang)) return '';
  if (xiang.length === 7) return xiang;
  if (kuan.length === 5 && !xiang) return kuan;
  if (kuan.length === 1) kuan = '0' + kuan;
  if (xiang.length === 1) xiang = '0' + xiang;
  if (!cls && (kuan || xiang)) cls = last.cls;
  if (kuan.length === 5) kuan = kuan.slice(3);
  if (!kuan && xiang) kuan = last.kuan.length === 5 ? last.kuan.slice(3) : '';
  if (!cls) return '';
  if (!kuan) return cls;
  if (!xiang) return cls + kuan;
  return cls + kuan + xiang;
}

/** Remember the class/款 a valid code sets for the split-code rows below it. */
export function noteCode(last: { cls: string; kuan: string }, code: string): void {
  if (code.length === 3) { last.cls = code; last.kuan = ''; }
  else if (code.length >= 5) { last.cls = code.slice(0, 3); last.kuan = code.slice(0, 5); }
}

/** The columns a code was read from. */
export function codeColumns(cc: CodeCols): number[] {
  return [cc.single, cc.cls, cc.kuan, cc.xiang].filter((c): c is number => c !== undefined);
}

/** The column that shows the code of a row of this level. */
export function codeColumnFor(cc: CodeCols, level: number): number {
  if (cc.single !== undefined) return cc.single;
  return level <= 1 ? cc.cls! : level === 2 ? cc.kuan! : cc.xiang ?? cc.kuan!;
}

/** '合计', '本年支出合计', '人员经费合计', '总计' … — a totals label, not a note that mentions 合计. */
export function isTotalLabel(k: string): boolean {
  const s = stripOrdinal(k);
  return s.length <= 12 && !/^注|其中/.test(s) && /(合计|总计)$/.test(s);
}

/**
 * The label of row r in a lane, wherever it sits: in the name column, in a code column, or in a cell
 * merged across them. Returns the label key and the last column it covers.
 */
export function rowLabel(rd: SheetReader, r: number, lane: Lane): { key: string; end: number } | undefined {
  const cols = [...codeColumns(lane.code), lane.name].sort((a, b) => a - b);
  for (const c of cols) {
    const k = rd.ownKey(r, c);
    // A label has words; digits (a code) and dashes (an empty code cell) are not labels.
    if (k && /[\u4e00-\u9fffA-Za-z]/.test(k)) {
      const m = rd.mergeAt(r, c);
      return { key: k, end: m ? m.c2 : c };
    }
  }
  // A label merged from a column left of the lane's key columns.
  const m = rd.mergeAt(r, lane.name);
  if (m && m.r1 === r) {
    const k = rd.ownKey(m.r1, m.c1);
    if (k && /[\u4e00-\u9fffA-Za-z]/.test(k)) return { key: k, end: m.c2 };
  }
  return undefined;
}

/** The amount column a totals label refers to: the first lane amount column right of the label. */
export function amountColumnAfter(lanes: Lane[], end: number): number | undefined {
  let best: number | undefined;
  for (const l of lanes) for (const c of l.amounts) if (c > end && (best === undefined || c < best)) best = c;
  return best;
}

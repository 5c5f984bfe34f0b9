/**
 * Find every 项目支出绩效自评表 / 单位整体支出绩效自评表 in a workbook snapshot by its parts, each found
 * independently by its labels: the title (optional), the header block (项目名称 / 主管部门 / 实施单位), the
 * funds block (Xinjiang 项目资金 or Sichuan 预算执行情况), the indicator grid (Xinjiang, Sichuan or Anhui
 * column sets, header in one or two rows) and the total row (总分 / 合计 / none). Parts may come in any
 * order; several tables may be stacked on one sheet or stand side by side (separated by an empty column);
 * a table's tail without its header block is attached to the table above or reported as a table with no
 * project name. Pure; never throws on data.
 */
import { a1, cellAt, cellText, CellRange, formatAt, SheetSnapshot, WorkbookSnapshot } from '../snapshot';
import { labelKey } from '../text';
import { parseAmount } from '../money';
import { SETTINGS_SHEET } from '../settings';
import {
  FundsBlock, FundsField, FundsRow, IndicatorField, IndicatorRow, PerfCell, PerfKind, PerfPart, PerfTable, StatedPoints, TextPart, TotalRow,
} from './types';

const MAX_COLS = 80;

/** Whether a cell text is the title of a self-evaluation table, and which kind. */
export function titleKind(text: string): PerfKind | null {
  const k = labelKey(text);
  if (k.length === 0 || k.length > 40 || /[,;。]/.test(k)) return null;
  if (!/绩效自评表/.test(k)) return null;
  if (/整体支出绩效自评表|整体绩效自评表/.test(k)) return 'overall';
  if (/项目支出绩效自评表|项目绩效自评表/.test(k)) return 'project';
  return null;
}

export function indicatorHeaderField(key: string): IndicatorField | null {
  if (key === '' || key.length > 24) return null;
  if (/偏差|未完成原因|原因分析/.test(key)) return 'deviation';
  if (/依据/.test(key)) return 'basis';
  if (/佐证|证明材料/.test(key)) return 'evidence';
  if (/赋分规则|评分规则|计分规则|评分标准|赋分标准/.test(key)) return 'rule';
  if (/上年/.test(key)) return 'prior';
  if (/^指标性质$|^指标方向$|^比较符|^符号$/.test(key)) return 'nature';
  if (/^(度量|计量)?单位$/.test(key)) return 'unit';
  if (/^一级(指标)?/.test(key)) return 'level1';
  if (/^二级(指标)?/.test(key)) return 'level2';
  if (/^三级(指标)?|^指标名称/.test(key)) return 'name';
  if (/实际|^完成值|完成指标值|^全年完成值|^年度完成值/.test(key)) return 'actual';
  if (/完成率|完成比例/.test(key)) return 'rate';
  if (/得分/.test(key)) return 'score';
  if (/权重|^分值/.test(key)) return 'weight';
  if (/指标值|目标值/.test(key)) return 'target';
  return null;
}

export function fundsHeaderField(key: string): FundsField | null {
  if (key === '' || key.length > 24) return null;
  if (/资金来源/.test(key)) return 'label';
  if (/年初/.test(key)) return 'initial';
  if (/全年预算|调整后预算|^预算数|^年度预算数|^全年(预算)?数/.test(key)) return 'budget';
  if (/执行数|全年执行|实际支出|决算数/.test(key)) return 'spent';
  if (/执行率/.test(key)) return 'rate';
  if (/权重|^分值/.test(key)) return 'weight';
  if (/得分/.test(key)) return 'score';
  return null;
}

function isTotalLabel(key: string): boolean {
  return /^(总分|总得分|合计|总计|综合得分|自评得分|总分合计)(\(.*\))?$/.test(key);
}

const TEXT_LABEL = /^(评价结论|自评结论|总体评价|综合评价|存在(的)?问题|主要问题|问题及原因|改进措施|整改措施|改进意见|问题及改进措施|存在问题及改进措施|存在问题和改进措施)/;

/** `产出指标(50分)` → `产出指标`; `预算执行情况(10分)` → points '10'. */
export function pointsOf(text: string): { label: string; points?: string } {
  const k = labelKey(text);
  const m = /^(.*?)\((\d+(?:\.\d+)?)分\)$/.exec(k);
  return m ? { label: m[1], points: m[2] } : { label: text.trim() };
}

// ------------------------------------------------------------------ sheet access with a merge index

class Grid {
  readonly masters = new Map<number, CellRange>();
  readonly covered = new Map<number, CellRange>();
  readonly width: number;
  constructor(readonly sheet: SheetSnapshot) {
    let w = 0;
    for (const row of sheet.values) if (row && row.length > w) w = row.length;
    this.width = Math.min(w, MAX_COLS);
    for (const m of sheet.merges) {
      if (m.r2 - m.r1 > 400 || m.c1 >= MAX_COLS) continue;
      for (let r = m.r1; r <= m.r2; r++) {
        for (let c = m.c1; c <= Math.min(m.c2, MAX_COLS - 1); c++) this.covered.set(r * MAX_COLS + c, m);
      }
    }
  }
  merge(r: number, c: number): CellRange | undefined {
    return this.covered.get(r * MAX_COLS + c);
  }
  text(r: number, c: number): string {
    return cellText(cellAt(this.sheet, r, c)).trim();
  }
  /** Text of (r, c), following a merge to its master. */
  mergedText(r: number, c: number): string {
    const m = this.merge(r, c);
    return m ? this.text(m.r1, m.c1) : this.text(r, c);
  }
  cell(r: number, c: number): PerfCell {
    const value = cellAt(this.sheet, r, c);
    return { ref: { sheet: this.sheet.name, address: a1(r, c) }, r, c, value, format: formatAt(this.sheet, r, c), text: cellText(value).trim() };
  }
  /** The cell of a field at (r, c): itself, or the master of a merge starting on this row; undefined under a merge from above. */
  fieldCell(r: number, c: number): PerfCell | undefined {
    const m = this.merge(r, c);
    if (!m) return this.cell(r, c);
    if (m.r1 !== r) return undefined;
    return this.cell(m.r1, m.c1);
  }
  /** Non-blank cells of row r within [c1, c2]. */
  rowTexts(r: number, c1: number, c2: number): { c: number; text: string; key: string }[] {
    const out: { c: number; text: string; key: string }[] = [];
    const row = this.sheet.values[r];
    if (!row) return out;
    const end = Math.min(c2, row.length - 1, MAX_COLS - 1);
    for (let c = c1; c <= end; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      const t = cellText(v).trim();
      if (t !== '') out.push({ c, text: t, key: labelKey(t) });
    }
    return out;
  }
  /** First non-blank value right of (r, c) (past its merge), within the band. */
  valueRightOf(r: number, c: number, c2: number): { text: string; c: number } | undefined {
    const m = this.merge(r, c);
    const from = m ? m.c2 + 1 : c + 1;
    for (let x = from; x <= Math.min(c2, this.width - 1); x++) {
      const t = this.text(r, x);
      if (t !== '') return { text: t, c: x };
    }
    return undefined;
  }
}

export function perfCell(sheet: SheetSnapshot, r: number, c: number): PerfCell {
  const value = cellAt(sheet, r, c);
  return { ref: { sheet: sheet.name, address: a1(r, c) }, r, c, value, format: formatAt(sheet, r, c), text: cellText(value).trim() };
}

// ------------------------------------------------------------------ part anchors

type AnchorKind = 'title' | 'name' | 'dept' | 'impl' | 'funds' | 'goal' | 'grid' | 'total' | 'text';

interface Anchor {
  kind: AnchorKind;
  r: number;
  c: number;
  text: string;
  /** Header rows (funds, grid): first and last header row. */
  top?: number;
  bottom?: number;
  titleKind?: PerfKind;
  /** name anchors: label says 单位/部门名称 (an 整体 table). */
  overall?: boolean;
}

function isGridHeader(keys: string[]): boolean {
  const has = (re: RegExp) => keys.some((k) => re.test(k));
  return has(/^一级(指标)?$/) && has(/^(二级|三级)(指标)?$/);
}

function isFundsHeader(keys: string[]): boolean {
  const fields = keys.map(fundsHeaderField);
  return fields.includes('budget') && fields.includes('spent') && fields.filter((f) => f !== null).length >= 3;
}

/**
 * Extend a header row h to a two-row header: the row above when a merge of it reaches down into h (a
 * parent label over its sub-columns), or the row below when h's cells are merged down into it and
 * every label below maps to a field.
 */
function headerSpan(g: Grid, h: number, c1: number, c2: number, map: (key: string) => string | null): [number, number] {
  let top = h;
  let bottom = h;
  if (h > 0 && rowAnchors(g, h - 1, c1, c2).length === 0) {
    // Every label above is merged down into h, or spans several labels of h that name fields.
    const above = g.rowTexts(h - 1, c1, c2);
    const parent = above.length > 0 && above.every((x) => {
      const m = g.merge(h - 1, x.c);
      if (!m || m.r1 !== h - 1 || x.key.length > 24) return false;
      if (m.r2 >= h) return true;
      const under = g.rowTexts(h, m.c1, m.c2);
      return m.c2 > m.c1 && under.length > 1 && under.every((u) => map(u.key) !== null);
    });
    if (parent) top = h - 1;
  }
  const below = g.rowTexts(h + 1, c1, c2);
  if (below.length > 0) {
    const mergedDown = g.rowTexts(h, c1, c2).some((x) => {
      const m = g.merge(h, x.c);
      return m && m.r1 === h && m.r2 > h;
    });
    const allLabels = below.every((x) => typeof cellAt(g.sheet, h + 1, x.c) === 'string' && map(x.key) !== null);
    if (mergedDown && allLabels) bottom = h + 1;
  }
  return [top, bottom];
}

/** Field of each column of a (one- or two-row) header: the lower label first, else the label above it. */
function headerColumns<F extends string>(g: Grid, top: number, bottom: number, c1: number, c2: number, map: (key: string) => F | null): Partial<Record<F, number>> {
  const out: Partial<Record<F, number>> = {};
  for (let c = c1; c <= Math.min(c2, g.width - 1); c++) {
    let f: F | null = null;
    for (let r = bottom; r >= top && f === null; r--) {
      const m = g.merge(r, c);
      if (m && m.c1 !== c && r === bottom && m.r1 === r) continue; // horizontal merge slave: the master column holds it
      const t = labelKey(m ? g.text(m.r1, m.c1) : g.text(r, c));
      if (m && m.c1 !== c) continue;
      f = map(t);
    }
    if (f !== null && out[f] === undefined) out[f] = c;
  }
  return out;
}

function rowAnchors(g: Grid, r: number, c1: number, c2: number): Anchor[] {
  const texts = g.rowTexts(r, c1, c2);
  if (texts.length === 0) return [];
  const out: Anchor[] = [];
  const keys = texts.map((x) => x.key);
  for (const x of texts) {
    const tk = /自\s*评/.test(x.text) ? titleKind(x.text) : null;
    if (tk) return [{ kind: 'title', r, c: x.c, text: x.text, titleKind: tk }];
  }
  if (isGridHeader(keys)) return [{ kind: 'grid', r, c: texts[0].c, text: texts[0].text }];
  if (isFundsHeader(keys)) return [{ kind: 'funds', r, c: texts[0].c, text: texts[0].text }];
  if (keys.some((k) => /完成情况$/.test(k)) && keys.some((k) => /目标/.test(k)) && keys.length <= 4) {
    return [{ kind: 'goal', r, c: texts[0].c, text: texts[0].text }];
  }
  const first = texts[0];
  if (isTotalLabel(first.key)) return [{ kind: 'total', r, c: first.c, text: first.text }];
  if (TEXT_LABEL.test(first.key) && first.key.length <= 16) return [{ kind: 'text', r, c: first.c, text: first.text }];
  for (const x of texts) {
    const k = x.key;
    if (/^项目名称(:|$)/.test(k)) out.push({ kind: 'name', r, c: x.c, text: x.text });
    else if (/^(单位名称|部门名称|部门\(单位\)名称|单位\(部门\)名称)(:|$)/.test(k)) out.push({ kind: 'name', r, c: x.c, text: x.text, overall: true });
    else if (/^主管部门(\(.*\))?(:|$)/.test(k)) out.push({ kind: 'dept', r, c: x.c, text: x.text });
    else if (/^实施单位(\(.*\))?(:|$)/.test(k)) out.push({ kind: 'impl', r, c: x.c, text: x.text });
  }
  return out;
}

// ------------------------------------------------------------------ bands (tables side by side)

/** Column ranges separated by columns that hold nothing (no value, no merge), each holding a table anchor. */
function bands(g: Grid, anchorCols: (c1: number, c2: number) => boolean): [number, number][] {
  const used: boolean[] = new Array(g.width).fill(false);
  for (const row of g.sheet.values) {
    if (!row) continue;
    const n = Math.min(row.length, g.width);
    for (let c = 0; c < n; c++) {
      const v = row[c];
      if (v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')) used[c] = true;
    }
  }
  for (const m of g.sheet.merges) for (let c = m.c1; c <= Math.min(m.c2, g.width - 1); c++) used[c] = true;
  const runs: [number, number][] = [];
  for (let c = 0; c < g.width; c++) {
    if (!used[c]) continue;
    if (runs.length && runs[runs.length - 1][1] === c - 1) runs[runs.length - 1][1] = c;
    else runs.push([c, c]);
  }
  // A run without an anchor of its own belongs to the run on its left (a spacer column inside a table).
  const out: [number, number][] = [];
  for (const run of runs) {
    if (out.length && !anchorCols(run[0], run[1])) out[out.length - 1][1] = run[1];
    else out.push([run[0], run[1]]);
  }
  return out;
}

// ------------------------------------------------------------------ parts

function parseFunds(g: Grid, a: Anchor, c1: number, c2: number, stop: number): FundsBlock {
  const top = a.top ?? a.r;
  const bottom = a.bottom ?? a.r;
  const columns = headerColumns(g, top, bottom, c1, c2, fundsHeaderField);
  const numericCols = (['initial', 'budget', 'spent'] as FundsField[]).map((f) => columns[f]).filter((c): c is number => c !== undefined);
  const firstNumeric = numericCols.length ? Math.min(...numericCols) : c2;
  const rows: FundsRow[] = [];
  let labelWeight: string | undefined;
  let labelPoints: StatedPoints | undefined;
  for (const x of g.rowTexts(top, c1, c2)) {
    const p = pointsOf(x.text).points;
    if (p && fundsHeaderField(x.key) === null) { labelWeight = p; labelPoints = { points: p, cell: g.cell(top, x.c).ref, text: x.text }; }
  }
  for (let r = bottom + 1; r < stop; r++) {
    const texts = g.rowTexts(r, c1, c2);
    if (texts.length === 0) {
      if (rows.length) break;
      continue;
    }
    // A funds row holds amounts (or dashes / `/` where they do not apply), never labels.
    const reads = numericCols.map((c) => parseAmount(cellAt(g.sheet, r, c)));
    if (!reads.some((x) => x.kind !== 'blank') || reads.some((x) => x.kind === 'bad' && fundsHeaderField(labelKey(x.text)) !== null)) break;
    let label = columns.label !== undefined ? g.mergedText(r, columns.label) : '';
    if (label === '') {
      const left = texts.filter((t) => t.c < firstNumeric && !numericCols.includes(t.c));
      label = left.length ? left[left.length - 1].text : '';
    }
    const cells: Partial<Record<FundsField, PerfCell>> = {};
    for (const f of Object.keys(columns) as FundsField[]) {
      const pc = g.fieldCell(r, columns[f]!);
      if (pc) cells[f] = pc;
    }
    rows.push({ label, row: r, cells });
  }
  const totalIdx = rows.findIndex((x) => /总额|总资金|资金合计|^合计|总计|^资金总额/.test(labelKey(x.label)));
  const idx = totalIdx >= 0 ? totalIdx : 0;
  return { headerRow: bottom, columns, total: rows[idx], parts: rows.filter((_, i) => i !== idx), ...(labelWeight ? { labelWeight, labelPoints } : {}) };
}

interface Grid2 {
  header: number;
  columns: Partial<Record<IndicatorField, number>>;
  rows: IndicatorRow[];
  end: number;
  points?: StatedPoints;
}

const NOT_INDICATOR = /^(注|说明|备注|填报人|填表人|联系人|联系电话|审核人|单位负责人|负责人|财务负责人|填报日期)/;

function parseGrid(g: Grid, a: Anchor, c1: number, c2: number, stop: number): Grid2 {
  const top = a.top ?? a.r;
  const bottom = a.bottom ?? a.r;
  const columns = headerColumns(g, top, bottom, c1, c2, indicatorHeaderField);
  const fields = Object.keys(columns) as IndicatorField[];
  // Points stated over the whole grid (`绩效指标(90分)`): one such label only, else none is trusted.
  const stated: StatedPoints[] = [];
  for (let r = top; r <= bottom; r++) {
    for (const x of g.rowTexts(r, c1, c2)) {
      const p = pointsOf(x.text).points;
      if (p && indicatorHeaderField(x.key) === null) stated.push({ points: p, cell: g.cell(r, x.c).ref, text: x.text });
    }
  }
  const rows: IndicatorRow[] = [];
  let level1 = '';
  let level2 = '';
  let end = bottom;
  for (let r = bottom + 1; r < stop; r++) {
    const texts = g.rowTexts(r, c1, c2);
    if (texts.length && NOT_INDICATOR.test(texts[0].key)) break;
    const cells: Partial<Record<IndicatorField, PerfCell>> = {};
    let any = false;
    for (const f of fields) {
      const pc = g.fieldCell(r, columns[f]!);
      if (pc) {
        cells[f] = pc;
        if (pc.text !== '' && f !== 'level1' && f !== 'level2') any = true;
      }
    }
    const l1 = columns.level1 !== undefined ? pointsOf(g.mergedText(r, columns.level1)).label : '';
    const l2 = columns.level2 !== undefined ? g.mergedText(r, columns.level2) : '';
    if (l1 !== '' && l1 !== level1) { level1 = l1; level2 = ''; }
    if (l2 !== '') level2 = l2;
    if (!any) continue;
    const name = columns.name !== undefined ? g.mergedText(r, columns.name) : '';
    rows.push({ row: r, level1, level2, name, cells });
    end = r;
  }
  return { header: top, columns, rows, end, ...(stated.length === 1 ? { points: stated[0] } : {}) };
}

// ------------------------------------------------------------------ assembling tables

interface Segment {
  title?: Anchor;
  name?: { label: Anchor; value?: { text: string; c: number } };
  dept?: string;
  impl?: string;
  funds?: FundsBlock;
  fundsAnchor?: Anchor;
  goal?: PerfTable['goal'];
  goalAnchor?: Anchor;
  grid?: Grid2;
  gridAnchor?: Anchor;
  total?: TotalRow;
  texts: TextPart[];
  rows: number[];
  overall?: boolean;
}

function newSegment(): Segment {
  return { texts: [], rows: [] };
}

function hasTablePart(s: Segment): boolean {
  return !!(s.funds || s.grid);
}

function labelValue(g: Grid, a: Anchor, c2: number): { text: string; c: number } | undefined {
  const m = /^[^:：]+[:：]\s*(.+)$/.exec(a.text);
  if (m) return { text: m[1].trim(), c: a.c };
  return g.valueRightOf(a.r, a.c, c2);
}

function segmentsOfBand(g: Grid, c1: number, c2: number): Segment[] {
  const anchors: Anchor[] = [];
  for (let r = 0; r < g.sheet.values.length; r++) anchors.push(...rowAnchors(g, r, c1, c2));
  for (const a of anchors) {
    if (a.kind === 'grid' || a.kind === 'funds') {
      [a.top, a.bottom] = headerSpan(g, a.r, c1, c2, a.kind === 'grid' ? indicatorHeaderField : fundsHeaderField);
    }
  }
  const segs: Segment[] = [];
  let cur = newSegment();
  const push = () => {
    const prev = segs[segs.length - 1];
    if (prev && hasTablePart(cur) && attachTail(prev, cur)) {
      // continued the table above
    } else if (cur.title || cur.name || hasTablePart(cur) || cur.texts.length) {
      segs.push(cur);
    }
    cur = newSegment();
  };
  /** A tail (grid, total, texts after a page break) ends where another table's parts begin. */
  const closeTail = () => {
    const prev = segs[segs.length - 1];
    if (isTail(cur) && prev?.grid && !prev.total) push();
  };
  /** Where the part of anchor i ends: the next anchor (a two-row header from its upper row). */
  const nextAnchorRow = (i: number, ignore: AnchorKind[] = []) => {
    const a = anchors[i];
    for (let j = i + 1; j < anchors.length; j++) {
      const b = anchors[j];
      if (ignore.includes(b.kind) || b.r <= (a.bottom ?? a.r)) continue;
      return Math.max(b.top ?? b.r, (a.bottom ?? a.r) + 1);
    }
    return g.sheet.values.length;
  };
  let skipUntil = -1;
  for (let i = 0; i < anchors.length; i++) {
    const a = anchors[i];
    if (a.r <= skipUntil) continue;
    if (a.kind !== 'grid' && a.kind !== 'total' && a.kind !== 'text') closeTail();
    switch (a.kind) {
      case 'title':
        push();
        cur.title = a;
        cur.rows.push(a.r);
        break;
      case 'name':
        if (cur.name || cur.dept !== undefined) push();
        cur.name = { label: a, value: labelValue(g, a, c2) };
        if (a.overall) cur.overall = true;
        cur.rows.push(a.r);
        break;
      case 'dept':
        if (cur.dept !== undefined) push();
        cur.dept = labelValue(g, a, c2)?.text ?? '';
        cur.rows.push(a.r);
        break;
      case 'impl':
        if (cur.impl !== undefined) push();
        cur.impl = labelValue(g, a, c2)?.text ?? '';
        cur.rows.push(a.r);
        break;
      case 'funds': {
        if (cur.funds) push();
        cur.funds = parseFunds(g, a, c1, c2, nextAnchorRow(i, ['total', 'text']));
        cur.fundsAnchor = a;
        cur.rows.push(a.r, cur.funds.headerRow, ...[cur.funds.total, ...cur.funds.parts].filter((x): x is FundsRow => !!x).map((x) => x.row));
        skipUntil = cur.funds.headerRow;
        break;
      }
      case 'goal': {
        if (cur.goal) push();
        let targetCol: number | undefined;
        let doneCol: number | undefined;
        for (const x of g.rowTexts(a.r, c1, c2)) {
          if (/完成情况$/.test(x.key)) doneCol = x.c;
          else if (/^(总体目标|预期目标|年度目标|绩效目标|年度总体目标)$/.test(x.key) && x.c !== a.c) targetCol = x.c;
        }
        cur.goal = {
          target: targetCol !== undefined ? g.cell(a.r + 1, targetCol) : undefined,
          done: doneCol !== undefined ? g.cell(a.r + 1, doneCol) : undefined,
        };
        cur.goalAnchor = a;
        cur.rows.push(a.r, a.r + 1);
        break;
      }
      case 'grid': {
        if (cur.grid) push();
        const grid = parseGrid(g, a, c1, c2, nextAnchorRow(i));
        cur.grid = grid;
        cur.gridAnchor = a;
        cur.rows.push(grid.header, grid.end);
        skipUntil = a.bottom ?? a.r;
        break;
      }
      case 'total': {
        if (!cur.grid || cur.total) break;
        const tr: TotalRow = { row: a.r, label: g.cell(a.r, a.c) };
        if (cur.grid.columns.weight !== undefined) tr.weight = g.fieldCell(a.r, cur.grid.columns.weight);
        if (cur.grid.columns.score !== undefined) tr.score = g.fieldCell(a.r, cur.grid.columns.score);
        cur.total = tr;
        cur.rows.push(a.r);
        break;
      }
      case 'text': {
        const v = g.valueRightOf(a.r, a.c, c2);
        cur.texts.push({ label: a.text, labelCell: { sheet: g.sheet.name, address: a1(a.r, a.c) }, ...(v ? { cell: g.cell(a.r, v.c) } : {}) });
        cur.rows.push(a.r);
        break;
      }
    }
  }
  push();
  return segs;
}

function isTail(s: Segment): boolean {
  return !s.title && !s.name && s.dept === undefined && s.impl === undefined && !s.funds && !s.goal && !!s.grid;
}

/** A segment with neither title nor header block continuing the table above it (its tail). */
function attachTail(prev: Segment, tail: Segment): boolean {
  if (tail.title || tail.name || tail.dept !== undefined || tail.impl !== undefined) return false;
  if (!prev.title && !prev.name) return false;
  if (tail.funds && prev.funds) return false;
  if (tail.grid && prev.grid && prev.total) return false;
  if (tail.total && prev.total) return false;
  if (tail.grid && prev.grid) {
    prev.grid = { ...prev.grid, rows: [...prev.grid.rows, ...tail.grid.rows], end: tail.grid.end };
  } else if (tail.grid) {
    prev.grid = tail.grid;
    prev.gridAnchor = tail.gridAnchor;
  }
  if (tail.funds) { prev.funds = tail.funds; prev.fundsAnchor = tail.fundsAnchor; }
  if (tail.goal && !prev.goal) prev.goal = tail.goal;
  if (tail.total) prev.total = tail.total;
  prev.texts.push(...tail.texts);
  prev.rows.push(...tail.rows);
  return true;
}

const PART_LABEL: Record<'header' | 'funds' | 'grid', string> = {
  header: '表头部分（项目名称/主管部门/实施单位）',
  funds: '资金部分（预算数/执行数）',
  grid: '指标部分（一级/二级/三级指标）',
};

function toTable(g: Grid, s: Segment, c1: number, c2: number): PerfTable {
  const sheet = g.sheet.name;
  const kind: PerfKind = s.title?.titleKind ?? (s.overall ? 'overall' : 'project');
  const first = s.title ?? [s.name?.label, s.fundsAnchor, s.gridAnchor, s.goalAnchor]
    .filter((x): x is Anchor => !!x)
    .reduce<Anchor | undefined>((a, b) => (!a || (b.top ?? b.r) < (a.top ?? a.r) ? b : a), undefined);
  const titleCell = first ? { sheet, address: a1(first.top ?? first.r, first.c) } : { sheet, address: a1(Math.min(...s.rows), c1) };
  const rows = s.rows.filter((r) => Number.isFinite(r));
  const parts: PerfPart[] = [];
  if (s.title) parts.push('title');
  if (s.name || s.dept !== undefined) parts.push('header');
  if (s.funds) parts.push('funds');
  if (s.grid) parts.push('grid');
  if (s.total) parts.push('total');
  const t: PerfTable = {
    kind,
    sheet,
    title: s.title?.text ?? '',
    titleCell,
    startRow: Math.min(...rows),
    endRow: Math.max(...rows),
    startCol: c1,
    endCol: c2,
    parts,
    name: s.name?.value?.text ?? '',
    ...(s.name?.value ? { nameCell: { sheet, address: a1(s.name.label.r, s.name.value.c) } } : {}),
    ...(s.dept !== undefined ? { department: s.dept } : {}),
    ...(s.impl !== undefined ? { implementer: s.impl } : {}),
    ...(s.funds ? { funds: s.funds } : {}),
    ...(s.goal ? { goal: s.goal } : {}),
    columns: s.grid?.columns ?? {},
    indicators: s.grid?.rows ?? [],
    ...(s.total ? { totalRow: s.total } : {}),
    ...(s.grid ? { indicatorHeaderRow: s.grid.header } : {}),
    ...(s.grid?.points ? { gridPoints: s.grid.points } : {}),
    texts: s.texts,
    doubts: [],
    notes: [],
  };
  if (!s.name) t.doubts.push(`未找到${kind === 'overall' ? '单位名称' : '项目名称'}（${PART_LABEL.header}）`);
  else if (!s.name.value) t.doubts.push(`${kind === 'overall' ? '单位名称' : '项目名称'}为空`);
  if (!s.funds) t.doubts.push(`未找到${PART_LABEL.funds}`);
  if (!s.grid) {
    t.doubts.push(`未找到${PART_LABEL.grid}`);
  } else {
    for (const f of ['name', 'target', 'actual', 'weight'] as IndicatorField[]) {
      if (t.columns[f] === undefined) {
        const label = { name: '三级指标', target: '指标值', actual: '实际完成值', weight: '分值权重' }[f as 'name'];
        t.doubts.push(`指标部分缺少“${label}”列`);
      }
    }
    if (t.columns.score === undefined) t.notes.push('指标部分没有“得分”列，得分只在报告中给出');
    if (t.indicators.length === 0) t.doubts.push('指标部分没有指标行');
    if (!s.total && kind === 'project') t.notes.push('未找到总分行（总分只在报告中给出）');
  }
  return t;
}

export interface PerfScan {
  tables: PerfTable[];
  /** Title-like cells with no table under them (a heading in prose, a list of attachments). */
  ignored: { ref: { sheet: string; address: string }; text: string }[];
}

function scanSheet(sheet: SheetSnapshot, out: PerfScan): void {
  // Cheap test: a self-evaluation table names its indicators (一级…) or its title (自评).
  let hint = false;
  for (const row of sheet.values) {
    if (!row) continue;
    for (const v of row) {
      if (typeof v === 'string' && (v.includes('一级') || v.includes('自评') || v.includes('项目名称'))) { hint = true; break; }
    }
    if (hint) break;
  }
  if (!hint) return;
  const g = new Grid(sheet);
  const anchorIn = (c1: number, c2: number) => {
    for (let r = 0; r < sheet.values.length; r++) {
      for (const x of g.rowTexts(r, c1, c2)) {
        if (titleKind(x.text) || /^(项目名称|单位名称)/.test(x.key) || /^一级(指标)?$/.test(x.key)) return true;
      }
    }
    return false;
  };
  for (const [c1, c2] of bands(g, anchorIn)) {
    for (const s of segmentsOfBand(g, c1, c2)) {
      if (!hasTablePart(s)) {
        if (s.title) out.ignored.push({ ref: { sheet: sheet.name, address: a1(s.title.r, s.title.c) }, text: s.title.text });
        continue;
      }
      // Without a title or header block, only an indicator grid makes a table (a funds-like header
      // alone may be any budget table).
      if (!s.title && !s.name && !s.grid) continue;
      out.tables.push(toTable(g, s, c1, c2));
    }
  }
}

/** Every self-evaluation table of the workbook, in sheet order, then band (left to right), then top to bottom. */
export function scanPerfTables(snap: WorkbookSnapshot): PerfScan {
  const out: PerfScan = { tables: [], ignored: [] };
  for (const sheet of snap.sheets) {
    if (sheet.name === SETTINGS_SHEET) continue;
    scanSheet(sheet, out);
  }
  return out;
}

export function findPerfTables(snap: WorkbookSnapshot): PerfTable[] {
  return scanPerfTables(snap).tables;
}

/**
 * Find every 项目支出绩效自评表 / 单位整体支出绩效自评表 in a workbook snapshot: several per workbook,
 * several stacked on one sheet; columns mapped by their header text in any order; merged 一级/二级
 * cells followed down. Pure; never throws on data.
 */
import { a1, cellAt, cellText, formatAt, mergeAt, SheetSnapshot, WorkbookSnapshot } from '../snapshot';
import { labelKey } from '../text';
import { SETTINGS_SHEET } from '../settings';
import {
  FundsBlock, FundsField, FundsRow, IndicatorField, IndicatorRow, PerfCell, PerfKind, PerfTable, TotalRow,
} from './types';

const MAX_COLS = 60;

interface Title {
  r: number;
  c: number;
  text: string;
  kind: PerfKind;
}

/** Whether a cell text is the title of a self-evaluation table, and which kind. */
export function titleKind(text: string): PerfKind | null {
  const k = labelKey(text);
  if (k.length === 0 || k.length > 40 || /[,;。]/.test(k)) return null;
  if (!/绩效自评表/.test(k)) return null;
  if (/整体支出绩效自评表|整体绩效自评表/.test(k)) return 'overall';
  if (/项目支出绩效自评表|项目绩效自评表/.test(k)) return 'project';
  return null;
}

function rowWidth(sheet: SheetSnapshot, r: number): number {
  return Math.min(sheet.values[r]?.length ?? 0, MAX_COLS);
}

/** Non-blank cells of a row that are not merge slaves: [col, text]. */
function rowTexts(sheet: SheetSnapshot, r: number): { c: number; text: string; key: string }[] {
  const out: { c: number; text: string; key: string }[] = [];
  const w = rowWidth(sheet, r);
  for (let c = 0; c < w; c++) {
    const t = cellText(cellAt(sheet, r, c)).trim();
    if (t !== '') out.push({ c, text: t, key: labelKey(t) });
  }
  return out;
}

export function perfCell(sheet: SheetSnapshot, r: number, c: number): PerfCell {
  const value = cellAt(sheet, r, c);
  return {
    ref: { sheet: sheet.name, address: a1(r, c) },
    r,
    c,
    value,
    format: formatAt(sheet, r, c),
    text: cellText(value).trim(),
  };
}

/**
 * The cell of a field at (r, c): the cell itself, or the master of a merge on the same row that
 * covers it; undefined when (r, c) lies under a merge that starts on an earlier row.
 */
function fieldCell(sheet: SheetSnapshot, r: number, c: number): PerfCell | undefined {
  const m = mergeAt(sheet, r, c);
  if (!m) return perfCell(sheet, r, c);
  if (m.r1 !== r) return undefined;
  return perfCell(sheet, m.r1, m.c1);
}

/** Text of (r, c), following a merge to its master (for merged 一级/二级 cells and labels). */
function mergedText(sheet: SheetSnapshot, r: number, c: number): string {
  const m = mergeAt(sheet, r, c);
  const v = m ? cellAt(sheet, m.r1, m.c1) : cellAt(sheet, r, c);
  return cellText(v).trim();
}

export function indicatorHeaderField(key: string): IndicatorField | null {
  if (key === '') return null;
  if (/偏差/.test(key)) return 'deviation';
  if (/依据/.test(key)) return 'basis';
  if (/佐证|证明材料/.test(key)) return 'evidence';
  if (/赋分规则|评分规则|计分规则|评分标准|赋分标准/.test(key)) return 'rule';
  if (/上年/.test(key)) return 'prior';
  if (/^一级指标/.test(key)) return 'level1';
  if (/^二级指标/.test(key)) return 'level2';
  if (/^三级指标|^指标名称/.test(key)) return 'name';
  if (/实际|^完成值|完成指标值/.test(key)) return 'actual';
  if (/完成率|完成比例/.test(key)) return 'rate';
  if (/得分/.test(key)) return 'score';
  if (/权重|^分值/.test(key)) return 'weight';
  if (/指标值|目标值/.test(key)) return 'target';
  return null;
}

export function fundsHeaderField(key: string): FundsField | null {
  if (/资金来源/.test(key)) return 'label';
  if (/年初/.test(key)) return 'initial';
  if (/全年预算|调整后预算|^预算数/.test(key)) return 'budget';
  if (/执行数|全年执行|实际支出|决算数/.test(key)) return 'spent';
  if (/执行率/.test(key)) return 'rate';
  if (/权重|^分值/.test(key)) return 'weight';
  if (/得分/.test(key)) return 'score';
  return null;
}

function isTotalLabel(key: string): boolean {
  return /^(总分|总得分|合计|总计|综合得分)$/.test(key);
}

function findTitles(sheet: SheetSnapshot): Title[] {
  const out: Title[] = [];
  for (let r = 0; r < sheet.values.length; r++) {
    const row = sheet.values[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      // Only text can be a title, and every title names 自评 (cheap test before normalising).
      if (typeof v !== 'string' || !/自\s*评/.test(v)) continue;
      const text = v.trim();
      const kind = titleKind(text);
      if (kind) {
        out.push({ r, c, text, kind });
        break;
      }
    }
  }
  return out;
}

function valueRightOf(sheet: SheetSnapshot, r: number, c: number): { text: string; c: number } | undefined {
  const m = mergeAt(sheet, r, c);
  const from = m ? m.c2 + 1 : c + 1;
  const w = rowWidth(sheet, r);
  for (let x = from; x < w; x++) {
    const t = cellText(cellAt(sheet, r, x)).trim();
    if (t !== '') return { text: t, c: x };
  }
  return undefined;
}

function parseFunds(sheet: SheetSnapshot, headerRow: number, endRow: number, stopRows: Set<number>): FundsBlock {
  const columns: Partial<Record<FundsField, number>> = {};
  for (const cell of rowTexts(sheet, headerRow)) {
    const f = fundsHeaderField(cell.key);
    if (f && columns[f] === undefined) columns[f] = cell.c;
  }
  const rows: FundsRow[] = [];
  const numericCols = (['initial', 'budget', 'spent'] as FundsField[]).map((f) => columns[f]).filter((c): c is number => c !== undefined);
  for (let r = headerRow + 1; r <= endRow; r++) {
    if (stopRows.has(r)) break;
    const texts = rowTexts(sheet, r);
    if (texts.length === 0) {
      if (rows.length) break;
      continue;
    }
    const hasNumber = numericCols.some((c) => cellText(cellAt(sheet, r, c)).trim() !== '');
    if (!hasNumber) break;
    let label = columns.label !== undefined ? mergedText(sheet, r, columns.label) : '';
    if (label === '') {
      const first = texts.find((t) => !numericCols.includes(t.c));
      label = first?.text ?? '';
    }
    const cells: Partial<Record<FundsField, PerfCell>> = {};
    for (const f of Object.keys(columns) as FundsField[]) {
      const c = columns[f]!;
      const pc = fieldCell(sheet, r, c);
      if (pc) cells[f] = pc;
    }
    rows.push({ label, row: r, cells });
  }
  const totalIdx = rows.findIndex((x) => /总额|总资金|资金合计|^合计|总计/.test(labelKey(x.label)));
  const idx = totalIdx >= 0 ? totalIdx : 0;
  return {
    headerRow,
    columns,
    total: rows[idx],
    parts: rows.filter((_, i) => i !== idx),
  };
}

function parseBlock(sheet: SheetSnapshot, t: Title, endRow: number): PerfTable {
  const table: PerfTable = {
    kind: t.kind,
    sheet: sheet.name,
    title: t.text,
    titleCell: { sheet: sheet.name, address: a1(t.r, t.c) },
    startRow: t.r,
    endRow,
    name: '',
    columns: {},
    indicators: [],
    doubts: [],
  };

  // Locate the parts of the block.
  let fundsHeader = -1;
  let goalHeader = -1;
  let indicatorHeader = -1;
  let totalRow = -1;
  for (let r = t.r + 1; r <= endRow; r++) {
    const texts = rowTexts(sheet, r);
    const keys = texts.map((x) => x.key);
    for (const cell of texts) {
      const k = cell.key;
      if (!table.nameCell && (k === '项目名称' || (t.kind === 'overall' && /^(单位名称|部门名称|单位|部门)$/.test(k)))) {
        const v = valueRightOf(sheet, r, cell.c);
        if (v) {
          table.name = v.text;
          table.nameCell = { sheet: sheet.name, address: a1(r, v.c) };
        }
      } else if (k === '主管部门' && table.department === undefined) {
        table.department = valueRightOf(sheet, r, cell.c)?.text ?? '';
      } else if (k === '实施单位' && table.implementer === undefined) {
        table.implementer = valueRightOf(sheet, r, cell.c)?.text ?? '';
      }
    }
    if (fundsHeader < 0 && keys.some((k) => /全年预算|^预算数/.test(k)) && keys.some((k) => /执行数|全年执行/.test(k))) {
      fundsHeader = r;
    } else if (goalHeader < 0 && indicatorHeader < 0 && keys.some((k) => /完成情况$/.test(k)) && keys.some((k) => /目标/.test(k)) && !keys.includes('一级指标')) {
      goalHeader = r;
    } else if (indicatorHeader < 0 && keys.some((k) => /^一级指标/.test(k)) && keys.some((k) => /^(二级指标|三级指标)/.test(k))) {
      indicatorHeader = r;
    } else if (indicatorHeader >= 0 && totalRow < 0 && keys.some(isTotalLabel)) {
      totalRow = r;
    }
  }

  const stops = new Set([goalHeader, indicatorHeader, totalRow].filter((x) => x >= 0));
  if (fundsHeader >= 0) table.funds = parseFunds(sheet, fundsHeader, endRow, stops);
  else table.doubts.push('未找到资金（预算数/执行数）表头');

  if (goalHeader >= 0) {
    let targetCol: number | undefined;
    let doneCol: number | undefined;
    for (const cell of rowTexts(sheet, goalHeader)) {
      if (/完成情况$/.test(cell.key)) doneCol = cell.c;
      else if (/^(总体目标|预期目标|年度目标|绩效目标)$/.test(cell.key)) targetCol = cell.c;
    }
    const textRow = goalHeader + 1;
    if (textRow <= endRow) {
      table.goal = {
        target: targetCol !== undefined ? perfCell(sheet, textRow, targetCol) : undefined,
        done: doneCol !== undefined ? perfCell(sheet, textRow, doneCol) : undefined,
      };
    }
  }

  if (indicatorHeader < 0) {
    table.doubts.push('未找到指标表头（一级指标/二级指标/三级指标）');
    return table;
  }
  table.indicatorHeaderRow = indicatorHeader;
  for (const cell of rowTexts(sheet, indicatorHeader)) {
    const f = indicatorHeaderField(cell.key);
    if (f && table.columns[f] === undefined) table.columns[f] = cell.c;
  }
  for (const f of ['name', 'target', 'actual', 'weight', 'score'] as IndicatorField[]) {
    if (table.columns[f] === undefined) {
      const label = { name: '三级指标', target: '指标值', actual: '实际完成值', weight: '分值权重', score: '得分' }[f as 'name'];
      table.doubts.push(`指标表缺少“${label}”列`);
    }
  }

  const lastIndicatorRow = totalRow >= 0 ? totalRow - 1 : endRow;
  let level1 = '';
  let level2 = '';
  const fields = Object.keys(table.columns) as IndicatorField[];
  for (let r = indicatorHeader + 1; r <= lastIndicatorRow; r++) {
    const cells: Partial<Record<IndicatorField, PerfCell>> = {};
    let any = false;
    for (const f of fields) {
      const pc = fieldCell(sheet, r, table.columns[f]!);
      if (pc) {
        cells[f] = pc;
        if (pc.text !== '' && f !== 'level1' && f !== 'level2') any = true;
      }
    }
    const l1 = table.columns.level1 !== undefined ? mergedText(sheet, r, table.columns.level1) : '';
    const l2 = table.columns.level2 !== undefined ? mergedText(sheet, r, table.columns.level2) : '';
    if (l1 !== '' && l1 !== level1) { level1 = l1; level2 = ''; }
    if (l2 !== '') level2 = l2;
    if (!any) continue;
    const nameText = table.columns.name !== undefined ? mergedText(sheet, r, table.columns.name) : '';
    const row: IndicatorRow = { row: r, level1, level2, name: nameText, cells };
    table.indicators.push(row);
  }
  if (table.indicators.length === 0) table.doubts.push('指标表没有指标行');

  if (totalRow >= 0) {
    const label = rowTexts(sheet, totalRow).find((x) => isTotalLabel(x.key))!;
    const tr: TotalRow = { row: totalRow, label: perfCell(sheet, totalRow, label.c) };
    if (table.columns.weight !== undefined) tr.weight = fieldCell(sheet, totalRow, table.columns.weight);
    if (table.columns.score !== undefined) tr.score = fieldCell(sheet, totalRow, table.columns.score);
    table.totalRow = tr;
  } else if (t.kind === 'project') {
    table.doubts.push('未找到“总分”行');
  }
  return table;
}

export interface PerfScan {
  tables: PerfTable[];
  /** Title-like cells with no table under them (a heading in prose, a list of attachments). */
  ignored: { ref: { sheet: string; address: string }; text: string }[];
}

/** Every self-evaluation table of the workbook, in sheet order then top to bottom. */
export function scanPerfTables(snap: WorkbookSnapshot): PerfScan {
  const out: PerfScan = { tables: [], ignored: [] };
  for (const sheet of snap.sheets) {
    if (sheet.name === SETTINGS_SHEET) continue;
    const titles = findTitles(sheet);
    titles.forEach((t, i) => {
      const end = i + 1 < titles.length ? titles[i + 1].r - 1 : sheet.values.length - 1;
      const table = parseBlock(sheet, t, end);
      if (!table.funds && table.indicatorHeaderRow === undefined) out.ignored.push({ ref: table.titleCell, text: t.text });
      else out.tables.push(table);
    });
  }
  return out;
}

export function findPerfTables(snap: WorkbookSnapshot): PerfTable[] {
  return scanPerfTables(snap).tables;
}

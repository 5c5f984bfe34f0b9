/** Recognise the nine tables by their title text, wherever they are and whatever the sheets are called. */
import { TableId } from '../finding';
import { cellText, colCount, SheetSnapshot } from '../snapshot';
import { labelKey } from '../text';
import { Unit } from './model';

interface TitlePattern { table: TableId; key: string }

const TITLES: TitlePattern[] = ([
  { table: 'T1', key: '收入支出决算总表' },
  { table: 'T2', key: '收入决算表' },
  { table: 'T3', key: '支出决算表' },
  { table: 'T4', key: '财政拨款收入支出决算总表' },
  { table: 'T4', key: '财政拨款收支决算总表' },
  { table: 'T5', key: '一般公共预算财政拨款支出决算表' },
  { table: 'T5', key: '一般公共预算财政拨款支出决算明细表' },
  { table: 'T6', key: '一般公共预算财政拨款基本支出决算表' },
  { table: 'T6', key: '一般公共预算财政拨款基本支出决算明细表' },
  { table: 'T7', key: '政府性基金预算财政拨款收入支出决算表' },
  { table: 'T7', key: '政府性基金预算财政拨款支出决算表' },
  { table: 'T8', key: '国有资本经营预算财政拨款收入支出决算表' },
  { table: 'T8', key: '国有资本经营预算财政拨款支出决算表' },
  { table: 'T9', key: '财政拨款三公经费支出决算表' },
  { table: 'T9', key: '一般公共预算财政拨款三公经费支出决算表' },
  // Longest first: T4 before T1, T5 before T3, T7/T8 before T3.
] as TitlePattern[]).sort((a, b) => b.key.length - a.key.length);

/** Rows scanned for a title and for the unit line. */
const TITLE_ROWS = 5;
const UNIT_ROWS = 8;
/** A title cell holds little beyond the title (year, tag, brackets); a paragraph is not a title. */
const TITLE_SLACK = 20;

export interface Recognition {
  table: TableId;
  title: string;
  titleRow: number;
  doubts: string[];
}

export function matchTitle(text: string): TableId | undefined {
  const k = labelKey(text);
  if (!k) return undefined;
  for (const t of TITLES) {
    if (k.includes(t.key) && k.length <= t.key.length + TITLE_SLACK) return t.table;
  }
  return undefined;
}

export function recognizeSheet(sheet: SheetSnapshot): Recognition | undefined {
  const rows = Math.min(TITLE_ROWS, sheet.values.length);
  const cols = colCount(sheet);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const text = cellText(sheet.values[r]?.[c] ?? null);
      if (!text) continue;
      const table = matchTitle(text);
      if (table) {
        const doubts: string[] = [];
        if (r > 2) doubts.push(`标题位于第 ${r + 1} 行，不在表头位置`);
        return { table, title: text.trim(), titleRow: r, doubts };
      }
    }
  }
  return undefined;
}

/**
 * Does the sheet start without a title (straight with the unit line, a `公开NN表` tag or the header)?
 * A sheet whose first rows carry some other title (`附表`) is not taken by its name or content.
 */
export function hasNoTitle(sheet: SheetSnapshot): boolean {
  const cols = colCount(sheet);
  for (let r = 0; r < Math.min(3, sheet.values.length); r++) {
    for (let c = 0; c < cols; c++) {
      const k = labelKey(cellText(sheet.values[r]?.[c] ?? null));
      if (!k) continue;
      if (/^(项目|科目编码|科目名称|类|收入|支出|人员经费|公用经费|预算数|决算数)/.test(k) || k.endsWith('科目编码')) return true;
      if (/单位|部门|年度|^\(?万?元\)?$|^(公开)?\d{1,2}表$|^表[一二三四五六七八九十\d]+$|^附表\d|^\d{4}年$/.test(k)) continue;
      // Some other title: a name of a table, or a long first line.
      if (/表$/.test(k) || (r === 0 && k.length >= 10)) return false;
    }
  }
  return true;
}

/** No title (or another title): the sheet name, if it holds a title (`6一般公共预算财政拨款基本支出决算表`, `公开06表` does not). */
export function recognizeByName(sheet: SheetSnapshot): Recognition | undefined {
  const table = matchTitle(sheet.name);
  if (!table) return undefined;
  return { table, title: sheet.name, titleRow: -1, doubts: [hasNoTitle(sheet) ? `未找到标题行，按工作表名“${sheet.name}”识别` : `标题不是九张表之一，按工作表名“${sheet.name}”识别，如有误请在任务窗格中更正`] };
}

/**
 * No title and no telling sheet name: the column headers and codes. Returns the best guess with the
 * reason, or undefined when the sheet does not look like one of the nine tables.
 */
export function recognizeByContent(sheet: SheetSnapshot, taken: Set<TableId>): Recognition | undefined {
  if (!hasNoTitle(sheet)) return undefined;
  const rows = Math.min(sheet.values.length, 40);
  const cols = colCount(sheet);
  const keys: string[] = [];
  let codes30 = 0;
  let codes2 = 0;
  let has223 = false;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const t = cellText(sheet.values[r]?.[c] ?? null);
      if (!t) continue;
      const k = labelKey(t);
      if (r < 8 && (k.length > 40 || /绩效|说明|目录|封面/.test(k))) return undefined;
      if (/^3\d{2}(\d{2})?$/.test(k)) codes30++;
      else if (/^2\d{2}(\d{2}){0,2}$/.test(k)) { codes2++; if (k.startsWith('223')) has223 = true; }
      keys.push(k);
    }
  }
  const has = (w: string) => keys.some((k) => k.includes(w));
  let table: TableId | undefined;
  let why = '';
  if ((has('人员经费') || has('公用经费')) && codes30 > 0) { table = 'T6'; why = '有人员经费/公用经费和经济分类科目编码'; }
  else if (codes30 === 0 && codes2 === 0 && has('因公出国') && has('公务接待')) { table = 'T9'; why = '表头有因公出国（境）费、公务接待费'; }
  else if (has('本年收入合计') && has('本年支出合计') && has('总计')) {
    if (has('年初财政拨款结转') || (has('政府性基金预算财政拨款') && !has('事业收入'))) { table = 'T4'; why = '有财政拨款收入、支出两栏和总计'; }
    else { table = 'T1'; why = '有收入、支出两栏和总计'; }
  } else if (codes2 > 0 && (has('上级补助收入') || has('事业收入') || has('本年收入合计'))) { table = 'T2'; why = '表头有本年收入合计、上级补助收入/事业收入'; }
  else if (codes2 > 0 && (has('上缴上级支出') || has('对附属单位补助支出'))) { table = 'T3'; why = '表头有上缴上级支出/对附属单位补助支出'; }
  else if (codes2 > 0 && has('年初结转和结余') && has('年末结转和结余')) {
    table = has('国有资本') || (has223 && !has('政府性基金')) ? 'T8' : 'T7';
    why = table === 'T8' ? '表头有年初/年末结转和结余，科目或文字属国有资本经营预算' : '表头有年初/年末结转和结余';
  } else if (codes2 > 0 && has('基本支出') && has('项目支出')) { table = 'T5'; why = '表头有基本支出、项目支出（也可能是只列支出的基金/国资表）'; }
  if (!table || taken.has(table)) return undefined;
  return { table, title: sheet.name, titleRow: -1, doubts: [`未找到标题行，按表头内容识别（${why}），如有误请在任务窗格中更正`] };
}

export interface UnitLine {
  unit: Unit;
  source: string;
  unitName?: string;
  row?: number;
}

/** Read 金额单位 and 部门/单位 name from the rows under the title. */
export function readUnitLine(sheet: SheetSnapshot, fromRow: number): UnitLine {
  let unit: Unit | undefined;
  let source = '';
  let unitName: string | undefined;
  let row: number | undefined;
  const end = Math.min(sheet.values.length, fromRow + UNIT_ROWS);
  const cols = colCount(sheet);
  for (let r = fromRow; r < end; r++) {
    for (let c = 0; c < cols; c++) {
      const raw = cellText(sheet.values[r]?.[c] ?? null);
      if (!raw) continue;
      const k = labelKey(raw);
      const um = /(?:金额单位|计量单位|单位):?(万元|元)(?![\u4e00-\u9fff])/.exec(k) ?? /^[(\[]?(万元|元)[)\]]?$/.exec(k);
      if (um && unit === undefined) {
        unit = um[1] as Unit;
        source = `${raw.trim()}（第 ${r + 1} 行）`;
        row = r;
      }
      const nm = /^(?:部门|编制单位|单位名称|预算单位|单位)(?:名称)?:(.+?)(?:金额单位.*)?$/.exec(k);
      if (nm && !/^(万元|元)$/.test(nm[1]) && unitName === undefined) unitName = nm[1];
    }
  }
  if (!unit) return { unit: '万元', source: '未找到金额单位行，按万元处理', unitName };
  return { unit, source, unitName, row };
}

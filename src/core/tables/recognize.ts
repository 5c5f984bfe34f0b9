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
      const um = /(?:金额单位|计量单位|单位):?(万元|元)/.exec(k);
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

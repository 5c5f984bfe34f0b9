/**
 * Typed models of the nine tables. Every amount is in 万元 (converted from the table's unit) and
 * remembers its sheet and cell.
 */
import Decimal from 'decimal.js';
import { CellRef, TableId } from '../finding';

export type Unit = '万元' | '元';

export interface Amount {
  /** Displayed value in 万元. */
  value: Decimal;
  /** Half of the last displayed decimal, in 万元 (interval half-width). */
  half: Decimal;
  ref: CellRef;
  /** The value in millionths of 万元 when that is a safe integer (fast exact sums; see interval.ts). */
  micro?: number;
  /** The cell was empty or a dash (counts as zero). */
  blank?: boolean;
}

export interface TableBase {
  id: TableId;
  sheet: string;
  title: string;
  unit: Unit;
  /** Where the unit came from, or why it is assumed. */
  unitSource: string;
  /** Unit/department text from the 部门：/单位： line, if any. */
  unitName?: string;
  /** Reasons the recognition looks uncertain. */
  doubts: string[];
  /** The table has no data and carries a no-data note (T7/T8). */
  emptyNote?: string;
}

/** A row of a table keyed by 支出功能分类科目 code. */
export interface CodeRow {
  /** '2010301' (类 3 digits, 款 5, 项 7); '' for the 合计 row. */
  code: string;
  level: 0 | 1 | 2 | 3;
  name: string;
  /** 0-based row index on the sheet. */
  row: number;
  codeRef?: CellRef;
  /** Every cell the code was read from (类, 款, 项 columns when split). */
  codeCells?: CellRef[];
  nameRef?: CellRef;
  amounts: Partial<Record<string, Amount>>;
  /** Totals-row cells that hold the template's header word instead of an amount (the total is not stated). */
  unstated?: Partial<Record<string, { ref: CellRef; text: string }>>;
}

export interface CodeTable<K extends string> extends TableBase {
  columns: K[];
  /** Header text of each recognised column. */
  columnLabels: Partial<Record<K, string>>;
  total?: CodeRow;
  rows: CodeRow[];
}

export type T2Col = 'total' | 'fiscal' | 'superior' | 'business' | 'operating' | 'affiliated' | 'other';
export type T3Col = 'total' | 'basic' | 'project' | 'remitSuperior' | 'operating' | 'subsidyAffiliated';
export type T5Col = 'total' | 'basic' | 'project';
export type T78Col = 'carryIn' | 'income' | 'total' | 'basic' | 'project' | 'carryOut';

export type T1IncomeKey =
  | 'gpb' | 'fund' | 'soe' | 'superior' | 'business' | 'operating' | 'affiliated' | 'other';

export interface T1Table extends TableBase {
  id: 'T1';
  income: Partial<Record<T1IncomeKey, Amount>>;
  incomeTotal?: Amount; // 本年收入合计
  useNonFiscalBalance?: Amount; // 使用非财政拨款结余（含专用结余）
  carryIn?: Amount; // 年初结转和结余
  incomeGrand?: Amount; // 收入 总计
  expenseByClass: { code: string; name: string; amount: Amount }[];
  expenseTotal?: Amount; // 本年支出合计
  distribution?: Amount; // 结余分配
  carryOut?: Amount; // 年末结转和结余
  expenseGrand?: Amount; // 支出 总计
}

export type T4Col = 'total' | 'gpb' | 'fund' | 'soe';
export const T4_COL_LABEL: Record<T4Col, string> = { total: '合计', gpb: '一般公共预算财政拨款', fund: '政府性基金预算财政拨款', soe: '国有资本经营预算财政拨款' };
export interface T4Table extends TableBase {
  id: 'T4';
  income: Partial<Record<'gpb' | 'fund' | 'soe', Amount>>;
  incomeTotal?: Amount; // 本年收入合计
  carryIn?: Amount; // 年初财政拨款结转和结余
  carryInBy: Partial<Record<'gpb' | 'fund' | 'soe', Amount>>;
  incomeGrand?: Amount;
  /** Expenditure side: one row per 类 (code may be '' when only names are given). */
  expenseRows: { code: string; name: string; row: number; amounts: Partial<Record<T4Col, Amount>> }[];
  expenseTotal: Partial<Record<T4Col, Amount>>; // 本年支出合计
  carryOut: Partial<Record<T4Col, Amount>>; // 年末财政拨款结转和结余
  expenseGrand: Partial<Record<T4Col, Amount>>; // 总计
}

export interface T6Item {
  code: string;
  name: string;
  amount: Amount;
  codeRef?: CellRef;
}
export interface T6Table extends TableBase {
  id: 'T6';
  items: T6Item[];
  personnelTotal?: Amount; // 人员经费合计
  publicTotal?: Amount; // 公用经费合计
  total?: Amount; // 合计 (one-lane tables that state only the overall total)
}

export type T9Key = 'total' | 'abroad' | 'car' | 'carPurchase' | 'carRun' | 'reception';
export interface T9Table extends TableBase {
  id: 'T9';
  budget: Partial<Record<T9Key, Amount>>;
  actual: Partial<Record<T9Key, Amount>>;
}

export type T2Table = CodeTable<T2Col> & { id: 'T2' };
export type T3Table = CodeTable<T3Col> & { id: 'T3' };
export type T5Table = CodeTable<T5Col> & { id: 'T5' };
export type T7Table = CodeTable<T78Col> & { id: 'T7' };
export type T8Table = CodeTable<T78Col> & { id: 'T8' };

export interface TableSet {
  T1?: T1Table;
  T2?: T2Table;
  T3?: T3Table;
  T4?: T4Table;
  T5?: T5Table;
  T6?: T6Table;
  T7?: T7Table;
  T8?: T8Table;
  T9?: T9Table;
}

export const TABLE_NAMES: Record<TableId, string> = {
  T1: '收入支出决算总表',
  T2: '收入决算表',
  T3: '支出决算表',
  T4: '财政拨款收入支出决算总表',
  T5: '一般公共预算财政拨款支出决算表',
  T6: '一般公共预算财政拨款基本支出决算表',
  T7: '政府性基金预算财政拨款收入支出决算表',
  T8: '国有资本经营预算财政拨款收入支出决算表',
  T9: '财政拨款“三公”经费支出决算表',
};

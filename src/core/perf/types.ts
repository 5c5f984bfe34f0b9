/** Models of the self-evaluation sheets (绩效自评表) as read from a WorkbookSnapshot. */
import { CellValue } from '../snapshot';
import { CellRef } from '../finding';

export type PerfKind = 'project' | 'overall';

/** One cell of a self-evaluation table: where it is and what it holds. */
export interface PerfCell {
  ref: CellRef;
  /** 0-based row/column on the sheet. */
  r: number;
  c: number;
  value: CellValue;
  format: string | null;
  /** Text for display ('' when blank). */
  text: string;
}

export type IndicatorField =
  | 'level1' | 'level2' | 'name' | 'target' | 'basis' | 'prior' | 'weight' | 'rule' | 'evidence'
  | 'actual' | 'rate' | 'score' | 'deviation'
  /** 指标性质 (Sichuan: the comparator `=`/`≥`/`≤` in its own column) and 度量单位 (the unit in its own column). */
  | 'nature' | 'unit';

export const INDICATOR_FIELD_LABEL: Record<IndicatorField, string> = {
  level1: '一级指标',
  level2: '二级指标',
  name: '三级指标',
  target: '指标值',
  basis: '指标值设置依据',
  prior: '上年完成值',
  weight: '指标分值权重',
  rule: '指标赋分规则',
  evidence: '佐证资料',
  actual: '指标实际完成值',
  rate: '完成率',
  score: '指标得分',
  deviation: '偏差原因分析及改进措施',
  nature: '指标性质',
  unit: '度量单位',
};

export type FundsField = 'label' | 'initial' | 'budget' | 'spent' | 'weight' | 'rate' | 'score';

export interface FundsRow {
  label: string;
  row: number;
  cells: Partial<Record<FundsField, PerfCell>>;
}

export interface FundsBlock {
  headerRow: number;
  columns: Partial<Record<FundsField, number>>;
  /** 年度资金总额 / 年度总资金 (the row the execution score is computed on). */
  total?: FundsRow;
  /** 其中：当年财政拨款, 其他资金, 上级资金, 本级资金 … */
  parts: FundsRow[];
  /** Points written in the block's label (`预算执行情况(10分)`), when any. */
  labelWeight?: string;
  /** The label cell `labelWeight` was read from. */
  labelPoints?: StatedPoints;
}

/** Points stated in a label cell (`绩效指标(90分)`, `产出指标(50分)`): the number and where it is written. */
export interface StatedPoints {
  points: string;
  cell: CellRef;
  text: string;
}

export interface IndicatorRow {
  row: number;
  level1: string;
  level2: string;
  name: string;
  cells: Partial<Record<IndicatorField, PerfCell>>;
}

export interface TotalRow {
  row: number;
  label: PerfCell;
  weight?: PerfCell;
  score?: PerfCell;
}

/** A labelled free-text cell of the table (评价结论, 存在问题, 改进措施, 总体目标完成情况 …). */
export interface TextPart {
  label: string;
  labelCell: CellRef;
  cell?: PerfCell;
}

/** The parts a table is recognised by. */
export type PerfPart = 'title' | 'header' | 'funds' | 'grid' | 'total';

export interface PerfTable {
  kind: PerfKind;
  sheet: string;
  /** The title as written; '' when the table has no title row. */
  title: string;
  /** The title cell, or (no title row) the first cell of the table's first part. */
  titleCell: CellRef;
  /** 0-based rows and columns of the block on its sheet (inclusive). */
  startRow: number;
  endRow: number;
  startCol: number;
  endCol: number;
  /** The parts found (see `doubts` / `notes` for those missing). */
  parts: PerfPart[];
  /** 项目名称 (project) or 单位名称 (overall); '' when absent. */
  name: string;
  nameCell?: CellRef;
  department?: string;
  implementer?: string;
  funds?: FundsBlock;
  goal?: { target?: PerfCell; done?: PerfCell };
  indicatorHeaderRow?: number;
  /** Points stated in the indicator grid's header (Sichuan `绩效指标(90分)`), when any. */
  gridPoints?: StatedPoints;
  columns: Partial<Record<IndicatorField, number>>;
  indicators: IndicatorRow[];
  totalRow?: TotalRow;
  /** 评价结论 / 存在问题 / 改进措施 … */
  texts: TextPart[];
  /** Why the recognition looks incomplete (zh-CN; reported as warnings). */
  doubts: string[];
  /** Parts absent in a way templates allow (no 总分 row…; zh-CN, reported as info). */
  notes: string[];
}

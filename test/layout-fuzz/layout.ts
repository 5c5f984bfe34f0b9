/**
 * The axes of the "Layout variation catalogue" (../shared/spec/nine-tables.md), each drawn independently.
 * Workbook-wide axes live on Layout, per-table axes on TableLayout; per-cell forms (empty cells, number
 * forms) are drawn by the renderer from `cellSeed` with the table's mix.
 */
import { TableId } from '../../scripts/fixtures/model';
import { Rng } from './prng';

export const TABLES: TableId[] = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'];

export type Order = 'xinjiang' | 'shanghai' | 'shuffled';
export type SheetNaming = 'numbered' | 'gongkai' | 'biao' | 'title' | 'sheetN' | 'nonsense';
export type TitleForm = 'merged' | 'plain' | 'tagRight' | 'tagAbove' | 'none';
export type UnitForm = 'jine' | 'danwei' | 'buMenOneCell' | 'bianzhi' | 'unitOnly';
export type EmptyForm = 'blank' | '0' | '0.00' | '-' | '－' | '—' | 'space';
export type NumberForm = 'number' | 'general' | 'formula' | 'textSep' | 'textPlain' | 'fullWidth' | 'trailingSpace';
export type CodeForm = 'joinedText' | 'joinedNumber' | 'split';
export type HeaderDepth = 1 | 2 | 3;

export interface TableLayout {
  title: TitleForm;
  /** Title variant index (0 = canonical; see TITLE_VARIANTS). */
  titleVariant: number;
  unitForm: UnitForm;
  /** 1: one header row; 2: group row + leaf row; 3: 2 + a lone 决算数 row. */
  depth: HeaderDepth;
  /** Single-cell headers spanning the header rows are merged (else written in the top row only). */
  mergeHeaders: boolean;
  codes: CodeForm;
  /** Split codes: the 类 is repeated on every row (else only on its own row). */
  classRepeated: boolean;
  totalsTop: boolean;
  /** The empty-cell forms this table mixes. */
  empties: EmptyForm[];
  /** The number forms this table mixes. */
  numbers: NumberForm[];
  /** A 行次 column and a 栏次 (column-number) row. */
  rowNumbers: boolean;
  /** Notes (注：…) below the table. */
  notes: number;
  /** Code rows: 'tree' (合计/类/款/项 in order), 'reversed' (each level's siblings reversed), 'shuffled'. */
  rowOrder: 'tree' | 'reversed' | 'shuffled';
  /** T1/T4/T6: rows whose amount is zero left out (standard rows missing). */
  dropZeroRows: boolean;
  /** T1/T4 expenditure labels with 一、 ordinals. */
  ordinals: boolean;
  /** T4: a 科目编码 column before the expenditure names. */
  t4CodeColumn: boolean;
  /** T6: 1, 2 or 3 lanes. */
  lanes: 1 | 2 | 3;
  /** T6 totals labels merged across the code and name columns of their lane. */
  mergeTotalsLabel: boolean;
  /** T7/T8 without data: the 合计 row carries the template words 合计/基本支出/项目支出. */
  templateWords: boolean;
  /** T9: items as rows (预算数 | 决算数 columns). */
  transposed: boolean;
  /** T9: 运行费 instead of 运行维护费. */
  shortCarRun: boolean;
  /** Key columns' header: 科目编码, 项目 over 科目编码/科目名称 (2+ header rows), or the long 支出功能分类科目编码. */
  keyHeader: 'code' | 'xiangmu' | 'long';
  /** Spelling of the 合计 row label. */
  totalsLabel: '合计' | '合  计' | '合　计';
  /** Names indented by level with full-width spaces. */
  indentNames: boolean;
  /** An empty row between the header and the data. */
  blankRow: boolean;
  /** T2/T3: the total column headed 合计 instead of 本年收入合计/本年支出合计. */
  shortTotalHeader: boolean;
  /** T1 lane header: 项目 | 决算数, 项目 | 金额, or 收入 | 金额 | 支出 | 金额 (one header row). */
  t1Header: 'xiangmu' | 'jine' | 'side';
  /** T4 in one lane (income rows above expenditure rows), grand totals named 收入总计/支出总计 or bare 总计. */
  t4Lanes: 'two' | 'oneNamed' | 'oneBare';
}

export interface Layout {
  seed: number;
  dataset: number;
  unit: '万元' | '元';
  order: Order;
  /** Shuffled order when order = 'shuffled'. */
  sequence: TableId[];
  naming: SheetNaming;
  tables: Record<TableId, TableLayout>;
  /** Seed of the per-cell choices. */
  cellSeed: number;
}

export const TITLE_VARIANTS: Record<TableId, string[]> = {
  T1: ['收入支出决算总表', '2024年度收入支出决算总表'],
  T2: ['收入决算表', '2024年度收入决算表'],
  T3: ['支出决算表', '2024年度支出决算表'],
  T4: ['财政拨款收入支出决算总表', '财政拨款收支决算总表'],
  T5: ['一般公共预算财政拨款支出决算表', '一般公共预算财政拨款支出决算明细表'],
  T6: ['一般公共预算财政拨款基本支出决算表', '一般公共预算财政拨款基本支出决算明细表'],
  T7: ['政府性基金预算财政拨款收入支出决算表', '政府性基金预算财政拨款收入支出决算表'],
  T8: ['国有资本经营预算财政拨款收入支出决算表', '国有资本经营预算财政拨款收入支出决算表'],
  T9: ['财政拨款“三公”经费支出决算表', '一般公共预算财政拨款“三公”经费支出决算表', '财政拨款"三公"经费支出决算表', '财政拨款『三公』经费支出决算表', '财政拨款三公经费支出决算表'],
};

const ALL_EMPTIES: EmptyForm[] = ['blank', '0', '0.00', '-', '－', '—', 'space'];
const ALL_NUMBERS: NumberForm[] = ['number', 'general', 'formula', 'textSep', 'textPlain', 'fullWidth', 'trailingSpace'];

function subset<T>(rng: Rng, all: T[]): T[] {
  // Often one form for the whole table, else a random mix.
  if (rng.bool(0.5)) return [rng.pick(all)];
  const s = all.filter(() => rng.bool(0.5));
  return s.length ? s : [rng.pick(all)];
}

export function randomTableLayout(rng: Rng, id: TableId): TableLayout {
  return {
    title: rng.pick(['merged', 'plain', 'tagRight', 'tagAbove', 'none'] as TitleForm[]),
    titleVariant: rng.int(0, TITLE_VARIANTS[id].length - 1),
    unitForm: rng.pick(['jine', 'danwei', 'buMenOneCell', 'bianzhi', 'unitOnly'] as UnitForm[]),
    depth: rng.pick([1, 2, 3] as HeaderDepth[]),
    mergeHeaders: rng.bool(0.7),
    codes: rng.pick(['joinedText', 'joinedNumber', 'split'] as CodeForm[]),
    classRepeated: rng.bool(),
    totalsTop: rng.bool(),
    empties: subset(rng, ALL_EMPTIES),
    numbers: subset(rng, ALL_NUMBERS),
    rowNumbers: rng.bool(0.4),
    notes: rng.pick([0, 0, 1, 2]),
    rowOrder: rng.pick(['tree', 'tree', 'reversed', 'shuffled'] as TableLayout['rowOrder'][]),
    dropZeroRows: rng.bool(),
    ordinals: rng.bool(),
    t4CodeColumn: rng.bool(0.3),
    lanes: rng.pick([1, 2, 3] as (1 | 2 | 3)[]),
    mergeTotalsLabel: rng.bool(0.6),
    templateWords: rng.bool(),
    transposed: rng.bool(),
    shortCarRun: rng.bool(0.3),
    keyHeader: rng.pick(['code', 'xiangmu', 'long'] as TableLayout['keyHeader'][]),
    totalsLabel: rng.pick(['合计', '合计', '合  计', '合　计'] as TableLayout['totalsLabel'][]),
    indentNames: rng.bool(0.3),
    blankRow: rng.bool(0.2),
    shortTotalHeader: rng.bool(0.3),
    ...extraAxes(rng),
  };
}

/** T1 header words and a single-lane T4 (drawn after the other axes of the table). */
function extraAxes(rng: Rng): Pick<TableLayout, 't1Header' | 't4Lanes'> {
  return {
    t1Header: rng.pick(['xiangmu', 'xiangmu', 'jine', 'side'] as TableLayout['t1Header'][]),
    t4Lanes: rng.pick(['two', 'two', 'oneNamed', 'oneBare'] as TableLayout['t4Lanes'][]),
  };
}

export function randomLayout(seed: number, datasetCount: number): Layout {
  const rng = new Rng(seed);
  const order = rng.pick(['xinjiang', 'shanghai', 'shuffled'] as Order[]);
  const tables = {} as Record<TableId, TableLayout>;
  for (const id of TABLES) tables[id] = randomTableLayout(rng, id);
  return {
    seed,
    dataset: rng.int(0, datasetCount - 1),
    unit: rng.bool(0.75) ? '万元' : '元',
    order,
    sequence: rng.shuffle(TABLES),
    naming: rng.pick(['numbered', 'gongkai', 'biao', 'title', 'sheetN', 'nonsense'] as SheetNaming[]),
    tables,
    cellSeed: rng.int(1, 2 ** 31),
  };
}

/** The canonical rendering (Xinjiang template): what every other layout is compared with. */
export function canonicalLayout(dataset: number, unit: '万元' | '元'): Layout {
  const t: TableLayout = {
    title: 'merged', titleVariant: 0, unitForm: 'jine', depth: 2, mergeHeaders: true, codes: 'split', classRepeated: true,
    totalsTop: true, empties: ['blank'], numbers: ['number'], rowNumbers: false, notes: 0, rowOrder: 'tree',
    dropZeroRows: false, ordinals: false, t4CodeColumn: false, lanes: 2, mergeTotalsLabel: true, templateWords: false,
    transposed: false, shortCarRun: false, keyHeader: 'code', totalsLabel: '合计', indentNames: false, blankRow: false,
    shortTotalHeader: false, t1Header: 'xiangmu', t4Lanes: 'two',
  };
  const tables = {} as Record<TableId, TableLayout>;
  for (const id of TABLES) tables[id] = { ...t };
  return { seed: 0, dataset, unit, order: 'xinjiang', sequence: TABLES, naming: 'numbered', tables, cellSeed: 1 };
}

export function tableOrder(l: Layout): TableId[] {
  if (l.order === 'xinjiang') return TABLES;
  if (l.order === 'shanghai') return ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T9', 'T7', 'T8'];
  return l.sequence;
}

/** One line per table: the axis values, for failure messages. */
export function describeLayout(l: Layout): string {
  const head = `seed=${l.seed} dataset=${l.dataset} unit=${l.unit} order=${l.order}${l.order === 'shuffled' ? `(${l.sequence.join(',')})` : ''} naming=${l.naming} cellSeed=${l.cellSeed}`;
  const rows = TABLES.map((id) => `  ${id}: ${JSON.stringify(l.tables[id])}`);
  return [head, ...rows].join('\n');
}

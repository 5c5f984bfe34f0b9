/**
 * The facts sheet `补充信息`: everything the narrative needs that no table holds (年度, 单位名称, 年初预算数,
 * 人员, 主要职能, 机关运行经费, 政府采购, 国有资产, 三公 counts, 绩效 text, last year's figures, and one
 * reason cell per change the draft mentions).
 *
 * Layout: a `项目 | 内容 | 填写说明` grid. Reading is label-driven — rows may be moved, other rows may be
 * added — so the label text in 项目 is the key. Writing never overwrites an entry the user made: a
 * missing sheet is created whole; on an existing sheet only empty 内容 cells are filled and missing
 * rows are appended below the last used row.
 */
import { CellRef } from '../finding';
import { Decimal, parseAmount } from '../money';
import { Edit, SheetEdit, SheetRow, ValueEdit } from '../plan';
import { a1, cellAt, CellValue, cellText, SheetSnapshot, WorkbookSnapshot } from '../snapshot';
import { labelKey } from '../text';

export const FACTS_SHEET = '补充信息';

export type FactKind = 'text' | 'amount' | 'count' | 'year' | 'number';

export interface FactField {
  key: string;
  /** The 项目 label (also the reading key). */
  label: string;
  kind: FactKind;
  section: FactSectionId;
  hint: string;
  aliases?: string[];
}

export type FactSectionId =
  | 'basic' | 'staff' | 'budget' | 'opex' | 'procurement' | 'assets' | 'sgjf' | 'perf' | 'prior' | 'reasons';

export const FACT_SECTIONS: { id: FactSectionId; title: string }[] = [
  { id: 'basic', title: '一、基本信息' },
  { id: 'staff', title: '二、人员情况（单位：人）' },
  { id: 'budget', title: '三、年初预算数（单位：万元）' },
  { id: 'opex', title: '四、机关运行经费（单位：万元）' },
  { id: 'procurement', title: '五、政府采购（单位：万元）' },
  { id: 'assets', title: '六、国有资产占用' },
  { id: 'sgjf', title: '七、“三公”经费具体情况' },
  { id: 'perf', title: '八、预算绩效' },
  { id: 'prior', title: '九、上年决算数（单位：万元；导入上年决算时自动填入）' },
  { id: 'reasons', title: '十、变动原因（“主要原因是：”之后的文字；每处变动一行，生成说明时自动增加）' },
];

const f = (section: FactSectionId, key: string, label: string, kind: FactKind, hint: string, aliases?: string[]): FactField =>
  ({ key, label, kind, section, hint, aliases });

/** Every fixed field, in sheet order. Reasons and last year's per-项 amounts are added per workbook. */
export const FACT_FIELDS: FactField[] = [
  f('basic', 'year', '年度', 'year', '决算年度，如 2024', ['决算年度']),
  f('basic', 'unitName', '单位名称', 'text', '部门（单位）全称，如 乌鲁木齐市水磨沟区水磨沟街道办事处', ['部门名称']),
  f('basic', 'functions', '主要职能', 'text', '第一部分“一、主要职能”的全文；多段请在单元格内换行（Alt+Enter）'),
  f('basic', 'organization', '机构设置', 'text', '“二、机构设置及人员情况”中机构设置的文字，如“本单位无下属预算单位，下设8个科室，分别是：……。”'),
  f('basic', 'otherMatters', '其他需说明的事项', 'text', '留空则写“本单位无其他需说明的事项。”'),

  f('staff', 'staff.total', '实有人数', 'count', '年末实有人数'),
  f('staff', 'staff.active', '在职人员', 'count', '在职人员人数'),
  f('staff', 'staff.activeChange', '在职人员较上年增减', 'count', '比上年增加填正数，减少填负数（如 -14）'),
  f('staff', 'staff.retiredEarly', '离休人员', 'count', '离休人员人数'),
  f('staff', 'staff.retiredEarlyChange', '离休人员较上年增减', 'count', '比上年增加填正数，减少填负数'),
  f('staff', 'staff.retired', '退休人员', 'count', '退休人员人数'),
  f('staff', 'staff.retiredChange', '退休人员较上年增减', 'count', '比上年增加填正数，减少填负数'),

  f('budget', 'budget.total', '年初预算数（总）', 'amount', '单位年初预算总额'),
  f('budget', 'budget.fiscal', '年初预算数（财政拨款）', 'amount', '财政拨款年初预算数（用于第二部分四）'),
  f('budget', 'budget.gpb', '年初预算数（一般公共预算财政拨款）', 'amount', '用于第二部分五（一）'),
  f('budget', 'budget.fund', '年初预算数（政府性基金预算财政拨款）', 'amount', '用于第二部分七；没有填 0'),
  f('budget', 'budget.soe', '年初预算数（国有资本经营预算财政拨款）', 'amount', '用于第二部分八；没有填 0'),
  f('budget', 'budget.gpbFull', '全年预算数（一般公共预算财政拨款）', 'amount', '上海格式五（三）“全年预算为…”；留空则不写'),

  f('opex', 'opex.current', '本年机关运行经费', 'amount', '行政单位和参公事业单位财政拨款基本支出中的公用经费；已按公用经费合计预填，请核对'),
  f('opex', 'opex.prior', '上年机关运行经费', 'amount', '上年决算说明中的机关运行经费；导入上年决算时按上年公用经费合计预填，请核对'),

  f('procurement', 'proc.total', '政府采购支出总额', 'amount', '本年政府采购支出总额；没有填 0'),
  f('procurement', 'proc.goods', '政府采购货物支出', 'amount', ''),
  f('procurement', 'proc.works', '政府采购工程支出', 'amount', ''),
  f('procurement', 'proc.services', '政府采购服务支出', 'amount', ''),
  f('procurement', 'proc.sme', '授予中小企业合同金额', 'amount', ''),
  f('procurement', 'proc.micro', '授予小微企业合同金额', 'amount', ''),

  f('assets', 'assets.buildingArea', '房屋面积（平方米）', 'number', '截至年末房屋面积'),
  f('assets', 'assets.buildingValue', '房屋价值（万元）', 'amount', ''),
  f('assets', 'assets.vehicles', '车辆数（辆）', 'count', '国有资产占用情况中固定资产车辆数'),
  f('assets', 'assets.vehicleValue', '车辆价值（万元）', 'amount', ''),
  f('assets', 'assets.v.ministerial', '副部（省）级及以上领导用车（辆）', 'count', ''),
  f('assets', 'assets.v.head', '主要负责人用车（辆）', 'count', ''),
  f('assets', 'assets.v.confidential', '机要通信用车（辆）', 'count', ''),
  f('assets', 'assets.v.emergency', '应急保障用车（辆）', 'count', ''),
  f('assets', 'assets.v.enforcement', '执法执勤用车（辆）', 'count', ''),
  f('assets', 'assets.v.special', '特种专业技术用车（辆）', 'count', ''),
  f('assets', 'assets.v.retiree', '离退休干部服务用车（辆）', 'count', ''),
  f('assets', 'assets.v.other', '其他用车（辆）', 'count', ''),
  f('assets', 'assets.v.otherUse', '其他用车主要用途', 'text', '如：社区业务用车'),
  f('assets', 'assets.bigEquipment', '单价100万元（含）以上设备（台套）', 'count', '不含车辆'),

  f('sgjf', 'sgjf.abroadContent', '因公出国（境）费开支内容', 'text', '金额为 0 且留空时写“本单位无因公出国（境）费”'),
  f('sgjf', 'sgjf.abroadGroups', '因公出国（境）团组数（个）', 'count', ''),
  f('sgjf', 'sgjf.abroadPeople', '因公出国（境）人次', 'count', ''),
  f('sgjf', 'sgjf.carRunContent', '公务用车运行维护费开支内容', 'text', '金额为 0 且留空时写“本单位无公务用车运行维护费”'),
  f('sgjf', 'sgjf.carsBought', '公务用车购置数（辆）', 'count', ''),
  f('sgjf', 'sgjf.carsHeld', '公务用车保有量（辆）', 'count', ''),
  f('sgjf', 'sgjf.receptionContent', '公务接待费开支内容', 'text', '金额为 0 且留空时写“本单位无公务接待费”'),
  f('sgjf', 'sgjf.receptionBatches', '国内公务接待批次', 'count', ''),
  f('sgjf', 'sgjf.receptionPeople', '国内公务接待人次', 'count', ''),

  f('perf', 'perf.overallCount', '整体支出绩效自评表个数', 'count', '留空则按工作簿中的单位整体支出绩效自评表计'),
  f('perf', 'perf.overallBudget', '整体支出全年预算总额', 'amount', '留空则取单位整体支出绩效自评表'),
  f('perf', 'perf.overallActual', '整体支出实际执行总额', 'amount', '留空则取单位整体支出绩效自评表'),
  f('perf', 'perf.projectCount', '预算绩效评价项目个数', 'count', '留空则按工作簿中的项目支出绩效自评表计'),
  f('perf', 'perf.projectBudget', '评价项目全年预算数', 'amount', '留空则为各项目支出绩效自评表之和'),
  f('perf', 'perf.projectActual', '评价项目全年执行数', 'amount', '留空则为各项目支出绩效自评表之和'),
  f('perf', 'perf.achievements', '预算绩效管理取得的成效', 'text', ''),
  f('perf', 'perf.problems', '发现的问题及原因', 'text', ''),
  f('perf', 'perf.measures', '下一步改进措施', 'text', ''),

  f('prior', 'prior.year', '上年年度', 'year', ''),
  f('prior', 'prior.incomeGrand', '上年收入总计', 'amount', '上年收入支出决算总表 收入总计'),
  f('prior', 'prior.expenseGrand', '上年支出总计', 'amount', '上年收入支出决算总表 支出总计'),
  f('prior', 'prior.fiscalGrand', '上年财政拨款收入总计', 'amount', '上年财政拨款收入支出决算总表 收入总计'),
  f('prior', 'prior.gpbExpense', '上年一般公共预算财政拨款支出', 'amount', '上年一般公共预算财政拨款支出决算表 合计'),
  f('prior', 'prior.fundGrand', '上年政府性基金预算财政拨款收入总计', 'amount', '年初结转和结余 + 本年收入'),
  f('prior', 'prior.soeGrand', '上年国有资本经营预算财政拨款收入总计', 'amount', '年初结转和结余 + 本年收入'),
  f('prior', 'prior.sgjf.total', '上年“三公”经费支出', 'amount', '上年“三公”经费支出决算表 合计 决算数'),
  f('prior', 'prior.sgjf.abroad', '上年因公出国（境）费支出', 'amount', ''),
  f('prior', 'prior.sgjf.car', '上年公务用车购置及运行维护费支出', 'amount', ''),
  f('prior', 'prior.sgjf.carPurchase', '上年公务用车购置费支出', 'amount', ''),
  f('prior', 'prior.sgjf.carRun', '上年公务用车运行维护费支出', 'amount', ''),
  f('prior', 'prior.sgjf.reception', '上年公务接待费支出', 'amount', ''),
];

export const FIELD_BY_KEY = new Map(FACT_FIELDS.map((x) => [x.key, x]));

// ---------------------------------------------------------------------------------------------
// Keys built per workbook: last year's per-项 amounts and reasons.

export type Fund = 'gpb' | 'fund' | 'soe';
export const FUND_LABEL: Record<Fund, string> = {
  gpb: '一般公共预算支出',
  fund: '政府性基金支出',
  soe: '国有资本经营支出',
};

/** 上年一般公共预算支出 2010301 一般公共服务支出(类)…(款)行政运行(项) */
export function priorItemLabel(fund: Fund, code: string, path: string): string {
  return `上年${FUND_LABEL[fund]} ${code} ${path}`.trim();
}
export function priorItemKey(fund: Fund, code: string): string {
  return `prior.item.${fund}.${code}`;
}

/** 年初预算数 一般公共预算支出 2010301 行政运行 (上海格式五（三）per 项; 全年 for 全年预算数). */
export function itemBudgetLabel(kind: '年初' | '全年', fund: Fund, code: string, name: string): string {
  return `${kind}预算数 ${FUND_LABEL[fund]} ${code} ${name}`.trim();
}
export function itemBudgetKey(kind: '年初' | '全年', fund: Fund, code: string): string {
  return `${kind === '年初' ? 'budget' : 'budgetFull'}.item.${fund}.${code}`;
}

/** 主要用途 一般公共预算支出 2010301 行政运行 (上海格式五（三）“主要用于：…”). */
export function itemPurposeLabel(fund: Fund, code: string, name: string): string {
  return `主要用途 ${FUND_LABEL[fund]} ${code} ${name}`.trim();
}
export function itemPurposeKey(fund: Fund, code: string): string {
  return `purpose.item.${fund}.${code}`;
}

/** Fixed reasons (one per sentence of the seed that carries “主要原因是：”). */
export const REASONS: Record<string, string> = {
  'reason.total.yoy': '原因：收入支出总体与上年相比',
  'reason.fiscal.yoy': '原因：财政拨款收入支出与上年相比',
  'reason.fiscal.budget': '原因：财政拨款预决算差异',
  'reason.gpb.yoy': '原因：一般公共预算财政拨款支出与上年相比',
  'reason.gpb.budget': '原因：一般公共预算财政拨款预决算差异',
  'reason.fund.yoy': '原因：政府性基金预算财政拨款收入支出与上年相比',
  'reason.fund.budget': '原因：政府性基金预算财政拨款预决算差异',
  'reason.soe.yoy': '原因：国有资本经营预算财政拨款收入支出与上年相比',
  'reason.soe.budget': '原因：国有资本经营预算财政拨款预决算差异',
  'reason.sgjf.yoy.total': '原因：“三公”经费与上年相比',
  'reason.sgjf.yoy.abroad': '原因：因公出国（境）费与上年相比',
  'reason.sgjf.yoy.car': '原因：公务用车购置及运行维护费与上年相比',
  'reason.sgjf.yoy.reception': '原因：公务接待费与上年相比',
  'reason.sgjf.budget.total': '原因：“三公”经费预决算差异',
  'reason.sgjf.budget.abroad': '原因：因公出国（境）费预决算差异',
  'reason.sgjf.budget.carPurchase': '原因：公务用车购置费预决算差异',
  'reason.sgjf.budget.carRun': '原因：公务用车运行维护费预决算差异',
  'reason.sgjf.budget.reception': '原因：公务接待费预决算差异',
  'reason.sgjf.carsDiff': '原因：固定资产车辆与公务用车保有量差异',
  'reason.opex.yoy': '原因：机关运行经费与上年相比',
};

/** 原因：一般公共预算支出 2010301 行政运行 */
export function itemReasonLabel(fund: Fund, code: string, name: string): string {
  return `原因：${FUND_LABEL[fund]} ${code} ${name}`.trim();
}
export function itemReasonKey(fund: Fund, code: string): string {
  return `reason.item.${fund}.${code}`;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface FactCell {
  key: string;
  label: string;
  value: CellValue;
  ref: CellRef;
  row: number;
}

export interface PriorItem {
  fund: Fund;
  code: string;
  /** "类(类)款(款)项(项)" path as written in the label (may be ''). */
  path: string;
  cell: FactCell;
}

export interface Facts {
  /** The facts sheet's name when the workbook has one. */
  sheet?: string;
  cells: Map<string, FactCell>;
  priorItems: PriorItem[];
  /** Column holding the values (0-based) and the last used row, for appending. */
  valueCol: number;
  labelCol: number;
  lastRow: number;
  /** Values that are not what the field needs (e.g. text in an amount cell), zh-CN. */
  problems: { key: string; ref: CellRef; message: string }[];
}

/** Label normalisation for facts: labelKey without a trailing unit in brackets. */
export function factLabelKey(s: string): string {
  return labelKey(s).replace(/\((万元|元|人|个|辆|平方米|台套|台\(套\)|人次|批次)\)$/, '');
}

const LABEL_INDEX: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const fl of FACT_FIELDS) {
    m.set(factLabelKey(fl.label), fl.key);
    for (const a of fl.aliases ?? []) m.set(factLabelKey(a), fl.key);
  }
  for (const [k, label] of Object.entries(REASONS)) m.set(factLabelKey(label), k);
  return m;
})();

const FUND_BY_LABEL: Record<string, Fund> = {
  [labelKey(FUND_LABEL.gpb)]: 'gpb',
  [labelKey(FUND_LABEL.fund)]: 'fund',
  [labelKey(FUND_LABEL.soe)]: 'soe',
};
const FUND_ALT = '(一般公共预算支出|政府性基金支出|国有资本经营支出)';
const PRIOR_ITEM_RE = new RegExp(`^上年${FUND_ALT}(\\d{3}(?:\\d{2}){0,2})(.*)$`);
const BUDGET_ITEM_RE = new RegExp(`^(年初|全年)预算数?${FUND_ALT}(\\d{3}(?:\\d{2}){0,2})(.*)$`);
const PURPOSE_ITEM_RE = new RegExp(`^主要用途${FUND_ALT}(\\d{3}(?:\\d{2}){0,2})(.*)$`);
const REASON_ITEM_RE = new RegExp(`^(?:主要)?原因:?${FUND_ALT}(\\d{3}(?:\\d{2}){0,2})(.*)$`);

/** Which fact a label names, or undefined. */
export function keyOfLabel(label: string): { key: string; fund?: Fund; code?: string; path?: string } | undefined {
  const k = factLabelKey(label);
  if (!k) return undefined;
  const fixed = LABEL_INDEX.get(k);
  if (fixed) return { key: fixed };
  let m = PRIOR_ITEM_RE.exec(k);
  if (m) {
    const fund = FUND_BY_LABEL[m[1]];
    return { key: priorItemKey(fund, m[2]), fund, code: m[2], path: m[3] };
  }
  m = BUDGET_ITEM_RE.exec(k);
  if (m) {
    const fund = FUND_BY_LABEL[m[2]];
    return { key: itemBudgetKey(m[1] as '年初' | '全年', fund, m[3]), fund, code: m[3] };
  }
  m = PURPOSE_ITEM_RE.exec(k);
  if (m) {
    const fund = FUND_BY_LABEL[m[1]];
    return { key: itemPurposeKey(fund, m[2]), fund, code: m[2] };
  }
  m = REASON_ITEM_RE.exec(k);
  if (m) {
    const fund = FUND_BY_LABEL[m[1]];
    return { key: itemReasonKey(fund, m[2]), fund, code: m[2] };
  }
  return undefined;
}

export function findFactsSheet(snap: WorkbookSnapshot): SheetSnapshot | undefined {
  const want = labelKey(FACTS_SHEET);
  return snap.sheets.find((s) => labelKey(s.name) === want);
}

export function emptyFacts(): Facts {
  return { cells: new Map(), priorItems: [], valueCol: 1, labelCol: 0, lastRow: -1, problems: [] };
}

/** Read the facts sheet by its labels. A workbook without one gives empty facts. */
export function readFacts(snap: WorkbookSnapshot): Facts {
  const sheet = findFactsSheet(snap);
  const out = emptyFacts();
  if (!sheet) return out;
  out.sheet = sheet.name;
  // Locate the 项目 | 内容 header if there is one (columns may have been moved).
  for (let r = 0; r < Math.min(sheet.values.length, 20); r++) {
    const row = sheet.values[r] ?? [];
    const li = row.findIndex((v) => labelKey(cellText(v)) === '项目');
    const vi = row.findIndex((v) => labelKey(cellText(v)) === '内容');
    if (li >= 0 && vi >= 0) { out.labelCol = li; out.valueCol = vi; break; }
  }
  for (let r = 0; r < sheet.values.length; r++) {
    const row = sheet.values[r] ?? [];
    if (row.some((v) => cellText(v).trim() !== '')) out.lastRow = r;
    const label = cellText(cellAt(sheet, r, out.labelCol)).trim();
    if (!label) continue;
    const hit = keyOfLabel(label);
    if (!hit) continue;
    if (out.cells.has(hit.key)) {
      // A duplicate row: the first non-empty one wins; say so.
      const first = out.cells.get(hit.key)!;
      const v = cellAt(sheet, r, out.valueCol);
      if (cellText(first.value).trim() === '' && cellText(v).trim() !== '') {
        out.cells.set(hit.key, { key: hit.key, label, value: v, ref: { sheet: sheet.name, address: a1(r, out.valueCol) }, row: r });
      } else if (cellText(v).trim() !== '') {
        out.problems.push({ key: hit.key, ref: { sheet: sheet.name, address: a1(r, out.valueCol) }, message: `${sheet.name}!${a1(r, out.labelCol)}“${label}”重复，只使用第 ${first.row + 1} 行` });
      }
      continue;
    }
    const cell: FactCell = { key: hit.key, label, value: cellAt(sheet, r, out.valueCol), ref: { sheet: sheet.name, address: a1(r, out.valueCol) }, row: r };
    out.cells.set(hit.key, cell);
    if (hit.fund && hit.code && hit.key.startsWith('prior.item.')) out.priorItems.push({ fund: hit.fund, code: hit.code, path: hit.path ?? '', cell });
  }
  return out;
}

export function factFilled(facts: Facts, key: string): boolean {
  const c = facts.cells.get(key);
  return !!c && cellText(c.value).trim() !== '';
}

/** Text of a fact ('' when absent or blank). Numbers come back as written. */
export function factText(facts: Facts, key: string): string {
  const c = facts.cells.get(key);
  return c ? cellText(c.value).trim() : '';
}

export type FactNumber = { value: Decimal; ref: CellRef } | { bad: string; ref: CellRef } | undefined;

/** A number fact: undefined when blank, `bad` (with a zh-CN reason) when not a number. */
export function factNumber(facts: Facts, key: string): FactNumber {
  const c = facts.cells.get(key);
  if (!c) return undefined;
  const p = parseAmount(typeof c.value === 'string' ? c.value.replace(/(万元|元|平方米|人次|批次|人|个|辆|台（套）|台套|台)$/, '') : c.value);
  if (p.kind === 'blank') return undefined;
  if (p.kind === 'dash') return { value: new Decimal(0), ref: c.ref };
  if (p.kind === 'bad') return { bad: `${c.ref.sheet}!${c.ref.address}“${c.label}”${p.reason}：${p.text}`, ref: c.ref };
  return { value: p.value, ref: c.ref };
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface FactEntry {
  key: string;
  label: string;
  section: FactSectionId;
  hint?: string;
  /** A value to put in 内容 — written only where 内容 is empty. */
  value?: string | number;
}

export function fieldEntry(key: string, value?: string | number): FactEntry {
  const fl = FIELD_BY_KEY.get(key);
  if (!fl) throw new Error(`unknown fact ${key}`);
  return { key, label: fl.label, section: fl.section, hint: fl.hint, value };
}

export function reasonEntry(key: string, label: string, hint?: string): FactEntry {
  return { key, label, section: 'reasons', hint: hint ?? '填写“主要原因是：”之后的文字' };
}

export interface FactsPlanResult {
  edits: Edit[];
  /** Entries whose 内容 already held a different value (kept as the user wrote it). */
  kept: { key: string; label: string; ref: CellRef; existing: string; offered: string }[];
  /** Rows appended or cells filled. */
  added: string[];
}

function sameValue(existing: CellValue, offered: string | number): boolean {
  if (typeof offered === 'number') {
    const p = parseAmount(existing);
    return p.kind === 'number' && p.value.eq(new Decimal(offered));
  }
  return cellText(existing).trim() === offered.trim();
}

const COLUMN_WIDTHS = [46, 70, 56];

/** A brand-new facts sheet holding every fixed field (in order) plus the extra entries. */
export function newFactsSheet(entries: FactEntry[]): SheetEdit {
  const bySection = new Map<FactSectionId, FactEntry[]>();
  const seen = new Set<string>();
  const ordered: FactEntry[] = [];
  // Fixed fields first in their declared order, then the per-workbook ones in the order given.
  const given = new Map(entries.map((e) => [e.key, e]));
  for (const fl of FACT_FIELDS) {
    const e = given.get(fl.key);
    ordered.push({ key: fl.key, label: fl.label, section: fl.section, hint: fl.hint, value: e?.value });
    seen.add(fl.key);
  }
  for (const e of entries) if (!seen.has(e.key)) { ordered.push(e); seen.add(e.key); }
  for (const e of ordered) {
    if (!bySection.has(e.section)) bySection.set(e.section, []);
    bySection.get(e.section)!.push(e);
  }
  const rows: SheetRow[] = [
    { cells: ['补充信息（决算说明所需、报表中没有的数据）'], style: 'title' },
    { cells: ['请只在“内容”列填写；可以移动行或插入行，但不要改动“项目”列的文字（按它识别）。金额单位：万元。重新生成说明时不会覆盖已填内容。'], style: 'note' },
    { cells: ['项目', '内容', '填写说明'], style: 'header' },
  ];
  for (const s of FACT_SECTIONS) {
    const list = bySection.get(s.id);
    if (!list || list.length === 0) continue;
    rows.push({ cells: [s.title], style: 'subheading' });
    for (const e of list) rows.push({ cells: [e.label, e.value ?? null, e.hint ?? ''], style: 'input' });
  }
  return { kind: 'sheet', name: FACTS_SHEET, replace: false, columnWidths: COLUMN_WIDTHS, rows, wrap: true };
}

/**
 * Plan the facts sheet: create it when missing, else fill only empty 内容 cells and append missing
 * rows. Never changes a cell that holds something.
 */
export function planFacts(snap: WorkbookSnapshot, entries: FactEntry[]): FactsPlanResult {
  const facts = readFacts(snap);
  if (!facts.sheet) {
    return { edits: [newFactsSheet(entries)], kept: [], added: entries.map((e) => e.label) };
  }
  const sheetName = facts.sheet;
  const edits: Edit[] = [];
  const kept: FactsPlanResult['kept'] = [];
  const added: string[] = [];
  let next = facts.lastRow + 2; // leave one blank row before appended rows
  let appendedHeading = false;
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    const existing = facts.cells.get(e.key);
    if (existing) {
      if (e.value === undefined || e.value === '') continue;
      if (cellText(existing.value).trim() === '') {
        edits.push({ kind: 'value', sheet: sheetName, address: existing.ref.address, value: e.value, old: existing.value, label: e.label } as ValueEdit);
        added.push(e.label);
      } else if (!sameValue(existing.value, e.value)) {
        kept.push({ key: e.key, label: e.label, ref: existing.ref, existing: cellText(existing.value), offered: String(e.value) });
      }
      continue;
    }
    if (!appendedHeading) {
      edits.push({ kind: 'value', sheet: sheetName, address: a1(next, facts.labelCol), value: '（以下为决算助手新增的项目）', old: null });
      next++;
      appendedHeading = true;
    }
    edits.push({ kind: 'value', sheet: sheetName, address: a1(next, facts.labelCol), value: e.label, old: null, label: '项目' });
    if (e.value !== undefined && e.value !== '') {
      edits.push({ kind: 'value', sheet: sheetName, address: a1(next, facts.valueCol), value: e.value, old: null, label: e.label });
    }
    if (e.hint) {
      const hintCol = Math.max(facts.labelCol, facts.valueCol) + 1;
      edits.push({ kind: 'value', sheet: sheetName, address: a1(next, hintCol), value: e.hint, old: null, label: '填写说明' });
    }
    added.push(e.label);
    next++;
  }
  return { edits, kept, added };
}

/** The address of a fact's 内容 cell, for jump-to-cell (undefined when the row does not exist yet). */
export function locateFact(snap: WorkbookSnapshot, key: string): CellRef | undefined {
  return readFacts(snap).cells.get(key)?.ref;
}

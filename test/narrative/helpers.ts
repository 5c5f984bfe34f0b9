/**
 * Test helpers for the narrative: the seed unit's 2024 / 2023 nine tables as TableSet objects
 * (built by hand from the seed's text — independent of the parser), the seed's 补充信息 facts, and
 * snapshots holding sheets built from SheetEdits.
 */
import * as fs from 'fs';
import * as path from 'path';
import Decimal from 'decimal.js';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import {
  Amount, CodeRow, T1Table, T2Table, T3Table, T4Table, T5Table, T6Table, T7Table, T8Table, T9Table, TableSet,
} from '../../src/core/tables/model';
import { CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src/core/snapshot';
import { SheetEdit, isLinkCell } from '../../src/core/plan';
import {
  FACT_FIELDS, FactEntry, FACTS_SHEET, Fund, itemReasonKey, itemReasonLabel, leavesOf, newFactsSheet, REASONS, factLabelKey,
} from '../../src/core/narrative';

let cellNo = 0;
/** An amount in 万元 on a made-up cell of `sheet`. */
export function amt(v: string | number, sheet: string, address?: string): Amount {
  cellNo++;
  return { value: new Decimal(v), half: new Decimal('0.005'), ref: { sheet, address: address ?? `B${cellNo}` } };
}

function codeRow<K extends string>(sheet: string, code: string, name: string, amounts: Partial<Record<K, string>>, row: number): CodeRow {
  const level = code === '' ? 0 : code.length === 3 ? 1 : code.length === 5 ? 2 : 3;
  const out: CodeRow = { code, level: level as CodeRow['level'], name, row, amounts: {} };
  let c = 2;
  for (const [k, v] of Object.entries(amounts)) {
    out.amounts[k] = amt(v as string, sheet, `${String.fromCharCode(65 + c)}${row + 1}`);
    c++;
  }
  return out;
}

const base = (id: string, sheet: string, title: string) => ({ sheet, title, unit: '万元' as const, unitSource: '金额单位：万元', unitName: '乌鲁木齐市水磨沟区水磨沟街道办事处', doubts: [] as string[], id });

type Item = [code: string, name: string, amount: string];

/** A code table from 类/款/项 rows (类 and 款 sums computed). */
function codeTable<K extends string>(sheet: string, items: Item[], names: Record<string, string>, col: K, extraCols: (code: string, v: string) => Partial<Record<K, string>> = () => ({})) {
  const rows: CodeRow[] = [];
  const sums = new Map<string, Decimal>();
  for (const [code, , v] of items) {
    for (const p of [code.slice(0, 3), code.slice(0, 5)]) sums.set(p, (sums.get(p) ?? new Decimal(0)).plus(v));
  }
  const codes = [...new Set([...sums.keys(), ...items.map((i) => i[0])])].sort();
  let r = 6;
  let total = new Decimal(0);
  for (const code of codes) {
    const item = items.find((i) => i[0] === code);
    const v = item ? item[2] : sums.get(code)!.toFixed(2);
    if (code.length === 3) total = total.plus(v);
    rows.push(codeRow<K>(sheet, code, item ? item[1] : names[code], { [col]: v, ...extraCols(code, v) } as Partial<Record<K, string>>, r++));
  }
  const totalRow = codeRow<K>(sheet, '', '合计', { [col]: total.toFixed(2) } as Partial<Record<K, string>>, 5);
  return { rows, total: totalRow };
}

export const NAMES: Record<string, string> = {
  '201': '一般公共服务支出', '20101': '人大事务', '20103': '政府办公厅（室）及相关机构事务', '20111': '纪检监察事务', '20132': '组织事务',
  '207': '文化旅游体育与传媒支出', '20701': '文化和旅游',
  '208': '社会保障和就业支出', '20802': '民政管理事务', '20805': '行政事业单位养老支出', '20899': '其他社会保障和就业支出',
  '210': '卫生健康支出', '21004': '公共卫生',
  '212': '城乡社区支出', '21203': '城乡社区公共设施', '21299': '其他城乡社区支出', '21213': '城市基础设施配套费安排的支出',
  '223': '国有资本经营预算支出', '22308': '解决历史遗留问题及改革成本支出',
};

export const T5_2024: Item[] = [
  ['2010108', '代表工作', '0.25'], ['2010199', '其他人大事务支出', '0.42'], ['2010301', '行政运行', '437.29'], ['2010350', '事业运行', '52.89'],
  ['2011199', '其他纪检监察事务支出', '2.00'], ['2013299', '其他组织事务支出', '40.00'], ['2070199', '其他文化和旅游支出', '3.60'],
  ['2080208', '基层政权建设和社区治理', '2319.67'], ['2080501', '行政单位离退休', '2.57'], ['2080502', '事业单位离退休', '6.16'],
  ['2080505', '机关事业单位基本养老保险缴费支出', '272.71'], ['2080506', '机关事业单位职业年金缴费支出', '31.34'],
  ['2089999', '其他社会保障和就业支出', '10.00'], ['2100410', '突发公共卫生事件应急处置', '12.00'], ['2120399', '其他城乡社区公共设施支出', '265.78'],
];
export const T5_2023: Item[] = [
  ['2010301', '行政运行', '458.54'], ['2010350', '事业运行', '64.82'], ['2011199', '其他纪检监察事务支出', '2.94'],
  ['2070199', '其他文化和旅游支出', '1.20'], ['2080208', '基层政权建设和社区治理', '5311.22'],
  ['2080505', '机关事业单位基本养老保险缴费支出', '192.24'], ['2100410', '突发公共卫生事件应急处置', '79.00'],
  ['2120399', '其他城乡社区公共设施支出', '36.62'], ['2129999', '其他城乡社区支出', '29.29'],
];

function t6(personnel: [string, string, string][], pub: [string, string, string][], pTotal: string, cTotal: string): T6Table {
  const items = [...personnel, ...pub].map(([code, name, v]) => ({ code, name, amount: amt(v, 'T6') }));
  return { ...base('T6', 'T6', '一般公共预算财政拨款基本支出决算表'), id: 'T6', items, personnelTotal: amt(pTotal, 'T6', 'C40'), publicTotal: amt(cTotal, 'T6', 'F40') };
}

function t9(v: string[] = ['0', '0', '0', '0', '0', '0']): T9Table {
  const keys = ['total', 'abroad', 'car', 'carPurchase', 'carRun', 'reception'] as const;
  const budget: T9Table['budget'] = {};
  const actual: T9Table['actual'] = {};
  keys.forEach((k, i) => { budget[k] = amt('0', 'T9', `${String.fromCharCode(65 + i * 2)}7`); actual[k] = amt(v[i], 'T9', `${String.fromCharCode(66 + i * 2)}7`); });
  return { ...base('T9', 'T9', '财政拨款“三公”经费支出决算表'), id: 'T9', budget, actual };
}

/** The seed unit's 2024 tables (figures of the seed's 第二部分). */
export function seedModel2024(): TableSet {
  const t1: T1Table = {
    ...base('T1', 'T1', '收入支出决算总表'), id: 'T1',
    income: { gpb: amt('3454.82', 'T1', 'B6'), fund: amt('0', 'T1', 'B7'), soe: amt('41.27', 'T1', 'B8'), superior: amt('0', 'T1', 'B9'), business: amt('0', 'T1', 'B10'), operating: amt('0', 'T1', 'B11'), affiliated: amt('0', 'T1', 'B12'), other: amt('80.57', 'T1', 'B13') },
    incomeTotal: amt('3576.66', 'T1', 'B30'), useNonFiscalBalance: amt('0', 'T1', 'B31'), carryIn: amt('1.86', 'T1', 'B32'), incomeGrand: amt('3578.52', 'T1', 'B33'),
    expenseByClass: [], expenseTotal: amt('3578.41', 'T1', 'D30'), distribution: amt('0', 'T1', 'D31'), carryOut: amt('0.11', 'T1', 'D32'), expenseGrand: amt('3578.52', 'T1', 'D33'),
  };
  const t2: T2Table = { ...base('T2', 'T2', '收入决算表'), id: 'T2', columns: ['total', 'fiscal', 'superior', 'business', 'operating', 'affiliated', 'other'], columnLabels: {}, rows: [],
    total: codeRow('T2', '', '合计', { total: '3576.66', fiscal: '3496.09', superior: '0', business: '0', operating: '0', affiliated: '0', other: '80.57' }, 5) };
  const t3: T3Table = { ...base('T3', 'T3', '支出决算表'), id: 'T3', columns: ['total', 'basic', 'project', 'remitSuperior', 'operating', 'subsidyAffiliated'], columnLabels: {}, rows: [],
    total: codeRow('T3', '', '合计', { total: '3578.41', basic: '2676.50', project: '901.92', remitSuperior: '0', operating: '0', subsidyAffiliated: '0' }, 5) };
  const t4: T4Table = {
    ...base('T4', 'T4', '财政拨款收入支出决算总表'), id: 'T4',
    income: { gpb: amt('3454.82', 'T4', 'B6'), fund: amt('0', 'T4', 'B7'), soe: amt('41.27', 'T4', 'B8') }, incomeTotal: amt('3496.09', 'T4', 'B10'),
    carryIn: amt('1.86', 'T4', 'B11'), carryInBy: { gpb: amt('1.86', 'T4', 'B12'), fund: amt('0', 'T4', 'B13'), soe: amt('0', 'T4', 'B14') }, incomeGrand: amt('3497.95', 'T4', 'B20'),
    expenseRows: [], expenseTotal: { total: amt('3497.95', 'T4', 'D30'), gpb: amt('3456.68', 'T4', 'E30'), fund: amt('0', 'T4', 'F30'), soe: amt('41.27', 'T4', 'G30') },
    carryOut: { total: amt('0', 'T4', 'D31'), gpb: amt('0', 'T4', 'E31'), fund: amt('0', 'T4', 'F31'), soe: amt('0', 'T4', 'G31') },
    expenseGrand: { total: amt('3497.95', 'T4', 'D33') },
  };
  const t5c = codeTable<'total' | 'basic' | 'project'>('T5', T5_2024, NAMES, 'total');
  t5c.total.amounts.basic = amt('2676.50', 'T5', 'D6');
  t5c.total.amounts.project = amt('780.18', 'T5', 'E6');
  const t5: T5Table = { ...base('T5', 'T5', '一般公共预算财政拨款支出决算表'), id: 'T5', columns: ['total', 'basic', 'project'], columnLabels: {}, ...t5c };
  const t7: T7Table = { ...base('T7', 'T7', '政府性基金预算财政拨款收入支出决算表'), id: 'T7', columns: ['carryIn', 'income', 'total', 'basic', 'project', 'carryOut'], columnLabels: {}, rows: [], emptyNote: '本单位无政府性基金预算财政拨款收入、支出，故本表无数据。' };
  const t8c = codeTable<'carryIn' | 'income' | 'total' | 'basic' | 'project' | 'carryOut'>('T8', [['2230803', '国有企业退休人员社会化管理补助支出', '41.27']], NAMES, 'total', (_c, v) => ({ carryIn: '0', income: v, carryOut: '0' }));
  t8c.total.amounts.carryIn = amt('0', 'T8', 'C6');
  t8c.total.amounts.income = amt('41.27', 'T8', 'D6');
  t8c.total.amounts.carryOut = amt('0', 'T8', 'H6');
  const t8: T8Table = { ...base('T8', 'T8', '国有资本经营预算财政拨款收入支出决算表'), id: 'T8', columns: ['carryIn', 'income', 'total', 'basic', 'project', 'carryOut'], columnLabels: {}, ...t8c };
  const personnel: [string, string, string][] = [
    ['301', '工资福利支出', '2600.00'], ['30101', '基本工资', '700'], ['30102', '津贴补贴', '900'], ['30103', '奖金', '100'], ['30108', '机关事业单位基本养老保险缴费', '272.71'],
    ['30109', '职业年金缴费', '31.34'], ['30110', '职工基本医疗保险缴费', '300'], ['30113', '住房公积金', '295.95'],
    ['303', '对个人和家庭的补助', '61.25'], ['30302', '退休费', '8.73'], ['30304', '抚恤金', '40'], ['30399', '其他对个人和家庭的补助', '12.52'],
  ];
  const pub: [string, string, string][] = [
    ['302', '商品和服务支出', '15.24'], ['30201', '办公费', '5'], ['30204', '手续费', '0.24'], ['30205', '水费', '1'], ['30206', '电费', '3'],
    ['30207', '邮电费', '1'], ['30208', '取暖费', '4'], ['30211', '差旅费', '1'],
  ];
  return { T1: t1, T2: t2, T3: t3, T4: t4, T5: t5, T6: t6(personnel, pub, '2661.25', '15.24'), T7: t7, T8: t8, T9: t9() };
}

/** Last year's tables: only what the 2024 narrative compares against. */
export function seedModel2023(): TableSet {
  const t1: T1Table = {
    ...base('T1', 'T1', '收入支出决算总表'), id: 'T1', income: {}, incomeTotal: amt('6365.12', 'T1'), incomeGrand: amt('6365.12', 'T1'),
    expenseByClass: [], expenseTotal: amt('6365.12', 'T1'), expenseGrand: amt('6365.12', 'T1'),
  };
  const t4: T4Table = {
    ...base('T4', 'T4', '财政拨款收入支出决算总表'), id: 'T4', income: { gpb: amt('6178.18', 'T4'), fund: amt('22.66', 'T4'), soe: amt('0', 'T4') },
    incomeTotal: amt('6200.84', 'T4'), carryIn: amt('0', 'T4'), carryInBy: {}, incomeGrand: amt('6200.84', 'T4'), expenseRows: [],
    expenseTotal: { total: amt('6200.84', 'T4') }, carryOut: { total: amt('0', 'T4') }, expenseGrand: { total: amt('6200.84', 'T4') },
  };
  const t5c = codeTable<'total' | 'basic' | 'project'>('T5', T5_2023, NAMES, 'total');
  t5c.total.amounts.total = amt('6175.86', 'T5', 'C6');
  const t5: T5Table = { ...base('T5', 'T5', '一般公共预算财政拨款支出决算表'), id: 'T5', columns: ['total', 'basic', 'project'], columnLabels: {}, ...t5c };
  const t7c = codeTable<'carryIn' | 'income' | 'total' | 'basic' | 'project' | 'carryOut'>('T7', [['2121302', '城市环境卫生', '22.66']], NAMES, 'total', (_c, v) => ({ carryIn: '0', income: v, carryOut: '0' }));
  t7c.total.amounts.carryIn = amt('0', 'T7');
  t7c.total.amounts.income = amt('22.66', 'T7');
  t7c.total.amounts.carryOut = amt('0', 'T7');
  const t7: T7Table = { ...base('T7', 'T7', '政府性基金预算财政拨款收入支出决算表'), id: 'T7', columns: ['carryIn', 'income', 'total', 'basic', 'project', 'carryOut'], columnLabels: {}, ...t7c };
  const t8: T8Table = { ...base('T8', 'T8', '国有资本经营预算财政拨款收入支出决算表'), id: 'T8', columns: ['carryIn', 'income', 'total', 'basic', 'project', 'carryOut'], columnLabels: {}, rows: [], emptyNote: '本单位无国有资本经营预算财政拨款收入、支出，故本表无数据。' };
  const t6x = t6([['301', '工资福利支出', '100']], [['302', '商品和服务支出', '67.20'], ['30201', '办公费', '67.20']], '100', '67.20');
  return { T1: t1, T4: t4, T5: t5, T6: t6x, T7: t7, T8: t8, T9: t9() };
}

// ---------------------------------------------------------------------------------------------

export interface SeedFacts {
  facts: Record<string, string | number>;
  itemReasons: { fund: Fund; name: string; path: string; reason: string }[];
}

export function seedFacts(): SeedFacts {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'narrative', 'seed-facts.json'), 'utf8'));
}

/** The seed's facts as 补充信息 entries (item reasons keyed by the codes of `model`). */
export function seedFactEntries(model: TableSet, prior?: TableSet): FactEntry[] {
  const sf = seedFacts();
  const byLabel = new Map(FACT_FIELDS.map((f) => [factLabelKey(f.label), f]));
  const reasonByLabel = new Map(Object.entries(REASONS).map(([k, l]) => [factLabelKey(l), k]));
  const out: FactEntry[] = [];
  for (const [label, value] of Object.entries(sf.facts)) {
    const f = byLabel.get(factLabelKey(label));
    if (f) { out.push({ key: f.key, label: f.label, section: f.section, value }); continue; }
    const rk = reasonByLabel.get(factLabelKey(label));
    if (rk) { out.push({ key: rk, label: REASONS[rk], section: 'reasons', value }); continue; }
    throw new Error(`seed fact without a field: ${label}`);
  }
  const leaves = (m: TableSet, fund: Fund) => (fund === 'gpb' ? leavesOf(m.T5, 'total') : fund === 'fund' ? leavesOf(m.T7, 'total') : leavesOf(m.T8, 'total'));
  for (const it of sf.itemReasons) {
    const leaf = [...leaves(model, it.fund), ...(prior ? leaves(prior, it.fund) : [])].find((l) => l.name === it.name);
    if (!leaf) throw new Error(`no 项 named ${it.name} in the tables`);
    out.push({ key: itemReasonKey(it.fund, leaf.code), label: itemReasonLabel(it.fund, leaf.code, leaf.name), section: 'reasons', value: it.reason });
  }
  return out;
}

/** A sheet snapshot with the cells a SheetEdit writes. */
export function sheetFromEdit(e: SheetEdit): SheetSnapshot {
  const values: CellValue[][] = e.rows.map((r) => r.cells.map((c) => (c === null || c === undefined ? null : isLinkCell(c) ? c.text : c)));
  return { name: e.name, values, merges: [] };
}

export function factsSnapshot(entries: FactEntry[], extra: SheetSnapshot[] = []): WorkbookSnapshot {
  return { sheets: [...extra, sheetFromEdit(newFactsSheet(entries))] };
}

export { FACTS_SHEET };

/** Every figure a text states, in order: amounts, percentages and counts with their unit. */
export function figuresOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(-?\d[\d,]*(?:\.\d+)?)\s*(万元|%|个|辆|人次|批次|平方米|台)/g)) out.push(`${m[1]}${m[2]}`);
  return out;
}

/** The seed's 第二部分 sections 一 to 十一 (one paragraph per line). */
export function seedStatement(): string[] {
  return fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'narrative', 'seed-statement.txt'), 'utf8').split('\n').filter((l) => l.trim());
}

/** Perf facts for workbooks without self-evaluation sheets (the seed's 十一 figures). */
export function seedPerfEntries(): FactEntry[] {
  const v: Record<string, string | number> = {
    'perf.overallCount': 1, 'perf.overallBudget': 3578.52, 'perf.overallActual': 3578.41,
    'perf.projectCount': 10, 'perf.projectBudget': 991.87, 'perf.projectActual': 886.03,
  };
  return FACT_FIELDS.filter((f) => f.key in v).map((f) => ({ key: f.key, label: f.label, section: f.section, value: v[f.key] }));
}

/** A minimal self-evaluation sheet: one 整体 table and `projects` project tables (funds blocks only). */
export function perfSheet(projects: [name: string, budget: number, spent: number][], overall: [number, number] = [3578.52, 3578.41]): SheetSnapshot {
  const values: CellValue[][] = [];
  values.push(['单位整体支出绩效自评表']);
  values.push(['单位名称', '乌鲁木齐市水磨沟区水磨沟街道办事处']);
  values.push(['部门资金（万元）', '资金来源', '年初预算数', '全年预算数', '全年执行数', '分值权重', '执行率', '得分']);
  values.push([null, '年度总资金', 3831.22, overall[0], overall[1], 10, '100%', 10]);
  values.push([]);
  for (const [name, b, s] of projects) {
    values.push(['项目支出绩效自评表']);
    values.push(['项目名称', name]);
    values.push(['项目资金（万元）', '资金来源', '年初预算数', '全年预算数', '全年执行数', '分值权重', '执行率', '得分']);
    values.push([null, '年度资金总额', b, b, s, 10, null, null]);
    values.push([null, '其中：当年财政拨款', b, b, s, '-', '-', '-']);
    values.push([]);
  }
  return { name: '绩效自评表', values, merges: [] };
}

/** The seed's ten projects (全年预算数, 全年执行数): Σ 991.87 / 886.03. */
export const SEED_PROJECTS: [string, number, number][] = [
  ['七纺街道购置水磨社区办公用房经费的请示', 80.61, 80.45], ['美术馆免费开放补助资金', 3.6, 3.6], ['基层人大补助经费', 0.42, 0.42],
  ['自治区基层组织建设资金', 40, 40], ['政务便捷工程奖补资金', 10, 10], ['消化2021年临时聘用人员经费', 100, 100],
  ['消化2023年临时聘用人员经费', 150, 150], ['消化2023年暂付款', 44.72, 44.72], ['消化中小企业账款', 265.78, 265.78], ['社区经费(80%)', 296.74, 191.06],
];

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Paragraphs of word/document.xml: [style id, text]. */
export async function docxParagraphs(bytes: Uint8Array): Promise<{ style: string; text: string }[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const out: { style: string; text: string }[] = [];
  for (const m of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)) {
    const p = m[0];
    const style = /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '';
    const text = [...p.matchAll(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/g)].map((t) => unescapeXml(t[1])).join('');
    out.push({ style, text });
  }
  return out;
}


/**
 * The seed's sentences in the draft's punctuation and wording: full-width ，：； in Chinese text (a
 * comma between digits stays a thousands separator), and "本单位无…" instead of the seed's
 * ungrammatical "开支内容包括本单位无…".
 */
export function draftWording(line: string): string {
  return line
    .replace(/(?<!\d),|,(?!\d)/g, '，').replace(/:/g, '：').replace(/;/g, '；')
    .replace(/(公务用车运行维护费)?开支内容包括(本单位无[^。]*?)。/g, '$2。');
}

/** Copy a worksheet's values and merges into another workbook (self-evaluation sheets). */
export function copySheet(src: ExcelJS.Worksheet, dst: ExcelJS.Workbook): void {
  const ws = dst.addWorksheet(src.name);
  src.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.type === ExcelJS.ValueType.Merge) return;
      const t = ws.getCell(r, c);
      t.value = cell.value;
      t.numFmt = cell.numFmt;
    });
  });
  for (const m of (src.model as unknown as { merges?: string[] }).merges ?? []) ws.mergeCells(m);
}


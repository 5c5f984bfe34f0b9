/** Recognise and parse every sheet of a snapshot into the nine-table models. */
import { Finding, TableId } from '../finding';
import { a1, cellText, SheetSnapshot, WorkbookSnapshot } from '../snapshot';
import { labelKey } from '../text';
import { parseCodeTable, T2_MATCH, T3_MATCH, T5_MATCH, T78_MATCH } from './codeTable';
import { SheetReader } from './grid';
import { parseT1, parseT4, parseT6, parseT9 } from './laneTables';
import { TABLE_NAMES, TableBase, TableSet } from './model';
import { readUnitLine, recognizeByContent, recognizeByName, recognizeSheet, Recognition } from './recognize';

export interface RecognizedTable {
  table: TableId;
  sheet: string;
  title: string;
  doubts: string[];
}

export interface ParseResult {
  model: TableSet;
  tables: RecognizedTable[];
  /** Sheets that are none of the nine tables. */
  unrecognized: string[];
  findings: Finding[];
}

/** Sheets the product itself writes: never tables, never reported as unrecognised. */
export const OWN_SHEETS = new Set(['检查结果', '_决算助手设置', '_决算助手标记', '补充信息', '决算说明']);

function emptyNoteOf(sheet: SheetSnapshot): string | undefined {
  for (const row of sheet.values) {
    for (const v of row ?? []) {
      const t = cellText(v);
      const k = labelKey(t);
      if (k.includes('本表无数据') || k.includes('故本表为空') || /^本(单位|部门)无.*(收入|支出)/.test(k)) return t.trim();
    }
  }
  return undefined;
}

export function parseTables(snap: WorkbookSnapshot, overrides: Record<string, TableId | 'none'> = {}): ParseResult {
  const model: TableSet = {};
  const tables: RecognizedTable[] = [];
  const unrecognized: string[] = [];
  const findings: Finding[] = [];

  // Titles first (then sheet names): a table recognised only by its header content never displaces one
  // that carries its title.
  const recs = new Map<string, Recognition | undefined>();
  for (const sheet of snap.sheets) if (!OWN_SHEETS.has(sheet.name)) recs.set(sheet.name, recognizeSheet(sheet));
  const taken = new Set([...recs.values()].map((r) => r?.table).filter((x): x is TableId => !!x));
  for (const weaker of [recognizeByName, (s: SheetSnapshot) => recognizeByContent(s, taken)]) {
    for (const sheet of snap.sheets) {
      if (recs.get(sheet.name) || OWN_SHEETS.has(sheet.name) || overrides[sheet.name]) continue;
      const rec = weaker(sheet);
      if (rec && !taken.has(rec.table)) { recs.set(sheet.name, rec); taken.add(rec.table); }
    }
  }

  for (const sheet of snap.sheets) {
    if (OWN_SHEETS.has(sheet.name)) continue;
    const override = overrides[sheet.name];
    if (override === 'none') continue;
    const rec = recs.get(sheet.name);
    let id = rec?.table;
    const doubts = rec ? [...rec.doubts] : [];
    if (override) {
      if (id && id !== override) doubts.push(`标题像 ${id}，按用户指定识别为 ${override}`);
      id = override;
    }
    if (!id) { unrecognized.push(sheet.name); continue; }
    const titleRow = rec?.titleRow ?? -1;
    if (model[id]) {
      const first = tables.find((t) => t.table === id)!;
      findings.push({
        rule: 'R23', severity: 'error', table: id,
        message: `${TABLE_NAMES[id]}重复：工作表「${first.sheet}」和「${sheet.name}」都是这张表，只校验第一张`,
        cells: [{ sheet: first.sheet, address: 'A1' }, { sheet: sheet.name, address: a1(Math.max(titleRow, 0), 0) }],
      });
      continue;
    }
    const unit = readUnitLine(sheet, titleRow + 1);
    const rd = new SheetReader(sheet, id, unit.unit, TABLE_NAMES[id]);
    const base: TableBase = {
      id, sheet: sheet.name, title: rec?.title ?? TABLE_NAMES[id], unit: unit.unit, unitSource: unit.source,
      unitName: unit.unitName, doubts,
    };
    if (unit.row === undefined) doubts.push(unit.source);
    // Headers are found by meaning below the title; the unit line (wherever it sits) is never a header.
    const after = titleRow;
    let parsed: { table: object; doubts: string[] } | undefined;
    switch (id) {
      case 'T1': parsed = parseT1(rd, after); break;
      case 'T2': parsed = parseCodeTable(rd, after, T2_MATCH, ['total', 'fiscal']); break;
      case 'T3': parsed = parseCodeTable(rd, after, T3_MATCH, ['total', 'basic', 'project']); break;
      case 'T4': parsed = parseT4(rd, after); break;
      case 'T5': parsed = parseCodeTable(rd, after, T5_MATCH, ['total', 'basic', 'project']); break;
      case 'T6': parsed = parseT6(rd, after); break;
      case 'T7': case 'T8': parsed = parseCodeTable(rd, after, T78_MATCH, ['total']); break;
      case 'T9': parsed = parseT9(rd, after); break;
    }
    const note = id === 'T7' || id === 'T8' ? emptyNoteOf(sheet) : undefined;
    if (!parsed) {
      if (note) {
        (model as Record<string, unknown>)[id] = { ...base, emptyNote: note, columns: [], columnLabels: {}, rows: [] };
        tables.push({ table: id, sheet: sheet.name, title: base.title, doubts });
        continue;
      }
      findings.push({
        rule: 'R23', severity: 'error', table: id,
        message: `工作表「${sheet.name}」的标题是${TABLE_NAMES[id]}，但找不到它的表头（项目/科目编码/决算数），无法读取`,
        cells: [{ sheet: sheet.name, address: a1(Math.max(titleRow, 0), 0) }],
      });
      tables.push({ table: id, sheet: sheet.name, title: base.title, doubts: [...doubts, '找不到表头'] });
      continue;
    }
    doubts.push(...parsed.doubts.filter((d) => !(note && /合计/.test(d))));
    (model as Record<string, unknown>)[id] = { ...base, ...parsed.table, emptyNote: note };
    findings.push(...rd.issues);
    tables.push({ table: id, sheet: sheet.name, title: base.title, doubts });
  }
  const order: TableId[] = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'];
  tables.sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table));
  return { model, tables, unrecognized, findings };
}

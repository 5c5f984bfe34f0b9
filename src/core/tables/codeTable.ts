/** Tables keyed by 支出功能分类科目 code: T2, T3, T5, T7, T8. */
import { CellRef } from '../finding';
import { columnLetters } from '../snapshot';
import { labelKey } from '../text';
import { leaf, SheetReader } from './grid';
import { analyseHeader, CodeCols, codeColumnFor, codeColumns, isTotalLabel, noteCode, readCode, rowLabel, VALID_CODE } from './header';
import { Amount, CodeRow, CodeTable, T2Col, T3Col, T5Col, T78Col } from './model';

function levelOf(code: string): 1 | 2 | 3 {
  return code.length === 3 ? 1 : code.length === 5 ? 2 : 3;
}

type Matcher<K extends string> = (path: string) => K | undefined;

const isTotalLeaf = (p: string) => ['合计', '小计', '总计'].includes(leaf(p));

export const T2_MATCH: Matcher<T2Col> = (p) => {
  if (p.includes('财政拨款')) return 'fiscal';
  if (p.includes('上级补助')) return 'superior';
  if (p.includes('事业收入')) return 'business';
  if (p.includes('经营收入')) return 'operating';
  if (p.includes('附属单位')) return 'affiliated';
  if (p.includes('其他收入')) return 'other';
  if (p.includes('本年收入合计') || p.includes('收入合计') || isTotalLeaf(p)) return 'total';
  return undefined;
};

export const T3_MATCH: Matcher<T3Col> = (p) => {
  if (p.includes('基本支出')) return 'basic';
  if (p.includes('项目支出')) return 'project';
  if (p.includes('上缴上级')) return 'remitSuperior';
  if (p.includes('经营支出')) return 'operating';
  if (p.includes('附属单位')) return 'subsidyAffiliated';
  if (p.includes('本年支出合计') || p.includes('支出合计') || isTotalLeaf(p)) return 'total';
  return undefined;
};

export const T5_MATCH: Matcher<T5Col> = (p) => {
  if (p.includes('基本支出')) return 'basic';
  if (p.includes('项目支出')) return 'project';
  if (p.includes('本年支出合计') || isTotalLeaf(p) || leaf(p) === '本年支出' || leaf(p) === '决算数') return 'total';
  return undefined;
};

export const T78_MATCH: Matcher<T78Col> = (p) => {
  if (p.includes('年初结转')) return 'carryIn';
  if (p.includes('年末结转')) return 'carryOut';
  if (p.includes('本年收入')) return 'income';
  if (p.includes('基本支出')) return 'basic';
  if (p.includes('项目支出')) return 'project';
  if (p.includes('本年支出') || isTotalLeaf(p) || p.includes('支出合计')) return 'total';
  return undefined;
};

export interface CodeTableParse<K extends string> {
  table: Omit<CodeTable<K>, 'id' | 'sheet' | 'title' | 'unit' | 'unitSource' | 'doubts'>;
  doubts: string[];
}

export function parseCodeTable<K extends string>(
  rd: SheetReader,
  after: number,
  match: Matcher<K>,
  required: K[],
): CodeTableParse<K> | undefined {
  const hd = analyseHeader(rd, after);
  if (!hd) return undefined;
  const doubts: string[] = [];
  // The code lane: the first lane whose codes can be read (split or one column, or codes inside the label).
  const lane = hd.lanes.find((l) => codeColumns(l.code).length) ?? hd.lanes[0];
  const cc: CodeCols = codeColumns(lane.code).length ? lane.code : { single: lane.name };
  if (hd.lanes.length > 1) doubts.push(`表头有 ${hd.lanes.length} 组“编码/名称/金额”列，只读取第一组`);
  const cols = new Map<K, number>();
  const columnLabels: Partial<Record<K, string>> = {};
  for (const c of lane.amounts) {
    const p = hd.paths[c];
    const k = match(p);
    if (k && !cols.has(k)) { cols.set(k, c); columnLabels[k] = p; }
    else doubts.push(`第 ${columnLetters(c)} 列“${p}”${k ? '与前面的列含义相同' : '不是本表的金额列'}，未读取`);
  }
  for (const k of required) if (!cols.has(k)) doubts.push(`未找到“${k}”对应的金额列`);
  const words = templateWords(hd.paths);
  const rows: CodeRow[] = [];
  let total: CodeRow | undefined;
  const last = { cls: '', kuan: '' };
  for (let r = hd.dataStart; r < rd.rows; r++) {
    // Rows that are neither a code row nor a totals row (column numbers, notes, blanks) are skipped.
    const code = readCode(rd, r, cc, last);
    const valid = VALID_CODE.test(code);
    let isTotal = false;
    if (!valid) {
      const lab = rowLabel(rd, r, { ...lane, code: cc });
      if (!lab || !isTotalLabel(lab.key)) continue;
      isTotal = true;
    }
    const level = isTotal ? 0 : levelOf(code);
    if (valid) noteCode(last, code);
    const amounts: Partial<Record<string, Amount>> = {};
    let unstated: Partial<Record<string, { ref: CellRef; text: string }>> | undefined;
    for (const [k, c] of cols) {
      if (isTotal) {
        const w = templateWord(rd, r, c, words);
        if (w) { (unstated ??= {})[k] = { ref: rd.ref(r, c), text: w }; continue; }
      }
      const a = rd.amount(r, c, () => `${isTotal ? '合计' : code} ${columnLabels[k] ?? k}`);
      if (a) amounts[k] = a;
    }
    const row = new SheetCodeRow(rd, cc, lane.name, isTotal ? '' : code, level, isTotal ? '合计' : rd.text(r, lane.name), r, amounts, unstated);
    if (isTotal) {
      if (total) doubts.push(`有多个“合计”行（第 ${total.row + 1} 行、第 ${r + 1} 行），使用第一个`);
      else total = row;
    } else rows.push(row);
  }
  if (!total && rows.length > 0) doubts.push('未找到“合计”行');
  return {
    table: { columns: [...cols.keys()], columnLabels, total, rows },
    doubts,
  };
}

/** A code row whose cell references are built on first use (most rows never need them). */
class SheetCodeRow implements CodeRow {
  private _codeRef?: CellRef;
  constructor(
    private readonly rd: SheetReader,
    private readonly cc: CodeCols,
    private readonly nameCol: number,
    readonly code: string,
    readonly level: 0 | 1 | 2 | 3,
    readonly name: string,
    readonly row: number,
    readonly amounts: Partial<Record<string, Amount>>,
    readonly unstated?: Partial<Record<string, { ref: CellRef; text: string }>>,
  ) {}
  get codeRef(): CellRef {
    return (this._codeRef ??= this.rd.ref(this.row, codeColumnFor(this.cc, this.level)));
  }
  get codeCells(): CellRef[] {
    return codeColumns(this.cc).map((c) => this.rd.ref(this.row, c));
  }
  get nameRef(): CellRef {
    return this.rd.ref(this.row, this.nameCol);
  }
}

/** Header words of a table: a totals-row cell holding one of them is the template's text, not an amount. */
function templateWords(paths: string[]): Set<string> {
  const out = new Set(['合计', '小计', '总计', '基本支出', '项目支出', '本年支出', '本年收入', '决算数', '金额']);
  for (const p of paths) for (const s of p.split('/')) if (s && !/\d/.test(s)) out.add(s);
  return out;
}

function templateWord(rd: SheetReader, r: number, c: number, words: Set<string>): string | undefined {
  const v = rd.raw(r, c);
  if (typeof v !== 'string') return undefined;
  const k = labelKey(v);
  return k && words.has(k) ? v.trim() : undefined;
}

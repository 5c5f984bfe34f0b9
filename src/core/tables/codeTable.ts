/** Tables keyed by 支出功能分类科目 code: T2, T3, T5, T7, T8. */
import { CellValue } from '../snapshot';
import { labelKey } from '../text';
import { headerPaths, isColumnNumberRow, leaf, SheetReader } from './grid';
import { Amount, CodeRow, CodeTable, T2Col, T3Col, T5Col, T78Col } from './model';

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

const CODE_HEADERS = new Set(['科目编码', '科目代码', '功能分类科目编码', '支出功能分类科目编码', '编码', '代码', '功能分类科目代码']);
const HEADER_ANCHORS = (k: string) =>
  CODE_HEADERS.has(k) || k === '类' || k === '科目名称' || k === '项目' || k === '支出功能分类科目' || k.endsWith('科目编码');

function isCodeHeader(path: string): boolean {
  const l = leaf(path);
  return CODE_HEADERS.has(l) || l.endsWith('编码') || l.endsWith('代码');
}
function isNameHeader(path: string): boolean {
  const l = leaf(path);
  return l.includes('名称') || l === '项目';
}

function codePart(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : '';
  if (typeof v === 'string') return labelKey(v);
  return '';
}

const VALID_CODE = /^\d{3}(\d{2}){0,2}$/;

function levelOf(code: string): 1 | 2 | 3 {
  return code.length === 3 ? 1 : code.length === 5 ? 2 : 3;
}

export interface CodeLayout {
  header: number;
  dataStart: number;
  codeCols: { single?: number; cls?: number; kuan?: number; xiang?: number };
  nameCol: number;
  paths: string[];
}

/** Locate the header block, the code and name columns and the first data row. */
export function codeLayout(rd: SheetReader, after: number): CodeLayout | undefined {
  let header = -1;
  for (let r = after + 1; r < Math.min(rd.rows, after + 12) && header < 0; r++) {
    for (let c = 0; c < rd.cols; c++) if (HEADER_ANCHORS(rd.ownKey(r, c))) { header = r; break; }
  }
  if (header < 0) return undefined;
  // Look a few rows down for split 类/款/项 or code/name sub-headers.
  const codeCols: CodeLayout['codeCols'] = {};
  let nameCol = -1;
  const scanEnd = Math.min(rd.rows, header + 4);
  for (let r = header; r < scanEnd; r++) {
    for (let c = 0; c < rd.cols; c++) {
      const k = rd.ownKey(r, c);
      if (k === '类' && codeCols.cls === undefined) codeCols.cls = c;
      else if (k === '款' && codeCols.kuan === undefined) codeCols.kuan = c;
      else if (k === '项' && codeCols.xiang === undefined) codeCols.xiang = c;
      else if ((CODE_HEADERS.has(k) || k.endsWith('科目编码')) && codeCols.single === undefined) codeCols.single = c;
      else if (k.includes('名称') && nameCol < 0) nameCol = c;
    }
  }
  const split = codeCols.cls !== undefined && codeCols.kuan !== undefined;
  if (split) delete codeCols.single;
  else { delete codeCols.cls; delete codeCols.kuan; delete codeCols.xiang; }
  if (!split && codeCols.single === undefined) {
    // 项目 over (code | name) without sub-labels: code is the 项目 column.
    for (let c = 0; c < rd.cols; c++) if (rd.ownKey(header, c) === '项目') { codeCols.single = c; break; }
    if (codeCols.single === undefined) return undefined;
  }
  const lastCodeCol = split ? Math.max(codeCols.cls!, codeCols.kuan!, codeCols.xiang ?? 0) : codeCols.single!;
  if (nameCol < 0) nameCol = lastCodeCol + 1;

  // First data row: a valid code or a 合计 label.
  let dataStart = -1;
  for (let r = header + 1; r < rd.rows && dataStart < 0; r++) {
    if (isColumnNumberRow(rd, r)) continue;
    const code = readCode(rd, r, codeCols, { cls: '', kuan: '' });
    const keys = [rd.ownKey(r, nameCol), ...(split ? [rd.ownKey(r, codeCols.cls!)] : [rd.ownKey(r, codeCols.single!)])];
    if ((code && VALID_CODE.test(code)) || keys.some((k) => k.includes('合计'))) dataStart = r;
    if (r > header + 8) break;
  }
  if (dataStart < 0) dataStart = header + 1;
  const paths = headerPaths(rd, header, dataStart);
  return { header, dataStart, codeCols, nameCol, paths };
}

function readCode(rd: SheetReader, r: number, cc: CodeLayout['codeCols'], last: { cls: string; kuan: string }): string {
  if (cc.single !== undefined) {
    const raw = codePart(rd.raw(r, cc.single));
    const m = /^(\d{3,7})/.exec(raw);
    return m ? m[1] : raw;
  }
  let cls = codePart(rd.raw(r, cc.cls!));
  let kuan = codePart(rd.raw(r, cc.kuan!));
  let xiang = cc.xiang !== undefined ? codePart(rd.raw(r, cc.xiang)) : '';
  if (!/^\d*$/.test(cls + kuan + xiang)) return '';
  if (xiang.length === 7) return xiang;
  if (kuan.length === 5 && !xiang) return kuan;
  if (kuan.length === 1) kuan = '0' + kuan;
  if (xiang.length === 1) xiang = '0' + xiang;
  if (!cls && (kuan || xiang)) cls = last.cls;
  if (kuan.length === 5) kuan = kuan.slice(3);
  if (!kuan && xiang) kuan = last.kuan.length === 5 ? last.kuan.slice(3) : '';
  if (!cls) return '';
  if (!kuan) return cls;
  if (!xiang) return cls + kuan;
  return cls + kuan + xiang;
}

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
  const lay = codeLayout(rd, after);
  if (!lay) return undefined;
  const doubts: string[] = [];
  const cols = new Map<K, number>();
  const columnLabels: Partial<Record<K, string>> = {};
  const codeColSet = new Set(Object.values(lay.codeCols).filter((x): x is number => x !== undefined));
  for (let c = 0; c < rd.cols; c++) {
    if (codeColSet.has(c) || c === lay.nameCol) continue;
    const p = lay.paths[c];
    if (!p || isCodeHeader(p) || isNameHeader(p) || p.includes('行次') || p.includes('栏次')) continue;
    const k = match(p);
    if (k && !cols.has(k)) { cols.set(k, c); columnLabels[k] = p; }
  }
  for (const k of required) if (!cols.has(k)) doubts.push(`未找到“${k}”对应的金额列`);
  const split = lay.codeCols.cls !== undefined;
  const rows: CodeRow[] = [];
  let total: CodeRow | undefined;
  const last = { cls: '', kuan: '' };
  for (let r = lay.dataStart; r < rd.rows; r++) {
    // Rows that are neither a code row nor 合计 (column numbers, notes, blanks) are skipped below.
    const code = readCode(rd, r, lay.codeCols, last);
    const name = rd.text(r, lay.nameCol);
    const firstKey = split ? rd.ownKey(r, lay.codeCols.cls!) : rd.ownKey(r, lay.codeCols.single!);
    const isTotal = !VALID_CODE.test(code) && (labelKey(name).includes('合计') || firstKey.includes('合计'));
    if (!isTotal && !VALID_CODE.test(code)) continue;
    const level = isTotal ? 0 : levelOf(code);
    if (level === 1) { last.cls = code; last.kuan = ''; }
    if (level === 2) { last.cls = code.slice(0, 3); last.kuan = code; }
    const amounts: Partial<Record<string, Amount>> = {};
    for (const [k, c] of cols) {
      const a = rd.amount(r, c, () => `${isTotal ? '合计' : code} ${columnLabels[k] ?? k}`);
      if (a) amounts[k] = a;
    }
    const codeCol = split ? (level === 1 ? lay.codeCols.cls! : level === 2 ? lay.codeCols.kuan! : lay.codeCols.xiang ?? lay.codeCols.kuan!) : lay.codeCols.single!;
    const row: CodeRow = {
      code: isTotal ? '' : code,
      level,
      name: isTotal ? '合计' : name,
      row: r,
      codeRef: rd.ref(r, codeCol),
      codeCells: split
        ? [lay.codeCols.cls!, lay.codeCols.kuan!, lay.codeCols.xiang].filter((c): c is number => c !== undefined).map((c) => rd.ref(r, c))
        : [rd.ref(r, lay.codeCols.single!)],
      nameRef: rd.ref(r, lay.nameCol),
      amounts,
    };
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

/** Reading a table's grid: header paths, amount cells with their intervals, parse problems. */
import Decimal from 'decimal.js';
import { CellRef, Finding, TableId } from '../finding';
import { formatDecimals, halfUnit, isPercentFormat, parseAmount, TEN_THOUSAND, ZERO } from '../money';
import { a1, CellRange, cellText, CellValue, colCount, formatAt, mergeAt, mergedValue, SheetSnapshot } from '../snapshot';
import { labelKey } from '../text';
import { Amount, Unit } from './model';

/**
 * An amount read from a cell. Its Decimal value and its A1 reference are built on first use: most
 * relations are settled by the exact integer fast path and never need either.
 */
export class CellAmount implements Amount {
  private _value: Decimal | undefined;
  private _ref: CellRef | undefined;
  constructor(
    private readonly sheetName: string,
    private readonly r: number,
    private readonly c: number,
    readonly half: Decimal,
    readonly micro: number | undefined,
    value?: Decimal,
    readonly blank?: boolean,
  ) {
    this._value = value;
  }
  get value(): Decimal {
    // micro is always set when no value was given (whole numbers below 1e9 stay safe integers).
    return (this._value ??= new Decimal(`${this.micro}e-6`));
  }
  get ref(): CellRef {
    return (this._ref ??= { sheet: this.sheetName, address: a1(this.r, this.c) });
  }
}

const MILLION = new Decimal(1000000);
function microOf(value: Decimal): number | undefined {
  if (value.decimalPlaces() > 6) return undefined;
  const m = value.times(MILLION).toNumber();
  return Number.isSafeInteger(m) ? m : undefined;
}

const PLAIN = /^(-?)(\d{1,9})(?:\.(\d{1,6}))?$/;
/**
 * `3578.52` → its value in millionths of 万元 (hundredths of 元 when the table is in 元) and its
 * decimals, or undefined when the text is not a plain short decimal (the general parser decides).
 */
function plainDecimal(t: string, yuan: boolean): { micro: number; decimals: number } | undefined {
  const m = PLAIN.exec(t);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const places = yuan ? 2 : 6;
  if (frac.length > places) return undefined;
  const micro = Number(m[2]) * 10 ** places + (frac ? Number(frac.padEnd(places, '0')) : 0);
  return { micro: m[1] ? -micro : micro, decimals: frac.length };
}

/**
 * The same for a number, without a string: v is a plain decimal with at most 6 places (2 in 元) exactly
 * when it is the double nearest to m / 10^places for the integer m nearest to v · 10^places.
 */
function plainNumber(v: number, yuan: boolean): { micro: number; decimals: number } | undefined {
  const scale = yuan ? 100 : 1000000;
  const m = Math.round(v * scale);
  if (m / scale !== v) return undefined;
  let decimals = yuan ? 2 : 6;
  for (let x = m; decimals > 0 && x % 10 === 0; x /= 10) decimals--;
  return { micro: m, decimals };
}

/** Default displayed decimals when neither the format nor the value says more. */
const DEFAULT_DECIMALS = 2;

export class SheetReader {
  readonly cols: number;
  readonly issues: Finding[] = [];
  constructor(readonly sheet: SheetSnapshot, readonly table: TableId, readonly unit: Unit, readonly tableName: string) {
    this.cols = colCount(sheet);
  }

  private halves = new Map<number, Decimal>();
  /** Interval half-width in 万元 for a cell showing `decimals` places in this table's unit. */
  half(decimals: number): Decimal {
    let h = this.halves.get(decimals);
    if (!h) {
      h = this.unit === '元' ? halfUnit(decimals).div(TEN_THOUSAND) : halfUnit(decimals);
      this.halves.set(decimals, h);
    }
    return h;
  }

  get rows(): number {
    return this.sheet.values.length;
  }

  ref(r: number, c: number): CellRef {
    return { sheet: this.sheet.name, address: a1(r, c) };
  }

  raw(r: number, c: number): CellValue {
    return this.sheet.values[r]?.[c] ?? null;
  }

  text(r: number, c: number): string {
    return cellText(this.raw(r, c)).trim();
  }

  /** Label key of (r,c), following merged areas. */
  key(r: number, c: number): string {
    return labelKey(cellText(mergedValue(this.sheet, r, c)));
  }

  /** Label key of the cell itself (no merge following). */
  ownKey(r: number, c: number): string {
    return labelKey(cellText(this.raw(r, c)));
  }

  /** The merged area covering (r,c), if any. */
  mergeAt(r: number, c: number): CellRange | undefined {
    return this.sheet.merges.length ? mergeAt(this.sheet, r, c) : undefined;
  }

  rowKeys(r: number): string[] {
    const out: string[] = [];
    for (let c = 0; c < this.cols; c++) out.push(this.ownKey(r, c));
    return out;
  }

  /**
   * The amount at (r,c) in 万元, with its interval half-width. Blank and dashes are zero. A cell that
   * is not a number is reported (R13, error) and read as undefined — never as a silent zero.
   */
  amount(r: number, c: number, what: string | (() => string)): Amount | undefined {
    const v = this.raw(r, c);
    const yuan = this.unit === '元';
    // Fast path: whole numbers (the bulk of real tables in 元, and zeros) need no rounding; their
    // Decimal is built only if a rule or a reader asks for it.
    if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e9) {
      const fd = formatDecimals(formatAt(this.sheet, r, c));
      return new CellAmount(this.sheet.name, r, c, this.half(fd ?? DEFAULT_DECIMALS), yuan ? v * 100 : v * 1000000);
    }
    const fmt = formatAt(this.sheet, r, c);
    // Fast path: plain decimals (numbers, or text such as `3,578.52`) read straight into millionths;
    // the Decimal is built only if asked for.
    const fast = typeof v === 'number' ? (Math.abs(v) < 1e9 && !isPercentFormat(fmt) ? plainNumber(v, yuan) : undefined)
      : typeof v === 'string' ? plainDecimal(v.replace(/[,\s]/g, ''), yuan) : undefined;
    if (fast) {
      const fd = typeof v === 'number' ? formatDecimals(fmt) : null;
      if (fd === null || fd >= fast.decimals) {
        const explicit = typeof v === 'number' && fmt && !/^general$/i.test(fmt);
        const decimals = explicit ? fd ?? fast.decimals : Math.max(fd ?? fast.decimals, DEFAULT_DECIMALS);
        return new CellAmount(this.sheet.name, r, c, this.half(decimals), fast.micro);
      }
    }
    const p = parseAmount(v, fmt);
    switch (p.kind) {
      case 'blank':
      case 'dash':
        return new CellAmount(this.sheet.name, r, c, ZERO, 0, ZERO, true);
      case 'number': {
        const decimals = typeof v === 'number' && fmt && !/^general$/i.test(fmt) ? p.decimals : Math.max(p.decimals, DEFAULT_DECIMALS);
        const value = yuan ? p.value.div(TEN_THOUSAND) : p.value;
        return new CellAmount(this.sheet.name, r, c, this.half(decimals), microOf(value), value);
      }
      case 'bad': {
        const ref = this.ref(r, c);
        this.issues.push({
          rule: 'R13',
          severity: 'error',
          table: this.table,
          message: `${this.tableName}「${this.sheet.name}」${ref.address}（${typeof what === 'function' ? what() : what}）不是有效金额：“${p.text}”（${p.reason}），未计入校验`,
          cells: [ref],
          params: { text: p.text },
        });
        return undefined;
      }
    }
  }
}

/** Is this row a row of column numbers (栏次 1 2 3 …) or labelled 栏次? */
export function isColumnNumberRow(rd: SheetReader, r: number): boolean {
  const nums: number[] = [];
  for (let c = 0; c < rd.cols; c++) {
    const k = rd.ownKey(r, c);
    if (!k) continue;
    if (k === '栏次' || k === '行次' || k === '列次') return true;
    if (/^[甲乙丙丁戊]$/.test(k)) continue;
    if (!/^\d{1,2}$/.test(k)) return false;
    nums.push(Number(k));
  }
  // 1 2 3 …: consecutive column numbers, not a row of zeros or amounts.
  return nums.length >= 3 && nums[0] >= 1 && nums.every((n, i) => i === 0 || n === nums[i - 1] + 1);
}

/**
 * Header label paths per column for header rows [from, to): the distinct label keys from top to
 * bottom (merged cells followed), joined with '/'. Column-number rows are skipped. A group header that
 * was not merged (`合计 |  |` over `预算数 | 决算数`) covers the empty cells to its right that have
 * sub-headers below, as a merge would.
 */
export function headerPaths(rd: SheetReader, from: number, to: number, isGroupWord: (k: string) => boolean = () => true): string[] {
  const rows: number[] = [];
  for (let r = from; r < to; r++) if (!isColumnNumberRow(rd, r)) rows.push(r);
  const keys = rows.map((r) => Array.from({ length: rd.cols }, (_, c) => rd.key(r, c)));
  const below = (i: number, c: number) => keys.slice(i + 1).some((row) => !!row[c]);
  for (let i = 0; i + 1 < keys.length; i++) {
    let fill = '';
    let parent = '';
    const own = keys[i].slice();
    const parentOf = (c: number) => (i > 0 ? keys[i - 1][c] : '');
    for (let c = 0; c < rd.cols; c++) {
      if (own[c]) { fill = isGroupWord(own[c]) && below(i, c) ? own[c] : ''; parent = parentOf(c); continue; }
      // A fill never crosses the boundary of the group above it.
      if (fill && parentOf(c) === parent && below(i, c) && !rd.mergeAt(rows[i], c)) keys[i][c] = fill;
      else fill = '';
    }
  }
  const paths: string[] = [];
  for (let c = 0; c < rd.cols; c++) {
    const parts: string[] = [];
    for (const row of keys) {
      const k = row[c];
      if (k && parts[parts.length - 1] !== k) parts.push(k);
    }
    paths.push(parts.join('/'));
  }
  return paths;
}

/** Last segment of a header path. */
export function leaf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** Find the first row (from `start`, within `limit` rows) where `pred` holds for some cell key. */
export function findRow(rd: SheetReader, start: number, limit: number, pred: (k: string) => boolean): number {
  const end = Math.min(rd.rows, start + limit);
  for (let r = start; r < end; r++) {
    for (let c = 0; c < rd.cols; c++) if (pred(rd.ownKey(r, c))) return r;
  }
  return -1;
}

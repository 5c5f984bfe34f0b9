/**
 * A fake of the Office.js Excel API subset the adapter uses, backed by an in-memory workbook.
 * Runs in Node (jest) and in the browser (bundled by test/fakes/fake-office.ts for the e2e).
 *
 * Like Office: commands are queued and run at sync(); a property can be read only after load() and
 * sync() (otherwise PropertyNotLoaded); *OrNullObject methods give null objects; APIs above the
 * configured ExcelApi version throw ApiNotFound. It counts sync() calls and payload bytes, models
 * fills (No Fill reads color "#FFFFFF" with pattern "None"), notes, comments, selection, events.
 *
 * Constraints from the @types/office-js remarks (and Excel's behaviour they describe), each modelled:
 * - Worksheet.delete on a VeryHidden sheet throws InvalidOperation;
 * - a cell holds a note or a threaded comment, not both, and at most one of each (add throws);
 * - Excel on the web: request and response payloads of one sync are limited to 5 MB (UTF-8 bytes);
 * - getMergedAreasOrNullObject fails beyond 512 merged areas;
 * - RangeAreas.select needs ExcelApi 1.18, getRanges 1.9, conditional formats 1.6 (RangeAreas' 1.9),
 *   notes 1.18, comments 1.10, *OrNullObject 1.4, hyperlinks 1.7;
 * - writes (values, formats, fills, notes, comments, conditional formats) on a protected sheet throw
 *   AccessDenied;
 * - Office.js does not roll a batch back: commands before a failing one stay applied. `failAt` injects
 *   a failure at any command (counted over the fake's lifetime, see `commandsRun`).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export type Scalar = string | number | boolean;

export interface FakeFill {
  pattern: string;
  color: string;
  patternColor: string;
  tintAndShade: number;
  patternTintAndShade: number;
}

export const NO_FILL: FakeFill = { pattern: 'None', color: '#FFFFFF', patternColor: '#000000', tintAndShade: 0, patternTintAndShade: 0 };

export interface FakeCell {
  value: Scalar | null;
  format: string;
  fill: FakeFill;
  note: string | null;
  comment: string | null;
  hyperlink?: string;
  bold?: boolean;
}

export interface FakeSheet {
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  protected: boolean;
  cells: Map<string, FakeCell>;
  merges: { r1: number; c1: number; r2: number; c2: number }[];
  columnWidths: Map<number, number>;
  /** Conditional formats, highest priority first. */
  cfs: FakeCF[];
}

export interface FakeCF {
  id: string;
  type: string;
  ranges: { r1: number; c1: number; r2: number; c2: number }[];
  formula?: string;
  fillColor?: string;
  fontBold?: boolean;
  fontColor?: string;
}

export interface FakeState {
  sheets: FakeSheet[];
  selection: { sheet: string; address: string } | null;
  activeSheet: string | null;
  eventsEnabled: boolean;
  /** Cell writes made while events were enabled. */
  eventsRaised: number;
}

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
}

export interface FakeOptions {
  /** Highest ExcelApi version supported, e.g. "1.18". */
  api?: string;
  /** Excel-on-the-web payload limit per request and response (bytes). */
  payloadLimit?: number;
}

export interface SnapshotLike {
  sheets: { name: string; values: any[][]; formats?: (string | null)[][]; merges?: { r1: number; c1: number; r2: number; c2: number }[]; visible?: boolean }[];
}

// ---------- addresses ----------

function colLetters(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
function colIndex(letters: string): number {
  let c = 0;
  for (const ch of letters.toUpperCase()) c = c * 26 + (ch.charCodeAt(0) - 64);
  return c - 1;
}
const key = (r: number, c: number) => `${r},${c}`;
function a1(r: number, c: number) {
  return `${colLetters(c)}${r + 1}`;
}
function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
function unquoteSheet(s: string): string {
  return s.startsWith("'") ? s.slice(1, -1).replace(/''/g, "'") : s;
}

interface Box { r1: number; c1: number; r2: number; c2: number; whole?: 'sheet' | 'cols' }

const MAXR = 1048575;
const MAXC = 16383;

function parseRef(ref: string): Box {
  const s = ref.replace(/\$/g, '').trim();
  let m = /^([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?$/.exec(s);
  if (m) {
    const r1 = parseInt(m[2], 10) - 1, c1 = colIndex(m[1]);
    const r2 = m[3] ? parseInt(m[4], 10) - 1 : r1, c2 = m[3] ? colIndex(m[3]) : c1;
    return { r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) };
  }
  m = /^([A-Za-z]{1,3}):([A-Za-z]{1,3})$/.exec(s);
  if (m) return { r1: 0, c1: colIndex(m[1]), r2: MAXR, c2: colIndex(m[2]), whole: 'cols' };
  throw officeError('InvalidArgument', `无效地址 ${ref}`);
}

/** "'Sheet 1'!B7" or "B7" → sheet (or null) and box. */
function parseQualified(addr: string): { sheet: string | null; box: Box } {
  const bang = addr.lastIndexOf('!');
  if (bang < 0) return { sheet: null, box: parseRef(addr) };
  return { sheet: unquoteSheet(addr.slice(0, bang)), box: parseRef(addr.slice(bang + 1)) };
}

function boxAddress(b: Box): string {
  if (b.whole === 'sheet') return `A1:${a1(MAXR, MAXC)}`;
  return b.r1 === b.r2 && b.c1 === b.c2 ? a1(b.r1, b.c1) : `${a1(b.r1, b.c1)}:${a1(b.r2, b.c2)}`;
}

// ---------- errors ----------

export interface FakeOfficeError extends Error { code: string }

export function officeError(code: string, message: string): FakeOfficeError {
  const e = new Error(message) as FakeOfficeError;
  e.name = 'RichApi.Error';
  e.code = code;
  return e;
}

function notLoaded(prop: string): FakeOfficeError {
  return officeError('PropertyNotLoaded', `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
}

function versionAtMost(v: string, max: string): boolean {
  const [a, b] = v.split('.').map(Number);
  const [x, y] = max.split('.').map(Number);
  return a < x || (a === x && b <= y);
}

// ---------- state helpers ----------

export function emptyCell(): FakeCell {
  return { value: null, format: 'General', fill: { ...NO_FILL }, note: null, comment: null };
}

export function stateFromSnapshot(snap: SnapshotLike): FakeState {
  const sheets: FakeSheet[] = snap.sheets.map((s) => {
    const cells = new Map<string, FakeCell>();
    s.values.forEach((row, r) => {
      (row ?? []).forEach((v, c) => {
        let value: Scalar | null = null;
        if (v === null || v === undefined) value = null;
        else if (typeof v === 'object') value = v.kind === 'error' ? v.code : null;
        else value = v;
        const f = s.formats?.[r]?.[c] ?? null;
        if (value === null && !f) return;
        cells.set(key(r, c), { ...emptyCell(), value, format: f ?? 'General' });
      });
    });
    return {
      name: s.name,
      visibility: s.visible === false ? 'Hidden' : 'Visible',
      protected: false,
      cells,
      merges: s.merges ?? [],
      columnWidths: new Map(),
      cfs: [],
    };
  });
  return { sheets, selection: null, activeSheet: sheets[0]?.name ?? null, eventsEnabled: true, eventsRaised: 0 };
}

export function cloneState(s: FakeState): FakeState {
  return {
    ...s,
    selection: s.selection ? { ...s.selection } : null,
    sheets: s.sheets.map((sh) => ({
      ...sh,
      cells: new Map([...sh.cells].map(([k, c]) => [k, { ...c, fill: { ...c.fill } }])),
      merges: sh.merges.map((m) => ({ ...m })),
      columnWidths: new Map(sh.columnWidths),
      cfs: sh.cfs.map((f) => ({ ...f, ranges: f.ranges.map((r) => ({ ...r })) })),
    })),
  };
}

export function getCell(state: FakeState, sheet: string, address: string): FakeCell {
  const sh = state.sheets.find((s) => s.name === sheet);
  if (!sh) throw new Error(`no sheet ${sheet}`);
  const b = parseRef(address);
  return sh.cells.get(key(b.r1, b.c1)) ?? emptyCell();
}

// ---------- the fake ----------

type Op = () => number; // returns response bytes

/** Request bytes of one command besides its arguments (action + object path JSON in Office.js). */
export const COMMAND_BYTES = 120;

const encoder = new TextEncoder();
export function utf8Bytes(s: string): number {
  return encoder.encode(s).length;
}

class Ctx {
  queue: Op[] = [];
  requestBytes = 0;
  constructor(public fake: FakeExcel) {}
  push(op: Op, requestPayload?: unknown) {
    this.queue.push(op);
    this.requestBytes += COMMAND_BYTES + (requestPayload === undefined ? 0 : utf8Bytes(JSON.stringify(requestPayload)));
  }
  need(version: string, what: string) {
    if (!versionAtMost(version, this.fake.api)) throw officeError('ApiNotFound', `${what} requires ExcelApi ${version}`);
  }
  get state() {
    return this.fake.state;
  }
}

class Proxy {
  protected loaded = new Map<string, unknown>();
  _null = false;
  _nullChecked = false;
  constructor(protected ctx: Ctx) {}
  protected read<T>(prop: string): T {
    if (!this.loaded.has(prop)) throw notLoaded(prop);
    if (this._null) throw officeError('InvalidObjectPath', 'The object is a null object.');
    return this.loaded.get(prop) as T;
  }
  get isNullObject(): boolean {
    if (!this._nullChecked) throw notLoaded('isNullObject');
    return this._null;
  }
  /** Resolve the target at sync time (null for a null object); throws ItemNotFound otherwise. */
  protected resolveTarget(): unknown {
    return undefined;
  }
  protected props(): Record<string, () => unknown> {
    return {};
  }
  load(spec?: string | string[] | { select?: string }): this {
    const list = typeof spec === 'string' ? spec.split(',') : Array.isArray(spec) ? spec : spec?.select ? spec.select.split(',') : Object.keys(this.props());
    const names = list.map((p) => p.trim()).filter(Boolean);
    this.ctx.push(() => {
      const target = this.resolveTarget();
      this._nullChecked = true;
      this._null = target === null;
      if (this._null) return 20;
      let bytes = 0;
      const getters = this.props();
      for (const n of names) {
        const g = getters[n];
        if (!g) throw officeError('InvalidArgument', `Unknown property ${n}`);
        const v = g();
        this.loaded.set(n, v);
        bytes += n.length + utf8Bytes(JSON.stringify(v ?? null)) + 4;
      }
      return bytes;
    });
    return this;
  }
  toJSON() {
    return Object.fromEntries(this.loaded);
  }
}

class Runtime extends Proxy {
  set enableEvents(v: boolean) {
    this.ctx.need('1.8', 'runtime.enableEvents');
    this.ctx.push(() => {
      this.ctx.state.eventsEnabled = v;
      return 0;
    }, v);
  }
  get enableEvents(): boolean {
    return this.read('enableEvents');
  }
  protected override props() {
    return { enableEvents: () => this.ctx.state.eventsEnabled };
  }
}

type SheetResolver = () => FakeSheet | null;

class WorksheetCollection extends Proxy {
  private _items: Worksheet[] | null = null;
  get items(): Worksheet[] {
    if (!this._items) throw notLoaded('items');
    return this._items;
  }
  override load(spec?: string | string[]): this {
    const props = (typeof spec === 'string' ? spec.split(',') : spec ?? ['items/name'])
      .map((p) => p.trim().replace(/^items\//, ''));
    this.ctx.push(() => {
      const sheets = this.ctx.state.sheets;
      this._items = sheets.map((s) => {
        const ws = new Worksheet(this.ctx, () => sheets.find((x) => x === s) ?? null, s.name);
        ws._preload(props);
        return ws;
      });
      return this._items.reduce((n, ws) => n + JSON.stringify(ws.toJSON()).length, 0);
    });
    return this;
  }
  getItem(name: string): Worksheet {
    return new Worksheet(this.ctx, () => {
      const s = this.ctx.state.sheets.find((x) => x.name === name);
      if (!s) throw officeError('ItemNotFound', `找不到工作表 ${name}`);
      return s;
    }, name);
  }
  getItemOrNullObject(name: string): Worksheet {
    this.ctx.need('1.4', 'getItemOrNullObject');
    return new Worksheet(this.ctx, () => this.ctx.state.sheets.find((x) => x.name === name) ?? null, name);
  }
  getActiveWorksheet(): Worksheet {
    return new Worksheet(this.ctx, () => this.ctx.state.sheets.find((x) => x.name === this.ctx.state.activeSheet) ?? this.ctx.state.sheets[0], '');
  }
  add(name: string): Worksheet {
    this.ctx.push(() => {
      if (this.ctx.state.sheets.some((s) => s.name === name)) throw officeError('ItemAlreadyExists', `工作表 ${name} 已存在`);
      this.ctx.state.sheets.push({ name, visibility: 'Visible', protected: false, cells: new Map(), merges: [], columnWidths: new Map(), cfs: [] });
      return 0;
    }, name);
    return this.getItem(name);
  }
}

class Protection extends Proxy {
  constructor(ctx: Ctx, private sheet: SheetResolver) {
    super(ctx);
  }
  get protected(): boolean {
    return this.read('protected');
  }
  _preload(v: boolean) {
    this._nullChecked = true;
    this.loaded.set('protected', v);
  }
  protected override resolveTarget() {
    return this.sheet();
  }
  protected override props() {
    return { protected: () => this.sheet()!.protected };
  }
}

class Worksheet extends Proxy {
  constructor(ctx: Ctx, public _resolve: SheetResolver, private _name: string) {
    super(ctx);
  }
  _preload(props: string[]) {
    const s = this._resolve()!;
    this._nullChecked = true;
    for (const p of props) {
      if (p === 'protection/protected') this.protection._preload(s.protected);
      else if (p === 'name' || p === 'visibility') this.loaded.set(p, p === 'name' ? s.name : s.visibility);
      else throw officeError('InvalidArgument', `Unknown property ${p}`);
    }
  }
  protected override resolveTarget() {
    return this._resolve();
  }
  protected override props() {
    return { name: () => this._resolve()!.name, visibility: () => this._resolve()!.visibility, position: () => this.ctx.state.sheets.indexOf(this._resolve()!) };
  }
  get name(): string {
    return this.read('name');
  }
  get visibility(): string {
    return this.read('visibility');
  }
  set visibility(v: string) {
    this.ctx.push(() => {
      const s = this.must();
      s.visibility = v as FakeSheet['visibility'];
      return 0;
    }, v);
  }
  private _protection?: Protection;
  private _notes?: NoteCollection;
  get protection(): Protection {
    this.ctx.need('1.2', 'worksheet.protection');
    return (this._protection ??= new Protection(this.ctx, () => this._resolve()));
  }
  get notes(): NoteCollection {
    this.ctx.need('1.18', 'worksheet.notes');
    return (this._notes ??= new NoteCollection(this.ctx, () => this.must()));
  }
  must(): FakeSheet {
    const s = this._resolve();
    if (!s) throw officeError('ItemNotFound', `找不到工作表 ${this._name}`);
    return s;
  }
  activate(): void {
    this.ctx.push(() => {
      this.ctx.state.activeSheet = this.must().name;
      return 0;
    });
  }
  delete(): void {
    this.ctx.push(() => {
      const s = this.must();
      if (s.visibility === 'VeryHidden') throw officeError('InvalidOperation', '不能删除“非常隐藏”的工作表：先改为隐藏或可见');
      if (s.visibility === 'Visible' && !this.ctx.state.sheets.some((x) => x !== s && x.visibility === 'Visible')) {
        throw officeError('InvalidOperation', '工作簿至少要有一张可见的工作表');
      }
      this.ctx.state.sheets = this.ctx.state.sheets.filter((x) => x !== s);
      return 0;
    });
  }
  getRange(address?: string): Range {
    return new Range(this.ctx, () => {
      const s = this._resolve();
      if (!s) return null;
      return { sheet: s, box: address ? parseRef(address) : { r1: 0, c1: 0, r2: MAXR, c2: MAXC, whole: 'sheet' } };
    }, true);
  }
  getRanges(address: string): RangeAreas {
    this.ctx.need('1.9', 'getRanges');
    return new RangeAreas(this.ctx, () => {
      const s = this.must();
      return { sheet: s, boxes: address.split(',').map((a) => parseRef(a)) };
    });
  }
  private used(valuesOnly: boolean): Box | null {
    return usedBox(this.must(), valuesOnly);
  }
  getUsedRange(valuesOnly = false): Range {
    if (valuesOnly) this.ctx.need('1.2', 'getUsedRange(valuesOnly)');
    return new Range(this.ctx, () => {
      const s = this._resolve();
      if (!s) throw officeError('ItemNotFound', `找不到工作表 ${this._name}`);
      return { sheet: s, box: this.used(valuesOnly) ?? { r1: 0, c1: 0, r2: 0, c2: 0 } };
    }, true);
  }
  getUsedRangeOrNullObject(valuesOnly = false): Range {
    this.ctx.need('1.4', 'getUsedRangeOrNullObject');
    return new Range(this.ctx, () => {
      const s = this._resolve();
      if (!s) return null;
      const b = this.used(valuesOnly);
      return b ? { sheet: s, box: b } : null;
    }, true);
  }
}

function usedBox(s: FakeSheet, valuesOnly: boolean, within?: Box): Box | null {
  let r1 = Infinity, c1 = Infinity, r2 = -1, c2 = -1;
  for (const [k, cell] of s.cells) {
    const used = cell.value !== null && cell.value !== '';
    const formatted = cell.format !== 'General' || cell.fill.pattern !== 'None' || cell.note !== null;
    if (!used && (valuesOnly || !formatted)) continue;
    const [r, c] = k.split(',').map(Number);
    if (within && (r < within.r1 || r > within.r2 || c < within.c1 || c > within.c2)) continue;
    r1 = Math.min(r1, r); c1 = Math.min(c1, c); r2 = Math.max(r2, r); c2 = Math.max(c2, c);
  }
  return r2 < 0 ? null : { r1, c1, r2, c2 };
}

interface RangeTarget { sheet: FakeSheet; box: Box }

function cellsOf(t: RangeTarget, create: boolean): { r: number; c: number; cell: FakeCell }[] {
  const out: { r: number; c: number; cell: FakeCell }[] = [];
  const { sheet, box } = t;
  if (box.whole) {
    for (const [k, cell] of sheet.cells) {
      const [r, c] = k.split(',').map(Number);
      if (r >= box.r1 && r <= box.r2 && c >= box.c1 && c <= box.c2) out.push({ r, c, cell });
    }
    return out;
  }
  for (let r = box.r1; r <= box.r2; r++) {
    for (let c = box.c1; c <= box.c2; c++) {
      let cell = sheet.cells.get(key(r, c));
      if (!cell) {
        cell = emptyCell();
        if (create) sheet.cells.set(key(r, c), cell);
      }
      out.push({ r, c, cell });
    }
  }
  return out;
}

function grid<T>(t: RangeTarget, f: (cell: FakeCell) => T): T[][] {
  const rows: T[][] = [];
  for (let r = t.box.r1; r <= t.box.r2; r++) {
    const row: T[] = [];
    for (let c = t.box.c1; c <= t.box.c2; c++) row.push(f(t.sheet.cells.get(key(r, c)) ?? emptyCell()));
    rows.push(row);
  }
  return rows;
}

class Range extends Proxy {
  constructor(ctx: Ctx, public _resolve: () => RangeTarget | null, private nullable: boolean) {
    super(ctx);
  }
  must(): RangeTarget {
    const t = this._resolve();
    if (!t) throw officeError('ItemNotFound', '找不到区域');
    return t;
  }
  protected override resolveTarget() {
    const t = this._resolve();
    if (!t && !this.nullable) throw officeError('ItemNotFound', '找不到区域');
    return t;
  }
  protected override props() {
    const t = () => this.must();
    const big = (what: string) => {
      if (t().box.whole) throw officeError('InvalidOperation', `不能读取整张工作表的 ${what}`);
    };
    return {
      address: () => `${quoteSheet(t().sheet.name)}!${boxAddress(t().box)}`,
      rowIndex: () => t().box.r1,
      columnIndex: () => t().box.c1,
      rowCount: () => t().box.r2 - t().box.r1 + 1,
      columnCount: () => t().box.c2 - t().box.c1 + 1,
      values: () => { big('values'); return grid(t(), (c) => (c.value === null ? '' : c.value)); },
      numberFormat: () => { big('numberFormat'); return grid(t(), (c) => c.format); },
    };
  }
  get address(): string { return this.read('address'); }
  get rowIndex(): number { return this.read('rowIndex'); }
  get columnIndex(): number { return this.read('columnIndex'); }
  get rowCount(): number { return this.read('rowCount'); }
  get columnCount(): number { return this.read('columnCount'); }
  get values(): any[][] { return this.read('values'); }
  get numberFormat(): any[][] { return this.read('numberFormat'); }
  set values(v: any[][]) {
    this.ctx.push(() => {
      const t = this.must();
      if (t.sheet.protected) throw officeError('AccessDenied', '工作表受保护');
      const rows = t.box.r2 - t.box.r1 + 1, cols = t.box.c2 - t.box.c1 + 1;
      if (v.length !== rows || v.some((r) => r.length !== cols)) throw officeError('InvalidArgument', '数组大小与区域不符');
      for (const { r, c, cell } of cellsOf(t, true)) {
        let x = v[r - t.box.r1][c - t.box.c1];
        if (typeof x === 'string' && x.startsWith("'")) x = x.slice(1);
        cell.value = x === '' ? null : x;
        if (this.ctx.state.eventsEnabled) this.ctx.state.eventsRaised++;
      }
      return 0;
    }, v);
  }
  set numberFormat(v: any[][]) {
    this.ctx.push(() => {
      const t = this.must();
      if (t.sheet.protected) throw officeError('AccessDenied', '工作表受保护');
      for (const { r, c, cell } of cellsOf(t, true)) cell.format = Array.isArray(v) ? v[r - t.box.r1][c - t.box.c1] : v;
      return 0;
    }, v);
  }
  set hyperlink(h: { documentReference?: string; address?: string; textToDisplay?: string }) {
    this.ctx.need('1.7', 'range.hyperlink');
    this.ctx.push(() => {
      if (this.must().sheet.protected) throw officeError('AccessDenied', '工作表受保护');
      for (const { cell } of cellsOf(this.must(), true)) cell.hyperlink = h.documentReference ?? h.address;
      return 0;
    }, h);
  }
  get conditionalFormats(): ConditionalFormatCollection {
    this.ctx.need('1.6', 'Range.conditionalFormats');
    return new ConditionalFormatCollection(this.ctx, () => {
      const t = this.must();
      return { sheet: t.sheet, boxes: [t.box] };
    });
  }
  getUsedRangeOrNullObject(valuesOnly = false): Range {
    this.ctx.need('1.4', 'Range.getUsedRangeOrNullObject');
    return new Range(this.ctx, () => {
      const t = this.must();
      const b = usedBox(t.sheet, valuesOnly, t.box);
      return b ? { sheet: t.sheet, box: b } : null;
    }, true);
  }
  private _format?: RangeFormat;
  get format(): RangeFormat {
    return (this._format ??= new RangeFormat(this.ctx, this));
  }
  select(): void {
    this.ctx.push(() => {
      const t = this.must();
      this.ctx.state.activeSheet = t.sheet.name;
      this.ctx.state.selection = { sheet: t.sheet.name, address: boxAddress(t.box) };
      return 0;
    });
  }
  clear(): void {
    this.ctx.push(() => {
      const t = this.must();
      if (t.sheet.protected) throw officeError('AccessDenied', '工作表受保护');
      for (const { r, c } of cellsOf(t, false)) t.sheet.cells.delete(key(r, c));
      return 0;
    });
  }
  getMergedAreasOrNullObject(): RangeAreas {
    this.ctx.need('1.13', 'getMergedAreasOrNullObject');
    return new RangeAreas(this.ctx, () => {
      const t = this._resolve();
      if (!t) return null;
      const b = t.box;
      const boxes = t.sheet.merges.filter((m) => m.r1 >= b.r1 && m.r2 <= b.r2 && m.c1 >= b.c1 && m.c2 <= b.c2);
      if (boxes.length > 512) throw officeError('GeneralException', '合并区域超过 512 个');
      return boxes.length ? { sheet: t.sheet, boxes } : null;
    });
  }
}

class RangeAreas extends Proxy {
  constructor(ctx: Ctx, private _resolve: () => { sheet: FakeSheet; boxes: Box[] } | null) {
    super(ctx);
  }
  protected override resolveTarget() {
    return this._resolve();
  }
  protected override props() {
    return {
      address: () => {
        const t = this._resolve()!;
        return t.boxes.map((b) => `${quoteSheet(t.sheet.name)}!${boxAddress(b)}`).join(', ');
      },
      areaCount: () => this._resolve()!.boxes.length,
    };
  }
  get address(): string { return this.read('address'); }
  get conditionalFormats(): ConditionalFormatCollection {
    this.ctx.need('1.9', 'RangeAreas.conditionalFormats');
    return new ConditionalFormatCollection(this.ctx, () => this._resolve());
  }
  select(): void {
    this.ctx.need('1.18', 'RangeAreas.select');
    this.ctx.push(() => {
      const t = this._resolve();
      if (!t) throw officeError('ItemNotFound', '找不到区域');
      this.ctx.state.activeSheet = t.sheet.name;
      this.ctx.state.selection = { sheet: t.sheet.name, address: t.boxes.map(boxAddress).join(',') };
      return 0;
    });
  }
}

class RangeFormat {
  constructor(private ctx: Ctx, private range: Range) {}
  private _fill?: RangeFill;
  private _font?: RangeFont;
  get fill(): RangeFill {
    return (this._fill ??= new RangeFill(this.ctx, this.range));
  }
  get font(): RangeFont {
    return (this._font ??= new RangeFont(this.ctx, this.range));
  }
  private each(f: (cell: FakeCell) => void) {
    this.ctx.push(() => {
      for (const { cell } of cellsOf(this.range.must(), true)) f(cell);
      return 0;
    });
  }
  set wrapText(_v: boolean) { this.each(() => undefined); }
  set verticalAlignment(_v: string) { this.each(() => undefined); }
  set columnWidth(w: number) {
    this.ctx.push(() => {
      const t = this.range.must();
      for (let c = t.box.c1; c <= t.box.c2; c++) t.sheet.columnWidths.set(c, w);
      return 0;
    }, w);
  }
}

class RangeFont {
  constructor(private ctx: Ctx, private range: Range) {}
  private each(f: (cell: FakeCell) => void, payload: unknown) {
    this.ctx.push(() => {
      for (const { cell } of cellsOf(this.range.must(), true)) f(cell);
      return 0;
    }, payload);
  }
  set bold(v: boolean) { this.each((c) => { c.bold = v; }, v); }
  set italic(v: boolean) { this.each(() => undefined, v); }
  set size(v: number) { this.each(() => undefined, v); }
  set color(v: string) { this.each(() => undefined, v); }
}

const FILL_PROPS: Record<string, string> = { color: '1.1', pattern: '1.9', patternColor: '1.9', tintAndShade: '1.9', patternTintAndShade: '1.9' };

class RangeFill extends Proxy {
  constructor(ctx: Ctx, private range: Range) {
    super(ctx);
  }
  private one(): FakeCell {
    const t = this.range.must();
    return t.sheet.cells.get(key(t.box.r1, t.box.c1)) ?? emptyCell();
  }
  protected override resolveTarget() {
    return this.range.must();
  }
  protected override props() {
    const out: Record<string, () => unknown> = {};
    for (const [p, v] of Object.entries(FILL_PROPS)) {
      if (versionAtMost(v, this.ctx.fake.api)) out[p] = () => (this.one().fill as any)[p];
    }
    return out;
  }
  override load(spec?: string | string[]): this {
    const names = typeof spec === 'string' ? spec.split(',') : spec ?? ['color'];
    for (const n of names) if (FILL_PROPS[n.trim()]) this.ctx.need(FILL_PROPS[n.trim()], `fill.${n}`);
    return super.load(spec);
  }
  private set(f: (fill: FakeFill) => void, payload: unknown) {
    this.ctx.push(() => {
      const t = this.range.must();
      if (t.sheet.protected) throw officeError('AccessDenied', '工作表受保护');
      for (const { cell } of cellsOf(t, true)) {
        f(cell.fill);
        if (this.ctx.state.eventsEnabled) this.ctx.state.eventsRaised++;
      }
      return 0;
    }, payload);
  }
  get color(): string { return this.read('color'); }
  get pattern(): string { return this.read('pattern'); }
  get patternColor(): string { return this.read('patternColor'); }
  get tintAndShade(): number { return this.read('tintAndShade'); }
  get patternTintAndShade(): number { return this.read('patternTintAndShade'); }
  set color(v: string) {
    this.set((f) => {
      f.color = normColor(v);
      if (f.pattern === 'None') f.pattern = 'Solid';
    }, v);
  }
  set pattern(v: string) {
    this.ctx.need('1.9', 'fill.pattern');
    this.set((f) => {
      f.pattern = v;
      if (v === 'None') Object.assign(f, NO_FILL);
    }, v);
  }
  set patternColor(v: string) { this.ctx.need('1.9', 'fill.patternColor'); this.set((f) => { f.patternColor = normColor(v); }, v); }
  set tintAndShade(v: number) { this.ctx.need('1.9', 'fill.tintAndShade'); this.set((f) => { f.tintAndShade = v; }, v); }
  set patternTintAndShade(v: number) { this.ctx.need('1.9', 'fill.patternTintAndShade'); this.set((f) => { f.patternTintAndShade = v; }, v); }
  clear(): void {
    this.set((f) => Object.assign(f, NO_FILL), 'clear');
  }
}

function normColor(v: string): string {
  const s = v.trim();
  return (s.startsWith('#') ? s : `#${s}`).toUpperCase();
}

class NoteCollection extends Proxy {
  constructor(ctx: Ctx, private sheet: () => FakeSheet) {
    super(ctx);
  }
  private cellAt(address: string, create: boolean): FakeCell | undefined {
    const s = this.sheet();
    const { sheet, box } = parseQualified(address);
    if (sheet && sheet !== s.name) throw officeError('InvalidArgument', '备注地址不在本工作表');
    if (box.r1 !== box.r2 || box.c1 !== box.c2) throw officeError('InvalidArgument', '备注只能加在单个单元格上');
    let c = s.cells.get(key(box.r1, box.c1));
    if (!c && create) {
      c = emptyCell();
      s.cells.set(key(box.r1, box.c1), c);
    }
    return c;
  }
  getItemOrNullObject(address: string): Note {
    return new Note(this.ctx, () => {
      const c = this.cellAt(address, false);
      return c && c.note !== null ? c : null;
    }, () => this.sheet());
  }
  getItem(address: string): Note {
    return new Note(this.ctx, () => {
      const c = this.cellAt(address, false);
      if (!c || c.note === null) throw officeError('ItemNotFound', '该单元格没有备注');
      return c;
    }, () => this.sheet());
  }
  add(cell: Range | string, content: string): Note {
    const address = () => (typeof cell === 'string' ? cell : boxAddress(cell.must().box));
    this.ctx.push(() => {
      if (this.sheet().protected) throw officeError('AccessDenied', '工作表受保护');
      const c = this.cellAt(address(), true)!;
      if (c.note !== null) throw officeError('InvalidArgument', '该单元格已有备注');
      if (c.comment !== null) throw officeError('InvalidOperation', '该单元格已有批注，不能再加备注');
      c.note = content;
      return 0;
    }, [typeof cell === 'string' ? cell : '', content]);
    return new Note(this.ctx, () => this.cellAt(address(), false) ?? null, () => this.sheet());
  }
  private _items: Note[] | null = null;
  get items(): Note[] {
    if (!this._items) throw notLoaded('items');
    return this._items;
  }
  override load(): this {
    this.ctx.push(() => {
      const s = this.sheet();
      this._items = [...s.cells.values()].filter((c) => c.note !== null).map((c) => {
        const n = new Note(this.ctx, () => (c.note !== null ? c : null), () => s);
        n._preload();
        return n;
      });
      return this._items.reduce((n, x) => n + utf8Bytes(JSON.stringify(x.toJSON())), 0);
    });
    return this;
  }
}

class Note extends Proxy {
  constructor(ctx: Ctx, private cell: () => FakeCell | null, private sheet: () => FakeSheet) {
    super(ctx);
  }
  _preload() {
    this._nullChecked = true;
    this.loaded.set('content', this.cell()!.note);
  }
  private writable(): FakeCell {
    if (this.sheet().protected) throw officeError('AccessDenied', '工作表受保护');
    const c = this.cell();
    if (!c || c.note === null) throw officeError('ItemNotFound', '该单元格没有备注');
    return c;
  }
  protected override resolveTarget() {
    return this.cell();
  }
  protected override props() {
    return { content: () => this.cell()!.note };
  }
  get content(): string { return this.read('content'); }
  set content(v: string) {
    this.ctx.push(() => {
      this.writable().note = v;
      return 0;
    }, v);
  }
  delete(): void {
    this.ctx.push(() => {
      this.writable().note = null;
      return 0;
    });
  }
}

class CommentCollection extends Proxy {
  private _items: Comment[] | null = null;
  get items(): Comment[] {
    if (!this._items) throw notLoaded('items');
    return this._items;
  }
  override load(): this {
    this.ctx.push(() => {
      const list: Comment[] = [];
      for (const s of this.ctx.state.sheets) {
        for (const [k, c] of s.cells) {
          if (c.comment === null) continue;
          const [r, col] = k.split(',').map(Number);
          const cm = new Comment(this.ctx, () => ({ sheet: s, r, c: col, cell: c }));
          cm._preload();
          list.push(cm);
        }
      }
      this._items = list;
      return list.reduce((n, c) => n + JSON.stringify(c.toJSON()).length, 0);
    });
    return this;
  }
  private locate(cell: Range | string): { sheet: FakeSheet; r: number; c: number; cell: FakeCell } {
    let sheet: FakeSheet | undefined;
    let box: Box;
    if (typeof cell === 'string') {
      const q = parseQualified(cell);
      sheet = this.ctx.state.sheets.find((s) => s.name === q.sheet);
      box = q.box;
    } else {
      const t = cell.must();
      sheet = t.sheet;
      box = t.box;
    }
    if (!sheet) throw officeError('InvalidArgument', '批注地址必须包含工作表名');
    let c = sheet.cells.get(key(box.r1, box.c1));
    if (!c) {
      c = emptyCell();
      sheet.cells.set(key(box.r1, box.c1), c);
    }
    return { sheet, r: box.r1, c: box.c1, cell: c };
  }
  add(cell: Range | string, content: string): Comment {
    let loc: ReturnType<CommentCollection['locate']> | null = null;
    this.ctx.push(() => {
      loc = this.locate(cell);
      if (loc.sheet.protected) throw officeError('AccessDenied', '工作表受保护');
      if (loc.cell.comment !== null) throw officeError('InvalidArgument', '该单元格已有批注');
      if (loc.cell.note !== null) throw officeError('InvalidOperation', '该单元格已有备注，不能再加批注');
      loc.cell.comment = content;
      return 0;
    }, content);
    return new Comment(this.ctx, () => loc);
  }
  getItemByCell(cell: Range | string): Comment {
    return new Comment(this.ctx, () => {
      const loc = this.locate(cell);
      if (loc.cell.comment === null) throw officeError('ItemNotFound', '该单元格没有批注');
      return loc;
    });
  }
}

class Comment extends Proxy {
  constructor(ctx: Ctx, private loc: () => { sheet: FakeSheet; r: number; c: number; cell: FakeCell } | null) {
    super(ctx);
  }
  _preload() {
    this._nullChecked = true;
    this.loaded.set('content', this.loc()!.cell.comment);
  }
  protected override resolveTarget() {
    return this.loc();
  }
  protected override props() {
    return { content: () => this.loc()!.cell.comment };
  }
  get content(): string { return this.read('content'); }
  set content(v: string) {
    this.ctx.push(() => {
      this.loc()!.cell.comment = v;
      return 0;
    }, v);
  }
  getLocation(): Range {
    return new Range(this.ctx, () => {
      const l = this.loc();
      return l ? { sheet: l.sheet, box: { r1: l.r, c1: l.c, r2: l.r, c2: l.c } } : null;
    }, false);
  }
  delete(): void {
    this.ctx.push(() => {
      const l = this.loc();
      if (!l) throw officeError('ItemNotFound', '批注不存在');
      l.cell.comment = null;
      return 0;
    });
  }
}

// ---------- conditional formats (ExcelApi 1.6) ----------

function intersects(a: Box, b: Box): boolean {
  return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}

class ConditionalFormatCollection extends Proxy {
  private _items: ConditionalFormat[] | null = null;
  constructor(ctx: Ctx, private target: () => { sheet: FakeSheet; boxes: Box[] } | null) {
    super(ctx);
  }
  private must() {
    const t = this.target();
    if (!t) throw officeError('ItemNotFound', '找不到区域');
    return t;
  }
  get items(): ConditionalFormat[] {
    if (!this._items) throw notLoaded('items');
    return this._items;
  }
  /** Supports items/id, items/type, items/priority, items/customOrNullObject/rule/formula, items/custom/rule/formula. */
  override load(spec?: string | string[]): this {
    const props = (typeof spec === 'string' ? spec.split(',') : spec ?? ['items/id', 'items/type'])
      .map((p) => p.trim().replace(/^items\//, ''));
    this.ctx.push(() => {
      const t = this.must();
      const list = t.sheet.cfs.filter((f) => f.ranges.some((r) => t.boxes.some((b) => intersects(r, b))));
      this._items = list.map((f) => {
        const cf = new ConditionalFormat(this.ctx, t.sheet, () => (t.sheet.cfs.includes(f) ? f : null));
        cf._preload(f, props);
        return cf;
      });
      return this._items.reduce((n, x) => n + utf8Bytes(JSON.stringify(x.toJSON())) + 20, 0);
    });
    return this;
  }
  add(type: string): ConditionalFormat {
    let made: FakeCF | null = null;
    const sheetRef: { s: FakeSheet | null } = { s: null };
    this.ctx.push(() => {
      const t = this.must();
      if (t.sheet.protected) throw officeError('AccessDenied', '工作表受保护');
      made = { id: this.ctx.fake.nextCfId(), type, ranges: t.boxes.map((b) => ({ r1: b.r1, c1: b.c1, r2: b.r2, c2: b.c2 })) };
      sheetRef.s = t.sheet;
      t.sheet.cfs.unshift(made);
      return 0;
    }, type);
    return new ConditionalFormat(this.ctx, null, () => made, () => sheetRef.s);
  }
  clearAll(): void {
    this.ctx.push(() => {
      const t = this.must();
      if (t.sheet.protected) throw officeError('AccessDenied', '工作表受保护');
      t.sheet.cfs = t.sheet.cfs.filter((f) => !f.ranges.some((r) => t.boxes.some((b) => intersects(r, b))));
      return 0;
    });
  }
}

class ConditionalFormat extends Proxy {
  constructor(ctx: Ctx, private sheet0: FakeSheet | null, private cf: () => FakeCF | null, private sheetOf?: () => FakeSheet | null) {
    super(ctx);
  }
  private sheet(): FakeSheet {
    const s = this.sheet0 ?? this.sheetOf?.() ?? null;
    if (!s) throw officeError('ItemNotFound', '条件格式不存在');
    return s;
  }
  private must(): FakeCF {
    const f = this.cf();
    if (!f) throw officeError('ItemNotFound', '条件格式不存在');
    return f;
  }
  _custom?: CustomConditionalFormat;
  _customOrNull?: CustomConditionalFormat;
  _preload(f: FakeCF, props: string[]) {
    this._nullChecked = true;
    for (const p of props) {
      if (p === 'id' || p === 'type') this.loaded.set(p, f[p]);
      else if (p === 'priority') this.loaded.set(p, this.sheet().cfs.indexOf(f));
      else if (p === 'custom/rule/formula') {
        if (f.type !== 'Custom') throw officeError('InvalidOperation', '不是自定义条件格式');
        this.custom._preload(f, false);
      } else if (p === 'customOrNullObject/rule/formula') this.customOrNullObject._preload(f, f.type !== 'Custom');
      else throw officeError('InvalidArgument', `Unknown property ${p}`);
    }
  }
  get id(): string { return this.read('id'); }
  get type(): string { return this.read('type'); }
  get custom(): CustomConditionalFormat {
    return (this._custom ??= new CustomConditionalFormat(this.ctx, () => {
      const f = this.must();
      if (f.type !== 'Custom') throw officeError('InvalidOperation', '不是自定义条件格式');
      return { f, sheet: this.sheet() };
    }));
  }
  get customOrNullObject(): CustomConditionalFormat {
    return (this._customOrNull ??= new CustomConditionalFormat(this.ctx, () => {
      const f = this.must();
      return f.type === 'Custom' ? { f, sheet: this.sheet() } : null;
    }));
  }
  getRanges(): RangeAreas {
    this.ctx.need('1.9', 'ConditionalFormat.getRanges');
    return new RangeAreas(this.ctx, () => ({ sheet: this.sheet(), boxes: this.must().ranges }));
  }
  delete(): void {
    this.ctx.push(() => {
      const f = this.must();
      const s = this.sheet();
      if (s.protected) throw officeError('AccessDenied', '工作表受保护');
      s.cfs = s.cfs.filter((x) => x !== f);
      return 0;
    });
  }
}

type CustomTarget = () => { f: FakeCF; sheet: FakeSheet } | null;

class CustomConditionalFormat extends Proxy {
  readonly rule: ConditionalFormatRule;
  readonly format: ConditionalRangeFormat;
  constructor(ctx: Ctx, t: CustomTarget) {
    super(ctx);
    this.rule = new ConditionalFormatRule(ctx, t);
    this.format = new ConditionalRangeFormat(ctx, t);
  }
  _preload(f: FakeCF, isNull: boolean) {
    this._nullChecked = true;
    this._null = isNull;
    if (!isNull) this.rule._preload(f);
  }
}

function cfWrite(ctx: Ctx, t: CustomTarget, payload: unknown, f: (cf: FakeCF) => void) {
  ctx.push(() => {
    const x = t();
    if (!x) throw officeError('InvalidOperation', '不是自定义条件格式');
    if (x.sheet.protected) throw officeError('AccessDenied', '工作表受保护');
    f(x.f);
    return 0;
  }, payload);
}

class ConditionalFormatRule extends Proxy {
  constructor(ctx: Ctx, private t: CustomTarget) {
    super(ctx);
  }
  _preload(f: FakeCF) {
    this._nullChecked = true;
    this.loaded.set('formula', f.formula ?? '');
  }
  get formula(): string { return this.read('formula'); }
  set formula(v: string) {
    if (!v.startsWith('=')) throw officeError('InvalidArgument', '公式必须以 = 开头');
    cfWrite(this.ctx, this.t, v, (f) => { f.formula = v; });
  }
}

class ConditionalRangeFormat {
  readonly fill: { color: string };
  readonly font: { bold: boolean; color: string };
  constructor(ctx: Ctx, t: CustomTarget) {
    this.fill = {
      set color(v: string) { cfWrite(ctx, t, v, (f) => { f.fillColor = normColor(v); }); },
      get color(): string { throw notLoaded('color'); },
    };
    this.font = {
      set bold(v: boolean) { cfWrite(ctx, t, v, (f) => { f.fontBold = v; }); },
      get bold(): boolean { throw notLoaded('bold'); },
      set color(v: string) { cfWrite(ctx, t, v, (f) => { f.fontColor = normColor(v); }); },
      get color(): string { throw notLoaded('color'); },
    };
  }
}

class Workbook {
  readonly worksheets: WorksheetCollection;
  constructor(private ctx: Ctx) {
    this.worksheets = new WorksheetCollection(ctx);
  }
  private _comments?: CommentCollection;
  get comments(): CommentCollection {
    this.ctx.need('1.10', 'workbook.comments');
    return (this._comments ??= new CommentCollection(this.ctx));
  }
}

export class FakeRequestContext {
  readonly workbook: Workbook;
  readonly runtime: Runtime;
  private readonly c: Ctx;
  constructor(private fake: FakeExcel) {
    this.c = new Ctx(fake);
    this.workbook = new Workbook(this.c);
    this.runtime = new Runtime(this.c);
    if (!versionAtMost('1.8', fake.api)) {
      Object.defineProperty(this, 'runtime', { get: () => { throw officeError('ApiNotFound', 'runtime requires ExcelApi 1.8'); } });
    }
  }
  get pending(): number {
    return this.c.queue.length;
  }
  async sync(): Promise<void> {
    const ops = this.c.queue;
    const requestBytes = this.c.requestBytes;
    this.c.queue = [];
    this.c.requestBytes = 0;
    let responseBytes = 0;
    const rec: SyncRecord = { requestBytes, responseBytes: 0 };
    this.fake.syncs.push(rec);
    if (this.fake.payloadLimit && requestBytes > this.fake.payloadLimit) {
      throw officeError('RequestPayloadSizeLimitExceeded', 'request payload too large');
    }
    for (const op of ops) {
      this.fake.commandsRun++;
      if (this.fake.failAt !== null && this.fake.commandsRun === this.fake.failAt) {
        this.fake.failAt = null;
        throw officeError('GeneralException', `injected failure at command ${this.fake.commandsRun}`);
      }
      responseBytes += op();
    }
    rec.responseBytes = responseBytes;
    if (this.fake.payloadLimit && responseBytes > this.fake.payloadLimit) {
      throw officeError('ResponsePayloadSizeLimitExceeded', 'response payload too large');
    }
    await Promise.resolve();
  }
}

export class FakeExcel {
  readonly api: string;
  readonly payloadLimit: number;
  syncs: SyncRecord[] = [];
  /** Batches that ended with queued commands never synced (a bug in the caller). */
  unsyncedBatches = 0;
  /** Commands executed so far (over the fake's lifetime). */
  commandsRun = 0;
  /** Fail the command with this number (1-based, compared with commandsRun); then reset to null. */
  failAt: number | null = null;
  private cfSeq = 0;
  nextCfId(): string {
    return `{CF-${++this.cfSeq}}`;
  }
  constructor(public state: FakeState, opts: FakeOptions = {}) {
    this.api = opts.api ?? '1.18';
    this.payloadLimit = opts.payloadLimit ?? 5 * 1024 * 1024;
  }
  static fromSnapshot(snap: SnapshotLike, opts: FakeOptions = {}): FakeExcel {
    return new FakeExcel(stateFromSnapshot(snap), opts);
  }
  isSetSupported(name: string, version: string): boolean {
    return name === 'ExcelApi' && versionAtMost(version, this.api);
  }
  async run<T>(batch: (context: any) => Promise<T>): Promise<T> {
    const ctx = new FakeRequestContext(this);
    const result = await batch(ctx);
    if (ctx.pending > 0) {
      this.unsyncedBatches++;
      await ctx.sync();
    }
    return result;
  }
  /** The env object the adapter takes. */
  env(): { run: FakeExcel['run']; isSetSupported: FakeExcel['isSetSupported'] } {
    return { run: (b) => this.run(b), isSetSupported: (n, v) => this.isSetSupported(n, v) };
  }
  resetCounters(): void {
    this.syncs = [];
    this.unsyncedBatches = 0;
  }
  sheet(name: string): FakeSheet {
    const s = this.state.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }
  cell(sheet: string, address: string): FakeCell {
    return getCell(this.state, sheet, address);
  }
  /** Set a cell's fill/note/comment directly (test set-up). */
  setCell(sheet: string, address: string, patch: Partial<Omit<FakeCell, 'fill'>> & { fill?: Partial<FakeFill> }): void {
    const s = this.sheet(sheet);
    const b = parseRef(address);
    const k = key(b.r1, b.c1);
    const c = s.cells.get(k) ?? emptyCell();
    const { fill, ...rest } = patch;
    Object.assign(c, rest);
    if (fill) c.fill = { ...c.fill, ...fill };
    s.cells.set(k, c);
  }
  /** Values of every cell, for "values never change" assertions. */
  valueDump(exclude: string[] = []): Record<string, Scalar | null> {
    const out: Record<string, Scalar | null> = {};
    for (const s of this.state.sheets) {
      if (exclude.includes(s.name)) continue;
      for (const [k, c] of s.cells) {
        if (c.value === null) continue;
        const [r, col] = k.split(',').map(Number);
        out[`${s.name}!${a1(r, col)}`] = c.value;
      }
    }
    return out;
  }
}

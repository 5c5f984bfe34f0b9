/**
 * Pure helpers of the 说明 tab: options ⇄ workbook settings, the preview's pieces, the list of open
 * placeholders and where each is filled in, output file names, and the Chinese summaries the tab
 * shows. No React, no Office.js, no ExcelJS.
 */
import { CellRef } from '../../core/finding';
import { Decimal } from '../../core/money';
import {
  FACT_FIELDS, FACTS_SHEET, FIELD_BY_KEY, factText, findFactsSheet, FactsPlanResult, LAYOUTS, locateFact, NARRATIVE_SETTING_KEYS,
  NARRATIVE_SHEET, NarrativeDraft, NarrativeOptions, optionsFromSettings, paragraphRow, ParagraphStyle, readFacts, ReasonPolicy,
} from '../../core/narrative';
import { EditPlan, isLinkCell, ValueEdit } from '../../core/plan';
import { Settings } from '../../core/settings';
import { a1, cellText, CellValue, parseA1, SheetSnapshot, WorkbookSnapshot } from '../../core/snapshot';

// ---------------------------------------------------------------------------------------------
// Options

export type ReasonMode = 'all' | 'changed' | 'threshold';
/** A region profile's id, or 'auto' (guessed from the table order and the text). */
export type LayoutName = string;

/** The options as the form edits them (strings for the threshold inputs). */
export interface OptionsForm {
  zeroBase: NarrativeOptions['zeroBase'];
  flat: NarrativeOptions['flat'];
  reasons: ReasonMode;
  /** 万元, '' for none (threshold mode only). */
  minAmount: string;
  /** %, '' for none (threshold mode only). */
  minPercent: string;
  layout: LayoutName;
}

export const DEFAULT_FORM: OptionsForm = {
  zeroBase: 'percent', flat: 'seed', reasons: 'all', minAmount: '', minPercent: '', layout: 'auto',
};

/** 'auto' and every profile of profiles.json (a new region's entry shows up here with no code). */
export const LAYOUT_LABEL: Record<LayoutName, string> = {
  auto: '自动（按“三公”表的位置和说明文字推测）',
  ...Object.fromEntries(Object.values(LAYOUTS).map((l) => [l.name, l.description ? `${l.label}：${l.description}` : l.label])),
};

export const REASON_LABEL: Record<ReasonMode, string> = {
  all: '每处变动都要写原因（包括未变动）',
  changed: '只有增减变动时写原因',
  threshold: '变动超过阈值时写原因',
};

function layoutName(s: Settings): LayoutName {
  const n = s[NARRATIVE_SETTING_KEYS.layout];
  return n && LAYOUTS[n] ? n : 'auto';
}

/** The form shown for the options stored in the workbook (defaults where nothing is stored). */
export function formFromSettings(s: Settings): OptionsForm {
  const o = optionsFromSettings(s);
  const form: OptionsForm = { ...DEFAULT_FORM, zeroBase: o.zeroBase, flat: o.flat, layout: layoutName(s), reasons: o.reasons.mode };
  if (o.reasons.mode === 'threshold') {
    form.minAmount = o.reasons.minAmount?.toString() ?? '';
    form.minPercent = o.reasons.minPercent?.toString() ?? '';
  }
  return form;
}

const NUMBER_RE = /^\d+(\.\d+)?$/;

/** Threshold inputs: '' or a non-negative number. Chinese message per bad field, empty when fine. */
export function formProblems(f: OptionsForm): string[] {
  if (f.reasons !== 'threshold') return [];
  const out: string[] = [];
  const amt = f.minAmount.trim();
  const pct = f.minPercent.trim().replace(/%$/, '');
  if (amt && !NUMBER_RE.test(amt)) out.push(`金额阈值“${f.minAmount}”不是非负数（单位：万元，如 10 或 5.5）`);
  if (pct && !NUMBER_RE.test(pct)) out.push(`百分比阈值“${f.minPercent}”不是非负数（如 10 表示 10%）`);
  if (!amt && !pct && out.length === 0) out.push('请至少填写一个阈值（金额或百分比），或改选其他原因要求');
  return out;
}

/** The settings value of the reason policy (see NARRATIVE_SETTING_KEYS.reasons). */
export function reasonsSetting(f: OptionsForm): string {
  if (f.reasons !== 'threshold') return f.reasons;
  return `threshold:${f.minAmount.trim()}:${f.minPercent.trim().replace(/%$/, '')}`;
}

/** `settings` with the narrative keys replaced by the form's (other keys kept). */
export function settingsWithForm(s: Settings, f: OptionsForm): Settings {
  return {
    ...s,
    [NARRATIVE_SETTING_KEYS.zeroBase]: f.zeroBase,
    [NARRATIVE_SETTING_KEYS.flat]: f.flat,
    [NARRATIVE_SETTING_KEYS.reasons]: reasonsSetting(f),
    [NARRATIVE_SETTING_KEYS.layout]: f.layout,
  };
}

/** The drafting options of a (valid) form. */
export function optionsOfForm(f: OptionsForm): Omit<NarrativeOptions, 'layout' | 'gradeBands'> & { layout?: NarrativeOptions['layout'] } {
  let reasons: ReasonPolicy;
  if (f.reasons === 'threshold') {
    const dec = (x: string) => {
      const t = x.trim().replace(/%$/, '');
      return NUMBER_RE.test(t) ? new Decimal(t) : undefined;
    };
    reasons = { mode: 'threshold', minAmount: dec(f.minAmount), minPercent: dec(f.minPercent) };
  } else {
    reasons = { mode: f.reasons };
  }
  return { zeroBase: f.zeroBase, flat: f.flat, reasons, layout: f.layout === 'auto' ? undefined : LAYOUTS[f.layout] };
}

// ---------------------------------------------------------------------------------------------
// Preview

export interface PreviewPiece {
  text: string;
  /** A placeholder 【请填写…】 (shown highlighted). */
  hole: boolean;
}

export interface PreviewParagraph {
  index: number;
  style: ParagraphStyle;
  heading: boolean;
  pieces: PreviewPiece[];
}

/** Split a paragraph into plain text and 【…】 placeholders. */
export function splitHoles(text: string): PreviewPiece[] {
  const out: PreviewPiece[] = [];
  const re = /【[^【】]*】/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), hole: false });
    out.push({ text: m[0], hole: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hole: false });
  return out;
}

export function previewOf(d: NarrativeDraft): PreviewParagraph[] {
  return d.paragraphs.map((p, index) => ({ index, style: p.style, heading: p.style !== 'body', pieces: splitHoles(p.text) }));
}

// ---------------------------------------------------------------------------------------------
// Applying a plan to a snapshot in memory (where rows will be once the plan is written)

function setCell(sheet: SheetSnapshot, r: number, c: number, v: CellValue): void {
  while (sheet.values.length <= r) sheet.values.push([]);
  const row = sheet.values[r];
  while (row.length < c) row.push(null);
  row[c] = v;
}

/**
 * The snapshot as it will be after `plan` is written (values only; marks ignored). Used to tell
 * where an appended 补充信息 row will be, without writing or reading again.
 */
export function projectSnapshot(snap: WorkbookSnapshot, plan: EditPlan): WorkbookSnapshot {
  const sheets = snap.sheets.map((s) => ({ ...s, values: s.values.map((r) => [...(r ?? [])]) }));
  for (const e of plan.edits) {
    if (e.kind === 'sheet') {
      const values = e.rows.map((row) => row.cells.map((c) => (c === null ? null : isLinkCell(c) ? c.text : c)));
      const fresh: SheetSnapshot = { name: e.name, values, merges: [], visible: !e.hidden };
      const i = sheets.findIndex((s) => s.name === e.name);
      if (i >= 0) {
        if (e.replace) sheets[i] = fresh;
      } else {
        sheets.push(fresh);
      }
    } else if (e.kind === 'value') {
      const sheet = sheets.find((s) => s.name === e.sheet);
      const p = parseA1(e.address);
      if (sheet && p) setCell(sheet, p.r, p.c, e.value);
    }
  }
  return { sheets };
}

// ---------------------------------------------------------------------------------------------
// Placeholders

export interface OpenPlaceholder {
  /** factKey; `prior.items` for last year's per-项 amounts (one entry); `table:<label>` for a figure the tables lack. */
  id: string;
  kind: 'fact' | 'priorItems' | 'table';
  factKey?: string;
  label: string;
  /** The placeholder as shown, e.g. 【请填写主要原因】. */
  text: string;
  /** How many times the draft shows it. */
  count: number;
  /** Paragraph index of the first occurrence. */
  paragraph: number;
  /** 补充信息 cell where it is filled, once written (null: none yet / gap in the tables). */
  cell: CellRef | null;
  /** What to do, when there is no cell to go to (zh-CN). */
  hint?: string;
}

export const PRIOR_ITEMS_ID = 'prior.items';
const PRIOR_ITEM_PREFIX = 'prior.item.';

/**
 * Placeholders grouped by what fills them, in draft order; `after` = the workbook once written.
 * Last year's per-项 amounts (one per 项 of 一般公共预算/基金/国资) are one entry: 导入上年决算 fills them.
 */
export function openPlaceholders(d: NarrativeDraft, after: WorkbookSnapshot | null): OpenPlaceholder[] {
  const byId = new Map<string, OpenPlaceholder>();
  const facts = after ? readFacts(after) : null;
  for (const p of d.placeholders) {
    const priorItem = !!p.factKey && p.factKey.startsWith(PRIOR_ITEM_PREFIX);
    const id = priorItem ? PRIOR_ITEMS_ID : p.factKey ?? `table:${p.label}`;
    const cur = byId.get(id);
    if (cur) {
      cur.count++;
      continue;
    }
    if (priorItem) {
      byId.set(id, {
        id, kind: 'priorItems', label: '上年各项（项级科目）支出决算数', text: p.text, count: 1, paragraph: p.paragraph, cell: null,
        hint: '按“导入上年决算”自动填入',
      });
      continue;
    }
    const ref = p.factKey && facts ? facts.cells.get(p.factKey)?.ref ?? null : null;
    byId.set(id, {
      id, kind: p.factKey ? 'fact' : 'table', factKey: p.factKey, label: p.label, text: p.text, count: 1, paragraph: p.paragraph,
      cell: ref && ref.address ? ref : null,
      hint: p.factKey ? undefined : '报表中缺少此数字，请在报表中补齐',
    });
  }
  return [...byId.values()];
}

/** The 决算说明 cell of a paragraph (as written by narrativeSheetEdit). */
export function paragraphCell(index: number): CellRef {
  return { sheet: NARRATIVE_SHEET, address: `A${paragraphRow(index)}` };
}

export type JumpTarget = { ok: true; cells: CellRef[] } | { ok: false; message: string };

/**
 * Where 定位 goes for a placeholder in the workbook as it is now (`current`): its 补充信息 cell, or,
 * for a figure the tables lack, its paragraph in 决算说明.
 */
export function jumpTarget(ph: OpenPlaceholder, current: WorkbookSnapshot): JumpTarget {
  if (ph.kind === 'priorItems') {
    const first = readFacts(current).priorItems.find((x) => x.cell.ref.address);
    if (first) return { ok: true, cells: [first.cell.ref] };
    return { ok: false, message: `上年各项支出决算数请按“导入上年决算”从上年的决算工作簿导入（写入“${FACTS_SHEET}”的上年决算数部分）。` };
  }
  if (ph.factKey) {
    const ref = locateFact(current, ph.factKey);
    if (ref && ref.address) return { ok: true, cells: [ref] };
    return { ok: false, message: `工作簿的“${FACTS_SHEET}”中还没有“${ph.label}”这一行。请先按“写入工作簿”（会新增这一行），再定位。` };
  }
  if (current.sheets.some((s) => s.name === NARRATIVE_SHEET)) return { ok: true, cells: [paragraphCell(ph.paragraph)] };
  return { ok: false, message: `“${ph.label}”需要在九张报表中填写；写入工作簿后可定位到“${NARRATIVE_SHEET}”中的段落。` };
}

/** The cell to select after 创建/打开补充信息: the first empty fixed field, else 年度. */
export function firstInputCell(snap: WorkbookSnapshot): CellRef | undefined {
  const facts = readFacts(snap);
  if (!facts.sheet) return undefined;
  for (const fl of FACT_FIELDS) {
    const c = facts.cells.get(fl.key);
    if (c && c.ref.address && factText(facts, fl.key) === '') return c.ref;
  }
  const first = facts.cells.get(FACT_FIELDS[0].key)?.ref;
  if (first && first.address) return first;
  return { sheet: facts.sheet, address: a1(0, 0) };
}

export function hasFactsSheet(snap: WorkbookSnapshot): boolean {
  return !!findFactsSheet(snap);
}

// ---------------------------------------------------------------------------------------------
// Names and summaries

function baseName(name: string | null): string {
  return (name ?? '工作簿').replace(/\.xlsx$/i, '');
}

/** "决算.xlsx" → "决算.含说明.xlsx" (browser mode download). */
export function withNarrativeName(name: string | null): string {
  return `${baseName(name)}.含说明.xlsx`;
}
/** "决算.xlsx" → "决算.补充信息.xlsx" (browser mode: copy with the facts sheet). */
export function withFactsName(name: string | null): string {
  return `${baseName(name)}.补充信息.xlsx`;
}
/** The .docx name: the draft's title when there is one, else the workbook's. */
export function docxName(d: NarrativeDraft, workbook: string | null): string {
  const title = d.paragraphs.find((p) => p.style === 'title')?.text.replace(/【[^】]*】/g, '').trim();
  const base = title && title.length <= 80 ? title : `${baseName(workbook)}.决算说明`;
  return `${base.replace(/[\\/:*?"<>|]/g, '_')}.docx`;
}

const LIST_MAX = 6;
function listOf(items: string[]): string {
  return items.slice(0, LIST_MAX).map((x) => `“${x}”`).join('、') + (items.length > LIST_MAX ? ` 等 ${items.length} 项` : '');
}

/** Sentences about a facts plan (what was added, what was kept as the user wrote it). */
export function factsPlanSummary(r: FactsPlanResult, created: boolean): string {
  const parts: string[] = [];
  if (created) parts.push(`已新建工作表“${FACTS_SHEET}”（${r.added.length} 项）。`);
  else if (r.added.length) parts.push(`“${FACTS_SHEET}”新增或填入 ${r.added.length} 项。`);
  else parts.push(`“${FACTS_SHEET}”已包含所需的全部项目。`);
  if (r.kept.length) {
    parts.push(`${r.kept.length} 项已有内容，保留原值未覆盖：${r.kept.slice(0, LIST_MAX).map((k) => `${k.ref.address}“${k.label}”为 ${k.existing}（上年决算为 ${k.offered}）`).join('；')}${r.kept.length > LIST_MAX ? ' 等' : ''}。`);
  }
  return parts.join('');
}

/** Labels of the first rows a plan adds, for the notice. */
export function addedSummary(r: FactsPlanResult): string {
  return r.added.length ? listOf(r.added) : '';
}

/** Year check of an import: refuse this year's own workbook, warn when it is not the year before. */
export function priorYearProblem(currentYear: string | undefined, priorYear: string | undefined): { error?: string; warning?: string } {
  if (!currentYear || !priorYear || !/^\d{4}$/.test(currentYear) || !/^\d{4}$/.test(priorYear)) return {};
  if (priorYear === currentYear) {
    return { error: `所选文件是 ${priorYear} 年度的决算，与本工作簿同一年度。请选择上年（${Number(currentYear) - 1} 年度）的决算工作簿。` };
  }
  if (Number(priorYear) !== Number(currentYear) - 1) {
    return { warning: `所选文件是 ${priorYear} 年度的决算，本工作簿是 ${currentYear} 年度，请确认是否为上年决算。` };
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// 补充信息 form

const NUMERIC_KINDS = new Set(['amount', 'count', 'number', 'year']);

/** What a form field writes: numbers for numeric facts typed as numbers, text otherwise. */
export function factValue(key: string, raw: string): string | number {
  const t = raw.trim();
  const kind = FIELD_BY_KEY.get(key)?.kind ?? (key.startsWith('prior.') ? 'amount' : 'text');
  if (NUMERIC_KINDS.has(kind) && /^-?\d+(\.\d+)?$/.test(t.replace(/[,，]/g, ''))) return Number(t.replace(/[,，]/g, ''));
  return t;
}

/** A fact's current 内容 as the form shows it ('' when empty or no row yet). */
export function factFormValue(snap: WorkbookSnapshot | null, key: string): string {
  if (!snap) return '';
  const c = readFacts(snap).cells.get(key);
  return c ? cellText(c.value) : '';
}

/**
 * The edit writing `raw` into the fact's 内容 cell (old value kept for review); null when the row
 * does not exist yet, 'same' when the cell already holds it.
 */
export function factEdit(snap: WorkbookSnapshot, key: string, raw: string): ValueEdit | null | 'same' {
  const facts = readFacts(snap);
  const c = facts.cells.get(key);
  if (!c || !c.ref.address) return null;
  const value = factValue(key, raw);
  if (cellText(c.value).trim() === String(value)) return 'same';
  return { kind: 'value', sheet: c.ref.sheet, address: c.ref.address, value, old: c.value, label: c.label };
}

/** Is this fact long text (a textarea)? */
export function isLongFact(key: string): boolean {
  const f = FIELD_BY_KEY.get(key);
  return !f ? key.startsWith('reason') || !key.startsWith('prior.') : f.kind === 'text';
}

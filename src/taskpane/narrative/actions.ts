/**
 * What the 说明 tab's buttons do, independent of React: every Office call goes through the
 * WorkbookHost. ExcelJS (reading last year's file) and docx (export) are loaded with import() only
 * when used, so neither is part of the pane's first load.
 */
import { checkWorkbook } from '../../core/check';
import {
  factsSheetPlan, factText, guessYear, importPriorPlan, prepareDraft, PreparedDraft, readFacts,
} from '../../core/narrative';
import { readSettings, Settings } from '../../core/settings';
import { WorkbookSnapshot } from '../../core/snapshot';
import { TableSet } from '../../core/tables/model';
import { loadXlsx, MAX_FILE_BYTES } from '../browser-host';
import { parseOverrides } from '../check/logic';
import { WorkbookHost } from '../host';
import {
  factEdit, factsPlanSummary, firstInputCell, formFromSettings, formProblems, hasFactsSheet, OptionsForm, optionsOfForm, priorYearProblem, projectSnapshot,
  settingsWithForm,
} from './logic';

/** A user-facing failure: the tab shows `title` and `message` (zh-CN). */
export class NarrativeError extends Error {
  constructor(public title: string, message: string) {
    super(message);
    this.name = 'NarrativeError';
  }
}

export interface Loaded {
  snapshot: WorkbookSnapshot;
  settings: Settings;
  model: TableSet;
  /** How many of the nine tables were recognised. */
  tables: number;
}

/** Read the workbook and recognise the nine tables (with the user's recognition corrections). */
export async function load(host: WorkbookHost): Promise<Loaded> {
  const snapshot = await host.read();
  const settings = readSettings(snapshot);
  const result = checkWorkbook(snapshot, { overrides: parseOverrides(settings) });
  return { snapshot, settings, model: result.model, tables: result.tables.length };
}

/** Last year's workbook, read in the pane (kept in memory in browser mode). */
export interface PriorWorkbook {
  name: string;
  snapshot: WorkbookSnapshot;
  model: TableSet;
  year?: string;
}

export interface Outcome {
  /** Chinese sentence for the notice. */
  text: string;
  warning?: string;
}

// ---------------------------------------------------------------------------------------------
// 创建/打开补充信息

export interface FactsOutcome extends Outcome {
  created: boolean;
}

/**
 * Create 补充信息 (or add the rows the draft needs), then (Excel) select its first empty input cell.
 * Browser mode writes into the working copy in memory (下载 saves it).
 */
export async function openFactsSheet(host: WorkbookHost, prior: PriorWorkbook | null): Promise<FactsOutcome> {
  const { snapshot, model } = await load(host);
  const created = !hasFactsSheet(snapshot);
  const r = prior
    ? prepareDraft({ snapshot, model, priorModel: prior.model, priorSnapshot: prior.snapshot }).factsPlan
    : factsSheetPlan(snapshot, model);
  const plan = { edits: r.edits };
  if (plan.edits.length) await host.applyEdits(plan);
  const after = projectSnapshot(snapshot, plan);
  const cell = firstInputCell(after);
  if (cell && host.features.select) await host.select([cell]);
  const where = host.features.select ? (cell ? `请从 ${cell.sheet}!${cell.address} 开始填写“内容”列。` : '') : '可在下方“填写补充信息”中填写。';
  return { created, text: `${factsPlanSummary(r, created)}${where}` };
}

// ---------------------------------------------------------------------------------------------
// 导入上年决算

/** Read last year's workbook (ExcelJS, loaded now) and recognise its tables. */
export async function readPrior(name: string, bytes: Uint8Array): Promise<PriorWorkbook> {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    throw new NarrativeError('文件过大', `文件“${name}”有 ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB，超过可读取的上限（50 MB）。`);
  }
  const ops = await loadXlsx();
  const { snapshot } = await ops.readSnapshot(bytes);
  const result = checkWorkbook(snapshot);
  if (result.tables.length === 0) {
    throw new NarrativeError('没有识别到上年决算报表', `“${name}”中没有识别到九张决算报表中的任何一张，未导入。请选择上年的部门决算工作簿（.xlsx）。`);
  }
  return { name, snapshot, model: result.model, year: guessYear(snapshot, result.model) };
}

export interface ImportOutcome extends Outcome {
  prior: PriorWorkbook;
  /** Entries written (Excel) or to be written (browser). */
  added: number;
}

/**
 * 导入上年决算: copy last year's figures into 补充信息 (only empty cells). Browser mode keeps them
 * in memory: 生成说明 uses them and the downloaded copy carries them.
 */
export async function importPrior(host: WorkbookHost, name: string, bytes: Uint8Array): Promise<ImportOutcome> {
  const prior = await readPrior(name, bytes);
  const { snapshot, model } = await load(host);
  const currentYear = factText(readFacts(snapshot), 'year') || guessYear(snapshot, model);
  const yp = priorYearProblem(currentYear, prior.year);
  if (yp.error) throw new NarrativeError('不是上年决算', yp.error);
  const r = importPriorPlan(snapshot, prior.model, prior.snapshot);
  const created = !hasFactsSheet(snapshot);
  const yearText = prior.year ? `${prior.year} 年度` : '上年';
  if (r.edits.length) await host.applyEdits({ edits: r.edits });
  return {
    prior, added: r.added.length, warning: yp.warning,
    text: `已从“${name}”（${yearText}）导入上年决算数。${factsPlanSummary(r, created)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// 生成说明

export interface Generated {
  prepared: PreparedDraft;
  /** The options form the draft was made with. */
  form: OptionsForm;
  /** The workbook as read for this draft. */
  snapshot: WorkbookSnapshot;
  /** The workbook as it will be once the plan is written. */
  after: WorkbookSnapshot;
  settings: Settings;
  tables: number;
  warning?: string;
}

/**
 * Read the workbook and draft. `form` null: use the options stored in the workbook (first use);
 * otherwise the form's (which the tab has saved to the workbook already).
 */
export async function generate(host: WorkbookHost, form: OptionsForm | null, prior: PriorWorkbook | null): Promise<Generated> {
  const { snapshot, settings, model, tables } = await load(host);
  const used = form ?? formFromSettings(settings);
  const problems = formProblems(used);
  if (problems.length) throw new NarrativeError('选项有误', problems.join('；'));
  const prepared = prepareDraft({
    snapshot, model, options: optionsOfForm(used),
    priorModel: host.mode === 'browser' ? prior?.model : undefined,
    priorSnapshot: host.mode === 'browser' ? prior?.snapshot : undefined,
  });
  const after = projectSnapshot(snapshot, prepared.plan);
  return {
    prepared, form: used, snapshot, after, settings, tables,
    warning: tables === 0 ? '没有识别到九张决算报表：说明中的报表数字都显示为待填写。请先在“检查”页核对报表识别。' : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// 写入工作簿 / 下载含说明的工作簿

export type WriteOutcome =
  | { kind: 'written'; text: string; after: WorkbookSnapshot }
  /** The workbook changed since the preview: here is the new draft; confirm again. */
  | { kind: 'changed'; text: string; fresh: Generated };

function samePlan(a: PreparedDraft, b: PreparedDraft): boolean {
  return a.text === b.text && JSON.stringify(a.plan) === JSON.stringify(b.plan);
}

/**
 * Write the previewed draft: replace 决算说明 and fill empty 补充信息 cells (after checking that the
 * workbook did not change since the preview) — in Excel, or in browser mode's working copy.
 */
export async function writeDraft(host: WorkbookHost, shown: Generated, prior: PriorWorkbook | null): Promise<WriteOutcome> {
  const p = shown.prepared;
  const summary = `“决算说明”${p.draft.paragraphs.length} 段${p.factsPlan.added.length ? `；“补充信息”新增或填入 ${p.factsPlan.added.length} 项` : ''}`;
  const fresh = await generate(host, shown.form, prior);
  if (!samePlan(fresh.prepared, p)) {
    return { kind: 'changed', fresh, text: '预览之后工作簿有改动，已按当前内容重新生成预览。请核对后再按“写入工作簿”。' };
  }
  await host.applyEdits(fresh.prepared.plan);
  return { kind: 'written', after: fresh.after, text: `已写入：${summary}。其他工作表未改动。` };
}

// ---------------------------------------------------------------------------------------------
// Options

/** Store the options in the workbook's settings (read first so that other settings are kept). */
export async function saveOptions(host: WorkbookHost, form: OptionsForm): Promise<void> {
  const snapshot = await host.read();
  await host.saveSettings(settingsWithForm(readSettings(snapshot), form));
}

// ---------------------------------------------------------------------------------------------
// .docx

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The .docx bytes of a draft (docx package loaded now). */
export async function docxBytes(prepared: PreparedDraft): Promise<Uint8Array> {
  const { narrativeDocx } = await import(/* webpackChunkName: "docx" */ '../../docx/export');
  return narrativeDocx(prepared.draft);
}

/** Save a file through a Blob and an <a download> (Excel task pane and browser alike). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---------------------------------------------------------------------------------------------
// 补充信息 form

/**
 * Write one fact typed in the pane into 补充信息 (creating the sheet or the rows the draft needs
 * first, never overwriting other entries). Returns false when nothing changed.
 */
export async function saveFact(host: WorkbookHost, form: OptionsForm, key: string, raw: string): Promise<boolean> {
  let snap = await host.read();
  let edit = factEdit(snap, key, raw);
  if (edit === null) {
    const { snapshot, model } = await load(host);
    const plan = prepareDraft({ snapshot, model, options: optionsOfForm(form) }).factsPlan;
    if (plan.edits.length) await host.applyEdits({ edits: plan.edits });
    snap = await host.read();
    edit = factEdit(snap, key, raw);
  }
  if (edit === null) throw new NarrativeError('无法写入', `“补充信息”中找不到这一项（${key}），请按“创建/打开补充信息”后重试。`);
  if (edit === 'same') return false;
  await host.applyEdits({ edits: [edit] });
  return true;
}

/**
 * The 说明 tab without React: its pure helpers, and its actions against the real hosts — ExcelHost on
 * the fake Excel (seed 2024 workbook) and BrowserHost with a captured download.
 */
import * as fs from 'fs';
import JSZip from 'jszip';
import { FakeExcel } from '../fakes/fake-excel';
import { ExcelHost } from '../../src/excel/host';
import { BrowserHost } from '../../src/taskpane/browser-host';
import {
  docxBytes, generate, importPrior, NarrativeError, openFactsSheet, readPrior, saveFact, saveOptions, writeDraft,
} from '../../src/taskpane/narrative/actions';
import {
  DEFAULT_FORM, docxName, firstInputCell, formFromSettings, formProblems, jumpTarget, openPlaceholders, OptionsForm, optionsOfForm,
  previewOf, priorYearProblem, projectSnapshot, settingsWithForm, splitHoles, withFactsName, withNarrativeName,
} from '../../src/taskpane/narrative/logic';
import { FACTS_SHEET, NARRATIVE_SETTING_KEYS, NARRATIVE_SHEET, readFacts } from '../../src/core/narrative';
import { readSettings, SETTINGS_SHEET } from '../../src/core/settings';
import { WorkbookSnapshot } from '../../src/core/snapshot';
import { readSnapshot } from '../../src/xlsx/read';
import { SAMPLE, SAMPLE_2023 } from '../helpers';

const SENTENCE = '2024年度收入总计3,578.52万元';

let seed: WorkbookSnapshot;
let seedBytes: Uint8Array;
let priorBytes: Uint8Array;

beforeAll(async () => {
  seedBytes = new Uint8Array(fs.readFileSync(SAMPLE));
  priorBytes = new Uint8Array(fs.readFileSync(SAMPLE_2023));
  seed = (await readSnapshot(seedBytes)).snapshot;
});

function excel(snap: WorkbookSnapshot = seed): { fake: FakeExcel; host: ExcelHost } {
  const fake = FakeExcel.fromSnapshot(JSON.parse(JSON.stringify(snap)), { api: '1.18' });
  return { fake, host: new ExcelHost(fake.env()) };
}

/** Values of the nine tables' sheets (everything but the sheets the tab may write). */
function tableValues(fake: FakeExcel): Record<string, unknown> {
  return fake.valueDump([FACTS_SHEET, NARRATIVE_SHEET, SETTINGS_SHEET]);
}

describe('logic', () => {
  test('splitHoles separates placeholders from text', () => {
    expect(splitHoles('比上年【请填写上年决算数】,原因：【请填写主要原因】。')).toEqual([
      { text: '比上年', hole: false }, { text: '【请填写上年决算数】', hole: true }, { text: ',原因：', hole: false },
      { text: '【请填写主要原因】', hole: true }, { text: '。', hole: false },
    ]);
    expect(splitHoles('')).toEqual([]);
    expect(splitHoles('无占位')).toEqual([{ text: '无占位', hole: false }]);
  });

  test('options round-trip through the settings and keep other keys', () => {
    const form: OptionsForm = { zeroBase: 'fromZero', flat: 'flat', reasons: 'threshold', minAmount: '10', minPercent: '5%', layout: 'shanghai' };
    const s = settingsWithForm({ 'recognition.overrides': '{"x":"none"}' }, form);
    expect(s['recognition.overrides']).toBe('{"x":"none"}');
    expect(s[NARRATIVE_SETTING_KEYS.reasons]).toBe('threshold:10:5');
    expect(formFromSettings(s)).toEqual({ ...form, minPercent: '5' });
    const o = optionsOfForm(form);
    expect(o.layout?.name).toBe('shanghai');
    expect(o.reasons).toMatchObject({ mode: 'threshold' });
    expect(formFromSettings({})).toEqual(DEFAULT_FORM);
    expect(formFromSettings({ [NARRATIVE_SETTING_KEYS.layout]: 'nowhere' }).layout).toBe('auto');
  });

  test('threshold inputs are checked with Chinese messages', () => {
    expect(formProblems(DEFAULT_FORM)).toEqual([]);
    const t = { ...DEFAULT_FORM, reasons: 'threshold' as const };
    expect(formProblems(t)[0]).toContain('至少填写一个阈值');
    expect(formProblems({ ...t, minAmount: '十万' })[0]).toContain('金额阈值“十万”不是非负数');
    expect(formProblems({ ...t, minPercent: '-3' })[0]).toContain('百分比阈值');
    expect(formProblems({ ...t, minAmount: '0.5' })).toEqual([]);
  });

  test('projectSnapshot applies sheet and value edits in memory only', () => {
    const snap: WorkbookSnapshot = { sheets: [{ name: 'A', values: [['x']], merges: [] }] };
    const out = projectSnapshot(snap, {
      edits: [
        { kind: 'value', sheet: 'A', address: 'C3', value: 5, old: null },
        { kind: 'sheet', name: 'B', replace: false, columnWidths: [], rows: [{ cells: ['t', { text: '链接', link: { sheet: 'A', address: 'A1' } }] }] },
        { kind: 'mark', sheet: 'A', address: 'A1', severity: 'error', note: 'n' },
      ],
    });
    expect(out.sheets[0].values).toEqual([['x'], [], [null, null, 5]]);
    expect(out.sheets[1].values).toEqual([['t', '链接']]);
    expect(snap.sheets[0].values).toEqual([['x']]);
  });

  test('names and year checks', () => {
    expect(withNarrativeName('决算.xlsx')).toBe('决算.含说明.xlsx');
    expect(withFactsName(null)).toBe('工作簿.补充信息.xlsx');
    expect(priorYearProblem('2024', '2023')).toEqual({});
    expect(priorYearProblem('2024', '2024').error).toContain('同一年度');
    expect(priorYearProblem('2024', '2021').warning).toContain('2021 年度');
    expect(priorYearProblem(undefined, '2023')).toEqual({});
    expect(docxName({ paragraphs: [{ text: 'A/B单位2024年度部门决算公开说明', style: 'title', placeholders: [] }], placeholders: [], factEntries: [] }, 'x.xlsx'))
      .toBe('A_B单位2024年度部门决算公开说明.docx');
  });
});

describe('Excel host (fake)', () => {
  test('创建/打开补充信息 creates the sheet, selects its first empty input cell, leaves the tables alone', async () => {
    const { fake, host } = excel();
    const before = tableValues(fake);
    const r = await openFactsSheet(host, null);
    expect(r.created).toBe(true);
    expect(r.text).toContain('已新建工作表“补充信息”');
    expect(fake.state.sheets.some((s) => s.name === FACTS_SHEET)).toBe(true);
    const snap = await host.read();
    const facts = readFacts(snap);
    expect(fake.state.selection).toEqual({ sheet: FACTS_SHEET, address: firstInputCell(snap)!.address });
    // 年度 and 单位名称 are prefilled from the tables, so the first empty field comes later.
    expect(facts.cells.get('year')?.value).toBe('2024');
    expect(tableValues(fake)).toEqual(before);
    // A second press adds nothing and changes nothing.
    const dump = fake.valueDump();
    const again = await openFactsSheet(host, null);
    expect(again.created).toBe(false);
    expect(fake.valueDump()).toEqual(dump);
  });

  test('导入上年决算 fills empty 补充信息 cells only; the same year is refused; a bad file gives a Chinese message', async () => {
    const { fake, host } = excel();
    await openFactsSheet(host, null);
    const facts = readFacts(await host.read());
    const typed = facts.cells.get('prior.incomeGrand')!.ref;
    fake.setCell(FACTS_SHEET, typed.address, { value: 1234.5 });
    const r = await importPrior(host, 'seed-2023.xlsx', priorBytes);
    expect(r.prior.year).toBe('2023');
    expect(r.text).toContain('2023 年度');
    expect(r.text).toContain('保留原值未覆盖');
    const after = readFacts(await host.read());
    expect(after.cells.get('prior.incomeGrand')!.value).toBe(1234.5);
    expect(typeof after.cells.get('prior.expenseGrand')!.value).toBe('number');
    expect(after.cells.get('prior.year')!.value).toBe('2023');

    await expect(importPrior(host, 'seed-2024.xlsx', seedBytes)).rejects.toThrow(/同一年度/);
    const bad = importPrior(host, '坏文件.xlsx', new TextEncoder().encode('not a workbook'));
    await expect(bad).rejects.toMatchObject({ name: 'UnreadableWorkbookError' });
    await expect(bad).rejects.toThrow(/[\u4e00-\u9fff]/);
    await expect(readPrior('空.xlsx', await emptyWorkbook())).rejects.toBeInstanceOf(NarrativeError);
  });

  test('生成说明 previews, 写入工作簿 replaces only 决算说明 and fills empty 补充信息 cells; jump selects the fact cell', async () => {
    const { fake, host } = excel();
    const before = tableValues(fake);
    const g = await generate(host, null, null);
    expect(g.form).toEqual(DEFAULT_FORM);
    expect(g.prepared.text).toContain(SENTENCE);
    const preview = previewOf(g.prepared.draft);
    expect(preview[0].heading).toBe(true);
    expect(preview.some((p) => p.pieces.some((x) => x.hole))).toBe(true);
    const holes = openPlaceholders(g.prepared.draft, g.after);
    expect(holes.length).toBeGreaterThan(0);
    expect(holes.every((h) => h.kind !== 'fact' || h.cell?.sheet === FACTS_SHEET)).toBe(true);
    // Last year's per-项 amounts are one entry, filled by 导入上年决算.
    const items = holes.filter((h) => h.kind === 'priorItems');
    expect(items).toHaveLength(1);
    expect(items[0].count).toBeGreaterThan(1);
    expect(jumpTarget(items[0], g.snapshot)).toMatchObject({ ok: false, message: expect.stringContaining('导入上年决算') });
    // Before writing there is no 补充信息 to jump to.
    const fn = holes.find((h) => h.factKey === 'functions')!;
    expect(jumpTarget(fn, g.snapshot)).toMatchObject({ ok: false });

    const w = await writeDraft(host, g, null);
    expect(w.kind).toBe('written');
    if (w.kind !== 'written') return;
    expect(tableValues(fake)).toEqual(before);
    const snap = await host.read();
    const sheet = snap.sheets.find((s) => s.name === NARRATIVE_SHEET)!;
    expect(sheet.values.map((r) => r[0])).toEqual(g.prepared.draft.paragraphs.map((p) => p.text));
    const t = jumpTarget(fn, w.after);
    expect(t.ok).toBe(true);
    if (t.ok) {
      await host.select(t.cells);
      expect(fake.state.selection).toEqual({ sheet: FACTS_SHEET, address: readFacts(snap).cells.get('functions')!.ref.address });
    }

    // The user fills 主要职能, redrafts and writes again: 决算说明 is replaced, the entry kept.
    const fnCell = readFacts(snap).cells.get('functions')!.ref.address;
    fake.setCell(FACTS_SHEET, fnCell, { value: '=负责辖区党建工作。' });
    const g2 = await generate(host, DEFAULT_FORM, null);
    expect(g2.prepared.text).toContain('=负责辖区党建工作。');
    const sheetsBefore = fake.state.sheets.length;
    const w2 = await writeDraft(host, g2, null);
    expect(w2.kind).toBe('written');
    expect(fake.state.sheets.length).toBe(sheetsBefore);
    expect(fake.cell(FACTS_SHEET, fnCell).value).toBe('=负责辖区党建工作。');
    const para = (await host.read()).sheets.find((s) => s.name === NARRATIVE_SHEET)!.values.map((r) => String(r[0] ?? ''));
    expect(para.filter((x) => x.includes('负责辖区党建工作')).length).toBe(1);
    expect(tableValues(fake)).toEqual(before);
  });

  test('a workbook changed after the preview is redrafted, not written', async () => {
    const { fake, host } = excel();
    await openFactsSheet(host, null);
    const g = await generate(host, DEFAULT_FORM, null);
    const cell = readFacts(g.snapshot).cells.get('staff.total')!.ref.address;
    fake.setCell(FACTS_SHEET, cell, { value: 52 });
    const w = await writeDraft(host, g, null);
    expect(w.kind).toBe('changed');
    expect(fake.state.sheets.some((s) => s.name === NARRATIVE_SHEET)).toBe(false);
    if (w.kind === 'changed') {
      expect(w.fresh.prepared.text).toContain('实有人数52人');
      expect((await writeDraft(host, w.fresh, null)).kind).toBe('written');
    }
  });

  test('options are stored in the settings sheet next to other settings and used by the next draft', async () => {
    const { host } = excel();
    await host.saveSettings({ 'recognition.overrides': '{}' });
    const form: OptionsForm = { ...DEFAULT_FORM, flat: 'flat', layout: 'shanghai' };
    await saveOptions(host, form);
    const settings = readSettings(await host.read());
    expect(settings['recognition.overrides']).toBe('{}');
    expect(settings[NARRATIVE_SETTING_KEYS.flat]).toBe('flat');
    const g = await generate(host, null, null);
    expect(g.form).toEqual(form);
    expect(g.prepared.options.layout.name).toBe('shanghai');
    await expect(generate(host, { ...DEFAULT_FORM, reasons: 'threshold' }, null)).rejects.toBeInstanceOf(NarrativeError);
  });
});

describe('browser host', () => {
  async function browserHost(): Promise<{ host: BrowserHost; saved: { name: string; blob: Blob }[] }> {
    const saved: { name: string; blob: Blob }[] = [];
    const host = new BrowserHost((blob, name) => saved.push({ blob, name }));
    await host.open('seed-2024.xlsx', seedBytes);
    return { host, saved };
  }

  test('导入上年决算 goes into the working copy; 生成说明 uses it; the one download carries 决算说明, 补充信息 and unchanged tables', async () => {
    const { host, saved } = await browserHost();
    const g0 = await generate(host, null, null);
    const imp = await importPrior(host, 'seed-2023.xlsx', priorBytes);
    expect(imp.text).toContain('导入上年决算数');
    const g = await generate(host, null, imp.prior);
    expect(g.prepared.text).toContain(SENTENCE);
    expect(g.prepared.draft.placeholders.length).toBeLessThan(g0.prepared.draft.placeholders.length);
    const w = await writeDraft(host, g, imp.prior);
    expect(w.kind).toBe('written');
    await host.download({ edits: [] }, 'seed-2024.已修改.xlsx');
    const out = (await readSnapshot(new Uint8Array(await saved[0].blob.arrayBuffer()))).snapshot;
    for (const s of seed.sheets) expect(out.sheets.find((x) => x.name === s.name)?.values).toEqual(s.values);
    expect(out.sheets.find((s) => s.name === NARRATIVE_SHEET)!.values.map((r) => r[0])).toEqual(g.prepared.draft.paragraphs.map((p) => p.text));
    expect(readFacts(out).cells.get('prior.year')?.value).toBe('2023');
  });

  test('创建/打开补充信息 adds the sheet to the working copy (no download); a fact typed in the pane is written there', async () => {
    const { host, saved } = await browserHost();
    const r = await openFactsSheet(host, null);
    expect(r.created).toBe(true);
    expect(saved).toHaveLength(0);
    expect(readFacts(await host.read()).sheet).toBe(FACTS_SHEET);
    const g = await generate(host, null, null);
    expect(await saveFact(host, g.form, 'functions', '负责辖区综合管理。')).toBe(true);
    expect(await saveFact(host, g.form, 'functions', '负责辖区综合管理。')).toBe(false);
    const g2 = await generate(host, g.form, null);
    expect(g2.prepared.text).toContain('负责辖区综合管理。');
  });

  test('a fact typed before 补充信息 exists creates the sheet first', async () => {
    const { host } = await browserHost();
    const g = await generate(host, null, null);
    expect(await saveFact(host, g.form, 'budget.total', '3,000.5')).toBe(true);
    expect(readFacts(await host.read()).cells.get('budget.total')?.value).toBe(3000.5);
  });

  test('without a file the tab gets a Chinese message', async () => {
    const host = new BrowserHost(() => undefined);
    await expect(generate(host, null, null)).rejects.toThrow('请先打开一个 .xlsx 工作簿');
  });
});

test('导出 .docx: a zip whose word/document.xml holds the paragraphs', async () => {
  const { host } = excel();
  const g = await generate(host, null, null);
  const bytes = await docxBytes(g.prepared);
  expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  expect(xml).toContain(SENTENCE);
  expect(xml).toContain('第一部分 单位概况');
});

async function emptyWorkbook(): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('封面').addRow(['2023年度部门决算']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

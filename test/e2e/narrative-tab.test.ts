/**
 * The 说明 tab end-to-end in real Chromium, browser mode (same build as taskpane.test.ts): open the
 * sample workbook, 说明 → 生成说明 (keyboard), preview and placeholders, import last year's workbook,
 * download the .docx and the workbook copy and re-read both. docx must not be in the first load.
 * Every request must stay on 127.0.0.1; the screenshot goes to test/artifacts/ (and to
 * docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 */
import * as fs from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, Built, ensureBuild, isLocal, launchChromium, OFFICE_JS_URL, PANE_DIR, serve, StaticServer } from './harness';
import { SEED_SAMPLE, sampleWorkbook } from './sample';
import { readSnapshot } from '../../src/xlsx/read';
import { checkWorkbook } from '../../src/core/check';
import { FACTS_SHEET, NARRATIVE_SETTING_KEYS, NARRATIVE_SHEET, prepareDraft, readFacts } from '../../src/core/narrative';
import { readSettings, SETTINGS_SHEET } from '../../src/core/settings';
import { WorkbookSnapshot } from '../../src/core/snapshot';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS_SHOTS = path.join(ROOT, 'docs', 'screenshots');
const PRIOR_SAMPLE = path.join(ROOT, 'samples', 'seed-2023.xlsx');
const WORD_NS = 'schemas.openxmlformats.org/wordprocessingml/2006/main';

let built: Built;
let server: StaticServer;
let browser: Browser;
let sampleFile: string;
let snapshot: WorkbookSnapshot;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [built, sampleFile] = await Promise.all([ensureBuild(), sampleWorkbook()]);
  snapshot = (await readSnapshot(fs.readFileSync(sampleFile))).snapshot;
  server = await serve(PANE_DIR);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('docx is loaded lazily, never in the first load', () => {
  const first = built.report.firstLoad.map((f) => fs.readFileSync(path.join(PANE_DIR, f.file), 'utf8'));
  expect(first.some((js) => js.includes(WORD_NS))).toBe(false);
  const lazy = built.report.lazy.map((f) => fs.readFileSync(path.join(PANE_DIR, f.file), 'utf8'));
  expect(lazy.some((js) => js.includes(WORD_NS))).toBe(true);
  expect(built.report.firstLoadGzip).toBeLessThanOrEqual(built.report.budget);
});

test('browser mode: 说明 → 生成说明, preview, placeholders, .docx, 写入 the working copy and the one download', async () => {
  const seedSample = sampleFile === SEED_SAMPLE;
  const draft = prepareDraft({ snapshot, model: checkWorkbook(snapshot).model });
  const sentence = seedSample ? '2024年度收入总计3,578.52万元' : draft.draft.paragraphs.find((p) => p.style === 'body' && !/【/.test(p.text))!.text;

  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 360, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
  const offsite: string[] = [];
  await context.route((url) => !isLocal(url.toString()), (route) => {
    offsite.push(route.request().url());
    void route.abort();
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${server.url}/index.html`);

  // Open the workbook in 检查 (as a user would), then switch to 说明.
  await page.setInputFiles('[data-testid=file-input]', sampleFile);
  await page.waitForSelector('[data-testid=verdict]');
  await page.getByRole('tab', { name: '说明' }).click();
  const panel = page.locator('#panel-narrative');
  await expect(page.locator('[data-testid=file-name]').textContent()).resolves.toContain(path.basename(sampleFile));

  // 生成说明 from the keyboard.
  await panel.locator('[data-testid=nar-generate]').focus();
  await page.keyboard.press('Enter');
  const preview = panel.locator('[data-testid=nar-preview]');
  await preview.waitFor();
  const text = (await preview.textContent()) ?? '';
  expect(text).toContain(sentence);
  // Paragraphs in order, headings bold.
  const paras = await preview.locator(':scope > *').allTextContents();
  expect(paras).toEqual(draft.draft.paragraphs.map((p) => p.text));
  const title = preview.locator('[data-style=title]');
  const weight = await title.evaluate((el) => Number(getComputedStyle(el).fontWeight));
  expect(weight).toBeGreaterThanOrEqual(600);
  const bodyWeight = await preview.locator('[data-style=body]').first().evaluate((el) => Number(getComputedStyle(el).fontWeight));
  expect(bodyWeight).toBeLessThan(600);
  await expect(preview.locator('[role=heading]').count()).resolves.toBe(draft.draft.paragraphs.filter((p) => p.style !== 'body').length);

  // Open placeholders are listed with where they are filled.
  const items = panel.locator('[data-testid=nar-placeholder]');
  const n0 = await items.count();
  expect(n0).toBeGreaterThan(0);
  const labels = await items.allTextContents();
  if (seedSample) {
    expect(labels.some((l) => l.includes('主要职能') && l.includes(`${FACTS_SHEET}!B`))).toBe(true);
    expect(labels.some((l) => l.includes('上年收入总计'))).toBe(true);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'narrative-tab-full.png'), fullPage: true, animations: 'disabled' });

  // 导入上年决算: figures written into the working copy, the redraft needs fewer placeholders.
  if (seedSample && fs.existsSync(PRIOR_SAMPLE)) {
    await panel.locator('[data-testid=nar-prior-input]').setInputFiles(PRIOR_SAMPLE);
    await panel.locator('[data-testid=nar-notice]').waitFor();
    await expect(panel.locator('[data-testid=nar-notice]').textContent()).resolves.toContain('2023 年度');
    await expect(panel.locator('[data-testid=nar-stale]').count()).resolves.toBe(1);
    await expect(panel.locator('[data-testid=nar-write]').isDisabled()).resolves.toBe(true);
    await panel.locator('[data-testid=nar-generate]').click();
    await page.waitForFunction(() => !document.querySelector('#panel-narrative [data-testid=nar-stale]') && !document.querySelector('#panel-narrative [data-testid=nar-busy]'));
    const labels2 = await items.allTextContents();
    expect(labels2.some((l) => l.includes('上年收入总计'))).toBe(false);
    expect(labels2.length).toBeLessThan(n0);
    expect(await preview.textContent()).toContain('与上年相比');
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  const shot = path.join(ARTIFACTS, 'narrative-tab.png');
  await page.screenshot({ path: shot, animations: 'disabled' });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(DOCS_SHOTS, { recursive: true });
    fs.copyFileSync(shot, path.join(DOCS_SHOTS, 'narrative-tab.png'));
  }

  // Options: 与上年持平 is stored in the workbook settings; the preview must be redrafted before writing.
  await panel.locator('[data-testid=nar-options-toggle]').click();
  await expect(panel.locator('[data-testid=nar-options-toggle]').getAttribute('aria-expanded')).resolves.toBe('true');
  await page.waitForFunction(() => !document.querySelector('#panel-narrative [data-testid=nar-busy]'));
  await panel.getByRole('radio', { name: '与上年持平' }).check();
  await page.waitForFunction(() => !document.querySelector('#panel-narrative [data-testid=nar-busy]'));
  await expect(panel.locator('[data-testid=nar-stale]').count()).resolves.toBe(1);
  await panel.locator('[data-testid=nar-generate]').click();
  await page.waitForFunction(() => !document.querySelector('#panel-narrative [data-testid=nar-stale]') && !document.querySelector('#panel-narrative [data-testid=nar-busy]'));
  await expect(panel.locator('[data-testid=nar-error]').count()).resolves.toBe(0);
  const shownParas = await preview.locator(':scope > *').allTextContents();

  // 导出 .docx: a zip whose word/document.xml holds the same paragraphs.
  const [docx] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-testid=nar-docx]').click()]);
  expect(docx.suggestedFilename()).toMatch(/\.docx$/);
  const docxFile = path.join(ARTIFACTS, 'narrative.docx');
  await docx.saveAs(docxFile);
  const bytes = fs.readFileSync(docxFile);
  expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  expect(xml).toContain(sentence);
  const docxParas = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    .map((t) => t.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"))
    .filter((t) => t !== '');
  expect(docxParas).toEqual(shownParas);

  // 写入工作簿 (the working copy), then the one 下载: 决算说明 added, 补充信息 created, the nine tables' values unchanged.
  await panel.locator('[data-testid=nar-write]').click();
  await panel.locator('[data-testid=nar-notice]').waitFor();
  await expect(panel.locator('[data-testid=nar-notice]').textContent()).resolves.toContain('已写入工作簿');
  const [wbDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download]')]);
  expect(wbDownload.suggestedFilename()).toMatch(/\.已修改\.xlsx$/);
  const out = path.join(ARTIFACTS, 'narrative-tab.xlsx');
  await wbDownload.saveAs(out);
  const reread = (await readSnapshot(fs.readFileSync(out))).snapshot;
  const narrative = reread.sheets.find((s) => s.name === NARRATIVE_SHEET);
  expect(narrative).toBeDefined();
  expect(narrative!.values.map((r) => r[0])).toEqual(shownParas);
  expect(readFacts(reread).sheet).toBe(FACTS_SHEET);
  if (seedSample) expect(readFacts(reread).cells.get('prior.year')?.value).toBe('2023');
  expect(readSettings(reread)[NARRATIVE_SETTING_KEYS.flat]).toBe('flat');
  for (const s of snapshot.sheets) expect(reread.sheets.find((x) => x.name === s.name)?.values).toEqual(s.values);
  const tables = checkWorkbook(snapshot).tables.map((t) => t.sheet);
  expect(checkWorkbook(reread).tables.map((t) => t.sheet)).toEqual(tables);

  expect(pageErrors).toEqual([]);
  expect(offsite).toEqual([]);
  await context.close();
});

test('task pane in (fake) Excel: 创建/打开补充信息 selects it, 写入工作簿 adds 决算说明, a placeholder jumps to its cell', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
  const offsite: string[] = [];
  await context.route((url) => !isLocal(url.toString()) && url.toString() !== OFFICE_JS_URL, (route) => {
    offsite.push(route.request().url());
    void route.abort();
  });
  await context.route(OFFICE_JS_URL, (route) => void route.fulfill({ status: 200, contentType: 'application/javascript', body: built.fakeOfficeJs }));
  await context.addInitScript((snap) => {
    (window as unknown as { __FAKE_EXCEL_INIT__: unknown }).__FAKE_EXCEL_INIT__ = { snapshot: snap, api: '1.18' };
  }, JSON.parse(JSON.stringify(snapshot)));
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${server.url}/taskpane.html`);
  await expect(page.textContent('[data-testid=mode]')).resolves.toContain('Excel 加载项');
  type Dump = Record<string, unknown>;
  const fake = <T>(fn: string): Promise<T> => page.evaluate(fn) as Promise<T>;
  const own = JSON.stringify([FACTS_SHEET, NARRATIVE_SHEET, SETTINGS_SHEET]);
  const before = await fake<Dump>(`window.__fakeExcel.valueDump(${own})`);

  await page.getByRole('tab', { name: '说明' }).click();
  const panel = page.locator('#panel-narrative');
  await panel.locator('[data-testid=nar-facts]').click();
  await panel.locator('[data-testid=nar-notice]').waitFor();
  await expect(panel.locator('[data-testid=nar-notice]').textContent()).resolves.toContain('已新建工作表“补充信息”');
  const sel = await fake<{ sheet: string; address: string }>('window.__fakeExcel.state.selection');
  expect(sel.sheet).toBe(FACTS_SHEET);

  await panel.locator('[data-testid=nar-generate]').click();
  await panel.locator('[data-testid=nar-preview]').waitFor();
  await panel.locator('[data-testid=nar-write]').click();
  await page.waitForFunction(() => document.querySelector('#panel-narrative [data-testid=nar-notice]')?.textContent?.includes('已写入工作簿'));
  const sheets = await fake<string[]>('window.__fakeExcel.state.sheets.map((s) => s.name)');
  expect(sheets).toContain(NARRATIVE_SHEET);
  expect(await fake<Dump>(`window.__fakeExcel.valueDump(${own})`)).toEqual(before);

  // Jump: 主要职能 → its 内容 cell in 补充信息.
  const fn = panel.locator('[data-testid=nar-placeholder][data-fact=functions] button');
  const where = (await fn.textContent()) ?? '';
  const address = /补充信息!([A-Z]+\d+)/.exec(where)![1];
  await fn.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((a) => JSON.stringify((window as any).__fakeExcel.state.selection) === a, JSON.stringify({ sheet: FACTS_SHEET, address }));
  await fn.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'narrative-tab-excel.png'), animations: 'disabled' });

  expect(pageErrors).toEqual([]);
  expect(offsite).toEqual([]);
  await context.close();
});

/**
 * End-to-end in real Chromium (playwright-core, Debian /usr/bin/chromium):
 *  - the first-load bundle budget (same build);
 *  - browser mode: open the sample workbook, findings list = checkWorkbook on the same file,
 *    click a finding (cell context), next, filter, download the annotated copy and re-read it;
 *  - the built task pane inside a fake Office (office.js URL intercepted): 检查, click, 清除标记,
 *    recognition correction remembered in the workbook.
 * Every request must stay on 127.0.0.1; screenshots go to test/artifacts/.
 */
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, Built, ensureBuild, guardedContext, launchChromium, OFFICE_JS_URL, PANE_DIR, saveShot, serve, StaticServer, fakeExcelContext } from './harness';
import { sampleWorkbook } from './sample';
import { BUDGET_BYTES } from '../../scripts/bundle-report';
import { readSnapshot } from '../../src/xlsx/read';
import { MARK_ARGB } from '../../src/xlsx/apply';
import { checkWorkbook, CheckResult } from '../../src/core/check';
import { markEdits, RESULTS_SHEET } from '../../src/core/marks';
import { countBySeverity, Finding } from '../../src/core/finding';
import { WorkbookSnapshot } from '../../src/core/snapshot';
import { cellContext, describeCell, NO_FILTER, organizeFindings, sortBySeverity } from '../../src/taskpane/check/logic';
import { CF_SIGNATURE, MARK_HEX } from '../../src/excel/marks';
import { SETTINGS_SHEET } from '../../src/core/settings';
import { verdictOf } from '../../src/core/report';

jest.setTimeout(240_000);

/** Viewport screenshot from the top of the pane; copied to docs/screenshots when UPDATE_SCREENSHOTS=1. */
async function docShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveShot(page, name, true);
}

let built: Built;
let server: StaticServer;
let browser: Browser;
let sampleFile: string;
let snapshot: WorkbookSnapshot;
let expected: CheckResult;
let order: Finding[];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [built, sampleFile] = await Promise.all([ensureBuild(), sampleWorkbook()]);
  snapshot = (await readSnapshot(fs.readFileSync(sampleFile))).snapshot;
  expected = checkWorkbook(snapshot);
  order = organizeFindings(sortBySeverity(expected.findings), NO_FILTER).order;
  server = await serve(PANE_DIR);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});


async function uiFindings(page: Page): Promise<{ rule: string; message: string }[]> {
  return page.$$eval('[data-testid=finding]', (els) => els.map((e) => ({
    rule: e.getAttribute('data-rule') ?? '',
    message: e.querySelector('span:nth-of-type(2)')?.textContent ?? '',
  })));
}

async function waitForResults(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=verdict]');
  await page.waitForFunction(() => !document.querySelector('[role=progressbar]'));
  // Infos are collapsed: open them so that the whole list is on the page.
  const toggle = page.locator('[data-testid=infos-toggle]');
  if ((await toggle.count()) && (await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
}

/** The recognition list is one line unless something is uncertain: open it. */
async function openRecognition(page: Page): Promise<void> {
  const t = page.locator('[data-testid=recognition-toggle]');
  if ((await t.getAttribute('aria-expanded')) === 'false') await t.click();
  await page.waitForSelector('[data-testid=tables]');
}

/** Choose an option of a Fluent Dropdown (mouse; keyboard if the list did not open). */
async function pick(page: Page, combo: ReturnType<Page['getByRole']>, option: string): Promise<void> {
  await combo.click();
  const opt = page.getByRole('option', { name: option, exact: true });
  try {
    await opt.waitFor({ state: 'visible', timeout: 3000 });
  } catch {
    await combo.press('Enter');
  }
  await opt.click();
}

function expectListMatches(ui: { rule: string; message: string }[]): void {
  expect(ui.map((f) => `${f.rule} ${f.message}`)).toEqual(order.map((f) => `${f.rule} ${f.message}`));
}

test('first-load bundle is within budget and ExcelJS is lazy', () => {
  const r = built.report;
  expect(r.firstLoadGzip).toBeLessThanOrEqual(BUDGET_BYTES);
  expect(r.exceljsInFirstLoad).toBe(false);
  expect(r.exceljsLazy).toBe(true);
  fs.writeFileSync(path.join(ARTIFACTS, 'bundle-report.json'), JSON.stringify(r, null, 2));
});

test('browser mode: open, list, click, next, filter, download the annotated copy', async () => {
  const { context, offsite } = await guardedContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.url}/index.html`);
  await expect(page.textContent('[data-testid=mode]')).resolves.toContain('浏览器模式');
  await page.screenshot({ path: path.join(ARTIFACTS, 'browser-mode-start.png'), fullPage: true });

  await page.setInputFiles('[data-testid=file-input]', sampleFile);
  await waitForResults(page);
  await expect(page.textContent('[data-testid=verdict]')).resolves.toBe(verdictOf(expected).text);
  const counts = countBySeverity(expected.findings);
  await expect(page.textContent('[data-testid=count-error]')).resolves.toContain(`错误 ${counts.error}`);
  await expect(page.textContent('[data-testid=count-warning]')).resolves.toContain(`警告 ${counts.warning}`);
  await expect(page.textContent('[data-testid=count-info]')).resolves.toContain(`提示 ${counts.info}`);
  await openRecognition(page);
  const tablesText = (await page.textContent('[data-testid=tables]')) ?? '';
  for (const t of expected.tables) expect(tablesText).toContain(t.sheet);

  if (order.length === 0) {
    await expect(page.textContent('[data-testid=verdict]')).resolves.toBe(verdictOf(expected).text);
  } else {
    expectListMatches(await uiFindings(page));
    // Click the first finding: its cells are listed with their row label and value.
    const withCells = order.findIndex((f) => f.cells.length > 0);
    const items = page.locator('[data-testid=finding]');
    await items.nth(withCells).click();
    await expect(items.nth(withCells).getAttribute('aria-current')).resolves.toBe('true');
    const cellLines = await items.nth(withCells).locator('[data-testid=cells] li').allTextContents();
    expect(cellLines).toEqual(order[withCells].cells.map((c) => describeCell(cellContext(snapshot, c))));
    await page.screenshot({ path: path.join(ARTIFACTS, 'browser-mode-findings-full.png'), fullPage: true });
    if (order.length > withCells + 1) {
      await page.click('[data-testid=next]');
      await expect(items.nth(withCells + 1).getAttribute('aria-current')).resolves.toBe('true');
      // keyboard: ArrowUp goes back
      await page.keyboard.press('ArrowUp');
      await expect(items.nth(withCells).getAttribute('aria-current')).resolves.toBe('true');
    }
    // Filter: a chip shows only its severity; pressed again, everything.
    const sev = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'info';
    await page.click(`[data-testid=count-${sev}]`);
    await expect(page.locator('[data-testid=finding]').count()).resolves.toBe(counts[sev]);
    await page.click(`[data-testid=count-${sev}]`);
    await waitForResults(page);
    await expect(page.locator('[data-testid=finding]').count()).resolves.toBe(order.length);
  }

  // Download the annotated copy and re-read it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download]')]);
  expect(download.suggestedFilename()).toMatch(/\.已标注\.xlsx$/);
  await expect(page.textContent('[data-testid=changes-count]')).resolves.toContain('已修改：1 项');
  const out = path.join(ARTIFACTS, 'browser-mode-annotated.xlsx');
  await download.saveAs(out);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(out) as unknown as ArrayBuffer);
  expect(wb.getWorksheet(RESULTS_SHEET)).toBeDefined();
  for (const m of markEdits(expected.findings)) {
    const fill = wb.getWorksheet(m.sheet)!.getCell(m.address).fill as ExcelJS.FillPattern;
    expect(fill?.fgColor?.argb).toBe(MARK_ARGB[m.severity]);
  }
  const reread = (await readSnapshot(fs.readFileSync(out))).snapshot;
  for (const s of snapshot.sheets) {
    expect(reread.sheets.find((x) => x.name === s.name)?.values).toEqual(s.values);
  }
  // Drag and drop opens a file too.
  const b64 = fs.readFileSync(sampleFile).toString('base64');
  const dt = await page.evaluateHandle((data) => {
    const bin = atob(data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const t = new DataTransfer();
    t.items.add(new File([bytes], '拖入的工作簿.xlsx'));
    return t;
  }, b64);
  await page.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer: dt });
  await page.waitForFunction(() => document.querySelector('[data-testid=file-name]')?.textContent?.includes('拖入的工作簿.xlsx'));
  await waitForResults(page);
  await expect(page.locator('[data-testid=finding]').count()).resolves.toBe(order.length);

  expect(offsite).toEqual([]);
  await context.close();
});

test('task pane in (fake) Excel: 检查 marks cells, click selects, 清除标记 restores, recognition is remembered', async () => {
  const { context, offsite, intercepted } = await fakeExcelContext(browser, built.fakeOfficeJs, snapshot);
  const page = await context.newPage();
  await page.goto(`${server.url}/taskpane.html`);
  await expect(page.textContent('[data-testid=mode]')).resolves.toContain('Excel 加载项');
  expect(intercepted).toEqual([OFFICE_JS_URL]);

  type Dump = Record<string, unknown>;
  const fakeEval = <T>(fn: string): Promise<T> => page.evaluate(fn) as Promise<T>;
  const valuesBefore = await fakeEval<Dump>('window.__fakeExcel.valueDump()');
  await fakeEval('window.__fakeExcel.resetCounters()');

  await page.click('[data-testid=check]');
  await waitForResults(page);
  const checkSyncs = await fakeEval<number>('window.__fakeExcel.syncs.length');
  // read (≤ 4) + mark (≤ 3)
  expect(checkSyncs).toBeLessThanOrEqual(7);
  fs.writeFileSync(path.join(ARTIFACTS, 'taskpane-syncs.json'), JSON.stringify({ checkSyncs }, null, 2));

  const marks = markEdits(expected.findings, { infos: false });
  if (order.length === 0) {
    await expect(page.textContent('[data-testid=verdict]')).resolves.toBe(verdictOf(expected).text);
  } else {
    expectListMatches(await uiFindings(page));
    // Marks are conditional formats of ours (signed formula), one colour per severity; fills are untouched.
    for (const m of marks) {
      const covered = await page.evaluate(([s, a, color, sig]) => {
        const x = /^([A-Z]+)(\d+)$/.exec(a)!;
        let c = 0;
        for (const ch of x[1]) c = c * 26 + ch.charCodeAt(0) - 64;
        const r = Number(x[2]) - 1;
        c -= 1;
        return (window as any).__fakeExcel.sheet(s).cfs.some((f: any) => f.formula?.includes(sig) && f.fillColor === color
          && f.ranges.some((b: any) => r >= b.r1 && r <= b.r2 && c >= b.c1 && c <= b.c2));
      }, [m.sheet, m.address, MARK_HEX[m.severity], CF_SIGNATURE]);
      expect(covered).toBe(true);
      const fill = await page.evaluate(([s, a]) => (window as any).__fakeExcel.cell(s, a).fill.pattern, [m.sheet, m.address]);
      expect(fill).toBe('None');
    }
    // Click a finding: its cells on its first sheet are selected.
    const withCells = order.findIndex((f) => f.cells.length > 0);
    await page.locator('[data-testid=finding]').nth(withCells).click();
    const f = order[withCells];
    const first = f.cells[0].sheet;
    const want = [...new Set(f.cells.filter((c) => c.sheet === first).map((c) => c.address))].join(',');
    await page.waitForFunction((w) => JSON.stringify((window as any).__fakeExcel.state.selection) === w, JSON.stringify({ sheet: first, address: want }));
    await page.screenshot({ path: path.join(ARTIFACTS, 'taskpane-checked-full.png'), fullPage: true });
    await page.setViewportSize({ width: 350, height: 700 });
    await docShot(page, 'taskpane-excel.png');
    await page.setViewportSize({ width: 360, height: 900 });
  }
  if (order.length > 0) expect(await fakeEval<string>(`window.__fakeExcel.cell(${JSON.stringify(RESULTS_SHEET)}, 'A1').value`)).toBe('决算助手检查结果');
  const valuesAfter = await fakeEval<Dump>(`window.__fakeExcel.valueDump([${JSON.stringify(RESULTS_SHEET)}])`);
  expect(valuesAfter).toEqual(valuesBefore);
  expect(await fakeEval<number>('window.__fakeExcel.state.eventsRaised')).toBe(0);

  await fakeEval('window.__fakeExcel.resetCounters()');
  await page.click('[data-testid=clear]');
  await page.waitForSelector('[data-testid=notice]');
  await expect(page.textContent('[data-testid=notice]')).resolves.toContain('已清除标记');
  // Excel marks are conditional-format rules and notes: the notice says so, not "N 个单元格的原格式".
  await expect(page.textContent('[data-testid=notice]')).resolves.not.toContain('个单元格的原格式');
  expect(await fakeEval<number>('window.__fakeExcel.syncs.length')).toBeLessThanOrEqual(3);
  for (const m of marks) {
    const cell = await page.evaluate(([s, a]) => (window as any).__fakeExcel.cell(s, a), [m.sheet, m.address]);
    expect(cell.fill).toEqual({ pattern: 'None', color: '#FFFFFF', patternColor: '#000000', tintAndShade: 0, patternTintAndShade: 0 });
    expect(cell.note).toBeNull();
  }
  expect(await fakeEval<boolean>(`window.__fakeExcel.state.sheets.some((s) => s.cfs.some((f) => f.formula && f.formula.includes(${JSON.stringify(CF_SIGNATURE)})))`)).toBe(false);
  await page.screenshot({ path: path.join(ARTIFACTS, 'taskpane-cleared.png'), fullPage: true });

  // Correct a recognition: the first recognised sheet is "not a table" → remembered in the workbook.
  if (expected.tables.length > 0) {
    const sheet = expected.tables[0].sheet;
    await openRecognition(page);
    const combo = page.getByRole('combobox', { name: `工作表“${sheet}”是哪张报表` });
    await pick(page, combo, '不是决算报表');
    await page.waitForFunction((n) => (window as any).__fakeExcel.state.sheets.some((s: { name: string }) => s.name === n), SETTINGS_SHEET);
    await waitForResults(page);
    const settings = await page.evaluate((n) => (window as any).__fakeExcel.valueDump().hasOwnProperty(`${n}!B2`) ? (window as any).__fakeExcel.valueDump()[`${n}!B2`] : null, SETTINGS_SHEET);
    expect(JSON.parse(String(settings))).toEqual({ [sheet]: 'none' });
    // The sheet stays listed (so the choice can be undone) and the list no longer has its findings.
    await openRecognition(page);
    await page.waitForFunction((t) => document.querySelector('[data-testid=tables]')?.textContent?.includes(t), `${sheet}（手动指定）`);
    const ui = await uiFindings(page);
    const now = checkWorkbook(snapshot, { overrides: { [sheet]: 'none' } });
    expect(ui.length).toBe(now.findings.length);
    // Back to automatic recognition.
    await openRecognition(page);
    await pick(page, combo, '自动识别');
    await page.waitForFunction((n) => !Object.keys((window as any).__fakeExcel.valueDump()).some((k) => k.startsWith(`${n}!A2`)), SETTINGS_SHEET);
    await waitForResults(page);
    expect(await page.locator('[data-testid=finding]').count()).toBe(order.length);
  }
  expect(offsite).toEqual([]);
  await context.close();
});

/**
 * End-to-end of the 绩效自评 tab in real Chromium (same build, server and fake office.js as
 * taskpane.test.ts):
 *  - browser mode: open samples/perf-2024.xlsx, switch to 绩效自评, totals = scorePerformance in Node
 *    (default policy, then as-practiced = the stated totals), 填入得分 → confirm → download the filled
 *    copy and re-read it: only score cells changed, the policy is stored;
 *  - fake Excel: 填入得分 writes the planned cells, a finding selects its cells, 撤销 restores every value.
 * Every request must stay on 127.0.0.1; screenshots go to test/artifacts/ (docs/screenshots with
 * UPDATE_SCREENSHOTS=1).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, Built, ensureBuild, guardedContext, launchChromium, PANE_DIR, ROOT, saveShot, serve, StaticServer, fakeExcelContext } from './harness';
import { readSnapshot } from '../../src/xlsx/read';
import { a1, parseA1, WorkbookSnapshot } from '../../src/core/snapshot';
import { SETTINGS_SHEET } from '../../src/core/settings';
import { fillPlan, fmtScore, PerfResult, POLICY_LABEL, readPolicy, scorePerformance, ScoreChange } from '../../src/core/perf';
import { sameContent } from '../../src/taskpane/perf/model';

jest.setTimeout(240_000);

const SAMPLE = path.join(ROOT, 'samples', 'perf-2024.xlsx');
const STATED = ['92.96', '83.05', '100', '100', '87.83', '94', '100', '100', '93.2', '80.64'];

let built: Built;
let server: StaticServer;
let browser: Browser;
let snapshot: WorkbookSnapshot;
let official: PerfResult;
let changes: ScoreChange[];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  built = await ensureBuild();
  snapshot = (await readSnapshot(new Uint8Array(fs.readFileSync(SAMPLE)))).snapshot;
  official = scorePerformance(snapshot);
  changes = fillPlan(official.tables, { policy: official.policy, settingsFrom: snapshot }).changes;
  server = await serve(PANE_DIR);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});


async function shot(page: Page, name: string, doc = false): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await saveShot(page, name, doc);
}

interface UiTable { kind: string; sheet: string; status: string; name: string; total: string; stated: string }

function uiTables(page: Page): Promise<UiTable[]> {
  return page.$$eval('[data-testid=perf-table]', (els) => els.map((e) => ({
    kind: e.getAttribute('data-kind') ?? '',
    sheet: e.getAttribute('data-sheet') ?? '',
    status: e.getAttribute('data-status') ?? '',
    name: e.querySelector('[data-testid=perf-name]')?.textContent ?? '',
    total: e.querySelector('[data-testid=perf-total]')?.textContent ?? '',
    stated: e.querySelector('[data-testid=perf-stated]')?.textContent ?? '',
  })));
}

function expectedProjects(r: PerfResult): { sheet: string; name: string; total: string }[] {
  return r.tables.filter((t) => t.table.kind === 'project').map((t) => ({ sheet: t.table.sheet, name: t.table.name, total: t.total ? fmtScore(t.total) : '—' }));
}

async function openPerfTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: '绩效自评' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=perf-table]').length > 0
    && !(document.querySelector('[data-testid=perf-score]') as HTMLButtonElement | null)?.disabled);
}

/** Choose an option of a Fluent Dropdown (mouse; keyboard if the list did not open). */
async function pick(page: Page, option: string): Promise<void> {
  const combo = page.getByRole('combobox', { name: '计分口径' });
  await combo.click();
  const opt = page.getByRole('option', { name: option, exact: true });
  try {
    await opt.waitFor({ state: 'visible', timeout: 3000 });
  } catch {
    await combo.press('Enter');
  }
  await opt.click();
}

async function waitTotals(page: Page, totals: string[]): Promise<void> {
  await page.waitForFunction((want) => {
    const got = [...document.querySelectorAll('[data-testid=perf-table][data-kind=project] [data-testid=perf-total]')].map((e) => e.textContent);
    return JSON.stringify(got) === JSON.stringify(want);
  }, totals);
}

test('browser mode: totals per policy, 填入得分 fills the working copy; the one download changes only score cells', async () => {
  const { context, offsite } = await guardedContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.url}/index.html`);
  // Open the file (the pane's one file bar) on the 检查 tab, then switch tabs: the perf tab scores it.
  await page.setInputFiles('[data-testid=file-input]', SAMPLE);
  await page.waitForSelector('[data-testid=verdict]');
  await openPerfTab(page);

  // Default policy (none stored → official): every project, its computed and stated total.
  expect(official.policySource).toBe('default');
  const want = expectedProjects(official);
  expect(want).toHaveLength(10);
  await waitTotals(page, want.map((p) => p.total));
  let ui = (await uiTables(page)).filter((t) => t.kind === 'project');
  expect(ui.map((t) => ({ sheet: t.sheet, name: t.name, total: t.total }))).toEqual(want);
  expect(ui.map((t) => t.stated)).toEqual(STATED);
  expect(ui.map((t) => t.status)).toEqual(want.map((p, i) => (p.total === STATED[i] ? 'same' : 'differs')));
  await expect(page.getByRole('combobox', { name: '计分口径' }).textContent()).resolves.toContain('财政部口径');

  // Expand project 1: its indicator table marks the differing rows.
  const first = page.locator('[data-testid=perf-table][data-kind=project]').first();
  await first.getByRole('button').first().click();
  await first.locator('[data-testid=perf-indicators]').waitFor();
  const p1 = official.tables.find((t) => t.table.sheet === '绩效自评1')!;
  const differing = p1.indicators.filter((i) => changes.some((c) => c.sheet === '绩效自评1' && c.indicator === (i.row.name || `第${i.row.row + 1}行`) && (c.field === 'rate' || c.field === 'score'))).length;
  await expect(first.locator('[data-testid=perf-indicator]').count()).resolves.toBe(p1.indicators.length);
  await expect(first.locator('[data-testid=perf-indicator][data-differs=true]').count()).resolves.toBe(differing);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'perf-tab.png', true);
  await page.screenshot({ path: path.join(ARTIFACTS, 'perf-tab-full.png'), fullPage: true });

  // Findings: the list holds every finding of the engine.
  await expect(page.locator('[data-testid=perf-finding]').count()).resolves.toBe(official.findings.length);
  // A count chip shows only its severity, pressed.
  const sevOf = official.findings.find((f) => f.severity !== 'info')?.severity ?? 'info';
  await page.click(`[data-testid=perf-count-${sevOf}]`);
  await expect(page.locator(`[data-testid=perf-count-${sevOf}]`).getAttribute('aria-pressed')).resolves.toBe('true');
  await expect(page.locator('[data-testid=perf-finding]').count()).resolves.toBe(official.findings.filter((f) => f.severity === sevOf).length);
  await page.click(`[data-testid=perf-count-${sevOf}]`);
  await expect(page.locator('[data-testid=perf-finding]').count()).resolves.toBe(official.findings.length);

  // as-practiced reproduces the stated totals.
  await pick(page, POLICY_LABEL['as-practiced']);
  await waitTotals(page, STATED);
  ui = (await uiTables(page)).filter((t) => t.kind === 'project');
  expect(ui.map((t) => t.stated)).toEqual(STATED);
  expect(ui.every((t) => t.status === 'same')).toBe(true);
  const asPracticed = expectedProjects(scorePerformance(snapshot, { policy: 'as-practiced' }));
  expect(ui.map((t) => t.total)).toEqual(asPracticed.map((p) => p.total));

  // Back to official, 填入得分: the dialog lists old → new for every cell, then the working copy is filled.
  await pick(page, POLICY_LABEL.official);
  await waitTotals(page, want.map((p) => p.total));
  await page.click('[data-testid=perf-fill]');
  await page.waitForSelector('[data-testid=perf-dialog]');
  await expect(page.locator('[data-testid=perf-change]').count()).resolves.toBe(changes.length);
  const m16 = changes.find((c) => c.sheet === '绩效自评1' && c.edit.address === 'M16')!;
  const rows = await page.locator('[data-testid=perf-change]').allTextContents();
  expect(rows.some((r) => r.startsWith('M16') && r.includes(`${m16.oldText}→${m16.newText}`))).toBe(true);
  await shot(page, 'perf-tab-confirm.png');
  await page.click('[data-testid=perf-confirm]');
  await page.waitForSelector('[data-testid=perf-notice]');
  await expect(page.textContent('[data-testid=perf-notice]')).resolves.toContain('已填入得分');
  await waitTotals(page, want.map((p) => p.total));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download]')]);
  expect(download.suggestedFilename()).toBe('perf-2024.已修改.xlsx');
  const out = path.join(ARTIFACTS, 'perf-2024.已修改.xlsx');
  await download.saveAs(out);

  // Re-read the copy with ExcelJS: only the planned score cells differ; the policy is stored.
  const copy = (await readSnapshot(new Uint8Array(fs.readFileSync(out)))).snapshot;
  expect(readPolicy(copy)).toBe('official');
  const planned = new Map(changes.map((c) => [`${c.sheet}!${c.edit.address}`, c.edit.value]));
  const changed: string[] = [];
  for (const s of snapshot.sheets) {
    const t = copy.sheets.find((x) => x.name === s.name);
    expect(t).toBeDefined();
    const rowsN = Math.max(s.values.length, t!.values.length);
    for (let r = 0; r < rowsN; r++) {
      const n = Math.max(s.values[r]?.length ?? 0, t!.values[r]?.length ?? 0);
      for (let c = 0; c < n; c++) {
        const before = s.values[r]?.[c] ?? null, after = t!.values[r]?.[c] ?? null;
        if (!sameContent(before, after)) changed.push(`${s.name}!${a1(r, c)}`);
      }
    }
  }
  expect(changed.sort()).toEqual([...planned.keys()].sort());
  for (const [k, v] of planned) {
    const [sheet, addr] = k.split('!');
    const t = copy.sheets.find((x) => x.name === sheet)!;
    const p = parseA1(addr)!;
    const cell = t.values[p.r]?.[p.c] ?? null;
    expect([k, cell]).toEqual([k, v]);
  }
  expect(copy.sheets.find((s) => s.name === SETTINGS_SHEET)?.visible).toBe(false);

  // A workbook without self-evaluation tables, opened from this tab: the empty state.
  const nine = path.join(ROOT, 'samples', 'seed-2024.xlsx');
  if (fs.existsSync(nine)) {
    await page.locator('[data-testid=file-input]').setInputFiles(nine);
    await page.waitForSelector('[data-testid=perf-empty]');
    await expect(page.textContent('[data-testid=perf-empty]')).resolves.toContain('未找到绩效自评表');
    await expect(page.locator('[data-testid=perf-table]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid=perf-fill]').isDisabled()).resolves.toBe(true);
  }
  expect(offsite).toEqual([]);
  await context.close();
});

test('fake Excel: 填入得分 writes the planned cells, a finding selects its cells, 撤销 restores every value', async () => {
  const { context, offsite } = await fakeExcelContext(browser, built.fakeOfficeJs, snapshot);
  const page = await context.newPage();
  await page.goto(`${server.url}/taskpane.html`);
  await expect(page.textContent('[data-testid=mode]')).resolves.toContain('Excel 加载项');
  type Dump = Record<string, unknown>;
  const fakeEval = <T>(fn: string): Promise<T> => page.evaluate(fn) as Promise<T>;
  const before = await fakeEval<Dump>('window.__fakeExcel.valueDump()');

  await openPerfTab(page);
  await waitTotals(page, expectedProjects(official).map((p) => p.total));
  await expect(page.locator('[data-testid=perf-undo]').isDisabled()).resolves.toBe(true);

  // A finding with cells selects them (cells on its first sheet).
  const withCells = await page.$$eval('[data-testid=perf-finding]', (els) => els.findIndex((e) => /!/.test(e.textContent ?? '')));
  expect(withCells).toBeGreaterThanOrEqual(0);
  const item = page.locator('[data-testid=perf-finding]').nth(withCells);
  const rule = await item.getAttribute('data-rule');
  const msg = (await item.locator('[data-testid=perf-msg]').textContent()) ?? '';
  const f = official.findings.find((x) => x.rule === rule && x.message === msg)!;
  expect(f).toBeDefined();
  await item.click();
  const sheet = f.cells[0].sheet;
  const wantSel = [...new Set(f.cells.filter((c) => c.sheet === sheet).map((c) => c.address))].join(',');
  await page.waitForFunction((w) => JSON.stringify((window as any).__fakeExcel.state.selection) === w, JSON.stringify({ sheet, address: wantSel }));
  await expect(item.getAttribute('aria-current')).resolves.toBe('true');

  // Keyboard: Enter on 填入得分 opens the confirmation, Escape closes it without writing.
  await page.focus('[data-testid=perf-fill]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=perf-dialog]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=perf-dialog]', { state: 'detached' });
  expect(await fakeEval<Dump>('window.__fakeExcel.valueDump()')).toEqual(before);

  // 填入得分 → confirm: exactly the planned cells change, the policy sheet is written hidden.
  await page.click('[data-testid=perf-fill]');
  await page.waitForSelector('[data-testid=perf-dialog]');
  await expect(page.locator('[data-testid=perf-change]').count()).resolves.toBe(changes.length);
  await page.click('[data-testid=perf-confirm]');
  await page.waitForFunction(() => document.querySelector('[data-testid=perf-notice]')?.textContent?.includes('已填入得分'));
  const filled = await fakeEval<Dump>(`window.__fakeExcel.valueDump([${JSON.stringify(SETTINGS_SHEET)}])`);
  const diff = Object.keys({ ...before, ...filled }).filter((k) => !sameContent((before[k] ?? null) as never, (filled[k] ?? null) as never)).sort();
  expect(diff).toEqual(changes.map((c) => `${c.sheet}!${c.edit.address}`).sort());
  for (const c of changes) expect(filled[`${c.sheet}!${c.edit.address}`]).toEqual(c.edit.value);
  expect(await fakeEval<string>(`window.__fakeExcel.sheet(${JSON.stringify(SETTINGS_SHEET)}).visibility`)).toBe('Hidden');
  // Re-scored after writing: every total now equals the stated one.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=perf-table][data-kind=project]')].every((e) => e.getAttribute('data-status') === 'same'));
  await shot(page, 'perf-tab-excel-filled.png');

  // 撤销: every value is back.
  await page.click('[data-testid=perf-undo]');
  await page.waitForFunction(() => document.querySelector('[data-testid=perf-notice]')?.textContent?.includes('已撤销'));
  await expect(page.textContent('[data-testid=perf-notice]')).resolves.toContain(`恢复了 ${changes.length} 个单元格`);
  const restored = await fakeEval<Dump>(`window.__fakeExcel.valueDump([${JSON.stringify(SETTINGS_SHEET)}])`);
  expect(restored).toEqual(before);
  await waitTotals(page, expectedProjects(official).map((p) => p.total));
  expect(await fakeEval<number>('window.__fakeExcel.state.eventsRaised')).toBe(0);
  expect(offsite).toEqual([]);
  await context.close();
});

/**
 * Issue 14 end-to-end (Chromium, playwright-core): one 项 amount of T5 (一般公共预算财政拨款支出决算表)
 * off by +1.00. The pane names that cell first under "最可能出错的单元格" with the original value as the
 * suggestion, on the first screen under the verdict. Fake Excel: 采用建议值 writes it, the re-check has no
 * error, 撤销 writes the old value back. Browser mode: the suggestion is shown, no 采用建议值 (issue 14:
 * only an explicit, undoable action in Excel), and the annotated download marks the suspect distinctly.
 */
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, ROOT, ensureBuild, fakeExcelContext, guardedContext, StaticServer, waitVerdict, checkedPane, closePane } from './harness';
import { sampleWorkbook } from './sample';
import { readSnapshot } from '../../src/xlsx/read';
import { MARK_ARGB } from '../../src/xlsx/apply';
import { checkWorkbook, CheckResult } from '../../src/core/check';
import { countBySeverity, Suspect } from '../../src/core/finding';
import { SUSPECT_RGB, SUSPECT_STYLE } from '../../src/core/marks';
import { verdictOf } from '../../src/core/report';
import { parseA1, WorkbookSnapshot } from '../../src/core/snapshot';

jest.setTimeout(300_000);

let server: StaticServer;
let browser: Browser;
let file: string;
let snapshot: WorkbookSnapshot;
let expected: CheckResult;
/** The changed cell and its value before the change. */
let broken: { sheet: string; address: string; original: number };

const num = (t: string | undefined) => Number((t ?? '').replace(/[,，\s]/g, ''));

/** The seed workbook with one T5 项 amount (a non-zero 基本支出 or 项目支出) raised by 1.00. */
async function oneWrongT5Amount(): Promise<string> {
  const seed = await sampleWorkbook();
  const base = checkWorkbook((await readSnapshot(fs.readFileSync(seed))).snapshot).model.T5;
  const row = base?.rows.find((r) => r.level === 3 && (['basic', 'project'] as const).some((k) => r.amounts[k] && !r.amounts[k]!.blank && r.amounts[k]!.value.gt(0)));
  const a = row && (['basic', 'project'] as const).map((k) => row.amounts[k]).find((x) => x && !x.blank && x.value.gt(0));
  if (!a) throw new Error('no T5 项 amount to break');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(seed) as unknown as ArrayBuffer);
  const cell = wb.getWorksheet(a.ref.sheet)!.getCell(a.ref.address);
  const original = Number(cell.value);
  cell.value = Math.round((original + 1) * 100) / 100;
  broken = { sheet: a.ref.sheet, address: a.ref.address, original };
  const dir = path.join(ROOT, 'build', 'e2e-data');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, '决算2024-T5错一格.xlsx');
  fs.writeFileSync(out, Buffer.from(await wb.xlsx.writeBuffer()));
  return out;
}

beforeAll(async () => {
  ({ file, snapshot, expected, server, browser } = await checkedPane(oneWrongT5Amount()));
});

afterAll(() => closePane({ server, browser }));


/** The suspect section: under the verdict, on the first screen; the first suspect is the changed cell. */
async function expectFirstSuspect(page: Page, height: number): Promise<void> {
  const verdict = (await page.locator('[data-testid=verdict]').boundingBox())!;
  const section = (await page.locator('[data-testid=suspects]').boundingBox())!;
  expect(section.y).toBeGreaterThan(verdict.y);
  const first = (await page.locator('[data-testid=suspect]').first().boundingBox())!;
  expect(first.y + first.height).toBeLessThanOrEqual(height);
  await expect(page.textContent('#suspects-h')).resolves.toBe('最可能出错的单元格');
  const text = (await page.locator('[data-testid=suspect]').first().textContent()) ?? '';
  expect(text).toContain(`${broken.sheet}!${broken.address}`);
  const m = /建议值\s*([-\d,.]+)/.exec(text);
  expect(m && num(m[1])).toBe(broken.original);
}

test('the workbook: one error cluster, the changed cell is the first suspect, its original value the suggestion', () => {
  expect(countBySeverity(expected.findings).error).toBeGreaterThan(0);
  const first: Suspect = expected.suspects[0];
  expect([first.sheet, first.address]).toEqual([broken.sheet, broken.address]);
  expect(num(first.suggested)).toBe(broken.original);
});

test('fake Excel: 采用建议值 writes the suggestion, the re-check has no error, 撤销 restores the old value', async () => {
  const { context, offsite } = await fakeExcelContext(browser, (await ensureBuild()).fakeOfficeJs, snapshot);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.setViewportSize({ width: 350, height: 700 });
  await page.goto(`${server.url}/taskpane.html`);
  await expect(page.textContent('[data-testid=mode]')).resolves.toContain('Excel 加载项');
  await page.click('[data-testid=check]');
  await expect(waitVerdict(page)).resolves.toBe(verdictOf(expected).text);
  await expectFirstSuspect(page, 700);
  // The Excel marks show the suspect distinctly: its first colouring rule is the suspect colour, bold.
  const firstFill = (address: string) => {
    const p = parseA1(address)!;
    return page.evaluate(([sh, r, c]) => {
      const cfs = (window as any).__fakeExcel.sheet(sh).cfs as { ranges: { r1: number; c1: number; r2: number; c2: number }[]; fillColor?: string; fontBold?: boolean }[];
      const f = cfs.find((x) => x.fillColor && x.ranges.some((b) => b.r1 <= r && r <= b.r2 && b.c1 <= c && c <= b.c2));
      return f ? { fill: f.fillColor, bold: !!f.fontBold } : null;
    }, [broken.sheet, p.r, p.c] as const);
  };
  await expect(firstFill(broken.address)).resolves.toEqual({ fill: `#${SUSPECT_RGB}`, bold: true });
  const other = expected.findings.filter((f) => f.severity === 'error').flatMap((f) => f.cells)
    .find((c) => c.sheet === broken.sheet && c.address !== broken.address)!;
  expect((await firstFill(other.address))?.fill).not.toBe(`#${SUSPECT_RGB}`);
  const cellValue = () => page.evaluate(([s, a]) => (window as any).__fakeExcel.cell(s, a).value, [broken.sheet, broken.address]);
  expect(await cellValue()).toBeCloseTo(broken.original + 1, 6);
  // Nothing is written before the click.
  await page.locator('[data-testid=adopt]').first().click();
  await page.waitForSelector('[data-testid=adopt-undo]');
  await page.waitForFunction(() => document.querySelector('[data-testid=verdict]')?.getAttribute('data-level') !== 'error' && !document.querySelector('[role=progressbar]'));
  expect(await cellValue()).toBe(broken.original);
  await expect(page.locator('[data-testid=finding][data-severity=error]').count()).resolves.toBe(0);
  await expect(page.textContent('[data-testid=notice]')).resolves.toContain('已采用建议值');

  await page.click('[data-testid=adopt-undo]');
  await page.waitForFunction(() => document.querySelector('[data-testid=verdict]')?.getAttribute('data-level') === 'error' && !document.querySelector('[role=progressbar]'));
  expect(await cellValue()).toBeCloseTo(broken.original + 1, 6);
  await expect(page.textContent('[data-testid=verdict]')).resolves.toBe(verdictOf(expected).text);
  await expect(page.locator('[data-testid=adopt]').count()).resolves.toBeGreaterThan(0);
  expect(pageErrors).toEqual([]);
  expect(offsite).toEqual([]);
  await context.close();
});

test('browser mode: the suggestion is shown without 采用建议值; the download marks the suspect distinctly', async () => {
  const { context, offsite } = await guardedContext(browser);
  const page = await context.newPage();
  await page.setViewportSize({ width: 350, height: 700 });
  await page.goto(`${server.url}/index.html`);
  await page.setInputFiles('[data-testid=file-input]', file);
  await expect(waitVerdict(page)).resolves.toBe(verdictOf(expected).text);
  await expectFirstSuspect(page, 700);
  await expect(page.locator('[data-testid=adopt]').count()).resolves.toBe(0);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download]')]);
  const out = path.join(ARTIFACTS, 'suspect-marked.xlsx');
  await download.saveAs(out);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(out) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(broken.sheet)!;
  const sus = ws.getCell(broken.address);
  expect(sus.value).toBeCloseTo(broken.original + 1, 6);
  expect((sus.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(`FF${SUSPECT_STYLE.fill}`);
  expect(sus.border?.top?.style).toBe('thick');
  const note = typeof sus.note === 'string' ? sus.note : sus.note?.texts?.map((t) => t.text).join('') ?? '';
  expect(note).toContain('最可能出错的单元格');
  expect(note).toContain(expected.suspects[0].suggested!);
  // The other cells of the broken relations: the ordinary error mark, no thick border.
  const other = expected.findings.filter((f) => f.severity === 'error').flatMap((f) => f.cells)
    .find((c) => c.sheet === broken.sheet && c.address !== broken.address)!;
  const oc = ws.getCell(other.address);
  expect((oc.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(MARK_ARGB.error);
  expect(oc.border?.top?.style).not.toBe('thick');
  expect(offsite).toEqual([]);
  await context.close();
});

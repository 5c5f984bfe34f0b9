/**
 * Acceptance on real generated workbooks: the seed unit's 2024 nine tables + a 补充信息 filled from
 * the seed's facts (+ self-evaluation sheets), its 2023 workbook as prior, through `juesuan draft`.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, SAMPLE, SAMPLE_2023, ROOT } from '../helpers';
import { checkWorkbook } from '../../src/core/check';
import { checkNarrative, FACTS_SHEET, newFactsSheet, readFacts, factText, NARRATIVE_SHEET } from '../../src/core/narrative';
import { Finding } from '../../src/core/finding';
import { applyPlan, workbookBytes } from '../../src/xlsx/apply';
import { readSnapshot } from '../../src/xlsx/read';
import { copySheet, docxParagraphs, draftWording, figuresOf, seedFactEntries, seedPerfEntries, seedStatement } from './helpers';

const PERF_SAMPLE = path.join(ROOT, 'samples', 'perf-2024.xlsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'juesuan-draft-'));
const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const STATEMENT = /^(一|二|三|四|五|六|七|八|九|十|十一)、/;

async function load(file: string) {
  return readSnapshot(new Uint8Array(fs.readFileSync(file)));
}

/** The paragraphs of the 决算说明 sheet of a workbook file. */
async function narrativeRows(file: string): Promise<{ address: string; text: string }[]> {
  const { workbook } = await load(file);
  const ws = workbook.getWorksheet(NARRATIVE_SHEET)!;
  const out: { address: string; text: string }[] = [];
  ws.eachRow((row) => {
    const c = row.getCell(1);
    if (c.value !== null && c.value !== undefined) out.push({ address: c.address, text: String(c.value) });
  });
  return out;
}

/** Body paragraphs of 第二部分 sections 一 to 十一. */
function statement(rows: string[]): string[] {
  const start = rows.indexOf('第二部分 部门决算情况说明');
  const end = rows.findIndex((t) => /^十二、/.test(t));
  return rows.slice(start + 1, end).filter((t) => !STATEMENT.test(t) && !/^（[一二三]）/.test(t));
}

let input = '';
let model: ReturnType<typeof checkWorkbook>['model'];
let withPerf = false;

beforeAll(async () => {
  const prior = checkWorkbook((await load(SAMPLE_2023)).snapshot).model;
  const { workbook, snapshot } = await load(SAMPLE);
  model = checkWorkbook(snapshot).model;
  const entries = seedFactEntries(model, prior);
  if (fs.existsSync(PERF_SAMPLE)) {
    const perf = (await load(PERF_SAMPLE)).workbook;
    perf.eachSheet((ws) => copySheet(ws, workbook));
    withPerf = true;
  } else {
    entries.push(...seedPerfEntries());
  }
  applyPlan(workbook, { edits: [newFactsSheet(entries)] });
  input = path.join(tmp, 'seed-2024-with-facts.xlsx');
  fs.writeFileSync(input, await workbookBytes(workbook));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('juesuan draft on the seed workbooks', () => {
  const out = () => path.join(tmp, 'with-narrative.xlsx');
  const docx = () => path.join(tmp, 'narrative.docx');

  test('the nine tables are recognised in both years', () => {
    expect(Object.keys(model).sort()).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9']);
  });

  test('--prior --out --docx: exit 0, input untouched', async () => {
    const before = sha(input);
    const r = await runCli(['draft', input, '--prior', SAMPLE_2023, '--out', out(), '--docx', docx()]);
    expect(r.err).not.toMatch(/内部错误/);
    expect(r.code).toBe(0);
    expect(sha(input)).toBe(before);
    expect(fs.existsSync(out())).toBe(true);
    expect(fs.existsSync(docx())).toBe(true);
    expect(r.err).not.toMatch(/待填写/);
  });

  test('第二部分 一 to 十一 state every figure of the seed’s text, in the seed’s order', async () => {
    const rows = (await narrativeRows(out())).map((r) => r.text);
    const seed = seedStatement().flatMap(figuresOf);
    const mine = statement(rows).flatMap(figuresOf);
    expect(seed.length).toBeGreaterThan(200);
    for (let i = 0; i < Math.max(seed.length, mine.length); i++) expect(`${i}: ${mine[i]}`).toBe(`${i}: ${seed[i]}`);
  });

  test('sentence by sentence: every paragraph of the seed’s 第二部分 一 to 十一 appears verbatim (in full-width punctuation)', async () => {
    const rows = (await narrativeRows(out())).map((r) => r.text);
    const missing = seedStatement().map(draftWording).filter((l) => !rows.includes(l.trim()));
    expect(missing).toEqual([]);
  });

  test('section by section: each heading and its figures', async () => {
    const rows = (await narrativeRows(out())).map((r) => r.text);
    const seedLines = seedStatement();
    const split = (lines: string[]) => {
      const m = new Map<string, string[]>();
      let cur = '';
      for (const l of lines) {
        if (STATEMENT.test(l)) { cur = l; m.set(cur, []); continue; }
        if (cur) m.get(cur)!.push(...figuresOf(l));
      }
      return m;
    };
    const start = rows.indexOf('第二部分 部门决算情况说明');
    const end = rows.findIndex((t) => /^十二、/.test(t));
    const a = split(seedLines);
    const b = split(rows.slice(start + 1, end));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const k of a.keys()) expect({ [k]: b.get(k) }).toEqual({ [k]: a.get(k) });
  });

  test('补充信息 now carries last year’s figures: a redraft needs no second file and gives the same text', async () => {
    const { snapshot } = await load(out());
    const facts = readFacts(snapshot);
    expect(factText(facts, 'prior.incomeGrand')).not.toBe('');
    expect(facts.priorItems.length).toBeGreaterThan(5);
    const again = await runCli(['draft', out(), '--text']);
    expect(again.code).toBe(0);
    const rows = (await narrativeRows(out())).map((r) => r.text);
    expect(again.out).toBe(rows.join('\n\n') + '\n');
  });

  test('the drafted 说明 checks clean; a wrong amount, percentage and sign word give three findings with both cells', async () => {
    const clean = checkNarrative((await load(out())).snapshot, model).filter((f) => f.severity !== 'info');
    expect(clean).toEqual([]);
    const { workbook } = await load(out());
    const ws = workbook.getWorksheet(NARRATIVE_SHEET)!;
    const changed: string[] = [];
    ws.eachRow((row) => {
      const c = row.getCell(1);
      const t = String(c.value ?? '');
      const swap = (from: string, to: string) => { if (t.includes(from)) { c.value = t.replace(from, to); changed.push(c.address); } };
      if (t.startsWith('本年收入')) swap('其他收入80.57万元', '其他收入85.07万元');
      if (t.startsWith('本年支出')) swap('项目支出901.92万元，占25.20%', '项目支出901.92万元，占25.02%');
      if (t.includes('事业运行(项)')) swap('比上年决算减少11.93万元，下降18.40%', '比上年决算减少11.93万元，增长18.40%');
    });
    expect(changed).toHaveLength(3);
    const edited = path.join(tmp, 'edited.xlsx');
    fs.writeFileSync(edited, await workbookBytes(workbook));
    const snap = (await load(edited)).snapshot;
    const fs3 = checkNarrative(snap, checkWorkbook(snap).model).filter((f) => f.severity !== 'info');
    expect(fs3.map((f: Finding) => f.rule)).toEqual(['R24', 'R24', 'R25']);
    fs3.forEach((f, i) => {
      expect(f.cells[0]).toEqual({ sheet: NARRATIVE_SHEET, address: changed[i] });
      expect(f.cells.length).toBeGreaterThan(1);
      const tableSheets = Object.values(model).map((t) => t!.sheet);
      expect(tableSheets).toContain(f.cells[1].sheet);
    });
  });

  test('the .docx holds the same paragraphs as the sheet', async () => {
    const rows = (await narrativeRows(out())).map((r) => r.text);
    const paras = await docxParagraphs(new Uint8Array(fs.readFileSync(docx())));
    expect(paras.map((p) => p.text)).toEqual(rows);
  });

  test('text cells stay text and headings are bold', async () => {
    const { workbook } = await load(out());
    const ws = workbook.getWorksheet(NARRATIVE_SHEET)!;
    ws.eachRow((row) => {
      const c = row.getCell(1);
      expect(typeof c.value).toBe('string');
      expect(c.numFmt).toBe('@');
      expect(c.alignment?.wrapText).toBe(true);
    });
    const bold = (t: string) => { let b: boolean | undefined; ws.eachRow((row) => { if (row.getCell(1).value === t) b = row.getCell(1).font?.bold; }); return b; };
    expect(bold('第二部分 部门决算情况说明')).toBe(true);
    expect(bold('一、收入支出决算总体情况说明')).toBe(true);
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(80);
  });

  test('self-evaluation sheets feed 十一 when the workbook has them', async () => {
    const rows = (await narrativeRows(out())).map((r) => r.text);
    const p = rows.find((t) => t.startsWith('根据预算绩效管理要求'))!;
    expect(p).toContain('预算绩效评价项目10个，全年预算数991.87万元，全年执行数886.03万元');
    if (withPerf) expect(p).toContain('整体支出绩效自评表1个，全年预算总额3,578.52万元，实际执行总额3,578.41万元');
  });
});

describe('juesuan draft: bad input', () => {
  test('unreadable workbook: exit 2 and one line', async () => {
    const bad = path.join(tmp, 'not-a-workbook.xlsx');
    fs.writeFileSync(bad, 'hello');
    const r = await runCli(['draft', bad, '--text']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('not-a-workbook.xlsx');
  });

  test('missing prior file: exit 2 and one line', async () => {
    const r = await runCli(['draft', input, '--prior', path.join(tmp, 'nope.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  test('no workbook given: usage, exit 2', async () => {
    const r = await runCli(['draft']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('juesuan draft');
  });

  test('never overwrites the input', async () => {
    const before = sha(input);
    const r = await runCli(['draft', input, '--out', input]);
    expect(r.code).toBe(2);
    expect(sha(input)).toBe(before);
  });

  test('a workbook without 补充信息: draft with placeholders listed, 补充信息 created in the copy', async () => {
    const o = path.join(tmp, 'plain-out.xlsx');
    const r = await runCli(['draft', SAMPLE, '--out', o]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/待填写/);
    const { snapshot } = await load(o);
    expect(snapshot.sheets.map((s) => s.name)).toEqual(expect.arrayContaining([FACTS_SHEET, NARRATIVE_SHEET]));
    const rows = (await narrativeRows(o)).map((x) => x.text);
    expect(rows.join('\n')).toContain('【请填写主要原因】');
    expect(rows.join('\n')).toContain('收入总计3,578.52万元');
    // The checker reports the open placeholders.
    const f = checkNarrative(snapshot, checkWorkbook(snapshot).model);
    expect(f.some((x) => x.rule === 'R25')).toBe(true);
  });
});

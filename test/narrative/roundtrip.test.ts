/**
 * The two-way round trip, in both profiles, on real generated workbooks: the seed unit's nine tables +
 * 补充信息 + self-evaluation sheets → draft (xinjiang / shanghai) → .xlsx → check gives no error; then
 * a single change to any stated amount or percentage, or to any sign word, gives a finding naming
 * the paragraph's cell.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SAMPLE, SAMPLE_2023, ROOT } from '../helpers';
import { checkWorkbook } from '../../src/core/check';
import {
  checkNarrative, FactEntry, itemBudgetKey, itemBudgetLabel, itemPurposeKey, itemPurposeLabel, itemReasonKey, itemReasonLabel, leavesOf,
  LAYOUTS, NARRATIVE_SHEET, newFactsSheet, prepareDraft,
} from '../../src/core/narrative';
import { Finding } from '../../src/core/finding';
import { WorkbookSnapshot } from '../../src/core/snapshot';
import { TableSet } from '../../src/core/tables/model';
import { applyPlan, workbookBytes } from '../../src/xlsx/apply';
import { readSnapshot } from '../../src/xlsx/read';
import { copySheet, seedFactEntries } from './helpers';

const PERF_SAMPLE = path.join(ROOT, 'samples', 'perf-2024.xlsx');

async function load(file: string) {
  return readSnapshot(new Uint8Array(fs.readFileSync(file)));
}

/** 上海格式五（三）的 per-项 facts: 年初预算数 (a round figure near the outcome), 主要用途, 原因. */
function itemFacts(model: TableSet): FactEntry[] {
  const out: FactEntry[] = [];
  for (const [fund, t] of [['gpb', model.T5], ['fund', model.T7], ['soe', model.T8]] as const) {
    for (const l of leavesOf(t, 'total')) {
      if (l.amount.value.isZero()) continue;
      const b = fund === 'soe' ? 0 : Math.ceil(l.amount.value.toNumber() * 1.1);
      out.push({ key: itemBudgetKey('年初', fund, l.code), label: itemBudgetLabel('年初', fund, l.code, l.name), section: 'budget', value: b });
      out.push({ key: itemPurposeKey(fund, l.code), label: itemPurposeLabel(fund, l.code, l.name), section: 'budget', value: '保障日常运转' });
      out.push({ key: itemReasonKey(fund, l.code), label: itemReasonLabel(fund, l.code, l.name), section: 'reasons', value: '厉行节约' });
    }
  }
  return out;
}

interface Drafted { snapshot: WorkbookSnapshot; model: TableSet; }

async function drafted(profile: 'xinjiang' | 'shanghai'): Promise<Drafted> {
  const prior = checkWorkbook((await load(SAMPLE_2023)).snapshot).model;
  const { workbook, snapshot } = await load(SAMPLE);
  const model = checkWorkbook(snapshot).model;
  const perf = (await load(PERF_SAMPLE)).workbook;
  perf.eachSheet((ws) => copySheet(ws, workbook));
  applyPlan(workbook, { edits: [newFactsSheet([...seedFactEntries(model, prior), ...itemFacts(model)])] });
  const withFacts = (await readSnapshot(await workbookBytes(workbook))).snapshot;
  const p = prepareDraft({ snapshot: withFacts, model, priorModel: prior, options: { layout: LAYOUTS[profile] } });
  applyPlan(workbook, p.plan);
  const out = await readSnapshot(await workbookBytes(workbook));
  return { snapshot: out.snapshot, model: checkWorkbook(out.snapshot).model };
}

const serious = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');

/** The body cells of 第二部分 (A-column rows between its heading and 第三部分). */
function statementCells(snap: WorkbookSnapshot): { row: number; text: string }[] {
  const sheet = snap.sheets.find((s) => s.name === NARRATIVE_SHEET)!;
  const rows = sheet.values.map((r) => String(r?.[0] ?? ''));
  const start = rows.findIndex((t) => t.startsWith('第二部分'));
  const end = rows.findIndex((t) => t.startsWith('第三部分'));
  return rows.map((text, row) => ({ row, text })).slice(start + 1, end)
    .filter((x) => /万元|%/.test(x.text) && !/^[一二三四五六七八九十]+、[^。]*$/.test(x.text));
}

/** Every stated amount or percentage outside free text (reasons, uses), with its position. */
function numbers(text: string): { at: number; raw: string }[] {
  const free: [number, number][] = [];
  for (const m of text.matchAll(/(主要原因(?:是)?：|主要用于：|差异原因是：|取得的成效：|发现的问题及原因：|下一步改进措施：)[^。]*。?/g)) free.push([m.index!, m.index! + m[0].length]);
  const out: { at: number; raw: string }[] = [];
  for (const m of text.matchAll(/\d{1,3}(?:,\d{3})*(?:\.\d+)?(?=万元|%)|\d+(?:\.\d+)?(?=万元|%)/g)) {
    const at = m.index!;
    if (at > 0 && /[\d.,]/.test(text[at - 1])) continue;
    if (free.some(([a, b]) => at >= a && at < b)) continue;
    if (/单价$/.test(text.slice(0, at))) continue; // 单价100万元（含）以上设备: a fixed phrase
    out.push({ at, raw: m[0] });
  }
  return out;
}

/** raw + 1 in its integer part, keeping its decimals and separators: 3,578.52 → 3,579.52; 0.00 → 1.00. */
function bump(raw: string): string {
  const [int, dec] = raw.split('.');
  const n = Number(int.replace(/,/g, '')) + 1;
  const s = raw.includes(',') ? n.toLocaleString('en-US') : String(n);
  return dec !== undefined ? `${s}.${dec}` : s;
}

const SIGN: Record<string, string> = { 增加: '减少', 减少: '增加', 增长: '下降', 下降: '增长', 大于: '小于', 小于: '大于' };

function withCell(snap: WorkbookSnapshot, row: number, text: string): WorkbookSnapshot {
  return {
    ...snap,
    sheets: snap.sheets.map((s) => (s.name !== NARRATIVE_SHEET ? s : { ...s, values: s.values.map((r, i) => (i === row ? [text] : r)) })),
  };
}

function namesCell(fs: Finding[], row: number): boolean {
  return fs.some((f) => (f.severity === 'error' || f.severity === 'warning') && f.cells.some((c) => c.sheet === NARRATIVE_SHEET && c.address === `A${row + 1}`));
}

for (const profile of ['xinjiang', 'shanghai'] as const) {
  describe(`round trip, ${profile} profile`, () => {
    let d: Drafted;
    beforeAll(async () => { d = await drafted(profile); }, 60000);

    test('the draft checks without errors', () => {
      const fs = checkWorkbook(d.snapshot).findings.filter((f) => /^R2[4-8]$/.test(f.rule));
      expect(serious(fs).map((f) => f.message)).toEqual([]);
    });

    test('a single change to any stated amount or percentage gives a finding naming its cell', () => {
      const missed: string[] = [];
      let tried = 0;
      for (const { row, text } of statementCells(d.snapshot)) {
        for (const n of numbers(text)) {
          const changed = text.slice(0, n.at) + bump(n.raw) + text.slice(n.at + n.raw.length);
          tried++;
          if (!namesCell(checkNarrative(withCell(d.snapshot, row, changed), d.model), row)) missed.push(`A${row + 1} ${n.raw}→${bump(n.raw)}: ${changed.slice(Math.max(0, n.at - 30), n.at + 20)}`);
        }
      }
      expect(tried).toBeGreaterThan(profile === 'xinjiang' ? 190 : 100);
      if (process.env.ROUNDTRIP_COUNTS) console.log(profile, 'numbers', tried);
      expect(missed).toEqual([]);
    });

    test('a single change to any sign word gives a finding naming its cell', () => {
      const missed: string[] = [];
      let tried = 0;
      for (const { row, text } of statementCells(d.snapshot)) {
        for (const m of text.matchAll(/(增加|减少|增长|下降|大于|小于)(?=[\d年初全预])/g)) {
          const at = m.index!;
          // sign words inside free text (reasons) are not stated figures
          if (/主要原因(是)?：[^。]*$/.test(text.slice(0, at))) continue;
          // a change of 0.00 has no direction: either word is right
          if (/^(增加|减少|增长|下降)0(\.0+)?(万元|%)/.test(text.slice(at))) continue;
          const changed = text.slice(0, at) + SIGN[m[1]] + text.slice(at + m[1].length);
          tried++;
          if (!namesCell(checkNarrative(withCell(d.snapshot, row, changed), d.model), row)) missed.push(`A${row + 1} ${m[1]}: ${changed.slice(Math.max(0, at - 30), at + 20)}`);
        }
      }
      expect(tried).toBeGreaterThan(10);
      expect(missed).toEqual([]);
    });
  });
}

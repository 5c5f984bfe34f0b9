/**
 * The 绩效自评 tab without a browser: view model (totals, computed vs stated, findings by table,
 * the old → new list) on samples/perf-2024.xlsx, and the fill / undo actions against the fake Excel
 * (ExcelHost) and the browser host (downloaded copy re-read).
 */
import * as fs from 'fs';
import * as path from 'path';
import Decimal from 'decimal.js';
import { FakeExcel } from '../fakes/fake-excel';
import { ExcelHost } from '../../src/excel/host';
import { BrowserHost } from '../../src/taskpane/browser-host';
import { readSnapshot } from '../../src/xlsx/read';
import { a1, WorkbookSnapshot } from '../../src/core/snapshot';
import { readSettings, SETTINGS_SHEET } from '../../src/core/settings';
import { fmtScore, POLICY_SETTING, readPolicy, scorePerformance, StatedValue } from '../../src/core/perf';
import {
  buildPerfView, changeGroups, comparePair, filledName, groupPerfFindings, sameContent, staleEdits, statedMatches, summaryText,
  tableOfFinding,
} from '../../src/taskpane/perf/model';
import { applyFill, fillNeeded, PartialFillError, scoreSnapshot, settingsAfterUndo, undoFill } from '../../src/taskpane/perf/actions';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'perf-2024.xlsx');
/** Official totals of the filled seed (the in-band qualitative 19.23 of project 5 is kept: 99.23, not 100). */
const OFFICIAL = ['99.98', '97.83', '100', '100', '99.23', '100', '100', '100', '99.28', '95.21'];
const STATED = ['92.96', '83.05', '100', '100', '87.83', '94', '100', '100', '93.2', '80.64'];

let bytes: Uint8Array;
let snap: WorkbookSnapshot;

beforeAll(async () => {
  bytes = new Uint8Array(fs.readFileSync(SAMPLE));
  snap = (await readSnapshot(bytes)).snapshot;
});

const num = (v: string, isText = false): StatedValue => ({ kind: 'number', value: new Decimal(v), isText, suffix: '' });

describe('computed vs stated', () => {
  it('compares at the precision the fill writes', () => {
    expect(comparePair(new Decimal('9.98'), num('9.98'), 'score')).toEqual({ computed: '9.98', stated: '9.98', status: 'same' });
    expect(comparePair(new Decimal('10'), num('9.98'), 'score')).toEqual({ computed: '10', stated: '9.98', status: 'differs' });
    expect(comparePair(new Decimal('10'), { kind: 'blank' }, 'score')).toEqual({ computed: '10', stated: null, status: 'blank' });
    expect(comparePair(null, num('3'), 'score')).toEqual({ computed: null, stated: '3', status: 'none' });
    expect(comparePair(new Decimal('19.23'), num('19.23'), 'score', true).status).toBe('kept');
    expect(comparePair(new Decimal('1'), { kind: 'bad', text: ' 满分 ', reason: '不是数字' }, 'score'))
      .toEqual({ computed: '1', stated: '满分', status: 'differs' });
    // Rates: ratio vs stated percentage; execution rate to one decimal.
    expect(comparePair(new Decimal('0.998'), num('99.8'), 'rate')).toEqual({ computed: '99.8%', stated: '99.8%', status: 'same' });
    expect(comparePair(new Decimal('1'), num('99.8'), 'rate').status).toBe('differs');
    expect(statedMatches(num('99.8'), new Decimal('0.99801'), 'execRate')).toBe(true);
    expect(statedMatches(num('99.8'), new Decimal('0.99801'), 'rate')).toBe(true);
    expect(statedMatches(num('99.80'), new Decimal('0.99851'), 'rate')).toBe(false);
    expect(comparePair(new Decimal('0.99801'), num('99.8'), 'execRate').computed).toBe('99.8%');
  });
});

describe('view model on the seed workbook', () => {
  it('lists the ten projects (and the 整体 table) with computed and stated totals', () => {
    const r = scorePerformance(snap);
    expect(r.policy).toBe('official');
    const v = buildPerfView(r);
    const projects = v.tables.filter((t) => t.kind === 'project');
    expect(projects.map((t) => t.sheet)).toEqual(Array.from({ length: 10 }, (_, i) => `绩效自评${i + 1}`));
    expect(projects.map((t) => t.total.computed)).toEqual(OFFICIAL);
    expect(projects.map((t) => t.total.computed)).toEqual(r.tables.filter((t) => t.table.kind === 'project').map((t) => fmtScore(t.total!)));
    expect(projects.map((t) => t.total.stated)).toEqual(STATED);
    expect(projects.map((t) => t.total.status)).toEqual(OFFICIAL.map((o, i) => (o === STATED[i] ? 'same' : 'differs')));
    expect(v.overallCount).toBe(1);
    expect(v.tables[0]).toMatchObject({ kind: 'overall', kindLabel: '整体', sheet: '整体绩效自评' });
    expect(v.totalsDiffering).toBe(6);
    expect(summaryText(v)).toBe('共 10 个项目自评表、1 个整体自评表；6 个总分与填报不同。');

    const p1 = projects[0];
    expect(p1.label).toBe('七纺街道购置水磨社区办公用房经费的请示');
    expect(p1).toMatchObject({ budget: '80.61', spent: '80.45' });
    expect(p1.execRate).toMatchObject({ computed: '99.8%', status: 'same' });
    expect(p1.execScore).toMatchObject({ computed: '9.98', status: 'same' });
    const reverse = p1.indicators.find((i) => i.name === '本次拨付欠款单位款项')!;
    expect(reverse).toMatchObject({ weight: '10', direction: 'reverse', target: '<=80.61万元' });
    expect(reverse.score).toEqual({ computed: '10', stated: '9.98', status: 'differs' });
    expect(reverse.rate).toEqual({ computed: '100%', stated: '99.8%', status: 'differs' });
    expect(reverse.cells.map((c) => c.address)).toEqual(['L16', 'M16']);
    expect(p1.differing).toBeGreaterThan(0);
    // Every cell the fill plan writes is one the view shows as different (or blank).
    const fill = scoreSnapshot(snap).fill;
    const shown = v.tables.reduce((n, t) => n + t.differing + t.blank, 0);
    expect(fill.changes.length).toBe(shown);
  });

  it('under as-practiced every stated total matches and nothing is to be written', () => {
    const run = scoreSnapshot(snap, 'as-practiced');
    const projects = run.view.tables.filter((t) => t.kind === 'project');
    expect(projects.map((t) => t.total.computed)).toEqual(STATED);
    expect(projects.every((t) => t.total.status === 'same')).toBe(true);
    expect(run.view.totalsDiffering).toBe(0);
    expect(run.fill.changes).toHaveLength(0);
    // The qualitative score the spec calls irreproducible is kept as the user's judgement.
    const kept = projects[4].indicators.find((i) => i.name === '提高为群众办事效率')!;
    expect(kept.score.status).toBe('kept');
    // The policy is not stored yet: filling still has something to do.
    expect(run.stored).toBeNull();
    expect(fillNeeded(run)).toBe(true);
  });

  it('groups findings by the table whose cells they name', () => {
    const r = scorePerformance(snap);
    const v = buildPerfView(r);
    const all = { error: true, warning: true, info: true };
    const { groups, order } = groupPerfFindings(v, r, all);
    expect(order).toHaveLength(r.findings.length);
    const rank = (x: string) => ['error', 'warning', 'info'].indexOf(x);
    for (const g of groups) {
      const sev = g.items.map((i) => i.finding.severity);
      expect(sev).toEqual([...sev].sort((a, b) => rank(a) - rank(b)));
    }
    for (const g of groups) {
      for (const { finding } of g.items) {
        const t = tableOfFinding(r.tables, finding);
        if (t >= 0) expect(g.label.startsWith(r.tables[t].table.sheet)).toBe(true);
        else expect(g.label).toBe('工作簿');
      }
    }
    expect(v.tables.reduce((n, t) => n + t.findings, 0)).toBe(order.filter((f) => tableOfFinding(r.tables, f) >= 0).length);
    const warnings = groupPerfFindings(v, r, { error: false, warning: true, info: false }).order;
    expect(warnings.every((f) => f.severity === 'warning')).toBe(true);
    expect(warnings.length).toBe(v.counts.warning);
    expect(warnings.some((f) => f.rule === 'P06')).toBe(true);
  });

  it('builds the old → new list by table', () => {
    const run = scoreSnapshot(snap);
    const groups = changeGroups(run.fill.changes);
    expect(groups.map((g) => g.sheet)).toEqual([...new Set(run.fill.changes.map((c) => c.sheet))]);
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(run.fill.changes.length);
    const g1 = groups.find((g) => g.sheet === '绩效自评1')!;
    expect(g1.items).toContainEqual({ address: 'M16', what: '本次拨付欠款单位款项 得分', old: '9.98', new: '10' });
    expect(g1.items).toContainEqual({ address: 'L16', what: '本次拨付欠款单位款项 完成率', old: '99.8%', new: '100%' });
    expect(g1.items.some((i) => i.what === '总分')).toBe(true);
  });

  it('shows an empty view for a workbook without self-evaluation tables', () => {
    const run = scoreSnapshot({ sheets: [{ name: '封面', values: [['2024年度部门决算']], merges: [] }] });
    expect(run.view.tables).toEqual([]);
    expect(run.fill.changes).toEqual([]);
  });
});

describe('guards and names', () => {
  it('compares cell contents as a user would', () => {
    expect(sameContent(null, '')).toBe(true);
    expect(sameContent(' ', undefined)).toBe(true);
    expect(sameContent(10, 10.0000000000001)).toBe(true);
    expect(sameContent(10, '10')).toBe(false);
    expect(sameContent('92.96分', ' 92.96分')).toBe(true);
    expect(sameContent({ kind: 'error', code: '#REF!' }, '#REF!')).toBe(true);
    expect(sameContent(0, null)).toBe(false);
  });

  it('finds cells changed since scoring / since filling', () => {
    const s: WorkbookSnapshot = { sheets: [{ name: 'S', values: [[1, 'a']], merges: [] }] };
    const plan = { edits: [
      { kind: 'value' as const, sheet: 'S', address: 'A1', value: 2, old: 1 },
      { kind: 'value' as const, sheet: 'S', address: 'B1', value: 'b', old: 'a' },
      { kind: 'value' as const, sheet: '无此表', address: 'A1', value: 1, old: null },
    ] };
    expect(staleEdits(plan, s, 'old').map((e) => e.address + e.sheet)).toEqual(['A1无此表']);
    expect(staleEdits(plan, s, 'new').map((e) => e.sheet + e.address)).toEqual(['SA1', 'SB1', '无此表A1']);
  });

  it('names the filled copy', () => {
    expect(filledName('决算2024.xlsx')).toBe('决算2024.已计分.xlsx');
    expect(filledName(null)).toBe('工作簿.已计分.xlsx');
  });

  it('restores the previous policy setting only when it is still the one the fill stored', () => {
    const rec = { plan: { edits: [] }, count: 0, policy: 'official' as const, prevPolicy: undefined };
    expect(settingsAfterUndo({ [POLICY_SETTING]: 'official', x: '1' }, rec)).toEqual({ x: '1' });
    expect(settingsAfterUndo({ [POLICY_SETTING]: 'vendor' }, rec)).toBeNull();
    expect(settingsAfterUndo({ [POLICY_SETTING]: 'official' }, { ...rec, prevPolicy: 'vendor' })).toEqual({ [POLICY_SETTING]: 'vendor' });
  });
});

describe('fill and undo in (fake) Excel', () => {
  const setup = () => {
    const fake = FakeExcel.fromSnapshot(JSON.parse(JSON.stringify(snap)), { api: '1.18' });
    const host = new ExcelHost(fake.env() as never);
    return { fake, host };
  };

  it('writes exactly the planned score cells and the policy; undo restores every value', async () => {
    const { fake, host } = setup();
    const before = fake.valueDump();
    const run = scoreSnapshot(await host.read());
    expect(run.fill.changes.length).toBe(34);
    fake.resetCounters();
    const out = await applyFill(host, run);
    expect(out.kind).toBe('written');
    if (out.kind !== 'written') return;
    // read (≤ 3) + write (2) + read again (≤ 3)
    expect(fake.syncs.length).toBeLessThanOrEqual(8);
    const after = fake.valueDump([SETTINGS_SHEET]);
    const changed = Object.keys({ ...before, ...after }).filter((k) => !sameContent(before[k] ?? null, after[k] ?? null)).sort();
    expect(changed).toEqual(run.fill.changes.map((c) => `${c.sheet}!${c.edit.address}`).sort());
    for (const c of run.fill.changes) expect(fake.cell(c.sheet, c.edit.address).value).toEqual(c.edit.value);
    // Text stays text: "100%" is written as text where the sheet wrote text.
    expect(fake.cell('绩效自评1', 'L16').value).toBe('100%');
    expect(fake.sheet(SETTINGS_SHEET).visibility).toBe('Hidden');
    expect(out.run.stored).toBe('official');
    expect(out.run.fill.changes).toHaveLength(0);
    expect(out.run.view.tables.filter((t) => t.kind === 'project').every((t) => t.total.status === 'same')).toBe(true);

    const undone = await undoFill(host, out.record, null);
    expect(undone.skipped).toEqual([]);
    expect(undone.restored).toBe(34);
    expect(fake.valueDump([SETTINGS_SHEET])).toEqual(before);
    expect(readPolicy(await host.read())).toBeNull();
    expect(undone.run.view.totalsDiffering).toBe(6);
  });

  it('does not write when the workbook changed since scoring, and undo keeps later edits', async () => {
    const { fake, host } = setup();
    const run = scoreSnapshot(await host.read());
    fake.setCell('绩效自评1', 'M16', { value: 7 });
    const stale = await applyFill(host, run);
    expect(stale.kind).toBe('stale');
    expect(fake.cell('绩效自评1', 'M17').value).toBe(3);
    if (stale.kind !== 'stale') return;
    const out = await applyFill(host, stale.run);
    expect(out.kind).toBe('written');
    if (out.kind !== 'written') return;
    expect(fake.cell('绩效自评1', 'M16').value).toBe(10);
    // The user overwrites one filled cell; undo leaves it.
    fake.setCell('绩效自评1', 'M17', { value: 8 });
    const undone = await undoFill(host, out.record, null);
    expect(undone.skipped.map((e) => e.address)).toEqual(['M17']);
    expect(fake.cell('绩效自评1', 'M17').value).toBe(8);
    expect(fake.cell('绩效自评1', 'M16').value).toBe(7);
  });

  it('a failed write (protected sheet) can still be undone for the cells written before the error', async () => {
    const { fake, host } = setup();
    const before = fake.valueDump();
    fake.sheet('绩效自评5').protected = true;
    const run = scoreSnapshot(await host.read());
    const err = await applyFill(host, run).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PartialFillError);
    const record = (err as PartialFillError).record;
    expect(record.count).toBe(34);
    const undone = await undoFill(host, record, null);
    expect(undone.restored + undone.skipped.length).toBe(34);
    expect(fake.valueDump([SETTINGS_SHEET])).toEqual(before);
  });

  it('keeps a policy the user chose when the workbook already stored another one', async () => {
    const { host } = setup();
    const first = await applyFill(host, scoreSnapshot(await host.read(), 'vendor'));
    expect(first.kind).toBe('written');
    const again = scoreSnapshot(await host.read());
    expect(again.result).toMatchObject({ policy: 'vendor', policySource: 'workbook' });
    const second = await applyFill(host, scoreSnapshot(again.snapshot, 'official'));
    if (second.kind !== 'written') throw new Error(second.kind);
    expect(second.record.prevPolicy).toBe('vendor');
    await undoFill(host, second.record, null);
    expect(readSettings(await host.read())[POLICY_SETTING]).toBe('vendor');
  });
});

describe('browser mode', () => {
  it('fills the working copy; 撤销 works; the one download holds only the score cells (and the settings sheet)', async () => {
    const saved: { blob: Blob; name: string }[] = [];
    const host = new BrowserHost((blob, name) => saved.push({ blob, name }));
    await host.open('perf-2024.xlsx', bytes);
    const run = scoreSnapshot(await host.read());
    const out = await applyFill(host, run);
    expect(out.kind).toBe('written');
    if (out.kind !== 'written') return;
    expect(out.record.count).toBe(34);
    expect(fillNeeded(out.run)).toBe(false);
    // Undo in memory, then fill again.
    const undone = await undoFill(host, out.record, null);
    expect(undone.restored).toBe(34);
    const again = await applyFill(host, undone.run);
    expect(again.kind).toBe('written');
    expect(saved).toHaveLength(0);
    await host.download({ edits: [] }, 'perf-2024.已修改.xlsx');
    expect(saved).toHaveLength(1);
    const copy = (await readSnapshot(new Uint8Array(await saved[0].blob.arrayBuffer()))).snapshot;
    expect(readPolicy(copy)).toBe('official');
    const want = new Map(run.fill.changes.map((c) => [`${c.sheet}!${c.edit.address}`, c.edit.value]));
    for (const s of snap.sheets) {
      const t = copy.sheets.find((x) => x.name === s.name)!;
      const rows = Math.max(s.values.length, t.values.length);
      for (let r = 0; r < rows; r++) {
        const n = Math.max(s.values[r]?.length ?? 0, t.values[r]?.length ?? 0);
        for (let c = 0; c < n; c++) {
          const k = `${s.name}!${a1(r, c)}`;
          const v = t.values[r]?.[c] ?? null;
          if (want.has(k)) expect([k, v]).toEqual([k, want.get(k)]);
          else expect([k, sameContent(v, s.values[r]?.[c] ?? null)]).toEqual([k, true]);
        }
      }
    }
    // The copy scored again under its stored policy: every total is the computed one.
    const rescored = scorePerformance(copy);
    expect(rescored.policySource).toBe('workbook');
    expect(rescored.tables.filter((t) => t.table.kind === 'project').map((t) => (t.stated.total.kind === 'number' ? fmtScore(t.stated.total.value) : null))).toEqual(OFFICIAL);
  });
});

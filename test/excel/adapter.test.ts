import { FakeExcel, NO_FILL } from '../fakes/fake-excel';
import { dump, finding, findingsA, findingsB, legacyMarked, ours, prepared, sample, T, tables } from './marks-fixture';
import { readWorkbook, READ_BOX } from '../../src/excel/read';
import { CF_SIGNATURE, MARK_HEX, MARK_STYLE } from '../../src/excel/marks';
import { ExcelHost } from '../../src/excel/host';
import { NOTE_MARKER, RECORD_SHEET } from '../../src/excel/record';
import { HostError } from '../../src/excel/errors';
import { Suspect } from '../../src/core/finding';
import { markEdits, RESULTS_SHEET, RESULTS_TITLE } from '../../src/core/marks';
import { readSettings, SETTINGS_SHEET } from '../../src/core/settings';
import { WorkbookSnapshot } from '../../src/core/snapshot';
import { checkWorkbook } from '../../src/core/check';
import { SAMPLE, snapshotOf } from '../helpers';

describe('readWorkbook', () => {
  test('reads every sheet into the snapshot with 3 syncs', async () => {
    const fake = FakeExcel.fromSnapshot(sample());
    const r = await readWorkbook(fake.env());
    expect(fake.syncs.length).toBe(3);
    expect(r.stats.syncs).toBe(3);
    expect(fake.unsyncedBatches).toBe(0);
    const s = r.snapshot.sheets[0];
    expect(r.snapshot.sheets.map((x) => x.name)).toEqual([T, 'Sheet 2', '空表']);
    expect(s.values[2]).toEqual([null, '合计', 100, 60]);
    expect(s.values[4][3]).toEqual({ kind: 'error', code: '#REF!' });
    expect(s.values[3][0]).toBe('201');
    expect(s.formats?.[2][2]).toBe('#,##0.00');
    expect(s.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 3 }]);
    expect(r.snapshot.sheets[1].values[1]).toEqual([null, null, 'x', 5]);
    expect(r.snapshot.sheets[2].values).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test('sync count does not grow with sheet count', async () => {
    const snap: WorkbookSnapshot = { sheets: [] };
    for (let i = 0; i < 60; i++) snap.sheets.push({ name: `表${i}`, values: [['标题'], [1, 2, 3]], merges: [] });
    const fake = FakeExcel.fromSnapshot(snap);
    await readWorkbook(fake.env());
    expect(fake.syncs.length).toBe(3);
  });

  test('large workbooks with the 会计专用 format and long text are read in chunks under 4 MB', async () => {
    const acct = '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ';
    const values: (string | number)[][] = [];
    const formats: string[][] = [];
    for (let r = 0; r < 6000; r++) {
      values.push(Array.from({ length: 12 }, (_, c) => (c === 0 ? `项目名称第${r}行：某某单位某某专项业务经费` : r * 100 + c + 0.25)));
      formats.push(Array.from({ length: 12 }, (_, c) => (c === 0 ? '@' : acct)));
    }
    const fake = FakeExcel.fromSnapshot({ sheets: [{ name: '大表', values, formats, merges: [] }, { name: '小表', values: [[1]], merges: [] }] });
    const r = await readWorkbook(fake.env());
    expect(r.stats.chunks).toBeGreaterThan(1);
    for (const s of fake.syncs) {
      expect(s.responseBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
      expect(s.requestBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    }
    expect(r.snapshot.sheets[0].values.length).toBe(6000);
    expect(r.snapshot.sheets[0].values[5999][5]).toBe(5999 * 100 + 5 + 0.25);
  });

  test('a chunk the host still refuses is split and read again (no data lost)', async () => {
    const values: string[][] = [];
    for (let r = 0; r < 400; r++) values.push(Array.from({ length: 10 }, () => '很长的文字'.repeat(40)));
    const fake = FakeExcel.fromSnapshot({ sheets: [{ name: '长文本', values, merges: [] }] }, { payloadLimit: 1024 * 1024 });
    const r = await readWorkbook(fake.env());
    expect(r.snapshot.sheets[0].values.length).toBe(400);
    expect(r.snapshot.sheets[0].values[399][9]).toBe('很长的文字'.repeat(40));
  });

  test('a stray value at XFD1048576 does not refuse the check: the sheet is read within A1:IV65536, with a warning', async () => {
    const fake = FakeExcel.fromSnapshot(sample());
    fake.setCell(T, 'XFD1048576', { value: 'x' });
    const r = await readWorkbook(fake.env());
    expect(r.snapshot.sheets[0].values.length).toBe(5);
    expect(r.warnings.join()).toContain(`工作表“${T}”的内容延伸到 A1:XFD1048576`);
    expect(r.warnings.join()).toContain(READ_BOX);
  });

  test('too large: a clear Chinese error naming the biggest sheets, no values read', async () => {
    const fake = FakeExcel.fromSnapshot(sample());
    const err = await readWorkbook(fake.env(), { maxCells: 5 }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'too-large' });
    expect(err.message).toContain(`“${T}”20 个`);
    expect(fake.syncs.length).toBe(2);
  });

  test('more than 512 merged areas (documented limit): read without merges, with a warning — never silently', async () => {
    const values: number[][] = [];
    const merges = [];
    for (let r = 0; r < 600; r++) {
      values.push([r, r]);
      merges.push({ r1: r, c1: 0, r2: r, c2: 1 });
    }
    const fake = FakeExcel.fromSnapshot({ sheets: [{ name: '多合并', values, merges }] });
    const r = await readWorkbook(fake.env());
    expect(r.snapshot.sheets[0].values.length).toBe(600);
    expect(r.warnings.join()).toMatch(/合并单元格超过 512 个/);
  });

  test('a failure while reading values is reported, not retried', async () => {
    const fake = FakeExcel.fromSnapshot(sample());
    // sync 1: 1 command; sync 2: 4 per sheet; the first values load follows.
    fake.failAt = fake.commandsRun + 1 + 3 * 4 + 1;
    await expect(readWorkbook(fake.env())).rejects.toBeInstanceOf(HostError);
  });

  test('payload limit errors from the host become a too-large HostError', async () => {
    const fake = FakeExcel.fromSnapshot(sample(), { payloadLimit: 200 });
    const err = await readWorkbook(fake.env()).catch((e) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err.kind).toBe('too-large');
  });

  test('works on ExcelApi 1.1 (no null objects, no merges, no protection)', async () => {
    const fake = FakeExcel.fromSnapshot(sample(), { api: '1.1' });
    const r = await readWorkbook(fake.env());
    expect(fake.syncs.length).toBe(3);
    expect(r.snapshot.sheets[0].values[2]).toEqual([null, '合计', 100, 60]);
    expect(r.snapshot.sheets[0].merges).toEqual([]);
    expect(r.snapshot.sheets[2].values).toEqual([]);
  });
});

describe('marks', () => {
  test('check marks with signed rules; nothing of the user changes; 清除标记 restores the exact original', async () => {
    const fake = prepared();
    const before = dump(fake.state);
    const values = fake.valueDump();
    const host = new ExcelHost(fake.env());
    fake.resetCounters();
    await host.read();
    expect(fake.syncs.length).toBeLessThanOrEqual(4);
    fake.resetCounters();
    const out = await host.mark(findingsA, { withNotes: true, results: { findings: findingsA, tables } });
    expect(fake.syncs.length).toBeLessThanOrEqual(3);
    expect(fake.unsyncedBatches).toBe(0);
    // infos are listed, not marked: C3 (error+info) and D2 (warning+info) are marked for their other findings.
    expect(out.marked).toBe(6);
    const rules = ours(fake, T);
    expect(rules.map((r) => r.fillColor).sort()).toEqual([MARK_HEX.error, MARK_HEX.warning].sort());
    expect(rules.every((r) => r.formula!.includes(CF_SIGNATURE))).toBe(true);
    expect(ours(fake, 'Sheet 2').map((r) => r.fillColor)).toEqual([MARK_HEX.warning]);
    expect(fake.sheet(T).cfs.slice(-2).map((f) => f.id)).toEqual(['{USER-1}', '{USER-2}']);
    // fills never touched
    for (const a of ['C3', 'D3', 'C4', 'D4', 'C5']) expect(fake.cell(T, a).fill).toEqual(before[0].cells.find((c) => c.k === keyOf(a))?.fill ?? NO_FILL);
    // notes: only on cells with neither a note nor a comment, signed
    expect(fake.cell(T, 'C3').note).toMatch(new RegExp(`^${NOTE_MARKER}\\n\\[错误 R07\\]`));
    expect(fake.cell(T, 'C3').note).not.toContain('R99');
    expect(fake.cell(T, 'D4').note).toBe('用户自己的备注  \n');
    expect(fake.cell(T, 'C5').note).toBeNull();
    expect(fake.cell(T, 'C5').comment).toBe('同事的批注');
    expect(out.warnings.join()).toMatch(/2 个单元格已有备注或批注/);
    // 检查结果 written, with links
    expect(fake.cell(RESULTS_SHEET, 'A1').value).toBe(RESULTS_TITLE);
    expect(fake.cell(RESULTS_SHEET, 'F6').hyperlink).toBe(`'${T}'!C3`);
    expect(fake.valueDump([RESULTS_SHEET])).toEqual(values);
    expect(fake.state.eventsRaised).toBe(0);
    expect(fake.state.eventsEnabled).toBe(true);
    expect(fake.state.sheets.some((s) => s.visibility === 'VeryHidden' || s.name === RECORD_SHEET)).toBe(false);
    // the next read does not see our sheet
    expect((await host.read()).sheets.map((s) => s.name)).not.toContain(RESULTS_SHEET);

    fake.resetCounters();
    const cleared = await host.clearMarks();
    expect(fake.syncs.length).toBeLessThanOrEqual(3);
    // 3 rules (error and warning on T, warning on Sheet 2) and 4 notes (C3, D3, C4, D2).
    expect(cleared.restored).toBe(7);
    expect(dump(fake.state)).toEqual(before);
  });

  test('re-check replaces the marks and the 检查结果 sheet; list-only removes the marks but keeps the list', async () => {
    const fake = prepared();
    const before = dump(fake.state);
    const host = new ExcelHost(fake.env());
    await host.mark(findingsA, { withNotes: true, results: { findings: findingsA, tables } });
    await host.mark(findingsA, { withNotes: true, results: { findings: findingsA, tables } });
    expect(ours(fake, T).length).toBe(2);
    expect(fake.cell(T, 'C3').note!.split(NOTE_MARKER).length).toBe(2);
    const out = await host.mark(findingsB, { withNotes: true, results: { findings: findingsB, tables } });
    expect(out.marked).toBe(2);
    expect(ours(fake, T).length).toBe(1);
    expect(ours(fake, 'Sheet 2').length).toBe(0);
    expect(fake.cell(T, 'D3').note).toBeNull();
    expect(fake.cell(T, 'C3').note).toMatch(/\[警告 R07\]/);
    expect(fake.state.sheets.filter((s) => s.name.startsWith(RESULTS_SHEET)).length).toBe(1);
    expect(fake.cell(RESULTS_SHEET, 'C7').value).toBeNull();
    // list-only
    await host.mark([], { withNotes: true, results: { findings: findingsB, tables } });
    expect(ours(fake, T).length).toBe(0);
    expect(fake.cell(T, 'C3').note).toBeNull();
    expect(fake.cell(RESULTS_SHEET, 'C6').value).toBe('R07');
    await host.clearMarks();
    expect(dump(fake.state)).toEqual(before);
  });

  test('a sheet renamed between check and 清除标记 loses its marks too; a later session clears', async () => {
    const fake = prepared();
    const before = dump(fake.state);
    await new ExcelHost(fake.env()).mark(findingsA, { withNotes: true });
    fake.sheet('Sheet 2').name = '改名后';
    before[1].name = '改名后';
    await new ExcelHost(fake.env()).clearMarks();
    expect(dump(fake.state)).toEqual(before);
  });

  test('infos are marked only when asked; suspects get their own rule and the suggested value in the note', async () => {
    const fake = prepared();
    const suspects: Suspect[] = [{ sheet: T, address: 'D3', value: '1.00', suggested: '10.00', confidence: 'high', explains: ['R07'], note: '疑为 1.00 误录，应为 10.00' }];
    const host = new ExcelHost(fake.env());
    await host.mark(findingsA, { withNotes: true, infos: true, suspects });
    const fills = ours(fake, T).map((r) => r.fillColor);
    expect(fills).toContain(MARK_STYLE.suspect.fill);
    expect(ours(fake, T).find((r) => r.fillColor === MARK_STYLE.suspect.fill)).toMatchObject({ fontBold: true, ranges: [{ r1: 2, c1: 3, r2: 2, c2: 3 }] });
    expect(ours(fake, 'Sheet 2').map((r) => r.fillColor)).toEqual([MARK_HEX.warning]);
    expect(fake.cell(T, 'D3').note).toMatch(/建议值：10\.00/);
    expect(fake.cell(T, 'D3').note).toMatch(/疑为 1\.00 误录/);
    const edits = markEdits(findingsA, { infos: true });
    expect(edits.find((e) => e.address === 'C3')?.note).toContain('R99');
  });

  test('a cell in very many findings gets a note of at most 2,000 characters', async () => {
    const fake = prepared();
    const many = Array.from({ length: 200 }, (_, i) => finding(`R${i}`, 'error', [[T, 'B3']]));
    await new ExcelHost(fake.env()).mark(many, { withNotes: true });
    const note = fake.cell(T, 'B3').note!;
    expect(note.length).toBeLessThanOrEqual(2000);
    expect(note).toMatch(/其余见“检查结果”表）$/);
  });

  test('marks without notes leave notes alone', async () => {
    const fake = prepared();
    const host = new ExcelHost(fake.env());
    await host.mark(findingsA, { withNotes: false });
    expect(fake.cell(T, 'C3').note).toBeNull();
    expect(ours(fake, T).length).toBe(2);
  });

  test('protected sheets: marking skips them with a warning; 清除标记 names the sheet to unprotect', async () => {
    const fake = prepared();
    const host = new ExcelHost(fake.env());
    fake.sheet('Sheet 2').protected = true;
    const out = await host.mark(findingsA, { withNotes: true });
    expect(out.warnings.join()).toMatch(/Sheet 2.*受保护/);
    expect(ours(fake, 'Sheet 2').length).toBe(0);
    fake.sheet('Sheet 2').protected = false;
    await host.mark(findingsA, { withNotes: true });
    fake.sheet('Sheet 2').protected = true;
    const err = await host.clearMarks().catch((e) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err.kind).toBe('protected');
    expect(err.message).toContain('“Sheet 2”受保护');
    expect(ours(fake, T).length).toBe(0);
    expect(ours(fake, 'Sheet 2').length).toBe(1);
    fake.sheet('Sheet 2').protected = false;
    await host.clearMarks();
    expect(ours(fake, 'Sheet 2').length).toBe(0);
  });

  test('a 检查结果 sheet that is not ours is never overwritten', async () => {
    const fake = prepared();
    fake.state.sheets.push({ ...fake.sheet('空表'), name: RESULTS_SHEET, cells: new Map(), cfs: [] });
    fake.setCell(RESULTS_SHEET, 'A1', { value: '我的检查结果' });
    const host = new ExcelHost(fake.env());
    const out = await host.mark(findingsA, { withNotes: true, results: { findings: findingsA, tables } });
    expect(fake.cell(RESULTS_SHEET, 'A1').value).toBe('我的检查结果');
    expect(fake.cell(`${RESULTS_SHEET}2`, 'A1').value).toBe(RESULTS_TITLE);
    expect(out.warnings.join()).toContain(`检查结果写在“${RESULTS_SHEET}2”`);
    await host.mark(findingsB, { withNotes: true, results: { findings: findingsB, tables } });
    expect(fake.state.sheets.filter((s) => s.name.startsWith(RESULTS_SHEET)).length).toBe(2);
    await host.clearMarks();
    expect(fake.cell(RESULTS_SHEET, 'A1').value).toBe('我的检查结果');
    expect(fake.state.sheets.some((s) => s.name === `${RESULTS_SHEET}2`)).toBe(false);
  });
});

function keyOf(address: string): string {
  const m = /^([A-Z]+)(\d+)$/.exec(address)!;
  let c = 0;
  for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
  return `${Number(m[2]) - 1},${c - 1}`;
}

describe('requirement sets', () => {
  test('below ExcelApi 1.4 nothing is written', async () => {
    const fake = prepared('1.3');
    const before = dump(fake.state);
    const host = new ExcelHost(fake.env());
    expect(host.features.marks).toBe(false);
    const out = await host.mark(findingsA, { withNotes: true, results: { findings: findingsA, tables } });
    expect(out.marked).toBe(0);
    expect(dump(fake.state)).toEqual(before);
  });

  test('ExcelApi 1.4–1.5: list only plus the 检查结果 sheet (no links below 1.7)', async () => {
    const fake = prepared('1.5');
    const host = new ExcelHost(fake.env());
    const out = await host.mark(findingsA, { withNotes: true, results: { findings: findingsA, tables } });
    expect(out.marked).toBe(0);
    expect(out.warnings.join()).toMatch(/低于 ExcelApi 1\.6/);
    expect(fake.cell(RESULTS_SHEET, 'A1').value).toBe(RESULTS_TITLE);
    expect(fake.cell(RESULTS_SHEET, 'F6').hyperlink).toBeUndefined();
    await host.clearMarks();
    expect(fake.state.sheets.some((s) => s.name === RESULTS_SHEET)).toBe(false);
  });

  test('ExcelApi 1.6–1.8: one rule per run of cells (no RangeAreas), no notes', async () => {
    const fake = prepared('1.8');
    const before = dump(fake.state);
    const host = new ExcelHost(fake.env());
    expect(host.features.notes).toBe('none');
    const out = await host.mark(findingsA, { withNotes: true });
    expect(out.warnings.join()).toMatch(/不支持备注/);
    // errors C3,C4 (one run), D3; warnings D4 (C5 is a run of its own, same column as C3:C4? no: C5 warning)
    expect(ours(fake, T).every((r) => r.ranges.length === 1)).toBe(true);
    expect(fake.cell(T, 'C3').note).toBeNull();
    await host.clearMarks();
    expect(dump(fake.state)).toEqual(before);
  });

  test('ExcelApi 1.9+: one rule per sheet and kind over all its areas', async () => {
    const fake = prepared('1.9');
    await new ExcelHost(fake.env()).mark(findingsA, { withNotes: true });
    const err = ours(fake, T).find((r) => r.fillColor === MARK_HEX.error)!;
    expect(err.ranges).toEqual([{ r1: 2, c1: 2, r2: 3, c2: 2 }, { r1: 2, c1: 3, r2: 2, c2: 3 }]);
  });

  test('select: several cells together from ExcelApi 1.18 (RangeAreas.select), the first cell below', async () => {
    const cells = [{ sheet: T, address: 'C3' }, { sheet: T, address: 'D4' }, { sheet: 'Sheet 2', address: 'D2' }];
    const fake = prepared();
    fake.resetCounters();
    await new ExcelHost(fake.env()).select(cells);
    expect(fake.syncs.length).toBe(1);
    expect(fake.state.selection).toEqual({ sheet: T, address: 'C3,D4' });
    for (const api of ['1.9', '1.17']) {
      const old = prepared(api);
      await new ExcelHost(old.env()).select(cells);
      expect(old.state.selection).toEqual({ sheet: T, address: 'C3' });
    }
  });
});

describe('settings', () => {
  test('settings are stored in the hidden settings sheet and read back', async () => {
    const fake = prepared();
    const host = new ExcelHost(fake.env());
    await host.saveSettings({ 'recognition.overrides': JSON.stringify({ 'Sheet 2': 'none' }) });
    expect(fake.sheet(SETTINGS_SHEET).visibility).toBe('Hidden');
    const snap = await host.read();
    expect(JSON.parse(readSettings(snap)['recognition.overrides'])).toEqual({ 'Sheet 2': 'none' });
    await host.saveSettings({ a: '1' });
    const again = await host.read();
    expect(readSettings(again)).toEqual({ a: '1' });
    expect(fake.state.sheets.filter((s) => s.name === SETTINGS_SHEET).length).toBe(1);
  });
});

describe('on a real workbook (seed sample)', () => {
  test('check → mark → clear leaves the workbook exactly as it was', async () => {
    const snap = await snapshotOf(SAMPLE);
    const fake = FakeExcel.fromSnapshot(snap);
    const before = dump(fake.state);
    const host = new ExcelHost(fake.env());
    const read = await host.read();
    const r = checkWorkbook(read);
    await host.mark(r.findings, { withNotes: true, results: { findings: r.findings, tables: r.tables }, suspects: r.suspects });
    expect(fake.cell(RESULTS_SHEET, 'A1').value).toBe(RESULTS_TITLE);
    const marked = markEdits(r.findings, { infos: false });
    const total = fake.state.sheets.reduce((n, s) => n + ours(fake, s.name).length, 0);
    expect(total > 0).toBe(marked.length > 0);
    await host.clearMarks();
    expect(dump(fake.state)).toEqual(before);
  });
});


describe('marks of earlier versions (fills + very hidden record sheet)', () => {
  test('清除标记 restores the recorded fills and notes, unhides the record before deleting it', async () => {
    const fake = prepared();
    const before = dump(fake.state);
    legacyMarked(fake);
    const host = new ExcelHost(fake.env());
    expect((await host.read()).sheets.map((s) => s.name)).not.toContain(RECORD_SHEET);
    await host.clearMarks();
    const after = dump(fake.state);
    // The earlier version trimmed the user's trailing whitespace (issue 12 point 6): that is all that differs.
    expect(fake.cell(T, 'D4').note).toBe('用户自己的备注');
    fake.setCell(T, 'D4', { note: '用户自己的备注  \n' });
    expect(dump(fake.state)).toEqual(before);
    expect(after.some((s) => s.name === RECORD_SHEET)).toBe(false);
  });
});

import { FakeExcel, NO_FILL, FakeCell } from '../fakes/fake-excel';
import { readWorkbook } from '../../src/excel/read';
import { applyMarks, clearMarks, MARK_HEX } from '../../src/excel/marks';
import { ExcelHost } from '../../src/excel/host';
import { RECORD_SHEET, NOTE_MARKER } from '../../src/excel/record';
import { HostError } from '../../src/excel/errors';
import { Finding } from '../../src/core/finding';
import { readSettings, SETTINGS_SHEET } from '../../src/core/settings';
import { WorkbookSnapshot } from '../../src/core/snapshot';

function sample(): WorkbookSnapshot {
  return {
    sheets: [
      {
        name: '支出决算表',
        values: [
          ['支出决算表', null, null, null],
          ['科目编码', '科目名称', '本年支出合计', '基本支出'],
          [null, '合计', 100, 60],
          ['201', '一般公共服务支出', 70, 40],
          ['208', '社会保障和就业支出', 29.99, { kind: 'error', code: '#REF!' }],
        ],
        formats: [
          ['General', null, null, null],
          [null, null, null, null],
          [null, null, '#,##0.00', '#,##0.00'],
          ['@', null, '#,##0.00', '#,##0.00'],
          ['@', null, '#,##0.00', '#,##0.00'],
        ],
        merges: [{ r1: 0, c1: 0, r2: 0, c2: 3 }],
      },
      {
        name: 'Sheet 2',
        values: [[], [null, null, 'x', 5]],
        merges: [],
      },
      { name: '空表', values: [], merges: [] },
    ],
  };
}

const finding = (rule: string, severity: Finding['severity'], cells: [string, string][]): Finding => ({
  rule, severity, message: `规则 ${rule} 不成立`, cells: cells.map(([sheet, address]) => ({ sheet, address })),
});

const T = '支出决算表';

function prepared(api = '1.18'): FakeExcel {
  const fake = FakeExcel.fromSnapshot(sample(), { api });
  // A spread of original looks: No Fill (default), white fill, tinted solid, patterned, user note.
  fake.setCell(T, 'C3', { fill: { pattern: 'Solid', color: '#FFFFFF' } });
  fake.setCell(T, 'D3', { fill: { pattern: 'Solid', color: '#FFFF00', tintAndShade: 0.4 } });
  fake.setCell(T, 'C4', { fill: { pattern: 'Gray50', color: '#00B0F0', patternColor: '#FF0000', patternTintAndShade: -0.25 } });
  fake.setCell(T, 'D4', { note: '用户自己的备注' });
  return fake;
}

const touched: [string, string][] = [[T, 'C3'], [T, 'D3'], [T, 'C4'], [T, 'D4'], [T, 'C5'], ['Sheet 2', 'D2']];

function looks(fake: FakeExcel) {
  return touched.map(([s, a]) => {
    const c: FakeCell = fake.cell(s, a);
    return { s, a, fill: { ...c.fill }, note: c.note, comment: c.comment };
  });
}

const findingsA = [
  finding('R07', 'error', [[T, 'C3'], [T, 'D3'], [T, 'C4']]),
  finding('R06', 'warning', [[T, 'D4'], [T, 'C5']]),
  finding('R99', 'info', [['Sheet 2', 'D2'], [T, 'C3']]),
];
const findingsB = [finding('R07', 'warning', [[T, 'C3'], [T, 'D4']])];

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
    // Anchored at A1 even though the used range starts at C2.
    expect(r.snapshot.sheets[1].values[1]).toEqual([null, null, 'x', 5]);
    expect(r.snapshot.sheets[2].values).toEqual([]);
  });

  test('sync count does not grow with sheet count', async () => {
    const snap: WorkbookSnapshot = { sheets: [] };
    for (let i = 0; i < 60; i++) snap.sheets.push({ name: `表${i}`, values: [['标题'], [1, 2, 3]], merges: [] });
    const fake = FakeExcel.fromSnapshot(snap);
    await readWorkbook(fake.env());
    expect(fake.syncs.length).toBe(3);
  });

  test('large workbooks are read in chunks under the 5 MB payload limit', async () => {
    const values: (string | number)[][] = [];
    for (let r = 0; r < 15000; r++) values.push(Array.from({ length: 12 }, (_, c) => (c === 0 ? `项目名称第${r}行` : r * 100 + c + 0.25)));
    const fake = FakeExcel.fromSnapshot({ sheets: [{ name: '大表', values, merges: [] }, { name: '小表', values: [[1]], merges: [] }] });
    const r = await readWorkbook(fake.env());
    expect(r.stats.chunks).toBeGreaterThan(1);
    expect(fake.syncs.length).toBe(2 + r.stats.chunks);
    for (const s of fake.syncs) {
      expect(s.responseBytes).toBeLessThanOrEqual(5 * 1024 * 1024);
      expect(s.requestBytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    }
    expect(r.snapshot.sheets[0].values.length).toBe(15000);
    expect(r.snapshot.sheets[0].values[14999][5]).toBe(14999 * 100 + 5 + 0.25);
  });

  test('too large: a clear Chinese error, no read attempted', async () => {
    const fake = FakeExcel.fromSnapshot(sample());
    await expect(readWorkbook(fake.env(), { maxCells: 5 })).rejects.toMatchObject({ kind: 'too-large' });
    expect(fake.syncs.length).toBe(2);
  });

  test('payload limit errors from the host become a too-large HostError', async () => {
    const fake = FakeExcel.fromSnapshot(sample(), { payloadLimit: 200 });
    const err = await readWorkbook(fake.env()).catch((e) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err.kind).toBe('too-large');
    expect(err.message).toMatch(/数据量超过/);
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
  test('check → clear restores every touched cell exactly; values never change; no events', async () => {
    const fake = prepared();
    const before = looks(fake);
    const values = fake.valueDump();
    const host = new ExcelHost(fake.env());
    fake.resetCounters();
    await host.read();
    expect(fake.syncs.length).toBeLessThanOrEqual(4);
    fake.resetCounters();
    const out = await host.mark(findingsA, { withNotes: true });
    expect(fake.syncs.length).toBeLessThanOrEqual(3);
    expect(out.marked).toBe(6);
    expect(fake.cell(T, 'C3').fill).toMatchObject({ pattern: 'Solid', color: MARK_HEX.error });
    expect(fake.cell(T, 'C5').fill).toMatchObject({ pattern: 'Solid', color: MARK_HEX.warning });
    expect(fake.cell('Sheet 2', 'D2').fill.color).toBe(MARK_HEX.info);
    expect(fake.cell(T, 'D4').note).toMatch(/^用户自己的备注\n\n【决算助手】\n\[警告 R06\]/);
    expect(fake.cell(T, 'C3').note).toContain('[提示 R99]');
    expect(fake.sheet(RECORD_SHEET).visibility).toBe('VeryHidden');
    expect(fake.valueDump([RECORD_SHEET])).toEqual(values);
    expect(fake.state.eventsRaised).toBe(0);
    expect(fake.state.eventsEnabled).toBe(true);
    // cells outside findings untouched
    expect(fake.cell(T, 'B3').fill).toEqual(NO_FILL);

    fake.resetCounters();
    const cleared = await host.clearMarks();
    expect(fake.syncs.length).toBeLessThanOrEqual(3);
    expect(cleared.restored).toBe(6);
    expect(looks(fake)).toEqual(before);
    expect(fake.state.sheets.some((s) => s.name === RECORD_SHEET)).toBe(false);
    expect(fake.valueDump()).toEqual(values);
    expect(fake.state.eventsRaised).toBe(0);
  });

  test('a second check replaces the marks, never stacks them', async () => {
    const fake = prepared();
    const before = looks(fake);
    const host = new ExcelHost(fake.env());
    await host.read();
    await host.mark(findingsA, { withNotes: true });
    await host.read();
    await host.mark(findingsA, { withNotes: true });
    expect(fake.cell(T, 'D4').note!.split(NOTE_MARKER).length).toBe(2);
    await host.read();
    const out = await host.mark(findingsB, { withNotes: true });
    expect(out.marked).toBe(2);
    expect(out.restored).toBe(4);
    // cells no longer in findings are back to their original look
    const now = looks(fake);
    for (const i of [1, 2, 4, 5]) expect(now[i]).toEqual(before[i]);
    expect(fake.cell(T, 'C3').fill.color).toBe(MARK_HEX.warning);
    expect(fake.cell(T, 'D4').note).toMatch(/^用户自己的备注\n\n【决算助手】\n\[警告 R07\]/);
    // and clearing after many checks still gets the very first look back
    await host.clearMarks();
    expect(looks(fake)).toEqual(before);
  });

  test('a later session (new host) can clear the marks from the record', async () => {
    const fake = prepared();
    const before = looks(fake);
    const first = new ExcelHost(fake.env());
    await first.read();
    await first.mark(findingsA, { withNotes: true });
    const later = new ExcelHost(fake.env());
    const r = await later.clearMarks();
    expect(r.restored).toBe(6);
    expect(looks(fake)).toEqual(before);
  });

  test('a fill the user changed after marking is kept', async () => {
    const fake = prepared();
    const host = new ExcelHost(fake.env());
    await host.read();
    await host.mark(findingsA, { withNotes: true });
    fake.setCell(T, 'C5', { fill: { pattern: 'Solid', color: '#00FF00' } });
    const r = await host.clearMarks();
    expect(r.keptUserChanges).toBe(1);
    expect(fake.cell(T, 'C5').fill).toMatchObject({ pattern: 'Solid', color: '#00FF00' });
    expect(fake.cell(T, 'C5').note).toBeNull();
  });

  test('list-only mode after marking removes the old marks', async () => {
    const fake = prepared();
    const before = looks(fake);
    const host = new ExcelHost(fake.env());
    await host.read();
    await host.mark(findingsA, { withNotes: true });
    await host.read();
    await host.mark([], { withNotes: true });
    expect(looks(fake)).toEqual(before);
    expect(fake.state.sheets.some((s) => s.name === RECORD_SHEET)).toBe(false);
  });

  test('marks without notes leave notes alone', async () => {
    const fake = prepared();
    const host = new ExcelHost(fake.env());
    await host.read();
    await host.mark(findingsA, { withNotes: false });
    expect(fake.cell(T, 'D4').note).toBe('用户自己的备注');
    expect(fake.cell(T, 'C3').note).toBeNull();
    expect(fake.cell(T, 'C3').fill.color).toBe(MARK_HEX.error);
  });

  test('protected sheets are skipped with a warning', async () => {
    const fake = prepared();
    fake.sheet('Sheet 2').protected = true;
    const host = new ExcelHost(fake.env());
    await host.read();
    const out = await host.mark(findingsA, { withNotes: true });
    expect(out.marked).toBe(5);
    expect(out.warnings.join()).toMatch(/Sheet 2.*受保护/);
    expect(fake.cell('Sheet 2', 'D2').fill).toEqual(NO_FILL);
  });

  test('comments as the fallback note store (ExcelApi 1.10–1.17)', async () => {
    const fake = prepared('1.12');
    fake.setCell(T, 'D3', { comment: '同事的批注' });
    const before = looks(fake);
    const host = new ExcelHost(fake.env());
    expect(host.features.notes).toBe('comments');
    await host.read();
    const out = await host.mark(findingsA, { withNotes: true });
    expect(fake.syncs.length).toBeGreaterThan(0);
    expect(fake.cell(T, 'C3').comment).toMatch(/^【决算助手】/);
    expect(fake.cell(T, 'D3').comment).toBe('同事的批注');
    expect(out.warnings.join()).toMatch(/已有批注/);
    await host.read();
    await host.mark(findingsA, { withNotes: true });
    expect(fake.cell(T, 'C3').comment!.split(NOTE_MARKER).length).toBe(2);
    await host.clearMarks();
    expect(looks(fake)).toEqual(before);
  });

  test('ExcelApi 1.8 (no pattern): No Fill restored by clear(), colours restored', async () => {
    const fake = prepared('1.8');
    const host = new ExcelHost(fake.env());
    await host.read();
    await host.mark(findingsA, { withNotes: true });
    await host.clearMarks();
    expect(fake.cell(T, 'C5').fill).toEqual(NO_FILL);
    expect(fake.cell(T, 'D3').fill.color).toBe('#FFFF00');
    expect(fake.cell(T, 'C3').note).toBeNull();
  });

  test('below ExcelApi 1.4 marking is refused with a clear message', async () => {
    const fake = prepared('1.3');
    const host = new ExcelHost(fake.env());
    expect(host.features.marks).toBe(false);
    await host.read();
    await expect(host.mark(findingsA, { withNotes: true })).rejects.toMatchObject({ kind: 'unsupported' });
  });

  test('applyMarks and clearMarks stay within 3 syncs each on large finding sets', async () => {
    const fake = prepared();
    const many: Finding[] = [];
    for (let i = 0; i < 300; i++) many.push(finding('R05', 'error', [[T, `E${i + 1}`], [T, `F${i + 1}`]]));
    const r = await readWorkbook(fake.env());
    fake.resetCounters();
    const { markEdits } = await import('../../src/core/marks');
    await applyMarks(fake.env(), markEdits(many), { record: r.record, sheets: r.snapshot.sheets.map((s) => s.name), protectedSheets: [], comments: [] });
    expect(fake.syncs.length).toBe(2);
    fake.resetCounters();
    const c = await clearMarks(fake.env());
    expect(c.restored).toBe(600);
    expect(fake.syncs.length).toBe(3);
  });
});

describe('select and settings', () => {
  test('select activates the sheet and selects the cells in one sync', async () => {
    const fake = prepared();
    const host = new ExcelHost(fake.env());
    fake.resetCounters();
    await host.select([{ sheet: T, address: 'C3' }, { sheet: T, address: 'D4' }, { sheet: 'Sheet 2', address: 'D2' }]);
    expect(fake.syncs.length).toBe(1);
    expect(fake.state.selection).toEqual({ sheet: T, address: 'C3,D4' });
    expect(fake.state.activeSheet).toBe(T);
  });

  test('settings are stored in the hidden settings sheet and read back', async () => {
    const fake = prepared();
    const host = new ExcelHost(fake.env());
    await host.saveSettings({ 'recognition.overrides': JSON.stringify({ 'Sheet 2': 'none' }) });
    expect(fake.sheet(SETTINGS_SHEET).visibility).toBe('Hidden');
    const snap = await host.read();
    expect(JSON.parse(readSettings(snap)['recognition.overrides'])).toEqual({ 'Sheet 2': 'none' });
    // rewriting replaces, never duplicates
    await host.saveSettings({ a: '1' });
    const again = await host.read();
    expect(readSettings(again)).toEqual({ a: '1' });
    expect(fake.state.sheets.filter((s) => s.name === SETTINGS_SHEET).length).toBe(1);
  });
});

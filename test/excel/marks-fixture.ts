/** Shared set-up of the Excel adapter tests: a small workbook with everything a user may have on cells. */
import { FakeExcel, FakeState, NO_FILL } from '../fakes/fake-excel';
import { CF_SIGNATURE, MARK_HEX } from '../../src/excel/marks';
import { NOTE_MARKER, RECORD_SHEET, recordRows } from '../../src/excel/record';
import { Finding } from '../../src/core/finding';
import { WorkbookSnapshot } from '../../src/core/snapshot';

export function sample(): WorkbookSnapshot {
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
      { name: 'Sheet 2', values: [[], [null, null, 'x', 5]], merges: [] },
      { name: '空表', values: [], merges: [] },
    ],
  };
}

export const finding = (rule: string, severity: Finding['severity'], cells: [string, string][]): Finding => ({
  rule, severity, message: `规则 ${rule} 不成立`, cells: cells.map(([sheet, address]) => ({ sheet, address })),
});

export const T = '支出决算表';

/** A spread of what users have: solid, tinted, patterned fills, a note, a threaded comment, a rule of theirs. */
export function prepared(api = '1.18'): FakeExcel {
  const fake = FakeExcel.fromSnapshot(sample(), { api });
  fake.setCell(T, 'C3', { fill: { pattern: 'Solid', color: '#FFFFFF' } });
  fake.setCell(T, 'D3', { fill: { pattern: 'Solid', color: '#FFFF00', tintAndShade: 0.4 } });
  fake.setCell(T, 'C4', { fill: { pattern: 'Gray50', color: '#00B0F0', patternColor: '#FF0000', patternTintAndShade: -0.25 } });
  fake.setCell(T, 'D4', { note: '用户自己的备注  \n' });
  fake.setCell(T, 'C5', { comment: '同事的批注' });
  fake.sheet(T).cfs.push({ id: '{USER-1}', type: 'DataBar', ranges: [{ r1: 2, c1: 2, r2: 4, c2: 2 }] });
  fake.sheet(T).cfs.push({ id: '{USER-2}', type: 'Custom', ranges: [{ r1: 0, c1: 0, r2: 9, c2: 9 }], formula: '=A1>100', fillColor: '#00FF00' });
  return fake;
}

/** Everything a user could see: sheets, cells (values, formats, fills, notes, comments, links), rules. */
export function dump(state: FakeState) {
  return state.sheets.map((s) => ({
    name: s.name,
    visibility: s.visibility,
    protected: s.protected,
    cells: [...s.cells].filter(([, c]) => c.value !== null || c.note !== null || c.comment !== null || c.format !== 'General' || c.fill.pattern !== 'None' || c.hyperlink)
      .map(([k, c]) => ({ k, ...c, fill: { ...c.fill } })).sort((a, b) => a.k.localeCompare(b.k)),
    cfs: s.cfs.map((f) => ({ ...f })),
    merges: s.merges,
  }));
}

export const ours = (fake: FakeExcel, sheet: string) => fake.sheet(sheet).cfs.filter((f) => f.formula?.includes(CF_SIGNATURE));

export const findingsA = [
  finding('R07', 'error', [[T, 'C3'], [T, 'D3'], [T, 'C4']]),
  finding('R06', 'warning', [[T, 'D4'], [T, 'C5']]),
  finding('R99', 'info', [['Sheet 2', 'D2'], [T, 'C3']]),
  finding('R08', 'warning', [['Sheet 2', 'D2']]),
];
export const findingsB = [finding('R07', 'warning', [[T, 'C3'], [T, 'D5']])];
export const tables = [{ table: 'T1', sheet: T }];


/** What an earlier version (painted fills, very hidden record) left on prepared(): C3 and D4 marked. */
export function legacyMarked(fake: FakeExcel, notes = true): void {
  const entries = [
    { sheet: T, address: 'C3', severity: 'error' as const, fill: { ...fake.cell(T, 'C3').fill }, note: null, noteKind: 'note' as const },
    { sheet: T, address: 'D4', severity: 'warning' as const, fill: { ...NO_FILL }, note: '用户自己的备注', noteKind: 'note' as const },
  ];
  fake.setCell(T, 'C3', { fill: { pattern: 'Solid', color: MARK_HEX.error, tintAndShade: 0 }, ...(notes ? { note: `${NOTE_MARKER}\n[错误 R07] x` } : {}) });
  fake.setCell(T, 'D4', { fill: { pattern: 'Solid', color: MARK_HEX.warning }, ...(notes ? { note: `用户自己的备注  \n\n\n${NOTE_MARKER}\n[警告 R06] y` } : {}) });
  fake.state.sheets.push({ name: RECORD_SHEET, visibility: 'VeryHidden', protected: false, cells: new Map(), merges: [], columnWidths: new Map(), cfs: [] });
  recordRows(entries).forEach((row, r) => row.forEach((v, c) => fake.setCell(RECORD_SHEET, `${'ABCD'[c]}${r + 1}`, { value: v === '' ? null : v })));
}

import { cellContext, describeCell, groupFindings, ALL_SEVERITIES, parseOverrides, withOverride, matches } from '../../src/taskpane/check/logic';
import { Finding } from '../../src/core/finding';
import { WorkbookSnapshot } from '../../src/core/snapshot';

const snap: WorkbookSnapshot = {
  sheets: [{
    name: '支出决算表',
    values: [
      ['支出决算表'],
      ['科目编码', '科目名称', '本年支出合计', '基本支出'],
      ['201', '一般公共服务支出', 2000, 1500],
      [2080501, '行政单位离退休', 800, 600],
      [null, '合计', 3578.42, null],
    ],
    formats: [[], [], [null, null, '#,##0.00', '#,##0.00'], [null, null, '#,##0.00', '0.0'], [null, null, '#,##0.00']],
    merges: [],
  }],
};

test('cell context names the row, the column and the displayed value', () => {
  const c = cellContext(snap, { sheet: '支出决算表', address: 'D4' });
  expect(c).toMatchObject({ row: '2080501 行政单位离退休', column: '基本支出', value: '600.0' });
  expect(describeCell(c)).toBe('支出决算表!D4（2080501 行政单位离退休 · 基本支出）：600.0');
  expect(cellContext(snap, { sheet: '支出决算表', address: 'C3' }).value).toBe('2,000.00');
  expect(cellContext(snap, { sheet: '支出决算表', address: 'D5' })).toMatchObject({ row: '合计', value: '（空）' });
  expect(describeCell(cellContext(snap, { sheet: '无此表', address: 'A1' }))).toBe('无此表!A1：—');
});

const f = (rule: string, severity: Finding['severity'], table?: Finding['table']): Finding => ({ rule, severity, message: `${rule} 信息`, cells: [{ sheet: 'S', address: 'A1' }], table });

test('grouping by table then severity; navigation order follows the groups', () => {
  const fs = [f('R05', 'info', 'T3'), f('R01', 'error', 'T1'), f('R07', 'error', 'T3'), f('R23', 'warning')];
  const { groups, order } = groupFindings(fs, { severities: { ...ALL_SEVERITIES }, table: 'all', text: '' });
  expect(groups.map((g) => g.key)).toEqual(['WORKBOOK', 'T1', 'T3']);
  expect(groups[2].bySeverity.map((b) => b.severity)).toEqual(['error', 'info']);
  expect(order.map((x) => x.rule)).toEqual(['R23', 'R01', 'R07', 'R05']);
  const only = groupFindings(fs, { severities: { error: true, warning: false, info: false }, table: 'T3', text: '' });
  expect(only.order.map((x) => x.rule)).toEqual(['R07']);
  expect(matches(fs[0], { severities: { ...ALL_SEVERITIES }, table: 'all', text: 'r05 S!A1' })).toBe(true);
});

test('recognition overrides round-trip through settings', () => {
  let s = withOverride({ other: 'x' }, '表一', 'T1');
  s = withOverride(s, '封面', 'none');
  expect(parseOverrides(s)).toEqual({ 表一: 'T1', 封面: 'none' });
  s = withOverride(s, '表一', 'auto');
  s = withOverride(s, '封面', 'auto');
  expect(s).toEqual({ other: 'x' });
  expect(parseOverrides({ 'recognition.overrides': '{bad json' })).toEqual({});
  expect(parseOverrides({ 'recognition.overrides': '{"a":"T10","b":"T2"}' })).toEqual({ b: 'T2' });
});

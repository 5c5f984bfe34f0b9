/**
 * 十 预算绩效管理 (Shanghai schema): 平均得分 and counts by 评级 drafted from the project sheets' 总分
 * and checked (R27) against them — bands as a setting (default 优≥90, 良80–90, 合格60–80, 不合格<60),
 * interval rounding for the average, silence when the wording is not understood or the paragraph
 * speaks of another set of projects. Self-evaluation sheets: the generated seed workbook (ten
 * project tables whose stated 总分 are 92.96 83.05 100 100 87.83 94 100 100 93.2 80.64: mean
 * 93.168, 优 7, 良 3).
 */
import { Decimal } from '../../src/core/money';
import {
  checkNarrative, perfSummary, prepareDraft, SHANGHAI_LAYOUT,
} from '../../src/core/narrative';
import {
  DEFAULT_GRADE_BANDS, gradeOf, parseGradeBands, scoreStats, statedAverage, statedGradeCounts,
} from '../../src/core/narrative/grades';
import { settingsSheetEdit } from '../../src/core/settings';
import { SheetSnapshot, WorkbookSnapshot } from '../../src/core/snapshot';
import { Finding } from '../../src/core/finding';
import { perfFixture } from '../fixtures/perf/generate';
import { snapshotOf } from '../helpers';
import { factsSnapshot, seedFactEntries, seedModel2023, seedModel2024, sheetFromEdit } from './helpers';

const model = seedModel2024();
const prior = seedModel2023();
const U = '乌鲁木齐市水磨沟区水磨沟街道办事处';

let perfSheets: SheetSnapshot[];
let base: WorkbookSnapshot;
beforeAll(async () => {
  perfSheets = (await snapshotOf(await perfFixture('filled'))).sheets;
  base = factsSnapshot(seedFactEntries(model, prior), perfSheets);
});

const statementSheet = (rows: string[]): SheetSnapshot => ({ name: '决算说明', values: rows.map((r) => [r]), merges: [] });
const settingsSheet = (bands: string): SheetSnapshot => sheetFromEdit(settingsSheetEdit({ 'narrative.gradeBands': bands }));
const r27 = (fs: Finding[]) => fs.filter((f) => f.rule === 'R27');
const check = (text: string, extra: SheetSnapshot[] = []) =>
  r27(checkNarrative({ sheets: [...base.sheets, ...extra, statementSheet(['十、预算绩效管理情况说明', text])] }, model, 'shanghai'));
const sentence = (avg: string, grades: string, n = '10') =>
  `${U}2024年度开展绩效自评的评价项目${n}个，全年预算数991.87万元，全年执行数886.03万元，平均得分${avg}分，评价结果为：${grades}。`;

describe('grade bands and wording', () => {
  test('default bands: lower bounds inclusive', () => {
    const g = (x: string) => gradeOf(new Decimal(x), DEFAULT_GRADE_BANDS);
    expect(['100', '90', '89.99', '80', '79.99', '60', '59.99', '0'].map(g)).toEqual(['优', '优', '良', '良', '合格', '合格', '不合格', '不合格']);
  });
  test('the setting: three decreasing bounds, else not understood', () => {
    expect(parseGradeBands('95:85:60')).toEqual({ excellent: new Decimal(95), good: new Decimal(85), pass: new Decimal(60) });
    expect(parseGradeBands('80:90:60')).toBeUndefined();
    expect(parseGradeBands('九十')).toBeUndefined();
  });
  test('stated counts: 优/良/合格/不合格 and the central 中/差, 等级 / 的项目 forms; not 偏差 or 其中', () => {
    expect(statedGradeCounts('评价结果为：优7个、良3个、合格0个、不合格0个')).toEqual({
      优: { value: 7, raw: '7' }, 良: { value: 3, raw: '3' }, 合格: { value: 0, raw: '0' }, 不合格: { value: 0, raw: '0' },
    });
    expect(statedGradeCounts('其中优秀等级2个，良好的项目1个，中1个，差0个')).toEqual({
      优: { value: 2, raw: '2' }, 良: { value: 1, raw: '1' }, 合格: { value: 1, raw: '1' }, 不合格: { value: 0, raw: '0' },
    });
    expect(statedGradeCounts('存在偏差3个，其中1个项目')).toBeUndefined();
    expect(statedGradeCounts('优7个，…，优6个')).toBeUndefined();
  });
  test('stated average: one 平均得分, else none', () => {
    expect(statedAverage('平均得分93.17分')?.raw).toBe('93.17');
    expect(statedAverage('平均分为93分')?.raw).toBe('93');
    expect(statedAverage('整体平均得分95分，项目平均得分93分')).toBeUndefined();
  });
});

describe('the project sheets of a real workbook', () => {
  test('every project 总分 is read; mean and counts', () => {
    const p = perfSummary(base)!;
    expect(p.projectScores!.map((s) => s.value.toString())).toEqual(['92.96', '83.05', '100', '100', '87.83', '94', '100', '100', '93.2', '80.64']);
    const st = scoreStats(p.projectScores!, DEFAULT_GRADE_BANDS)!;
    expect(st.average.toString()).toBe('93.168');
    expect(st.counts).toEqual({ 优: 7, 良: 3, 合格: 0, 不合格: 0 });
  });
});

describe('draft (Shanghai 十) and check, both ways', () => {
  test('the draft states 平均得分 and the counts by 评级, and its check finds nothing', () => {
    const d = prepareDraft({ snapshot: base, model, priorModel: prior, options: { layout: SHANGHAI_LAYOUT } });
    const line = d.draft.paragraphs.map((p) => p.text).find((t) => t.includes('开展绩效自评的评价项目'))!;
    expect(line).toContain('评价项目10个，全年预算数991.87万元，全年执行数886.03万元，平均得分93.17分，评价结果为：优7个、良3个、合格0个、不合格0个。');
    expect(check(line)).toEqual([]);
  });
  test('平均得分: true within its rounding (93.17, 93.2, 93), false outside (93.27, 94) naming the 总分 cells', () => {
    for (const ok of ['93.17', '93.2', '93']) expect(check(sentence(ok, '优7个、良3个'))).toEqual([]);
    for (const bad of ['93.27', '94']) {
      const fs = check(sentence(bad, '优7个、良3个'));
      expect(fs).toHaveLength(1);
      expect(fs[0].message).toContain(`平均得分 ${bad}分`);
      // the 说明 cell, then the ten 总分 cells
      expect(fs[0].cells[0]).toEqual({ sheet: '决算说明', address: 'A2' });
      expect(fs[0].cells.slice(1).map((c) => `${c.sheet}!${c.address}`)).toEqual(expect.arrayContaining(['绩效自评1!M20', '绩效自评10!M23']));
      expect(fs[0].cells).toHaveLength(11);
    }
  });
  test('counts by 评级: a changed count is found; 中/差 read as 合格/不合格', () => {
    expect(check(sentence('93.17', '优秀7个、良好3个、中0个、差0个'))).toEqual([]);
    const fs = check(sentence('93.17', '优6个、良4个'));
    expect(fs.map((f) => f.params)).toEqual([{ stated: '6', expected: '7' }, { stated: '4', expected: '3' }]);
    expect(fs[0].message).toContain('优≥90，良80–90，合格60–80，不合格<60');
  });
  test('bands from the setting: 95:85:60 gives 优4 良4 合格2', () => {
    const s = settingsSheet('95:85:60');
    expect(check(sentence('93.17', '优4个、良4个、合格2个'), [s])).toEqual([]);
    expect(check(sentence('93.17', '优4个、良4个、合格2个')).length).toBe(3);
    const d = prepareDraft({ snapshot: { sheets: [...base.sheets, s] }, model, priorModel: prior, options: { layout: SHANGHAI_LAYOUT } });
    expect(d.text).toContain('评价结果为：优4个、良4个、合格2个、不合格0个。');
  });
  test('silent when the paragraph counts other projects or the wording is not understood', () => {
    // 5 projects ≠ the 10 sheets: R27 reports the count, but not the average or the grades
    const fs = check(sentence('80', '优1个', '5'));
    expect(fs.map((f) => f.params?.stated)).toEqual(['5']);
    expect(check(`${U}2024年度评价项目10个，优良率100%，平均得分情况见附表。`)).toEqual([]);
    // another count of projects (自评项目12个, the workbook holds 10 sheets), or none stated: silent
    expect(check(`${U}2024年度开展绩效自评项目12个，平均得分80分，其中：优1个。`)).toEqual([]);
    expect(check(`${U}2024年度绩效自评平均得分80分，其中：优1个。`)).toEqual([]);
    // a count that is the sheets': checked
    expect(check(`${U}2024年度开展绩效自评项目10个，平均得分80分，其中：优1个。`).map((f) => f.params?.stated)).toEqual(['80', '1']);
  });
  test('no 总分 on the sheets: the draft leaves the clause out and the check is silent', () => {
    const noScores: WorkbookSnapshot = factsSnapshot(seedFactEntries(model, prior));
    const d = prepareDraft({ snapshot: noScores, model, priorModel: prior, options: { layout: SHANGHAI_LAYOUT } });
    expect(d.text).not.toContain('平均得分');
  });
});

/** The drafter on TableSet objects built from the seed's figures (independent of the parser). */
import {
  draftNarrative, emptyFacts, importPriorEntries, narrativeSheetEdit, narrativeText, overlayFacts, prepareDraft, readFacts,
  SHANGHAI_LAYOUT, PLACEHOLDER_REASON, NarrativeDraft,
} from '../../src/core/narrative';
import { settingsSheetEdit } from '../../src/core/settings';
import { Decimal } from '../../src/core/money';
import {
  factsSnapshot, sheetFromEdit, figuresOf, seedFactEntries, seedModel2023, seedModel2024, seedPerfEntries, seedStatement,
} from './helpers';

const STATEMENT = ['total', 'income', 'expense', 'fiscal', 'gpb', 'gpbBasic', 'fund', 'soe', 'sgjf', 'other', 'perf'];

function statementText(d: NarrativeDraft): string[] {
  return d.paragraphs.filter((p) => p.style === 'body' && p.section && STATEMENT.includes(p.section)).map((p) => p.text);
}

function seedDraft(options = {}) {
  const model = seedModel2024();
  const prior = seedModel2023();
  const snap = factsSnapshot([...seedFactEntries(model, prior), ...seedPerfEntries()]);
  return prepareDraft({ snapshot: snap, model, priorModel: prior, options });
}

describe('draft from the seed figures', () => {
  const p = seedDraft();

  test('第二部分 一 to 十一 state every figure of the seed, in order', () => {
    const seed = seedStatement().flatMap(figuresOf);
    const mine = statementText(p.draft).flatMap(figuresOf);
    expect(seed.length).toBeGreaterThan(200);
    // Figure by figure, so that a failure names the first one that differs.
    for (let i = 0; i < Math.max(seed.length, mine.length); i++) {
      expect(`${i}: ${mine[i]}`).toBe(`${i}: ${seed[i]}`);
    }
  });

  test('section by section the figures match too', () => {
    const seedLines = seedStatement();
    const headings = seedLines.filter((l) => /^[一二三四五六七八九十]+、/.test(l));
    expect(headings).toHaveLength(11);
    const draftHeadings = p.draft.paragraphs.filter((x) => x.style === 'section' && x.section && STATEMENT.includes(x.section)).map((x) => x.text);
    expect(draftHeadings).toEqual(headings);
  });

  test('sentences follow the seed wording', () => {
    const text = p.text;
    for (const s of [
      '2024年度收入总计3,578.52万元，其中：本年收入合计3,576.66万元，使用非财政拨款结余（含专用结余）0.00万元，年初结转和结余1.86万元。',
      '收入支出总体与上年相比，减少2,786.60万元，下降43.78%，主要原因是：本年社区经费、社区食堂补助经费、临时聘用人员经费、工作经费等资金较上年减少。',
      '1.一般公共服务支出(类)532.85万元，占15.42%。',
      '16.城乡社区支出(类)其他城乡社区支出(款)其他城乡社区支出(项)：支出决算数为0.00万元，比上年决算减少29.29万元，下降100.00%，主要原因是：本年减少办事处业务经费项目。',
      '公用经费15.24万元，包括：办公费、手续费、水费、电费、邮电费、取暖费、差旅费。',
      '本单位无其他需说明的事项。',
      '九、《财政拨款“三公”经费支出决算表》',
    ]) expect(text).toContain(s);
    expect(p.draft.placeholders).toEqual([]);
  });

  test('the sheet edit: one paragraph per row, headings styled, wrapped, replaces only 决算说明', () => {
    const e = narrativeSheetEdit(p.draft);
    expect(e.name).toBe('决算说明');
    expect(e.replace).toBe(true);
    expect(e.wrap).toBe(true);
    expect(e.columnWidths[0]).toBeGreaterThanOrEqual(80);
    expect(e.rows).toHaveLength(p.draft.paragraphs.length);
    expect(e.rows[0]).toEqual({ cells: [p.draft.paragraphs[0].text], style: 'title' });
    expect(e.rows.find((r) => r.cells[0] === '第二部分 部门决算情况说明')?.style).toBe('heading');
    expect(e.rows.find((r) => r.cells[0] === '一、收入支出决算总体情况说明')?.style).toBe('subheading');
    const sheets = p.plan.edits.filter((x) => x.kind === 'sheet').map((x) => (x as { name: string }).name);
    expect(sheets).toEqual(['决算说明']); // 补充信息 exists: only value edits there
  });

  test('plain text: paragraphs separated by blank lines', () => {
    expect(p.text.split('\n\n')).toHaveLength(p.draft.paragraphs.length);
    expect(narrativeText(p.draft)).toBe(p.text);
  });
});

describe('placeholders', () => {
  test('without 补充信息: visible 【请填写…】 for reasons, budget, facts; tables still fill the figures', () => {
    const model = seedModel2024();
    const d = draftNarrative({ model, facts: emptyFacts() });
    const text = narrativeText(d);
    expect(text).toContain('2024年度收入总计'.replace('2024', '【请填写年度】'));
    expect(text).toContain('收入总计3,578.52万元');
    expect(text).toContain('收入支出总体与上年相比，【请填写上年收入总计（或导入上年决算）】');
    expect(text).toContain('年初预算数【请填写年初预算数（财政拨款）】万元');
    expect(text).toContain(`增长100.00%，主要原因是：${PLACEHOLDER_REASON}`.replace('增长100.00%', '【请填写上年决算数（或导入上年决算）】'));
    const keys = new Set(d.placeholders.map((h) => h.factKey));
    for (const k of ['year', 'unitName', 'prior.incomeGrand', 'budget.fiscal', 'reason.fiscal.budget', 'functions', 'opex.prior', 'proc.total']) expect(keys).toContain(k);
    // Every placeholder is in its paragraph's text.
    for (const h of d.placeholders) expect(d.paragraphs[h.paragraph].text).toContain(h.text);
    // And the draft asks 补充信息 for a reason row per change it mentions.
    expect(d.factEntries.filter((e) => e.key.startsWith('reason.item.gpb.')).length).toBe(15);
  });

  test('year and unit name fall back to what the tables say', () => {
    const d = draftNarrative({ model: seedModel2024(), facts: emptyFacts(), guessedYear: '2024', guessedUnitName: '某单位' });
    expect(d.paragraphs[0].text).toBe('某单位2024年度部门决算公开说明');
  });

  test('a missing table gives a visible gap, not a zero', () => {
    const model = seedModel2024();
    delete model.T1;
    const text = narrativeText(draftNarrative({ model, facts: emptyFacts() }));
    expect(text).toContain('年度收入总计【缺少报表数据：收入总计】万元');
  });

  test('text in an amount cell of 补充信息 is reported, not read as zero', () => {
    const model = seedModel2024();
    const snap = factsSnapshot([{ key: 'budget.fiscal', label: '年初预算数（财政拨款）', section: 'budget', value: '三千八百万' }]);
    const facts = readFacts(snap);
    const text = narrativeText(draftNarrative({ model, facts }));
    expect(text).toContain('【请核对补充信息“年初预算数（财政拨款）”：不是数字】');
  });
});

describe('options', () => {
  test('zero base: 由0增加至X万元 instead of 增长100.00%', () => {
    const p = seedDraft({ zeroBase: 'fromZero' });
    expect(p.text).toContain('代表工作(项)：支出决算数为0.25万元，比上年决算由0增加至0.25万元，主要原因是：');
    expect(p.text).not.toContain('增长100.00%，主要原因是：本年新增2024年人大代表工作经费');
    expect(p.text).toContain('决算数41.27万元（年初预算数为0，不计算预决算差异率）');
    // A decrease to zero keeps its percentage.
    expect(p.text).toContain('比上年决算减少29.29万元，下降100.00%');
  });

  test('zero change: 与上年持平', () => {
    const p = seedDraft({ flat: 'flat' });
    expect(p.text).toContain('2024年度财政拨款“三公”经费支出0.00万元，与上年持平，主要原因是：');
    expect(p.text).not.toContain('比上年增加0.00万元');
  });

  test('reasons only for changes: no placeholder after an unchanged figure', () => {
    const model = seedModel2024();
    const prior = seedModel2023();
    const facts = overlayFacts(emptyFacts(), importPriorEntries(prior, undefined, '2024'));
    const all = draftNarrative({ model, facts });
    const changed = draftNarrative({ model, facts, options: { reasons: { mode: 'changed' } } });
    const t = narrativeText(changed);
    expect(t).toContain('“三公”经费支出0.00万元，比上年增加0.00万元，增长0.00%。其中');
    expect(t).toContain(`下降43.78%，主要原因是：${PLACEHOLDER_REASON}`);
    // Whatever the policy, an unchanged figure gets no reason placeholder; a threshold asks for fewer.
    expect(narrativeText(all)).toContain('“三公”经费支出0.00万元，比上年增加0.00万元，增长0.00%。其中');
    const thr = draftNarrative({ model, facts, options: { reasons: { mode: 'threshold', minAmount: new Decimal(100) } } });
    expect(thr.placeholders.length).toBeLessThan(all.placeholders.length);
  });

  test('layout: Shanghai order puts 三公 before 基金 and renumbers', () => {
    const p = seedDraft({ layout: SHANGHAI_LAYOUT });
    const heads = p.draft.paragraphs.filter((x) => x.style === 'section').map((x) => x.text);
    expect(heads).toContain('七、财政拨款“三公”经费支出决算情况说明');
    expect(heads).toContain('八、政府性基金预算财政拨款收入支出决算情况说明');
    expect(p.text).toContain('七、《财政拨款“三公”经费支出决算表》');
  });
});

describe('options stored in the workbook (_决算助手设置)', () => {
  test('narrative.zeroBase / narrative.flat / narrative.reasons / narrative.layout are read', () => {
    const model = seedModel2024();
    const prior = seedModel2023();
    const settings = sheetFromEdit(settingsSheetEdit({
      'narrative.zeroBase': 'fromZero', 'narrative.flat': 'flat', 'narrative.reasons': 'threshold:10:5%', 'narrative.layout': 'xinjiang',
    }));
    const snap = factsSnapshot([], [settings]);
    const p = prepareDraft({ snapshot: snap, model, priorModel: prior });
    expect(p.options.zeroBase).toBe('fromZero');
    expect(p.options.flat).toBe('flat');
    expect(p.options.layout.name).toBe('xinjiang');
    expect(p.options.reasons).toMatchObject({ mode: 'threshold' });
    // 0.94 万元 / 31.97%: above 5% → reason asked; 2.40 万元 / 200%: asked; three 0.00 changes: not asked.
    expect(p.text).toContain('其他纪检监察事务支出(项)：支出决算数为2.00万元，比上年决算减少0.94万元，下降31.97%，主要原因是：【请填写主要原因】。');
    expect(p.text).toContain('年度财政拨款“三公”经费支出0.00万元，与上年持平。其中');
    // An explicit option wins over the workbook's.
    expect(prepareDraft({ snapshot: snap, model, priorModel: prior, options: { zeroBase: 'percent' } }).options.zeroBase).toBe('percent');
  });
});

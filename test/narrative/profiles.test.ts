/**
 * Region profiles, written from the spec's schemas ("Other regions write the same facts
 * differently"): every Shanghai sentence schema in the draft, the seed's (Xinjiang) punctuation, the
 * profile guess, the sources (年初预算数 from the 单位整体支出绩效自评表, the prior workbook's year), and
 * the Shanghai wording the check understands.
 */
import {
  checkNarrative, fillTemplate, guessProfile, LAYOUTS, NarrativeDraft, prepareDraft, SHANGHAI_LAYOUT, XINJIANG_LAYOUT,
} from '../../src/core/narrative';
import { SheetSnapshot, WorkbookSnapshot } from '../../src/core/snapshot';
import { runCli, SAMPLE } from '../helpers';
import {
  factsSnapshot, perfSheet, seedFactEntries, seedModel2023, seedModel2024, seedPerfEntries, sheetFromEdit,
} from './helpers';
import { importPriorEntries, newFactsSheet } from '../../src/core/narrative';
import { Finding } from '../../src/core/finding';

const model = seedModel2024();
const prior = seedModel2023();

function draft(layout = SHANGHAI_LAYOUT, extra: SheetSnapshot[] = []) {
  const snap = factsSnapshot([...seedFactEntries(model, prior), ...seedPerfEntries()], extra);
  return prepareDraft({ snapshot: snap, model, priorModel: prior, options: { layout } });
}

function statement(d: NarrativeDraft): string[] {
  const t = d.paragraphs.map((p) => p.text);
  return t.slice(t.findIndex((x) => x.startsWith('第二部分')) + 1, t.findIndex((x) => x.startsWith('第三部分')));
}

const A = String.raw`\d+\.\d{2}`;
const U = '乌鲁木齐市水磨沟区水磨沟街道办事处';

describe('Shanghai profile: every sentence schema of the spec', () => {
  const p = draft();
  const s = statement(p.draft);
  const has = (re: RegExp) => expect(s.some((x) => re.test(x)) ? re.source : s.join('\n')).toBe(re.source);

  test('sections: 七 三公, 八 基金, 九 国资, 十 预算绩效管理, 十一 其他重要事项; no 十二', () => {
    const heads = s.filter((x) => /^[一二三四五六七八九十]+、/.test(x));
    expect(heads.slice(6)).toEqual([
      '七、财政拨款“三公”经费支出决算情况说明', '八、政府性基金预算财政拨款收入支出决算情况说明',
      '九、国有资本经营预算财政拨款收入支出决算情况说明', '十、预算绩效管理情况说明', '十一、其他重要事项的情况说明',
    ]);
  });
  test('amounts without thousands separators', () => {
    expect(s.filter((x) => /\d,\d{3}/.test(x))).toEqual([]);
  });
  test('一 / 四: 收入支出总计 and 财政拨款收入支出总计 with the change against the year before', () => {
    has(new RegExp(`^${U}2024年度收入支出总计3578\\.52万元。与2023年度相比，收入支出总计减少2786\\.60万元，下降43\\.78%。主要原因：`));
    has(new RegExp(`^${U}2024年度财政拨款收入支出总计3497\\.95万元。与2023年度相比，财政拨款收入支出总计减少2702\\.89万元，下降43\\.59%。主要原因：`));
  });
  test('二 / 三: only the non-zero sources, each with its share, separated by ；', () => {
    has(new RegExp(`本年收入合计3576\\.66万元，其中：财政拨款收入3496\\.09万元，占97\\.75%；其他收入80\\.57万元，占2\\.25%。$`));
    has(new RegExp(`本年支出合计3578\\.41万元，其中：基本支出2676\\.50万元，占74\\.80%；项目支出901\\.92万元，占25\\.20%。$`));
    expect(s.join('')).not.toMatch(/上级补助收入|经营收入0/);
  });
  test('五: headings run into their first sentence; (二) 主要用于以下方面 list; (三) 年初预算 / 完成年初预算的% / 决算数小于年初预算数, then per 项', () => {
    has(new RegExp(`^（一）一般公共预算财政拨款支出决算总体情况${U}2024年度一般公共预算财政拨款支出3456\\.68万元，占本年支出合计的96\\.60%。与2023年度相比`));
    has(new RegExp(`^（二）一般公共预算财政拨款支出决算结构情况一般公共预算财政拨款支出3456\\.68万元，主要用于以下方面：一般公共服务支出（类）${A}万元，占${A}%；(.+（类）${A}万元，占${A}%；)+城乡社区支出（类）265\\.78万元，占7\\.69%。$`));
    has(new RegExp(`^（三）一般公共预算财政拨款支出决算具体情况一般公共预算财政拨款支出年初预算为3831\\.22万元，支出决算为3456\\.68万元，完成年初预算的90\\.22%。决算数小于年初预算数的主要原因：.+。其中：$`));
    has(/^3、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。主要用于：【请填写主要用途】。年初预算为【请填写年初预算数 一般公共预算支出 2010301 行政运行】万元，支出决算为437\.29万元。$/);
  });
  test('六: 基本支出, 人员经费 and 公用经费 with 主要包括', () => {
    has(new RegExp(`^${U}2024年度一般公共预算财政拨款基本支出2676\\.50万元。其中：人员经费2661\\.25万元，主要包括：基本工资、.+；公用经费15\\.24万元，主要包括：办公费、.+。$`));
  });
  test('七: 三公 with 年初预算 / 支出决算 (no 完成预算的% of a zero budget), 决算数等于预算数, then the change (持平, no reason asked)', () => {
    has(new RegExp(`^${U}2024年度“三公”经费财政拨款支出年初预算为0\\.00万元，支出决算为0\\.00万元，其中：因公出国（境）费年初预算为0\\.00万元，支出决算为0\\.00万元；公务用车购置及运行费年初预算为0\\.00万元，支出决算为0\\.00万元；公务接待费年初预算为0\\.00万元，支出决算为0\\.00万元。2024年度“三公”经费支出决算数等于预算数。$`));
    has(/^2024年度“三公”经费财政拨款支出0\.00万元，与2023年度相比持平。/);
    expect(s.join('')).not.toMatch(/完成预算的/);
  });
  test('八 / 九: 无…收入和支出 when the table holds nothing; otherwise 收入支出总计, 年初预算 and per 项', () => {
    has(new RegExp(`^${U}2024年度无政府性基金预算财政拨款收入和支出。$`));
    has(new RegExp(`^${U}2024年度国有资本经营预算财政拨款收入支出总计41\\.27万元。与2023年度相比，国有资本经营预算财政拨款收入支出总计增加41\\.27万元，增长100\\.00%。`));
    has(/^国有资本经营预算财政拨款支出年初预算为0\.00万元，支出决算为41\.27万元。决算数大于年初预算数的主要原因：/);
  });
  test('十: 预算绩效管理 counts and amounts', () => {
    has(new RegExp(`^${U}2024年度开展绩效自评的评价项目10个，全年预算数991\\.87万元，全年执行数886\\.03万元。预算绩效管理取得的成效：`));
  });
  test('十一: (一) 机关运行经费, (二) 政府采购, (三) 国有资产, headings running in', () => {
    has(new RegExp(`^（一）机关运行经费支出情况${U}2024年度机关运行经费支出15\\.24万元，比2023年度减少51\\.96万元，下降77\\.32%。主要原因：`));
    has(new RegExp(`^（二）政府采购支出情况${U}2024年度政府采购支出总额25\\.69万元，其中：政府采购货物支出0\\.66万元、政府采购工程支出24\\.85万元、政府采购服务支出0\\.18万元。授予中小企业合同金额25\\.69万元，占政府采购支出总额的100\\.00%，其中：授予小微企业合同金额25\\.03万元，占政府采购支出总额的97\\.43%。$`));
    has(/^（三）国有资产占用情况截至2024年12月31日，本单位共有车辆29辆，其中：.+其他用车29辆。单价100万元（含）以上设备（不含车辆）0台（套）。$/);
  });
  test('the schemas are data: "[…]" drops a part whose slot is empty', () => {
    const t = SHANGHAI_LAYOUT.templates.gpbBasic;
    expect(fillTemplate(t, { 单位: 'X', 年度: '2024', 基本支出: '1.00', 人员经费: '1.00', 公用经费: '0.00', 人员经费科目: '基本工资', 公用经费科目: '' }))
      .toBe('X2024年度一般公共预算财政拨款基本支出1.00万元。其中：人员经费1.00万元，主要包括：基本工资；公用经费0.00万元。');
  });
});

describe('Xinjiang (seed) profile wording', () => {
  const s = statement(draft(XINJIANG_LAYOUT).draft);
  test('full-width ，：； in Chinese text (a comma between digits stays a thousands separator)', () => {
    expect(s.filter((x) => /[^\d],|,[^\d]|[:;]/.test(x))).toEqual([]);
  });
  test('no "开支内容包括本单位无…"', () => {
    expect(s.filter((x) => /开支内容包括本单位无/.test(x))).toEqual([]);
    expect(s.join('')).toContain('因公出国（境）费支出0.00万元，本单位无因公出国（境）费。');
  });
});

describe('profile guess', () => {
  const guessWithT9 = (name: string) => guessProfile(
    { sheets: [{ name, values: [['财政拨款“三公”经费支出决算表']], merges: [] }] }, { ...model, T9: { ...model.T9!, sheet: name } }).layout.name;
  test('三公 as 表七 → Shanghai; as 表九 → Xinjiang; nothing to go by → Xinjiang', () => {
    expect(guessWithT9('表7 三公经费')).toBe('shanghai');
    expect(guessWithT9('表九')).toBe('xinjiang');
    expect(guessProfile({ sheets: [] }, {}).layout.name).toBe('xinjiang');
  });
  test('the sheet order: 三公 before 基金 and 国资 → Shanghai', () => {
    const snap: WorkbookSnapshot = { sheets: ['T9', 'T7', 'T8'].map((name) => ({ name, values: [], merges: [] })) };
    const g = guessProfile(snap, { T9: { ...model.T9!, sheet: 'T9' }, T7: { ...model.T7!, sheet: 'T7' }, T8: { ...model.T8!, sheet: 'T8' } });
    expect(g.layout.name).toBe('shanghai');
    expect(g.why).toContain('排在基金、国资表之前');
  });
  test('the text of a 说明', () => {
    expect(guessProfile({ sheets: [] }, {}, '一般公共预算财政拨款支出100万元，主要用于以下方面：…完成年初预算的90%').layout.name).toBe('shanghai');
  });
  test('a profile is one data file: every profile has its detection, format and parts', () => {
    for (const l of Object.values(LAYOUTS)) {
      expect(l.detect.t9Position).toBeGreaterThan(0);
      expect(l.parts.map((x) => x.id)).toEqual(['overview', 'statement', 'glossary', 'tables']);
      expect(l.tableOrder).toHaveLength(9);
    }
  });
});

describe('sources', () => {
  test('年初预算数 from the 单位整体支出绩效自评表 when 补充信息 lacks it: 四 gets its 差异率, and the draft says where it came from', () => {
    const entries = seedFactEntries(model, prior).filter((e) => e.key !== 'budget.fiscal');
    const snap = factsSnapshot(entries, [perfSheet([['项目一', 100, 90]])]);
    const p = prepareDraft({ snapshot: snap, model, priorModel: prior, options: { layout: XINJIANG_LAYOUT } });
    expect(p.text).toContain('年初预算数3,831.22万元，决算数3,497.95万元，预决算差异率-8.70%');
    expect(p.notes.join('\n')).toMatch(/年初预算数（财政拨款）3,831\.22 万元取自单位整体支出绩效自评表「绩效自评表」C4（年度总资金 年初预算数）/);
    // and the check uses it too: a wrong 差异率 in 四 is found against the self-evaluation cell
    const sheet = sheetFromEdit({ kind: 'sheet', name: '决算说明', replace: true, columnWidths: [], rows: [
      { cells: ['四、财政拨款收入支出决算总体情况说明'] },
      { cells: ['与年初预算相比，年初预算数3,831.22万元，决算数3,497.95万元，预决算差异率-8.07%，主要原因是：调减。'] },
    ] });
    const fs = checkNarrative({ sheets: [...snap.sheets, sheet] }, model).filter((f) => f.severity === 'error');
    expect(fs.some((f) => f.cells.some((c) => c.sheet === '绩效自评表' && c.address === 'C4'))).toBe(true);
  });
  test('a prior workbook of the same year is not imported, one of another year is named', () => {
    const yearSheet = (y: string): SheetSnapshot => ({ name: '收入支出决算总表', values: [[`${y}年度收入支出决算总表`]], merges: [] });
    const snap = factsSnapshot(seedFactEntries(model, prior).filter((e) => !e.key.startsWith('prior.')));
    const same = prepareDraft({ snapshot: snap, model, priorModel: prior, priorSnapshot: { sheets: [yearSheet('2024')] } });
    expect(same.notes.join('\n')).toContain('上年（2024 年度）决算工作簿与本年是同一年度，未导入；请选择 2023 年度的决算工作簿');
    const older = prepareDraft({ snapshot: snap, model, priorModel: prior, priorSnapshot: { sheets: [yearSheet('2022')] } });
    expect(older.notes.join('\n')).toContain('上年（2022 年度）决算工作簿不是 2023 年度的');
  });
});

describe('the check reads Shanghai wording', () => {
  const facts = sheetFromEdit(newFactsSheet([...seedFactEntries(model, prior), ...importPriorEntries(prior, undefined, '2024')]));
  const check = (...rows: string[]): Finding[] => checkNarrative({ sheets: [facts, { name: '决算说明', values: rows.map((r) => [r]), merges: [] }] }, model, 'shanghai')
    .filter((f) => f.severity !== 'info');
  test('财政拨款收入支出总计 is T4 总计', () => {
    expect(check('四、财政拨款收入支出决算总体情况说明', `${U}2024年度财政拨款收入支出总计3497.95万元。`)).toEqual([]);
    const fs = check('四、财政拨款收入支出决算总体情况说明', `${U}2024年度财政拨款收入支出总计3597.95万元。`);
    expect(fs.map((f) => f.rule)).toEqual(['R24']);
  });
  test('…总计持平 when it changed', () => {
    const fs = check('四、财政拨款收入支出决算总体情况说明', `${U}2024年度财政拨款收入支出总计3497.95万元。与2023年度相比，财政拨款收入支出总计持平。`);
    expect(fs.map((f) => f.rule)).toEqual(['R25']);
    expect(fs[0].message).toContain('持平');
  });
  test('无…收入和支出 while the table holds data', () => {
    expect(check('九、国有资本经营预算财政拨款收入支出决算情况说明', `${U}2024年度无国有资本经营预算财政拨款收入和支出。`).map((f) => f.rule)).toEqual(['R24']);
    expect(check('八、政府性基金预算财政拨款收入支出决算情况说明', `${U}2024年度无政府性基金预算财政拨款收入和支出。`)).toEqual([]);
  });
  test('class list items after ；', () => {
    const ok = '（二）一般公共预算财政拨款支出决算结构情况一般公共预算财政拨款支出3456.68万元，主要用于以下方面：一般公共服务支出（类）532.85万元，占15.42%；城乡社区支出（类）265.78万元，占7.69%。';
    expect(check('五、一般公共预算财政拨款支出决算情况说明', ok)).toEqual([]);
    const fs = check('五、一般公共预算财政拨款支出决算情况说明', ok.replace('265.78万元', '256.78万元'));
    expect(fs.some((f) => f.rule === 'R24' && f.cells.some((c) => c.sheet === 'T5'))).toBe(true);
  });
  test('决算数大于预算数 where the stated 决算 is smaller', () => {
    const fs = check('五、一般公共预算财政拨款支出决算情况说明',
      '（三）一般公共预算财政拨款支出决算具体情况一般公共预算财政拨款支出年初预算为3831.22万元，支出决算为3456.68万元，完成年初预算的90.22%。决算数大于预算数的主要原因：追加。');
    expect(fs.map((f) => [f.rule, f.params?.check])).toEqual([['R28', 'compare']]);
  });
});

describe('CLI --profile', () => {
  test('draft --profile shanghai --text prints the Shanghai wording and says which profile', async () => {
    const r = await runCli(['draft', SAMPLE, '--profile', 'shanghai', '--text']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('说明格式：上海（区级部门）（由 --profile 指定）');
    expect(r.out).toContain('十、预算绩效管理情况说明');
  });
  test('an unknown profile is a usage error', async () => {
    const r = await runCli(['draft', SAMPLE, '--profile', 'mars']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('xinjiang、shanghai');
    expect((await runCli(['check', SAMPLE, '--profile', 'mars'])).code).toBe(2);
  });
  test('without --profile the guess is shown', async () => {
    const r = await runCli(['draft', SAMPLE, '--text']);
    expect(r.err).toMatch(/说明格式：.+（推测：/);
  });
});

/**
 * Rule R28 (a sentence must agree with itself): every check with a sentence it accepts and one it
 * reports, written from the spec's schemas ("Checks that need no table at all").
 */
import { checkSentences } from '../../src/core/narrative/selfcheck';
import { SENTENCE_CHECKS, SentenceCheckKey } from '../../src/core/narrative/rules';

const REF = { sheet: '决算说明', address: 'A9' };
const keys = (text: string) => checkSentences(text, REF).map((f) => f.params?.check);

const CASES: [SentenceCheckKey, string, string][] = [
  ['completion',
    '一般公共预算财政拨款支出年初预算为1,250.00万元，支出决算为1,187.40万元，完成年初预算的94.99%。',
    '一般公共预算财政拨款支出年初预算为1,250.00万元，支出决算为1,187.40万元，完成年初预算的95.00%。'],
  ['gap',
    '与年初预算相比，年初预算数3,831.22万元，决算数3,497.95万元，预决算差异率-8.70%，主要原因是：调减。',
    '与年初预算相比，年初预算数3,831.22万元，决算数3,497.95万元，预决算差异率-8.07%，主要原因是：调减。'],
  ['growth',
    '某单位2024年度收入支出总计1834.27万元。与2023年度相比，收入支出总计增加234.27万元，增长14.64%。',
    '某单位2024年度收入支出总计1834.27万元。与2023年度相比，收入支出总计增加234.27万元，增长12.77%。'],
  ['share',
    '一般公共预算财政拨款支出1000.00万元，主要用于以下方面：一般公共服务支出（类）600.00万元，占60.00%；城乡社区支出（类）400.00万元，占40.00%。',
    '一般公共预算财政拨款支出1000.00万元，主要用于以下方面：一般公共服务支出（类）600.00万元，占60.00%；城乡社区支出（类）400.00万元，占41.00%。'],
  ['listSum',
    '本年收入合计100.00万元，其中：财政拨款收入90.00万元，占90.00%；其他收入10.00万元，占10.00%。',
    '本年收入合计100.00万元，其中：财政拨款收入90.00万元，占90%；其他收入20.00万元，占20%。'],
  ['compare',
    '年初预算为500.00万元，支出决算为480.00万元，完成年初预算的96.00%。决算数小于预算数的主要原因：节约。',
    '年初预算为500.00万元，支出决算为480.00万元，完成年初预算的96.00%。决算数大于预算数的主要原因：追加。'],
  ['zeroBase',
    '年初预算为0万元，支出决算为0万元，完成年初预算的0%。',
    '政府性基金支出年初预算为0万元，支出决算为41.27万元，完成年初预算的97.10%。'],
  ['twice',
    '2024年度一般公共预算财政拨款支出3,456.68万元。2023年度一般公共预算财政拨款支出6,175.86万元。',
    '2024年度一般公共预算财政拨款支出3,456.68万元，占本年支出合计的96.60%。2024年度一般公共预算财政拨款支出3,465.68万元，主要用于以下方面：一般公共服务支出（类）533.47万元。'],
  ['signPair',
    '机关运行经费支出15.24万元，比上年减少1.00万元，下降6.16%。',
    '机关运行经费支出15.24万元，比上年增加1.00万元，下降6.16%。'],
];

describe('R28: a sentence must agree with itself', () => {
  test('every declared check has a case', () => {
    expect(CASES.map((c) => c[0]).sort()).toEqual(Object.keys(SENTENCE_CHECKS).sort());
  });
  for (const [key, ok, bad] of CASES) {
    test(`${key}: ${SENTENCE_CHECKS[key].title}`, () => {
      expect(keys(ok)).toEqual([]);
      const fs = checkSentences(bad, REF);
      expect(fs.map((f) => f.params?.check)).toContain(key);
      for (const f of fs) {
        expect(f.rule).toBe('R28');
        expect(f.cells).toEqual([REF]);
        expect(f.message).toMatch(/^决算说明!A9 /);
      }
    });
  }

  test('rounding: 1,187.40 / 1,250.00 = 94.992% makes 94.99% right and 95.00% wrong; one-decimal amounts get their wider interval', () => {
    expect(keys('年初预算为1,250.00万元，支出决算为1,187.40万元，完成年初预算的94.99%')).toEqual([]);
    expect(keys('年初预算为1,250.00万元，支出决算为1,187.40万元，完成年初预算的95.00%')).toEqual(['completion']);
    // 4.5 / 6.0 stands for [4.45, 4.55] / [5.95, 6.05]: 73.55% … 76.47% are all possible.
    expect(keys('“三公”经费财政拨款支出年初预算为6.0万元，支出决算为4.5万元，完成预算的76.00%')).toEqual([]);
  });

  test('a named subject picks its own budget: 三公 total over budget is reported, not its item', () => {
    const t = '某单位2024年度“三公”经费财政拨款支出年初预算为10.00万元，支出决算为8.00万元，其中：公务接待费年初预算为5.00万元，支出决算为6.00万元。2024年度“三公”经费支出决算数大于预算数的主要原因：追加。';
    expect(keys(t)).toEqual(['compare']);
  });

  test('a 0.01 gap between a rounded sum and its stated total is not an error', () => {
    expect(keys('本年支出3,578.41万元，其中：基本支出2,676.50万元，占74.80%；项目支出901.92万元，占25.20%。')).toEqual([]);
  });

  test('the seed’s zero-base conventions stay silent: 增长100.00% and 差异率100.00% from 0, 0.00% for 0 against 0', () => {
    expect(keys('1.一般公共服务支出(类)人大事务(款)代表工作(项):支出决算数为0.25万元，比上年决算增加0.25万元，增长100.00%，主要原因是：新增。')).toEqual([]);
    expect(keys('与年初预算相比，年初预算数0.00万元，决算数41.27万元，预决算差异率100.00%，主要原因是：追加。')).toEqual([]);
    expect(keys('年初预算数0.00万元，决算数0.00万元，预决算差异率0.00%。')).toEqual([]);
    expect(keys('“三公”经费支出0.00万元，比上年增加0.00万元，增长0.00%。')).toEqual([]);
  });

  test('wording it does not understand stays silent', () => {
    for (const t of [
      '年初预算为500.00万元，调整后预算为520.00万元，完成全年预算数的92.31%。', // 全年 not stated
      '基本支出2,000.00万元，其中：人员经费1,500.00万元，包括：基本工资。公用经费500.00万元。', // no shares
      '收入总计100.00万元，较上年有所增加，增长幅度约为10%。',
      '其中：中小企业合同金额30.00万元，占政府采购支出总额的60.00%。', // named denominator
      '年初预算为500.00万元，全年预算为450.00万元，支出决算为470.00万元。决算数小于预算数的主要原因：节约。', // either budget
      '2024年度收入总计3,578.52万元，2023年度收入总计6,365.12万元。',
      // the change belongs to the total, not to the list's last item
      '本年收入合计3,576.66万元，其中：财政拨款收入3,496.09万元，其他收入80.57万元。比上年增加100.00万元，增长2.88%。',
      '基本支出2,676.50万元，其中：人员经费2,661.25万元，公用经费15.24万元，比上年减少100.00万元，下降3.60%。',
      // the 三公 total is under budget while its last item is over: the named subject decides
      '某单位2024年度“三公”经费财政拨款支出年初预算为10.00万元，支出决算为8.00万元，完成预算的80.00%，其中：因公出国（境）费年初预算为5.00万元，支出决算为2.00万元，完成预算的40.00%；公务接待费年初预算为5.00万元，支出决算为6.00万元，完成预算的120.00%。2024年度“三公”经费支出决算数小于预算数的主要原因：节约。',
    ]) expect({ t, k: keys(t) }).toEqual({ t, k: [] });
  });
});

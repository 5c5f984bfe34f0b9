import Decimal from 'decimal.js';
import {
  gradeOf, parseIndicatorValue, parseStatedRate, parseStatedScore, quantScore, relateUnits, titleKind, amountsInText,
} from '../../src/core/perf';

const d = (s: string) => new Decimal(s);

describe('parseIndicatorValue', () => {
  it.each([
    ['>=6次', '>=', '6', '次'],
    ['=100%', '=', '100', '%'],
    ['<=80.61万元', '<=', '80.61', '万元'],
    ['<100%', '<', '100', '%'],
    ['=1个', '=', '1', '个'],
    ['≥90%', '>=', '90', '%'],
    ['≤4个月', '<=', '4', '个月'],
    ['＞＝90%', '>=', '90', '%'],
    ['＜=5次', '<=', '5', '次'],
    ['＜1.15万元', '<', '1.15', '万元'],
    ['＞3场', '>', '3', '场'],
    ['＝12个', '=', '12', '个'],
    ['<=1,644元', '<=', '1644', '元'],
    ['<=20万', '<=', '20', '万元'],
    ['=0.575万元/次', '=', '0.575', '万元/次'],
    ['12次', null, '12', '次'],
    ['0.004', null, '0.004', ''],
    ['90%以上', '>=', '90', '%'],
    ['不超过30天', '<=', '30', '天'],
    ['=0.3 万元', '=', '0.3', '万元'],
    ['=1.5亿元', '=', '1.5', '亿元'],
    ['<=1月', '<=', '1', '个月'],
  ])('%s', (text, cmp, value, unit) => {
    const v = parseIndicatorValue(text);
    expect(v.kind).toBe('quant');
    if (v.kind !== 'quant') return;
    expect(v.comparator).toBe(cmp);
    expect(v.value.toString()).toBe(value);
    expect(v.unit).toBe(unit);
  });

  it('reads qualitative text, blanks, numbers and junk', () => {
    expect(parseIndicatorValue('有效保障')).toMatchObject({ kind: 'qual', text: '有效保障' });
    expect(parseIndicatorValue('完全达到预期').kind).toBe('qual');
    expect(parseIndicatorValue(null).kind).toBe('blank');
    expect(parseIndicatorValue('  ').kind).toBe('blank');
    const n = parseIndicatorValue(0.998, '0.0%');
    expect(n.kind === 'quant' && n.value.toString()).toBe('99.8');
    expect(parseIndicatorValue('>=5-6次').kind).toBe('bad');
    expect(parseIndicatorValue({ kind: 'error', code: '#DIV/0!' }).kind).toBe('bad');
  });
});

describe('gradeOf', () => {
  it('maps the three grades and synonyms', () => {
    expect(gradeOf('完全达到预期')).toBe('full');
    expect(gradeOf('达成年度指标')).toBe('full');
    expect(gradeOf('部分达成并具有一定效果')).toBe('partial');
    expect(gradeOf('部分达成')).toBe('partial');
    expect(gradeOf('未达成且效果较差')).toBe('poor');
    expect(gradeOf('未达成')).toBe('poor');
    expect(gradeOf('有效提升', '有效提升')).toBe('full');
    expect(gradeOf('良好')).toBeNull();
    expect(gradeOf('有效提升', '有效保障')).toBeNull();
  });
});

describe('relateUnits', () => {
  it('converts money units and detects mismatches', () => {
    expect(relateUnits('万元', '万元').status).toBe('same');
    const r = relateUnits('万元', '元');
    expect(r.status).toBe('converted');
    expect(r.factor.toString()).toBe('0.0001');
    expect(relateUnits('亿元', '万元').factor.toString()).toBe('0.0001');
    expect(relateUnits('万元/次', '元/次').status).toBe('converted');
    expect(relateUnits('万元/次', '万元').status).toBe('mismatch');
    expect(relateUnits('元', '次').status).toBe('mismatch');
    expect(relateUnits('亿元', '')).toMatchObject({ status: 'missing', side: 'actual' });
  });
});

describe('quantScore', () => {
  const w = d('10');
  it('positive: actual / target, capped at the weight', () => {
    expect(quantScore('official', false, '>=', d('90'), d('100'), w)).toMatchObject({ score: d('10'), met: true });
    expect(quantScore('official', false, '>=', d('0.19'), d('0.004'), d('20')).score.toString()).toBe('0.42');
    expect(quantScore('official', false, '=', d('4'), d('12'), w).completion.toString()).toBe('3');
  });
  it('reverse per policy', () => {
    // met
    expect(quantScore('official', true, '<=', d('1.15'), d('0.3'), d('20')).score.toString()).toBe('20');
    expect(quantScore('as-practiced', true, '<=', d('1.15'), d('0.3'), d('20')).score.toString()).toBe('5.22');
    expect(quantScore('vendor', true, '<=', d('1.15'), d('0.3'), d('20')).score.toString()).toBe('20');
    // missed
    expect(quantScore('official', true, '<=', d('1.5'), d('1.75'), d('5')).score.toString()).toBe('4.29');
    expect(quantScore('as-practiced', true, '<=', d('1.5'), d('1.75'), d('5')).score.toString()).toBe('0');
    expect(quantScore('vendor', true, '<=', d('1.5'), d('1.75'), d('5')).score.toString()).toBe('4.17');
    expect(quantScore('vendor', true, '<=', d('34.8'), d('76.25'), d('5')).score.toString()).toBe('0');
    // `<` is not met by equality
    expect(quantScore('as-practiced', true, '<', d('5'), d('5'), w).met).toBe(false);
  });
  it('half-up on exact decimals (0.09825 → 0.10)', () => {
    expect(quantScore('as-practiced', true, '<=', d('2'), d('0.0393'), d('5')).score.toFixed(2)).toBe('0.10');
  });
  it('zero targets and negative actuals', () => {
    expect(quantScore('official', false, '>=', d('0'), d('0'), w).score.toString()).toBe('10');
    expect(quantScore('official', false, '=', d('0'), d('0'), w).score.toString()).toBe('10');
    expect(quantScore('official', false, '=', d('0'), d('3'), w).score.toString()).toBe('0');
    expect(quantScore('official', false, '>=', d('5'), d('-3'), w).score.toString()).toBe('0');
  });
});

describe('stated cells and titles', () => {
  it('reads stated scores and rates', () => {
    expect(parseStatedScore('92.96分')).toMatchObject({ kind: 'number', isText: true, suffix: '分' });
    expect(parseStatedScore(9.98)).toMatchObject({ kind: 'number', isText: false });
    expect(parseStatedScore('满分').kind).toBe('bad');
    const r = parseStatedRate('99.8%');
    expect(r.kind === 'number' && r.value.toString()).toBe('99.8');
    const n = parseStatedRate(0.998, '0.0%');
    expect(n.kind === 'number' && n.value.toString()).toBe('99.8');
  });
  it('recognises titles but not prose', () => {
    expect(titleKind('项目支出绩效自评表')).toBe('project');
    expect(titleKind('单位整体支出绩效自评表')).toBe('overall');
    expect(titleKind('2024年度部门整体支出绩效自评表')).toBe('overall');
    expect(titleKind('具体附整体支出绩效自评表，项目支出绩效自评表和评价报告。')).toBeNull();
  });
  it('finds amounts in text', () => {
    const a = amountsInText('支付物资1.05万元、运维费21.94万元；单价0.5万元/次；合计2,000元');
    expect(a.map((x) => x.value.toString())).toEqual(['1.05', '21.94', '0.2']);
  });
});

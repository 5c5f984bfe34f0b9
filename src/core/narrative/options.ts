/** Drafting options and the section layout (numbering is computed from the layout, never hard-coded). */
import { Decimal } from '../money';
import { Settings } from '../settings';
import { TableId } from '../finding';

export type SectionId =
  | 'functions' | 'organization'
  | 'total' | 'income' | 'expense' | 'fiscal' | 'gpb' | 'gpbBasic' | 'fund' | 'soe' | 'sgjf' | 'other' | 'perf' | 'misc'
  | 'glossary' | 'tableList';

export type PartId = 'overview' | 'statement' | 'glossary' | 'tables';

export interface PartLayout {
  id: PartId;
  title: string;
  sections: SectionId[];
}

export interface NarrativeLayout {
  name: string;
  parts: PartLayout[];
  /** Order of the nine tables in 第四部分 (regions differ). */
  tableOrder: TableId[];
}

export const SECTION_TITLES: Record<SectionId, string> = {
  functions: '主要职能',
  organization: '机构设置及人员情况',
  total: '收入支出决算总体情况说明',
  income: '收入决算情况说明',
  expense: '支出决算情况说明',
  fiscal: '财政拨款收入支出决算总体情况说明',
  gpb: '一般公共预算财政拨款支出决算情况说明',
  gpbBasic: '一般公共预算财政拨款基本支出决算情况说明',
  fund: '政府性基金预算财政拨款收入支出决算情况说明',
  soe: '国有资本经营预算财政拨款收入支出决算情况说明',
  sgjf: '财政拨款“三公”经费支出决算情况说明',
  other: '其他重要事项的情况说明',
  perf: '预算绩效的情况说明',
  misc: '其他需说明的事项',
  glossary: '',
  tableList: '',
};

/** Urumqi / Xinjiang (and central) layout — the seed's. */
export const XINJIANG_LAYOUT: NarrativeLayout = {
  name: 'xinjiang',
  parts: [
    { id: 'overview', title: '单位概况', sections: ['functions', 'organization'] },
    {
      id: 'statement', title: '部门决算情况说明',
      sections: ['total', 'income', 'expense', 'fiscal', 'gpb', 'gpbBasic', 'fund', 'soe', 'sgjf', 'other', 'perf', 'misc'],
    },
    { id: 'glossary', title: '专业名词解释', sections: ['glossary'] },
    { id: 'tables', title: '部门决算报表（见附表）', sections: ['tableList'] },
  ],
  tableOrder: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'],
};

/** Shanghai 2024 order of the tables: 三公 before 基金 and 国资 (sections follow the tables). */
export const SHANGHAI_LAYOUT: NarrativeLayout = {
  name: 'shanghai',
  parts: [
    { id: 'overview', title: '单位概况', sections: ['functions', 'organization'] },
    {
      id: 'statement', title: '部门决算情况说明',
      sections: ['total', 'income', 'expense', 'fiscal', 'gpb', 'gpbBasic', 'sgjf', 'fund', 'soe', 'other', 'perf', 'misc'],
    },
    { id: 'glossary', title: '专业名词解释', sections: ['glossary'] },
    { id: 'tables', title: '部门决算报表（见附表）', sections: ['tableList'] },
  ],
  tableOrder: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T9', 'T7', 'T8'],
};

export const LAYOUTS: Record<string, NarrativeLayout> = { xinjiang: XINJIANG_LAYOUT, shanghai: SHANGHAI_LAYOUT };

export type ReasonPolicy =
  | { mode: 'all' }
  | { mode: 'changed' }
  /** A reason only when |Δ| ≥ minAmount (万元) or |rate| ≥ minPercent (%). */
  | { mode: 'threshold'; minAmount?: Decimal; minPercent?: Decimal };

export interface NarrativeOptions {
  /** From a zero base: "增长100.00%" (seed) or "由0增加至X万元". */
  zeroBase: 'percent' | 'fromZero';
  /** Zero change: "增加0.00万元，增长0.00%" (seed) or "与上年持平". */
  flat: 'seed' | 'flat';
  reasons: ReasonPolicy;
  layout: NarrativeLayout;
}

export const DEFAULT_OPTIONS: NarrativeOptions = {
  zeroBase: 'percent',
  flat: 'seed',
  reasons: { mode: 'all' },
  layout: XINJIANG_LAYOUT,
};

/** Keys of the settings sheet (_决算助手设置) the narrative reads. */
export const NARRATIVE_SETTING_KEYS = {
  zeroBase: 'narrative.zeroBase', // percent | fromZero
  flat: 'narrative.flat', // seed | flat
  reasons: 'narrative.reasons', // all | changed | threshold:<万元>:<%>
  layout: 'narrative.layout', // xinjiang | shanghai
};

/** The options stored in the settings sheet (defaults for what is not set or not understood). */
export function optionsFromSettings(s: Settings): NarrativeOptions {
  const o: NarrativeOptions = { ...DEFAULT_OPTIONS };
  const zb = s[NARRATIVE_SETTING_KEYS.zeroBase];
  if (zb === 'fromZero' || zb === 'percent') o.zeroBase = zb;
  const fl = s[NARRATIVE_SETTING_KEYS.flat];
  if (fl === 'flat' || fl === 'seed') o.flat = fl;
  const rs = s[NARRATIVE_SETTING_KEYS.reasons];
  if (rs === 'all' || rs === 'changed') o.reasons = { mode: rs };
  else if (rs && rs.startsWith('threshold')) {
    const [, amt, pct] = rs.split(':');
    const dec = (x?: string) => (x && /^\d+(\.\d+)?%?$/.test(x.trim()) ? new Decimal(x.trim().replace('%', '')) : undefined);
    o.reasons = { mode: 'threshold', minAmount: dec(amt), minPercent: dec(pct) };
  }
  const ly = s[NARRATIVE_SETTING_KEYS.layout];
  if (ly && LAYOUTS[ly]) o.layout = LAYOUTS[ly];
  return o;
}

/** Drafting options and the section layout (numbering is computed from the layout, never hard-coded). */
import { Decimal } from '../money';
import { Settings } from '../settings';
import { TableId } from '../finding';
import { DEFAULT_GRADE_BANDS, GradeBands, parseGradeBands } from './grades';
import profileData from './profiles.json';

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

/**
 * A region's profile: section order and titles, how amounts and headings are written, and (for
 * `sentences: "templates"`) the wording of every sentence schema. All regions live in ONE data file,
 * ./profiles.json, one entry per region: adding a region means adding its entry there, no code.
 * (A JSON module, not a directory scan: it loads the same under jest, the CLI and webpack.)
 */
export interface NarrativeLayout {
  /** Profile id (xinjiang, shanghai, …). */
  name: string;
  /** Shown to the user. */
  label: string;
  /** One line shown next to the label in the 说明 tab's profile choice. */
  description: string;
  parts: PartLayout[];
  /** Order of the nine tables in 第四部分 (regions differ). */
  tableOrder: TableId[];
  detect: { t9Position: number; textMarkers: string[] };
  format: { thousands: boolean; headingRunIn: boolean };
  /** "seed": the seed's built-in sentences; "templates": the schemas in `templates`. */
  sentences: 'seed' | 'templates';
  /** Section titles that differ from SECTION_TITLES. */
  sectionTitles: Partial<Record<SectionId, string>>;
  /** Titles of (一)(二)(三) per section, where the region differs. */
  subsections: Partial<Record<SectionId, string[]>>;
  /** Sentence schemas: "{槽}" is filled, "[…]" is left out when a slot inside it is empty. */
  templates: Record<string, string>;
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

/** A section's title in a profile. */
export function sectionTitle(l: NarrativeLayout, s: SectionId): string {
  return l.sectionTitles[s] ?? SECTION_TITLES[s];
}

interface ProfileFile extends Omit<NarrativeLayout, 'name' | 'label'> { id: string; name: string }

const SECTION_IDS = new Set<string>(Object.keys(SECTION_TITLES));

/** One entry of profiles.json → a layout; a clear message (naming the entry) when it is malformed. */
function layoutOf(raw: unknown, i: number): NarrativeLayout {
  const f = raw as Partial<ProfileFile> | null;
  const where = `说明格式文件 profiles.json 第${i + 1}项${f && typeof f.id === 'string' ? `（${f.id}）` : ''}`;
  const bad = (what: string) => new Error(`${where}：${what}`);
  if (!f || typeof f !== 'object') throw bad('不是对象');
  if (typeof f.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(f.id)) throw bad('缺少 id（小写字母、数字、连字符）');
  if (typeof f.name !== 'string' || !f.name) throw bad('缺少 name');
  if (f.sentences !== 'seed' && f.sentences !== 'templates') throw bad('sentences 应为 seed 或 templates');
  if (!Array.isArray(f.parts) || !Array.isArray(f.tableOrder) || f.tableOrder.length !== 9) throw bad('缺少 parts 或 tableOrder（九张表）');
  for (const s of f.parts.flatMap((p) => p.sections)) if (!SECTION_IDS.has(s)) throw bad(`未知的部分 ${s}`);
  if (!f.detect || typeof f.detect.t9Position !== 'number' || !Array.isArray(f.detect.textMarkers)) throw bad('缺少 detect');
  return {
    ...(f as ProfileFile),
    name: f.id,
    label: f.name,
    description: f.description ?? '',
    format: { thousands: !!f.format?.thousands, headingRunIn: !!f.format?.headingRunIn },
    sectionTitles: f.sectionTitles ?? {},
    subsections: f.subsections ?? {},
    templates: f.templates ?? {},
  };
}

/** The layouts of a profiles data file (an array of entries); duplicate ids are an error. */
export function layoutsFromProfiles(entries: unknown): Record<string, NarrativeLayout> {
  if (!Array.isArray(entries)) throw new Error('说明格式文件 profiles.json 应为数组');
  const out: Record<string, NarrativeLayout> = {};
  entries.forEach((e, i) => {
    const l = layoutOf(e, i);
    if (out[l.name]) throw new Error(`说明格式文件 profiles.json：id ${l.name} 重复`);
    out[l.name] = l;
  });
  return out;
}

export const LAYOUTS: Record<string, NarrativeLayout> = layoutsFromProfiles(profileData);

/** Urumqi / Xinjiang (and central) layout — the seed's. */
export const XINJIANG_LAYOUT: NarrativeLayout = LAYOUTS.xinjiang;

/** Shanghai 2024 (区级部门): 三公 as 七, before 基金 and 国资; its own sentence schemas. */
export const SHANGHAI_LAYOUT: NarrativeLayout = LAYOUTS.shanghai;

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
  /** 评级 bands of the project self-evaluations' 总分 (十 预算绩效管理). */
  gradeBands: GradeBands;
}

export const DEFAULT_OPTIONS: NarrativeOptions = {
  zeroBase: 'percent',
  flat: 'seed',
  reasons: { mode: 'all' },
  layout: XINJIANG_LAYOUT,
  gradeBands: DEFAULT_GRADE_BANDS,
};

/** Keys of the settings sheet (_决算助手设置) the narrative reads. */
export const NARRATIVE_SETTING_KEYS = {
  zeroBase: 'narrative.zeroBase', // percent | fromZero
  flat: 'narrative.flat', // seed | flat
  reasons: 'narrative.reasons', // all | changed | threshold:<万元>:<%>
  layout: 'narrative.layout', // any id of profiles.json
  gradeBands: 'narrative.gradeBands', // 优:良:合格 lower bounds, default 90:80:60
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
  o.gradeBands = parseGradeBands(s[NARRATIVE_SETTING_KEYS.gradeBands]) ?? DEFAULT_GRADE_BANDS;
  return o;
}

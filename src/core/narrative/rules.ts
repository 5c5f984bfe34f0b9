/**
 * The narrative rule registry: rules 24–28, one declaration each (id, severity, zh-CN text). Rule 28
 * groups the checks that need no table at all — a sentence must agree with itself — each declared
 * once below with its own key and zh-CN title; findings carry the key in `params.check`.
 */
import { Severity } from '../finding';

export interface NarrativeRuleDecl {
  id: 'R24' | 'R25' | 'R26' | 'R27' | 'R28';
  severity: Severity;
  text: string;
}

export const NARRATIVE_RULES: NarrativeRuleDecl[] = [
  { id: 'R24', severity: 'error', text: '说明中的金额和百分比 = 其来源报表（或补充信息、绩效自评表）' },
  { id: 'R25', severity: 'error', text: '增加/增长、减少/下降与变动方向一致；“主要原因是：”不为空或占位' },
  { id: 'R26', severity: 'warning', text: '机关运行经费 ≤ 基本支出表公用经费合计' },
  { id: 'R27', severity: 'error', text: '预算绩效：项目个数、全年预算数、全年执行数、平均得分、各评级项目个数 = 绩效自评表（评级按设置的分档，默认优≥90、良80–90、合格60–80、不合格<60）' },
  { id: 'R28', severity: 'error', text: '句内自洽：百分比、占比、合计、比较词与同一句中写明的金额一致' },
];

export type SentenceCheckKey =
  | 'completion' | 'gap' | 'growth' | 'share' | 'listSum' | 'compare' | 'zeroBase' | 'twice' | 'signPair';

export interface SentenceCheckDecl {
  key: SentenceCheckKey;
  severity: Severity;
  /** zh-CN title of the check (shown in the README and the rule list). */
  title: string;
}

/** The sentence-internal checks of rule R28. */
export const SENTENCE_CHECKS: Record<SentenceCheckKey, SentenceCheckDecl> = {
  completion: { key: 'completion', severity: 'error', title: '“完成（年初/全年）预算的…%” = 同句决算数 ÷ 预算数' },
  gap: { key: 'gap', severity: 'error', title: '“预决算差异率…%” = （决算数 − 预算数）÷ 预算数' },
  growth: { key: 'growth', severity: 'error', title: '“增长/下降…%” = 变动额 ÷ 上年数（由同句金额和变动额得出）' },
  share: { key: 'share', severity: 'error', title: '“其中/主要用于以下方面/包括”各项“占…%” = 该项 ÷ 本句合计' },
  listSum: { key: 'listSum', severity: 'error', title: '所列各项之和及占比之和不超过合计（100%）' },
  compare: { key: 'compare', severity: 'error', title: '“决算数大于/小于/等于预算数”“持平”与所写金额一致' },
  zeroBase: { key: 'zeroBase', severity: 'error', title: '基数为 0 时不能写完成率或占比' },
  twice: { key: 'twice', severity: 'error', title: '同一段中同一事项不能写出两个不同金额' },
  signPair: { key: 'signPair', severity: 'error', title: '同一处“增加”与“下降”（或“减少”与“增长”）不能同时出现' },
};

export function narrativeRule(id: NarrativeRuleDecl['id']): NarrativeRuleDecl {
  return NARRATIVE_RULES.find((r) => r.id === id)!;
}

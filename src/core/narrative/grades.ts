/**
 * 平均得分 and counts by 评级 of the project self-evaluations (section 十 of the Shanghai profile).
 * The bands are a setting (narrative.gradeBands = "优:良:合格" lower bounds, inclusive); the default
 * is the usual four-band split of 财预〔2020〕10号: 优 ≥ 90, 良 80–90, 合格 60–80, 不合格 < 60.
 */
import { Decimal } from '../money';
import { CellRef } from '../finding';

export const GRADE_NAMES = ['优', '良', '合格', '不合格'] as const;
export type GradeName = (typeof GRADE_NAMES)[number];

/** Inclusive lower bounds of 优, 良 and 合格 (below 合格: 不合格). */
export interface GradeBands { excellent: Decimal; good: Decimal; pass: Decimal }

export const DEFAULT_GRADE_BANDS: GradeBands = { excellent: new Decimal(90), good: new Decimal(80), pass: new Decimal(60) };

/** "90:80:60" → bands; undefined when not three decreasing numbers in 0–100. */
export function parseGradeBands(s: string | undefined): GradeBands | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)\s*$/.exec(s ?? '');
  if (!m) return undefined;
  const [e, g, p] = [m[1], m[2], m[3]].map((x) => new Decimal(x));
  return e.lte(100) && e.gt(g) && g.gt(p) && p.gt(0) ? { excellent: e, good: g, pass: p } : undefined;
}

/** "优≥90，良80–90，合格60–80，不合格<60" (shown in findings). */
export function bandsText(b: GradeBands): string {
  return `优≥${b.excellent}，良${b.good}–${b.excellent}，合格${b.pass}–${b.good}，不合格<${b.pass}`;
}

export function gradeOf(score: Decimal, b: GradeBands): GradeName {
  if (score.gte(b.excellent)) return '优';
  if (score.gte(b.good)) return '良';
  if (score.gte(b.pass)) return '合格';
  return '不合格';
}

export interface ScoreStats {
  count: number;
  /** Exact Σ 总分 / n. */
  average: Decimal;
  counts: Record<GradeName, number>;
  refs: CellRef[];
}

/** Stats of the 总分 of every project sheet; undefined when there is none. */
export function scoreStats(scores: { value: Decimal; ref: CellRef }[], b: GradeBands): ScoreStats | undefined {
  if (!scores.length) return undefined;
  const counts = Object.fromEntries(GRADE_NAMES.map((g) => [g, 0])) as Record<GradeName, number>;
  let sum = new Decimal(0);
  for (const s of scores) { sum = sum.plus(s.value); counts[gradeOf(s.value, b)]++; }
  return { count: scores.length, average: sum.div(scores.length), counts, refs: scores.map((s) => s.ref) };
}

/** The grade words units write (中/差 are the central names of 合格/不合格). */
const GRADE_WORD: Record<string, GradeName> = { 优: '优', 优秀: '优', 良: '良', 良好: '良', 合格: '合格', 中: '合格', 中等: '合格', 不合格: '不合格', 差: '不合格' };

/**
 * Counts by 评级 a text states: "优3个、良1个、合格0个"; "评价结果为优的项目3个"; "其中：优秀等级2个".
 * A grade stated twice with two values, or nothing understood → undefined (the check stays silent).
 */
export function statedGradeCounts(text: string): Partial<Record<GradeName, { value: number; raw: string }>> | undefined {
  const out: Partial<Record<GradeName, { value: number; raw: string }>> = {};
  const re = /(?<=^|[，,：:、；;（(为中])(不合格|合格|优秀|良好|中等|优|良|中|差)(?:等级|等次|等|级|档)?(?:的)?(?:项目)?(?:有|为)?(\d+)个/g;
  let any = false;
  for (const m of text.matchAll(re)) {
    const g = GRADE_WORD[m[1]];
    const v = Number(m[2]);
    if (out[g] && out[g]!.value !== v) return undefined;
    out[g] = { value: v, raw: m[2] };
    any = true;
  }
  return any ? out : undefined;
}

/** The one 平均得分 a text states ("平均得分93.25分", "平均分为93分"); undefined when none or several. */
export function statedAverage(text: string): { value: Decimal; raw: string } | undefined {
  const all = [...text.matchAll(/平均(?:得分|分数|分)(?:为|是|达到?)?\s*(\d+(?:\.\d+)?)\s*分/g)];
  return all.length === 1 ? { value: new Decimal(all[0][1]), raw: all[0][1] } : undefined;
}

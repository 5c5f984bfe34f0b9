/**
 * Which region's profile a workbook follows: the position of the 三公 table (表七 → Shanghai, 表九 →
 * the seed's) and the wording of an existing 说明. Every profile file declares its own markers.
 */
import { cellText, WorkbookSnapshot } from '../snapshot';
import { TableSet } from '../tables/model';
import { labelKey } from '../text';
import { LAYOUTS, NarrativeLayout, XINJIANG_LAYOUT } from './options';

export interface ProfileGuess {
  layout: NarrativeLayout;
  /** Why (zh-CN), e.g. "“三公”经费支出决算表为表七". */
  why: string;
}

const CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 表七 / 表7 / 附表7 written on the 三公 table's sheet (name or first rows), else its place among the sheets. */
function t9Position(snap: WorkbookSnapshot, model: TableSet): { pos: number; how: string } | undefined {
  const t9 = model.T9;
  if (!t9) return undefined;
  const sheet = snap.sheets.find((s) => s.name === t9.sheet);
  const texts = [t9.sheet, ...(sheet?.values.slice(0, 3).flat().map((v) => cellText(v)) ?? [])];
  for (const t of texts) {
    const m = /(?:^|[^\d])表\s*([1-9一二三四五六七八九])(?![\d十])/.exec(labelKey(t));
    if (m) return { pos: CN[m[1]] ?? Number(m[1]), how: `表${m[1]}` };
  }
  const order = snap.sheets.map((s) => s.name);
  const i9 = order.indexOf(t9.sheet);
  const others = [model.T7?.sheet, model.T8?.sheet].filter((s): s is string => !!s).map((s) => order.indexOf(s));
  if (i9 >= 0 && others.length && others.every((i) => i >= 0 && i > i9)) return { pos: 7, how: '排在基金、国资表之前' };
  if (i9 >= 0 && others.length && others.every((i) => i >= 0 && i < i9)) return { pos: 9, how: '排在基金、国资表之后' };
  return undefined;
}

export function guessProfile(snap: WorkbookSnapshot, model: TableSet, narrativeText?: string): ProfileGuess {
  const pos = t9Position(snap, model);
  const text = labelKey(narrativeText ?? snap.sheets.filter((s) => /说明/.test(s.name)).flatMap((s) => s.values.flat().map((v) => cellText(v))).join('\n'));
  let best: { layout: NarrativeLayout; score: number; why: string[] } | undefined;
  for (const layout of Object.values(LAYOUTS)) {
    const why: string[] = [];
    let score = 0;
    if (pos && pos.pos === layout.detect.t9Position) { score += 3; why.push(`“三公”经费支出决算表${pos.how}`); }
    const hits = layout.detect.textMarkers.filter((m) => text.includes(labelKey(m)));
    if (hits.length) { score += hits.length; why.push(`说明中有“${hits.slice(0, 2).join('”“')}”`); }
    if (!best || score > best.score) best = { layout, score, why };
  }
  if (!best || best.score === 0) return { layout: XINJIANG_LAYOUT, why: '未能判断，默认新疆格式' };
  return { layout: best.layout, why: best.why.join('，') };
}

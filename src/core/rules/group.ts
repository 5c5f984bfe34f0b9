/**
 * Rounding-level infos (取整差异) grouped: one finding per rule and table that lists every cell of every
 * relation it stands for, instead of one finding per relation (a large workbook has thousands). Errors and
 * warnings are never grouped: each broken relation stays its own finding.
 */
import { CellRef, Finding } from '../finding';
import { isRoundingRelation } from './engine';
import { TABLE_NAMES } from '../tables/model';

/** How many member relations the grouped message quotes in full. */
const QUOTED = 3;

/** A rounding-level info from the rule engine: an info carrying the relation's tolerance. */
export function isRoundingInfo(f: Finding): boolean {
  return isRoundingRelation(f) || (f.severity === 'info' && f.params?.tolerance !== undefined);
}

function groupMessage(rule: string, table: string, members: Finding[], cellCount: number): string {
  const name = (TABLE_NAMES as Record<string, string>)[table] ?? table;
  const quoted = members.slice(0, QUOTED).map((f, i) => `${i + 1}. ${f.message}`).join('；');
  const more = members.length > QUOTED ? `；另有 ${members.length - QUOTED} 处同类差异，单元格均已列出` : '';
  return `${name}：${members.length} 处关系（规则 ${rule}，涉及 ${cellCount} 个单元格）仅差四舍五入误差，均在允许范围内，属取整差异。${quoted}${more}`;
}

/**
 * Replace the rounding-level infos of each (rule, table) that has more than one by a single finding listing
 * every cell once (in the members' order); single ones keep their own message. Order: the group takes the
 * place of its first member. Pure; other findings pass through unchanged.
 */
export function groupRoundingInfos(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!isRoundingInfo(f)) continue;
    const k = `${f.rule}\u0000${f.table ?? ''}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(f);
  }
  const out: Finding[] = [];
  for (const f of findings) {
    if (!isRoundingInfo(f)) { out.push(f); continue; }
    const members = groups.get(`${f.rule}\u0000${f.table ?? ''}`)!;
    // A single one keeps its own message (built now: plain data from here on).
    if (members.length === 1) { out.push({ rule: f.rule, severity: f.severity, message: f.message, cells: f.cells, table: f.table, params: f.params }); continue; }
    if (members[0] !== f) continue; // emitted with the first member
    // Every cell once, by sheet then address (no key strings built: large workbooks list tens of thousands).
    const seen = new Map<string, Set<string>>();
    const cells: CellRef[] = [];
    for (const m of members) {
      for (const c of m.cells) {
        let s = seen.get(c.sheet);
        if (!s) seen.set(c.sheet, (s = new Set()));
        if (!s.has(c.address)) { s.add(c.address); cells.push(c); }
      }
    }
    out.push({
      rule: f.rule,
      severity: 'info',
      table: f.table,
      message: groupMessage(f.rule, f.table ?? '', members, cells.length),
      cells,
      params: { relations: String(members.length), cells: String(cells.length) },
    });
  }
  return out;
}

/**
 * Checks on the self-evaluation sheets. Rule ids (table 'PERF'):
 *  P00 recognition doubts (warning)            P10 value/grade not usable (warning)
 *  P01 weights ≠ 90 / 总分行分值 (error)          P11 执行率 ≠ 执行数/预算数 (error)
 *  P02 first-level split (info)                P12 执行率得分 ≠ 权重 × 执行率 (error)
 *  P03 unreadable number (error)               P13 stated 总分 ≠ Σ stated parts (error)
 *  P04 stated 完成率 ≠ computed (warning)        P14 stated 总分 ≠ computed (warning)
 *  P05 stated 指标得分 ≠ computed (warning)      P15 funds total ≠ Σ 其中 rows (error)
 *  P06 reverse met but scored below full (warning)  P16 完成情况 amounts ≠ 执行数 (warning)
 *  P07 偏差原因 missing (warning)                P17 qualitative score kept (info)
 *  P08 unit mismatch (warning) / converted or missing unit (info)
 *  P09 reverse comparator contradicted by the deviation text (warning)
 *  P18 deviation text restates another target (warning; info when only < vs ≤ differ)
 *  P19 整体表 funds vs the nine tables (warning; see crossCheckWithTables)
 *  P20 全年执行数 > 全年预算数 (warning; the rate is capped at 100% for the score)
 *  P21 funds total row 0 / empty while its 其中 rows are filled (error; the rate comes from the 财政资金 row)
 *  P22 a table published unfilled: empty 实际完成值 / 指标值 / 分值 / 执行数 (one warning per kind), template
 *      instructions left in 评价结论 / 存在问题 / 改进措施 … (warning)
 *  P23 points stated in a label (`产出指标(50分)`, `绩效指标(90分)`, `预算执行情况(10分)`) ≠ the weights under it
 *      (warning; only when both are read unambiguously, allowing for 满意度's share and 成本 under 产出)
 */
import Decimal from 'decimal.js';
import { CellRef, Finding, Severity } from '../finding';
import { roundHalfUp } from '../money';
import { compareAtMost, compareEqual, Term } from '../interval';
import { labelKey, toHalfWidth } from '../text';
import { PerfCell, PerfTable } from './types';
import {
  NumberRead, percentOf, Policy, POLICY_LABEL, readNumber, ScoredIndicator, ScoredTable, INDICATOR_WEIGHT_TOTAL,
} from './score';
import { amountsInText, Comparator, GRADE_LABEL, splitComparator, StatedValue } from './values';
import { fmtAmount, fmtExecRate, fmtRate, fmtScore, fmtStated, shortName } from './format';
import { pointsOf } from './recognize';

const ONE = new Decimal(1);
const STRONG = new Decimal('1.3');

function refs(...cells: (PerfCell | undefined)[]): CellRef[] {
  const out: CellRef[] = [];
  for (const c of cells) {
    if (c && !out.some((x) => x.sheet === c.ref.sheet && x.address === c.ref.address)) out.push(c.ref);
  }
  return out;
}

function finding(rule: string, severity: Severity, message: string, cells: CellRef[], params?: Record<string, string>): Finding {
  return { rule, severity, message, cells, table: 'PERF', ...(params ? { params } : {}) };
}

/** 「绩效自评1」《七纺街道…》 */
export function where(t: PerfTable): string {
  return `「${t.sheet}」${t.name ? `《${shortName(t.name)}》` : ''}`;
}

function indName(i: ScoredIndicator): string {
  return i.row.name ? `“${i.row.name}”` : `第${i.row.row + 1}行指标`;
}

function statedEqScore(s: StatedValue, d: Decimal): boolean {
  return s.kind === 'number' && roundHalfUp(s.value, 2).eq(d);
}
function statedEqRate(s: StatedValue, ratio: Decimal, places: number): boolean {
  return s.kind === 'number' && roundHalfUp(s.value, places).eq(percentOf(ratio, places));
}

function badNumber(t: PerfTable, cell: PerfCell | undefined, label: string, read: NumberRead): Finding | null {
  if (read.kind !== 'bad' || !cell) return null;
  return finding('P03', 'error', `${where(t)}${cell.ref.address} ${label}“${read.text}”${read.reason}，无法计分`, refs(cell), { value: read.text });
}

function badStated(t: PerfTable, cell: PerfCell | undefined, label: string, s: StatedValue): Finding | null {
  if (s.kind !== 'bad' || !cell) return null;
  return finding('P03', 'error', `${where(t)}${cell.ref.address} ${label}“${s.text}”${s.reason}`, refs(cell), { value: s.text });
}

/** An amount as an interval term (half a unit of its last decimal, at least 0.005). */
function term(read: NumberRead): Term | null {
  if (read.kind === 'bad') return null;
  const value = read.kind === 'number' ? read.value : new Decimal(0);
  const decimals = read.kind === 'number' ? Math.max(value.decimalPlaces(), 2) : 2;
  return { value, half: new Decimal(5).times(new Decimal(10).pow(-(decimals + 1))) };
}

// ------------------------------------------------------------------ funds

function checkFunds(st: ScoredTable, out: Finding[]): void {
  const t = st.table;
  const funds = t.funds;
  if (!funds) return;
  const total = funds.total;
  const tc = total?.cells ?? {};
  const labels: Record<string, string> = { initial: '年初预算数', budget: '全年预算数', spent: '全年执行数', weight: '分值权重' };
  for (const row of [total, ...funds.parts]) {
    if (!row) continue;
    for (const f of ['initial', 'budget', 'spent'] as const) {
      const x = badNumber(t, row.cells[f], `${row.label} ${labels[f]}`, readNumber(row.cells[f]));
      if (x) out.push(x);
    }
  }
  const wx = badNumber(t, tc.weight, '预算执行率分值权重', readNumber(tc.weight));
  if (wx) out.push(wx);
  for (const [s, cell, label] of [[st.stated.execRate, tc.rate, '执行率'], [st.stated.execScore, tc.score, '执行率得分']] as const) {
    const x = badStated(t, cell, label, s);
    if (x) out.push(x);
  }

  if (st.execFrom && total) {
    const from = st.execFrom;
    const filled = funds.parts.filter((p) => readNumber(p.cells.budget).kind === 'number');
    const amount = (c: PerfCell | undefined) => {
      const r = readNumber(c);
      return r.kind === 'number' ? fmtAmount(r.value) : '（空）';
    };
    out.push(finding('P21', 'error',
      `${where(t)}${total.label} 的全年预算数为 ${amount(tc.budget)}${tc.budget ? `（${tc.budget.ref.address}）` : ''}，而其中各行已填（${filled.map((p) => `${p.label} ${amount(p.cells.budget)}`).join('，')}）：总额行没有求和。执行率按“${from.label}”行计算：${amount(from.cells.spent)} ÷ ${amount(from.cells.budget)}${st.execRate ? ` = ${fmtExecRate(st.execRate)}` : ''}`,
      refs(tc.budget, tc.spent, ...filled.map((p) => p.cells.budget), from.cells.spent)));
  } else if (st.budget.kind === 'number' && st.budget.value.isZero() && st.spent.kind === 'number') {
    out.push(finding('P10', 'warning', `${where(t)}全年预算数为 0，无法计算预算执行率`, refs(tc.budget, tc.spent)));
  }
  if (st.execRate && st.execRate.gt(ONE)) {
    out.push(finding('P20', 'warning', `${where(t)}全年执行数 ${fmtAmount((st.spent as { value: Decimal }).value)} 超过全年预算数 ${fmtAmount((st.budget as { value: Decimal }).value)}（执行率 ${fmtExecRate(st.execRate)}，按 100% 计分）`, refs(tc.spent, tc.budget)));
  }
  if (st.execRate && st.stated.execRate.kind === 'number' && !statedEqRate(st.stated.execRate, st.execRate, 1)) {
    out.push(finding('P11', 'error',
      `${where(t)}执行率填报 ${fmtStated(st.stated.execRate, 'rate')}，但全年执行数 ${fmtAmount((st.spent as { value: Decimal }).value)} ÷ 全年预算数 ${fmtAmount((st.budget as { value: Decimal }).value)} = ${fmtExecRate(st.execRate)}`,
      refs(tc.rate, tc.spent, tc.budget),
      { old: fmtStated(st.stated.execRate, 'rate'), new: fmtExecRate(st.execRate) }));
  }
  if (st.execScore && st.execRate && st.execWeight && st.stated.execScore.kind === 'number' && !statedEqScore(st.stated.execScore, st.execScore)) {
    out.push(finding('P12', 'error',
      `${where(t)}预算执行率得分填报 ${fmtStated(st.stated.execScore, 'score')}，应为 ${fmtScore(st.execWeight)} × ${fmtRate(Decimal.min(st.execRate, ONE))} = ${fmtScore(st.execScore)}`,
      refs(tc.score, tc.weight, tc.spent, tc.budget),
      { old: fmtStated(st.stated.execScore, 'score'), new: fmtScore(st.execScore) }));
  }

  if (st.budget.kind === 'number' && st.spent.kind === 'blank' && (st.execFrom?.cells.spent ?? tc.spent)) {
    const cell = st.execFrom?.cells.spent ?? tc.spent;
    out.push(finding('P22', 'warning', `${where(t)}全年执行数未填（${cell!.ref.address}），未计算预算执行率`, refs(cell)));
  }

  // 年度资金总额 = Σ 其中 rows, per column (reported once by P21 when the total was never summed).
  if (total && funds.parts.length > 0 && !st.execFrom) {
    for (const f of ['initial', 'budget', 'spent'] as const) {
      const left = term(readNumber(total.cells[f]));
      const parts = funds.parts.map((p) => term(readNumber(p.cells[f])));
      if (!left || parts.some((p) => p === null) || !total.cells[f]) continue;
      const cmp = funds.parts.length === 1 ? compareAtMost(parts as Term[], [left]) : compareEqual([left], parts as Term[]);
      if (cmp.verdict !== 'broken') continue;
      const partsText = funds.parts.map((p) => `${p.label} ${fmtAmount(readNumber(p.cells[f]).kind === 'number' ? (readNumber(p.cells[f]) as { value: Decimal }).value : new Decimal(0))}`).join(' + ');
      out.push(finding('P15', 'error',
        `${where(t)}${labels[f]}：${total.label} ${fmtAmount(left.value)} ≠ ${partsText} = ${fmtAmount(parts.reduce((a, p) => a.plus(p!.value), new Decimal(0)))}（差 ${fmtAmount(cmp.diff.abs())} 万元）`,
        refs(total.cells[f], ...funds.parts.map((p) => p.cells[f]))));
    }
  }
}

// ------------------------------------------------------------------ text of 完成情况

function checkDoneText(st: ScoredTable, out: Finding[]): void {
  const t = st.table;
  const done = t.goal?.done;
  if (!done || done.text === '' || st.spent.kind !== 'number') return;
  const known = [st.budget, st.spent, st.initial].filter((x): x is { kind: 'number'; value: Decimal } => x.kind === 'number').map((x) => x.value);
  const amounts = amountsInText(done.text).filter((a) => !known.some((k) => k.eq(a.value)));
  if (amounts.length < 2) return;
  const sum = amounts.reduce((acc, a) => acc.plus(a.value), new Decimal(0));
  const spent = st.spent.value;
  const diff = sum.minus(spent);
  if (diff.isZero() || spent.isZero() || diff.abs().gt(spent.times('0.05'))) return;
  out.push(finding('P16', 'warning',
    `${where(t)}总体目标完成情况中列出的金额 ${amounts.map((a) => a.text).join(' + ')} = ${fmtAmount(sum)} 万元，与全年执行数 ${fmtAmount(spent)} 万元不符（差 ${fmtAmount(diff.abs())} 万元）`,
    refs(done, t.funds?.total?.cells.spent),
    { sum: fmtAmount(sum), spent: fmtAmount(spent) }));
}

// ------------------------------------------------------------------ indicators

const SHORTFALL = /未达到|未完成|未能|没有达到|没有完成|仅完成|少于目标|低于目标|尚未/;
const ACHIEVE_TARGET = /目标值?(?:设置|设定)?(?:为|是)?(?:化解|完成|开展|达到|实现|举办|发放|购置|采购|建设|新增|培训|覆盖)\d/;

function comparatorDirection(c: Comparator | null): 'reverse' | 'positive' | null {
  if (c === '<=' || c === '<') return 'reverse';
  if (c === '>=' || c === '>') return 'positive';
  return null;
}

/** The target as restated in the deviation text ("目标值为＜1.15万元"). */
function restatedTarget(text: string): { comparator: Comparator | null; value: Decimal; text: string } | null {
  const t = toHalfWidth(text).replace(/[\s\u00a0]+/g, '').replace(/≥/g, '>=').replace(/≤/g, '<=');
  const m = /目标值?(?:设置|设定)?(?:为|是)?([^，,。；;]{0,12})/.exec(t);
  if (!m) return null;
  const { comparator, rest } = splitComparator(m[1]);
  const n = /^(\d+(?:\.\d+)?)/.exec(rest);
  if (!n) return null;
  return { comparator, value: new Decimal(n[1]), text: m[1].replace(/[^\d<>=.%\u4e00-\u9fa5/]+$/, '') };
}

function checkDeviationText(t: PerfTable, i: ScoredIndicator, out: Finding[]): void {
  const dev = i.row.cells.deviation;
  if (!dev || dev.text === '' || isInstruction(dev.text)) return;
  const c = i.row.cells;
  const rs = restatedTarget(dev.text);
  if (i.direction === 'qualitative' && rs) {
    out.push(finding('P18', 'warning',
      `${where(t)}${indName(i)}指标值是定性的“${i.target.text}”，偏差说明却写“目标值为${rs.text}”`,
      refs(dev, c.target)));
    return;
  }
  if (i.target.kind !== 'quant') return;
  if (i.direction === 'reverse' && i.met) {
    const k = labelKey(dev.text);
    if (ACHIEVE_TARGET.test(k) || SHORTFALL.test(k)) {
      out.push(finding('P09', 'warning',
        `${where(t)}逆向指标${indName(i)}（${i.target.text}，实际 ${i.actual.text}）已达成，偏差说明却按需达到的目标描述：“${shortName(dev.text, 40)}”——指标方向可能设反了`,
        refs(dev, c.target, c.actual)));
      return;
    }
  }
  if (rs && rs.comparator) {
    const cellCmp = i.target.comparator;
    const d1 = comparatorDirection(rs.comparator);
    const d2 = comparatorDirection(cellCmp);
    if (d1 && d2 && d1 !== d2) {
      out.push(finding('P09', 'warning',
        `${where(t)}${indName(i)}指标值“${i.target.text}”与偏差说明中的“目标值为${rs.text}”方向相反`,
        refs(dev, c.target)));
    } else if (rs.comparator !== cellCmp && cellCmp !== null && rs.value.eq(i.target.value)) {
      out.push(finding('P18', 'info',
        `${where(t)}${indName(i)}偏差说明写“目标值为${rs.text}”，与指标值“${i.target.text}”的比较符不一致`,
        refs(dev, c.target)));
    }
  }
}

function deviationReason(policy: Policy, i: ScoredIndicator): string | null {
  if (i.score === null || i.weight.kind !== 'number') return null;
  if (i.score.lt(i.weight.value)) return `得分 ${fmtScore(i.score)} 低于分值 ${fmtScore(i.weight.value)}`;
  if (i.completion && i.direction !== 'qualitative' && i.completion.gte(STRONG)) return `完成率 ${fmtRate(i.completion)} 超过 130%`;
  if (policy === 'as-practiced' && i.completion && !percentOf(i.completion, 2).eq(100)) return `完成率 ${fmtRate(i.completion)} 不是 100%`;
  return null;
}

function checkIndicator(st: ScoredTable, i: ScoredIndicator, out: Finding[]): void {
  const t = st.table;
  const c = i.row.cells;
  const policy = st.policy;
  const pl = POLICY_LABEL[policy];
  const wx = badNumber(t, c.weight, `${indName(i)}分值权重`, i.weight);
  if (wx) out.push(wx);
  for (const [s, cell, label] of [[i.stated.rate, c.rate, '完成率'], [i.stated.score, c.score, '指标得分']] as const) {
    const x = badStated(t, cell, `${indName(i)}${label}`, s);
    if (x) out.push(x);
  }

  // Values that cannot be scored (empty cells: once per kind and table, see checkUnfilled).
  if (i.problem && i.weight.kind === 'number' && !i.blank) {
    const kept = i.kept && i.score ? `，保留填报得分 ${fmtScore(i.score)}` : '，无法计分';
    const qualOutside = i.direction === 'qualitative' && i.actual.kind === 'qual';
    out.push(finding('P10', 'warning',
      `${where(t)}${indName(i)}${i.problem}${qualOutside ? `（应为：${Object.values(GRADE_LABEL).join('／')}）` : ''}${kept}`,
      refs(c.actual, c.target, c.score)));
  }

  // Units.
  if (i.units && i.target.kind === 'quant' && i.actual.kind === 'quant') {
    const u = i.units;
    if (u.status === 'mismatch') {
      out.push(finding('P08', 'warning',
        `${where(t)}${indName(i)}指标值单位“${i.target.unit}”与实际完成值单位“${i.actual.unit}”不一致（${i.target.text} / ${i.actual.text}），按数值直接计算`,
        refs(c.target, c.actual)));
    } else if (u.status === 'converted') {
      out.push(finding('P08', 'info',
        `${where(t)}${indName(i)}实际完成值 ${i.actual.text} 已换算为 ${i.actualInTargetUnit!.toString()}${i.target.unit} 与指标值 ${i.target.text} 比较`,
        refs(c.target, c.actual)));
    } else if (u.status === 'missing') {
      out.push(finding('P08', 'info',
        `${where(t)}${indName(i)}${u.side === 'actual' ? `实际完成值“${i.actual.text}”未写单位，按指标值单位“${i.target.unit}”计算` : `指标值“${i.target.text}”未写单位，按实际完成值单位“${i.actual.unit}”计算`}`,
        refs(c.target, c.actual)));
    }
  }

  // Stated vs computed.
  if (i.score !== null && i.weight.kind === 'number') {
    const w = i.weight.value;
    if (i.kept && i.direction === 'qualitative' && i.band) {
      out.push(finding('P17', 'info',
        `${where(t)}${indName(i)}评判等级“${i.actual.text}”允许 ${fmtScore(i.band.min)}–${fmtScore(i.band.max)} 分，填报 ${fmtScore(i.score)} 分在范围内，作为填报人的判断保留`,
        refs(c.score), { score: fmtScore(i.score) }));
    }
    const statedScore = i.stated.score;
    if (statedScore.kind === 'number' && !statedEqScore(statedScore, i.score)) {
      const old = fmtStated(statedScore, 'score');
      if (i.direction === 'reverse' && i.met && statedScore.value.lt(w) && policy !== 'as-practiced') {
        out.push(finding('P06', 'warning',
          `${where(t)}逆向指标${indName(i)}（指标值 ${i.target.text}，实际 ${i.actual.text}）已达成，却只得 ${old} 分（满分 ${fmtScore(w)}）；按${pl}应得 ${fmtScore(i.score)} 分`,
          refs(c.score, c.target, c.actual, c.weight), { old, new: fmtScore(i.score) }));
      } else {
        out.push(finding('P05', 'warning',
          `${where(t)}${indName(i)}指标得分填报 ${old}，按${pl}计算为 ${fmtScore(i.score)}（指标值 ${i.target.text || '（空）'}，实际 ${i.actual.text || '（空）'}，分值 ${fmtScore(w)}）`,
          refs(c.score, c.target, c.actual, c.weight), { old, new: fmtScore(i.score) }));
      }
    }
    if (i.completion && i.stated.rate.kind === 'number' && !statedEqRate(i.stated.rate, i.completion, 2)) {
      const old = fmtStated(i.stated.rate, 'rate');
      out.push(finding('P04', 'warning',
        `${where(t)}${indName(i)}完成率填报 ${old}，按${pl}计算为 ${fmtRate(i.completion)}`,
        refs(c.rate, c.target, c.actual), { old, new: fmtRate(i.completion) }));
    }
    // Deviation note required.
    const why = deviationReason(policy, i);
    if (why && t.columns.deviation !== undefined && c.deviation && c.deviation.text === '') {
      out.push(finding('P07', 'warning',
        `${where(t)}${indName(i)}${why}，须填写偏差原因分析及改进措施`,
        refs(c.deviation, c.score)));
    }
  }
  checkDeviationText(t, i, out);
}

function checkWeights(st: ScoredTable, out: Finding[]): void {
  const t = st.table;
  if (st.indicators.length === 0 || st.weightSum === null) return;
  const weightCells = st.indicators.map((i) => i.row.cells.weight);
  if (!st.weightSum.eq(INDICATOR_WEIGHT_TOTAL)) {
    out.push(finding('P01', 'error',
      `${where(t)}指标分值权重合计 ${fmtScore(st.weightSum)}，应为 90（另有预算执行率 10 分，共 100 分）`,
      refs(...weightCells), { sum: fmtScore(st.weightSum) }));
  }
  const tw = st.stated.totalWeight;
  if (tw.kind === 'number' && st.execWeight) {
    const expected = st.weightSum.plus(t.funds ? st.execWeight : 0);
    if (!tw.value.eq(expected)) {
      out.push(finding('P01', 'error',
        `${where(t)}总分行分值 ${fmtScore(tw.value)} ≠ 预算执行率分值 ${fmtScore(st.execWeight)} + 指标分值合计 ${fmtScore(st.weightSum)} = ${fmtScore(expected)}`,
        refs(t.totalRow?.weight, t.funds?.total?.cells.weight, ...weightCells)));
    }
  } else if (tw.kind === 'bad') {
    const x = badNumber(t, t.totalRow?.weight, '总分行分值', tw);
    if (x) out.push(x);
  }
  // First-level split (info).
  const split = new Map<string, { w: Decimal; cell?: PerfCell }>();
  for (const i of st.indicators) {
    if (i.weight.kind !== 'number') continue;
    const k = i.row.level1 || '（未填一级指标）';
    const e = split.get(k) ?? { w: new Decimal(0), cell: i.row.cells.level1 };
    e.w = e.w.plus(i.weight.value);
    split.set(k, e);
  }
  const parts = [...split.entries()].map(([k, v]) => `${k} ${fmtScore(v.w)}`);
  out.push(finding('P02', 'info',
    `${where(t)}一级指标分值：${parts.join('、')}（合计 ${fmtScore(st.weightSum)}${t.funds ? `，预算执行率 ${st.execWeight ? fmtScore(st.execWeight) : '?'}` : ''}）`,
    refs(...[...split.values()].map((v) => v.cell))));
}

// ------------------------------------------------------------------ stated points (P23)

interface PointsGroup {
  points?: Decimal;
  cell?: PerfCell;
  conflict: boolean;
  sum: Decimal;
  /** Weight of the 满意度 indicators inside the group (older templates put them under 效益指标). */
  satisfaction: Decimal;
  readable: boolean;
}

const SATISFACTION = /满意/;

function checkStatedPoints(st: ScoredTable, out: Finding[]): void {
  const t = st.table;
  const pointsWarning = (cell: CellRef, text: string, stated: Decimal, what: string, sum: Decimal, cells: CellRef[]) =>
    out.push(finding('P23', 'warning',
      `${where(t)}${cell.address}“${text}”写明 ${fmtScore(stated)} 分，而${what} ${fmtScore(sum)} 分`,
      [cell, ...cells], { stated: fmtScore(stated), sum: fmtScore(sum) }));

  // 预算执行情况(10分) against the block's own 分值权重 cell.
  const funds = t.funds;
  const fw = funds?.total?.cells.weight;
  if (funds?.labelPoints && fw) {
    const read = readNumber(fw);
    const stated = new Decimal(funds.labelPoints.points);
    if (read.kind === 'number' && !read.value.eq(stated)) {
      pointsWarning(funds.labelPoints.cell, funds.labelPoints.text, stated, `预算执行率分值权重（${fw.ref.address}）为`, read.value, [fw.ref]);
    }
  }

  if (st.indicators.length === 0) return;
  const weightsRead = st.indicators.every((i) => i.weight.kind === 'number');
  // 绩效指标(90分) against all indicator weights (a stated 90 is P01's business).
  if (t.gridPoints && weightsRead && st.weightSum) {
    const stated = new Decimal(t.gridPoints.points);
    if (!stated.eq(st.weightSum) && !stated.eq(INDICATOR_WEIGHT_TOTAL)) {
      pointsWarning(t.gridPoints.cell, t.gridPoints.text, stated, '指标分值权重合计', st.weightSum, []);
    }
  }

  // 产出指标(50分) against its indicators; only when every indicator names its 一级 group.
  if (st.indicators.some((i) => i.row.level1 === '')) return;
  const groups = new Map<string, PointsGroup>();
  for (const i of st.indicators) {
    const g = groups.get(i.row.level1) ?? { conflict: false, sum: new Decimal(0), satisfaction: new Decimal(0), readable: true };
    groups.set(i.row.level1, g);
    const c = i.row.cells.level1;
    const p = c ? pointsOf(c.text).points : undefined;
    if (c && p) {
      const d = new Decimal(p);
      if (g.points && !g.points.eq(d)) g.conflict = true;
      if (!g.points) { g.points = d; g.cell = c; }
    }
    if (i.weight.kind !== 'number') { g.readable = false; continue; }
    g.sum = g.sum.plus(i.weight.value);
    if (SATISFACTION.test(i.row.level2) || SATISFACTION.test(i.row.name)) g.satisfaction = g.satisfaction.plus(i.weight.value);
  }
  const names = [...groups.keys()];
  const hasSatisfaction = names.some((n) => SATISFACTION.test(n));
  const cost = names.find((n) => /成本/.test(n));
  for (const [name, g] of groups) {
    if (!g.points || !g.cell || g.conflict || !g.readable || g.sum.eq(g.points)) continue;
    // 满意度 indicators counted inside the group (效益指标(30分) + 满意度 10).
    if (!g.satisfaction.isZero() && g.sum.minus(g.satisfaction).eq(g.points)) continue;
    // 产出指标(50分) covering a separate 成本指标 group (since 2021).
    const costGroup = cost !== undefined && cost !== name && /产出/.test(name) ? groups.get(cost) : undefined;
    if (costGroup && costGroup.readable && g.sum.plus(costGroup.sum).eq(g.points)) continue;
    // No 满意度 indicator: its share moves to 产出 / 效益 (/ 成本), so those may exceed their stated points.
    if (!hasSatisfaction && /产出|效益|成本/.test(name) && g.sum.gt(g.points)) continue;
    pointsWarning(g.cell.ref, g.cell.text, g.points, `“${name}”下各指标分值合计`, g.sum,
      st.indicators.filter((i) => i.row.level1 === name).map((i) => i.row.cells.weight?.ref).filter((r): r is CellRef => !!r));
  }
}

function checkTotals(st: ScoredTable, out: Finding[]): void {
  const t = st.table;
  const cell = t.totalRow?.score;
  const x = badStated(t, cell, '总分', st.stated.total);
  if (x) out.push(x);
  if (st.stated.total.kind !== 'number' || !cell) return;
  const stated = st.stated.total.value;
  // Arithmetic: stated 总分 against the stated parts.
  const parts: Decimal[] = [];
  const partCells: (PerfCell | undefined)[] = [];
  let complete = true;
  if (t.funds) {
    if (st.stated.execScore.kind === 'number') { parts.push(st.stated.execScore.value); partCells.push(t.funds.total?.cells.score); } else complete = false;
  }
  for (const i of st.indicators) {
    if (i.stated.score.kind === 'number') { parts.push(i.stated.score.value); partCells.push(i.row.cells.score); } else complete = false;
  }
  if (complete && parts.length > 0) {
    const sum = parts.reduce((a, b) => a.plus(b), new Decimal(0));
    if (!roundHalfUp(sum, 2).eq(roundHalfUp(stated, 2))) {
      out.push(finding('P13', 'error',
        `${where(t)}总分填报 ${fmtScore(stated)}，但预算执行率得分与各指标得分之和为 ${fmtScore(sum)}（差 ${fmtScore(stated.minus(sum).abs())}）`,
        refs(cell, ...partCells), { old: fmtScore(stated), sum: fmtScore(sum) }));
    }
  }
  if (st.total && !roundHalfUp(stated, 2).eq(st.total)) {
    out.push(finding('P14', 'warning',
      `${where(t)}总分填报 ${fmtScore(stated)}，按${POLICY_LABEL[st.policy]}计算为 ${fmtScore(st.total)}`,
      refs(cell), { old: fmtScore(stated), new: fmtScore(st.total) }));
  }
}

/** Template instructions left where the unit's own text belongs: "（请简要说明…）", "根据…填写". */
export function isInstruction(text: string): boolean {
  const k = labelKey(text);
  if (k === '') return false;
  if (/^\(.*\)$/.test(k) && /填|写|说明|描述|分析|列示|阐述|概述/.test(k)) return true;
  if (/^(请|须|需|应)(简要|如实|据实|根据|按照|结合|对照|逐项|分别|填写|填报|说明|描述|分析|列明|阐述|概述)/.test(k)) return true;
  if (/(此处|本栏|该栏|此栏)(填写|填报|应填|需填)|填写说明|(如实|据实|简要)(填写|说明|描述)/.test(k)) return true;
  return /^(简要)?(说明|描述|分析|概述|阐述)[^。]{0,30}(情况|原因|措施|问题)$/.test(k) && k.length <= 40;
}

const BLANK_LABEL: Record<NonNullable<ScoredIndicator['blank']>, string> = {
  actual: '实际完成值', target: '指标值', weight: '分值权重',
};

function cellList(cells: CellRef[]): string {
  const shown = cells.slice(0, 6).map((c) => c.address).join('、');
  return cells.length > 6 ? `${shown} 等` : shown;
}

/** A table published unfilled: each kind of empty cell once, and instructions left in its text cells. */
function checkUnfilled(st: ScoredTable, out: Finding[]): void {
  const t = st.table;
  for (const kind of ['target', 'weight', 'actual'] as const) {
    const rows = st.indicators.filter((i) => i.blank === kind);
    if (rows.length === 0) continue;
    const cells = rows.map((i) => i.row.cells[kind]?.ref).filter((x): x is CellRef => !!x);
    out.push(finding('P22', 'warning',
      `${where(t)}${rows.length === st.indicators.length ? '全部 ' : ''}${rows.length} 个指标的${BLANK_LABEL[kind]}未填（${cellList(cells)}），这些指标未计分`,
      cells, { kind, count: String(rows.length) }));
  }
  const unfilled = st.indicators.some((i) => i.blank === 'actual');
  const left: { label: string; cell: CellRef }[] = [];
  for (const p of t.texts) {
    if (p.cell && isInstruction(p.cell.text)) left.push({ label: pointsOf(p.label).label, cell: p.cell.ref });
    else if (unfilled && (!p.cell || p.cell.text === '')) left.push({ label: pointsOf(p.label).label, cell: p.cell?.ref ?? p.labelCell });
  }
  for (const [label, cell] of [['总体目标', t.goal?.target], ['总体目标完成情况', t.goal?.done]] as const) {
    if (cell && isInstruction(cell.text)) left.push({ label, cell: cell.ref });
  }
  const dev = st.indicators.filter((i) => i.row.cells.deviation && isInstruction(i.row.cells.deviation.text));
  if (dev.length) left.push({ label: `${dev.length} 个指标的偏差原因`, cell: dev[0].row.cells.deviation!.ref });
  if (left.length) {
    out.push(finding('P22', 'warning',
      `${where(t)}以下栏目仍是模板的填写说明或为空，尚未填写：${left.map((x) => `${x.label}（${x.cell.address}）`).join('、')}`,
      [...left.map((x) => x.cell), ...dev.slice(1).map((i) => i.row.cells.deviation!.ref)], { kind: 'text' }));
  }
}

/** Every finding on the scored tables. */
export function checkScoredTables(tables: ScoredTable[]): Finding[] {
  const out: Finding[] = [];
  for (const st of tables) {
    const head = `${where(st.table)}${st.table.title || `${st.table.titleCell.address} 处的自评表`}：`;
    for (const d of st.table.doubts) out.push(finding('P00', 'warning', `${head}${d}`, [st.table.titleCell]));
    for (const d of st.table.notes) out.push(finding('P00', 'info', `${head}${d}`, [st.table.titleCell]));
    checkFunds(st, out);
    checkWeights(st, out);
    checkStatedPoints(st, out);
    for (const i of st.indicators) checkIndicator(st, i, out);
    checkTotals(st, out);
    checkDoneText(st, out);
    checkUnfilled(st, out);
  }
  return out;
}

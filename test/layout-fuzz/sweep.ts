/**
 * One axis at a time: the canonical layout with a single axis value changed on a single table (or the whole
 * workbook), checked for properties 1 and 2 on both data sets. Tells which axis value breaks the reader.
 */
import { TableId } from '../../scripts/fixtures/model';
import { datasets } from './data';
import { keyedFindings, minus, renderAndCheck } from './harness';
import { Layout, TABLES, TITLE_VARIANTS, TableLayout, canonicalLayout } from './layout';

type Axis = keyof TableLayout;
const COMMON: Axis[] = ['title', 'titleVariant', 'unitForm', 'depth', 'mergeHeaders', 'empties', 'numbers', 'rowNumbers', 'notes', 'blankRow'];
const CODE: Axis[] = ['codes', 'classRepeated', 'totalsTop', 'rowOrder', 'mergeTotalsLabel', 'keyHeader', 'totalsLabel', 'indentNames'];
export const RELEVANT: Record<TableId, Axis[]> = {
  T1: [...COMMON, 'dropZeroRows', 'ordinals', 't1Header'],
  T2: [...COMMON, ...CODE, 'shortTotalHeader'], T3: [...COMMON, ...CODE, 'shortTotalHeader'], T5: [...COMMON, ...CODE],
  T4: [...COMMON, 'dropZeroRows', 'ordinals', 't4CodeColumn', 't4Lanes'],
  T6: [...COMMON, 'codes', 'classRepeated', 'lanes', 'mergeTotalsLabel', 'dropZeroRows', 'totalsTop', 'keyHeader', 'indentNames'],
  T7: [...COMMON, ...CODE, 'templateWords'], T8: [...COMMON, ...CODE, 'templateWords'],
  T9: [...COMMON, 'transposed', 'shortCarRun', 'ordinals'],
};
const VALUES: Record<Axis, unknown[]> = {
  title: ['merged', 'plain', 'tagRight', 'tagAbove', 'none'], titleVariant: [0, 1, 2, 3, 4],
  unitForm: ['jine', 'danwei', 'buMenOneCell', 'bianzhi', 'unitOnly'], depth: [1, 2, 3], mergeHeaders: [true, false],
  codes: ['joinedText', 'joinedNumber', 'split'], classRepeated: [true, false], totalsTop: [true, false],
  empties: [['blank'], ['0'], ['0.00'], ['-'], ['－'], ['—'], ['space'], ['blank', '0', '0.00', '-', '－', '—', 'space']],
  numbers: [['number'], ['general'], ['formula'], ['textSep'], ['textPlain'], ['fullWidth'], ['trailingSpace'],
    ['number', 'general', 'formula', 'textSep', 'textPlain', 'fullWidth', 'trailingSpace']],
  rowNumbers: [false, true], notes: [0, 2], rowOrder: ['tree', 'reversed', 'shuffled'], dropZeroRows: [false, true],
  ordinals: [false, true], t4CodeColumn: [false, true], lanes: [1, 2, 3], mergeTotalsLabel: [true, false],
  templateWords: [false, true], transposed: [false, true], shortCarRun: [false, true],
  keyHeader: ['code', 'xiangmu', 'long'], totalsLabel: ['合计', '合  计', '合　计'], indentNames: [false, true],
  blankRow: [false, true], shortTotalHeader: [false, true],
  t1Header: ['xiangmu', 'jine', 'side'], t4Lanes: ['two', 'oneNamed', 'oneBare'],
};

export interface SweepResult { variant: string; dataset: string; p1: string | null; p2: string | null }

function variants(dataset: number): { name: string; layout: Layout }[] {
  const out: { name: string; layout: Layout }[] = [];
  for (const unit of ['万元', '元'] as const) {
    const base = canonicalLayout(dataset, unit);
    if (unit === '元') { out.push({ name: 'unit=元', layout: base }); continue; }
    for (const order of ['shanghai', 'shuffled'] as const) out.push({ name: `order=${order}`, layout: { ...base, order, sequence: ['T6', 'T2', 'T9', 'T1', 'T8', 'T4', 'T3', 'T7', 'T5'] } });
    for (const naming of ['gongkai', 'biao', 'title', 'sheetN', 'nonsense'] as const) out.push({ name: `naming=${naming}`, layout: { ...base, naming } });
    for (const id of TABLES) {
      for (const axis of RELEVANT[id]) {
        for (const v of VALUES[axis]) {
          if (JSON.stringify(v) === JSON.stringify(base.tables[id][axis])) continue;
          if (axis === 'titleVariant' && (v as number) >= TITLE_VARIANTS[id].length) continue;
          const tables = { ...base.tables, [id]: { ...base.tables[id], [axis]: v } };
          out.push({ name: `${id}.${axis}=${JSON.stringify(v)}`, layout: { ...base, tables, cellSeed: 7 } });
        }
      }
    }
  }
  return out;
}

export async function sweep(onResult?: (r: SweepResult) => void): Promise<SweepResult[]> {
  const all = datasets();
  const out: SweepResult[] = [];
  for (let d = 0; d < all.length; d++) {
    const ds = all[d];
    const canon: Record<string, string[]> = {};
    for (const unit of ['万元', '元'] as const) canon[unit] = keyedFindings(await renderAndCheck(ds, canonicalLayout(d, unit)));
    for (const v of variants(d)) {
      const c = await renderAndCheck(ds, v.layout);
      const unrec = c.rendered.sheets.filter((s) => !c.result.tables.some((t) => t.sheet === s.name && t.table === s.table)).map((s) => s.table);
      const errors = c.result.findings.filter((f) => f.severity === 'error');
      const p1 = unrec.length || errors.length
        ? [unrec.length ? `not recognised: ${unrec.join(',')}` : '', ...errors.slice(0, 3).map((f) => `${f.rule}: ${f.message}`)].filter(Boolean).join(' | ')
        : null;
      const got = keyedFindings(c);
      const want = canon[v.layout.unit];
      const diff = [...minus(want, got).map((m) => `missing ${m}`), ...minus(got, want).map((m) => `extra ${m}`)];
      const r = { variant: v.name, dataset: ds.name, p1, p2: diff.length ? diff.slice(0, 3).join(' | ') : null };
      out.push(r);
      onResult?.(r);
    }
  }
  return out;
}

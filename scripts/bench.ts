/**
 * Benchmark (npm run bench): a large nine-table workbook (≥ 5,000 项 rows across T2/T3/T5), timing
 * ExcelJS loading it alone against the whole `check` (load + snapshot + recognition + rules), and
 * peak memory. Targets: check ≤ 1.3 × load, whole run < 2 s, < 500 MB.
 */
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { readSnapshot } from '../src/xlsx/read';
import { checkWorkbook } from '../src/core/check';
import { parseTables } from '../src/core/tables/parse';
import { RelationRecord, runRules } from '../src/core/rules/engine';
import { RULES } from '../src/core/rules/registry';
import { findSuspects } from '../src/core/suspects';
import { WorkbookSnapshot } from '../src/core/snapshot';

const ITEMS_PER_TABLE = Number(process.env.BENCH_ITEMS ?? 1800);
const FMT = '#,##0.00';

interface Item { code: string; name: string; basic: number; project: number }

function items(n: number): Item[] {
  const out: Item[] = [];
  let i = 0;
  for (let cls = 201; out.length < n; cls++) {
    for (let k = 1; k <= 30 && out.length < n; k++) {
      for (let x = 1; x <= 20 && out.length < n; x++) {
        i++;
        out.push({
          code: `${cls}${String(k).padStart(2, '0')}${String(x).padStart(2, '0')}`,
          name: `测试项目${i}`,
          basic: (i * 37) % 1000,
          project: (i * 53) % 700,
        });
      }
    }
  }
  return out;
}

type Row = (string | number | null)[];
function sheet(wb: ExcelJS.Workbook, name: string, title: string, header: Row, rows: Row[]): void {
  const ws = wb.addWorksheet(name);
  ws.addRow([title]);
  ws.addRow(['部门：基准测试单位', ...Array(Math.max(0, header.length - 2)).fill(null), '金额单位：元']);
  ws.addRow(header);
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell((c) => { if (typeof c.value === 'number') c.numFmt = FMT; });
  }
}

/** Rows for 合计/类/款/项 with the hierarchy summed exactly (amounts in 元, whole numbers). */
function hierarchyRows(its: Item[], cols: (it: Item) => number[]): Row[] {
  const sums = new Map<string, number[]>();
  const add = (code: string, v: number[]) => {
    const s = sums.get(code) ?? v.map(() => 0);
    sums.set(code, s.map((x, j) => x + v[j]));
  };
  for (const it of its) {
    const v = cols(it);
    add('', v); add(it.code.slice(0, 3), v); add(it.code.slice(0, 5), v); add(it.code, v);
  }
  const rows: Row[] = [['合计', '', ...sums.get('')!]];
  let lastCls = ''; let lastKuan = '';
  for (const it of its) {
    const c = it.code.slice(0, 3); const k = it.code.slice(0, 5);
    if (c !== lastCls) { rows.push([c, `类${c}`, ...sums.get(c)!]); lastCls = c; }
    if (k !== lastKuan) { rows.push([k, `款${k}`, ...sums.get(k)!]); lastKuan = k; }
    rows.push([it.code, it.name, ...sums.get(it.code)!]);
  }
  return rows;
}

export async function buildBenchWorkbook(n = ITEMS_PER_TABLE): Promise<Buffer> {
  const its = items(n);
  const wb = new ExcelJS.Workbook();
  const tot = its.reduce((a, it) => a + it.basic + it.project, 0);
  const basic = its.reduce((a, it) => a + it.basic, 0);
  const classes = new Map<string, number>();
  for (const it of its) classes.set(it.code.slice(0, 3), (classes.get(it.code.slice(0, 3)) ?? 0) + it.basic + it.project);
  const clsRows = [...classes.entries()];
  const t1: Row[] = [];
  const t1Income: Row[] = [['一、一般公共预算财政拨款收入', tot], ['二、政府性基金预算财政拨款收入', 0], ['三、国有资本经营预算财政拨款收入', 0]];
  for (let i = 0; i < Math.max(t1Income.length, clsRows.length); i++) {
    t1.push([...(t1Income[i] ?? [null, null]), clsRows[i] ? `${clsRows[i][0]}支出` : null, clsRows[i] ? clsRows[i][1] : null]);
  }
  // T1's expenditure labels must be 类 names; use the code prefix form "201 类名".
  for (let i = 0; i < clsRows.length; i++) t1[i][2] = `${clsRows[i][0]} 测试类`;
  t1.push(['本年收入合计', tot, '本年支出合计', tot], ['年初结转和结余', 0, '年末结转和结余', 0], ['总计', tot, '总计', tot]);
  sheet(wb, 'T1', '收入支出决算总表', ['项目', '决算数', '项目', '决算数'], t1);
  sheet(wb, 'T2', '收入决算表', ['科目编码', '科目名称', '本年收入合计', '财政拨款收入', '其他收入'], hierarchyRows(its, (it) => [it.basic + it.project, it.basic + it.project, 0]));
  sheet(wb, 'T3', '支出决算表', ['科目编码', '科目名称', '本年支出合计', '基本支出', '项目支出'], hierarchyRows(its, (it) => [it.basic + it.project, it.basic, it.project]));
  const t4: Row[] = [];
  t4.push(['一、一般公共预算财政拨款', tot, null, null, null, null, null]);
  clsRows.forEach(([c, v], i) => { if (!t4[i]) t4[i] = [null, null]; t4[i].splice(2, 5, `${c} 测试类`, v, v, 0, 0); });
  t4.push(['本年收入合计', tot, '本年支出合计', tot, tot, 0, 0], ['年初财政拨款结转和结余', 0, '年末财政拨款结转和结余', 0, 0, 0, 0], ['总计', tot, '总计', tot, tot, 0, 0]);
  sheet(wb, 'T4', '财政拨款收入支出决算总表', ['项目', '决算数', '项目', '合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'], t4);
  sheet(wb, 'T5', '一般公共预算财政拨款支出决算表', ['科目编码', '科目名称', '合计', '基本支出', '项目支出'], hierarchyRows(its, (it) => [it.basic + it.project, it.basic, it.project]));
  sheet(wb, 'T6', '一般公共预算财政拨款基本支出决算表', ['科目编码', '科目名称', '决算数', '科目编码', '科目名称', '决算数'], [
    ['301', '工资福利支出', basic, '302', '商品和服务支出', 0],
    ['30101', '基本工资', basic, null, null, null],
    ['人员经费合计', null, basic, '公用经费合计', null, 0],
  ]);
  sheet(wb, 'T7', '政府性基金预算财政拨款收入支出决算表', ['科目编码', '科目名称', '年初结转和结余', '本年收入', '本年支出', '年末结转和结余'], [['本单位无政府性基金预算财政拨款收入、支出，故本表无数据。']]);
  sheet(wb, 'T8', '国有资本经营预算财政拨款收入支出决算表', ['科目编码', '科目名称', '年初结转和结余', '本年收入', '本年支出', '年末结转和结余'], [['本单位无国有资本经营预算财政拨款收入、支出，故本表无数据。']]);
  sheet(wb, 'T9', '财政拨款“三公”经费支出决算表', ['项目', '预算数', '决算数'], [['合计', 0, 0], ['1.因公出国（境）费', 0, 0], ['2.公务用车购置及运行维护费', 0, 0], ['（1）公务用车购置费', 0, 0], ['（2）公务用车运行维护费', 0, 0], ['3.公务接待费', 0, 0]]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Fault localisation (issue 14) cost on a snapshot: rules without recording relations, with recording, and
 * findSuspects on the recorded relations (best of 15, ms: these are small and the machine is noisy).
 */
function suspectsCost(snap: WorkbookSnapshot): { plain: number; recording: number; suspects: number; engine: number; found: string } {
  const engine: number[] = [];
  const plain: number[] = [];
  const recording: number[] = [];
  const suspects: number[] = [];
  let found = '';
  for (let i = 0; i < 15; i++) {
    const m1 = parseTables(snap).model;
    let t = performance.now();
    runRules(m1, RULES);
    plain.push(performance.now() - t);
    const m2 = parseTables(snap).model;
    const rels: RelationRecord[] = [];
    t = performance.now();
    runRules(m2, RULES, rels);
    recording.push(performance.now() - t);
    t = performance.now();
    const s = findSuspects(rels, m2);
    suspects.push(performance.now() - t);
    found = s.map((x) => `${x.sheet}!${x.address} ${x.value}→${x.suggested} ${x.confidence}`).join('; ');
    t = performance.now();
    checkWorkbook(snap);
    engine.push(performance.now() - t);
  }
  const best = (xs: number[]) => Math.min(...xs);
  return { plain: best(plain), recording: best(recording), suspects: best(suspects), engine: best(engine), found };
}

/** The bench workbook with one 项 amount of T5 changed (a single fault). */
async function faulted(buf: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const ws = wb.getWorksheet('T5')!;
  const cell = ws.getCell('D500');
  cell.value = Number(cell.value) + 1234;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const buf = await buildBenchWorkbook();
  const file = path.join(os.tmpdir(), 'juesuan-bench.xlsx');
  fs.writeFileSync(file, buf);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const loads: number[] = [];
  const checks: number[] = [];
  const engine: number[] = [];
  let result;
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  for (let i = 0; i < 7; i++) {
    gc();
    let t = performance.now();
    await new ExcelJS.Workbook().xlsx.load(fs.readFileSync(file) as never);
    loads.push(performance.now() - t);
    gc();
    t = performance.now();
    const { snapshot } = await readSnapshot(fs.readFileSync(file));
    const t2 = performance.now();
    result = checkWorkbook(snapshot);
    const t3 = performance.now();
    checks.push(t3 - t);
    engine.push(t3 - t2);
  }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const load = median(loads);
  const check = median(checks);
  const codeRows = ['T2', 'T3', 'T5'].reduce((a, k) => a + ((result!.model as Record<string, { rows: unknown[] }>)[k]?.rows.length ?? 0), 0);
  const errors = result!.findings.filter((f) => f.severity === 'error').length;
  console.log(`workbook: ${(buf.length / 1024).toFixed(0)} KB, ${codeRows} code rows in T2/T3/T5 (${ITEMS_PER_TABLE} 项 each), ${errors} errors`);
  console.log(`ExcelJS load alone (median of 7): ${load.toFixed(0)} ms`);
  console.log(`whole check (load + snapshot + rules, median of 7): ${check.toFixed(0)} ms`);
  console.log(`  of which recognition + rules (checkWorkbook on the snapshot): ${median(engine).toFixed(0)} ms`);
  console.log(`ratio check/load: ${(check / load).toFixed(2)}  (target ≤ 1.30)`);
  console.log(`peak RSS: ${(peak / 1024 / 1024).toFixed(0)} MB  (target < 500 MB)`);
  // Fault localisation: its whole cost against the whole check, on the consistent and on a faulted workbook.
  for (const [what, bytes] of [['consistent', buf], ['one fault (T5!D500 + 1234)', await faulted(buf)]] as const) {
    const { snapshot } = await readSnapshot(bytes);
    const c = suspectsCost(snapshot);
    const extra = Math.max(0, c.recording - c.plain) + c.suspects;
    console.log(`suspects, ${what}: recording relations +${(c.recording - c.plain).toFixed(1)} ms (rules ${c.plain.toFixed(1)} → ${c.recording.toFixed(1)} ms), findSuspects ${c.suspects.toFixed(1)} ms`
      + ` = ${(100 * extra / Math.min(...checks)).toFixed(1)} % of the whole check, ${(100 * extra / c.engine).toFixed(1)} % of checkWorkbook (${c.engine.toFixed(0)} ms; all best of runs; target ≤ 10 %)${c.found ? `; first: ${c.found.split('; ')[0]}` : ''}`);
  }
  const bundle = path.join(__dirname, 'bundle-report.ts');
  if (fs.existsSync(bundle) && !process.env.BENCH_SKIP_BUNDLE) {
    // Written by the task-pane work: first-load bundle size (gzip) against its budget.
    const mod = (await import(bundle)) as { bundleReport?: () => Promise<void> };
    if (mod.bundleReport) await mod.bundleReport();
  }
}

if (require.main === module) {
  main().catch((e) => { console.error(e); process.exit(1); });
}

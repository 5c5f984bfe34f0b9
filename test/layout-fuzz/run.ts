/**
 * `npm run fuzz`: the one-axis sweep (which axis value breaks what), then a large random run.
 * FUZZ_RUNS (default 2000), FUZZ_SEED (default 1000), FUZZ_SWEEP=0 to skip the sweep.
 */
import { formatFailures, fuzz } from './fuzz';
import { sweep } from './sweep';

async function main(): Promise<void> {
  let failed = false;
  if (process.env.FUZZ_SWEEP !== '0') {
    const rs = await sweep();
    const bad = rs.filter((r) => r.p1 || r.p2);
    console.log(`one-axis sweep: ${rs.length} variants, ${bad.length} failing`);
    for (const r of bad) {
      console.log(`✗ [${r.dataset}] ${r.variant}`);
      if (r.p1) console.log(`    property 1: ${r.p1}`);
      if (r.p2) console.log(`    property 2: ${r.p2}`);
    }
    failed ||= bad.length > 0;
  }
  const runs = Number(process.env.FUZZ_RUNS ?? 2000);
  const seed = Number(process.env.FUZZ_SEED ?? 1000);
  const report = await fuzz(runs, seed, (i) => { if ((i + 1) % 100 === 0) process.stderr.write(`${i + 1}/${runs}\n`); });
  console.log(`random layouts: ${runs} from seed ${seed} in ${(report.ms / 1000).toFixed(0)} s`);
  for (const p of [1, 2, 3, 4] as const) {
    const n = report.failures.filter((f) => f.property === p).length;
    console.log(`property ${p}: ${n === 0 ? 'pass' : `${n} failing layouts`}`);
    if (n) console.log(formatFailures(report, p, 2));
  }
  failed ||= report.failures.length > 0;
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(2); });

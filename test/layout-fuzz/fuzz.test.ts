/**
 * Layout fuzzer (issue 9's acceptance test): one logical data set rendered in random combinations of the
 * catalogue's axes must be read the same way. FUZZ_RUNS (default 300) and FUZZ_SEED (default 9) override;
 * `npm run fuzz` runs a larger sample.
 */
import { FuzzReport, Property, formatFailures, fuzz } from './fuzz';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 9);

let report: FuzzReport;

beforeAll(async () => {
  report = await fuzz(RUNS, SEED);
}, 30 * 60 * 1000);

const PROPERTIES: [Property, string][] = [
  [1, 'consistent data: every table recognised and no error finding, in every layout'],
  [2, 'findings keyed by (rule, logical cell) equal those of the canonical layout'],
  [3, 'a single amount changed by ≥ 1.00 万元 is named by an error finding'],
  [4, 'template words in the 合计 row of a non-empty T7/T8: no error, a warning on each such cell'],
];

describe(`layout fuzzer (${RUNS} layouts from seed ${SEED})`, () => {
  it.each(PROPERTIES)('property %i: %s', (p, title) => {
    const msg = formatFailures(report, p);
    if (msg) throw new Error(`${title}\n${msg}`);
  });
});

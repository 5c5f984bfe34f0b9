/** Helpers for the 绩效自评 tests: fixtures, snapshots, in-process CLI runs. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { perfFixture, PerfVariant } from '../fixtures/perf/generate';

export async function fixtures<V extends PerfVariant>(...variants: V[]): Promise<Record<V, string>> {
  const out = {} as Record<V, string>;
  for (const v of variants) out[v] = await perfFixture(v);
  return out;
}



export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'juesuan-perf-'));
}

export const OFFICIAL_TOTALS = ['99.98', '97.83', '100', '100', '100', '100', '100', '100', '99.28', '95.21'];
export const STATED_TOTALS = ['92.96', '83.05', '100', '100', '87.83', '94', '100', '100', '93.2', '80.64'];
/** The one seed row no rule reproduces (qualitative 完全达到预期 scored 19.23 of 20). */
export const IRREPRODUCIBLE = { project: 4, indicator: '提高为群众办事效率', stated: '19.23', rate: '96.15%' };

export { runCli, snapshotOf } from '../helpers';

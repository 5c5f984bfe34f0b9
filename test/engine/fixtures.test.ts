/** The engine on every generated fixture: seeds clean, each fault found at its cell, bad input handled. */
import * as fs from 'fs';
import { checkWorkbook } from '../../src/core/check';
import { readSnapshot, UnreadableWorkbookError } from '../../src/xlsx/read';
import { fixture, manifest, ManifestEntry, SAMPLE, snapshotOf } from '../helpers';

const entries = manifest();
const byKind = (k: string) => entries.filter((e) => e.kind === k);
const label = (e: ManifestEntry) => `${e.file}${e.rule ? ` ${e.rule}` : ''}${e.description ? ` — ${e.description}` : ''}`;

describe('the seed sample (samples/seed-2024.xlsx)', () => {
  let result: ReturnType<typeof checkWorkbook>;
  beforeAll(async () => { result = checkWorkbook(await snapshotOf(SAMPLE)); });

  it('recognises all nine tables', () => {
    expect(result.tables.map((t) => t.table).sort()).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9']);
  });
  it('has zero errors and zero warnings', () => {
    expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
  it('reports the seed\'s two 0.01 rounding gaps as info', () => {
    const infos = result.findings.filter((f) => f.severity === 'info');
    const t3 = infos.find((f) => f.rule === 'R07' && f.message.includes('3,578.41') && f.message.includes('3,578.42'));
    const t6 = infos.find((f) => f.rule === 'R19' && f.message.includes('2,676.50') && f.message.includes('2,676.49'));
    expect(t3).toBeDefined();
    expect(t6).toBeDefined();
    expect(t6!.cells).toHaveLength(3);
    // Every info is a 0.01 rounding difference.
    for (const f of infos.filter((x) => x.rule !== 'R00')) expect(f.message).toMatch(/相差 0\.01 万元/);
  });
  it('reads every amount in 万元 with its cell', () => {
    const t1 = result.model.T1!;
    expect(t1.incomeGrand!.value.toFixed(2)).toBe('3578.52');
    expect(t1.incomeGrand!.ref.sheet).toBe(result.tables.find((t) => t.table === 'T1')!.sheet);
    expect(result.model.T5!.total!.amounts.total!.value.toFixed(2)).toBe('3456.68');
  });
});

describe.each(byKind('seed').map((e) => [label(e), e] as const))('seed layout %s', (_l, e) => {
  it('recognises nine tables, no errors', async () => {
    const r = checkWorkbook(await snapshotOf(fixture(e.file)));
    expect(r.tables.map((t) => t.table).sort()).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9']);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.findings.filter((f) => f.severity === 'warning')).toEqual([]);
  });
});

describe.each(byKind('fault').map((e) => [label(e), e] as const))('fault %s', (_l, e) => {
  it(`yields ${e.expect} ${e.rule} naming ${e.cell?.sheet}!${e.cell?.address}`, async () => {
    const r = checkWorkbook(await snapshotOf(fixture(e.file)));
    const hits = r.findings.filter((f) => f.rule === e.rule && f.severity === e.expect);
    expect(hits.length).toBeGreaterThan(0);
    if (e.cell) {
      const named = hits.some((f) => f.cells.some((c) => c.sheet === e.cell!.sheet && c.address === e.cell!.address));
      if (!named) throw new Error(`no ${e.rule} finding names ${e.cell.sheet}!${e.cell.address}:\n${hits.map((h) => h.message + ' ' + JSON.stringify(h.cells)).join('\n')}`);
    }
  });
});

describe.each(byKind('rounding').map((e) => [label(e), e] as const))('rounding-only %s', (_l, e) => {
  it('yields no error', async () => {
    const r = checkWorkbook(await snapshotOf(fixture(e.file)));
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe.each(byKind('bad').map((e) => [label(e), e] as const))('bad input %s', (_l, e) => {
  it(e.expect === 'exit2' ? 'is refused with a Chinese message' : 'gets a clear finding, not a crash', async () => {
    const bytes = new Uint8Array(fs.readFileSync(fixture(e.file)));
    if (e.expect === 'exit2') {
      await expect(readSnapshot(bytes)).rejects.toThrow(UnreadableWorkbookError);
      await readSnapshot(bytes).catch((err: Error) => expect(err.message).toMatch(/[\u4e00-\u9fff]/));
      return;
    }
    const { snapshot } = await readSnapshot(bytes);
    const r = checkWorkbook(snapshot);
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) expect(f.message).toMatch(/[\u4e00-\u9fff]/);
    if (e.rule) expect(r.findings.some((f) => f.rule === e.rule && (!e.expect || e.expect === 'none' || f.severity === e.expect))).toBe(true);
    if (e.cell) expect(r.findings.some((f) => f.cells.some((c) => c.sheet === e.cell!.sheet && c.address === e.cell!.address))).toBe(true);
  });
});

/** The acceptance run shared by the two test files (split so that jest runs them on both cores). */
import { Layout } from '../../scripts/fixtures/manifest';
import { makeCases, report, rowKind, runCase, summarize } from './cases';

export function acceptance(title: string, layouts: { layout: Layout; year: 2023 | 2024; n: number }[]): void {
  test(`${title}: the first suspect is the changed cell in ≥ 90 % of identifiable single faults; high confidence suggests the original`, async () => {
    const cases = layouts.flatMap((l) => makeCases([l], l.n));
    // Every row kind of every table present in the layouts (T7 has data only in 2023).
    const kinds = new Set(cases.map((c) => rowKind(c.key)));
    process.stdout.write(`${title}: row kinds covered: ${[...kinds].sort().join(' ')}\n`);
    expect(new Set([...kinds].map((k) => k.split(' ')[0])).size).toBe(layouts.some((l) => l.year === 2023) ? 9 : 8);
    const results = [];
    for (const c of cases) results.push(await runCase(c));
    const s = summarize(results);
    // The report the issue asks for: how many cases are not identifiable and why.
    process.stdout.write(report(title, s) + '\n');
    expect(s.cases).toBeGreaterThanOrEqual(layouts.reduce((a, l) => a + l.n, 0) * 0.95);
    expect(s.firstHit / s.identifiable).toBeGreaterThanOrEqual(0.9);
    expect(s.highWrong).toEqual([]);
    // Every kind of fault is represented.
    expect([...s.byKind.keys()].sort()).toEqual(['change', 'drop', 'extra', 'sign', 'transpose', 'x10000']);
  }, 600000);
}

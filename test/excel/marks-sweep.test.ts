/**
 * Office.js does not roll a batch back. Inject one failure at every command of mark, re-check,
 * list-only re-check and clear, then run 清除标记 once more: every cell, note, comment, rule of the
 * user and sheet must be exactly as before the first check. The same for the marks of earlier versions
 * (painted fills, very hidden record; notes only where the notes API exists to remove them).
 */
import { FakeExcel } from '../fakes/fake-excel';
import { ExcelHost } from '../../src/excel/host';
import { dump, findingsA, findingsB, legacyMarked, prepared, T, tables } from './marks-fixture';


type Step = (host: ExcelHost) => Promise<unknown>;

const markA: Step = (h) => h.mark(findingsA, { withNotes: true, results: { findings: findingsA, tables } });
const markB: Step = (h) => h.mark(findingsB, { withNotes: true, results: { findings: findingsB, tables } });
const listOnly: Step = (h) => h.mark([], { withNotes: true, results: { findings: findingsB, tables } });
const clear: Step = (h) => h.clearMarks();

async function sweep(api: string, before: Step[], step: Step, legacy = false): Promise<number> {
  const probe = prepared(api);
  if (legacy) legacyMarked(probe, api === '1.18');
  for (const b of before) await b(new ExcelHost(probe.env()));
  const start = probe.commandsRun;
  await step(new ExcelHost(probe.env()));
  const commands = probe.commandsRun - start;
  expect(commands).toBeGreaterThan(5);
  for (let i = 1; i <= commands; i++) {
    const fake: FakeExcel = prepared(api);
    const original = dump(fake.state);
    if (legacy) legacyMarked(fake, api === '1.18');
    for (const b of before) await b(new ExcelHost(fake.env()));
    fake.failAt = fake.commandsRun + i;
    await step(new ExcelHost(fake.env())).catch(() => undefined);
    await new ExcelHost(fake.env()).clearMarks();
    // An earlier version trimmed the trailing whitespace of the user's note (nothing to get it back from).
    if (legacy) fake.setCell(T, 'D4', { note: fake.cell(T, 'D4').note === '用户自己的备注' ? '用户自己的备注  \n' : fake.cell(T, 'D4').note });
    expect({ i, state: dump(fake.state) }).toEqual({ i, state: original });
    expect(fake.state.eventsEnabled).toBe(true);
  }
  return commands;
}

describe.each(['1.18', '1.8'])('failure at every command (ExcelApi %s), then 清除标记 restores the original', (api) => {
  test('mark', async () => {
    await sweep(api, [], markA);
  });
  test('re-check', async () => {
    await sweep(api, [markA], markB);
  });
  test('list-only re-check', async () => {
    await sweep(api, [markA], listOnly);
  });
  test('clear', async () => {
    await sweep(api, [markA], clear);
  });
  test('clear of an earlier version\'s marks (fills + very hidden record)', async () => {
    await sweep(api, [], clear, true);
  });
  test('re-check over an earlier version\'s marks', async () => {
    await sweep(api, [], markB, true);
  });
});

/** The 检查 pipeline: 读取 → 识别 → 校验 → 标记. UI-independent (takes a host and a stage callback). */
import { checkWorkbook, CheckResult } from '../../core/check';
import { Finding } from '../../core/finding';
import { readSettings, Settings } from '../../core/settings';
import { WorkbookSnapshot } from '../../core/snapshot';
import { MarkOutcome, WorkbookHost } from '../host';
import { OWN_SHEET_PREFIX, parseOverrides, sortBySeverity } from './logic';

export type StageId = 'read' | 'recognize' | 'validate' | 'mark';

export const STAGES: { id: StageId; label: string }[] = [
  { id: 'read', label: '读取' },
  { id: 'recognize', label: '识别' },
  { id: 'validate', label: '校验' },
  { id: 'mark', label: '标记' },
];

export interface CheckRun {
  snapshot: WorkbookSnapshot;
  settings: Settings;
  result: CheckResult;
  findings: Finding[];
  unrecognized: string[];
  mark?: MarkOutcome;
  /** Marking failed (protected workbook, old Excel…): the list is still valid. */
  markError?: unknown;
}

/** Let the browser paint the new stage before a long synchronous step. */
const paint = () => new Promise<void>((r) => setTimeout(r, 0));

export async function runCheck(
  host: WorkbookHost,
  opts: { mark: boolean; withNotes: boolean; onStage: (s: StageId) => void },
): Promise<CheckRun> {
  opts.onStage('read');
  const snapshot = await host.read();
  const settings = readSettings(snapshot);
  opts.onStage('recognize');
  await paint();
  const result = checkWorkbook(snapshot, { overrides: parseOverrides(settings) });
  opts.onStage('validate');
  await paint();
  const findings = sortBySeverity(result.findings);
  const unrecognized = result.unrecognized.filter((s) => !s.startsWith(OWN_SHEET_PREFIX));
  const run: CheckRun = { snapshot, settings, result, findings, unrecognized };
  if (host.features.marks) {
    opts.onStage('mark');
    try {
      // List-only still calls mark([]) so that marks of an earlier check are taken away.
      // The whole list goes along for the 检查结果 sheet (Excel mode), suspects to be shown distinctly.
      run.mark = await host.mark(opts.mark ? findings : [], {
        withNotes: opts.withNotes, results: { findings, tables: result.tables }, suspects: result.suspects,
      });
    } catch (e) {
      run.markError = e;
    }
  }
  return run;
}

/**
 * What the 绩效自评 tab does with the workbook, independent of React: read and score, fill the score
 * cells (in place — Excel's workbook or browser mode's working copy — after checking nothing changed
 * since scoring), and undo a fill (restoring only cells nobody edited after it).
 */
import { EditPlan, ValueEdit } from '../../core/plan';
import { readSettings, Settings, settingsSheetEdit } from '../../core/settings';
import { WorkbookSnapshot } from '../../core/snapshot';
import { fillPlan, FillPlan, isPolicy, PerfResult, Policy, POLICY_SETTING, readPolicy, scorePerformance, undoPlan } from '../../core/perf';
import { WorkbookHost } from '../host';
import { buildPerfView, PerfView, sameContent, staleEdits } from './model';

export interface PerfRun {
  snapshot: WorkbookSnapshot;
  result: PerfResult;
  view: PerfView;
  fill: FillPlan;
  /** The policy stored in the workbook (null when none or unknown). */
  stored: Policy | null;
}

/** Score a snapshot: with `policy`, else the workbook's policy, else the default. */
export function scoreSnapshot(snapshot: WorkbookSnapshot, policy?: Policy | null): PerfRun {
  const result = scorePerformance(snapshot, policy ? { policy } : {});
  return {
    snapshot,
    result,
    view: buildPerfView(result),
    fill: fillPlan(result.tables, { policy: result.policy, settingsFrom: snapshot }),
    stored: readPolicy(snapshot),
  };
}

export async function loadRun(host: WorkbookHost, policy?: Policy | null): Promise<PerfRun> {
  return scoreSnapshot(await host.read(), policy);
}

/** Whether filling would change anything: score cells, or the policy stored in the workbook. */
export function fillNeeded(run: PerfRun): boolean {
  return run.fill.changes.length > 0 || run.stored !== run.result.policy;
}

/** What a fill wrote, enough to undo it. */
export interface FillRecord {
  plan: EditPlan;
  count: number;
  policy: Policy;
  /** The workbook's `scoring.policy` setting before the fill (undefined: not set). */
  prevPolicy: string | undefined;
}

export type FillOutcome =
  | { kind: 'written'; record: FillRecord; run: PerfRun }
  /** The workbook changed since it was scored: nothing written, here is the fresh score. */
  | { kind: 'stale'; run: PerfRun };

function valueEdits(plan: EditPlan): ValueEdit[] {
  return plan.edits.filter((e): e is ValueEdit => e.kind === 'value');
}

/** Same value edits (cell, value to write, value found). */
export function samePlan(a: EditPlan, b: EditPlan): boolean {
  const x = valueEdits(a), y = valueEdits(b);
  return x.length === y.length && x.every((e, i) => {
    const f = y[i];
    return e.sheet === f.sheet && e.address === f.address && sameContent(e.value, f.value) && sameContent(e.old, f.old);
  });
}

export async function applyFill(host: WorkbookHost, run: PerfRun): Promise<FillOutcome> {
  const policy = run.result.policy;
  // The user may have typed into the sheets (or another tab written) since the score was computed.
  const current = await host.read();
  const again = scoreSnapshot(current, policy);
  if (!samePlan(again.fill.plan, run.fill.plan)) return { kind: 'stale', run: again };
  const record: FillRecord = {
    plan: again.fill.plan,
    count: again.fill.changes.length,
    policy,
    prevPolicy: readSettings(current)[POLICY_SETTING],
  };
  try {
    await host.applyEdits(again.fill.plan);
  } catch (e) {
    throw new PartialFillError(record, e);
  }
  return { kind: 'written', record, run: await loadRun(host, policy) };
}

/**
 * Writing failed (protected sheet, cell being edited…): some cells may have been written before the
 * error. `record` lets the user undo those (cells still holding their old value are left alone).
 */
export class PartialFillError extends Error {
  constructor(readonly record: FillRecord, override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'PartialFillError';
  }
}

export interface UndoOutcome {
  restored: number;
  /** Cells edited after the fill: left as they are. */
  skipped: ValueEdit[];
  run: PerfRun;
}

/** The settings after undoing a fill's policy change (null: nothing to write). */
export function settingsAfterUndo(current: Settings, record: FillRecord): Settings | null {
  const now = current[POLICY_SETTING];
  if (now !== record.policy) return null; // changed since (another fill or by hand): leave it
  if (now === record.prevPolicy) return null;
  const next = { ...current };
  if (record.prevPolicy === undefined) delete next[POLICY_SETTING];
  else next[POLICY_SETTING] = record.prevPolicy;
  return next;
}

export async function undoFill(host: WorkbookHost, record: FillRecord, policy: Policy | null): Promise<UndoOutcome> {
  const current = await host.read();
  const skipped = staleEdits(record.plan, current, 'new');
  const keep = { edits: record.plan.edits.filter((e) => e.kind === 'value' && !skipped.includes(e)) };
  const plan = undoPlan(keep);
  const settings = settingsAfterUndo(readSettings(current), record);
  if (settings) plan.edits.push(settingsSheetEdit(settings));
  if (plan.edits.length) await host.applyEdits(plan);
  return { restored: valueEdits(plan).length, skipped, run: await loadRun(host, isPolicy(policy) ? policy : null) };
}

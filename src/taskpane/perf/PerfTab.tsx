/**
 * The 绩效自评 tab: score every self-evaluation table under a policy, show computed vs stated totals and
 * indicator scores, list the findings (click to select the cells), fill the score cells after an
 * old → new confirmation, and undo the fill. Browser mode downloads a filled copy instead.
 */
import * as React from 'react';
import {
  Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Button, Dialog, DialogActions, DialogBody,
  DialogContent, DialogSurface, DialogTitle, Dropdown, Field, makeStyles, mergeClasses, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle,
  Option, ProgressBar, Text, ToggleButton, tokens,
} from '@fluentui/react-components';
import { CellRef, Finding, SEVERITY_LABEL, Severity } from '../../core/finding';
import { isPolicy, Policy, POLICY_LABEL } from '../../core/perf';
import { BrowserHost } from '../browser-host';
import { WorkbookHost } from '../host';
import { messageOf, PaneMessage } from '../messages';
import { FindingBody } from '../FindingBody';
import { useWorkbookChanges } from '../workbook';
import { applyFill, FillRecord, fillNeeded, loadRun, PartialFillError, PerfRun, scoreSnapshot, undoFill } from './actions';
import {
  changeGroups, CompareStatus, DIRECTION_LABEL, groupPerfFindings, IndicatorView, policyOptions, POLICY_HINT, POLICY_SHORT,
  STATUS_LABEL, summaryText, TableView, ValuePair,
} from './model';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: '10px', padding: '10px', minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', columnGap: '6px', rowGap: '6px', alignItems: 'center' },
  section: { display: 'flex', flexDirection: 'column', rowGap: '6px', minWidth: 0 },
  h: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  policy: { width: '100%', minWidth: 0 },
  item: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, marginBottom: '4px' },
  itemDiff: { border: `1px solid ${tokens.colorPaletteRedBorder2}`, borderLeft: `4px solid ${tokens.colorPaletteRedBorder2}` },
  head: { display: 'flex', flexDirection: 'column', rowGap: '2px', textAlign: 'left', minWidth: 0, padding: '2px 0' },
  headTop: { display: 'flex', columnGap: '6px', alignItems: 'center', flexWrap: 'wrap' },
  sheet: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  name: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, overflowWrap: 'anywhere', fontWeight: tokens.fontWeightSemibold },
  totals: { display: 'flex', columnGap: '8px', flexWrap: 'wrap', alignItems: 'baseline', fontSize: tokens.fontSizeBase200 },
  total: { fontWeight: tokens.fontWeightBold, fontSize: tokens.fontSizeBase300 },
  differs: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  panel: { display: 'flex', flexDirection: 'column', rowGap: '6px', paddingBottom: '8px', minWidth: 0 },
  funds: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, overflowWrap: 'anywhere' },
  table: { width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed', fontSize: tokens.fontSizeBase200 },
  th: {
    textAlign: 'left', fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground3,
    padding: '2px 3px', borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  indName: { padding: '4px 3px 0 3px', overflowWrap: 'anywhere', fontWeight: tokens.fontWeightSemibold, borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  indLevel: { color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular },
  td: { padding: '1px 3px 4px 3px', verticalAlign: 'top', overflowWrap: 'anywhere' },
  cellDiff: { backgroundColor: tokens.colorPaletteRedBackground1 },
  cellBlank: { backgroundColor: tokens.colorPaletteYellowBackground1 },
  stated: { display: 'block', fontSize: tokens.fontSizeBase100, color: tokens.colorPaletteRedForeground1 },
  note: { display: 'block', fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground3 },
  problem: { fontSize: tokens.fontSizeBase100, color: tokens.colorPaletteDarkOrangeForeground1, padding: '0 3px 4px 3px' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '4px' },
  groupTitle: { margin: '6px 0 0 0', fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  finding: {
    display: 'block', width: '100%', textAlign: 'left', cursor: 'pointer', padding: '6px 8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1, font: 'inherit',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  findingCurrent: { border: `2px solid ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  msg: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, overflowWrap: 'anywhere' },
  empty: { padding: '16px 8px', textAlign: 'center', color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  changes: { maxHeight: '50vh', overflowY: 'auto', display: 'flex', flexDirection: 'column', rowGap: '6px' },
  changeGroup: { margin: 0, fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  change: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, overflowWrap: 'anywhere' },
  arrow: { color: tokens.colorNeutralForeground3, padding: '0 4px' },
  newValue: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
});


export interface PerfTabProps {
  host: WorkbookHost;
  fatal?: PaneMessage | null;
}

type Busy = null | 'read' | 'fill' | 'undo';

const BUSY_LABEL: Record<Exclude<Busy, null>, string> = { read: '正在读取并计分', fill: '正在填入得分', undo: '正在撤销' };

/** Calls `onShow` whenever the element becomes visible (tabs stay mounted while hidden). */
function useOnShow(ref: React.RefObject<HTMLElement>, onShow: () => void): void {
  const cb = React.useRef(onShow);
  cb.current = onShow;
  React.useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return undefined;
    let shown = false;
    const io = new IntersectionObserver((entries) => {
      const visible = entries.some((e) => e.isIntersecting);
      if (visible && !shown) cb.current();
      shown = visible;
    });
    io.observe(el);
    return () => io.disconnect();
  }, [ref]);
}

export function PerfTab({ host, fatal }: PerfTabProps): React.ReactElement {
  const s = useStyles();
  const browser = host instanceof BrowserHost ? host : null;
  const rootRef = React.useRef<HTMLDivElement>(null);
  const [run, setRun] = React.useState<PerfRun | null>(null);
  /** The policy the user picked (null: the workbook's, else the default). */
  const [choice, setChoice] = React.useState<Policy | null>(null);
  const [busy, setBusy] = React.useState<Busy>(null);
  const [error, setError] = React.useState<PaneMessage | null>(null);
  const [notice, setNotice] = React.useState<PaneMessage | null>(null);
  const [confirming, setConfirming] = React.useState(false);
  /** The run the dialog shows (kept while it closes, when the tab already shows the new score). */
  const [dialogRun, setDialogRun] = React.useState<PerfRun | null>(null);
  const [lastFill, setLastFill] = React.useState<FillRecord | null>(null);
  /** A count chip shows only its severity (pressed again: all). */
  const [only, setOnly] = React.useState<Severity | 'all'>('all');
  const show = React.useMemo<Record<Severity, boolean>>(
    () => ({ error: only === 'all' || only === 'error', warning: only === 'all' || only === 'warning', info: only === 'all' || only === 'info' }),
    [only],
  );
  const [current, setCurrent] = React.useState(-1);
  const fileName = host.workbookName();
  /** The file the shown result belongs to (browser mode). */
  const loadedFile = React.useRef<string | null>(null);
  const itemRefs = React.useRef(new Map<number, HTMLButtonElement>());
  const fillButton = React.useRef<HTMLButtonElement>(null);

  const loading = React.useRef(false);

  const load = React.useCallback(async (policy: Policy | null) => {
    if (loading.current) return;
    loading.current = true;
    setBusy('read');
    setError(null);
    setNotice(null);
    setCurrent(-1);
    try {
      const r = await loadRun(host, policy);
      setRun(r);
      loadedFile.current = host.workbookName();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      loading.current = false;
      setBusy(null);
    }
  }, [host]);

  // Score when the tab is first shown, and (browser mode) when another file was opened meanwhile.
  useOnShow(rootRef, () => {
    if (fatal || busy) return;
    if (browser) {
      if (browser.hasFile() && (!run || loadedFile.current !== browser.workbookName())) {
        setChoice(null);
        setLastFill(null);
        void load(null);
      }
    } else if (!run) {
      void load(choice);
    }
  });

  // Another tab wrote, or another file was opened: score what the workbook now holds.
  useWorkbookChanges('perf', (e) => {
    if (fatal) return;
    if (e.kind === 'open') {
      setChoice(null);
      setLastFill(null);
      setRun(null);
      void load(null);
    } else if (run) {
      void load(choice);
    }
  });

  const changePolicy = (p: Policy) => {
    setChoice(p);
    setNotice(null);
    setCurrent(-1);
    if (run) {
      try {
        setRun(scoreSnapshot(run.snapshot, p));
      } catch (e) {
        setError(messageOf(e));
      }
    }
  };

  const startFill = () => {
    if (!run) return;
    setError(null);
    setNotice(null);
    if (!fillNeeded(run)) {
      setNotice({ title: '无需填入', text: '各得分单元格已与计算结果一致，计分口径也已保存在工作簿中。', intent: 'success' });
      return;
    }
    setDialogRun(run);
    setConfirming(true);
  };

  const confirmFill = async () => {
    if (!dialogRun) return;
    setConfirming(false);
    setBusy('fill');
    setError(null);
    try {
      const out = await applyFill(host, dialogRun);
      if (out.kind === 'stale') {
        setRun(out.run);
        setError({
          title: '工作簿在计分后有改动',
          text: '未写入任何单元格。已按当前内容重新计分，请核对后再按“填入得分”。',
          intent: 'warning',
        });
      } else {
        setRun(out.run);
        setLastFill(out.record);
        setNotice({
          title: '已填入得分',
          text: `写入了 ${out.record.count} 个单元格，计分口径“${POLICY_SHORT[out.record.policy]}”已保存在工作簿中。可按“撤销”恢复原内容。${browser ? '“说明”页按新得分起草；按上方“下载”保存。' : ''}`,
          intent: 'success',
        });
      }
    } catch (e) {
      if (e instanceof PartialFillError) {
        setLastFill(e.record);
        const m = messageOf(e.cause);
        setError({ ...m, text: `${m.text} 部分得分单元格可能已经写入，可按“撤销”恢复原内容。` });
      } else {
        setError(messageOf(e));
      }
    } finally {
      setBusy(null);
    }
  };

  const undo = async () => {
    if (!lastFill) return;
    setBusy('undo');
    setError(null);
    try {
      const out = await undoFill(host, lastFill, choice);
      setRun(out.run);
      setLastFill(null);
      setNotice({
        title: '已撤销',
        text: `恢复了 ${out.restored} 个单元格的原内容。${out.skipped.length
          ? `${out.skipped.length} 个单元格在填入后又被修改过，保留现状：${out.skipped.slice(0, 5).map((e) => `${e.sheet}!${e.address}`).join('，')}${out.skipped.length > 5 ? ' 等' : ''}。`
          : ''}`,
        intent: out.skipped.length ? 'warning' : 'success',
      });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const select = React.useCallback(async (cells: CellRef[]) => {
    if (!host.features.select || cells.length === 0) return;
    try {
      await host.select(cells);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [host]);

  const { groups, order } = React.useMemo(
    () => (run ? groupPerfFindings(run.view, run.result, show) : { groups: [], order: [] as Finding[] }),
    [run, show],
  );

  const go = (i: number, focus = true) => {
    if (i < 0 || i >= order.length) return;
    setCurrent(i);
    const el = itemRefs.current.get(i);
    if (focus) el?.focus();
    el?.scrollIntoView?.({ block: 'nearest' });
    void select(order[i].cells);
  };

  const onListKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const base = current < 0 ? (e.key === 'ArrowDown' ? -1 : order.length) : current;
      go(base + (e.key === 'ArrowDown' ? 1 : -1));
    }
  };

  const view = run?.view ?? null;
  const policy: Policy = run?.result.policy ?? choice ?? 'official';
  const noTables = !!view && view.tables.length === 0;
  const canScore = !fatal && !busy && (!browser || !!fileName);
  const canFill = !fatal && !busy && !!run && !noTables && (host.mode === 'excel' ? host.features.marks : true);
  const options = policyOptions();

  return (
    <div className={s.root} ref={rootRef}>
      {fatal && (
        <MessageBar intent="error"><MessageBarBody><MessageBarTitle>{fatal.title}</MessageBarTitle>{fatal.text}</MessageBarBody></MessageBar>
      )}

      <Field label="计分口径" hint={`${POLICY_HINT[policy]}${run ? ` ${policyStatus(run)}` : ''}`}>
        <Dropdown className={s.policy} value={POLICY_SHORT[policy]} selectedOptions={[policy]} disabled={!!busy || !!fatal}
          aria-label="计分口径" data-testid="perf-policy"
          onOptionSelect={(_, d) => { if (isPolicy(d.optionValue)) changePolicy(d.optionValue); }}>
          {options.map((o) => <Option key={o.value} value={o.value} text={o.label}>{o.label}</Option>)}
        </Dropdown>
      </Field>

      {view?.advice && view.suggestion && (
        <MessageBar intent="warning" data-testid="perf-policy-advice">
          <MessageBarBody>{view.advice}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" disabled={!!busy} onClick={() => changePolicy(view.suggestion!)} data-testid="perf-policy-switch">
              改用『{POLICY_SHORT[view.suggestion]}』
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}

      <div className={s.row}>
        <Button disabled={!canScore} onClick={() => void load(choice)} data-testid="perf-score">{run ? '重新计分' : '计分'}</Button>
        <Button appearance="primary" disabled={!canFill} onClick={startFill} data-testid="perf-fill" ref={fillButton}>填入得分</Button>
        <Button disabled={!lastFill || !!busy} onClick={() => void undo()} data-testid="perf-undo">撤销</Button>
      </div>

      {busy && <ProgressBar aria-label={BUSY_LABEL[busy]} />}
      {busy && <Text className={s.muted} aria-live="polite">{BUSY_LABEL[busy]}…</Text>}
      {error && (
        <MessageBar intent={error.intent === 'warning' ? 'warning' : 'error'} data-testid="perf-error">
          <MessageBarBody><MessageBarTitle>{error.title}</MessageBarTitle>{error.text}</MessageBarBody>
        </MessageBar>
      )}
      {notice && (
        <MessageBar intent={notice.intent} data-testid="perf-notice">
          <MessageBarBody><MessageBarTitle>{notice.title}</MessageBarTitle>{notice.text}</MessageBarBody>
        </MessageBar>
      )}

      {!run && !busy && !error && !fatal && (
        <Text className={s.muted}>
          {browser && !fileName ? '请先在上方打开一个 .xlsx 工作簿，打开后自动计分。' : '按“计分”读取本工作簿的绩效自评表并计算得分。'}
        </Text>
      )}

      {noTables && (
        <div className={s.empty} role="status" data-testid="perf-empty">
          未找到绩效自评表
          <Text as="p" className={s.muted} style={{ fontWeight: 'normal' }}>
            工作簿中没有“项目支出绩效自评表”或“单位整体支出绩效自评表”。
          </Text>
        </div>
      )}

      {view && run && !noTables && (
        <section className={s.section} aria-labelledby="perf-tables-h">
          <h2 id="perf-tables-h" className={s.h}>各表得分</h2>
          <Text className={s.muted} data-testid="perf-summary" aria-live="polite">{summaryText(view)}</Text>
          <Accordion multiple collapsible data-testid="perf-tables">
            {view.tables.map((t) => (
              <TableItem key={`${t.sheet}!${t.titleCell.address}`} t={t} canSelect={host.features.select} onSelect={select} />
            ))}
          </Accordion>
        </section>
      )}

      {view && run && !noTables && (
        <section className={s.section} aria-labelledby="perf-findings-h">
          <h2 id="perf-findings-h" className={s.h}>检查结果</h2>
          <div className={s.row} role="group" aria-label="按级别筛选">
            {(['error', 'warning', 'info'] as Severity[]).map((sev) => (
              <ToggleButton key={sev} size="small" checked={only === sev} data-testid={`perf-count-${sev}`}
                appearance={only === sev ? 'primary' : 'secondary'}
                onClick={() => { setOnly(only === sev ? 'all' : sev); setCurrent(-1); }}>
                {SEVERITY_LABEL[sev]} {view.counts[sev]}
              </ToggleButton>
            ))}
          </div>
          {view.findings.length === 0 ? (
            <div className={s.empty} role="status">未发现问题</div>
          ) : order.length === 0 ? (
            <Text className={s.muted}>没有符合筛选条件的问题</Text>
          ) : (
            <div onKeyDown={onListKey} data-testid="perf-findings">
              {groups.map((g) => (
                <section key={g.key} aria-label={g.label}>
                  <h3 className={s.groupTitle}>{g.label}（{g.items.length}）</h3>
                  <ul className={s.list}>
                    {g.items.map(({ finding: f, index }) => (
                      <li key={index}>
                        <button type="button" ref={(el) => { if (el) itemRefs.current.set(index, el); else itemRefs.current.delete(index); }}
                          className={mergeClasses(s.finding, index === current && s.findingCurrent)}
                          aria-current={index === current ? 'true' : undefined}
                          onClick={() => go(index, false)} data-testid="perf-finding" data-rule={f.rule}>
                          <FindingBody finding={f} expanded={index === current} snapshot={run.snapshot} cellsTestId="perf-cells" msgTestId="perf-msg" />
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </div>
          )}
        </section>
      )}

      {dialogRun && (
        <FillDialog open={confirming} run={dialogRun} browser={host.mode === 'browser'}
          onCancel={() => { setConfirming(false); returnFocus(fillButton.current); }}
          onConfirm={() => { void confirmFill(); returnFocus(fillButton.current); }} />
      )}
    </div>
  );
}

/**
 * Put focus back on the button that opened the dialog (Escape, 取消, confirm): the dialog is
 * controlled, so Fluent does not restore it; without this focus falls to <body>.
 */
function returnFocus(el: HTMLElement | null): void {
  setTimeout(() => el?.focus(), 0);
}

/** Whether the shown policy is the one stored in the workbook. */
function policyStatus(run: PerfRun): string {
  const p = run.result.policy;
  if (run.stored === p) return '此口径已保存在工作簿中。';
  if (run.stored) return `工作簿中保存的是“${POLICY_SHORT[run.stored]}”；填入得分时改存为当前口径。`;
  return '工作簿尚未保存计分口径，填入得分时保存。';
}

function pairClass(s: ReturnType<typeof useStyles>, status: CompareStatus): string | undefined {
  if (status === 'differs') return s.cellDiff;
  if (status === 'blank') return s.cellBlank;
  return undefined;
}

/** A computed value with, when it differs, what the sheet states. */
function Pair(props: { p: ValuePair; s: ReturnType<typeof useStyles> }): React.ReactElement {
  const { p, s } = props;
  return (
    <>
      <span>{p.computed ?? '—'}</span>
      {p.status === 'differs' && <span className={s.stated}>填报 {p.stated}</span>}
      {p.status === 'blank' && <span className={s.note}>未填</span>}
      {p.status === 'kept' && <span className={s.note}>保留填报</span>}
      {p.status === 'none' && p.stated && <span className={s.note}>填报 {p.stated}</span>}
    </>
  );
}

function TableItem(props: { t: TableView; canSelect: boolean; onSelect: (cells: CellRef[]) => void }): React.ReactElement {
  const s = useStyles();
  const { t } = props;
  const totalDiffers = t.total.status === 'differs';
  return (
    <AccordionItem value={t.index} className={mergeClasses(s.item, totalDiffers && s.itemDiff)}
      data-testid="perf-table" data-kind={t.kind} data-sheet={t.sheet} data-status={t.total.status}>
      <AccordionHeader size="small" expandIconPosition="end">
        <span className={s.head}>
          <span className={s.headTop}>
            <Badge size="small" appearance="tint" color={t.kind === 'project' ? 'brand' : 'important'}>{t.kindLabel}</Badge>
            <span className={s.sheet}>{t.sheet}</span>
            {t.differing > 0 && <Badge size="small" appearance="filled" color="danger">{t.differing} 处不同</Badge>}
            {t.blank > 0 && <Badge size="small" appearance="tint" color="warning">{t.blank} 处未填</Badge>}
          </span>
          <span className={s.name} data-testid="perf-name">{t.label}</span>
          <span className={s.totals}>
            <span>计算总分 <span className={s.total} data-testid="perf-total">{t.total.computed ?? '—'}</span></span>
            {t.total.status === 'nocell' ? (
              <span className={s.muted}>表中无总分栏</span>
            ) : (
              <span className={totalDiffers ? s.differs : undefined}>
                填报 <span data-testid="perf-stated">{t.total.stated ?? '（空）'}</span>
                {totalDiffers ? '（不同）' : ''}
              </span>
            )}
          </span>
        </span>
      </AccordionHeader>
      <AccordionPanel>
        <div className={s.panel}>
          <div className={s.funds}>
            预算 {t.budget ?? '—'} 万元 · 执行 {t.spent ?? '—'} 万元 · 执行率{' '}
            <span className={pairClass(s, t.execRate.status)}>{t.execRate.computed ?? '—'}</span>
            {t.execRate.status === 'differs' && <span className={s.differs}>（填报 {t.execRate.stated}）</span>}
            {' '}· 执行率得分 <span className={pairClass(s, t.execScore.status)}>{t.execScore.computed ?? '—'}</span>
            {t.execScore.status === 'differs' && <span className={s.differs}>（填报 {t.execScore.stated}）</span>}
            {t.weightSum && t.weightSum !== '90' && <span className={s.differs}> · 指标权重合计 {t.weightSum}（应为 90）</span>}
          </div>
          {t.doubts.map((d, i) => <Text key={i} className={s.muted}>⚠ {d}</Text>)}
          <IndicatorTable t={t} />
          {props.canSelect && (
            <div className={s.row}>
              <Button size="small" onClick={() => props.onSelect([t.anchor])}>在表格中定位</Button>
            </div>
          )}
        </div>
      </AccordionPanel>
    </AccordionItem>
  );
}

function IndicatorTable(props: { t: TableView }): React.ReactElement {
  const s = useStyles();
  const { t } = props;
  if (t.indicators.length === 0) return <Text className={s.muted}>未识别到绩效指标行。</Text>;
  return (
    <table className={s.table} aria-label={`${t.sheet} 绩效指标`} data-testid="perf-indicators">
      <colgroup>
        <col style={{ width: '14%' }} /><col style={{ width: '24%' }} /><col style={{ width: '24%' }} /><col style={{ width: '19%' }} /><col style={{ width: '19%' }} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className={s.th}>权重</th>
          <th scope="col" className={s.th}>指标值</th>
          <th scope="col" className={s.th}>实际完成</th>
          <th scope="col" className={s.th}>完成率</th>
          <th scope="col" className={s.th}>得分</th>
        </tr>
      </thead>
      {t.indicators.map((i) => <IndicatorRows key={i.key} i={i} />)}
    </table>
  );
}

function IndicatorRows(props: { i: IndicatorView }): React.ReactElement {
  const s = useStyles();
  const { i } = props;
  const dir = DIRECTION_LABEL[i.direction];
  const differs = i.rate.status === 'differs' || i.score.status === 'differs';
  return (
    <tbody data-testid="perf-indicator" data-differs={differs ? 'true' : undefined}>
      <tr>
        <th scope="rowgroup" colSpan={5} className={s.indName} style={{ textAlign: 'left' }}>
          {i.name}
          <span className={s.indLevel}>{[i.level2, dir].filter(Boolean).length ? `（${[i.level2, dir].filter(Boolean).join('，')}）` : ''}</span>
        </th>
      </tr>
      <tr>
        <td className={s.td}>{i.weight || '—'}</td>
        <td className={s.td}>{i.target || '—'}</td>
        <td className={s.td}>{i.actual || '—'}</td>
        <td className={mergeClasses(s.td, pairClass(s, i.rate.status))} title={STATUS_LABEL[i.rate.status]}><Pair p={i.rate} s={s} /></td>
        <td className={mergeClasses(s.td, pairClass(s, i.score.status))} title={STATUS_LABEL[i.score.status]}><Pair p={i.score} s={s} /></td>
      </tr>
      {i.problem && (
        <tr><td colSpan={5} className={s.problem}>{i.problem}</td></tr>
      )}
    </tbody>
  );
}

function FillDialog(props: { open: boolean; run: PerfRun; browser: boolean; onCancel: () => void; onConfirm: () => void }): React.ReactElement {
  const s = useStyles();
  const { run } = props;
  const groups = changeGroups(run.fill.changes);
  const policy = run.result.policy;
  const n = run.fill.changes.length;
  return (
    <Dialog open={props.open} modalType="modal" onOpenChange={(_, d) => { if (!d.open) props.onCancel(); }}>
      <DialogSurface aria-describedby="perf-fill-desc" data-testid="perf-dialog">
        <DialogBody>
          <DialogTitle>填入得分</DialogTitle>
          <DialogContent>
            <div className={s.section}>
              {run.view.advice && <Text className={s.differs} data-testid="perf-dialog-advice">{run.view.advice}</Text>}
              <Text id="perf-fill-desc" className={s.msg}>
                按“{POLICY_LABEL[policy]}”计分，
                {n > 0 ? `${props.browser ? '在打开的工作簿中（浏览器内存中，按“下载”保存）' : ''}改写以下 ${n} 个单元格（只改完成率、得分、执行率和总分，保留单元格格式）：` : '没有需要改写的得分单元格，只保存计分口径。'}
              </Text>
              {n > 0 && (
                <div className={s.changes} data-testid="perf-changes" tabIndex={0} aria-label="将改写的单元格">
                  {groups.map((g) => (
                    <section key={g.tableIndex} aria-label={`${g.sheet} ${g.project}`}>
                      <h3 className={s.changeGroup}>{g.sheet} · {g.project}</h3>
                      <ul className={s.list}>
                        {g.items.map((c) => (
                          <li key={c.address} className={s.change} data-testid="perf-change">
                            <Text size={200} weight="semibold">{c.address}</Text> {c.what}：
                            <span>{c.old}</span><span className={s.arrow} aria-label="改为">→</span><span className={s.newValue}>{c.new}</span>
                          </li>
                        ))}
                      </ul>
                    </section>
                  ))}
                </div>
              )}
              <Text className={s.muted}>
                计分口径保存在隐藏工作表“_决算助手设置”中。
                写入后可按“撤销”恢复原内容。{props.browser ? '原文件不会改动。' : ''}
              </Text>
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={props.onCancel} data-testid="perf-cancel">取消</Button>
            <Button appearance="primary" onClick={props.onConfirm} data-testid="perf-confirm">
              {n > 0 ? `写入 ${n} 个单元格` : '保存计分口径'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

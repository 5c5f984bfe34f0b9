/**
 * The 检查 tab: a verdict first, then errors, then warnings, infos collapsed (per rule and table);
 * recognition as one line (expanded when uncertain); the most likely wrong cells; mark / clear / jump;
 * the printable 检查报告.
 */
import * as React from 'react';
import {
  Badge, Button, Dropdown, Field, Input, makeStyles, mergeClasses, MessageBar, MessageBarBody, MessageBarTitle, Option,
  ProgressBar, Radio, RadioGroup, Text, ToggleButton, tokens,
} from '@fluentui/react-components';
import { countBySeverity, Finding, SEVERITY_LABEL, Severity, Suspect } from '../../core/finding';
import { ValueEdit } from '../../core/plan';
import { buildReport, reportHtml, verdictOf } from '../../core/report';
import { BrowserHost, saveBlob } from '../browser-host';
import { WorkbookHost } from '../host';
import { messageOf, PaneMessage } from '../messages';
import {
  clearNotice, FindingFilter, ListItem, NO_FILTER, organizeFindings, Override, recognition, SheetRow, suggestionEdit, TABLE_IDS, tableLabel,
  undoEdit, withOverride,
} from './logic';
import { CheckRun, runCheck, StageId, STAGES } from './run';
import { FindingBody } from '../FindingBody';
import { usePane, useWorkbookChanges } from '../workbook';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: '8px', padding: '8px 10px 10px 10px', minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', columnGap: '6px', rowGap: '6px', alignItems: 'center' },
  stages: { display: 'flex', columnGap: '4px', listStyleType: 'none', margin: 0, padding: 0, flexWrap: 'wrap' },
  stage: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  stageActive: { color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold },
  stageDone: { color: tokens.colorNeutralForeground1 },
  section: { display: 'flex', flexDirection: 'column', rowGap: '6px' },
  h: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  verdict: {
    margin: 0, padding: '8px 10px', borderRadius: tokens.borderRadiusMedium, fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightSemibold, borderLeft: '4px solid',
  },
  vError: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorPaletteRedForeground1, borderLeftColor: tokens.colorPaletteRedBorder2 },
  vWarning: { backgroundColor: tokens.colorPaletteYellowBackground1, color: tokens.colorPaletteDarkOrangeForeground1, borderLeftColor: tokens.colorPaletteDarkOrangeBorder1 },
  vOk: { backgroundColor: tokens.colorPaletteGreenBackground1, color: tokens.colorPaletteGreenForeground1, borderLeftColor: tokens.colorPaletteGreenBorder2 },
  vNone: { backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground1, borderLeftColor: tokens.colorNeutralStroke1 },
  recog: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: '6px', fontSize: tokens.fontSizeBase200 },
  tables: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '4px' },
  tableRow: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: '6px' },
  sheetName: { flexBasis: 0, flexGrow: 1, minWidth: '80px', overflowWrap: 'anywhere', fontSize: tokens.fontSizeBase200 },
  tableDropdown: { width: '112px', minWidth: '112px', flexShrink: 0 },
  dropdown: { minWidth: '150px', maxWidth: '100%' },
  doubt: { color: tokens.colorPaletteDarkOrangeForeground1, fontSize: tokens.fontSizeBase200, flexBasis: '100%' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '4px' },
  sevTitle: { margin: '4px 0 0 0', fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  groupTitle: { margin: '4px 0 0 0', fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  disclosure: { alignSelf: 'flex-start', paddingLeft: 0, minWidth: 0, fontWeight: tokens.fontWeightSemibold },
  item: {
    display: 'block', width: '100%', textAlign: 'left', cursor: 'pointer', padding: '6px 8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1, font: 'inherit',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  itemCurrent: { border: `2px solid ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  suspect: {
    padding: '6px 8px', border: `1px solid ${tokens.colorPaletteRedBorder2}`, borderRadius: tokens.borderRadiusMedium,
    display: 'flex', flexDirection: 'column', rowGap: '4px', fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere',
  },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  chipOn: { fontWeight: tokens.fontWeightBold },
});

const VERDICT_CLASS = { error: 'vError', warning: 'vWarning', ok: 'vOk', none: 'vNone' } as const;

export interface CheckTabProps {
  host: WorkbookHost;
  /** Set when the host can't run at all (e.g. ExcelApi 1.1 missing). */
  fatal?: PaneMessage | null;
}

/** The report as a page of its own (browser: new tab; Excel or a blocked pop-up: an .html download). */
function openReport(html: string, name: string, excel: boolean): void {
  const blob = new Blob([html], { type: 'text/html;charset=utf-8' });
  if (!excel) {
    const url = URL.createObjectURL(blob);
    const w = window.open(url, '_blank');
    if (w) {
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return;
    }
    URL.revokeObjectURL(url);
  }
  saveBlob(blob, name);
}

export function CheckTab({ host, fatal }: CheckTabProps): React.ReactElement {
  const s = useStyles();
  const { bus } = usePane();
  const [busy, setBusy] = React.useState(false);
  const [stage, setStage] = React.useState<StageId | null>(null);
  const [done, setDone] = React.useState<StageId[]>([]);
  const [run, setRun] = React.useState<CheckRun | null>(null);
  const [error, setError] = React.useState<PaneMessage | null>(null);
  const [notice, setNotice] = React.useState<PaneMessage | null>(null);
  const [markMode, setMarkMode] = React.useState<'mark' | 'list'>('mark');
  const [filter, setFilter] = React.useState<FindingFilter>(NO_FILTER);
  const [current, setCurrent] = React.useState<number>(-1);
  const [showInfos, setShowInfos] = React.useState(false);
  /** null: follow the run (expanded when uncertain); else the user's choice. */
  const [recogOpen, setRecogOpen] = React.useState<boolean | null>(null);
  const [showOthers, setShowOthers] = React.useState(false);
  const [adopted, setAdopted] = React.useState<ValueEdit | null>(null);
  const itemRefs = React.useRef(new Map<number, HTMLButtonElement>());
  const browser = host instanceof BrowserHost ? host : null;
  const fileName = host.workbookName();

  const check = React.useCallback(async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    setDone([]);
    setCurrent(-1);
    const seen: StageId[] = [];
    try {
      const r = await runCheck(host, {
        mark: markMode === 'mark',
        withNotes: true,
        onStage: (st) => {
          if (seen.length) setDone([...seen]);
          seen.push(st);
          setStage(st);
        },
      });
      setDone([...seen]);
      setRun(r);
      if (browser) {
        // 下载 marks the copy with the findings of the working copy as it is then.
        browser.wantMarks(true);
        bus.emit('check', 'marks');
      }
      if (r.markError) setError(messageOf(r.markError));
      else if (r.mark?.warnings.length) setNotice({ title: '部分单元格未标记', text: r.mark.warnings.join(' '), intent: 'warning' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setStage(null);
      setBusy(false);
    }
  }, [host, markMode, browser, bus]);

  // Another tab wrote (or a file was opened): check again what the workbook now holds.
  useWorkbookChanges('check', (e) => {
    if (e.kind === 'open') {
      setRun(null);
      setFilter(NO_FILTER);
      setRecogOpen(null);
      setAdopted(null);
      void check();
    } else if (run) {
      void check();
    }
  });

  const clear = React.useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      setNotice(clearNotice(await host.clearMarks()));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }, [host]);

  const changeOverride = React.useCallback(async (sheet: string, value: Override | 'auto') => {
    if (!run) return;
    try {
      await host.saveSettings(withOverride(run.settings, sheet, value));
      await check();
    } catch (e) {
      setError(messageOf(e));
    }
  }, [host, run, check]);

  const adopt = async (edit: ValueEdit, undo: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await host.applyEdits({ edits: [undo ? undoEdit(edit) : edit] });
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
      return;
    }
    setAdopted(undo ? null : edit);
    // Check again what the workbook now holds; the notice comes after (check() clears notices).
    await check();
    setNotice({
      title: undo ? '已撤销' : '已采用建议值',
      text: undo ? `${edit.sheet}!${edit.address} 已恢复为原值。` : `${edit.sheet}!${edit.address} 已改为 ${edit.value}。可按“撤销”恢复原值。`,
      intent: 'success',
    });
  };

  const report = () => {
    if (!run) return;
    const r = buildReport({ result: run.result, snapshot: run.snapshot, file: fileName });
    const base = (fileName ?? '工作簿').replace(/\.xlsx$/i, '');
    openReport(reportHtml(r), `${base}.检查报告.html`, host.mode === 'excel');
  };

  const org = React.useMemo(
    () => (run ? organizeFindings(run.findings, filter) : { errors: [], warnings: [], infoGroups: [], infoCount: 0, order: [] as Finding[] }),
    [run, filter],
  );
  const { order } = org;
  const firstInfo = org.errors.length + org.warnings.length;

  const go = React.useCallback(async (i: number, focus = true) => {
    if (i < 0 || i >= order.length) return;
    setCurrent(i);
    if (i >= firstInfo) setShowInfos(true);
    // The item may only now be rendered (infos expanded): focus after the render.
    setTimeout(() => {
      const el = itemRefs.current.get(i);
      if (focus) el?.focus();
      el?.scrollIntoView?.({ block: 'nearest' });
    }, 0);
    if (host.features.select) {
      try {
        await host.select(order[i].cells);
      } catch (e) {
        setError(messageOf(e));
      }
    }
  }, [order, host, firstInfo]);

  const onListKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const base = current < 0 ? (e.key === 'ArrowDown' ? -1 : order.length) : current;
      void go(base + (e.key === 'ArrowDown' ? 1 : -1));
    }
  };

  const chip = (sev: Severity) => {
    const on = filter.severity !== sev;
    setFilter({ ...filter, severity: on ? sev : 'all' });
    setCurrent(-1);
    if (on && sev === 'info') setShowInfos(true);
  };

  const counts = run ? countBySeverity(run.findings) : null;
  const verdict = run ? verdictOf(run.result) : null;
  const recog = run ? recognition(run.snapshot, run.result.tables, run.settings, run.unrecognized) : null;
  const recogShown = recog ? recogOpen ?? recog.uncertain : false;
  const suspects = run?.result.suspects ?? [];
  const adoptedGone = !!adopted && !suspects.some((sp) => sp.sheet === adopted.sheet && sp.address === adopted.address);
  const canCheck = !fatal && !busy && (!browser || !!fileName);

  const renderItem = ({ finding: f, index }: ListItem) => (
    <li key={index}>
      <button type="button" ref={(el) => { if (el) itemRefs.current.set(index, el); else itemRefs.current.delete(index); }}
        className={mergeClasses(s.item, index === current && s.itemCurrent)}
        aria-current={index === current ? 'true' : undefined}
        onClick={() => void go(index, false)} data-testid="finding" data-rule={f.rule} data-severity={f.severity}>
        <FindingBody finding={f} expanded={index === current} snapshot={run!.snapshot} cellsTestId="cells" />
      </button>
    </li>
  );

  return (
    <div className={s.root}>
      {fatal && (
        <MessageBar intent="error"><MessageBarBody><MessageBarTitle>{fatal.title}</MessageBarTitle>{fatal.text}</MessageBarBody></MessageBar>
      )}

      <div className={s.row}>
        <Button appearance="primary" disabled={!canCheck} onClick={() => void check()} data-testid="check">{run ? '重新检查' : '检查'}</Button>
        {host.features.marks && (
          <Button disabled={busy || !!fatal} onClick={() => void clear()} data-testid="clear">清除标记</Button>
        )}
        {run && <Button disabled={busy} onClick={report} data-testid="report">检查报告</Button>}
      </div>
      {host.features.marks && !run && (
        <Field label="检查后">
          <RadioGroup layout="horizontal" value={markMode} onChange={(_, d) => setMarkMode(d.value as 'mark' | 'list')}>
            <Radio value="mark" label="在表格上标记" />
            <Radio value="list" label="仅列出" />
          </RadioGroup>
        </Field>
      )}

      {busy && (
        <div className={s.section} aria-live="polite">
          <ol className={s.stages} aria-label="检查进度">
            {STAGES.filter((st) => st.id !== 'mark' || host.features.marks).map((st, i) => (
              <li key={st.id} className={mergeClasses(s.stage, done.includes(st.id) && s.stageDone, stage === st.id && s.stageActive)}
                aria-current={stage === st.id ? 'step' : undefined} data-testid={`stage-${st.id}`}>
                {i > 0 ? '→ ' : ''}{st.label}{done.includes(st.id) && stage !== st.id ? ' ✓' : ''}
              </li>
            ))}
          </ol>
          <ProgressBar aria-label="正在检查" />
        </div>
      )}

      {error && (
        <MessageBar intent="error" data-testid="error"><MessageBarBody><MessageBarTitle>{error.title}</MessageBarTitle>{error.text}</MessageBarBody></MessageBar>
      )}
      {notice && (
        <MessageBar intent={notice.intent} data-testid="notice"><MessageBarBody><MessageBarTitle>{notice.title}</MessageBarTitle>{notice.text}</MessageBarBody></MessageBar>
      )}

      {run && verdict && (
        <p className={mergeClasses(s.verdict, s[VERDICT_CLASS[verdict.level]])} role="status" data-testid="verdict" data-level={verdict.level}>
          {verdict.text}
        </p>
      )}

      {run && recog && (
        <section className={s.section} aria-label="报表识别">
          <div className={s.recog}>
            <Text size={200} data-testid="recognition">{recog.line}</Text>
            <Button size="small" appearance="transparent" aria-expanded={recogShown} aria-controls="recog-list"
              onClick={() => setRecogOpen(!recogShown)} data-testid="recognition-toggle">
              {recogShown ? '收起' : '查看/更正'}
            </Button>
          </div>
          {recogShown && (
            <div id="recog-list" className={s.section}>
              <ul className={s.tables} data-testid="tables">
                {recog.rows.map((r) => <SheetItem key={r.sheet} r={r} busy={busy} onChange={changeOverride} />)}
                {recog.rows.length === 0 && <li className={s.muted}>没有识别到报表。</li>}
              </ul>
              {recog.others.length > 0 && (
                <>
                  <Button size="small" appearance="transparent" className={s.disclosure} aria-expanded={showOthers}
                    onClick={() => setShowOthers(!showOthers)} data-testid="others-toggle">
                    {showOthers ? '隐藏' : '显示'}其他工作表（{recog.others.length}），可指定为某张报表
                  </Button>
                  {showOthers && (
                    <ul className={s.tables} data-testid="other-sheets">
                      {recog.others.map((r) => <SheetItem key={r.sheet} r={r} busy={busy} onChange={changeOverride} />)}
                    </ul>
                  )}
                </>
              )}
            </div>
          )}
        </section>
      )}

      {run && (suspects.length > 0 || adoptedGone) && (
        <section className={s.section} aria-labelledby="suspects-h" data-testid="suspects">
          <h2 id="suspects-h" className={s.h}>最可能出错的单元格</h2>
          {adoptedGone && adopted && (
            // The adopted value mended the workbook, so the cell is no longer a suspect: 撤销 stays reachable.
            <div className={mergeClasses(s.suspect, s.row)} data-testid="adopted">
              <span>已将 <strong>{adopted.sheet}!{adopted.address}</strong> 改为建议值 {String(adopted.value)}（原值 {adopted.old === null || adopted.old === undefined ? '空' : String(adopted.old)}）。</span>
              <Button size="small" disabled={busy} onClick={() => void adopt(adopted, true)} data-testid="adopt-undo">撤销</Button>
            </div>
          )}
          <ul className={s.list}>
            {suspects.map((sp, i) => (
              <SuspectItem key={i} sp={sp} run={run} excel={host.mode === 'excel'} busy={busy} adopted={adopted}
                onAdopt={(e, undo) => void adopt(e, undo)} onSelect={() => void host.select([{ sheet: sp.sheet, address: sp.address }])} />
            ))}
          </ul>
        </section>
      )}

      {run && counts && run.findings.length > 0 && (
        <section className={s.section} aria-label="检查结果">
          <div className={s.row} role="group" aria-label="只看某一级别" data-testid="counts">
            {(['error', 'warning', 'info'] as Severity[]).map((sev) => (
              <ToggleButton key={sev} size="small" checked={filter.severity === sev} disabled={counts[sev] === 0 && filter.severity !== sev}
                appearance={filter.severity === sev ? 'primary' : 'secondary'}
                onClick={() => chip(sev)} data-testid={`count-${sev}`}
                title={filter.severity === sev ? '再按一次显示全部' : `只看${SEVERITY_LABEL[sev]}`}>
                {SEVERITY_LABEL[sev]} {counts[sev]}
              </ToggleButton>
            ))}
          </div>
          <div className={s.row}>
            <Input size="small" placeholder="筛选：规则、文字或单元格" aria-label="筛选问题" value={filter.text}
              onChange={(_, d) => setFilter({ ...filter, text: d.value })} style={{ flexGrow: 1, minWidth: '120px' }} />
            <Dropdown size="small" aria-label="按报表筛选" className={s.dropdown}
              value={filter.table === 'all' ? '全部报表' : tableLabel(filter.table)}
              selectedOptions={[filter.table]}
              onOptionSelect={(_, d) => setFilter({ ...filter, table: d.optionValue ?? 'all' })}>
              <Option value="all">全部报表</Option>
              {[...new Set(run.findings.map((f) => f.table ?? 'WORKBOOK'))].map((k) => <Option key={k} value={k}>{tableLabel(k)}</Option>)}
            </Dropdown>
          </div>
          <div className={s.row}>
            <Button size="small" disabled={order.length === 0 || current <= 0} onClick={() => void go(current - 1)} data-testid="prev">上一个</Button>
            <Button size="small" disabled={order.length === 0 || current >= order.length - 1} onClick={() => void go(current + 1)} data-testid="next">下一个</Button>
            <Text size={200} className={s.muted} aria-live="polite">
              {order.length ? `${current >= 0 ? current + 1 : '–'} / ${order.length}` : '没有符合筛选条件的问题'}
            </Text>
          </div>

          <div onKeyDown={onListKey} data-testid="findings" className={s.section}>
            {org.errors.length > 0 && (
              <section aria-labelledby="errors-h" className={s.section}>
                <h3 id="errors-h" className={s.sevTitle}>错误（{org.errors.length}）</h3>
                <ul className={s.list}>{org.errors.map(renderItem)}</ul>
              </section>
            )}
            {org.warnings.length > 0 && (
              <section aria-labelledby="warnings-h" className={s.section}>
                <h3 id="warnings-h" className={s.sevTitle}>警告（{org.warnings.length}）</h3>
                <ul className={s.list}>{org.warnings.map(renderItem)}</ul>
              </section>
            )}
            {org.infoCount > 0 && (
              <section aria-label="提示" className={s.section}>
                <Button size="small" appearance="transparent" className={s.disclosure} aria-expanded={showInfos} aria-controls="infos"
                  onClick={() => setShowInfos(!showInfos)} data-testid="infos-toggle"
                  icon={<Badge size="small" appearance="tint" color="informative">{org.infoCount}</Badge>}>
                  {showInfos ? '收起提示' : '提示（取整差异等，一般可忽略）'}
                </Button>
                {showInfos && (
                  <div id="infos" className={s.section} data-testid="infos">
                    {org.infoGroups.map((g) => (
                      <section key={g.key} aria-label={g.label} className={s.section}>
                        <h4 className={s.groupTitle}>{g.label}（{g.items.length}）</h4>
                        <ul className={s.list}>{g.items.map(renderItem)}</ul>
                      </section>
                    ))}
                  </div>
                )}
              </section>
            )}
          </div>
        </section>
      )}
      {!run && !busy && !error && !fatal && (
        <Text className={s.muted}>
          {browser && !fileName ? '请先在上方打开一个 .xlsx 工作簿，打开后自动检查。' : '按“检查”读取本工作簿的九张决算报表并核对勾稽关系。'}
        </Text>
      )}
    </div>
  );
}

function SheetItem(props: { r: SheetRow; busy: boolean; onChange: (sheet: string, v: Override | 'auto') => void }): React.ReactElement {
  const s = useStyles();
  const { r } = props;
  return (
    <li className={s.tableRow}>
      <span className={s.sheetName}>{r.sheet}{r.manual ? '（手动指定）' : ''}</span>
      <TableDropdown sheet={r.sheet} value={r.value} disabled={props.busy} onChange={props.onChange} className={s.tableDropdown} />
      {r.doubts.map((d, i) => <span key={i} className={s.doubt}>⚠ {d}</span>)}
    </li>
  );
}

function SuspectItem(props: {
  sp: Suspect; run: CheckRun; excel: boolean; busy: boolean; adopted: ValueEdit | null;
  onAdopt: (e: ValueEdit, undo: boolean) => void; onSelect: () => void;
}): React.ReactElement {
  const s = useStyles();
  const { sp } = props;
  // 采用建议值 only in Excel, as an explicit click with 撤销 (issue 14: never automatic). Browser mode shows the
  // suggestion but offers no button: the value would go into the download unseen among the session's edits.
  const edit = props.excel ? suggestionEdit(sp, props.run.snapshot) : null;
  const isAdopted = props.adopted && props.adopted.sheet === sp.sheet && props.adopted.address === sp.address;
  return (
    <li className={s.suspect} data-testid="suspect">
      <span><strong>{sp.sheet}!{sp.address}</strong>：{sp.value}{sp.suggested ? <>，建议值 <strong>{sp.suggested}</strong></> : ''}</span>
      <span className={s.muted}>{sp.note}</span>
      {props.excel && (
        <span className={s.row}>
          <Button size="small" onClick={props.onSelect}>定位</Button>
          {edit && !isAdopted && <Button size="small" disabled={props.busy} onClick={() => props.onAdopt(edit, false)} data-testid="adopt">采用建议值</Button>}
          {isAdopted && props.adopted && <Button size="small" disabled={props.busy} onClick={() => props.onAdopt(props.adopted!, true)} data-testid="adopt-undo">撤销</Button>}
        </span>
      )}
    </li>
  );
}

function TableDropdown(props: {
  sheet: string; value: string; disabled: boolean; className: string;
  onChange: (sheet: string, v: Override | 'auto') => void;
}): React.ReactElement {
  // The button shows the short id (narrow pane); the options carry the full titles.
  const label = props.value === 'none' ? '不是报表' : props.value;
  return (
    <Dropdown size="small" className={props.className} aria-label={`工作表“${props.sheet}”是哪张报表`} value={label}
      selectedOptions={[props.value]} disabled={props.disabled}
      onOptionSelect={(_, d) => props.onChange(props.sheet, (d.optionValue ?? 'auto') as Override | 'auto')}>
      <Option value="auto">自动识别</Option>
      {TABLE_IDS.map((id) => <Option key={id} value={id}>{tableLabel(id)}</Option>)}
      <Option value="none">不是决算报表</Option>
    </Dropdown>
  );
}

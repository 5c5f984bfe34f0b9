/** The 检查 tab: run the nine-table check, show tables and findings, mark / clear / jump. */
import * as React from 'react';
import {
  Button, Dropdown, Field, Input, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Option,
  ProgressBar, Radio, RadioGroup, Text, ToggleButton, tokens,
} from '@fluentui/react-components';
import { annotationPlan } from '../../core/marks';
import { countBySeverity, Finding, SEVERITY_LABEL, Severity } from '../../core/finding';
import { BrowserHost, annotatedName } from '../browser-host';
import { WorkbookHost } from '../host';
import { messageOf, PaneMessage } from '../messages';
import {
  ALL_SEVERITIES, FindingFilter, groupFindings, OWN_SHEET_PREFIX, Override, parseOverrides, TABLE_IDS,
  tableLabel, withOverride,
} from './logic';
import { CheckRun, runCheck, StageId, STAGES } from './run';
import { FilePicker } from './FilePicker';
import { FindingBody } from '../FindingBody';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: '10px', padding: '10px', minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', columnGap: '6px', rowGap: '6px', alignItems: 'center' },
  stages: { display: 'flex', columnGap: '4px', listStyleType: 'none', margin: 0, padding: 0, flexWrap: 'wrap' },
  stage: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  stageActive: { fontSize: tokens.fontSizeBase200, color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold },
  stageDone: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground1 },
  section: { display: 'flex', flexDirection: 'column', rowGap: '6px' },
  h: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  tables: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '4px' },
  tableRow: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: '6px' },
  sheetName: { flexBasis: 0, flexGrow: 1, minWidth: '80px', overflowWrap: 'anywhere', fontSize: tokens.fontSizeBase200 },
  tableDropdown: { width: '112px', minWidth: '112px', flexShrink: 0 },
  dropdown: { minWidth: '150px', maxWidth: '100%' },
  doubt: { color: tokens.colorPaletteDarkOrangeForeground1, fontSize: tokens.fontSizeBase200, flexBasis: '100%' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '4px' },
  group: { display: 'flex', flexDirection: 'column', rowGap: '4px' },
  groupTitle: { margin: '6px 0 0 0', fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  sevTitle: { margin: '2px 0 0 0', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  item: {
    display: 'block', width: '100%', textAlign: 'left', cursor: 'pointer', padding: '6px 8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1, font: 'inherit',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  itemCurrent: { border: `2px solid ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  empty: { padding: '16px 8px', textAlign: 'center', color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});


export interface CheckTabProps {
  host: WorkbookHost;
  /** Set when the host can't run at all (e.g. ExcelApi 1.1 missing). */
  fatal?: PaneMessage | null;
}

export function CheckTab({ host, fatal }: CheckTabProps): React.ReactElement {
  const s = useStyles();
  const [busy, setBusy] = React.useState(false);
  const [stage, setStage] = React.useState<StageId | null>(null);
  const [done, setDone] = React.useState<StageId[]>([]);
  const [run, setRun] = React.useState<CheckRun | null>(null);
  const [error, setError] = React.useState<PaneMessage | null>(null);
  const [notice, setNotice] = React.useState<PaneMessage | null>(null);
  const [markMode, setMarkMode] = React.useState<'mark' | 'list'>('mark');
  const [filter, setFilter] = React.useState<FindingFilter>({ severities: { ...ALL_SEVERITIES }, table: 'all', text: '' });
  const [current, setCurrent] = React.useState<number>(-1);
  const [fileName, setFileName] = React.useState<string | null>(host.workbookName());
  const itemRefs = React.useRef(new Map<number, HTMLButtonElement>());
  const browser = host instanceof BrowserHost ? host : null;

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
      if (r.markError) setError(messageOf(r.markError));
      else if (r.mark?.warnings.length) setNotice({ title: '部分单元格未标记', text: r.mark.warnings.join(' '), intent: 'warning' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setStage(null);
      setBusy(false);
    }
  }, [host, markMode]);

  const clear = React.useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await host.clearMarks();
      setNotice({
        title: '已清除标记',
        text: r.restored || r.keptUserChanges
          ? `已恢复 ${r.restored} 个单元格的原格式${r.keptUserChanges ? `；${r.keptUserChanges} 个单元格在标记后被手工改过格式，保留原样` : ''}。`
          : '工作簿中没有决算助手的标记。',
        intent: 'success',
      });
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

  const onFile = React.useCallback(async (name: string, bytes: Uint8Array) => {
    if (!browser) return;
    try {
      browser.open(name, bytes);
      setFileName(name);
      setRun(null);
      await check();
    } catch (e) {
      setError(messageOf(e));
    }
  }, [browser, check]);

  const download = React.useCallback(async () => {
    if (!run || !host.download) return;
    setBusy(true);
    try {
      await host.download(annotationPlan(run.findings, run.result.tables, { suspects: run.result.suspects }), annotatedName(host.workbookName()));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }, [host, run]);

  const { groups, order } = React.useMemo(
    () => (run ? groupFindings(run.findings, filter) : { groups: [], order: [] as Finding[] }),
    [run, filter],
  );

  const go = React.useCallback(async (i: number, focus = true) => {
    if (i < 0 || i >= order.length) return;
    setCurrent(i);
    if (focus) itemRefs.current.get(i)?.focus();
    itemRefs.current.get(i)?.scrollIntoView?.({ block: 'nearest' });
    if (host.features.select) {
      try {
        await host.select(order[i].cells);
      } catch (e) {
        setError(messageOf(e));
      }
    }
  }, [order, host]);

  const onListKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const base = current < 0 ? (e.key === 'ArrowDown' ? -1 : order.length) : current;
      void go(base + (e.key === 'ArrowDown' ? 1 : -1));
    }
  };

  const counts = run ? countBySeverity(run.findings) : null;
  const canCheck = !fatal && !busy && (!browser || !!fileName);

  return (
    <div className={s.root}>
      {fatal && (
        <MessageBar intent="error"><MessageBarBody><MessageBarTitle>{fatal.title}</MessageBarTitle>{fatal.text}</MessageBarBody></MessageBar>
      )}
      {browser && <FilePicker fileName={fileName} disabled={busy} onFile={onFile} />}

      <div className={s.row}>
        <Button appearance="primary" disabled={!canCheck} onClick={() => void check()} data-testid="check">检查</Button>
        {host.features.marks && (
          <Button disabled={busy || !!fatal} onClick={() => void clear()} data-testid="clear">清除标记</Button>
        )}
        {host.features.download && (
          <Button disabled={busy || !run} onClick={() => void download()} data-testid="download">下载标注副本</Button>
        )}
      </div>
      {host.features.marks && (
        <Field label="检查后">
          <RadioGroup layout="horizontal" value={markMode} onChange={(_, d) => setMarkMode(d.value as 'mark' | 'list')}>
            <Radio value="mark" label="在表格上标记" />
            <Radio value="list" label="仅列出" />
          </RadioGroup>
        </Field>
      )}

      {(busy || done.length > 0) && (
        <div className={s.section} aria-live="polite">
          <ol className={s.stages} aria-label="检查进度">
            {STAGES.filter((st) => st.id !== 'mark' || host.features.marks).map((st, i) => (
              <li key={st.id} className={stage === st.id ? s.stageActive : done.includes(st.id) ? s.stageDone : s.stage}
                aria-current={stage === st.id ? 'step' : undefined} data-testid={`stage-${st.id}`}>
                {i > 0 ? '→ ' : ''}{st.label}{done.includes(st.id) && stage !== st.id ? ' ✓' : ''}
              </li>
            ))}
          </ol>
          {busy && <ProgressBar aria-label="正在检查" />}
        </div>
      )}

      {error && (
        <MessageBar intent="error" data-testid="error"><MessageBarBody><MessageBarTitle>{error.title}</MessageBarTitle>{error.text}</MessageBarBody></MessageBar>
      )}
      {notice && (
        <MessageBar intent={notice.intent} data-testid="notice"><MessageBarBody><MessageBarTitle>{notice.title}</MessageBarTitle>{notice.text}</MessageBarBody></MessageBar>
      )}

      {run && (
        <section className={s.section} aria-labelledby="tables-h">
          <h2 id="tables-h" className={s.h}>识别的报表</h2>
          <ul className={s.tables} data-testid="tables">
            {sheetRows(run).map((r) => (
              <li key={r.sheet} className={s.tableRow}>
                <span className={s.sheetName}>{r.sheet}{r.manual ? '（手动指定）' : ''}</span>
                <TableDropdown sheet={r.sheet} value={r.value} disabled={busy} onChange={changeOverride} className={s.tableDropdown} />
                {r.doubts.map((d, i) => <span key={i} className={s.doubt}>⚠ {d}</span>)}
              </li>
            ))}
            {sheetRows(run).length === 0 && <li className={s.muted}>未找到工作表</li>}
          </ul>
        </section>
      )}

      {run && counts && (
        <section className={s.section} aria-labelledby="findings-h">
          <h2 id="findings-h" className={s.h}>检查结果</h2>
          <div className={s.row} role="group" aria-label="按级别筛选" data-testid="counts">
            {(['error', 'warning', 'info'] as Severity[]).map((sev) => (
              <ToggleButton key={sev} size="small" checked={filter.severities[sev]}
                onClick={() => setFilter({ ...filter, severities: { ...filter.severities, [sev]: !filter.severities[sev] } })}
                data-testid={`count-${sev}`}>
                {SEVERITY_LABEL[sev]} {counts[sev]}
              </ToggleButton>
            ))}
          </div>
          {run.findings.length > 0 && (
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
          )}
          {run.findings.length > 0 && (
            <div className={s.row}>
              <Button size="small" disabled={order.length === 0 || current <= 0} onClick={() => void go(current - 1)} data-testid="prev">上一个</Button>
              <Button size="small" disabled={order.length === 0 || current >= order.length - 1} onClick={() => void go(current + 1)} data-testid="next">下一个</Button>
              <Text size={200} className={s.muted} aria-live="polite">
                {order.length ? `${current >= 0 ? current + 1 : '–'} / ${order.length}` : '没有符合筛选条件的问题'}
              </Text>
            </div>
          )}

          {run.findings.length === 0 ? (
            <div className={s.empty} role="status" data-testid="empty">未发现问题</div>
          ) : (
            <div onKeyDown={onListKey} data-testid="findings">
              {groups.map((g) => (
                <section key={g.key} className={s.group} aria-label={g.label}>
                  <h3 className={s.groupTitle}>{g.label}（{g.count}）</h3>
                  {g.bySeverity.map((b) => (
                    <div key={b.severity} className={s.group}>
                      <h4 className={s.sevTitle}>{SEVERITY_LABEL[b.severity]}</h4>
                      <ul className={s.list}>
                        {b.items.map(({ finding: f, index }) => (
                          <li key={index}>
                            <button type="button" ref={(el) => { if (el) itemRefs.current.set(index, el); else itemRefs.current.delete(index); }}
                              className={index === current ? `${s.item} ${s.itemCurrent}` : s.item}
                              aria-current={index === current ? 'true' : undefined}
                              onClick={() => void go(index, false)} data-testid="finding" data-rule={f.rule}>
                              <FindingBody finding={f} expanded={index === current} snapshot={run.snapshot} cellsTestId="cells" />
                            </button>
                          </li>
                        ))}
                      </ul>
                    </div>
                  ))}
                </section>
              ))}
            </div>
          )}
        </section>
      )}
      {!run && !busy && !error && !browser && !fatal && (
        <Text className={s.muted}>按“检查”读取本工作簿的九张决算报表并核对勾稽关系。</Text>
      )}
    </div>
  );
}

/** One row per sheet: recognised tables, unrecognised sheets and sheets the user set aside. */
function sheetRows(run: CheckRun): { sheet: string; value: string; manual: boolean; doubts: string[] }[] {
  const overrides = parseOverrides(run.settings);
  const rows: { sheet: string; value: string; manual: boolean; doubts: string[] }[] = [];
  for (const sh of run.snapshot.sheets) {
    if (sh.name.startsWith(OWN_SHEET_PREFIX)) continue;
    const t = run.result.tables.find((x) => x.sheet === sh.name);
    const manual = sh.name in overrides;
    if (!t && !manual && sh.visible === false && !run.unrecognized.includes(sh.name)) continue;
    rows.push({ sheet: sh.name, value: t ? t.table : 'none', manual, doubts: t?.doubts ?? [] });
  }
  return rows;
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

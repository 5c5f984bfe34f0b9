/**
 * The 说明 tab: 补充信息 (create/open, import last year's workbook), drafting options stored in the
 * workbook, 生成说明 with a preview, 写入工作簿 (Excel) or 下载含说明的工作簿 (browser mode), the
 * open placeholders with jump-to-cell, and 导出 .docx. Every workbook call goes through the host.
 */
import * as React from 'react';
import {
  Badge, Button, Field, Input, makeStyles, MessageBar, MessageBarBody,
  MessageBarTitle, Radio, RadioGroup, Select, Spinner, Text, Textarea, tokens,
} from '@fluentui/react-components';
import { readSettings } from '../../core/settings';
import { BrowserHost } from '../browser-host';
import { WorkbookHost } from '../host';
import { messageOf, PaneMessage } from '../messages';
import {
  docxBytes, DOCX_MIME, generate, Generated, importPrior, NarrativeError, openFactsSheet, PriorWorkbook, saveBlob, saveFact,
  saveOptions, writeDraft,
} from './actions';
import {
  DEFAULT_FORM, docxName, factFormValue, formFromSettings, isLongFact, formProblems, jumpTarget, LAYOUT_LABEL, LayoutName, openPlaceholders, OpenPlaceholder,
  OptionsForm, previewOf, REASON_LABEL, ReasonMode,
} from './logic';
import { FileButton } from './FileButton';
import { useWorkbookChanges } from '../workbook';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: '10px', padding: '10px', minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', columnGap: '6px', rowGap: '6px', alignItems: 'center' },
  section: { display: 'flex', flexDirection: 'column', rowGap: '6px', minWidth: 0 },
  h: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  options: { display: 'flex', flexDirection: 'column', rowGap: '8px', paddingLeft: '8px' },
  disclosure: { alignSelf: 'flex-start', fontWeight: tokens.fontWeightSemibold, paddingLeft: 0, minWidth: 0 },
  chevron: { display: 'inline-block', fontSize: tokens.fontSizeBase400, transitionProperty: 'transform', transitionDuration: tokens.durationFaster },
  chevronOpen: { display: 'inline-block', fontSize: tokens.fontSizeBase400, transform: 'rotate(90deg)', transitionProperty: 'transform', transitionDuration: tokens.durationFaster },
  preview: {
    maxHeight: '48vh', overflowY: 'auto', padding: '8px 10px', border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground2,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  pTitle: { margin: '0 0 8px 0', textAlign: 'center', fontWeight: tokens.fontWeightBold, fontSize: tokens.fontSizeBase400 },
  pPart: { margin: '10px 0 4px 0', fontWeight: tokens.fontWeightBold, fontSize: tokens.fontSizeBase300 },
  pSection: { margin: '8px 0 4px 0', fontWeight: tokens.fontWeightBold, fontSize: tokens.fontSizeBase300 },
  pSub: { margin: '6px 0 2px 0', fontWeight: tokens.fontWeightBold, fontSize: tokens.fontSizeBase200 },
  pBody: { margin: '0 0 6px 0', textIndent: '2em', fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase300, overflowWrap: 'anywhere' },
  hole: { backgroundColor: tokens.colorPaletteYellowBackground2, color: tokens.colorNeutralForeground1, padding: '0 1px' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '4px' },
  item: {
    display: 'block', width: '100%', textAlign: 'left', cursor: 'pointer', padding: '5px 8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1, font: 'inherit',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  itemStatic: { padding: '5px 8px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  itemHead: { display: 'flex', columnGap: '6px', alignItems: 'center', flexWrap: 'wrap' },
  itemLabel: { fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  itemWhere: { display: 'block', fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

export interface NarrativeTabProps {
  host: WorkbookHost;
  fatal?: PaneMessage | null;
}

type Busy = null | 'facts' | 'prior' | 'generate' | 'write' | 'docx' | 'options' | 'open';

const BUSY_LABEL: Record<Exclude<Busy, null>, string> = {
  facts: '正在准备“补充信息”…',
  prior: '正在读取上年决算…',
  generate: '正在生成说明…',
  write: '正在写入…',
  docx: '正在生成 .docx…',
  options: '正在保存选项…',
  open: '正在打开…',
};

/** Errors as the pane's Chinese messages. */
function paneMessage(e: unknown): PaneMessage {
  if (e instanceof NarrativeError) return { title: e.title, text: e.message, intent: 'error' };
  const m = messageOf(e);
  if (!/[\u4e00-\u9fff]/.test(m.text)) return { ...m, text: `处理时出现意外错误（${m.text || '未知错误'}）。工作簿未被修改。` };
  return m;
}

const HEADING_LEVEL: Record<string, number> = { title: 2, part: 3, section: 4, subsection: 5 };

export function NarrativeTab({ host, fatal }: NarrativeTabProps): React.ReactElement {
  const s = useStyles();
  const browser = host instanceof BrowserHost ? host : null;
  const [busy, setBusy] = React.useState<Busy>(null);
  const [error, setError] = React.useState<PaneMessage | null>(null);
  const [notice, setNotice] = React.useState<PaneMessage | null>(null);
  const [warning, setWarning] = React.useState<string | null>(null);
  const [form, setForm] = React.useState<OptionsForm>(DEFAULT_FORM);
  const [formLoaded, setFormLoaded] = React.useState(false);
  const [optionsOpen, setOptionsOpen] = React.useState(false);
  const [prior, setPrior] = React.useState<PriorWorkbook | null>(null);
  const [shown, setShown] = React.useState<Generated | null>(null);
  const [stale, setStale] = React.useState(false);
  /** The workbook as last known (after a write: with the draft), for jump-to-cell. */
  const [current, setCurrent] = React.useState<Generated['snapshot'] | null>(null);
  const [written, setWritten] = React.useState(false);
  const fileName = host.workbookName();
  /** 补充信息 form: the facts shown (kept while being filled) and what is typed, not yet written. */
  const [factKeys, setFactKeys] = React.useState<{ key: string; label: string }[]>([]);
  const [typed, setTyped] = React.useState<Record<string, string>>({});
  const [saving, setSaving] = React.useState(false);
  const [factsOpen, setFactsOpen] = React.useState(false);
  const saveChain = React.useRef<Promise<void>>(Promise.resolve());
  const timers = React.useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const needFile = !!browser && !fileName;
  const disabled = !!fatal || busy !== null || needFile;
  const problems = formProblems(form);

  const run = React.useCallback(async (kind: Exclude<Busy, null>, fn: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    setNotice(null);
    setWarning(null);
    try {
      await fn();
    } catch (e) {
      setError(paneMessage(e));
    } finally {
      setBusy(null);
    }
  }, []);

  const reset = () => {
    setShown(null);
    setCurrent(null);
    setPrior(null);
    setFormLoaded(false);
    setWritten(false);
    setNotice(null);
    setError(null);
    setWarning(null);
    setFactKeys([]);
    setTyped({});
  };

  /** Draft again from the workbook as it is now (after a fact was typed, or another tab wrote). */
  const redraft = React.useCallback(async () => {
    try {
      const g = await generate(host, form, prior);
      setShown(g);
      setCurrent(g.snapshot);
      setStale(false);
      setWritten(false);
      setFactKeys((keys) => mergeFactKeys(keys, g));
    } catch (e) {
      setError(paneMessage(e));
    }
  }, [host, form, prior]);

  // Another file opened: what was shown belongs to the old one. Another tab wrote (scores filled,
  // recognition corrected…): draft again from the workbook as it is now.
  useWorkbookChanges('narrative', (e) => {
    if (e.kind === 'open') reset();
    else if (shown) void redraft();
  });

  const commitFact = (key: string) => {
    const t = timers.current.get(key);
    if (t) { clearTimeout(t); timers.current.delete(key); }
    const raw = typed[key];
    if (raw === undefined) return;
    setSaving(true);
    saveChain.current = saveChain.current.then(async () => {
      try {
        if (await saveFact(host, form, key, raw)) await redraft();
        setTyped((x) => { const n = { ...x }; if (n[key] === raw) delete n[key]; return n; });
      } catch (e) {
        setError(paneMessage(e));
      } finally {
        setSaving(false);
      }
    });
  };

  const typeFact = (key: string, value: string) => {
    setTyped((x) => ({ ...x, [key]: value }));
  };

  // Write a typed fact shortly after the typing stops (the draft then updates).
  React.useEffect(() => {
    for (const key of Object.keys(typed)) {
      const old = timers.current.get(key);
      if (old) clearTimeout(old);
      timers.current.set(key, setTimeout(() => commitFact(key), 700));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);

  const onFacts = () => void run('facts', async () => {
    const r = await openFactsSheet(host, prior);
    setNotice({ title: r.created ? '已创建“补充信息”' : '“补充信息”', text: r.text, intent: 'success' });
    if (shown) setStale(true);
  });

  const onPrior = (name: string, bytes: Uint8Array) => void run('prior', async () => {
    const r = await importPrior(host, name, bytes);
    setPrior(r.prior);
    setNotice({ title: '已导入上年决算', text: r.text, intent: 'success' });
    if (r.warning) setWarning(r.warning);
    if (shown) setStale(true);
  });

  const show = (g: Generated) => {
    setShown(g);
    setCurrent(g.snapshot);
    setStale(false);
    setWritten(false);
    setFactKeys((keys) => mergeFactKeys(keys, g));
    if (g.warning) setWarning(g.warning);
  };

  const onGenerate = () => void run('generate', async () => {
    // First use: the options stored in the workbook; afterwards the form (saved on every change).
    const g = await generate(host, formLoaded ? form : null, prior);
    setForm(g.form);
    setFormLoaded(true);
    show(g);
  });

  const onWrite = () => void run('write', async () => {
    if (!shown) return;
    const r = await writeDraft(host, shown, prior);
    if (r.kind === 'changed') {
      show(r.fresh);
      setWarning(r.text);
      return;
    }
    setCurrent(r.after);
    setWritten(true);
    setNotice({ title: '已写入工作簿', text: `${r.text}${browser ? '按上方“下载”保存。' : ''}`, intent: 'success' });
  });

  const onDocx = () => void run('docx', async () => {
    if (!shown) return;
    const bytes = await docxBytes(shown.prepared);
    const name = docxName(shown.prepared.draft, host.workbookName());
    saveBlob(new Blob([bytes as BlobPart], { type: DOCX_MIME }), name);
    setNotice({ title: '已导出 .docx', text: `已下载“${name}”（${shown.prepared.draft.paragraphs.length} 段）。`, intent: 'success' });
  });

  const loadOptions = () => {
    if (formLoaded || disabled) return;
    void run('options', async () => {
      const snap = await host.read();
      setForm(formFromSettings(readSettings(snap)));
      setFormLoaded(true);
    });
  };

  const changeForm = (patch: Partial<OptionsForm>, save = true) => {
    const next = { ...form, ...patch };
    setForm(next);
    if (shown) setStale(true);
    if (save && formProblems(next).length === 0) {
      void run('options', async () => {
        await saveOptions(host, next);
        setFormLoaded(true);
      });
    }
  };

  const onJump = (ph: OpenPlaceholder) => {
    if (!current) return;
    const t = jumpTarget(ph, current);
    if (!t.ok) {
      setError(null);
      setNotice({ title: '无法定位', text: t.message, intent: 'info' });
      return;
    }
    void host.select(t.cells).catch((e) => setError(paneMessage(e)));
  };

  const placeholders = React.useMemo(() => (shown ? openPlaceholders(shown.prepared.draft, shown.after) : []), [shown]);
  const preview = React.useMemo(() => (shown ? previewOf(shown.prepared.draft) : []), [shown]);
  const total = shown?.prepared.draft.placeholders.length ?? 0;

  const paraClass = (style: string) =>
    style === 'title' ? s.pTitle : style === 'part' ? s.pPart : style === 'section' ? s.pSection : style === 'subsection' ? s.pSub : s.pBody;

  return (
    <div className={s.root}>
      {fatal && (
        <MessageBar intent="error"><MessageBarBody><MessageBarTitle>{fatal.title}</MessageBarTitle>{fatal.text}</MessageBarBody></MessageBar>
      )}
      {needFile && <Text className={s.muted} data-testid="nar-file">请先在上方打开本年的决算工作簿。文件只在本页面中读取。</Text>}

      <section className={s.section} aria-labelledby="nar-facts-h">
        <h2 id="nar-facts-h" className={s.h}>补充信息</h2>
        <Text className={s.muted}>报表中没有的内容（年初预算数、人员、职能、变动原因等）在工作表“补充信息”中填写；上年数字可从上年决算工作簿导入。</Text>
        <div className={s.row}>
          <Button disabled={disabled} onClick={onFacts} data-testid="nar-facts">创建/打开补充信息</Button>
          <FileButton label="导入上年决算…" disabled={disabled} inputTestId="nar-prior-input" buttonTestId="nar-prior"
            inputLabel="选择上年决算工作簿" onFile={onPrior} />
        </div>
        {prior && <Text className={s.muted} data-testid="nar-prior-name">上年决算：{prior.name}{prior.year ? `（${prior.year} 年度）` : ''}</Text>}
        {shown && factKeys.length > 0 && (
          <Button appearance="transparent" size="small" className={s.disclosure} aria-expanded={factsOpen} aria-controls="nar-facts-form"
            icon={<span aria-hidden="true" className={factsOpen ? s.chevronOpen : s.chevron}>›</span>}
            onClick={() => setFactsOpen(!factsOpen)} data-testid="nar-facts-toggle">
            在此填写补充信息（{factKeys.length} 项）
          </Button>
        )}
        {shown && factsOpen && factKeys.length > 0 && (
          <div className={s.section} id="nar-facts-form" data-testid="nar-facts-form" role="group" aria-label="填写补充信息">
            <Text className={s.muted}>填写后写入工作表“补充信息”，下方预览随即更新。{saving ? '正在保存…' : ''}</Text>
            {factKeys.map(({ key, label }) => {
              const value = typed[key] ?? factFormValue(current, key);
              const onChange = (_: unknown, d: { value: string }) => typeFact(key, d.value);
              return (
                <Field key={key} label={label} size="small">
                  {isLongFact(key)
                    ? <Textarea size="small" value={value} resize="vertical" onChange={onChange} onBlur={() => commitFact(key)} data-fact={key} disabled={!!fatal} />
                    : <Input size="small" value={value} onChange={onChange} onBlur={() => commitFact(key)} data-fact={key} disabled={!!fatal}
                      onKeyDown={(e) => { if (e.key === 'Enter') commitFact(key); }} />}
                </Field>
              );
            })}
          </div>
        )}
      </section>

      <div className={s.section}>
        <Button appearance="transparent" size="small" className={s.disclosure} aria-expanded={optionsOpen} aria-controls="nar-options"
          icon={<span aria-hidden="true" className={optionsOpen ? s.chevronOpen : s.chevron}>›</span>}
          onClick={() => { const open = !optionsOpen; setOptionsOpen(open); if (open) loadOptions(); }} data-testid="nar-options-toggle">
          选项
        </Button>
        {optionsOpen && (
          <div className={s.options} id="nar-options" data-testid="nar-options">
            <Field label="上年为 0 时的增长写法">
              <RadioGroup value={form.zeroBase} disabled={busy !== null} onChange={(_, d) => changeForm({ zeroBase: d.value as OptionsForm['zeroBase'] })}>
                <Radio value="percent" label="增长100.00%" />
                <Radio value="fromZero" label="由0增加至X万元" />
              </RadioGroup>
            </Field>
            <Field label="与上年相比没有变动时">
              <RadioGroup value={form.flat} disabled={busy !== null} onChange={(_, d) => changeForm({ flat: d.value as OptionsForm['flat'] })}>
                <Radio value="seed" label="增加0.00万元，增长0.00%" />
                <Radio value="flat" label="与上年持平" data-testid="nar-flat" />
              </RadioGroup>
            </Field>
            <Field label="哪些变动需要写原因">
              <Select value={form.reasons} disabled={busy !== null} data-testid="nar-reasons"
                onChange={(_, d) => changeForm({ reasons: d.value as ReasonMode })}>
                {(Object.keys(REASON_LABEL) as ReasonMode[]).map((k) => <option key={k} value={k}>{REASON_LABEL[k]}</option>)}
              </Select>
            </Field>
            {form.reasons === 'threshold' && (
              <div className={s.row}>
                <Field label="金额变动 ≥（万元）" validationMessage={problems.find((p) => p.startsWith('金额')) ?? undefined}>
                  <Input size="small" value={form.minAmount} inputMode="decimal" style={{ width: '110px' }}
                    onChange={(_, d) => changeForm({ minAmount: d.value }, false)} onBlur={() => changeForm({}, true)} />
                </Field>
                <Field label="或变动率 ≥（%）" validationMessage={problems.find((p) => p.startsWith('百分比')) ?? undefined}>
                  <Input size="small" value={form.minPercent} inputMode="decimal" style={{ width: '110px' }}
                    onChange={(_, d) => changeForm({ minPercent: d.value }, false)} onBlur={() => changeForm({}, true)} />
                </Field>
              </div>
            )}
            <Field label="说明格式（地区模板：顺序、编号与句式）">
              <Select value={form.layout} disabled={busy !== null} data-testid="nar-layout"
                onChange={(_, d) => changeForm({ layout: d.value as LayoutName })}>
                {(Object.keys(LAYOUT_LABEL) as LayoutName[]).map((k) => <option key={k} value={k}>{LAYOUT_LABEL[k]}</option>)}
              </Select>
            </Field>
            <Text className={s.muted}>选项保存在工作簿中（隐藏的设置表），下次打开仍然有效。</Text>
          </div>
        )}
      </div>

      <div className={s.row}>
        <Button appearance="primary" disabled={disabled} onClick={onGenerate} data-testid="nar-generate">生成说明</Button>
        {busy && <Spinner size="tiny" label={BUSY_LABEL[busy]} data-testid="nar-busy" />}
      </div>

      {error && (
        <MessageBar intent="error" data-testid="nar-error"><MessageBarBody><MessageBarTitle>{error.title}</MessageBarTitle>{error.text}</MessageBarBody></MessageBar>
      )}
      {warning && (
        <MessageBar intent="warning" data-testid="nar-warning"><MessageBarBody>{warning}</MessageBarBody></MessageBar>
      )}
      {notice && (
        <MessageBar intent={notice.intent} data-testid="nar-notice"><MessageBarBody><MessageBarTitle>{notice.title}</MessageBarTitle>{notice.text}</MessageBarBody></MessageBar>
      )}

      {shown && (
        <section className={s.section} aria-labelledby="nar-preview-h">
          <h2 id="nar-preview-h" className={s.h}>预览（{shown.prepared.draft.paragraphs.length} 段）</h2>
          {stale && <Text className={s.muted} data-testid="nar-stale" role="status">内容或选项已更改，请按“生成说明”更新预览后再写入。</Text>}
          <div className={s.row}>
            <Button appearance="primary" disabled={disabled || stale} onClick={onWrite} data-testid="nar-write">
              {written ? '重新写入工作簿' : '写入工作簿'}
            </Button>
            <Button disabled={disabled} onClick={onDocx} data-testid="nar-docx">导出 .docx</Button>
          </div>
          <Text className={s.muted}>
            写入只替换工作表“决算说明”，并在“补充信息”中新增所需项目、填入空白单元格；已填写的内容和其他工作表不变。
            {host.mode === 'browser' ? '浏览器模式写入打开的工作簿（内存中），按上方“下载”保存；原文件不变。' : ''}
          </Text>
          <Text className={s.muted} data-testid="nar-profile">
            说明格式：{shown.prepared.options.layout.label}
            {shown.form.layout === 'auto' ? `（推测：${shown.prepared.guess.why}；可在“选项”中更改）` : '（已选定）'}
          </Text>
          {shown.prepared.notes.map((n) => <Text key={n} className={s.muted} data-testid="nar-note">{n}</Text>)}
          <div className={s.preview} role="region" aria-label="说明预览" tabIndex={0} data-testid="nar-preview">
            {preview.map((p) => {
              const content = p.pieces.map((x, i) => (x.hole ? <mark key={i} className={s.hole}>{x.text}</mark> : <React.Fragment key={i}>{x.text}</React.Fragment>));
              return p.heading
                ? <div key={p.index} role="heading" aria-level={HEADING_LEVEL[p.style]} className={paraClass(p.style)} data-style={p.style}>{content}</div>
                : <p key={p.index} className={s.pBody} data-style="body">{content}</p>;
            })}
          </div>
        </section>
      )}

      {shown && (
        <section className={s.section} aria-labelledby="nar-holes-h">
          <h2 id="nar-holes-h" className={s.h}>待填写（{placeholders.length} 项，共 {total} 处）</h2>
          {placeholders.length === 0 ? (
            <Text data-testid="nar-no-holes" role="status">说明中没有待填写的内容。</Text>
          ) : (
            <>
              <Text className={s.muted}>
                {host.features.select
                  ? (written ? '点击一项，定位到要填写的单元格；填写后按“生成说明”更新。' : '写入工作簿后，点击一项可定位到要填写的单元格。')
                  : '可在上方“填写补充信息”中直接填写，预览随即更新。'}
              </Text>
              <ul className={s.list} data-testid="nar-placeholders">
                {placeholders.map((ph) => {
                  const where = ph.cell ? `${ph.cell.sheet}!${ph.cell.address}` : ph.hint ?? '补充信息（写入后新增）';
                  const body = (
                    <>
                      <span className={s.itemHead}>
                        <span className={s.itemLabel}>{ph.label}</span>
                        {ph.count > 1 && <Badge size="small" appearance="tint" color="informative">{ph.count} 处</Badge>}
                      </span>
                      <span className={s.itemWhere}>{where}</span>
                    </>
                  );
                  return (
                    <li key={ph.id} data-testid="nar-placeholder" data-fact={ph.factKey ?? ''}>
                      {host.features.select
                        ? <button type="button" className={s.item} disabled={busy !== null} onClick={() => onJump(ph)} aria-label={`定位：${ph.label}（${where}）`}>{body}</button>
                        : <div className={s.itemStatic}>{body}</div>}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </section>
      )}

      {!shown && !busy && !fatal && !needFile && (
        <Text className={s.muted}>按“生成说明”根据九张报表和“补充信息”起草部门决算公开说明，先预览，再写入。</Text>
      )}
    </div>
  );
}

/** Fact keys of the draft's open placeholders, added to those already in the form (kept while filled). */
function mergeFactKeys(keys: { key: string; label: string }[], g: Generated): { key: string; label: string }[] {
  const out = [...keys];
  for (const p of openPlaceholders(g.prepared.draft, g.after)) {
    if (p.kind === 'fact' && p.factKey && !out.some((k) => k.key === p.factKey)) out.push({ key: p.factKey, label: p.label });
  }
  return out;
}

import * as React from 'react';
import { FluentProvider, makeStyles, Tab, TabList, Text, tokens, webLightTheme } from '@fluentui/react-components';
import { BrowserHost } from './browser-host';
import { FileBar } from './FileBar';
import { WorkbookHost } from './host';
import { PaneMessage } from './messages';
import { PaneTab, TABS } from './tabs';
import { observedHost, PaneContext, WorkbookBus } from './workbook';

const useStyles = makeStyles({
  root: { minHeight: '100vh', display: 'flex', flexDirection: 'column', backgroundColor: tokens.colorNeutralBackground1 },
  header: { display: 'flex', alignItems: 'baseline', columnGap: '8px', padding: '8px 10px 0 10px', flexWrap: 'wrap' },
  title: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  mode: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  outside: { flexBasis: '100%', color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  panel: { minWidth: 0 },
});

export interface AppProps {
  host: WorkbookHost;
  fatal?: PaneMessage | null;
  tabs?: PaneTab[];
  /** taskpane.html opened outside Excel (Office.js did not report a host): say so. */
  outsideExcel?: boolean;
}

/** A file dropped anywhere but on a drop zone must not make the browser leave the pane. */
function usePreventStrayDrops(): void {
  React.useEffect(() => {
    const stop = (e: DragEvent) => e.preventDefault();
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);
}

export function App(props: AppProps): React.ReactElement {
  const s = useStyles();
  const tabs = props.tabs ?? TABS;
  const [selected, setSelected] = React.useState(tabs[0].id);
  const bus = React.useMemo(() => new WorkbookBus(), []);
  const [version, setVersion] = React.useState(0);
  React.useEffect(() => bus.subscribe((e) => setVersion(e.version)), [bus]);
  const hosts = React.useMemo(
    () => Object.fromEntries([...tabs.map((t) => t.id), 'file'].map((id) => [id, observedHost(props.host, id, bus)])),
    [props.host, tabs, bus],
  );
  const pane = React.useMemo(() => ({ bus, active: selected, version }), [bus, selected, version]);
  usePreventStrayDrops();
  const browser = props.host instanceof BrowserHost ? (hosts.file as BrowserHost) : null;
  return (
    // Layout styles go on an inner div: a className on FluentProvider also lands on its portal layers
    // (dropdowns, dialogs), where a full-height white background would cover the pane.
    <FluentProvider theme={webLightTheme} dir="ltr" lang="zh-CN">
      <PaneContext.Provider value={pane}>
        <div className={s.root}>
          <header className={s.header}>
            <h1 className={s.title}>决算助手</h1>
            <Text className={s.mode} data-testid="mode">{props.host.mode === 'excel' ? 'Excel 加载项' : '浏览器模式（文件只在本机读取）'}</Text>
            {props.outsideExcel && (
              <Text className={s.outside} data-testid="outside-excel">这是 Excel 加载项的页面，当前不在 Excel 中打开，已切换到浏览器模式。</Text>
            )}
          </header>
          {browser && <FileBar host={browser} />}
          <TabList size="small" selectedValue={selected} onTabSelect={(_, d) => setSelected(String(d.value))} aria-label="功能">
            {tabs.map((t) => <Tab key={t.id} value={t.id} id={`tab-${t.id}`} aria-controls={`panel-${t.id}`}>{t.label}</Tab>)}
          </TabList>
          {tabs.map((t) => (
            <div key={t.id} id={`panel-${t.id}`} role="tabpanel" aria-labelledby={`tab-${t.id}`} hidden={selected !== t.id} className={s.panel}>
              {t.render({ host: hosts[t.id], fatal: props.fatal })}
            </div>
          ))}
        </div>
      </PaneContext.Provider>
    </FluentProvider>
  );
}

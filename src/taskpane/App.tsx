import * as React from 'react';
import { FluentProvider, makeStyles, Tab, TabList, Text, tokens, webLightTheme } from '@fluentui/react-components';
import { WorkbookHost } from './host';
import { PaneMessage } from './messages';
import { PaneTab, TABS } from './tabs';

const useStyles = makeStyles({
  root: { minHeight: '100vh', display: 'flex', flexDirection: 'column', backgroundColor: tokens.colorNeutralBackground1 },
  header: { display: 'flex', alignItems: 'baseline', columnGap: '8px', padding: '8px 10px 0 10px', flexWrap: 'wrap' },
  title: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  mode: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  panel: { minWidth: 0 },
});

export function App(props: { host: WorkbookHost; fatal?: PaneMessage | null; tabs?: PaneTab[] }): React.ReactElement {
  const s = useStyles();
  const tabs = props.tabs ?? TABS;
  const [selected, setSelected] = React.useState(tabs[0].id);
  return (
    // Layout styles go on an inner div: a className on FluentProvider also lands on its portal layers
    // (dropdowns, dialogs), where a full-height white background would cover the pane.
    <FluentProvider theme={webLightTheme} dir="ltr" lang="zh-CN">
      <div className={s.root}>
      <header className={s.header}>
        <h1 className={s.title}>决算助手</h1>
        <Text className={s.mode} data-testid="mode">{props.host.mode === 'excel' ? 'Excel 加载项' : '浏览器模式（文件只在本机读取）'}</Text>
      </header>
      <TabList size="small" selectedValue={selected} onTabSelect={(_, d) => setSelected(String(d.value))} aria-label="功能">
        {tabs.map((t) => <Tab key={t.id} value={t.id} id={`tab-${t.id}`} aria-controls={`panel-${t.id}`}>{t.label}</Tab>)}
      </TabList>
      {tabs.map((t) => (
        <div key={t.id} id={`panel-${t.id}`} role="tabpanel" aria-labelledby={`tab-${t.id}`} hidden={selected !== t.id} className={s.panel}>
          {t.render({ host: props.host, fatal: props.fatal })}
        </div>
      ))}
      </div>
    </FluentProvider>
  );
}

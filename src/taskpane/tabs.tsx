/**
 * The pane's tabs. To add one (绩效自评 — issue 4, 说明 — issue 5): write a component taking
 * TabProps in its own folder (e.g. src/taskpane/perf/PerfTab.tsx) and replace its placeholder
 * entry below. Every tab stays mounted while hidden, so its state survives switching tabs.
 */
import * as React from 'react';
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { WorkbookHost } from './host';
import { PaneMessage } from './messages';
import { CheckTab } from './check/CheckTab';

export interface TabProps {
  host: WorkbookHost;
  fatal?: PaneMessage | null;
}

export interface PaneTab {
  id: string;
  label: string;
  render: (props: TabProps) => React.ReactElement;
}

const usePlaceholderStyles = makeStyles({
  root: { padding: '16px 10px', color: tokens.colorNeutralForeground3 },
});

function Placeholder(props: { text: string }): React.ReactElement {
  const s = usePlaceholderStyles();
  return <div className={s.root}><Text>{props.text}</Text></div>;
}

export const TABS: PaneTab[] = [
  { id: 'check', label: '检查', render: (p) => <CheckTab host={p.host} fatal={p.fatal} /> },
  { id: 'perf', label: '绩效自评', render: () => <Placeholder text="绩效自评表的检查与计分即将推出。" /> },
  { id: 'narrative', label: '说明', render: () => <Placeholder text="决算公开说明的起草与检查即将推出。" /> },
];

/**
 * The pane's tabs. To add one (绩效自评 — issue 4, 说明 — issue 5): write a component taking
 * TabProps in its own folder (e.g. src/taskpane/perf/PerfTab.tsx) and replace its placeholder
 * entry below. Every tab stays mounted while hidden, so its state survives switching tabs.
 */
import * as React from 'react';
import { WorkbookHost } from './host';
import { PaneMessage } from './messages';
import { CheckTab } from './check/CheckTab';
import { PerfTab } from './perf/PerfTab';
import { NarrativeTabEntry } from './narrative';

export interface TabProps {
  host: WorkbookHost;
  fatal?: PaneMessage | null;
}

export interface PaneTab {
  id: string;
  label: string;
  render: (props: TabProps) => React.ReactElement;
}

export const TABS: PaneTab[] = [
  { id: 'check', label: '检查', render: (p) => <CheckTab host={p.host} fatal={p.fatal} /> },
  { id: 'perf', label: '绩效自评', render: (p) => <PerfTab host={p.host} fatal={p.fatal} /> },
  { id: 'narrative', label: '说明', render: (p) => <NarrativeTabEntry host={p.host} fatal={p.fatal} /> },
];

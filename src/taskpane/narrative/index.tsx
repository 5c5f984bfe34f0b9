/**
 * Entry of the 说明 tab for tabs.tsx. The tab itself (and the drafting engine it uses) is loaded as
 * its own chunk right after the pane starts, so it adds almost nothing to the first load; if that
 * chunk cannot be loaded, only this tab shows an error — the other tabs keep working.
 */
import * as React from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import type { NarrativeTabProps } from './NarrativeTab';

type TabComponent = React.ComponentType<NarrativeTabProps>;

const load = (): Promise<{ default: TabComponent }> =>
  import(/* webpackChunkName: "narrative" */ './NarrativeTab').then((m) => ({ default: m.NarrativeTab }));

class LoadBoundary extends React.Component<{ children: React.ReactNode; onRetry: () => void }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): React.ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div style={{ padding: '10px' }}>
        <MessageBar intent="error" data-testid="nar-load-error">
          <MessageBarBody>
            <MessageBarTitle>“说明”页加载失败</MessageBarTitle>
            请检查与加载项服务器的连接后重试；“检查”等其他功能不受影响。
          </MessageBarBody>
        </MessageBar>
        <Button style={{ marginTop: '8px' }} onClick={() => { this.setState({ failed: false }); this.props.onRetry(); }}>重试</Button>
      </div>
    );
  }
}

export function NarrativeTabEntry(props: NarrativeTabProps): React.ReactElement {
  // A new lazy component per retry (a failed React.lazy stays failed).
  const [Tab, setTab] = React.useState<React.LazyExoticComponent<TabComponent>>(() => React.lazy(load));
  return (
    <LoadBoundary onRetry={() => setTab(() => React.lazy(load))}>
      <React.Suspense fallback={<div role="status" style={{ padding: '16px 10px' }}><Text>正在加载…</Text></div>}>
        <Tab {...props} />
      </React.Suspense>
    </LoadBoundary>
  );
}

/**
 * Browser mode: the working workbook shared by the three tabs — open or drop a file, see what this
 * session changed (sheets and cells), and one 下载 that writes every change (scores, 说明,
 * 补充信息, settings, the check's marks) into a copy. A rejected file keeps the current one.
 */
import * as React from 'react';
import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import { checkWorkbook } from '../core/check';
import { readSettings } from '../core/settings';
import { WorkbookSnapshot } from '../core/snapshot';
import { BrowserHost, ChangeSummary, changeLines, downloadName, marksFor } from './browser-host';
import { parseOverrides } from './check/logic';
import { FilePicker } from './check/FilePicker';
import { messageOf, PaneMessage } from './messages';
import { usePane } from './workbook';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: '4px', padding: '6px 10px 0 10px' },
  changes: { margin: 0, paddingLeft: '18px', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The check's marks for the working copy as it is now. */
function markPlan(snap: WorkbookSnapshot) {
  return marksFor(checkWorkbook(snap, { overrides: parseOverrides(readSettings(snap)) }));
}

export function FileBar(props: { host: BrowserHost }): React.ReactElement {
  const { host } = props;
  const s = useStyles();
  const { version } = usePane();
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<PaneMessage | null>(null);
  const [changes, setChanges] = React.useState<ChangeSummary | null>(null);
  const [showChanges, setShowChanges] = React.useState(false);
  const name = host.workbookName();

  React.useEffect(() => {
    let live = true;
    if (version) setError(null);
    if (!host.hasFile()) { setChanges(null); return undefined; }
    void host.changes(markPlan).then((c) => { if (live) setChanges(c); }, () => undefined);
    return () => { live = false; };
  }, [host, version]);

  const onFile = async (fileName: string, bytes: Uint8Array) => {
    setBusy(true);
    setError(null);
    try {
      await host.open(fileName, bytes);
    } catch (e) {
      const m = messageOf(e);
      setError({ ...m, title: `无法打开“${fileName}”`, text: `${m.text}${name ? ` 当前文件仍是“${name}”。` : ''}` });
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const marks = host.marksRequested() ? markPlan(await host.read()) : { edits: [] };
      const onlyMarks = host.edits().length === 0;
      await host.download(marks, downloadName(name, onlyMarks));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const lines = changes ? changeLines(changes) : [];
  return (
    <div className={s.root}>
      <FilePicker fileName={name} disabled={busy} onFile={(n, b) => void onFile(n, b)}>
        {name && (
          <Button size="small" appearance={lines.length ? 'primary' : 'secondary'} disabled={busy} onClick={() => void download()}
            data-testid="download" aria-describedby="changes-line">
            下载
          </Button>
        )}
      </FilePicker>
      {name && (
        <Text className={s.muted} id="changes-line" data-testid="changes-count">
          {lines.length ? `已修改：${lines.length} 项` : '尚未修改；下载得到原文件的副本'}
          {lines.length > 0 && (
            <Button size="small" appearance="transparent" aria-expanded={showChanges} aria-controls="changes-list"
              onClick={() => setShowChanges(!showChanges)} data-testid="changes-toggle">
              {showChanges ? '收起' : '查看改动'}
            </Button>
          )}
        </Text>
      )}
      {showChanges && lines.length > 0 && (
        <ul className={s.changes} id="changes-list" data-testid="changes">
          {lines.map((l, i) => <li key={i}>{l}</li>)}
        </ul>
      )}
      {error && (
        <MessageBar intent="error" data-testid="file-error"><MessageBarBody><MessageBarTitle>{error.title}</MessageBarTitle>{error.text}</MessageBarBody></MessageBar>
      )}
    </div>
  );
}

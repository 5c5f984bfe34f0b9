/** Entry point: decide Excel vs browser mode, then render the pane. */
import { createRoot, Root } from 'react-dom/client';
import { App } from './App';
import { BrowserHost } from './browser-host';
import { WorkbookHost } from './host';
import { PaneMessage } from './messages';
import { ExcelHost } from '../excel/host';
import { officeEnv } from '../excel/env';

interface OfficeLike {
  onReady(): Promise<{ host: string | null; platform: string | null }>;
  HostType?: { Excel: string };
}

/** Office.onReady, but never waiting forever (office.js blocked, or opened outside Office). */
function officeHost(office: OfficeLike, timeoutMs: number): Promise<string | null> {
  const timeout = new Promise<null>((r) => setTimeout(() => r(null), timeoutMs));
  return Promise.race([office.onReady().then((i) => i?.host ?? null, () => null), timeout]);
}

function renderExcel(root: Root): WorkbookHost {
  const excel = new ExcelHost(officeEnv());
  let fatal: PaneMessage | null = null;
  if (!excel.caps.basic) {
    fatal = { title: '当前 Excel 版本不受支持', text: '决算助手需要 ExcelApi 1.1 或更高版本（Excel 2016 及以后、Microsoft 365、Excel 网页版、Mac 版）。可改用浏览器模式。', intent: 'error' };
  }
  root.render(<App key="excel" host={excel} fatal={fatal} />);
  return excel;
}

function Connecting(): JSX.Element {
  return <div role="status" style={{ padding: '16px 10px', fontSize: '14px' }}>决算助手：正在连接 Excel…</div>;
}

/**
 * Without Office.js (index.html): browser mode at once. With it (taskpane.html): something on screen
 * at once, Excel when Office reports it; if Office has not answered within `graceMs` (the page was
 * opened outside Excel, or Office.js stalls) browser mode with a line saying so — and still switch
 * to Excel if Office reports it later.
 */
export async function startPane(root: HTMLElement, opts: { graceMs?: number; timeoutMs?: number } = {}): Promise<WorkbookHost> {
  const reactRoot = createRoot(root);
  const office = (window as unknown as { Office?: OfficeLike }).Office;
  if (!office || typeof office.onReady !== 'function') {
    const host = new BrowserHost();
    reactRoot.render(<App host={host} />);
    return host;
  }
  reactRoot.render(<Connecting />);
  const ready = officeHost(office, opts.timeoutMs ?? 8000);
  const first = await Promise.race([ready, new Promise<'pending'>((r) => setTimeout(() => r('pending'), opts.graceMs ?? 1500))]);
  if (first === 'Excel') return renderExcel(reactRoot);
  const browser = new BrowserHost();
  reactRoot.render(<App key="browser" host={browser} outsideExcel />);
  if (first === 'pending' && (await ready) === 'Excel' && !browser.hasFile()) return renderExcel(reactRoot);
  return browser;
}

const el = document.getElementById('root');
if (el) void startPane(el);

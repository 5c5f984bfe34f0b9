/** Entry point: decide Excel vs browser mode, then render the pane. */
import { createRoot } from 'react-dom/client';
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
async function officeHost(timeoutMs: number): Promise<string | null> {
  const office = (window as unknown as { Office?: OfficeLike }).Office;
  if (!office || typeof office.onReady !== 'function') return null;
  const timeout = new Promise<null>((r) => setTimeout(() => r(null), timeoutMs));
  const info = await Promise.race([office.onReady().catch(() => null), timeout]);
  return info?.host ?? null;
}

export async function startPane(root: HTMLElement): Promise<WorkbookHost> {
  const hostName = await officeHost(8000);
  let host: WorkbookHost;
  let fatal: PaneMessage | null = null;
  if (hostName === 'Excel') {
    const excel = new ExcelHost(officeEnv());
    if (!excel.caps.basic) {
      fatal = { title: '当前 Excel 版本不受支持', text: '决算助手需要 ExcelApi 1.1 或更高版本（Excel 2016 及以后、Microsoft 365、Excel 网页版、Mac 版）。可改用浏览器模式。', intent: 'error' };
    }
    host = excel;
  } else {
    host = new BrowserHost();
  }
  createRoot(root).render(<App host={host} fatal={fatal} />);
  return host;
}

const el = document.getElementById('root');
if (el) void startPane(el);

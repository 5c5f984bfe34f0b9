/** Error → the title and sentence the pane shows. */
import { HostError } from '../excel/errors';
import { FileTooLargeError } from './browser-host';

export interface PaneMessage {
  title: string;
  text: string;
  intent: 'error' | 'warning' | 'info' | 'success';
}

const TITLES: Record<string, string> = {
  'too-large': '工作簿过大',
  unsupported: '当前 Excel 不支持此功能',
  protected: '工作表受保护',
  editing: 'Excel 正在编辑单元格',
  'not-found': '找不到工作表或单元格',
  other: '操作失败',
};

export function messageOf(e: unknown): PaneMessage {
  if (e instanceof HostError || (e && typeof e === 'object' && (e as HostError).name === 'HostError')) {
    const h = e as HostError;
    return { title: TITLES[h.kind] ?? TITLES.other, text: h.message, intent: 'error' };
  }
  const name = (e as Error)?.name;
  const text = e instanceof Error ? e.message : String(e);
  if (name === 'UnreadableWorkbookError') return { title: '无法读取文件', text, intent: 'error' };
  if (e instanceof FileTooLargeError) return { title: '文件过大', text, intent: 'error' };
  return { title: '出错了', text, intent: 'error' };
}

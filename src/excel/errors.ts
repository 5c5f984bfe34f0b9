/** Office.js errors → one Chinese sentence for the pane, with a kind the UI can show distinctly. */

export type HostErrorKind = 'too-large' | 'unsupported' | 'protected' | 'editing' | 'not-found' | 'other';

export class HostError extends Error {
  constructor(public readonly kind: HostErrorKind, message: string) {
    super(message);
    this.name = 'HostError';
  }
}

interface OfficeLikeError {
  code?: string;
  message?: string;
  debugInfo?: { code?: string; message?: string; errorLocation?: string };
}

export function toHostError(e: unknown, doing: string): HostError {
  if (e instanceof HostError) return e;
  const o = (e ?? {}) as OfficeLikeError;
  const code = o.code ?? o.debugInfo?.code ?? '';
  const detail = o.debugInfo?.message ?? o.message ?? String(e);
  switch (code) {
    case 'RequestPayloadSizeLimitExceeded':
    case 'ResponsePayloadSizeLimitExceeded':
    case 'PayloadTooLarge':
      return new HostError('too-large', `${doing}失败：一次请求的数据超过了 Excel 的传输上限（Excel 网页版为 5 MB）。请在桌面版 Excel 中重试，或使用命令行 juesuan check。`);
    case 'AccessDenied':
    case 'InsertDeleteConflict':
      return new HostError('protected', `${doing}失败：工作表或工作簿受保护，无法修改。请撤销保护（审阅 → 撤销工作表保护 / 保护工作簿），或选择“仅列出”后重试。`);
    case 'InvalidOperationInCellEditMode':
      return new HostError('editing', `${doing}失败：Excel 正处于单元格编辑状态。请按 Enter 或 Esc 结束编辑后重试。`);
    case 'ApiNotFound':
    case 'UnsupportedOperation':
    case 'NotImplemented':
      return new HostError('unsupported', `${doing}失败：当前 Excel 版本不支持所需的功能（${detail}）。`);
    case 'ItemNotFound':
      return new HostError('not-found', `${doing}失败：找不到工作表或单元格（可能已被重命名或删除）。请重新检查。`);
    default:
      return new HostError('other', `${doing}失败：${detail}`);
  }
}

/**
 * One working workbook for the three tabs. Every tab gets the same host wrapped so that its writes
 * (applyEdits, saveSettings) and, in browser mode, opening a file are announced on a bus; the other
 * tabs re-read — at once when shown, else when next shown. Works alike in Excel (the open workbook
 * is the working copy) and in browser mode (BrowserHost keeps the edits in memory).
 */
import * as React from 'react';
import { WorkbookHost } from './host';

export type ChangeKind = 'open' | 'edit' | 'marks';

export interface WorkbookEvent {
  version: number;
  /** The tab (or 'file' for the file bar) that changed the workbook. */
  source: string;
  kind: ChangeKind;
}

export class WorkbookBus {
  version = 0;
  private listeners = new Set<(e: WorkbookEvent) => void>();

  emit(source: string, kind: ChangeKind): void {
    this.version++;
    const e = { version: this.version, source, kind };
    for (const l of [...this.listeners]) l(e);
  }

  subscribe(fn: (e: WorkbookEvent) => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }
}

const ANNOUNCED: Record<string, ChangeKind> = { applyEdits: 'edit', saveSettings: 'edit', open: 'open' };

/** `host` as seen by one tab: same object (instanceof still holds), writes announced on `bus`. */
export function observedHost<H extends WorkbookHost>(host: H, source: string, bus: WorkbookBus): H {
  return new Proxy(host, {
    get(target, prop, _receiver) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (typeof v !== 'function') return v;
      const kind = typeof prop === 'string' ? ANNOUNCED[prop] : undefined;
      if (!kind) return (v as (...a: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        const r = await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        bus.emit(source, kind);
        return r;
      };
    },
  });
}

export interface PaneState {
  bus: WorkbookBus;
  /** The tab shown now. */
  active: string;
  /** Bumped on every change (re-renders the consumers). */
  version: number;
}

export const PaneContext = React.createContext<PaneState>({ bus: new WorkbookBus(), active: '', version: 0 });

export function usePane(): PaneState {
  return React.useContext(PaneContext);
}

/**
 * Call `reload` when another tab (or the file bar) changed the workbook: at once when `tabId` is
 * shown, otherwise when it is next shown. An 'open' pending wins over later edits.
 */
export function useWorkbookChanges(tabId: string, reload: (e: WorkbookEvent) => void): void {
  const { bus, active } = usePane();
  const pending = React.useRef<WorkbookEvent | null>(null);
  const cb = React.useRef(reload);
  cb.current = reload;
  const activeRef = React.useRef(active);
  activeRef.current = active;
  React.useEffect(() => bus.subscribe((e) => {
    if (e.source === tabId || e.kind === 'marks') return;
    if (activeRef.current === tabId) cb.current(e);
    else if (!pending.current || pending.current.kind !== 'open') pending.current = e;
  }), [bus, tabId]);
  React.useEffect(() => {
    if (active !== tabId || !pending.current) return;
    const e = pending.current;
    pending.current = null;
    cb.current(e);
  }, [active, tabId]);
}

/**
 * The Office.js environment the adapter runs in. Injected so that tests can run the same code against
 * a fake (test/fakes/fake-excel.ts); in the add-in it is the real `Excel` and `Office` globals.
 */

export interface ExcelEnv {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  isSetSupported(name: string, version: string): boolean;
}

/** What the host supports, decided once at start-up from the requirement sets. */
export interface Capabilities {
  /** ExcelApi 1.1: read values, number formats, fills, select. */
  basic: boolean;
  /** ExcelApi 1.2: getUsedRange(valuesOnly), worksheet protection status. */
  valuesOnly: boolean;
  /** ExcelApi 1.4: *OrNullObject methods (needed to write marks safely). */
  nullObjects: boolean;
  /** ExcelApi 1.7: hyperlinks in cells. */
  hyperlinks: boolean;
  /** ExcelApi 1.8: context.runtime.enableEvents. */
  events: boolean;
  /** ExcelApi 1.9: fill pattern / tintAndShade (tells No Fill from white), getRanges (multi-area select). */
  fillPattern: boolean;
  /** ExcelApi 1.10: threaded comments (fallback for notes). */
  comments: boolean;
  /** ExcelApi 1.13: merged areas. */
  merges: boolean;
  /** ExcelApi 1.18: notes. */
  notes: boolean;
}

export function capabilities(env: Pick<ExcelEnv, 'isSetSupported'>): Capabilities {
  const s = (v: string) => {
    try {
      return env.isSetSupported('ExcelApi', v);
    } catch {
      return false;
    }
  };
  return {
    basic: s('1.1'),
    valuesOnly: s('1.2'),
    nullObjects: s('1.4'),
    hyperlinks: s('1.7'),
    events: s('1.8'),
    fillPattern: s('1.9'),
    comments: s('1.10'),
    merges: s('1.13'),
    notes: s('1.18'),
  };
}

/** How cell notes are written on this host. */
export type NoteMode = 'notes' | 'comments' | 'none';

export function noteMode(caps: Capabilities): NoteMode {
  if (caps.notes) return 'notes';
  if (caps.comments) return 'comments';
  return 'none';
}

/** The real Office.js environment (only valid inside Office after Office.onReady). */
export function officeEnv(): ExcelEnv {
  return {
    run: (batch) => Excel.run(batch),
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
  };
}

/** "'Sheet 1'!B7" — always quoted, quotes doubled. */
export function qualified(sheet: string, address: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${address}`;
}

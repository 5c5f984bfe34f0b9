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
  /** ExcelApi 1.6: conditional formats (how cells are marked). */
  condFormats: boolean;
  /** ExcelApi 1.7: hyperlinks in cells. */
  hyperlinks: boolean;
  /** ExcelApi 1.8: context.runtime.enableEvents. */
  events: boolean;
  /** ExcelApi 1.9: fill pattern / tintAndShade (tells No Fill from white). */
  fillPattern: boolean;
  /** ExcelApi 1.9: worksheet.getRanges and RangeAreas.conditionalFormats (one rule over many areas). */
  rangeAreas: boolean;
  /** ExcelApi 1.10: threaded comments (fallback for notes). */
  comments: boolean;
  /** ExcelApi 1.13: merged areas. */
  merges: boolean;
  /** ExcelApi 1.18: notes, and RangeAreas.select (multi-area selection). */
  notes: boolean;
  /** ExcelApi 1.18: RangeAreas.select. */
  selectAreas: boolean;
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
    condFormats: s('1.6'),
    hyperlinks: s('1.7'),
    events: s('1.8'),
    fillPattern: s('1.9'),
    rangeAreas: s('1.9'),
    comments: s('1.10'),
    merges: s('1.13'),
    notes: s('1.18'),
    selectAreas: s('1.18'),
  };
}

/**
 * How the findings' text is attached to marked cells. Notes need ExcelApi 1.18 (NoteCollection);
 * below it nothing is attached ('comments' is kept in the type for the pane's interface, but the
 * adapter never writes threaded comments: they notify co-authors and below 1.18 a cell's legacy note
 * cannot be seen, so adding a comment could collide with it).
 */
export type NoteMode = 'notes' | 'comments' | 'none';

export function noteMode(caps: Capabilities): NoteMode {
  return caps.notes ? 'notes' : 'none';
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

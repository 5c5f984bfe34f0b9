/**
 * Settings the workbook carries for the product (scoring policy, recognition overrides, …): a
 * hidden sheet of key | value rows. Reading is label-driven; writing replaces only that sheet.
 */
import { cellText, WorkbookSnapshot } from './snapshot';
import { SheetEdit } from './plan';

export const SETTINGS_SHEET = '_决算助手设置';

export type Settings = Record<string, string>;

export function readSettings(snap: WorkbookSnapshot): Settings {
  const sheet = snap.sheets.find((s) => s.name === SETTINGS_SHEET);
  const out: Settings = {};
  if (!sheet) return out;
  for (const row of sheet.values) {
    const k = cellText(row?.[0] ?? null).trim();
    if (k && !k.startsWith('#')) out[k] = cellText(row?.[1] ?? null).trim();
  }
  return out;
}

/** A sheet edit writing all settings (merge with readSettings() first to keep other keys). */
export function settingsSheetEdit(settings: Settings): SheetEdit & { hidden: true } {
  const rows = [
    { cells: ['# 决算助手设置（请勿手工修改）', ''] },
    ...Object.keys(settings).sort().map((k) => ({ cells: [k, settings[k]] })),
  ];
  return { kind: 'sheet', name: SETTINGS_SHEET, replace: true, columnWidths: [30, 40], rows, hidden: true };
}

/**
 * Everything browser mode needs from ExcelJS. Imported only with a dynamic import() so that
 * webpack puts ExcelJS in its own chunk, loaded when the user opens a file — never on first load.
 */
export { readSnapshot, UnreadableWorkbookError } from '../xlsx/read';
export { applyPlan, workbookBytes } from '../xlsx/apply';
export { workbookSnapshot } from '../xlsx/read';

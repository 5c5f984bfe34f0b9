/**
 * Select and scroll to a finding's cells (1 sync). Several cells are selected together only where
 * RangeAreas.select exists (ExcelApi 1.18); below it the first cell's area is selected.
 */
import { CellRef } from '../core/finding';
import { Capabilities, capabilities, ExcelEnv } from './env';
import { toHostError } from './errors';

export async function selectCells(env: ExcelEnv, cells: CellRef[], opts: { caps?: Capabilities } = {}): Promise<void> {
  if (cells.length === 0) return;
  const caps = opts.caps ?? capabilities(env);
  const sheet = cells[0].sheet;
  const here = [...new Set(cells.filter((c) => c.sheet === sheet).map((c) => c.address.toUpperCase()))];
  try {
    await env.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      if (here.length > 1 && caps.selectAreas && caps.rangeAreas) ws.getRanges(here.join(',')).select();
      else ws.getRange(here[0]).select();
      await context.sync();
    });
  } catch (e) {
    throw toHostError(e, '定位单元格');
  }
}

/** Reading an input workbook from disk for the CLI commands: unreadable → one Chinese line, exit 2. */
import * as fs from 'fs';
import { readSnapshot, UnreadableWorkbookError } from '../xlsx/read';

export function readWorkbookFile(file: string): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new UnreadableWorkbookError(`${file}：文件不存在`);
  }
  if (st.isDirectory()) throw new UnreadableWorkbookError(`${file}：是目录，不是工作簿文件`);
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw new UnreadableWorkbookError(`${file}：无法读取（${e instanceof Error ? e.message.split('\n')[0] : String(e)}）`);
  }
}

/** Load a workbook file; the error message always names the file. */
export async function loadWorkbookFile(file: string): ReturnType<typeof readSnapshot> {
  try {
    return await readSnapshot(readWorkbookFile(file));
  } catch (e) {
    if (e instanceof UnreadableWorkbookError && !e.message.startsWith(file)) throw new UnreadableWorkbookError(`${file}：${e.message}`);
    throw e;
  }
}

import { parentPort } from 'worker_threads';
import { checkFile } from './check';

parentPort?.on('message', async (m: { i: number; file: string }) => {
  let report;
  try {
    report = await checkFile(m.file);
  } catch (e) {
    report = { file: m.file, unreadable: `${m.file}：${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  // Decimal values inside the model do not cross threads; findings and tables are plain data.
  const r = report.result ? { ...report, result: { ...report.result, model: {} } } : report;
  parentPort!.postMessage({ i: m.i, report: r });
});

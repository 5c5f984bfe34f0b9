/** Check many workbooks on worker threads (one per core, at most 4). */
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { FileReport } from './check';

export async function checkInPool(files: string[]): Promise<FileReport[]> {
  const workerFile = path.join(__dirname, 'check-worker.js');
  const size = Math.max(1, Math.min(4, os.cpus().length, files.length));
  const results: FileReport[] = new Array(files.length);
  let next = 0;
  const runOne = (): Promise<void> => new Promise((resolve, reject) => {
    const w = new Worker(workerFile);
    const pump = () => {
      if (next >= files.length) { void w.terminate(); resolve(); return; }
      const i = next++;
      w.postMessage({ i, file: files[i] });
    };
    w.on('message', (m: { i: number; report: FileReport }) => { results[m.i] = m.report; pump(); });
    w.on('error', reject);
    pump();
  });
  await Promise.all(Array.from({ length: size }, runOne));
  return results;
}

/**
 * Build the task pane in production mode and report the first-load size (the JavaScript of the
 * taskpane entry, gzip). ExcelJS must not be part of it (it sits in a lazily loaded chunk).
 *   npx tsx scripts/bundle-report.ts [--json] [--out build/bundle-report]
 * Budget: 350 KB gzip (BUDGET_BYTES). Exit 1 when over budget or when ExcelJS is in the first load.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export const BUDGET_BYTES = 350 * 1024;
const ROOT = path.resolve(__dirname, '..');

export interface BundleReport {
  outDir: string;
  firstLoad: { file: string; bytes: number; gzip: number }[];
  firstLoadGzip: number;
  firstLoadBytes: number;
  lazy: { file: string; bytes: number; gzip: number }[];
  exceljsInFirstLoad: boolean;
  /** Positive control: ExcelJS was found in a lazy chunk. */
  exceljsLazy: boolean;
  budget: number;
}

type WebpackStats = {
  hasErrors(): boolean;
  toJson(o: object): {
    errors?: { message: string }[];
    entrypoints?: Record<string, { assets: { name: string }[] }>;
    chunks?: { initial: boolean; files: string[]; modules?: { name?: string; identifier?: string }[] }[];
  };
};

/** Run webpack with the given configs (Node API). Resolves with the stats of each. */
export function runWebpack(configs: object[]): Promise<WebpackStats[]> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const webpack = require('webpack');
  return new Promise((resolve, reject) => {
    webpack(configs, (err: Error | null, multi: { stats: WebpackStats[] } | undefined) => {
      if (err) return reject(err);
      const stats = multi!.stats;
      const bad = stats.find((s) => s.hasErrors());
      if (bad) return reject(new Error(`webpack 构建失败：\n${(bad.toJson({ all: false, errors: true }).errors ?? []).map((e) => e.message).join('\n')}`));
      resolve(stats);
    });
  });
}

export function taskpaneConfig(outDir: string, env: Record<string, string> = {}): object {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const make = require(path.join(ROOT, 'webpack.config.js'));
  return make({ ...env, outDir }, { mode: 'production' });
}

export function report(stats: WebpackStats, outDir: string): BundleReport {
  const json = stats.toJson({ all: false, entrypoints: true, chunks: true, chunkModules: true, assets: false });
  const size = (f: string) => {
    const buf = fs.readFileSync(path.join(outDir, f));
    return { file: f, bytes: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  };
  const first = (json.entrypoints?.taskpane?.assets ?? []).map((a) => a.name).filter((f) => f.endsWith('.js'));
  const firstLoad = first.map(size);
  const lazyFiles = new Set<string>();
  let exceljsInFirstLoad = false;
  let exceljsLazy = false;
  for (const c of json.chunks ?? []) {
    const isFirst = c.files.some((f) => first.includes(f));
    const hasExcelJs = (c.modules ?? []).some((m) => /node_modules[\\/]exceljs/.test(m.name ?? m.identifier ?? ''));
    if (isFirst && hasExcelJs) exceljsInFirstLoad = true;
    if (!isFirst && hasExcelJs) exceljsLazy = true;
    if (!isFirst) for (const f of c.files) if (f.endsWith('.js') && !f.startsWith('commands')) lazyFiles.add(f);
  }
  return {
    outDir,
    firstLoad,
    firstLoadGzip: firstLoad.reduce((n, f) => n + f.gzip, 0),
    firstLoadBytes: firstLoad.reduce((n, f) => n + f.bytes, 0),
    lazy: [...lazyFiles].map(size),
    exceljsInFirstLoad,
    exceljsLazy,
    budget: BUDGET_BYTES,
  };
}

export function formatReport(r: BundleReport): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const lines = ['任务窗格首次加载（taskpane 入口）:'];
  for (const f of r.firstLoad) lines.push(`  ${f.file}  ${kb(f.bytes)}（gzip ${kb(f.gzip)}）`);
  lines.push(`  合计 gzip ${kb(r.firstLoadGzip)} / 预算 ${kb(r.budget)}${r.firstLoadGzip <= r.budget ? '  ✓' : '  ✗ 超出预算'}`);
  lines.push(`  ExcelJS 在首次加载中：${r.exceljsInFirstLoad ? '是 ✗' : '否 ✓'}`);
  lines.push('按需加载（浏览器模式打开文件时）:');
  for (const f of r.lazy) lines.push(`  ${f.file}  ${kb(f.bytes)}（gzip ${kb(f.gzip)}）`);
  return lines.join('\n');
}

export async function bundleReport(): Promise<void> {
  const i = process.argv.indexOf('--out');
  const outDir = path.resolve(ROOT, i > 0 ? process.argv[i + 1] : 'build/bundle-report');
  const [stats] = await runWebpack([taskpaneConfig(outDir)]);
  const r = report(stats, outDir);
  console.log(process.argv.includes('--json') ? JSON.stringify(r, null, 2) : formatReport(r));
  if (r.firstLoadGzip > r.budget || r.exceljsInFirstLoad) process.exitCode = 1;
}

if (require.main === module) {
  bundleReport().catch((e) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}

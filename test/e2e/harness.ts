/** e2e plumbing: one production build (cached by source stamp), a static server, a Chromium-family browser. */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BROWSER_FLAGS, findBrowser } from '../../scripts/browser';
import { BundleReport, report, runWebpack, taskpaneConfig } from '../../scripts/bundle-report';
import { checkWorkbook, CheckResult } from '../../src/core/check';
import { WorkbookSnapshot } from '../../src/core/snapshot';
import { readSnapshot } from '../../src/xlsx/read';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BUILD_DIR = path.join(ROOT, 'build', 'e2e');
export const PANE_DIR = path.join(BUILD_DIR, 'taskpane');
export const FAKE_DIR = path.join(BUILD_DIR, 'fake-office');
export const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');
export const DOCS_SHOTS = path.join(ROOT, 'docs', 'screenshots');
export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Hash of everything the bundles depend on (sources, config, lock file). */
function stamp(): string {
  const h = crypto.createHash('sha1');
  const files = [
    ...walk(path.join(ROOT, 'src')),
    ...walk(path.join(ROOT, 'test', 'fakes')),
    ...walk(path.join(ROOT, 'assets')),
    path.join(ROOT, 'webpack.config.js'),
    path.join(ROOT, 'manifest.xml'),
    path.join(ROOT, 'package-lock.json'),
  ].filter((f) => fs.existsSync(f)).sort();
  for (const f of files) h.update(f).update(fs.readFileSync(f));
  return h.digest('hex');
}

function fakeOfficeConfig(): object {
  return {
    mode: 'development',
    context: ROOT,
    devtool: false,
    entry: { 'fake-office': './test/fakes/fake-office.ts' },
    output: { path: FAKE_DIR, filename: '[name].js', clean: true },
    target: ['web', 'es2019'],
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [{
        test: /\.ts$/, exclude: /node_modules/, loader: 'ts-loader',
        options: { transpileOnly: true, configFile: path.join(ROOT, 'tsconfig.json'), compilerOptions: { module: 'esnext', target: 'es2019', noEmit: false } },
      }],
    },
    stats: 'errors-warnings',
  };
}

export interface Built {
  report: BundleReport;
  fakeOfficeJs: string;
}

/** Build the pane (production) and the fake office.js once; reuse while the sources are unchanged. */
export async function ensureBuild(): Promise<Built> {
  const s = stamp();
  const stampFile = path.join(BUILD_DIR, 'stamp.json');
  if (fs.existsSync(stampFile)) {
    const saved = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as { stamp: string; report: BundleReport };
    if (saved.stamp === s && fs.existsSync(path.join(FAKE_DIR, 'fake-office.js'))) {
      return { report: saved.report, fakeOfficeJs: fs.readFileSync(path.join(FAKE_DIR, 'fake-office.js'), 'utf8') };
    }
  }
  // Office.js from the CDN address, which the tests answer with the fake (the default build serves
  // the real office.js from office-js/: test/e2e/office-js.test.ts).
  const [pane] = await runWebpack([taskpaneConfig(PANE_DIR, { officeJs: 'cdn' }), fakeOfficeConfig()]);
  const r = report(pane, PANE_DIR);
  fs.writeFileSync(stampFile, JSON.stringify({ stamp: s, report: r }));
  return { report: r, fakeOfficeJs: fs.readFileSync(path.join(FAKE_DIR, 'fake-office.js'), 'utf8') };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'application/javascript', '.png': 'image/png',
  '.xml': 'application/xml', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export function serve(dir: string): Promise<StaticServer> {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rel = decodeURIComponent(u.pathname === '/' ? '/index.html' : u.pathname);
    const file = path.normalize(path.join(dir, rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/**
 * Launch headless: CHROME_PATH, else the system's Chrome/Edge/Chromium, else the Chromium of the npm
 * package @sparticuz/chromium (scripts/browser.ts; JUESUAN_BROWSER=bundled forces the last).
 * Playwright gives every launch a fresh temporary --user-data-dir of its own.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = findBrowser();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath: browser.path, headless: true, args: BROWSER_FLAGS });
}

export function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
  try {
    const h = new URL(url).hostname;
    return h === '127.0.0.1' || h === 'localhost';
  } catch {
    return false;
  }
}


/**
 * A browser context (narrow pane viewport, downloads on) that records every request and refuses,
 * and records, any that would leave the machine. With `officeJs`, Office.js's address is answered
 * with that script (the fake) and each interception recorded.
 */
export async function guardedContext(browser: Browser, opts: { officeJs?: string } = {}): Promise<{ context: BrowserContext; offsite: string[]; intercepted: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 360, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
  const offsite: string[] = [];
  const intercepted: string[] = [];
  await context.route((url) => !isLocal(url.toString()), (route) => {
    offsite.push(route.request().url());
    void route.abort();
  });
  if (opts.officeJs) {
    await context.route(OFFICE_JS_URL, (route) => {
      intercepted.push(route.request().url());
      void route.fulfill({ status: 200, contentType: 'application/javascript', body: opts.officeJs });
    });
  }
  context.on('request', (r) => {
    const u = r.url();
    if (!isLocal(u) && u !== OFFICE_JS_URL) offsite.push(u);
  });
  return { context, offsite, intercepted };
}

/** Save a screenshot to test/artifacts; with `doc`, also to docs/screenshots when UPDATE_SCREENSHOTS=1. */
export async function saveShot(page: Page, name: string, doc = false): Promise<void> {
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file });
  if (doc && process.env.UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(DOCS_SHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS_SHOTS, name));
  }
}

/** A guarded context in which taskpane.html runs inside the fake Excel holding `snapshot`. */
export async function fakeExcelContext(browser: Browser, fakeOfficeJs: string, snapshot: unknown): Promise<{ context: BrowserContext; offsite: string[]; intercepted: string[] }> {
  const g = await guardedContext(browser, { officeJs: fakeOfficeJs });
  await g.context.addInitScript((snap) => {
    (window as unknown as { __FAKE_EXCEL_INIT__: unknown }).__FAKE_EXCEL_INIT__ = { snapshot: snap, api: '1.18' };
  }, JSON.parse(JSON.stringify(snapshot)));
  return g;
}

/** Wait until the check tab shows its verdict and no progress bar; the verdict's text. */
export async function waitVerdict(page: Page): Promise<string> {
  await page.waitForSelector('[data-testid=verdict]');
  await page.waitForFunction(() => !document.querySelector('[role=progressbar]'));
  return (await page.textContent('[data-testid=verdict]')) ?? '';
}

export interface CheckedPane {
  file: string;
  snapshot: WorkbookSnapshot;
  /** The engine's result on the workbook: what the pane must show. */
  expected: CheckResult;
  server: StaticServer;
  browser: Browser;
}

/** A suite's setup: the pane built and served, the browser started, the test workbook made and checked. */
export async function checkedPane(workbook: Promise<string>): Promise<CheckedPane> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const [, file] = await Promise.all([ensureBuild(), workbook]);
  const snapshot = (await readSnapshot(fs.readFileSync(file))).snapshot;
  return { file, snapshot, expected: checkWorkbook(snapshot), server: await serve(PANE_DIR), browser: await launchChromium() };
}

export async function closePane(p: { server?: StaticServer; browser?: Browser }): Promise<void> {
  await p.browser?.close();
  await p.server?.close();
}

/**
 * Which Chromium-family browser the end-to-end tests drive (never a browser downloaded at install
 * or run time):
 *   1. CHROME_PATH (or the older CHROMIUM_PATH) when set: that file, or a clear error;
 *   2. the system's Chrome, Edge or Chromium: the usual install paths of Windows, macOS and Linux,
 *      then the PATH;
 *   3. the Chromium shipped inside the npm package @sparticuz/chromium (Linux x64; the binary is in
 *      the package tarball and unpacked once into node_modules/.cache/).
 * JUESUAN_BROWSER=bundled skips 1 and 2 (proves the fallback on a machine that has a browser);
 * JUESUAN_BROWSER=system skips 3.
 *   npx tsx scripts/browser.ts   → prints the browser that would be used
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Flags for a headless run on a closed network (Playwright adds its own fresh --user-data-dir). */
export const BROWSER_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The same flags with a fresh profile, for launchers that do not create one themselves. */
export function launchArgs(userDataDir: string): string[] {
  return [...BROWSER_FLAGS, `--user-data-dir=${userDataDir}`];
}

export interface Probe {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  arch: string;
  /** true when `file` is an existing regular file (or a link to one). */
  isFile(file: string): boolean;
}

export type BrowserSource = 'CHROME_PATH' | 'system' | 'bundled';
export type Choice = { source: 'CHROME_PATH' | 'system'; path: string } | { source: 'bundled' };

const realProbe = (): Probe => ({
  env: process.env,
  platform: process.platform,
  arch: process.arch,
  isFile: (f) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  },
});

/** The usual install locations, most common first. */
export function installPaths(platform: NodeJS.Platform, env: Probe['env']): string[] {
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    const rel = ['Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe', 'Chromium\\Application\\chrome.exe'];
    return rel.flatMap((r) => roots.map((root) => path.win32.join(root, r)));
  }
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      'Chromium.app/Contents/MacOS/Chromium',
    ];
    const roots = ['/Applications', ...(env.HOME ? [path.posix.join(env.HOME, 'Applications')] : [])];
    return apps.flatMap((a) => roots.map((root) => path.posix.join(root, a)));
  }
  return [
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/usr/bin/chromium',
    '/usr/bin/microsoft-edge-stable',
    '/usr/bin/microsoft-edge',
    '/opt/microsoft/msedge/msedge',
    '/snap/bin/chromium',
    '/usr/bin/chromium-browser',
  ];
}

/** Names looked up on PATH. */
export function pathNames(platform: NodeJS.Platform): string[] {
  if (platform === 'win32') return ['chrome', 'msedge', 'chromium'];
  if (platform === 'darwin') return ['google-chrome', 'chromium', 'microsoft-edge'];
  return ['google-chrome-stable', 'google-chrome', 'chromium', 'microsoft-edge-stable', 'microsoft-edge', 'chromium-browser'];
}

export function onPath(name: string, probe: Probe): string | null {
  const win = probe.platform === 'win32';
  const p = win ? path.win32 : path.posix;
  const dirs = (probe.env.PATH ?? probe.env.Path ?? '').split(win ? ';' : ':').filter(Boolean);
  const exts = win ? (probe.env.PATHEXT ?? '.EXE').split(';').filter(Boolean) : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = p.join(dir, name + ext);
      if (probe.isFile(file)) return file;
    }
  }
  return null;
}

export function systemBrowser(probe: Probe): string | null {
  for (const f of installPaths(probe.platform, probe.env)) if (probe.isFile(f)) return f;
  for (const n of pathNames(probe.platform)) {
    const f = onPath(n, probe);
    if (f) return f;
  }
  return null;
}

const NO_BROWSER = '找不到可用的浏览器：请安装 Chrome、Edge 或 Chromium，或设置 CHROME_PATH 指向浏览器程序';

/** Decide without unpacking anything. Throws with a Chinese message when nothing can be used. */
export function chooseBrowser(probe: Probe = realProbe()): Choice {
  const mode = (probe.env.JUESUAN_BROWSER ?? '').trim().toLowerCase();
  if (mode && mode !== 'bundled' && mode !== 'system') {
    throw new Error(`JUESUAN_BROWSER=${probe.env.JUESUAN_BROWSER} 无效：只能是 bundled 或 system`);
  }
  if (mode !== 'bundled') {
    const given = probe.env.CHROME_PATH || probe.env.CHROMIUM_PATH;
    if (given) {
      if (!probe.isFile(given)) throw new Error(`CHROME_PATH=${given}：文件不存在`);
      return { source: 'CHROME_PATH', path: given };
    }
    const found = systemBrowser(probe);
    if (found) return { source: 'system', path: found };
    if (mode === 'system') throw new Error(`${NO_BROWSER}（JUESUAN_BROWSER=system 不使用 npm 包自带的 Chromium）`);
  }
  if (probe.platform !== 'linux' || probe.arch !== 'x64') {
    throw new Error(`${NO_BROWSER}（npm 包 @sparticuz/chromium 自带的 Chromium 只能在 Linux x64 上运行）`);
  }
  return { source: 'bundled' };
}

/** The installed @sparticuz/chromium: its folder and version (its exports hide package.json). */
function sparticuzPackage(): { dir: string; version: string } {
  for (let dir = path.dirname(require.resolve('@sparticuz/chromium')); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version: string };
    if (pkg.name === '@sparticuz/chromium') return { dir, version: pkg.version };
  }
  throw new Error('找不到 npm 包 @sparticuz/chromium：请先运行 npm install');
}

/**
 * Unpack @sparticuz/chromium's binary once into `cacheDir` and return its path. The package unpacks
 * into os.tmpdir(); a child process with TMPDIR set to a private staging folder does that, and the
 * folder is renamed into place, so parallel test workers never see a half-written binary.
 */
export function bundledChromium(cacheDir: string): string {
  const { dir: pkgDir, version } = sparticuzPackage();
  const dir = path.join(cacheDir, `sparticuz-chromium-${version}`);
  const exe = path.join(dir, 'chromium');
  if (fs.existsSync(path.join(dir, '.complete'))) return exe;
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheDir, 'staging-'));
  try {
    const script = 'require("@sparticuz/chromium").executablePath().then((p) => process.stdout.write(p))';
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: pkgDir,
      env: { ...process.env, TMPDIR: staging, TMP: staging, TEMP: staging },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (path.resolve(out.trim()) !== path.join(staging, 'chromium')) throw new Error(`@sparticuz/chromium 解压到了意外的位置：${out.trim()}`);
    fs.writeFileSync(path.join(staging, '.complete'), version);
    try {
      fs.renameSync(staging, dir);
    } catch (e) {
      // Another worker finished first: use its copy.
      if (!fs.existsSync(path.join(dir, '.complete'))) throw e;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return exe;
}

export const CACHE_DIR = path.resolve(__dirname, '..', 'node_modules', '.cache', 'juesuan-browser');

export interface Found {
  source: BrowserSource;
  path: string;
}

/** The browser to launch: CHROME_PATH, else the system's, else the npm package's. */
export function findBrowser(probe: Probe = realProbe(), cacheDir = CACHE_DIR): Found {
  const c = chooseBrowser(probe);
  return c.source === 'bundled' ? { source: 'bundled', path: bundledChromium(cacheDir) } : c;
}

if (require.main === module) {
  try {
    const b = findBrowser();
    console.log(`${b.source}: ${b.path}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}

/** Browser discovery for the e2e tests (scripts/browser.ts): order, platforms, the bundled fallback. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BROWSER_FLAGS, bundledChromium, CACHE_DIR, chooseBrowser, launchArgs, Probe } from '../../scripts/browser';
import { serve } from './harness';

function probe(platform: NodeJS.Platform, files: string[], env: Record<string, string> = {}, arch = 'x64'): Probe {
  const set = new Set(files);
  return { platform, arch, env, isFile: (f) => set.has(f) };
}

describe('chooseBrowser', () => {
  test('CHROME_PATH wins over an installed browser; a missing CHROME_PATH is an error, not a silent fallback', () => {
    const p = probe('linux', ['/usr/bin/chromium', '/home/u/chrome'], { CHROME_PATH: '/home/u/chrome' });
    expect(chooseBrowser(p)).toEqual({ source: 'CHROME_PATH', path: '/home/u/chrome' });
    expect(() => chooseBrowser(probe('linux', ['/usr/bin/chromium'], { CHROME_PATH: '/nope' }))).toThrow(/CHROME_PATH=\/nope/);
    expect(chooseBrowser(probe('linux', ['/x/chromium'], { CHROMIUM_PATH: '/x/chromium' }))).toEqual({ source: 'CHROME_PATH', path: '/x/chromium' });
  });

  test('Linux: install paths (Chrome before Chromium), then PATH, then the npm package', () => {
    expect(chooseBrowser(probe('linux', ['/usr/bin/chromium', '/usr/bin/google-chrome']))).toEqual({ source: 'system', path: '/usr/bin/google-chrome' });
    expect(chooseBrowser(probe('linux', ['/usr/bin/chromium']))).toEqual({ source: 'system', path: '/usr/bin/chromium' });
    expect(chooseBrowser(probe('linux', ['/home/u/bin/chromium'], { PATH: '/usr/local/bin:/home/u/bin' }))).toEqual({ source: 'system', path: '/home/u/bin/chromium' });
    expect(chooseBrowser(probe('linux', [], { PATH: '/usr/local/bin:/usr/bin' }))).toEqual({ source: 'bundled' });
  });

  test('Windows: Program Files and LocalAppData for Chrome and Edge, then PATH with PATHEXT', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' };
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(chooseBrowser(probe('win32', [edge], env))).toEqual({ source: 'system', path: edge });
    const chrome = 'C:\\Users\\u\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(chooseBrowser(probe('win32', [edge, chrome], env))).toEqual({ source: 'system', path: chrome });
    const onPath = 'D:\\tools\\chrome.EXE';
    expect(chooseBrowser(probe('win32', [onPath], { ...env, PATH: 'C:\\Windows;D:\\tools', PATHEXT: '.COM;.EXE' }))).toEqual({ source: 'system', path: onPath });
  });

  test('macOS: /Applications and ~/Applications bundles', () => {
    const edge = '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    expect(chooseBrowser(probe('darwin', [edge], { HOME: '/Users/u' }))).toEqual({ source: 'system', path: edge });
    const mine = '/Users/u/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(chooseBrowser(probe('darwin', [edge, mine], { HOME: '/Users/u' }))).toEqual({ source: 'system', path: mine });
  });

  test('no browser on Windows/macOS or non-x64 Linux: a clear Chinese error (the npm Chromium is Linux x64 only)', () => {
    expect(() => chooseBrowser(probe('win32', [], {}))).toThrow(/找不到可用的浏览器.*Linux x64/);
    expect(() => chooseBrowser(probe('darwin', [], {}))).toThrow(/CHROME_PATH/);
    expect(() => chooseBrowser(probe('linux', [], {}, 'arm64'))).toThrow(/Linux x64/);
  });

  test('JUESUAN_BROWSER=bundled skips CHROME_PATH and the system browser; =system never falls back; other values are refused', () => {
    const files = ['/usr/bin/chromium', '/c'];
    expect(chooseBrowser(probe('linux', files, { JUESUAN_BROWSER: 'bundled', CHROME_PATH: '/c' }))).toEqual({ source: 'bundled' });
    expect(chooseBrowser(probe('linux', files, { JUESUAN_BROWSER: 'system' }))).toEqual({ source: 'system', path: '/usr/bin/chromium' });
    expect(() => chooseBrowser(probe('linux', [], { JUESUAN_BROWSER: 'system' }))).toThrow(/JUESUAN_BROWSER=system/);
    expect(() => chooseBrowser(probe('linux', files, { JUESUAN_BROWSER: 'firefox' }))).toThrow(/JUESUAN_BROWSER=firefox/);
  });

  test('launch flags: headless, no sandbox, no GPU, no background traffic, a fresh profile', () => {
    expect(BROWSER_FLAGS).toEqual(expect.arrayContaining(['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']));
    expect(launchArgs('/tmp/p1')).toContain('--user-data-dir=/tmp/p1');
  });
});

// The fallback for real, even where a system browser exists: unpack the npm package's Chromium into
// node_modules/.cache (once; the e2e tests reuse it) and render a local page with it.
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
(linuxX64 ? test : test.skip)('the npm package @sparticuz/chromium unpacks once and renders a local page headless', async () => {
  const exe = bundledChromium(CACHE_DIR);
  expect(bundledChromium(CACHE_DIR)).toBe(exe);
  expect(fs.statSync(exe).mode & 0o100).toBeTruthy();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'page-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title><p id="p">决算</p><script>document.title = "ok:" + (1 + 1)</script>');
  const server = await serve(dir);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: BROWSER_FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/index.html`);
    await expect(page.title()).resolves.toBe('ok:2');
    await expect(page.textContent('#p')).resolves.toBe('决算');
    expect(browser.version()).toMatch(/^\d+\./);
  } finally {
    await browser.close();
    await server.close();
  }
}, 120000);

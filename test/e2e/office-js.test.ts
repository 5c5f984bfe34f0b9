/**
 * Office.js without the internet: the default build copies @microsoft/office-js into office-js/ and
 * its pages refer to no address outside the add-in's own server; in a real browser, office.js from
 * there loads the Excel host scripts and zh-CN strings it needs (Windows, Mac, web), all from the
 * same server, none missing.
 * The pane's own code is not what is tested here, so the pages are built with the tiny ribbon entry.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { runWebpack } from '../../scripts/bundle-report';
import { BUILD_DIR, isLocal, launchChromium, ROOT, serve, StaticServer } from './harness';

const OUT = path.join(BUILD_DIR, 'office-js-default');
const PKG_DIST = path.join(ROOT, 'node_modules', '@microsoft', 'office-js', 'dist');
let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const make = require(path.join(ROOT, 'webpack.config.js'));
  const saved = { OFFICE_JS: process.env.OFFICE_JS, OFFICE_JS_DIR: process.env.OFFICE_JS_DIR };
  delete process.env.OFFICE_JS;
  delete process.env.OFFICE_JS_DIR;
  try {
    const cfg = make({ outDir: OUT }, { mode: 'production' });
    cfg.entry = { taskpane: './src/taskpane/commands.ts', commands: './src/taskpane/commands.ts' };
    await runWebpack([cfg]);
  } finally {
    Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
  }
  server = await serve(OUT);
  browser = await launchChromium();
}, 180000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Every address a page names: src/href attributes and url(…) in its markup. */
function addresses(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href|action|content)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) out.push(m[2] ?? m[3] ?? m[4]);
  for (const m of html.matchAll(/url\(\s*['"]?([^'")]+)/gi)) out.push(m[1]);
  return out;
}
const offServer = (a: string) => /^[a-z][a-z0-9+.-]*:/i.test(a) ? !/^(data|blob):/i.test(a) : a.startsWith('//');

test('default build: taskpane.html, commands.html and index.html refer to no address outside their own server', () => {
  for (const page of ['taskpane.html', 'commands.html', 'index.html']) {
    const html = fs.readFileSync(path.join(OUT, page), 'utf8');
    const all = addresses(html);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter(offServer)).toEqual([]);
  }
  expect(['https://appsforoffice.microsoft.com/lib/1/hosted/office.js', '//cdn.example/x.js', 'office-js/office.js', 'data:,x'].map(offServer)).toEqual([true, true, false, false]);
  expect(addresses(fs.readFileSync(path.join(OUT, 'taskpane.html'), 'utf8'))).toContain('office-js/office.js');
  expect(addresses(fs.readFileSync(path.join(OUT, 'index.html'), 'utf8'))).not.toContain('office-js/office.js');
});

test('office.js and its Excel files are copied unchanged; debug builds and other hosts are left out', () => {
  for (const f of ['office.js', 'excel-win32-16.01.js', 'excel-mac-16.00.js', 'excel-web-16.00.js', 'zh-cn/office_strings.js', 'en-us/office_strings.js']) {
    expect(fs.readFileSync(path.join(OUT, 'office-js', f)).equals(fs.readFileSync(path.join(PKG_DIST, f)))).toBe(true);
  }
  const names = fs.readdirSync(path.join(OUT, 'office-js'));
  expect(names.filter((n) => /\.debug\.js$|^(word|outlook|powerpoint|onenote|project|access)/.test(n))).toEqual([]);
  expect(names.filter((n) => n.endsWith('.LICENSE.txt'))).toEqual([]);
});

describe.each([
  ['Excel on Windows', 'Excel$Win32$16.01$zh-CN$$$$0', 'excel-win32-16.01.js'],
  ['Excel on Mac', 'Excel$Mac$16.00$zh-CN$$$$0', 'excel-mac-16.00.js'],
  ['Excel on the web', 'Excel$Web$16.00$zh-CN$$$$0', 'excel-web-16.00.js'],
])('%s', (_name, hostInfo, hostScript) => {
  test('office.js from the add-in server loads its host script and zh-CN strings from there, nothing else', async () => {
    const context = await browser.newContext();
    const requests: string[] = [];
    const failed: string[] = [];
    await context.route((url) => !isLocal(url.toString()), (route) => void route.abort());
    context.on('request', (r) => requests.push(r.url()));
    context.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    context.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
    const page = await context.newPage();
    await page.goto(`${server.url}/taskpane.html?_host_Info=${encodeURIComponent(hostInfo)}`);
    const paths = () => requests.map((u) => new URL(u).pathname);
    await page.waitForFunction(() => typeof (window as unknown as { Office?: unknown }).Office === 'object');
    for (let i = 0; i < 100 && !paths().includes('/office-js/zh-cn/office_strings.js'); i++) await page.waitForTimeout(50);
    expect(paths()).toEqual(expect.arrayContaining(['/office-js/office.js', `/office-js/${hostScript}`, '/office-js/zh-cn/office_strings.js']));
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(failed).toEqual([]);
    await context.close();
  });
});

/** The webpack config's build options (no build here; the e2e builds for real). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const makeConfig = require('../../webpack.config.js');

type Plugin = { constructor: { name: string }; userOptions?: { filename?: string; officeJs?: string | null; csp?: string | null }; patterns?: { from: string; to: string }[] };
const pages = (cfg: { plugins: Plugin[] }) => cfg.plugins.filter((p) => p.userOptions?.filename).map((p) => p.userOptions!);

const CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_PKG = path.join(path.resolve(__dirname, '..', '..'), 'node_modules', '@microsoft', 'office-js', 'dist');

/** The config as a build with the given OFFICE_JS / OFFICE_JS_DIR environment would see it. */
function withEnv(vars: Record<string, string | undefined>, env: object = {}) {
  const saved = { OFFICE_JS: process.env.OFFICE_JS, OFFICE_JS_DIR: process.env.OFFICE_JS_DIR };
  for (const [k, v] of Object.entries({ OFFICE_JS: undefined, OFFICE_JS_DIR: undefined, ...vars })) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const cfg = makeConfig(env, { mode: 'production' });
    const byName = Object.fromEntries(pages(cfg).map((p) => [p.filename, p]));
    const copy = cfg.plugins.find((p: Plugin) => p.patterns) as { patterns: { from: string; to: string; info?: { minimized?: boolean } }[] };
    return { cfg, byName, officeCopy: copy.patterns.find((x) => x.to === 'office-js') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('default: office.js from the add-in server (copied from @microsoft/office-js, unminified); browser page has no Office.js and a strict CSP', () => {
  const { cfg, byName, officeCopy } = withEnv({});
  expect(byName['taskpane.html'].officeJs).toBe('office-js/office.js');
  expect(byName['commands.html'].officeJs).toBe('office-js/office.js');
  expect(officeCopy?.from).toBe(OFFICE_JS_PKG);
  expect(officeCopy?.info?.minimized).toBe(true);
  expect(fs.existsSync(path.join(OFFICE_JS_PKG, 'office.js'))).toBe(true);
  expect(byName['index.html'].officeJs).toBeNull();
  expect(byName['index.html'].csp).toMatch(/connect-src 'self'/);
  expect(cfg.devServer.port).toBe(3000);
  expect(cfg.devServer.server).toBe('http');
  expect(cfg.module.rules[0].loader).toBe('ts-loader');
  expect(withEnv({ OFFICE_JS: 'local' }).byName['taskpane.html'].officeJs).toBe('office-js/office.js');
});

test('OFFICE_JS=cdn or an https address: nothing copied, the page loads that address', () => {
  for (const r of [withEnv({ OFFICE_JS: 'cdn' }), withEnv({}, { officeJs: 'cdn' })]) {
    expect(r.byName['taskpane.html'].officeJs).toBe(CDN);
    expect(r.byName['commands.html'].officeJs).toBe(CDN);
    expect(r.officeCopy).toBeUndefined();
  }
  const mirror = withEnv({ OFFICE_JS: 'https://oa.intranet.local/office-js/office.js' });
  expect(mirror.byName['taskpane.html'].officeJs).toBe('https://oa.intranet.local/office-js/office.js');
  expect(mirror.officeCopy).toBeUndefined();
});

test('OFFICE_JS_DIR / OFFICE_JS=<folder> / --env officeJs: that folder is copied and served', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'officejs-'));
  fs.writeFileSync(path.join(dir, 'office.js'), '// local');
  for (const r of [withEnv({ OFFICE_JS_DIR: dir }), withEnv({ OFFICE_JS: dir }), withEnv({}, { officeJs: dir }), withEnv({ OFFICE_JS_DIR: path.join(dir, 'office.js') })]) {
    expect(r.byName['taskpane.html'].officeJs).toBe('office-js/office.js');
    expect(r.officeCopy?.from).toBe(path.resolve(dir));
  }
  expect(() => withEnv({}, { officeJs: path.join(dir, 'missing') })).toThrow(/找不到 office\.js/);
  expect(() => withEnv({ OFFICE_JS: 'CDN-please' })).toThrow(/OFFICE_JS=CDN-please/);
});

test('generator-office script names; npm start takes the dev server and port from package.json through office-addin-cli', async () => {
  const root = path.resolve(__dirname, '..', '..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; config: Record<string, unknown>; devDependencies: Record<string, string> };
  for (const s of ['start', 'stop', 'build', 'dev-server', 'validate', 'validate:online']) expect(pkg.scripts[s]).toBeTruthy();
  expect(pkg.scripts['validate:online']).toBe('office-addin-manifest validate manifest.xml');
  expect(pkg.scripts.validate).not.toMatch(/office-addin-manifest/);
  expect(pkg.config.dev_server_port).toBe(3000);
  const { devServer } = await import('../../scripts/start');
  await expect(devServer({ npm_package_config_dev_server_port: '3000' })).resolves.toEqual({ command: pkg.scripts['dev-server'], port: 3000 });
  await expect(devServer({ PORT: '3181' })).resolves.toEqual({ command: 'webpack serve --mode development', port: 3181 });
  await expect(devServer({ PORT: 'abc' })).rejects.toThrow(/PORT 应为数字/);
  for (const dep of ['@microsoft/office-js', 'office-addin-cli', 'office-addin-manifest', '@sparticuz/chromium']) expect(pkg.devDependencies[dep]).toMatch(/^\d+\.\d+\.\d+$/);
});

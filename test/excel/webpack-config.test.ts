/** The webpack config's build options (no build here; the e2e builds for real). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const makeConfig = require('../../webpack.config.js');

type Plugin = { constructor: { name: string }; userOptions?: { filename?: string; officeJs?: string | null; csp?: string | null }; patterns?: { from: string; to: string }[] };
const pages = (cfg: { plugins: Plugin[] }) => cfg.plugins.filter((p) => p.userOptions?.filename).map((p) => p.userOptions!);

test('default: Office.js from the CDN on taskpane.html; browser page has no Office.js and a strict CSP', () => {
  const cfg = makeConfig({}, { mode: 'production' });
  const byName = Object.fromEntries(pages(cfg).map((p) => [p.filename, p]));
  expect(byName['taskpane.html'].officeJs).toBe('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
  expect(byName['commands.html'].officeJs).toBe('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
  expect(byName['index.html'].officeJs).toBeNull();
  expect(byName['index.html'].csp).toMatch(/connect-src 'self'/);
  expect(cfg.devServer.port).toBe(3000);
  expect(cfg.devServer.server).toBe('http');
  expect(cfg.module.rules[0].loader).toBe('ts-loader');
});

test('OFFICE_JS_DIR / --env officeJs: a local copy is copied and served', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'officejs-'));
  fs.writeFileSync(path.join(dir, 'office.js'), '// local');
  const cfg = makeConfig({ officeJs: dir }, { mode: 'production' });
  const byName = Object.fromEntries(pages(cfg).map((p) => [p.filename, p]));
  expect(byName['taskpane.html'].officeJs).toBe('office-js/office.js');
  const copy = cfg.plugins.find((p: Plugin) => p.patterns);
  expect(copy.patterns.some((x: { from: string; to: string }) => x.from === path.resolve(dir) && x.to === 'office-js')).toBe(true);
  expect(() => makeConfig({ officeJs: path.join(dir, 'missing') }, { mode: 'production' })).toThrow(/找不到 office\.js/);
});

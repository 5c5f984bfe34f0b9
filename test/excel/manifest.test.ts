/** Offline checks of manifest.xml (no network): the schema rules (npm run validate), what the add-in needs, icons. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ICON_SIZES, iconFile, writeIcons } from '../../scripts/icons';
import { parseXml, validateManifest, XmlElement } from '../../scripts/validate-manifest';

const ROOT = path.resolve(__dirname, '..', '..');

type El = XmlElement;

function all(el: El, name: string, out: El[] = []): El[] {
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    all(c, name, out);
  }
  return out;
}
const one = (el: El, name: string) => {
  const found = all(el, name);
  expect(found.length).toBeGreaterThan(0);
  return found[0];
};

const xml = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
const doc = parseXml(xml);

test('the parser rejects broken XML', () => {
  expect(() => parseXml('<a><b></a></b>')).toThrow();
  expect(() => parseXml('<a x="1" x="2"/>')).toThrow();
  expect(() => parseXml('<a>&bad;</a>')).toThrow();
  expect(() => parseXml('<a>')).toThrow();
  expect(() => parseXml('<p:a/>')).toThrow(/未声明的命名空间前缀/);
});

/** manifest.xml with one edit applied (the edit must match). */
function edited(from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  expect(out).not.toBe(xml);
  return out;
}
const messages = (src: string) => validateManifest(src).map((p) => `${p.line}: ${p.message}`).join('\n');

test('npm run validate: manifest.xml meets the schema rules, offline', () => {
  expect(validateManifest(xml)).toEqual([]);
  const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts', 'validate-manifest.ts'), path.join(ROOT, 'manifest.xml')], { encoding: 'utf8' });
  expect(out).toMatch(/manifest\.xml：符合/);
});

test('validate: a broken manifest fails with the line and the rule, and the command exits 1', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  const bad = path.join(dir, 'manifest.xml');
  fs.writeFileSync(bad, edited('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>ReadWriteAll</Permissions>'));
  let err: { status?: number; stderr?: string } = {};
  try {
    execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts', 'validate-manifest.ts'), bad], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    err = e as typeof err;
  }
  expect(err.status).toBe(1);
  expect(err.stderr).toMatch(/manifest\.xml:\d+: <Permissions>：“ReadWriteAll”应为 Restricted、/);
});

test.each([
  ['elements out of order', () => edited(/(<Version>[^<]*<\/Version>)\s*(<ProviderName>[^<]*<\/ProviderName>)/, '$2$1'), /位置或数量不对|缺少 <Version>/],
  ['a required element missing', () => edited(/<DefaultSettings>[\s\S]*?<\/DefaultSettings>/, ''), /缺少 <DefaultSettings>/],
  ['an unknown element', () => edited('<Permissions>', '<Foo/><Permissions>'), /不允许的子元素 <Foo>/],
  ['a bad GUID', () => edited(/<Id>[^<]*<\/Id>/, '<Id>not-a-guid</Id>'), /不是有效的GUID/],
  ['a bad version', () => edited(/<Version>[^<]*<\/Version>/, '<Version>1.0.0.0.0</Version>'), /不是有效的版本号/],
  ['a bad culture name', () => edited('<DefaultLocale>zh-CN</DefaultLocale>', '<DefaultLocale>chinese</DefaultLocale>'), /区域名称/],
  ['a display name over 125 characters', () => edited('<DisplayName DefaultValue="决算助手"/>', `<DisplayName DefaultValue="${'长'.repeat(126)}"/>`), /1–125 个字符（现为 126）/],
  ['a long string over 250 characters', () => edited(/(<bt:String id="OpenPane.Tooltip" DefaultValue=")[^"]*"/, `$1${'长'.repeat(251)}"`), /1–250 个字符/],
  ['a resource id over 32 characters', () => edited(/"Taskpane\.Url"/g, `"${'x'.repeat(33)}"`), /资源 id 应为 1–32 个字符/],
  ['a resid with no resource', () => edited('<Label resid="Group.Label"/>', '<Label resid="Group.Missing"/>'), /resid="Group\.Missing"/],
  ['a resid naming the wrong kind of resource', () => edited('<SourceLocation resid="Taskpane.Url"/>', '<SourceLocation resid="Group.Label"/>'), /bt:Urls 中没有这个 id/],
  ['an icon list without size 80', () => edited(/(<Group id="Juesuan\.Group">[\s\S]*?)<bt:Image size="80" resid="Icon\.80x80"\/>/, '$1'), /缺少 size="80"/],
  ['a wrong xsi:type', () => edited('xsi:type="ShowTaskpane"', 'xsi:type="OpenPane"'), /xsi:type 应为 ShowTaskpane、ExecuteFunction/],
  ['a missing required attribute', () => edited('<Control xsi:type="Button" id="Juesuan.OpenPane">', '<Control xsi:type="Button">'), /缺少属性 id/],
  ['an http page', () => edited('<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>', '<SourceLocation DefaultValue="http://localhost:3000/taskpane.html"/>'), /必须使用 https/],
  ['a duplicate resource id', () => edited('<bt:Image id="Icon.32x32"', '<bt:Image id="Icon.16x16"'), /资源 id “Icon\.16x16”重复/],
  ['the wrong namespace', () => edited('xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"', 'xmlns="http://schemas.microsoft.com/office/appforoffice/1.0"'), /根元素应为命名空间/],
  ['broken XML', () => edited('</Hosts>', '</Host>'), /XML 格式错误/],
])('validate rejects %s', (_what, make, expected) => {
  expect(messages(make())).toMatch(expected);
});

test('manifest: task pane app for Excel, zh-CN, 决算助手, read-write', () => {
  expect(doc.name).toBe('OfficeApp');
  expect(doc.attrs['xsi:type']).toBe('TaskPaneApp');
  expect(one(doc, 'Id').text.trim()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(one(doc, 'Version').text.trim()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(one(doc, 'DefaultLocale').text.trim()).toBe('zh-CN');
  expect(one(doc, 'DisplayName').attrs.DefaultValue).toBe('决算助手');
  expect(doc.children.find((c) => c.name === 'Hosts')!.children.map((h) => h.attrs.Name)).toEqual(['Workbook']);
  expect(one(doc, 'Permissions').text.trim()).toBe('ReadWriteDocument');
  expect(one(doc, 'SourceLocation').attrs.DefaultValue).toMatch(/^https:\/\/.+\/taskpane\.html$/);
});

test('manifest: low requirement set, children in schema order', () => {
  const sets = all(one(doc, 'Requirements'), 'Set');
  expect(sets.map((s) => [s.attrs.Name, s.attrs.MinVersion])).toEqual([['ExcelApi', '1.1']]);
  const order = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl',
    'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides'];
  expect(doc.children.map((c) => c.name)).toEqual(order);
});

test('manifest: a Home-tab ribbon button opens the task pane; every resid is defined', () => {
  const tab = one(doc, 'OfficeTab');
  expect(tab.attrs.id).toBe('TabHome');
  const action = all(tab, 'Action')[0];
  expect(action.attrs['xsi:type']).toBe('ShowTaskpane');
  const resources = one(doc, 'Resources');
  const ids = new Set(all(resources, 'bt:Image').concat(all(resources, 'bt:Url'), all(resources, 'bt:String')).map((e) => e.attrs.id));
  const refs: string[] = [];
  const walk = (e: El) => {
    if (e.attrs.resid) refs.push(e.attrs.resid);
    e.children.forEach(walk);
  };
  walk(one(doc, 'VersionOverrides'));
  expect(refs.length).toBeGreaterThan(5);
  for (const r of refs) expect(ids).toContain(r);
  for (const s of all(resources, 'bt:ShortStrings').flatMap((x) => x.children)) expect(s.attrs.DefaultValue.length).toBeLessThanOrEqual(125);
  for (const s of all(resources, 'bt:LongStrings').flatMap((x) => x.children)) expect(s.attrs.DefaultValue.length).toBeLessThanOrEqual(250);
});

test('manifest: every icon it names exists in assets/ with the right size', () => {
  const urls = [
    one(doc, 'IconUrl').attrs.DefaultValue,
    one(doc, 'HighResolutionIconUrl').attrs.DefaultValue,
    ...all(one(doc, 'Resources'), 'bt:Image').map((e) => e.attrs.DefaultValue),
  ];
  for (const u of urls) {
    const m = /\/assets\/icon-(\d+)\.png$/.exec(u);
    expect(m).not.toBeNull();
    const file = path.join(ROOT, 'assets', `icon-${m![1]}.png`);
    expect(fs.existsSync(file)).toBe(true);
    const png = fs.readFileSync(file);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Number(m![1]));
    expect(png.readUInt32BE(20)).toBe(Number(m![1]));
  }
});

test('the committed icons are exactly what scripts/icons.ts generates', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icons-'));
  writeIcons(dir);
  for (const size of ICON_SIZES) {
    expect(fs.readFileSync(path.join(dir, iconFile(size))).equals(fs.readFileSync(path.join(ROOT, 'assets', iconFile(size))))).toBe(true);
  }
});

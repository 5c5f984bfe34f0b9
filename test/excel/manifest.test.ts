/** Offline checks of manifest.xml (no network): well-formed, required elements, icons present. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ICON_SIZES, iconFile, writeIcons } from '../../scripts/icons';

const ROOT = path.resolve(__dirname, '..', '..');

interface El { name: string; attrs: Record<string, string>; children: El[]; text: string }

/** A small strict XML parser: enough for a manifest (elements, attributes, text, comments). */
function parseXml(src: string): El {
  const body = src.replace(/^\uFEFF?<\?xml[^?]*\?>/, '');
  const root: El = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  const re = /<!--[\s\S]*?-->|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) {
    if (m[0].startsWith('<!--')) continue;
    if (m[6]) throw new Error(`malformed markup at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(m[5])) throw new Error(`bad entity near ${m[5].slice(0, 30)}`);
      stack[stack.length - 1].text += m[5];
      continue;
    }
    if (m[1]) {
      const open = stack.pop()!;
      if (open.name !== m[1]) throw new Error(`</${m[1]}> closes <${open.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    const ar = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    let a: RegExpExecArray | null;
    while ((a = ar.exec(m[3])) !== null) {
      if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]] = a[2] ?? a[3];
    }
    const el: El = { name: m[2], attrs, children: [], text: '' };
    stack[stack.length - 1].children.push(el);
    if (!m[4]) stack.push(el);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error('exactly one root element expected');
  return root.children[0];
}

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

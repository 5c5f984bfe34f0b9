/**
 * npm run validate: offline check of an XML task-pane add-in manifest (no network).
 *   npx tsx scripts/validate-manifest.ts [manifest.xml]
 * Microsoft's XSD schemas (OfficeAppManifestV1_1, TaskPaneAppVersionOverridesV1_0, OfficeAppBasicTypesV1_0)
 * are not shipped in any npm package, so the rules they state for a TaskPaneApp are written here: element
 * namespaces, order and counts, required attributes, xsi:type values, simple types (UUID, Version,
 * CultureName, 125/250-character strings, 32-character resource ids, 2048-character URLs, Permissions),
 * icon lists with the mandatory sizes 16, 32 and 80. Added checks the schemas cannot state: every resid
 * names a resource of the right kind, ids are unique, add-in pages are https.
 * `npm run validate:online` runs Microsoft's own (online) validator.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface XmlElement {
  /** Qualified name as written (bt:Image). */
  name: string;
  local: string;
  ns: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function decode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()];
    return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** A small strict XML parser with namespaces: enough for a manifest (elements, attributes, text, comments). */
export function parseXml(src: string): XmlElement {
  const offset = /^\uFEFF?<\?xml[^?]*\?>/.exec(src)?.[0].length ?? 0;
  const lineAt = (i: number) => src.slice(0, offset + i).split('\n').length;
  const body = src.slice(offset);
  const root: XmlElement = { name: '#root', local: '#root', ns: '', attrs: {}, children: [], text: '', line: 0 };
  const stack: { el: XmlElement; scope: Record<string, string> }[] = [{ el: root, scope: { xml: 'http://www.w3.org/XML/1998/namespace' } }];
  const re = /<!--[\s\S]*?-->|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) {
    if (m[0].startsWith('<!--')) continue;
    const top = stack[stack.length - 1];
    if (m[6]) throw new Error(`第 ${lineAt(m.index)} 行：标记格式错误：${body.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(m[5])) throw new Error(`第 ${lineAt(m.index)} 行：无效的实体引用`);
      if (stack.length === 1 && m[5].trim()) throw new Error(`第 ${lineAt(m.index)} 行：根元素之外有文本`);
      top.el.text += decode(m[5]);
      continue;
    }
    if (m[1]) {
      if (top.el.name !== m[1]) throw new Error(`第 ${lineAt(m.index)} 行：</${m[1]}> 与 <${top.el.name}> 不匹配`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    const ar = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    let a: RegExpExecArray | null;
    while ((a = ar.exec(m[3])) !== null) {
      if (a[1] in attrs) throw new Error(`第 ${lineAt(m.index)} 行：属性 ${a[1]} 重复`);
      if (/</.test(a[2] ?? a[3])) throw new Error(`第 ${lineAt(m.index)} 行：属性值中不能有 <`);
      attrs[a[1]] = decode(a[2] ?? a[3]);
    }
    const scope = { ...top.scope };
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'xmlns') scope[''] = v;
      else if (k.startsWith('xmlns:')) scope[k.slice(6)] = v;
    }
    const [prefix, local] = m[2].includes(':') ? m[2].split(':') : ['', m[2]];
    if (!(prefix in scope)) throw new Error(`第 ${lineAt(m.index)} 行：未声明的命名空间前缀 ${prefix}`);
    const el: XmlElement = { name: m[2], local, ns: scope[prefix] ?? '', attrs, children: [], text: '', line: lineAt(m.index) };
    // xsi:type values are qualified names too: keep the local part.
    for (const k of Object.keys(attrs)) {
      const [p, l] = k.includes(':') ? k.split(':') : ['', k];
      if (l === 'type' && p && scope[p] === XSI) attrs['xsi:type'] = attrs[k].replace(/^[\w.-]+:/, '');
    }
    if (stack.length === 1 && root.children.length) throw new Error(`第 ${el.line} 行：只能有一个根元素`);
    top.el.children.push(el);
    if (!m[4]) stack.push({ el, scope });
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].el.name}>（第 ${stack[stack.length - 1].el.line} 行）没有结束标记`);
  if (root.children.length !== 1) throw new Error('应有且只有一个根元素');
  return root.children[0];
}

// ---- the schemas' simple types -------------------------------------------------------------------

type Simple = (v: string) => string | null;
const len = (min: number, max: number, what: string): Simple => (v) => (v.length < min || v.length > max ? `${what}应为 ${min}–${max} 个字符（现为 ${v.length}）` : null);
const pattern = (re: RegExp, what: string): Simple => (v) => (re.test(v) ? null : `“${v}”不是有效的${what}`);
const oneOf = (values: string[]): Simple => (v) => (values.includes(v) ? null : `“${v}”应为 ${values.join('、')} 之一`);

const T = {
  short: len(1, 125, ''),
  long: len(1, 250, ''),
  nonEmpty: len(1, Infinity, ''),
  refId: len(1, 32, '资源 id '),
  url: ((v) => len(1, 2048, 'URL ')(v) ?? (/\s/.test(v.trim()) || !/^[a-z][a-z0-9+.-]*:/i.test(v.trim()) ? `“${v}”不是绝对 URL` : null)) as Simple,
  uuid: pattern(/^(?:(?:urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\})$/i, 'GUID'),
  version: pattern(/^[0-9]{1,5}(?:\.[0-9]{1,5}){0,3}$/, '版本号（如 1.0.0.0）'),
  shortVersion: pattern(/^[0-9]{1,5}\.[0-9]{1,5}$/, '版本号（如 1.1）'),
  culture: pattern(/^(?:[a-z]{2,3}-[a-z0-9]{3,8}(?:-[a-z]{2,3})?|[a-z]{2,3}(?:-[a-z]{2,3}(?:_tradnl|\.pseudo|-[a-z]{4,8})?)?)$/i, '区域名称（如 zh-CN）'),
  alternateId: pattern(/^.{5,12}\\WA[0-9]{9}$/, 'AlternateId'),
  integer: pattern(/^[+-]?[0-9]+$/, '整数'),
  boolean: oneOf(['true', 'false', '1', '0']),
  permissions: oneOf(['Restricted', 'ReadDocument', 'ReadAllDocument', 'WriteDocument', 'ReadWriteDocument']),
};

// ---- the schemas' complex types, as content models ---------------------------------------------

const NS = {
  app: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  ov: 'http://schemas.microsoft.com/office/taskpaneappversionoverrides',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
};

interface Particle { name: string; ns: string; min: number; max: number; type: string }
interface ComplexType {
  /** Child elements in order; `lax` accepts any content (parts the schemas leave open or we do not use). */
  seq?: Particle[];
  lax?: boolean;
  attrs?: Record<string, { type: Simple; required?: boolean }>;
  text?: Simple;
  /** Abstract types: the concrete type is chosen by xsi:type. */
  xsiTypes?: Record<string, string>;
}

const el = (ns: string, name: string, type: string, min = 1, max = 1): Particle => ({ ns, name, type, min, max });
const many = Infinity;
const override = (value: Simple): ComplexType => ({ attrs: { Locale: { type: T.culture, required: true }, Value: { type: value, required: true } } });
const setting = (ns: string, value: Simple, overrideType: string): ComplexType => ({
  seq: [el(ns, 'Override', overrideType, 0, many)],
  attrs: { DefaultValue: { type: value, required: true } },
});
const resource = (value: Simple, overrideType: string): ComplexType => ({
  seq: [el(NS.bt, 'Override', overrideType, 0, many)],
  attrs: { id: { type: T.refId, required: true }, DefaultValue: { type: value, required: true } },
});
const ref: ComplexType = { attrs: { resid: { type: T.refId, required: true } } };
const idAttr = { id: { type: T.short, required: true } };

const TYPES: Record<string, ComplexType> = {
  OfficeApp: { xsiTypes: { TaskPaneApp: 'TaskPaneApp' } },
  TaskPaneApp: {
    seq: [
      el(NS.app, 'Id', 'UUID'), el(NS.app, 'AlternateId', 'AlternateId', 0), el(NS.app, 'Version', 'Version'),
      el(NS.app, 'ProviderName', 'ShortText'), el(NS.app, 'DefaultLocale', 'Culture'),
      el(NS.app, 'DisplayName', 'ShortSetting'), el(NS.app, 'Description', 'LongSetting'),
      el(NS.app, 'IconUrl', 'UrlSetting', 0), el(NS.app, 'HighResolutionIconUrl', 'UrlSetting', 0), el(NS.app, 'SupportUrl', 'UrlSetting', 0),
      el(NS.app, 'AppDomains', 'AppDomains', 0), el(NS.app, 'Hosts', 'AppHosts', 0), el(NS.app, 'Requirements', 'Requirements', 0),
      el(NS.app, 'DefaultSettings', 'TaskPaneAppSettings'), el(NS.app, 'Permissions', 'Permissions'),
      el(NS.app, 'Dictionary', 'Lax', 0), el(NS.ov, 'VersionOverrides', 'VersionOverrides', 0),
      el('http://www.w3.org/2000/09/xmldsig#', 'Signature', 'Lax', 0),
    ],
  },
  UUID: { text: T.uuid },
  AlternateId: { text: T.alternateId },
  Version: { text: T.version },
  ShortText: { text: T.short },
  LongText: { text: T.long },
  Culture: { text: T.culture },
  Permissions: { text: T.permissions },
  ShortOverride: override(T.short),
  LongOverride: override(T.long),
  UrlOverride: override(T.url),
  ShortSetting: setting(NS.app, T.short, 'ShortOverride'),
  LongSetting: setting(NS.app, T.long, 'LongOverride'),
  UrlSetting: setting(NS.app, T.url, 'UrlOverride'),
  AppDomains: { seq: [el(NS.app, 'AppDomain', 'LongText', 1, many)] },
  AppHosts: { seq: [el(NS.app, 'Host', 'AppHost', 1, many)] },
  AppHost: { attrs: { Name: { type: T.short, required: true } } },
  Requirements: { seq: [el(NS.app, 'Sets', 'Sets', 0), el(NS.app, 'Methods', 'Methods', 0)] },
  Sets: { seq: [el(NS.app, 'Set', 'Set', 1, many)], attrs: { DefaultMinVersion: { type: T.shortVersion } } },
  Set: { attrs: { Name: { type: T.short, required: true }, MinVersion: { type: T.shortVersion } } },
  Methods: { seq: [el(NS.app, 'Method', 'Method', 1, many)] },
  Method: { attrs: { Name: { type: T.long, required: true } } },
  TaskPaneAppSettings: { seq: [el(NS.app, 'SourceLocation', 'UrlSetting')] },
  Lax: { lax: true },

  VersionOverrides: { xsiTypes: { VersionOverridesV1_0: 'VersionOverridesV1_0' } },
  VersionOverridesV1_0: {
    seq: [
      el(NS.ov, 'Description', 'Ref', 0), el(NS.ov, 'Requirements', 'Lax', 0), el(NS.ov, 'Hosts', 'OvHosts', 0),
      el(NS.ov, 'Resources', 'Resources', 0), el(NS.ov, 'WebApplicationInfo', 'Lax', 0), el(NS.ov, 'EquivalentAddins', 'Lax', 0),
      el(`${NS.ov}/1.1`, 'VersionOverrides', 'Lax', 0),
    ],
  },
  OvHosts: { seq: [el(NS.ov, 'Host', 'OvHost', 1, many)] },
  OvHost: { xsiTypes: { Workbook: 'HostWithDesktop', Document: 'HostWithDesktop', Presentation: 'HostWithDesktop', Notebook: 'HostWithDesktop' } },
  HostWithDesktop: { seq: [el(NS.ov, 'DesktopFormFactor', 'FormFactor', 0)] },
  FormFactor: { seq: [el(NS.ov, 'GetStarted', 'GetStarted', 0), el(NS.ov, 'FunctionFile', 'Ref', 0), el(NS.ov, 'ExtensionPoint', 'ExtensionPoint', 1, many)] },
  GetStarted: { seq: [el(NS.ov, 'Title', 'Ref'), el(NS.ov, 'Description', 'Ref'), el(NS.ov, 'LearnMoreUrl', 'Ref')] },
  ExtensionPoint: { xsiTypes: { PrimaryCommandSurface: 'CommandSurface', ContextMenu: 'ContextMenu', CustomFunctions: 'Lax' } },
  CommandSurface: { seq: [el(NS.ov, 'OfficeTab', 'OfficeTab', 0, many), el(NS.ov, 'CustomTab', 'CustomTab', 0, many)] },
  OfficeTab: { seq: [el(NS.ov, 'Group', 'Group', 1, many)], attrs: idAttr },
  CustomTab: { seq: [el(NS.ov, 'Group', 'Group', 1, many), el(NS.ov, 'Label', 'Ref')], attrs: idAttr },
  ContextMenu: { seq: [el(NS.ov, 'OfficeMenu', 'OfficeMenu', 1, many)] },
  OfficeMenu: { seq: [el(NS.ov, 'Control', 'Control', 1, many)], attrs: idAttr },
  Group: { seq: [el(NS.ov, 'Label', 'Ref'), el(NS.ov, 'Icon', 'IconList'), el(NS.ov, 'Control', 'Control', 1, many)], attrs: idAttr },
  Control: { xsiTypes: { Button: 'Button', Menu: 'Menu' } },
  Button: { seq: [el(NS.ov, 'Label', 'Ref'), el(NS.ov, 'Supertip', 'Supertip'), el(NS.ov, 'Icon', 'IconList'), el(NS.ov, 'Action', 'Action')], attrs: idAttr },
  Menu: { seq: [el(NS.ov, 'Label', 'Ref'), el(NS.ov, 'Supertip', 'Supertip'), el(NS.ov, 'Icon', 'IconList'), el(NS.ov, 'Items', 'MenuItems')], attrs: idAttr },
  MenuItems: { seq: [el(NS.ov, 'Item', 'MenuItem', 1, many)] },
  MenuItem: { seq: [el(NS.ov, 'Label', 'Ref'), el(NS.ov, 'Supertip', 'Supertip'), el(NS.ov, 'Icon', 'IconList', 0), el(NS.ov, 'Action', 'Action')], attrs: idAttr },
  Supertip: { seq: [el(NS.ov, 'Title', 'Ref'), el(NS.ov, 'Description', 'Ref')] },
  Action: { xsiTypes: { ShowTaskpane: 'ShowTaskpane', ExecuteFunction: 'ExecuteFunction' } },
  ShowTaskpane: { seq: [el(NS.ov, 'TaskpaneId', 'ShortText', 0), el(NS.ov, 'SourceLocation', 'Ref'), el(NS.ov, 'Title', 'Ref', 0)] },
  ExecuteFunction: { seq: [el(NS.ov, 'FunctionName', 'LongText')] },
  Ref: ref,
  IconList: { seq: [el(NS.bt, 'Image', 'ImageRef', 1, many)] },
  ImageRef: { attrs: { resid: { type: T.refId, required: true }, size: { type: T.integer, required: true } } },
  Resources: {
    seq: [el(NS.bt, 'Images', 'Images', 0), el(NS.bt, 'Urls', 'Urls', 0), el(NS.bt, 'ShortStrings', 'ShortStrings', 0), el(NS.bt, 'LongStrings', 'LongStrings', 0)],
  },
  Images: { seq: [el(NS.bt, 'Image', 'ImageResource', 1, many)] },
  Urls: { seq: [el(NS.bt, 'Url', 'UrlResource', 1, many)] },
  ShortStrings: { seq: [el(NS.bt, 'String', 'ShortResource', 1, many)] },
  LongStrings: { seq: [el(NS.bt, 'String', 'LongResource', 1, many)] },
  ImageResource: resource(T.url, 'BtUrlOverride'),
  UrlResource: resource(T.url, 'BtUrlOverride'),
  ShortResource: resource(T.short, 'BtShortOverride'),
  LongResource: resource(T.long, 'BtLongOverride'),
  BtUrlOverride: override(T.url),
  BtShortOverride: override(T.short),
  BtLongOverride: override(T.long),
};

export interface Problem { line: number; message: string }

function checkType(e: XmlElement, typeName: string, out: Problem[], typed: Map<XmlElement, string>): void {
  let type = TYPES[typeName];
  let name = typeName;
  if (type.xsiTypes) {
    const x = e.attrs['xsi:type'];
    const concrete = x ? type.xsiTypes[x] : undefined;
    if (!concrete) {
      out.push({ line: e.line, message: `<${e.name}> 的 xsi:type 应为 ${Object.keys(type.xsiTypes).join('、')} 之一${x ? `（现为 ${x}）` : ''}` });
      return;
    }
    name = concrete;
    type = TYPES[concrete];
  }
  typed.set(e, name);
  if (type.lax) return;
  const problem = (message: string, line = e.line) => out.push({ line, message: `<${e.name}>：${message}` });
  for (const [a, spec] of Object.entries(type.attrs ?? {})) {
    const v = e.attrs[a];
    if (v === undefined) {
      if (spec.required) problem(`缺少属性 ${a}`);
      continue;
    }
    const err = spec.type(v);
    if (err) problem(`属性 ${a}：${err}`);
  }
  for (const a of Object.keys(e.attrs)) {
    if (a === 'xmlns' || a.startsWith('xmlns:') || a === 'xsi:type' || /^[\w.-]+:type$/.test(a)) continue;
    if (!(a in (type.attrs ?? {}))) problem(`不允许的属性 ${a}`);
  }
  if (type.text) {
    if (e.children.length) problem('只能包含文本');
    const err = type.text(e.text.trim());
    if (err) problem(err);
    return;
  }
  if (e.text.trim()) problem(`不应包含文本“${e.text.trim().slice(0, 20)}”`);
  const seq = type.seq ?? [];
  let i = 0;
  for (const p of seq) {
    let n = 0;
    while (i < e.children.length && e.children[i].local === p.name && e.children[i].ns === p.ns && n < p.max) {
      checkType(e.children[i], p.type, out, typed);
      i++;
      n++;
    }
    if (n < p.min) problem(`缺少 <${p.name}>${i < e.children.length ? `（在 <${e.children[i].name}> 之前）` : ''}`);
  }
  if (i < e.children.length) {
    const c = e.children[i];
    const known = seq.find((p) => p.name === c.local && p.ns === c.ns);
    problem(known ? `<${c.name}> 的位置或数量不对（顺序应为 ${seq.map((p) => p.name).join(' → ')}）` : `不允许的子元素 <${c.name}>（命名空间 ${c.ns || '无'}）`, c.line);
  }
}

function walk(e: XmlElement, f: (x: XmlElement) => void): void {
  f(e);
  e.children.forEach((c) => walk(c, f));
}

/** Checks beyond the schemas: resource references, unique ids, icon sizes, https pages. */
function crossChecks(root: XmlElement, typed: Map<XmlElement, string>, out: Problem[]): void {
  const kinds: Record<string, string> = { ImageResource: 'image', UrlResource: 'url', ShortResource: 'short', LongResource: 'long' };
  const defined = new Map<string, string>();
  const ids = new Map<string, Set<string>>();
  walk(root, (e) => {
    const kind = kinds[typed.get(e) ?? ''];
    if (!kind) return;
    const seen = ids.get(kind) ?? new Set<string>();
    if (seen.has(e.attrs.id)) out.push({ line: e.line, message: `资源 id “${e.attrs.id}”重复` });
    seen.add(e.attrs.id);
    ids.set(kind, seen);
    defined.set(`${kind}:${e.attrs.id}`, e.attrs.DefaultValue);
  });
  /** Which resource kind a resid must name, by the element that holds it. */
  const wants = (e: XmlElement): string => {
    if (e.local === 'Image') return 'image';
    if (['SourceLocation', 'FunctionFile', 'LearnMoreUrl'].includes(e.local)) return 'url';
    return e.local === 'Description' ? 'long' : 'short';
  };
  const controlIds = new Set<string>();
  const visit = (e: XmlElement) => {
    const t = typed.get(e);
    if (t === 'Ref' || t === 'ImageRef') {
      const kind = wants(e);
      const value = defined.get(`${kind}:${e.attrs.resid}`);
      if (value === undefined) out.push({ line: e.line, message: `<${e.name} resid="${e.attrs.resid}">：在 <Resources> 的${{ image: ' bt:Images', url: ' bt:Urls', short: ' bt:ShortStrings', long: ' bt:LongStrings' }[kind]} 中没有这个 id` });
      else if (kind === 'url' && e.local !== 'LearnMoreUrl' && !/^https:\/\//i.test(value)) out.push({ line: e.line, message: `<${e.name}>：加载项页面必须使用 https（现为 ${value}）` });
    }
    if (t === 'IconList') {
      const sizes = e.children.map((c) => Number(c.attrs.size));
      for (const s of [16, 32, 80]) if (!sizes.includes(s)) out.push({ line: e.line, message: `<${e.name}>：缺少 size="${s}" 的图标（16、32、80 为必需尺寸）` });
      for (const s of sizes) if (![16, 20, 24, 32, 40, 48, 64, 80].includes(s)) out.push({ line: e.line, message: `<${e.name}>：不支持的图标尺寸 ${s}` });
    }
    if (['Group', 'Button', 'Menu', 'MenuItem'].includes(t ?? '')) {
      if (controlIds.has(e.attrs.id)) out.push({ line: e.line, message: `<${e.name} id="${e.attrs.id}">：id 重复` });
      controlIds.add(e.attrs.id);
    }
    e.children.forEach(visit);
  };
  visit(root);
  const source = root.children.find((c) => c.local === 'DefaultSettings')?.children.find((c) => c.local === 'SourceLocation');
  if (source && !/^https:\/\//i.test(source.attrs.DefaultValue ?? '')) out.push({ line: source.line, message: `<SourceLocation>：加载项页面必须使用 https（现为 ${source.attrs.DefaultValue}）` });
}

export function validateManifest(xml: string): Problem[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return [{ line: Number(/第 (\d+) 行/.exec(msg)?.[1] ?? 0), message: `XML 格式错误：${msg}` }];
  }
  if (root.local !== 'OfficeApp' || root.ns !== NS.app) {
    return [{ line: root.line, message: `根元素应为命名空间 ${NS.app} 中的 <OfficeApp>（现为 <${root.name}>，${root.ns || '无命名空间'}）` }];
  }
  const out: Problem[] = [];
  const typed = new Map<XmlElement, string>();
  checkType(root, 'OfficeApp', out, typed);
  if (!out.length) crossChecks(root, typed, out);
  return out.sort((a, b) => a.line - b.line);
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] ?? 'manifest.xml');
  let xml: string;
  try {
    xml = fs.readFileSync(file, 'utf8');
  } catch {
    console.error(`无法读取清单文件：${file}`);
    process.exit(2);
  }
  const problems = validateManifest(xml);
  const name = path.basename(file);
  if (problems.length) {
    for (const p of problems) console.error(`${name}:${p.line}: ${p.message}`);
    console.error(`${name}：${problems.length} 个问题（离线检查，按 Microsoft 清单架构 OfficeAppManifestV1_1 / TaskPaneAppVersionOverridesV1_0 的规则）`);
    process.exit(1);
  }
  console.log(`${name}：符合 Microsoft 加载项清单架构的规则（离线检查：元素顺序与数量、属性、类型、资源引用、图标尺寸、https）。`);
}

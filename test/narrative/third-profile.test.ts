/**
 * A third region is one entry in src/core/narrative/profiles.json and nothing else: with the fixture
 * added to that data file (and no code changed), the profile is listed, guessed, chosen by --profile
 * and in the 说明 tab, and drafts with its own section order and titles.
 */
import realProfiles from '../../src/core/narrative/profiles.json';
import third from './fixtures/third-profile.json';

type Narrative = typeof import('../../src/core/narrative');
type Helpers = typeof import('./helpers');

/** The modules as they load when profiles.json holds `entries`. */
function withProfiles(entries: unknown): { n: Narrative; h: Helpers; logic: typeof import('../../src/taskpane/narrative/logic'); cli: typeof import('../../src/cli/draft') } {
  let out: ReturnType<typeof withProfiles> | undefined;
  jest.isolateModules(() => {
    jest.doMock('../../src/core/narrative/profiles.json', () => entries);
    out = {
      n: require('../../src/core/narrative'),
      h: require('./helpers'),
      logic: require('../../src/taskpane/narrative/logic'),
      cli: require('../../src/cli/draft'),
    };
  });
  jest.dontMock('../../src/core/narrative/profiles.json');
  return out!;
}

describe('a third region profile added as data', () => {
  const { n, h, logic, cli } = withProfiles([...realProfiles, third]);

  test('listed with the two existing ones, in the 说明 tab and for --profile', () => {
    expect(Object.keys(n.LAYOUTS)).toEqual(['xinjiang', 'shanghai', 'guangdong']);
    expect(n.LAYOUTS.guangdong.label).toBe('第三地区（测试用）');
    expect(logic.LAYOUT_LABEL.guangdong).toBe('第三地区（测试用）：三公在基金、国资之后，绩效部分另有标题');
    expect(cli.profileArg('guangdong').name).toBe('guangdong');
    expect(n.optionsFromSettings({ [n.NARRATIVE_SETTING_KEYS.layout]: 'guangdong' }).layout.name).toBe('guangdong');
  });

  test('guessed from its text markers', () => {
    const model = h.seedModel2024();
    const g = n.guessProfile({ sheets: [] }, model, '十、部门预算绩效情况说明');
    expect(g.layout.name).toBe('guangdong');
  });

  test('drafts with its own section order and titles', () => {
    const model = h.seedModel2024();
    const prior = h.seedModel2023();
    const snap = h.factsSnapshot([...h.seedFactEntries(model, prior), ...h.seedPerfEntries()]);
    const d = n.prepareDraft({ snapshot: snap, model, priorModel: prior, options: { layout: n.LAYOUTS.guangdong } }).draft;
    const heads = d.paragraphs.map((p) => p.text).filter((t) => /^[一二三四五六七八九十]+、/.test(t));
    expect(heads).toContain('十、部门预算绩效情况说明');
    expect(heads).toContain('十一、其他重要事项的情况说明');
  });

  test('the existing profiles are unchanged by it', () => {
    expect(n.LAYOUTS.shanghai.detect.t9Position).toBe(7);
    expect(n.LAYOUTS.xinjiang.sectionTitles).toEqual({});
  });
});

describe('a malformed profiles data file is named, not crashed on later', () => {
  test.each([
    [[...realProfiles, { ...third, id: 'xinjiang' }], /id xinjiang 重复/],
    [[...realProfiles, { ...third, tableOrder: ['T1'] }], /第3项（guangdong）：缺少 parts 或 tableOrder/],
    [[...realProfiles, { ...third, sentences: 'free' }], /sentences 应为 seed 或 templates/],
    [{ xinjiang: realProfiles[0] }, /应为数组/],
  ])('%#', (entries, msg) => {
    expect(() => withProfiles(entries)).toThrow(msg);
  });
});

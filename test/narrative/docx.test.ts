/** The .docx export opens (re-read with JSZip) and holds the same paragraphs, headings styled. */
import { prepareDraft, NarrativeDraft } from '../../src/core/narrative';
import { narrativeDocx } from '../../src/docx/export';
import { docxParagraphs, factsSnapshot, seedFactEntries, seedModel2023, seedModel2024, seedPerfEntries } from './helpers';

describe('.docx export', () => {
  let draft: NarrativeDraft;
  beforeAll(() => {
    const model = seedModel2024();
    const prior = seedModel2023();
    draft = prepareDraft({ snapshot: factsSnapshot([...seedFactEntries(model, prior), ...seedPerfEntries()]), model, priorModel: prior }).draft;
  });

  test('re-read: the same paragraphs in the same order, headings as Word headings', async () => {
    const bytes = await narrativeDocx(draft);
    expect(bytes[0]).toBe(0x50); // PK zip
    const paras = await docxParagraphs(bytes);
    expect(paras.map((p) => p.text)).toEqual(draft.paragraphs.map((p) => p.text));
    const styleOf = (t: string) => paras.find((p) => p.text === t)!.style;
    expect(styleOf(draft.paragraphs[0].text)).toBe('Title');
    expect(styleOf('第二部分 部门决算情况说明')).toBe('Heading1');
    expect(styleOf('一、收入支出决算总体情况说明')).toBe('Heading2');
    expect(styleOf('（一）一般公共预算财政拨款支出决算总体情况')).toBe('Heading3');
    expect(paras.find((p) => p.text.startsWith('2024年度收入总计'))!.style).toBe('');
    expect(paras.some((p) => p.text === '九、《财政拨款“三公”经费支出决算表》')).toBe(true);
  });

  test('text that looks like XML or a formula stays text', async () => {
    const d: NarrativeDraft = { paragraphs: [{ text: '=SUM(A1) <b>&"\'', style: 'body', placeholders: [] }], placeholders: [], factEntries: [] };
    const paras = await docxParagraphs(await narrativeDocx(d));
    expect(paras.map((p) => p.text)).toEqual(['=SUM(A1) <b>&"\'']);
  });
});

describe('.docx placeholders', () => {
  test('every 【…】 placeholder is highlighted yellow, as in the preview; the rest of the paragraph is not', async () => {
    const JSZip = (await import('jszip')).default;
    const hole = '【请填写主要原因】';
    const d: NarrativeDraft = {
      paragraphs: [{ text: `收入总计减少1.00万元，主要原因是：${hole}。`, style: 'body', placeholders: [{ text: hole, label: '原因' }] }],
      placeholders: [], factEntries: [],
    };
    const xml = await (await JSZip.loadAsync(await narrativeDocx(d))).file('word/document.xml')!.async('string');
    const runs = [...xml.matchAll(/<w:r>(.*?)<\/w:r>/g)].map((m) => m[1]);
    const lit = runs.filter((r) => /<w:highlight w:val="yellow"\/>/.test(r)).map((r) => /<w:t[^>]*>(.*?)<\/w:t>/.exec(r)![1]);
    expect(lit).toEqual([hole]);
    expect((await docxParagraphs(await narrativeDocx(d))).map((p) => p.text)).toEqual([d.paragraphs[0].text]);
  });
});

/**
 * .docx export of the drafted 说明 (the `docx` package; kept out of src/core). Same paragraphs as the
 * 决算说明 sheet: title centred, part/section/subsection headings as Word headings, body paragraphs
 * with a two-character first-line indent, as published 说明 are set.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { NarrativeDraft, NarrativeParagraph } from '../core/narrative/draft';

const BODY_FONT = '仿宋_GB2312';
const HEADING_FONT = '黑体';
const TITLE_FONT = '方正小标宋简体';
/** Sizes in half-points: 三号 16pt, 小二 18pt. */
const BODY_SIZE = 32;
const TITLE_SIZE = 36;

function font(name: string) {
  return { ascii: name, eastAsia: name, hAnsi: name, cs: name };
}

/** Body runs: the placeholders 【…】 highlighted yellow, as in the task pane's preview. */
function bodyRuns(p: NarrativeParagraph): TextRun[] {
  const holes = [...new Set(p.placeholders.map((h) => h.text))].filter((h) => h);
  if (!holes.length) return [new TextRun({ text: p.text, font: font(BODY_FONT), size: BODY_SIZE })];
  const esc = holes.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return p.text.split(new RegExp(`(${esc})`)).filter((x) => x !== '').map((x) => new TextRun({
    text: x, font: font(BODY_FONT), size: BODY_SIZE, ...(holes.includes(x) ? { highlight: 'yellow' } : {}),
  }));
}

function paragraphOf(para: NarrativeParagraph): Paragraph {
  const { text, style } = para;
  switch (style) {
    case 'title':
      return new Paragraph({
        heading: HeadingLevel.TITLE,
        alignment: AlignmentType.CENTER,
        spacing: { after: 240 },
        children: [new TextRun({ text, bold: true, font: font(TITLE_FONT), size: TITLE_SIZE })],
      });
    case 'part':
      return new Paragraph({
        heading: HeadingLevel.HEADING_1,
        spacing: { before: 240, after: 120 },
        children: [new TextRun({ text, bold: true, font: font(HEADING_FONT), size: BODY_SIZE })],
      });
    case 'section':
      return new Paragraph({
        heading: HeadingLevel.HEADING_2,
        indent: { firstLine: 640 },
        children: [new TextRun({ text, bold: true, font: font(HEADING_FONT), size: BODY_SIZE })],
      });
    case 'subsection':
      return new Paragraph({
        heading: HeadingLevel.HEADING_3,
        indent: { firstLine: 640 },
        children: [new TextRun({ text, bold: true, font: font('楷体_GB2312'), size: BODY_SIZE })],
      });
    default:
      return new Paragraph({
        indent: { firstLine: 640 },
        spacing: { line: 560 },
        alignment: AlignmentType.JUSTIFIED,
        children: bodyRuns(para),
      });
  }
}

/** Build the Word document of a draft (one Word paragraph per draft paragraph). */
export function narrativeDocument(d: NarrativeDraft): Document {
  return new Document({
    creator: '决算助手',
    title: d.paragraphs.find((p) => p.style === 'title')?.text ?? '部门决算公开说明',
    styles: {
      default: {
        document: { run: { font: font(BODY_FONT), size: BODY_SIZE, color: '000000' } },
        title: { run: { font: font(TITLE_FONT), size: TITLE_SIZE, bold: true, color: '000000' } },
        heading1: { run: { font: font(HEADING_FONT), size: BODY_SIZE, bold: true, color: '000000' } },
        heading2: { run: { font: font(HEADING_FONT), size: BODY_SIZE, bold: true, color: '000000' } },
        heading3: { run: { font: font('楷体_GB2312'), size: BODY_SIZE, bold: true, color: '000000' } },
      },
    },
    sections: [{
      properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
      children: d.paragraphs.map((p) => paragraphOf(p)),
    }],
  });
}

/** The .docx bytes (works in Node and in the browser). */
export async function narrativeDocx(d: NarrativeDraft): Promise<Uint8Array> {
  const buf = await Packer.toArrayBuffer(narrativeDocument(d));
  return new Uint8Array(buf);
}

/** The drafted 说明 as the `决算说明` sheet (one paragraph per row) and as plain text. */
import { RowStyle, SheetEdit, SheetRow } from '../plan';
import { NarrativeDraft, ParagraphStyle } from './draft';

export const NARRATIVE_SHEET = '决算说明';

const ROW_STYLE: Record<ParagraphStyle, RowStyle> = {
  title: 'title',
  part: 'heading',
  section: 'subheading',
  subsection: 'subheading',
  body: 'body',
};

/** Replace (only) the 决算说明 sheet with the draft: headings bold, paragraphs wrapped, column A wide. */
export function narrativeSheetEdit(d: NarrativeDraft): SheetEdit {
  const rows: SheetRow[] = d.paragraphs.map((p) => ({ cells: [p.text], style: ROW_STYLE[p.style] }));
  return { kind: 'sheet', name: NARRATIVE_SHEET, replace: true, columnWidths: [110], rows, wrap: true };
}

/** Row (1-based, as in Excel) of each paragraph in the sheet written by narrativeSheetEdit. */
export function paragraphRow(index: number): number {
  return index + 1;
}

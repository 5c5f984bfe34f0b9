/** The inside of one finding in a list (检查 and 绩效自评 tabs): severity, rule, message, its cells. */
import * as React from 'react';
import { Badge, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { Finding, SEVERITY_LABEL, Severity } from '../core/finding';
import { WorkbookSnapshot } from '../core/snapshot';
import { cellContext, describeCell } from './check/logic';

export const SEV_COLOR: Record<Severity, 'danger' | 'warning' | 'informative'> = { error: 'danger', warning: 'warning', info: 'informative' };

const useStyles = makeStyles({
  head: { display: 'flex', columnGap: '6px', alignItems: 'center', marginBottom: '2px' },
  msg: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, overflowWrap: 'anywhere' },
  cells: { margin: '4px 0 0 0', paddingLeft: '14px', fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  cellsInline: { display: 'block', paddingLeft: 0 },
});

export interface FindingBodyProps {
  finding: Finding;
  /** The current finding lists each cell with its context (row label, column, value). */
  expanded: boolean;
  snapshot: WorkbookSnapshot;
  cellsTestId: string;
  msgTestId?: string;
}

export function FindingBody({ finding: f, expanded, snapshot, cellsTestId, msgTestId }: FindingBodyProps): React.ReactElement {
  const s = useStyles();
  return (
    <>
      <span className={s.head}>
        <Badge size="small" appearance="filled" color={SEV_COLOR[f.severity]}>{SEVERITY_LABEL[f.severity]}</Badge>
        <Text size={200} weight="semibold">{f.rule}</Text>
      </span>
      <span className={s.msg} data-testid={msgTestId}>{f.message}</span>
      {expanded && f.cells.length > 0 && (
        <ul className={s.cells} data-testid={cellsTestId}>
          {f.cells.map((c, i) => <li key={i}>{describeCell(cellContext(snapshot, c))}</li>)}
        </ul>
      )}
      {!expanded && f.cells.length > 0 && (
        <span className={mergeClasses(s.cells, s.cellsInline)}>
          {f.cells.slice(0, 4).map((c) => `${c.sheet}!${c.address}`).join('，')}{f.cells.length > 4 ? ` 等 ${f.cells.length} 个单元格` : ''}
        </span>
      )}
    </>
  );
}

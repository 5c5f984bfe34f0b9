/** Browser mode: choose or drop an .xlsx file. The file is read in the page; nothing is uploaded. */
import * as React from 'react';
import { Button, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  zone: {
    display: 'flex', flexWrap: 'wrap', columnGap: '8px', rowGap: '4px', alignItems: 'center', padding: '6px 8px',
    border: `1px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium,
  },
  over: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, flexBasis: 0, flexGrow: 1, minWidth: '120px', overflowWrap: 'anywhere' },
  name: { fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold, flexBasis: 0, flexGrow: 1, minWidth: '120px', overflowWrap: 'anywhere' },
});

export function FilePicker(props: {
  fileName: string | null; disabled: boolean; onFile: (name: string, bytes: Uint8Array) => void; children?: React.ReactNode;
}): React.ReactElement {
  const s = useStyles();
  const input = React.useRef<HTMLInputElement>(null);
  const [over, setOver] = React.useState(false);
  const take = async (f: File | undefined | null) => {
    if (!f) return;
    const buf = await f.arrayBuffer();
    props.onFile(f.name, new Uint8Array(buf));
  };
  return (
    <div className={mergeClasses(s.zone, over && s.over)} data-testid="dropzone"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); e.stopPropagation(); setOver(false); if (!props.disabled) void take(e.dataTransfer.files?.[0]); }}>
      <Button size="small" disabled={props.disabled} onClick={() => input.current?.click()} data-testid="open-file">
        {props.fileName ? '打开其他文件…' : '打开 .xlsx 工作簿…'}
      </Button>
      <input ref={input} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        style={{ display: 'none' }} data-testid="file-input" aria-label="选择工作簿文件" tabIndex={-1}
        onChange={(e) => { void take(e.target.files?.[0]); e.target.value = ''; }} />
      {props.fileName
        ? <Text className={s.name} data-testid="file-name">当前文件：{props.fileName}</Text>
        : <Text className={s.hint}>或将文件拖到此处。文件只在本页面中读取，不会上传。</Text>}
      {props.children}
    </div>
  );
}

/** Browser mode: choose or drop an .xlsx file. The file is read in the page; nothing is uploaded. */
import * as React from 'react';
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  zone: {
    display: 'flex', flexDirection: 'column', rowGap: '6px', alignItems: 'flex-start', padding: '10px',
    border: `1px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium,
  },
  over: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export function FilePicker(props: { fileName: string | null; disabled: boolean; onFile: (name: string, bytes: Uint8Array) => void }): React.ReactElement {
  const s = useStyles();
  const input = React.useRef<HTMLInputElement>(null);
  const [over, setOver] = React.useState(false);
  const take = async (f: File | undefined | null) => {
    if (!f) return;
    const buf = await f.arrayBuffer();
    props.onFile(f.name, new Uint8Array(buf));
  };
  return (
    <div className={over ? `${s.zone} ${s.over}` : s.zone} data-testid="dropzone"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); void take(e.dataTransfer.files?.[0]); }}>
      <Button disabled={props.disabled} onClick={() => input.current?.click()}>打开 .xlsx 工作簿…</Button>
      <input ref={input} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        style={{ display: 'none' }} data-testid="file-input" aria-label="选择工作簿文件"
        onChange={(e) => { void take(e.target.files?.[0]); e.target.value = ''; }} />
      <Text className={s.hint}>{props.fileName ? `当前文件：${props.fileName}` : '或将文件拖到此处。文件只在本页面中读取，不会上传。'}</Text>
    </div>
  );
}

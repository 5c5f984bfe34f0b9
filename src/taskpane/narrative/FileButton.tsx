/** A button that opens the file dialog for one .xlsx (read in the page; nothing is uploaded). */
import * as React from 'react';
import { Button, ButtonProps } from '@fluentui/react-components';

export interface FileButtonProps {
  label: string;
  disabled?: boolean;
  appearance?: ButtonProps['appearance'];
  /** data-testid of the hidden <input type=file>. */
  inputTestId: string;
  buttonTestId?: string;
  inputLabel: string;
  onFile: (name: string, bytes: Uint8Array) => void;
}

export function FileButton(props: FileButtonProps): React.ReactElement {
  const input = React.useRef<HTMLInputElement>(null);
  const take = async (f: File | undefined | null) => {
    if (!f) return;
    const buf = await f.arrayBuffer();
    props.onFile(f.name, new Uint8Array(buf));
  };
  return (
    <>
      <Button appearance={props.appearance} disabled={props.disabled} onClick={() => input.current?.click()} data-testid={props.buttonTestId}>
        {props.label}
      </Button>
      <input ref={input} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        style={{ display: 'none' }} data-testid={props.inputTestId} aria-label={props.inputLabel} tabIndex={-1}
        onChange={(e) => { void take(e.target.files?.[0]); e.target.value = ''; }} />
    </>
  );
}

import { CliIO } from './main';
export async function runDraft(_argv: string[], io: CliIO): Promise<number> {
  io.err('draft 尚未实现\n');
  return 2;
}

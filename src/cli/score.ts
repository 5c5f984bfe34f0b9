import { CliIO } from './main';
export async function runScore(_argv: string[], io: CliIO): Promise<number> {
  io.err('score 尚未实现\n');
  return 2;
}

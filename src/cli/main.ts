/** `juesuan` command line: check | score | draft. Exit codes: 0 ok, 1 findings with errors, 2 bad input. */
import { UnreadableWorkbookError } from '../xlsx/read';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

export const USAGE = `决算助手 juesuan — 部门决算报表检查、绩效自评计分与决算说明起草

用法：
  juesuan check <工作簿.xlsx> [更多.xlsx …] [--json] [--out <标注副本.xlsx>] [--report <检查报告.html>] [--profile <说明格式，如 xinjiang、shanghai>]
  juesuan score <工作簿.xlsx> [--policy official|as-practiced|vendor] [--json] [--out <填分副本.xlsx>]
  juesuan draft <工作簿.xlsx> [--prior <上年.xlsx>] [--profile <说明格式，如 xinjiang、shanghai>] [--text] [--out <含说明.xlsx>] [--docx <说明.docx>]

退出码：0 未发现错误；1 发现错误；2 输入无法读取或参数有误。
`;

export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

/** Minimal flag parser: --flag value, --flag=value, --bool. */
export function parseArgs(argv: string[], valueFlags: string[], boolFlags: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (valueFlags.includes(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined || v === '') throw new UsageError(`参数 --${name} 需要一个值`);
        flags[name] = v;
      } else if (boolFlags.includes(name)) {
        flags[name] = true;
      } else {
        throw new UsageError(`未知参数 --${name}`);
      }
    } else {
      positional.push(a);
    }
  }
  return { positional, flags };
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'check':
        return await (await import('./check')).runCheck(rest, io);
      case 'score':
        return await (await import('./score')).runScore(rest, io);
      case 'draft':
        return await (await import('./draft')).runDraft(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return cmd === undefined ? 2 : 0;
      case '--version':
      case '-v':
        io.out('0.1.0\n');
        return 0;
      default:
        io.err(`未知命令：${cmd}\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof UnreadableWorkbookError) {
      io.err(`${e.message}\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`内部错误：${msg.split('\n')[0]}\n`);
    return 2;
  }
}

/** Prints the rule list (Markdown) from the registry; README's list is kept in step by a test. */
import { RULES } from '../src/core/rules/registry';

export function rulesMarkdown(): string {
  const sev: Record<string, string> = { error: '错误', warning: '警告', info: '提示' };
  const lines = ['| 规则 | 级别 | 内容 | 涉及报表 |', '|---|---|---|---|'];
  for (const r of RULES) lines.push(`| ${r.id} | ${sev[r.severity]} | ${r.title} | ${r.tables.join(' ')} |`);
  return lines.join('\n');
}

if (require.main === module) process.stdout.write(rulesMarkdown() + '\n');

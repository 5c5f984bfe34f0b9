/** Every nine-table rule, in order. The README's rule list is generated from (and tested against) this. */
import { RuleDecl } from './engine';
import { TABLE_RULES } from './tableRules';

export const RULES: RuleDecl[] = [...TABLE_RULES];

export function ruleById(id: string): RuleDecl | undefined {
  return RULES.find((r) => r.id === id);
}

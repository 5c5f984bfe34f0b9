import * as fs from 'fs';
import * as path from 'path';
import { rulesMarkdown } from '../../scripts/rules-doc';
import { RULES } from '../../src/core/rules/registry';

describe('rule registry', () => {
  it('README lists exactly the registry\'s rules (regenerate with npx tsx scripts/rules-doc.ts)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = readme.split('<!-- rules:start -->')[1].split('<!-- rules:end -->')[0].trim();
    expect(block).toBe(rulesMarkdown());
  });
  it('ids are unique and cover R01–R23', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i <= 23; i++) expect(ids).toContain(`R${String(i).padStart(2, '0')}`);
  });
});

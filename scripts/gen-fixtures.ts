/**
 * Fixture generator. `npx tsx scripts/gen-fixtures.ts` writes test/fixtures/generated/*.xlsx and
 * manifest.json; `--samples` writes samples/seed-2024.xlsx and samples/seed-2023.xlsx instead;
 * `--out <dir>` writes the fixtures elsewhere. Layouts and data: test/fixtures/README.md.
 */
import * as path from 'path';
import { generateAll, generateSamples } from './fixtures/generate';
import { GENERATED_DIR } from './fixtures/manifest';

export { generateAll, generateSamples };
export { GENERATED_DIR };
export type { ManifestEntry } from './fixtures/manifest';

export const SAMPLES_DIR = path.resolve(__dirname, '../samples');

async function main(argv: string[]): Promise<void> {
  const t0 = Date.now();
  if (argv.includes('--samples')) {
    const files = await generateSamples(SAMPLES_DIR);
    console.log(`wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')} in ${Date.now() - t0} ms`);
    return;
  }
  const i = argv.indexOf('--out');
  const out = i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]) : GENERATED_DIR;
  const manifest = await generateAll(out);
  console.log(`wrote ${manifest.length} fixtures + manifest.json to ${path.relative(process.cwd(), out) || '.'} in ${Date.now() - t0} ms`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}

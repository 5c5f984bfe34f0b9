/** Shared test helpers: generated fixtures, snapshots, in-process CLI runs. */
import * as fs from 'fs';
import * as path from 'path';
import { readSnapshot } from '../src/xlsx/read';
import { WorkbookSnapshot } from '../src/core/snapshot';
import { main } from '../src/cli/main';

export const ROOT = path.join(__dirname, '..');
export const GENERATED = path.join(ROOT, 'test', 'fixtures', 'generated');
export const SAMPLE = path.join(ROOT, 'samples', 'seed-2024.xlsx');
export const SAMPLE_2023 = path.join(ROOT, 'samples', 'seed-2023.xlsx');

export interface ManifestEntry {
  file: string;
  layout?: string;
  kind: 'seed' | 'fault' | 'rounding' | 'bad' | string;
  rule?: string;
  expect?: 'error' | 'warning' | 'info' | 'none' | 'exit2' | string;
  cell?: { sheet: string; address: string };
  description?: string;
}

export function manifest(): ManifestEntry[] {
  const m = JSON.parse(fs.readFileSync(path.join(GENERATED, 'manifest.json'), 'utf8'));
  return Array.isArray(m) ? m : m.files ?? m.entries;
}

export function fixture(file: string): string {
  return path.isAbsolute(file) ? file : path.join(GENERATED, file);
}

export async function snapshotOf(file: string): Promise<WorkbookSnapshot> {
  return (await readSnapshot(new Uint8Array(fs.readFileSync(file)))).snapshot;
}

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

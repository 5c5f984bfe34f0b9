/** A1 address helpers for the Office.js adapter (pure). */
import { a1, CellRange, parseA1 } from '../core/snapshot';

/** "A1:C3" for 0-based inclusive bounds. */
export function rangeAddress(r1: number, c1: number, r2: number, c2: number): string {
  return r1 === r2 && c1 === c2 ? a1(r1, c1) : `${a1(r1, c1)}:${a1(r2, c2)}`;
}

/**
 * Parse the address of a RangeAreas ("Sheet1!A1:B2, 'My, sheet'!C3:D4") or a Range
 * ("Sheet1!A1:B2") into 0-based ranges. Sheet names are skipped: only the part after the last '!'
 * of each area counts, so quoted names containing commas or '!' are safe.
 */
export function parseAreas(address: string): CellRange[] {
  const out: CellRange[] = [];
  const re = /(?:^|[!,\s])(\$?[A-Za-z]{1,3}\$?\d{1,7})(?::(\$?[A-Za-z]{1,3}\$?\d{1,7}))?(?=$|,)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(address)) !== null) {
    const p = parseA1(m[1]);
    const q = m[2] ? parseA1(m[2]) : p;
    if (!p || !q) continue;
    out.push({ r1: Math.min(p.r, q.r), c1: Math.min(p.c, q.c), r2: Math.max(p.r, q.r), c2: Math.max(p.c, q.c) });
  }
  return out;
}

/** Upper-case, no $ (e.g. "$b$7" → "B7"). */
export function normAddress(address: string): string {
  return address.replace(/\$/g, '').toUpperCase();
}

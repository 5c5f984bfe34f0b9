/** Text normalisation for label matching: full-width → half-width, no spaces, unified quotes/brackets. */

export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code === 0x3000) out += ' ';
    else if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else out += ch;
  }
  return out;
}

/** Canonical key for comparing labels: half-width, no white space, no quotes, ASCII brackets. */
const NEEDS_NORMALISING = /[\s\u00a0\u3000\uff01-\uff5e"'“”‘’『』「」〝〞（）：]/;

export function labelKey(s: string): string {
  if (!NEEDS_NORMALISING.test(s)) return s;
  return toHalfWidth(s)
    .replace(/[\s\u00a0]+/g, '')
    .replace(/["'“”‘’『』「」〝〞]/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[：]/g, ':');
}

/** Strip a leading ordinal such as "一、", "1.", "（1）", "(一)" from a label key. */
export function stripOrdinal(key: string): string {
  // A bare numeral needs its separator: "一、收入" → "收入", but "一般公共预算" stays whole.
  return key.replace(/^(?:[(（][一二三四五六七八九十\d]+[)）][、.．]?|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．](?!\d))/, '');
}

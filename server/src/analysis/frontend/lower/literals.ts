/**
 * Values of C literals as the kernel writes them: hex, octal and binary
 * numbers with U/L suffixes, strings with escapes, character constants.
 */

/** The numeric value of a C number literal; NaN only for text that is not a number at all. */
export function parseNumber(text: string): number {
  const t = text.replace(/'/g, '').replace(/([uUlL]+|[fF])$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[bB][01]+$/.test(t)) return parseInt(t.slice(2), 2);
  if (/^0[0-7]+$/.test(t)) return parseInt(t.slice(1), 8);
  if (/^\d+$/.test(t)) return parseInt(t, 10);
  const f = Number(t.replace(/[fFlL]$/, ''));
  return Number.isNaN(f) ? NaN : f;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return SIMPLE_ESCAPES[e] ?? e;
  });
}

/** The value of one string literal or of adjacent ones ("a" "b"), prefixes such as L dropped. */
export function parseStringLiteral(text: string): string {
  const parts = text.match(/"(?:[^"\\\n]|\\.)*"/g) ?? [];
  return parts.map((p) => unescape(p.slice(1, -1))).join('');
}

export function parseCharLiteral(text: string): number {
  const m = /'((?:[^'\\]|\\.)*)'/.exec(text);
  const s = unescape(m ? m[1] : '');
  return s.length ? s.charCodeAt(0) : 0;
}

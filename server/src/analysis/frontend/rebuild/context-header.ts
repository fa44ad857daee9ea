/**
 * Turns the function context of a `@@` line into a header the parser
 * accepts. Git cuts the context at a fixed width and archives wrap it, so it
 * often ends mid-parameter list: `int zap_huge_pmd(struct mmu_gather *tlb,
 * struct vm_area_struct *vma,`. The missing parameters become `...`, which
 * says "more parameters" in C without inventing any.
 */

/** The function name a context names, or '' when it is not a function header. */
export function contextFunctionName(context: string): string {
  const t = context.trim();
  if (!t || t.startsWith('#') || /^(struct|union|enum)\s+\w+\s*\{?\s*$/.test(t) || /^(typedef)\b/.test(t)) return '';
  const m = /([A-Za-z_]\w*)\s*\(/.exec(t);
  if (!m || /^(if|for|while|switch|return|sizeof)$/.test(m[1])) return '';
  return m[1];
}

/** A complete header for a context that names a function, or null. */
export function completeHeader(context: string): string | null {
  if (!contextFunctionName(context)) return null;
  let t = context.trim().replace(/\{\s*$/, '').trimEnd();
  let open = 0;
  for (const c of t) open += c === '(' ? 1 : c === ')' ? -1 : 0;
  if (open <= 0) return t;
  // Drop a parameter cut in the middle of its type (`struct`, `unsigned`), then the dangling comma.
  t = t.replace(/[,(]\s*(struct|union|enum|const|unsigned|signed|volatile)?\s*$/, (m) => (m.trimStart().startsWith('(') ? '(' : ','));
  t = t.replace(/,\s*$/, '');
  const tail = t.endsWith('(') ? '...' : ', ...';
  return t + tail + ')'.repeat(open);
}

/** Whether the hunk's context names the function whose text is open. */
export function sameFunction(context: string, openName: string): boolean {
  const name = contextFunctionName(context);
  return name !== '' && name === openName;
}

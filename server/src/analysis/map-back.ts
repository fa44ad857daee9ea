/**
 * Maps findings from function text to the document, once per quoted
 * occurrence: a finding on `pud_clear(pud);` lands on that line in every
 * message that quotes it, whatever the quote depth or whitespace mangling.
 */
import type { Span } from '../../../simulator/src/span.js';
import type { RawFinding } from './checks/types.js';
import type { ChangedFunction, LineMapping, Occurrence } from './frontend/types.js';
import type { Finding, Severity } from './types.js';

function lineFor(map: LineMapping[], offset: number): LineMapping | undefined {
  return map.find((l) => offset >= l.textStart && offset <= l.textStart + l.textLength);
}

/** The k-th non-space character of `s` (k counted from 0); s.length when there are fewer. */
function nthNonSpace(s: string, k: number): number {
  let seen = 0;
  for (let i = 0; i < s.length; i++) {
    if (/\s/.test(s[i])) continue;
    if (seen === k) return i;
    seen++;
  }
  return s.length;
}

function countNonSpace(s: string): number {
  return s.replace(/\s+/g, '').length;
}

/** Maps one offset of the function text into the document for one occurrence. */
export function mapOffset(fnText: string, doc: string, occ: Occurrence, offset: number): number | undefined {
  const line = lineFor(occ.map.lines, offset);
  if (!line) return undefined;
  const col = offset - line.textStart;
  if (line.exact) return line.doc.start + Math.min(col, line.doc.end - line.doc.start);
  const textLine = fnText.slice(line.textStart, line.textStart + line.textLength);
  const k = countNonSpace(textLine.slice(0, col));
  const docLine = doc.slice(line.doc.start, line.doc.end);
  return line.doc.start + nthNonSpace(docLine, k);
}

export function mapSpan(fn: ChangedFunction, doc: string, occ: Occurrence, span: Span): Span | undefined {
  const start = mapOffset(fn.postText, doc, occ, span.start);
  if (start === undefined) return undefined;
  let end = mapOffset(fn.postText, doc, occ, span.end);
  if (end === undefined || end < start) {
    const line = lineFor(occ.map.lines, span.start)!;
    end = line.doc.end;
  }
  return { start, end };
}

export function mapFindings(raw: readonly RawFinding[], functions: readonly ChangedFunction[], doc: string,
  severityFor: (ruleId: string, dflt: Severity) => Severity | 'off'): Finding[] {
  const byId = new Map(functions.map((f) => [f.id, f]));
  const out: Finding[] = [];
  for (const r of raw) {
    const severity = severityFor(r.ruleId, r.severity);
    if (severity === 'off') continue;
    const fn = byId.get(r.loc.fn);
    if (!fn) continue;
    for (const occ of fn.occurrences) {
      const span = mapSpan(fn, doc, occ, r.loc.span);
      if (!span) continue;
      const related = r.related.flatMap((rel) => {
        const relFn = byId.get(rel.loc.fn);
        const relOcc = relFn?.occurrences.find((o) => o.message === occ.message) ?? relFn?.occurrences[0];
        const relSpan = relFn && relOcc ? mapSpan(relFn, doc, relOcc, rel.loc.span) : undefined;
        return relSpan ? [{ span: relSpan, message: rel.message }] : [];
      });
      const fixes = r.fixes.map((f) => ({
        title: f.title,
        edits: f.edits.flatMap((e) => {
          const s = mapSpan(fn, doc, occ, e.loc.span);
          return s ? [{ span: s, newText: e.newText }] : [];
        }),
      })).filter((f) => f.edits.length > 0);
      out.push({ ruleId: r.ruleId, severity, span, message: r.incomplete ? `${r.message} (simulation incomplete: ${r.incomplete})` : r.message,
        related, fixes, function: r.function, incomplete: r.incomplete });
    }
  }
  return out;
}

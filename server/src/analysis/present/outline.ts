/**
 * Document symbols: messages -> files -> hunks -> changed functions, with
 * the functions placed under the file and message that quote them.
 */
import type { AnalysisResult, OutlineSymbol } from '../service.js';
import { namePlaces } from './function-spans.js';

export function buildOutline(result: AnalysisResult, doc: string): OutlineSymbol[] {
  const places = namePlaces(result.functions, doc);
  return result.patchSet.messages.map((m, mi) => {
    const files: OutlineSymbol[] = [];
    for (const p of m.patches) {
      for (const f of p.files) {
        const hunks: OutlineSymbol[] = f.hunks.map((h) => {
          const last = h.lines[h.lines.length - 1];
          const span = { start: h.headerSpan.start, end: Math.max(h.headerSpan.end, last?.lineSpan.end ?? h.headerSpan.end) };
          return { name: h.header.split('@@').slice(0, 2).join('@@') + '@@', detail: h.function || undefined, kind: 'hunk', span, selectionSpan: h.headerSpan, children: [] };
        });
        const fnSymbols: OutlineSymbol[] = places
          .filter((pl) => pl.occurrence.message === mi && pl.fn.file === f.path && pl.span.start >= p.span.start && pl.span.end <= p.span.end)
          .map((pl) => ({ name: pl.fn.name, detail: `${pl.fn.kind}${pl.fn.config ? ` [${pl.fn.config}]` : ''}${pl.fn.complete ? '' : ' (partial)'}`, kind: 'function', span: pl.span, selectionSpan: pl.span, children: [] }));
        const start = f.headerSpan?.start ?? f.hunks[0]?.headerSpan.start ?? p.span.start;
        const end = Math.max(start, ...hunks.map((h) => h.span.end));
        files.push({ name: f.path, detail: f.inferred ? `inferred from ${f.inferredFrom ?? 'context'}` : undefined, kind: 'file', span: { start, end },
          selectionSpan: f.headerSpan ?? { start, end: start }, children: [...hunks, ...fnSymbols].sort((a, b) => a.span.start - b.span.start) });
      }
    }
    return { name: m.subject || '(no subject)', detail: [m.author, m.date].filter(Boolean).join(', ') || undefined, kind: 'message', span: m.span,
      selectionSpan: { start: m.span.start, end: Math.min(m.span.end, m.span.start + Math.max(1, m.subject.length)) }, children: files };
  });
}

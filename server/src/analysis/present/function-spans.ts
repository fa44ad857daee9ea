/**
 * Where a changed function's name stands in the document, once per quoted
 * occurrence: the hover, the code lens and the outline all start from it.
 */
import type { Span } from '../../../../simulator/src/span.js';
import type { ChangedFunction, Occurrence } from '../frontend/types.js';
import { mapSpan } from '../map-back.js';

export interface NamePlace {
  fn: ChangedFunction;
  occurrence: Occurrence;
  span: Span;
}

export function namePlaces(functions: readonly ChangedFunction[], doc: string): NamePlace[] {
  const out: NamePlace[] = [];
  for (const fn of functions) {
    if (!fn.ast) continue;
    for (const occurrence of fn.occurrences) {
      const span = mapSpan(fn, doc, occurrence, fn.ast.nameSpan);
      if (span && doc.slice(span.start, span.end) === fn.name) out.push({ fn, occurrence, span });
    }
  }
  return out;
}

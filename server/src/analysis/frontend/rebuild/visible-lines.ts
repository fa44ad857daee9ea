/**
 * The lines of a hunk that one side of the patch shows: context and added
 * lines for the post-image, context and removed lines for the pre-image.
 * A line a mailer wrapped is joined back onto the line it belongs to.
 */
import type { Hunk, PatchLine } from '../../ingest/types.js';

export type Image = 'post' | 'pre';

export interface VisibleLine {
  text: string;
  /** The patch lines the text came from: one, or more when wrapped lines were joined. */
  sources: PatchLine[];
  kind: 'added' | 'removed' | 'context';
  /** An elision (`[..]`) or missing text comes before this line. */
  gapBefore: boolean;
}

function shows(image: Image, line: PatchLine): boolean {
  return line.kind === 'context' || line.kind === (image === 'post' ? 'added' : 'removed');
}

export function visibleLines(hunk: Hunk, image: Image): VisibleLine[] {
  const out: VisibleLine[] = [];
  let previousShown = false;
  for (const line of hunk.lines) {
    if (line.continuation) {
      const last = out[out.length - 1];
      if (previousShown && last) {
        last.text += ' ' + line.text;
        last.sources.push(line);
      }
      continue;
    }
    previousShown = shows(image, line);
    if (!previousShown) continue;
    out.push({ text: line.text, sources: [line], kind: line.kind, gapBefore: line.gapBefore });
  }
  return out;
}

/** Whether the hunk changes anything on this side. */
export function hunkChanges(hunk: Hunk): boolean {
  return hunk.lines.some((l) => l.kind !== 'context');
}

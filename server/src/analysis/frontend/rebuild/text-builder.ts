/**
 * Accumulates the rebuilt text of one side of a file: the lines the quote
 * shows plus synthetic lines (headers from `@@` contexts, braces, gap
 * markers, closers) that make it parse. Synthetic lines have no source, so
 * they map to no document range.
 */
import { gapMarker, TRUNCATED_ARG } from '../lower/kernel-words.js';
import type { PatchLine } from '../../ingest/types.js';
import { cloneState, feedLine, initialState, type LexState } from './line-lexer.js';

export interface RebuiltLine {
  text: string;
  sources: PatchLine[];
  kind: 'added' | 'removed' | 'context' | 'synthetic';
}

const CONTROL_HEAD = /^\s*(}\s*)?(if|while|for|switch|else\s+if)\b|^\s*\w*(for_each|foreach)\w*\s*\(/;

export class TextBuilder {
  readonly lines: RebuiltLine[] = [];
  state: LexState = initialState();
  /** Last character of code that is not blank or a comment. */
  lastSignificant = '';
  /** Last line that held code. */
  lastCodeLine = '';
  /** The line where the declaration or header being read at file level started. */
  headerLine = '';

  /** In headers a cut file-level declaration is more likely a prototype than a definition. */
  constructor(private readonly preferPrototypes = false) {}

  add(text: string, sources: PatchLine[] = [], kind: RebuiltLine['kind'] = 'synthetic'): void {
    this.lines.push({ text, sources, kind });
    const hadHeader = this.state.headerName !== '';
    const info = feedLine(this.state, text);
    if (!hadHeader && this.state.headerName !== '') this.headerLine = text;
    if (info.lastSignificant && !info.directive) {
      this.lastSignificant = info.lastSignificant;
      this.lastCodeLine = text;
    }
  }

  gap(reason: string): void {
    this.add(gapMarker(reason));
  }

  /** A copy of the lexer state, for probing what a hunk would do. */
  snapshot(): LexState {
    return cloneState(this.state);
  }

  /** Ends whatever the quote left open: a comment, a call, a header, blocks. File-level groups stay open. */
  closeOpenCode(reason: string): void {
    const s = this.state;
    if (s.inComment) this.add('*/');
    if (s.parens > 0) {
      if (s.depth === 0) {
        this.add((/[(,]/.test(this.lastSignificant) ? '...' : ', ...') + ')'.repeat(s.parens));
      } else {
        const lead = this.lastSignificant === ',' || this.lastSignificant === '(' ? '' : ', ';
        this.add(`${lead}${TRUNCATED_ARG}${')'.repeat(s.parens)};`);
      }
      s.parens = 0;
    }
    if (s.depth === 0 && this.lastSignificant === ')' && s.headerName) {
      if (this.preferPrototypes && !/\b(static|inline)\b/.test(this.headerLine)) {
        this.add(';');
        return;
      }
      this.add('{');
      this.gap(reason);
      this.add('}');
      return;
    }
    if (s.depth === 0) return;
    const danglingElse = /(^|[\s}])else\s*$/.test(this.lastCodeLine);
    if ((this.lastSignificant === ')' && CONTROL_HEAD.test(this.lastCodeLine)) || danglingElse) {
      // A loop or branch head whose body the quote does not show: the body is the gap.
      this.add('{');
      this.gap(reason);
      this.add('}');
    } else if (this.lastSignificant && !/[;{}:]/.test(this.lastSignificant)) {
      this.add(`${TRUNCATED_ARG};`);
    }
    this.gap(reason);
    while (this.state.depth > 0) this.add('}');
  }

  /** Closes file-level `#if` groups the quote left open. */
  closeGroups(): void {
    while (this.state.groups.length > 0) this.add('#endif');
  }

  text(): string {
    return this.lines.map((l) => l.text).join('\n');
  }
}

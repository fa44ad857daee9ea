/**
 * Tells, from one line of code, whether it can only stand inside a function
 * body (a statement), only at file level (a function header, a struct
 * definition, a preprocessor include or define), or either (a declaration,
 * a plain call). The rebuild uses it to place a hunk without parsing
 * candidates; only the undecided cases are parsed.
 */
import { feedLine, initialState } from './line-lexer.js';

export type LineClass = 'statement' | 'file-level' | 'either';

const STATEMENT_KEYWORD = /^\s*(if|else|for|while|do|switch|case|default|return|goto|break|continue)\b/;
const LOOP_MACRO = /^\s*\w*(for_each|foreach)\w*\s*\(/;
const ASSIGNMENT = /^\s*[*(]*[A-Za-z_]\w*((->|\.)\w+|\[[^\]]*\]|\))*\s*([-+*/%&|^]|<<|>>)?=(?!=)/;
const INCREMENT = /^\s*(\+\+|--)\s*[A-Za-z_*(]|^\s*[A-Za-z_][\w.>\-[\]]*\s*(\+\+|--)\s*;/;
const LABEL = /^\s*[A-Za-z_]\w*\s*:(?!:)\s*($|\/[/*])/;
const FILE_LEVEL = /^\s*(static|extern|typedef|EXPORT_SYMBOL\w*|(struct|union|enum)\s+\w+\s*\{|#\s*(include|define|undef)\b)/;
const TYPED_HEADER = /^\s*(?:(?:const|unsigned|signed|struct|union|enum|inline|__\w+)\s+)*[A-Za-z_]\w*[\s*]+\**[A-Za-z_]\w*\s*\(/;
const TYPE_LIKE_START = /^\s*(return|else|case|goto|sizeof)\b/;

export function classifyLine(line: string): LineClass {
  if (STATEMENT_KEYWORD.test(line) || LOOP_MACRO.test(line) || /^\s*\}/.test(line)) return 'statement';
  if (LABEL.test(line) && !/^\s*default\s*:/.test(line)) return 'statement';
  if (FILE_LEVEL.test(line)) return 'file-level';
  const code = line.replace(/\/\*.*?\*\/|\/\/.*$/g, '').trimEnd();
  if (TYPED_HEADER.test(code) && !TYPE_LIKE_START.test(code) && !code.endsWith(';') && !/=/.test(code.split('(')[0])) return 'file-level';
  if (ASSIGNMENT.test(code) || INCREMENT.test(code)) return 'statement';
  return 'either';
}

function isCode(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#') && !t.startsWith('/*') && !t.startsWith('*') && !t.startsWith('//');
}

/** The class of the first line of code (not blank, comment or directive) from `from` on. */
export function firstCodeClass(texts: string[], from = 0, skipCommentTail = false): LineClass | undefined {
  let inComment = skipCommentTail;
  for (let i = from; i < texts.length; i++) {
    const t = texts[i];
    if (inComment) {
      if (t.includes('*/')) inComment = false;
      continue;
    }
    if (/^\s*\/\*/.test(t) && !t.includes('*/')) {
      inComment = true;
      continue;
    }
    if (isCode(t)) return classifyLine(t);
  }
  return undefined;
}

/**
 * The class of the first code after the hunk has closed `closes` blocks (the
 * deepest it goes): a statement there means those blocks were inner blocks,
 * not the function, so the hunk starts one level deeper.
 */
export function classAfterClosing(texts: string[], closes: number, commentTail: boolean): LineClass | undefined {
  const s = initialState(1000);
  s.inComment = commentTail;
  for (let i = 0; i < texts.length; i++) {
    feedLine(s, texts[i]);
    if (s.depth <= 1000 - closes) {
      const rest = texts[i].replace(/^[^}]*\}/, '');
      if (/^\s*else\b/.test(rest)) return 'statement';
      return firstCodeClass(texts, i + 1, s.inComment);
    }
  }
  return undefined;
}

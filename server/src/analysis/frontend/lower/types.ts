/**
 * Types and declarators: the simulator needs the base type name and the
 * pointer depth, and the name a declarator introduces.
 */
import type { TypeRef } from '../../../../../simulator/src/ast.js';
import { namedChildren, type LowerContext, type TsNode } from './context.js';

const QUALIFIERS = /\b(const|volatile|restrict|__restrict|register|static|extern|inline|auto)\b/g;

/** The base type text of a `type` field node: "struct page", "unsigned long", "pte_t". */
export function baseTypeName(ctx: LowerContext, n: TsNode | null): string {
  if (!n) return 'int';
  if (n.type === 'struct_specifier' || n.type === 'union_specifier' || n.type === 'enum_specifier') {
    const name = n.childForFieldName('name');
    const keyword = n.type.replace('_specifier', '');
    return name ? `${keyword} ${ctx.maskedTextOf(name)}` : `${keyword} <anonymous>`;
  }
  return ctx.maskedTextOf(n).replace(QUALIFIERS, '').replace(/\s+/g, ' ').trim() || 'int';
}

export interface DeclaratorInfo {
  name: string;
  nameNode: TsNode | null;
  pointer: number;
  /** The function_declarator found on the way down, for functions and prototypes. */
  functionDeclarator: TsNode | null;
  init: TsNode | null;
}

/** Walks a declarator down to its name, counting pointer and array levels. */
export function unwrapDeclarator(ctx: LowerContext, n: TsNode | null): DeclaratorInfo {
  const info: DeclaratorInfo = { name: '', nameNode: null, pointer: 0, functionDeclarator: null, init: null };
  let cur = n;
  for (let guard = 0; cur && guard < 64; guard++) {
    switch (cur.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
        info.name = ctx.maskedTextOf(cur);
        info.nameNode = cur;
        return info;
      case 'init_declarator':
        info.init = cur.childForFieldName('value');
        cur = cur.childForFieldName('declarator');
        break;
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
      case 'array_declarator':
      case 'abstract_array_declarator':
        info.pointer++;
        cur = cur.childForFieldName('declarator');
        break;
      case 'function_declarator':
      case 'abstract_function_declarator':
        if (!info.functionDeclarator) info.functionDeclarator = cur;
        cur = cur.childForFieldName('declarator');
        break;
      case 'parenthesized_declarator':
      case 'abstract_parenthesized_declarator':
        cur = namedChildren(cur)[0] ?? null;
        break;
      case 'attributed_declarator':
        cur = namedChildren(cur)[0] ?? null;
        break;
      default:
        return info;
    }
  }
  return info;
}

/** The type of a cast or sizeof: `(struct page *)`. */
export function lowerTypeDescriptor(ctx: LowerContext, n: TsNode | null): TypeRef {
  if (!n) return { base: 'int', pointer: 0 };
  const base = baseTypeName(ctx, n.childForFieldName('type'));
  return { base, pointer: unwrapDeclarator(ctx, n.childForFieldName('declarator')).pointer };
}

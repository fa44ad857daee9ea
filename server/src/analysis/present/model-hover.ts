/**
 * The hover for a kernel API name anywhere in the document (prose included):
 * its model, in the words of the model library.
 */
import type { ApiModel, LockUse } from '../../../../simulator/src/models/schema.js';

function locks(title: string, uses: readonly LockUse[] | undefined): string[] {
  if (!uses?.length) return [];
  return [`**${title}:** ${uses.map((u) => `\`${u.lock}\`${u.mode === 'read' ? ' (read)' : ''}${u.anyMode ? ' (any mode)' : ''}${u.when ? ` when \`${u.when}\`` : ''}`).join(', ')}`];
}

export function renderModelHover(m: ApiModel): string {
  const lines = [`**${m.name}**(${m.params.join(', ')}): mmreview model${m.version ? ` (follows ${m.version})` : ''}`, '', m.doc, ''];
  lines.push(...locks('Requires', m.requires), ...locks('Asserts (caller holds)', m.asserts), ...locks('Takes', m.acquires), ...locks('Releases', m.releases));
  lines.push(`**May sleep:** ${m.sleeps ? 'yes' : 'no'}`);
  if (m.effects?.length) lines.push(`**Effects:** ${m.effects.map((e) => e.kind).join(', ')}`);
  if (m.cases?.length) lines.push(`**Returns:** ${m.cases.map((c) => `\`${c.value}\`${c.when ? ` when \`${c.when}\`` : ''}${c.means ? ` (${c.means})` : ''}`).join('; ')}`);
  lines.push('', `_Source: ${m.ref}_`);
  return lines.join('\n\n').replace(/\n\n\n+/g, '\n\n');
}

const WORD = /[A-Za-z0-9_]/;

/** The identifier around an offset, with its span. */
export function wordAt(text: string, offset: number): { word: string; start: number; end: number } | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && WORD.test(text[start - 1])) start--;
  while (end < text.length && WORD.test(text[end])) end++;
  if (start === end) return undefined;
  return { word: text.slice(start, end), start, end };
}

/**
 * Kernel tree mode (placeholder until the tree step lands): returns the
 * functions unchanged.
 */
import type { PatchSet } from '../../ingest/types.js';
import type { VisibleFunction } from '../extract/candidates.js';
import type { KernelTree } from '../kernel-tree.js';
import type { ChangedFunction, Definition } from '../types.js';

export interface TreeResult {
  functions: ChangedFunction[];
  definitions: Definition[];
  notes: string[];
  visible: VisibleFunction[];
}

export function applyKernelTree(functions: ChangedFunction[], _patchSet: PatchSet, _tree: KernelTree): TreeResult {
  return { functions, definitions: [], notes: [], visible: [] };
}

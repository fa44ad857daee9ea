/**
 * The ServerHost of a Node process: wasm bytes from beside the bundle and
 * kernel trees from the file system.
 */
import type { ServerHost } from '../lsp/server-host.js';
import { resolveKernelTree } from './fs-kernel-tree.js';
import { loadTreeSitterWasm } from './tree-sitter-wasm.js';

export function createNodeHost(): ServerHost {
  return {
    loadWasm: async () => loadTreeSitterWasm(),
    resolveKernelTree,
  };
}

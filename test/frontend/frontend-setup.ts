// Loads the tree-sitter wasm files once for the frontend tests, the way the
// host does at run time.
import { initFrontend } from '../../server/src/analysis/frontend/parser.js';
import { loadTreeSitterWasm } from '../../server/src/host/tree-sitter-wasm.js';

export async function setupFrontend(): Promise<void> {
  await initFrontend(loadTreeSitterWasm());
}

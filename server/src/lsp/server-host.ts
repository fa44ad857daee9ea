/**
 * What the protocol side needs from the machine it runs on, passed in so the
 * server can be started over any transport (and in tests) without the
 * handlers touching the file system themselves.
 */
import type { AnalysisHost } from '../analysis/session.js';
import type { KernelTree } from '../analysis/service.js';

export interface KernelTreeResolution {
  tree?: KernelTree;
  /** The directory used as the tree, for the log. */
  root?: string;
  /** Why the configured tree could not be used. */
  problem?: string;
}

export interface ServerHost {
  /** The tree-sitter runtime and C grammar wasm bytes. */
  loadWasm(): Promise<AnalysisHost['wasm']>;
  /**
   * The kernel tree to read from: the `mmreview.kernelTree` setting (relative
   * paths against the first workspace folder), or else the first workspace
   * folder that contains mm/hugetlb.c.
   */
  resolveKernelTree(setting: string, workspaceFolderUris: string[]): KernelTreeResolution;
}

/**
 * The kernel source tree as the pure frontend sees it: a reader of files by
 * their path in the tree. The host implements it over the file system (with
 * path-traversal protection); tests implement it over a map.
 */
export interface KernelTree {
  /** The file's text, or undefined when the tree has no such file or it cannot be read. */
  readFile(path: string): string | undefined;
}

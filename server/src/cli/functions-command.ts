/**
 * `mmreview functions FILE [--kernel-tree DIR] [--json]`: lists the C
 * functions a patch (or a review thread quoting one) adds, removes or
 * changes, with every place the document quotes them. It shows what the
 * simulator will be given, and how much of each function is visible.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../analysis/ingest/index.js';
import { extractFunctions, initFrontend, type KernelTree } from '../analysis/frontend/index.js';
import type { ChangedFunction, FrontendResult } from '../analysis/frontend/types.js';
import { createFsKernelTree } from '../host/fs-kernel-tree.js';
import { loadTreeSitterWasm } from '../host/tree-sitter-wasm.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './cli-io.js';
import { parseArgs } from './parse-args.js';
import { readInput } from './read-input.js';

const USAGE = `usage: mmreview functions FILE [--kernel-tree DIR] [--json]

Lists the C functions that the patches in FILE (a patch, an mbox, a mail or
a review reply; - reads standard input) add, remove or change: kind,
whether the whole body is visible, and each quoted occurrence with its
1-based document lines and quote depth.

  --kernel-tree DIR   apply the hunks to the files of this kernel tree to
                      get complete functions and their callers
  --json              print JSON: {"functions":[{"name","file","kind",
                      "complete","occurrences":[{"startLine","endLine",
                      "quoteDepth"}],"callers":[...]}]}
  --help              print this help
`;

export interface FunctionsDeps {
  prepare(): Promise<void>;
  openTree(dir: string): KernelTree | string;
}

/** A directory tree, or the reason it cannot be used. */
function openFsTree(dir: string): KernelTree | string {
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
  } catch {
    return `cannot read the kernel tree ${dir}`;
  }
  return createFsKernelTree(dir);
}

function jsonFunction(f: ChangedFunction) {
  return {
    name: f.name,
    file: f.file,
    kind: f.kind,
    complete: f.complete,
    occurrences: f.occurrences.map((o) => ({ startLine: o.startLine + 1, endLine: o.endLine + 1, quoteDepth: o.quoteDepth, message: o.message + 1 })),
    callers: f.callers,
    id: f.id,
    config: f.config,
    completeness: f.completeness,
    source: f.source,
    errorNodes: f.errorNodes,
  };
}

export function formatFunctionsJson(result: FrontendResult): string {
  const json = {
    functions: result.functions.map(jsonFunction),
    definitions: result.definitions.map((d) => ({ name: d.name, kind: d.kind, file: d.file })),
    notes: result.notes,
  };
  return JSON.stringify(json, null, 2) + '\n';
}

export function formatFunctionsText(result: FrontendResult): string {
  if (result.functions.length === 0) return 'no changed functions\n';
  const lines: string[] = [];
  for (const f of result.functions) {
    const config = f.config ? ` [${f.config}]` : '';
    lines.push(`${f.file}: ${f.name}${config}: ${f.kind}, ${f.complete ? 'complete' : 'partial'}${f.source === 'kernel-tree' ? ' (kernel tree)' : ''}`);
    if (!f.complete && f.kind !== 'declared') lines.push(`  visible: ${f.completeness}`);
    for (const o of f.occurrences) lines.push(`  quoted at lines ${o.startLine + 1}-${o.endLine + 1} (message ${o.message + 1}, quote depth ${o.quoteDepth})`);
    if (f.callers.length) lines.push(`  callers: ${f.callers.join(', ')}`);
    if (f.errorNodes) lines.push(`  unparsed C: ${f.errorNodes} error node${f.errorNodes > 1 ? 's' : ''}`);
  }
  return lines.join('\n') + '\n';
}

export function makeFunctionsCommand(deps: FunctionsDeps): CliCommand {
  return {
    name: 'functions',
    summary: 'list the C functions a patch adds, removes or changes',
    usage: USAGE,
    async run(args: string[], io: CliIo): Promise<number> {
      const parsed = parseArgs(args, { '--json': { value: false }, '--kernel-tree': { value: true }, '--help': { value: false } });
      if (parsed.flags.has('--help')) {
        io.stdout(USAGE);
        return EXIT_OK;
      }
      if (parsed.positionals.length !== 1) throw new UsageError('functions takes exactly one FILE');
      const treeDir = parsed.values.get('--kernel-tree')?.[0];
      const tree = treeDir === undefined ? undefined : deps.openTree(path.resolve(io.cwd, treeDir));
      if (typeof tree === 'string') {
        io.stderr(`mmreview: ${tree}\n`);
        return EXIT_USAGE;
      }
      const input = await readInput(parsed.positionals[0], io);
      if (!input.ok) {
        io.stderr(input.error + '\n');
        return EXIT_USAGE;
      }
      await deps.prepare();
      const { text } = input.doc;
      const result = extractFunctions(ingest(text), text, tree ? { kernelTree: tree } : {});
      if (parsed.flags.has('--json')) io.stdout(formatFunctionsJson(result));
      else {
        io.stdout(formatFunctionsText(result));
        for (const note of result.notes) io.stderr(`note: ${note}\n`);
      }
      return EXIT_OK;
    },
  };
}

export const functionsCommand: CliCommand = makeFunctionsCommand({
  prepare: () => initFrontend(loadTreeSitterWasm()),
  openTree: openFsTree,
});

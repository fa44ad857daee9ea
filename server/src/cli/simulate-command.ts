/**
 * `mmreview simulate FILE --function NAME [--scenario S] [--kernel-tree DIR] [--json]`:
 * prints the simulated Summary of one changed function: its paths with
 * their conditions and events, the locks on entry and exit, unknown calls,
 * and the page tables before and after.
 */
import { statSync } from 'node:fs';
import { prepareAnalysis } from '../analysis/analyze.js';
import { simulateNamed } from '../analysis/simulate/simulate-named.js';
import { SCENARIOS } from '../../../simulator/src/scenarios/index.js';
import { createFsKernelTree } from '../host/fs-kernel-tree.js';
import { loadTreeSitterWasm } from '../host/tree-sitter-wasm.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './cli-io.js';
import { parseArgs } from './parse-args.js';
import { readInput } from './read-input.js';

const SCENARIO_NAMES = ['auto', 'none', ...SCENARIOS.map((s) => s.name)];

const USAGE = `usage: mmreview simulate FILE --function NAME [--scenario S] [--kernel-tree DIR] [--json]

Runs the changed function NAME of the patch in FILE on the simulator and
prints its Summary: paths and conditions, events with the locks held,
locks on entry and exit, unknown calls, and the page tables before/after.

  --function NAME     the function to show (required)
  --scenario S        ${SCENARIO_NAMES.join('|')} (default auto: every scenario that applies)
  --kernel-tree DIR   complete partial functions from this kernel tree
  --json              print JSON
  --help              print this help
`;

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'show the simulated effect of one changed function',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(args, {
      '--function': { value: true }, '--scenario': { value: true }, '--kernel-tree': { value: true }, '--json': { value: false }, '--help': { value: false },
    });
    if (parsed.flags.has('--help')) { io.stdout(USAGE); return EXIT_OK; }
    const [file] = parsed.positionals;
    const name = parsed.values.get('--function')?.[0];
    const scenario = parsed.values.get('--scenario')?.[0] ?? 'auto';
    if (!file || parsed.positionals.length > 1) throw new UsageError('give exactly one FILE');
    if (!name) throw new UsageError('--function NAME is required');
    if (!SCENARIO_NAMES.includes(scenario)) throw new UsageError(`unknown scenario ${scenario} (known: ${SCENARIO_NAMES.join(', ')})`);
    const treeDir = parsed.values.get('--kernel-tree')?.[0];
    if (treeDir && !isDirectory(treeDir)) { io.stderr(`mmreview simulate: ${treeDir} is not a directory\n`); return EXIT_USAGE; }
    const input = await readInput(file, io);
    if (!input.ok) { io.stderr(input.error + '\n'); return EXIT_USAGE; }
    await prepareAnalysis(loadTreeSitterWasm());
    const result = simulateNamed(input.doc.text, name, { scenario, kernelTree: treeDir ? createFsKernelTree(treeDir) : undefined });
    if (result.simulations.length === 0) {
      io.stderr(`mmreview simulate: no changed function ${name} with a body in ${input.doc.name} (functions: ${[...new Set(result.known)].join(', ') || 'none'})\n`);
      return EXIT_USAGE;
    }
    if (parsed.flags.has('--json')) {
      const json = result.simulations.map((s) => ({ ...s.summary, config: s.config, functionId: s.functionId }));
      io.stdout(JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + '\n');
    } else {
      io.stdout(result.simulations.map((s) => `${s.config ? `[${s.config}] ` : ''}${s.text}`).join('\n\n') + '\n');
    }
    return EXIT_OK;
  },
};

function isDirectory(dir: string): boolean {
  try { return statSync(dir).isDirectory(); } catch { return false; }
}

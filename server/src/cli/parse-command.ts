/**
 * `mmreview parse FILE [--json]`: prints what ingest found in a document,
 * messages -> patches -> files -> hunks, as a text tree or as JSON. It is the
 * way to see why a check did or did not look at some quoted code.
 */
import { ingest } from '../analysis/ingest/index.js';
import { formatOutline, outlinePatchSet } from '../analysis/ingest/outline.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './cli-io.js';
import { parseArgs } from './parse-args.js';
import { readInput } from './read-input.js';

const USAGE = `usage: mmreview parse FILE [--json]

Prints the outline of the patches found in FILE (a patch, an mbox, a mail or
a review reply; - reads standard input): messages, patches, files and hunks
with their 1-based document lines.

  --json    print the outline as JSON
  --help    print this help
`;

async function runParse(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { '--json': { value: false }, '--help': { value: false } });
  if (parsed.flags.has('--help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (parsed.positionals.length !== 1) throw new UsageError('parse takes exactly one FILE');
  const input = await readInput(parsed.positionals[0], io);
  if (!input.ok) {
    io.stderr(input.error + '\n');
    return EXIT_USAGE;
  }
  const outline = outlinePatchSet(ingest(input.doc.text), input.doc.text);
  io.stdout(parsed.flags.has('--json') ? JSON.stringify(outline, null, 2) + '\n' : formatOutline(outline));
  return EXIT_OK;
}

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'print the messages, patches, files and hunks found in a document',
  usage: USAGE,
  run: runParse,
};

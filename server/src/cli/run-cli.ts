/**
 * Dispatches `mmreview <command> [args]` through the command table, turning
 * usage errors and unexpected failures into messages and exit codes. Kept apart
 * from main.ts so tests can run the whole CLI without a process.
 */
import { COMMANDS } from './commands.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './cli-io.js';
import { TOOL_VERSION } from './tool-info.js';

export function topLevelUsage(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: mmreview <command> [options]

Reviews Linux memory-management patches as they arrive in mail.

commands:
${lines.join('\n')}

Run 'mmreview <command> --help' for the options of a command.
`;
}

export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(topLevelUsage(commands));
    return EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`mmreview ${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`${name === undefined ? 'mmreview: no command given' : `mmreview: unknown command ${name}`}\n\n${topLevelUsage(commands)}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`mmreview ${command.name}: ${err.message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    io.stderr(`mmreview ${command.name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_USAGE;
  }
}

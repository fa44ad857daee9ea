/**
 * The command table. Adding a command is one file that exports a CliCommand
 * and one line here; main.ts and the usage text pick it up from this list.
 */
import type { CliCommand } from './cli-io.js';
import { checkCommand } from './check-command.js';
import { functionsCommand } from './functions-command.js';
import { lspCommand } from './lsp-command.js';
import { parseCommand } from './parse-command.js';
import { simulateCommand } from './simulate-command.js';

export const COMMANDS: CliCommand[] = [
  checkCommand,
  parseCommand,
  simulateCommand,
  functionsCommand,
  lspCommand,
];

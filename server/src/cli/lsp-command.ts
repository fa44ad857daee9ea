/**
 * `mmreview lsp --stdio`: the language server for editors other than VS Code
 * (Neovim, Emacs, Helix), speaking LSP on standard input and output.
 */
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from './cli-io.js';

const USAGE = `usage: mmreview lsp --stdio

Runs the mmreview language server over standard input and output, for any
LSP client. It reads settings from the client's \`mmreview\` section.

  --stdio   speak LSP on stdin/stdout (the only transport; the default)
  --help    print this help
`;

async function runLsp(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const unknown = args.filter((a) => a !== '--stdio');
  if (unknown.length) throw new UsageError(`unknown argument ${unknown[0]}`);
  // Loaded on demand so the other commands do not initialise the server library.
  const { startLanguageServer } = await import('../lsp/connect.js');
  startLanguageServer('stdio');
  // The server ends the process itself, on `exit` or when stdin closes.
  return new Promise<number>(() => {});
}

export const lspCommand: CliCommand = {
  name: 'lsp',
  summary: 'run the language server over stdio (mmreview lsp --stdio)',
  usage: USAGE,
  run: runLsp,
};

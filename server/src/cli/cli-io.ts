/**
 * What a CLI command may touch of the outside world. Commands take this
 * instead of `process`, so tests drive them with in-memory files and capture
 * their output; main.ts wires the real process streams and file system.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a file's bytes; rejects with a Node-style error (code ENOENT, EISDIR...) on failure. */
  readFile(path: string): Promise<Uint8Array>;
  readStdin(): Promise<Uint8Array>;
  cwd: string;
}

/** One subcommand. New commands are one file exporting this and one line in commands.ts. */
export interface CliCommand {
  name: string;
  /** One line for the top-level usage. */
  summary: string;
  /** Full usage, printed by `mmreview NAME --help` and after usage errors. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Raised by argument parsing; the dispatcher prints it with the command's usage. */
export class UsageError extends Error {}

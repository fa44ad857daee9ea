/**
 * Reads the documents a command was given: files or `-` for standard input.
 * Only UTF-8 text is accepted; a directory, an unreadable path, a binary file
 * (one with NUL bytes) or invalid UTF-8 is an input error with a one-line
 * message, because analysing mangled bytes would only produce noise.
 */
import type { CliIo } from './cli-io.js';

export interface InputDocument {
  /** The name to report: the path as given, or `<stdin>`. */
  name: string;
  text: string;
}

export type InputResult = { ok: true; doc: InputDocument } | { ok: false; error: string };

export const STDIN_NAME = '<stdin>';

function describeReadError(err: unknown): string {
  const code = (err as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
}

/** Decodes bytes as UTF-8 text, or says why they are not. */
export function decodeText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  if (bytes.includes(0)) return { ok: false, error: 'binary file (contains NUL bytes)' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: 'not valid UTF-8' };
  }
}

export async function readInput(path: string, io: CliIo): Promise<InputResult> {
  const name = path === '-' ? STDIN_NAME : path;
  let bytes: Uint8Array;
  try {
    bytes = path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (err) {
    return { ok: false, error: `mmreview: ${name}: cannot read: ${describeReadError(err)}` };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, error: `mmreview: ${name}: ${decoded.error}` };
  return { ok: true, doc: { name, text: decoded.text } };
}

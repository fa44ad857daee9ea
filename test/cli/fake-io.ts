// An in-memory CliIo for driving the CLI commands in tests.
import type { CliIo } from '../../server/src/cli/cli-io.js';

export interface FakeIo extends CliIo {
  out: string;
  err: string;
}

function errnoError(code: string): Error {
  return Object.assign(new Error(`${code}: fake`), { code });
}

/** Files map a path to its text or bytes; the value 'DIR' stands for a directory. */
export function fakeIo(files: Record<string, string | Uint8Array>, stdin: string | Uint8Array = ''): FakeIo {
  const toBytes = (v: string | Uint8Array) => (typeof v === 'string' ? new TextEncoder().encode(v) : v);
  const io: FakeIo = {
    out: '',
    err: '',
    cwd: '/fake',
    stdout: (t) => {
      io.out += t;
    },
    stderr: (t) => {
      io.err += t;
    },
    readFile: async (p) => {
      if (!(p in files)) throw errnoError('ENOENT');
      if (files[p] === 'DIR') throw errnoError('EISDIR');
      return toBytes(files[p]);
    },
    readStdin: async () => toBytes(stdin),
  };
  return io;
}

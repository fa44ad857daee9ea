// Bundle entry of dist/cli.js (bin/mmreview.js): wires the real process
// streams and file system into the CLI and exits with its code.
import { readFile } from 'node:fs/promises';
import type { CliIo } from './cli-io.js';
import { runCli } from './run-cli.js';

function readAllStdin(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    process.stdin.on('error', reject);
  });
}

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: async (path) => new Uint8Array(await readFile(path)),
  readStdin: readAllStdin,
  cwd: process.cwd(),
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`mmreview: ${String(err)}\n`);
    process.exitCode = 2;
  },
);

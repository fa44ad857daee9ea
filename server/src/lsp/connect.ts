/**
 * Starts the server on a Node transport: IPC when VS Code's client forked the
 * process (--node-ipc), stdio for every other editor (--stdio, and
 * `mmreview lsp --stdio`). Also keeps the process alive through stray errors.
 */
import { format } from 'node:util';
import {
  type Connection, createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures,
} from 'vscode-languageserver/node';
import { createNodeHost } from '../host/node-host.js';
import { describeError } from './safe-handler.js';
import { startServer } from './server.js';

export type Transport = 'stdio' | 'ipc';

export function transportFromArgs(argv: readonly string[]): Transport {
  if (argv.includes('--stdio')) return 'stdio';
  if (argv.includes('--node-ipc')) return 'ipc';
  return typeof process.send === 'function' ? 'ipc' : 'stdio';
}

export function startLanguageServer(transport: Transport): Connection {
  const connection = transport === 'ipc'
    ? createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process))
    : createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  // On stdio, stdout is the protocol stream: anything printed would corrupt it.
  if (transport === 'stdio') redirectConsole(connection);
  keepAlive(connection);
  startServer(connection, createNodeHost());
  return connection;
}

function redirectConsole(connection: Connection): void {
  console.log = (...args: unknown[]) => connection.console.log(format(...args));
  console.info = (...args: unknown[]) => connection.console.info(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  console.debug = (...args: unknown[]) => connection.console.log(format(...args));
}

/** The server must not die on a bug in a timer or a promise nobody awaited. */
function keepAlive(connection: Connection): void {
  process.on('uncaughtException', (err) => connection.console.error(`mmreview: uncaught exception: ${describeError(err)}`));
  process.on('unhandledRejection', (err) => connection.console.error(`mmreview: unhandled rejection: ${describeError(err)}`));
}

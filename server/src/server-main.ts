// Bundle entry of dist/server.js: the language server over IPC when VS Code's
// client launches it (--node-ipc), or over stdio (--stdio) for other editors.
import { startLanguageServer, transportFromArgs } from './lsp/connect.js';

startLanguageServer(transportFromArgs(process.argv.slice(2)));

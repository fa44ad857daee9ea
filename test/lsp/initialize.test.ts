// The server's advertised capabilities, for a client that pulls diagnostics
// and for one that does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspTestClient } from './lsp-client.js';

test('initialize advertises incremental sync and every feature; no pull provider for a push client', async () => {
  const client = await LspTestClient.start();
  try {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.ok(caps.documentSymbolProvider);
    assert.deepEqual(caps.codeLensProvider, { resolveProvider: false });
    assert.equal(caps.diagnosticProvider, undefined);
    assert.equal(client.initializeResult.serverInfo?.name, 'mmreview');
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('a client that supports pull gets a diagnostic provider', async () => {
  const client = await LspTestClient.start({ pull: true });
  try {
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider,
      { identifier: 'mmreview', interFileDependencies: false, workspaceDiagnostics: false });
  } finally {
    await client.stop();
  }
});

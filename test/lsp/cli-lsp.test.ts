// `mmreview lsp --stdio` is the same server: it initializes, analyses an
// opened document and shuts down cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docUri, fixture } from './fixtures.js';
import { LspTestClient } from './lsp-client.js';

test('mmreview lsp --stdio serves LSP', async () => {
  const client = await LspTestClient.start({ nodeArgs: ['--import', 'tsx', 'server/src/cli/main.ts', 'lsp', '--stdio'] });
  try {
    assert.equal(client.initializeResult.serverInfo?.name, 'mmreview');
    const uri = docUri();
    await client.open(uri, fixture('one-hunk.patch'));
    const published = await client.waitForDiagnostics(uri, 1);
    assert.ok(published.diagnostics.every((d) => d.source === 'mmreview'));
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

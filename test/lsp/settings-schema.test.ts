// The one settings schema: validation, defaults, and that package.json's
// contributed configuration says exactly what the schema says (the config
// drift test), plus the grammar engineer's contribution merged unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultSettings, manifestProperties, SETTINGS_SPEC, validate } from '../../server/src/lsp/settings-schema.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('defaults', () => {
  assert.deepEqual(defaultSettings(), {
    kernelTree: '', rules: {}, scenario: 'auto', budgets: { steps: 100_000, paths: 256 },
    maxDocumentSize: 5 * 1024 * 1024, debounceMs: 150,
  });
  assert.deepEqual(validate(undefined), { settings: defaultSettings(), errors: [] });
});

test('nested values as VS Code sends them, and flat dotted keys', () => {
  const nested = validate({ kernelTree: '/src/linux', rules: { 'mm/lock-order': 'off' }, budgets: { steps: 5, paths: 2 }, debounceMs: 0 });
  assert.deepEqual(nested.errors, []);
  assert.equal(nested.settings.kernelTree, '/src/linux');
  assert.deepEqual(nested.settings.rules, { 'mm/lock-order': 'off' });
  assert.deepEqual(nested.settings.budgets, { steps: 5, paths: 2 });
  assert.equal(nested.settings.debounceMs, 0);
  const flat = validate({ 'budgets.steps': 7, scenario: 'private anonymous THP' });
  assert.equal(flat.settings.budgets.steps, 7);
  assert.equal(flat.settings.scenario, 'private anonymous THP');
});

test('each invalid value is reported and replaced by its default', () => {
  const { settings, errors } = validate({
    kernelTree: 42, rules: { 'mm/x': 'loud' }, budgets: { steps: 1.5, paths: 0 }, maxDocumentSize: '5MB', debounceMs: -1,
  });
  assert.deepEqual(settings, defaultSettings());
  assert.equal(errors.length, 6);
  assert.match(errors.join('\n'), /mmreview\.kernelTree: expected a string, got number 42/);
  assert.match(errors.join('\n'), /mmreview\.rules: "mm\/x" must be one of off, hint, info, warning, error/);
  assert.match(errors.join('\n'), /mmreview\.budgets\.paths: must be at least 1, got 0; using 256/);
  assert.deepEqual(validate('nonsense').errors, ['mmreview: expected an object, got "nonsense"']);
  assert.deepEqual(validate([1]).errors, ['mmreview: expected an object, got an array']);
});

test('a validated object is a copy: later edits of the raw value do not leak in', () => {
  const raw = { rules: { 'mm/a': 'hint' } };
  const { settings } = validate(raw);
  raw.rules['mm/a'] = 'error';
  assert.deepEqual(settings.rules, { 'mm/a': 'hint' });
});

test('package.json contributes exactly the schema settings, with the same types and defaults', () => {
  const contributed = pkg.contributes.configuration.properties as Record<string, { type: string; default: unknown; description?: string }>;
  const schema = manifestProperties();
  assert.deepEqual(Object.keys(contributed).sort(), Object.keys(schema).sort());
  for (const spec of SETTINGS_SPEC) {
    const key = `mmreview.${spec.key}`;
    assert.equal(contributed[key].type, spec.type, key);
    assert.deepEqual(contributed[key].default, spec.default, key);
    assert.ok(contributed[key].description, `${key} has a description`);
  }
  assert.deepEqual(contributed, schema, 'descriptions and bounds match too');
});

test('the grammar contribution is merged into package.json unchanged', () => {
  const syntaxes = JSON.parse(readFileSync('syntaxes/contributes.json', 'utf8'));
  assert.deepEqual(pkg.contributes.grammars, syntaxes.grammars);
  for (const lang of syntaxes.languages) {
    const merged = pkg.contributes.languages.find((l: { id: string }) => l.id === lang.id);
    assert.ok(merged, lang.id);
    for (const [k, v] of Object.entries(lang)) assert.deepEqual(merged[k], v, `${lang.id}.${k}`);
  }
});

test('the language wins *.patch and *.diff over the built-in diff language', () => {
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'kernel-patch-mail');
  for (const ext of ['patch', 'diff', 'mbox', 'eml']) {
    assert.ok(lang.filenamePatterns.includes(`*.${ext}`), `filenamePatterns *.${ext}`);
    assert.equal(pkg.contributes.configurationDefaults['files.associations'][`*.${ext}`], 'kernel-patch-mail');
  }
  assert.ok(pkg.activationEvents.includes('onLanguage:kernel-patch-mail'));
  assert.deepEqual(pkg.capabilities, { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true });
  const firstLine = new RegExp(lang.firstLine);
  assert.ok(firstLine.test('From 1f2e3d4c5b6a79881726354453627180a9b8c7d6 Mon Sep 17 00:00:00 2001'));
  assert.ok(firstLine.test('diff --git a/mm/hugetlb.c b/mm/hugetlb.c'));
});

test('every contributed command is activated on and implemented by the client', () => {
  // commands.ts registers them; the code lens command's name lives in the shared protocol module.
  const client = readFileSync('client/src/commands.ts', 'utf8') + readFileSync('server/src/lsp/protocol.ts', 'utf8');
  for (const { command } of pkg.contributes.commands as { command: string }[]) {
    assert.ok(pkg.activationEvents.includes(`onCommand:${command}`), command);
    assert.ok(client.includes(`'${command}'`), `client/src/commands.ts registers ${command}`);
  }
});

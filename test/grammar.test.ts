// Tests for the TextMate grammar of kernel patch mail (syntaxes/).
// The scope assertions live in test/grammar/*.test.patch-mail and are checked
// by vscode-tmgrammar-test; this file runs the tool, proves it can fail, checks
// that every regex compiles, that the manifest snippet agrees with the files,
// and that a 100,000-line quoted patch tokenizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as onig from 'vscode-oniguruma';

const root = process.cwd();
const require = createRequire(path.join(root, 'package.json'));
const GRAMMAR = 'syntaxes/kernel-patch-mail.tmLanguage.json';
const C_STUB = 'test/grammar/c-stub.tmLanguage.json';
const SCOPE = 'source.kernel-patch-mail';

function toolBin(): string {
  const pkgPath = require.resolve('vscode-tmgrammar-test/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: Record<string, string> };
  return path.join(path.dirname(pkgPath), pkg.bin['vscode-tmgrammar-test']!);
}

function runTool(glob: string) {
  // Spawned through node itself: no shell, and the glob reaches the tool unexpanded.
  const res = spawnSync(
    process.execPath,
    [toolBin(), '--config', 'test/grammar/tmgrammar-config.json', '-g', GRAMMAR, '-g', C_STUB, glob],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

test('every grammar test file passes vscode-tmgrammar-test', () => {
  const files = readdirSync(path.join(root, 'test/grammar')).filter((f) => f.endsWith('.test.patch-mail'));
  assert.ok(files.length >= 4, `expected the grammar test files, found ${files.join(', ')}`);
  const { status, out } = runTool('test/grammar/*.test.patch-mail');
  assert.equal(status, 0, out);
  for (const f of files) assert.match(out, new RegExp(`✓ test/grammar/${f.replace(/\./g, '\\.')}`), out);
});

test('a deliberately wrong assertion makes vscode-tmgrammar-test fail', () => {
  const { status, out } = runTool('test/grammar/negative/*.patch-mail');
  assert.notEqual(status, 0, out);
  assert.match(out, /missing required scopes: markup\.deleted\.diff/);
});

let onigReady: Promise<void> | undefined;
function loadOnig(): Promise<void> {
  onigReady ??= onig.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer);
  return onigReady;
}

type Rule = Record<string, unknown>;
function collectRegexes(node: unknown, out: string[]): void {
  if (Array.isArray(node)) for (const n of node) collectRegexes(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Rule)) {
      if (['match', 'begin', 'end', 'while'].includes(k) && typeof v === 'string') out.push(v);
      else collectRegexes(v, out);
    }
  }
}

test('every regex in the grammar compiles with Oniguruma', async () => {
  await loadOnig();
  const regexes: string[] = [];
  collectRegexes(JSON.parse(readFileSync(GRAMMAR, 'utf8')), regexes);
  assert.ok(regexes.length > 40);
  for (const re of regexes) {
    // vscode-textmate rewrites \A and \G before compiling; do the same.
    const src = re.replace(/\\[AG]/g, '\uFFFF');
    assert.doesNotThrow(() => new onig.OnigScanner([src]).dispose(), re);
  }
});

test('syntaxes/contributes.json agrees with the grammar and the configuration', () => {
  const c = JSON.parse(readFileSync('syntaxes/contributes.json', 'utf8'));
  const grammar = JSON.parse(readFileSync(GRAMMAR, 'utf8'));
  const [lang] = c.languages;
  const [g] = c.grammars;
  assert.equal(lang.id, 'kernel-patch-mail');
  assert.deepEqual(lang.extensions, ['.patch', '.diff', '.mbox', '.eml']);
  assert.ok(existsSync(path.join(root, lang.configuration)));
  assert.equal(g.language, lang.id);
  assert.equal(g.scopeName, grammar.scopeName);
  assert.equal(path.normalize(g.path), path.normalize(GRAMMAR));
  for (const scope of Object.keys(g.embeddedLanguages)) assert.ok(readFileSync(GRAMMAR, 'utf8').includes(`"${scope}"`), scope);

  const firstLine = new RegExp(lang.firstLine);
  for (const yes of [
    'From 5e1d0c3b2a4f69788e7d6c5b4a3f2e1d0c9b8a77 Mon Sep 17 00:00:00 2001',
    'From ada@example.org Wed May 15 10:01:02 2024',
    'diff --git a/mm/hugetlb.c b/mm/hugetlb.c',
    'From: Ada Lindqvist <ada@example.org>',
    'Subject: [PATCH v2 3/7] mm/hugetlb: take the vma lock',
    'Subject: Re: [RFC PATCH 1/2] mm: x',
    'Re: [PATCH, RFC 2/2] mm: x',
  ]) assert.match(yes, firstLine);
  for (const no of ['From here on it is prose', 'Subject: [RFC] design question', '#include <linux/mm.h>'])
    assert.doesNotMatch(no, firstLine);
});

test('the word pattern keeps C identifiers whole', () => {
  const cfg = JSON.parse(readFileSync('syntaxes/language-configuration.json', 'utf8'));
  const words = 'if (huge_pmd_unshare(mm, vma, &addr, ptep))'.match(new RegExp(cfg.wordPattern, 'g'));
  assert.deepEqual(words, ['if', 'huge_pmd_unshare', 'mm', 'vma', 'addr', 'ptep']);
});

/** A long reply quoting a patch at depth 2, with a few adversarial lines for the regexes. */
function bigQuotedPatch(lines: number): { text: string[]; probe: number } {
  const out: string[] = ['From: Bo Tanaka <bo@example.net>', 'Subject: Re: [PATCH v3 0/9] mm: a very long series', '', 'On Mon, Ada wrote:'];
  const long = 'word '.repeat(4000);
  let probe = -1;
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `> > diff --git a/mm/f${i}.c b/mm/f${i}.c`,
      `> > --- a/mm/f${i}.c`,
      `> > +++ b/mm/f${i}.c`,
      `> > @@ -${i * 10 + 1},7 +${i * 10 + 1},8 @@ static int f${i}(struct vm_area_struct *vma)`,
      '> >  \tspinlock_t *ptl;',
      '> > -\tif (!pmd_present(*pmd))',
      '> > +\tif (!pmd_present(pmdp_get(pmd)))',
      '> > \treturn 0;',
    );
    if (probe < 0 && out.length > lines * 0.73) {
      probe = out.length;
      out.push('> > +\tspin_lock(ptl);');
    } else out.push('> > +\tspin_unlock(ptl);');
    out.push('> >', '> Comment on this one.', '');
    if (i % 500 === 0) {
      // Long lines that would blow up a backtracking regex if one were quadratic.
      out.push(`> > a${' '.repeat(20000)}b`, `${long}|`, `On ${' '.repeat(20000)}x`, `Fixes: 0123456 ("${'"'.repeat(20000)}`, `[${'.'.repeat(20000)}`, `> > ${'-'.repeat(20000)}`, '> '.repeat(10000), '> > ok');
    }
  }
  return { text: out.slice(0, Math.max(lines, probe + 1)), probe };
}

test('a 100,000-line quoted patch tokenizes, with the right scope deep inside', async (t) => {
  await loadOnig();
  const files: Record<string, string> = { [SCOPE]: GRAMMAR, 'source.c': C_STUB };
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new onig.OnigScanner(p),
      createOnigString: (s: string) => new onig.OnigString(s),
    }),
    loadGrammar: async (scope: string) => {
      const file = files[scope];
      return file ? vsctm.parseRawGrammar(readFileSync(file, 'utf8'), path.join(root, file)) : null;
    },
  });
  const grammar = await registry.loadGrammar(SCOPE);
  assert.ok(grammar);
  const { text, probe } = bigQuotedPatch(100_000);
  assert.ok(text.length >= 100_000 && probe > 50_000);

  const started = performance.now();
  let state: vsctm.StackElement = vsctm.INITIAL;
  let probeTokens: vsctm.IToken[] = [];
  for (let i = 0; i < text.length; i++) {
    const r: vsctm.ITokenizeLineResult = grammar.tokenizeLine(text[i]!, state);
    assert.equal(r.stoppedEarly, false);
    state = r.ruleStack;
    if (i === probe) probeTokens = r.tokens;
  }
  t.diagnostic(`tokenized ${text.length} lines in ${Math.round(performance.now() - started)} ms`);

  const line = text[probe]!;
  const scopesOf = (needle: string) => {
    const at = line.indexOf(needle);
    return probeTokens.find((tok) => tok.startIndex <= at && at < tok.endIndex)!.scopes;
  };
  assert.deepEqual(scopesOf('+').slice(-2), ['markup.inserted.diff', 'punctuation.definition.inserted.diff']);
  const call = scopesOf('spin_lock');
  for (const s of ['markup.quote.level-2.kernel-patch-mail', 'meta.diff.hunk.kernel-patch-mail', 'markup.inserted.diff', 'meta.embedded.line.c', 'entity.name.function.c'])
    assert.ok(call.includes(s), `${s} not in ${call.join(' ')}`);
  // The quote stack did not grow with the document: depth 2 means exactly two quote scopes.
  assert.equal(call.filter((s) => s.startsWith('markup.quote.')).length, 2);
});

// End-to-end test in a real VS Code: code-server 4.100.3 (Node extension host) with the
// built .vsix installed, driven by Debian's chromium through playwright-core.
// Run through e2e/run.sh (which installs the tools); artifacts go to e2e/artifacts/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { activationLogged, installExtension, prepareRun, startCodeServer } from './lib/code-server.mjs';
import { seriesMbox } from './lib/fixtures.mjs';
import { buildVsix } from './lib/vsix.mjs';
import { ARTIFACTS, E2E, FIXTURES, ROOT, SELFTEST, linesContaining, poll, recordTimings } from './lib/util.mjs';
import * as wb from './lib/workbench.mjs';

const RULE = 'mm/pgtable-write-unlocked';
const PMD = 'shared-pmd-reply.mbox';
const GIGANTIC = 'gigantic-subpages.patch';
const SERIES = 'series-40.mbox';
// Analysis time is the product's, not the harness's: generous but bounded.
const DIAG_TIMEOUT = Number(process.env.E2E_DIAG_TIMEOUT_MS ?? 90000);

const pudLines = linesContaining(path.join(FIXTURES, PMD), 'pud_clear(pud);');
const defLine = linesContaining(path.join(FIXTURES, PMD), 'static int unshare_huge_pmd(')[0];
const incLine = linesContaining(path.join(FIXTURES, GIGANTIC), 'page++')[0];

const timings = {};
let run, server, browser, page, ext, pmdOpenedAt;
const consoleErrors = [];

// Each test leaves a screenshot of the screen it failed on; CI keeps e2e/artifacts.
async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    if (page) await wb.screenshot(page, ARTIFACTS, `failure-${name}.png`);
    throw e;
  }
}

// The Problems list is virtualised: scroll through it to see every row.
async function allProblems() {
  const list = page.locator(`${wb.SEL.problemsPanel} .monaco-list`).first();
  const seen = new Map();
  const box = await list.boundingBox();
  if (!box) return [];
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -100000);
  for (let i = 0, stale = 0; i < 100 && stale < 2; i++) {
    const before = seen.size;
    for (const p of await wb.problems(page)) seen.set(`${p.file}|${p.aria}`, p);
    stale = seen.size === before ? stale + 1 : 0;
    await page.mouse.wheel(0, box.height * 0.8);
    await page.waitForTimeout(50); // one frame for the list to re-render after the wheel
  }
  return [...seen.values()];
}

// Findings the status bar counts (errors, warnings, infos; not hints), per the CLI.
function cliFindingCount(file) {
  const cli = SELFTEST ? path.join(E2E, 'selftest', 'stub-mmreview.mjs') : path.join(ROOT, 'bin', 'mmreview.js');
  const r = spawnSync(process.execPath, [cli, 'check', file, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
  try { return JSON.parse(r.stdout).findings.filter((f) => f.severity !== 'hint').length; } catch { return null; }
}

const ruleRows = (rows) => rows.filter((r) => r.file.includes(PMD) && (r.aria + r.text).includes(RULE));

describe('mmreview in code-server', { timeout: 20 * 60000 }, () => {
  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true }); // run.sh empties it: both test files write there
    let t = Date.now();
    ext = buildVsix();
    timings.packageVsixMs = Date.now() - t;
    console.log(`[e2e] vsix: ${ext.vsix} (${ext.how}), id ${ext.id}`);
    run = prepareRun();
    for (const f of [PMD, GIGANTIC]) fs.copyFileSync(path.join(FIXTURES, f), path.join(run.workspace, f));
    fs.writeFileSync(path.join(run.workspace, SERIES), seriesMbox(40));
    t = Date.now();
    ext.installed = installExtension(run, ext.vsix);
    timings.installVsixMs = Date.now() - t;
    t = Date.now();
    server = await startCodeServer(run);
    timings.codeServerHealthzMs = Date.now() - t;
    browser = await wb.launch(path.join(run.dir, 'chrome-profile'));
    page = browser.page;
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 400)); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${String(e).slice(0, 400)}`));
    t = Date.now();
    await wb.openWorkbench(page, server.url, run.workspace);
    timings.workbenchLoadMs = Date.now() - t;
  });

  after(async () => {
    recordTimings('vscode', timings);
    fs.mkdirSync(path.join(ARTIFACTS, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'logs', 'browser-console.log'), consoleErrors.join('\n') + '\n');
    await browser?.ctx.close().catch(() => {});
    await server?.stop();
    // The extension host and language server logs explain a missing diagnostic.
    if (run && fs.existsSync(path.join(run.userData, 'logs'))) {
      fs.cpSync(path.join(run.userData, 'logs'), path.join(ARTIFACTS, 'logs', 'code-server'), { recursive: true });
    }
  });

  it('installs the .vsix into a fresh extensions folder', () => {
    const want = ext.id.toLowerCase();
    assert.ok(ext.installed.list.some((l) => l.toLowerCase().startsWith(`${want}@`)),
      `${ext.id} not in --list-extensions: ${ext.installed.list.join(', ')}\n${ext.installed.out}`);
  });

  it('opens the seed-004-style reply with the Problems panel showing', () => step('open', async () => {
    await wb.showProblems(page);
    pmdOpenedAt = await wb.openFile(page, PMD);
    const first = await wb.visibleLines(page);
    assert.ok(first.some((l) => l.text.includes('From: Idris')), 'fixture text not on screen');
    assert.ok(await page.locator(wb.SEL.problemsPanel).isVisible(), 'Problems panel not visible');
    timings.pmdLanguageMode = (await page.locator(wb.SEL.languageStatus).innerText()).trim();
    console.log(`[e2e] ${PMD} opened in language mode "${timings.pmdLanguageMode}"`);
  }));

  it('activates the extension for the patch mail', () => step('activation', async () => {
    await poll(() => activationLogged(run, ext.id), { timeout: 30000, what: `${ext.id} activation in the extension host log` });
  }));

  it(`lists ${RULE} in Problems once per quoted pud_clear line`, () => step('problems', async () => {
    assert.equal(pudLines.length, 2, 'fixture should quote pud_clear(pud); twice');
    let rows = [];
    await poll(async () => {
      rows = ruleRows(await allProblems());
      return pudLines.every((l) => rows.some((r) => r.line === l));
    }, { timeout: DIAG_TIMEOUT, interval: 250, what: `${RULE} rows on lines ${pudLines}` }).catch((e) => {
      throw new Error(`${e.message}\nrule rows seen: ${JSON.stringify(rows.map((r) => r.aria))}`);
    });
    timings.pmdDiagnosticsAfterOpenMs = Date.now() - pmdOpenedAt;
    for (const l of pudLines) assert.equal(rows.filter((r) => r.line === l).length, 1, `rows for line ${l}: ${JSON.stringify(rows)}`);
    const extra = rows.filter((r) => !pudLines.includes(r.line));
    if (extra.length) console.log(`[e2e] note: ${RULE} also reported at lines ${extra.map((r) => r.line)}`);
  }));

  it('draws a squiggle on each quoted pud_clear line', () => step('squiggles', async () => {
    for (const l of pudLines) {
      await wb.goTo(page, l);
      await poll(async () => (await wb.visibleLines(page)).find((v) => v.line === l)?.squiggle,
        { timeout: DIAG_TIMEOUT / 2, what: `a squiggle on line ${l}` });
    }
    await wb.goTo(page, pudLines[0]);
    await wb.screenshot(page, ARTIFACTS, 'problems-and-squiggle.png');
  }));

  it('hovering unshare_huge_pmd shows its simulated summary', () => step('hover', async () => {
    await wb.goTo(page, defLine);
    const h = await wb.hover(page, defLine, 'unshare_huge_pmd', [/pud_clear/, /ptl/i]);
    timings.hoverMs = h.ms;
    console.log(`[e2e] hover text:\n${h.text}`);
    fs.writeFileSync(path.join(ARTIFACTS, 'hover.txt'), h.text + '\n');
    await wb.waitHoverOpaque(page);
    await wb.screenshot(page, ARTIFACTS, 'hover.png');
  }));

  it('quick fix replaces page++ with nth_page', () => step('quickfix', async () => {
    await page.keyboard.press('Escape');
    await wb.openFile(page, GIGANTIC);
    const col = fs.readFileSync(path.join(FIXTURES, GIGANTIC), 'utf8').split('\n')[incLine - 1].indexOf('page++') + 2;
    await wb.goTo(page, incLine, col); // inside "page++", where the finding's range is
    const before = (await wb.visibleLines(page)).find((v) => v.line === incLine)?.text;
    assert.match(before ?? '', /page\+\+/);
    let rows;
    await poll(async () => {
      // Ask again until the server has its fixes: the first request may precede analysis.
      if (!(await page.locator(wb.SEL.actionWidget).isVisible())) await page.keyboard.press('Control+.');
      rows = page.locator(wb.SEL.actionRow, { hasText: 'nth_page' });
      if (await rows.count()) return true;
      await page.keyboard.press('Escape');
      return false;
    }, { timeout: DIAG_TIMEOUT, interval: 1000, what: 'a code action mentioning nth_page' }).catch(async (e) => {
      const msg = await page.locator('.monaco-editor-overlaymessage').allInnerTexts().catch(() => []);
      throw new Error(`${e.message}${msg.length ? `; editor said: ${msg.join(' ')}` : ''}`);
    });
    await wb.screenshot(page, ARTIFACTS, 'quickfix-before.png');
    // Keyboard, not a click: the menu's pointer block swallows clicks until the mouse moves.
    const focused = page.locator(`${wb.SEL.actionRow}.focused`);
    await poll(async () => {
      if (((await focused.getAttribute('aria-label').catch(() => '')) ?? '').includes('nth_page')) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    }, { timeout: 10000, interval: 100, what: 'the nth_page action to be selected' });
    await page.keyboard.press('Enter');
    const afterText = await poll(async () => {
      const t = (await wb.visibleLines(page)).find((v) => v.line === incLine)?.text ?? '';
      return t.includes('nth_page') ? t : null;
    }, { timeout: 10000, what: `line ${incLine} to use nth_page` });
    console.log(`[e2e] quick fix: "${before.trim()}" -> "${afterText.trim()}"`);
    assert.ok(!/page\+\+/.test(afterText), 'page++ still there');
    await wb.screenshot(page, ARTIFACTS, 'quickfix-after.png');
  }));

  // Reported, not asserted: how long a 40-patch series takes to get its diagnostics.
  it('reports the time to diagnose a 40-patch mbox', () => step('series', async () => {
    await page.keyboard.press('Escape');
    const count = async () => {
      const t = (await page.locator('[id="status.problems"]').first().getAttribute('aria-label').catch(() => '')) ?? '';
      return (t.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0);
    };
    // The CLI says how many findings the series has, so "all arrived" needs no guessing.
    const expected = cliFindingCount(path.join(run.workspace, SERIES)) ?? 40;
    const base = await count();
    const opened = await wb.openFile(page, SERIES);
    const result = { patches: 40, expectedFindings: expected, firstProblemMs: null, allDiagnosticsMs: null, problemsAdded: 0 };
    const deadline = opened + DIAG_TIMEOUT;
    while (Date.now() < deadline && result.allDiagnosticsMs === null) {
      result.problemsAdded = (await count()) - base;
      if (result.problemsAdded > 0) result.firstProblemMs ??= Date.now() - opened;
      if (result.problemsAdded >= expected) result.allDiagnosticsMs = Date.now() - opened;
      else await page.waitForTimeout(50); // poll interval
    }
    timings.series40 = result;
    console.log(`[e2e] 40-patch mbox: first problem ${result.firstProblemMs ?? 'never'} ms, ` +
      `${result.problemsAdded}/${expected} problems added, all ${result.allDiagnosticsMs ?? 'never'} ms after opening` +
      `${SELFTEST ? ' (selftest stub)' : ''}`);
  }));
});

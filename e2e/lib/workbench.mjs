// Playwright helpers for the VS Code 1.100 workbench that code-server serves.
// Selectors come from shared/reference/vscode-e2e.md; everything waits by polling
// the DOM with a bounded timeout.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { poll } from './util.mjs';

export const SEL = {
  workbench: '.monaco-workbench',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  editor: '.editor-instance .monaco-editor',
  problemsPanel: '.markers-panel',
  problemsRow: '.markers-panel .monaco-list-row',
  hover: '.monaco-editor .monaco-hover:not(.hidden)',
  hoverContents: '.monaco-editor .monaco-hover:not(.hidden) .hover-contents',
  actionWidget: '.action-widget',
  actionRow: '.action-widget .monaco-list-row',
  languageStatus: '[id="status.editor.mode"]',
  selectionStatus: '[id="status.editor.selection"]',
};

export async function launch(profileDir) {
  const ctx = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(30000);
  return { ctx, page };
}

export async function openWorkbench(page, url, folder) {
  await page.goto(`${url}?folder=${encodeURIComponent(folder)}`);
  await page.locator(SEL.workbench).waitFor({ timeout: 60000 });
  // Keyboard shortcuts only reach the workbench once something in it has focus.
  await page.locator('.part.editor').click({ position: { x: 300, y: 200 } }).catch(() => {});
}

export async function showProblems(page) {
  if (await page.locator(SEL.problemsPanel).isVisible()) return;
  await page.keyboard.press('Control+Shift+M');
  await page.locator(SEL.problemsPanel).waitFor();
}

// Opens `name` through Quick Open and waits until its text is on screen.
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await page.locator(SEL.quickInputBox).waitFor();
  await page.keyboard.type(name);
  await page.locator(SEL.quickInputRow, { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  const opened = Date.now();
  await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor();
  await page.locator(`${SEL.editor} .view-lines .view-line`).first().waitFor();
  return opened;
}

// Moves the cursor with Quick Open's ":line:column" and waits for the status bar to agree.
export async function goTo(page, line, column = 1) {
  await page.keyboard.press('Control+P');
  await page.locator(SEL.quickInputBox).waitFor();
  await page.keyboard.type(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  // Only the line is checked: the status bar counts columns with tabs expanded.
  await poll(async () => (await page.locator(SEL.selectionStatus).innerText()).includes(`Ln ${line},`),
    { timeout: 10000, what: `cursor on line ${line}` });
}

// Visible lines of the active editor: number, text (NBSP normalised), and whether a
// warning or error squiggle sits on it. Lines are matched to squiggles by position.
export function visibleLines(page) {
  return page.evaluate((editorSel) => {
    const ed = document.querySelector(editorSel);
    if (!ed) return [];
    const mid = (el) => { const b = el.getBoundingClientRect(); return b.top + b.height / 2; };
    const within = (el, y) => { const b = el.getBoundingClientRect(); return y >= b.top && y < b.bottom; };
    const numbers = [...ed.querySelectorAll('.margin-view-overlays .line-numbers')];
    const texts = [...ed.querySelectorAll('.view-lines .view-line')];
    const squiggles = [...ed.querySelectorAll('[class*="squiggly-"]')]
      .filter((s) => /squiggly-(warning|error)/.test(s.className));
    return numbers.map((n) => {
      const y = mid(n);
      const t = texts.find((v) => within(v, y));
      return {
        line: Number(n.textContent.trim()),
        text: t ? t.textContent.replace(/\u00a0/g, ' ') : '',
        squiggle: squiggles.some((s) => within(n.parentElement ?? n, mid(s)) || within(n, mid(s))),
      };
    }).filter((l) => l.line > 0).sort((a, b) => a.line - b.line);
  }, SEL.editor);
}

// Rows of the Problems panel. The tree's aria-level tells files (1) from markers (2)
// and their related information (3); a marker's aria-label carries
// "at line L and character C".
export async function problems(page) {
  const rows = await page.locator(SEL.problemsRow).evaluateAll((els) => els.map((e) => ({
    level: Number(e.getAttribute('aria-level') ?? 0),
    aria: e.getAttribute('aria-label') ?? '',
    text: e.textContent.replace(/\u00a0/g, ' '),
  })));
  const out = [];
  let file = '';
  for (const r of rows) {
    if (r.level === 1) { file = r.aria || r.text; continue; }
    const m = /at line (\d+) and character (\d+)/.exec(r.aria);
    if (r.level === 2 && m) out.push({ file, line: Number(m[1]), column: Number(m[2]), aria: r.aria, text: r.text });
  }
  return out;
}

// Screen box of `word` on editor line `line` (which must be visible), for a real mouse move.
export async function wordBox(page, line, word) {
  return page.evaluate(([editorSel, line, word]) => {
    const ed = document.querySelector(editorSel);
    const num = [...ed.querySelectorAll('.margin-view-overlays .line-numbers')].find((n) => n.textContent.trim() === String(line));
    if (!num) return null;
    const nb = num.getBoundingClientRect();
    const y = nb.top + nb.height / 2;
    for (const v of ed.querySelectorAll('.view-lines .view-line')) {
      const b = v.getBoundingClientRect();
      if (y < b.top || y >= b.bottom) continue;
      const walker = document.createTreeWalker(v, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent.indexOf(word);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + word.length);
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
    }
    return null;
  }, [SEL.editor, line, word]);
}

// Hovers `word` on `line`; resolves with the hover's text once it contains all `needles`
// (or rejects with what the hover said, if anything, when it never does).
export async function hover(page, line, word, needles, timeout = 20000) {
  const box = await wordBox(page, line, word);
  if (!box) throw new Error(`"${word}" is not visible on line ${line}`);
  const started = Date.now();
  let text = '';
  const end = started + timeout;
  while (Date.now() < end) {
    // Come from below the word so the editor sees a fresh mousemove each attempt.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 6);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    try {
      text = await poll(async () => {
        const h = page.locator(SEL.hoverContents);
        return (await h.count()) ? (await h.allInnerTexts()).join('\n') : '';
      }, { timeout: Math.min(5000, Math.max(0, end - Date.now())), interval: 100, what: 'hover' });
      if (needles.every((n) => n.test(text))) return { text, ms: Date.now() - started };
    } catch { /* no hover yet: move again */ }
  }
  throw new Error(`hover on ${word} (line ${line}) ${text ? `said:\n${text}` : 'never appeared'}\nexpected ${needles.join(', ')}`);
}

// The hover fades in; a screenshot taken mid-animation shows it half transparent.
export async function waitHoverOpaque(page) {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    for (let n = el; n; n = n.parentElement) {
      if (n.getAnimations().some((a) => a.playState === 'running')) return false;
      if (parseFloat(getComputedStyle(n).opacity) < 1) return false;
    }
    return true;
  }, SEL.hover, { timeout: 5000 }).catch(() => {});
}

export async function screenshot(page, dir, name) {
  await page.screenshot({ path: path.join(dir, name) }).catch((e) => console.log(`[e2e] screenshot ${name}: ${e.message}`));
}

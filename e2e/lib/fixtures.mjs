// Generated inputs: the 40-patch series built from the shared-pmd fixture's patch, so
// the timing run exercises the same analysis 40 times over distinct function names.
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './util.mjs';

// The patch as quoted once ("> ") in the first reply, unquoted again.
export function sharedPmdPatch() {
  const lines = fs.readFileSync(path.join(FIXTURES, 'shared-pmd-reply.mbox'), 'utf8').split('\n');
  const start = lines.indexOf('> diff --git a/mm/huge_memory.c b/mm/huge_memory.c');
  if (start < 0) throw new Error('shared-pmd-reply.mbox: no quoted diff found');
  const out = [];
  for (const l of lines.slice(start)) {
    if (!l.startsWith('>')) break;
    out.push(l.startsWith('> ') ? l.slice(2) : l.slice(1));
  }
  return out.join('\n') + '\n';
}

export function seriesMbox(count = 40) {
  const patch = sharedPmdPatch();
  const msgs = [];
  for (let k = 1; k <= count; k++) {
    const nn = String(k).padStart(2, '0');
    const body = patch.replaceAll('unshare_huge_pmd', `unshare_huge_pmd_${nn}`);
    msgs.push(`From series-${nn} Mon Mar 10 08:00:${nn} 2025
From: Wren Halvorsen <wren@example.org>
To: linux-mm@kvack.org
Subject: [PATCH ${k}/${count}] mm/huge_memory: unshare variant ${nn}
Date: Mon, 10 Mar 2025 08:00:${nn} +0000
Message-ID: <series-${nn}@example.org>

Variant ${nn} of the PMD unsharing helper.

Signed-off-by: Wren Halvorsen <wren@example.org>
---
${body}-- 
2.47.2

`);
  }
  return msgs.join('');
}

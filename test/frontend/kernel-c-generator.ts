// Generates large kernel-style C text for robustness and memory tests: many
// functions with locks, loops, ladders, conditionals and macros, written
// from templates of our own.
export function generateKernelC(lines: number, seed = 1, prefix = 'frob_gen'): string {
  let state = seed;
  const rand = (n: number): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const out: string[] = ['#include <linux/mm.h>', ''];
  let fn = 0;
  while (out.length < lines) {
    const name = `${prefix}_${fn++}`;
    const ifdef = rand(5) === 0;
    if (ifdef) out.push(`#ifdef CONFIG_FROB_GEN_${fn % 7}`);
    out.push(`static ${rand(2) ? '__always_inline ' : ''}int ${name}(struct frob_ctx *ctx, unsigned long addr)`);
    if (rand(3) === 0) out.push('\t__must_hold(&ctx->lock)');
    out.push('{', '\tstruct frob_entry *ent;', '\tint err = 0, i;', '');
    const blocks = 2 + rand(6);
    for (let b = 0; b < blocks; b++) {
      switch (rand(6)) {
        case 0:
          out.push('\tspin_lock(&ctx->lock);', '\tif (unlikely(!ctx->ready)) {', '\t\tspin_unlock(&ctx->lock);', '\t\treturn -EAGAIN;', '\t}', '\tctx->seq++;', '\tspin_unlock(&ctx->lock);');
          break;
        case 1:
          out.push('\tlist_for_each_entry(ent, &ctx->list, node) {', '\t\tif (ent->addr == addr)', '\t\t\tgoto found;', '\t}');
          break;
        case 2:
          out.push('#ifdef CONFIG_FROB_DEBUG', '\tpr_debug("frob %lx\\n", addr);', '#endif', '\tfor (i = 0; i < FROB_MAX; i++)', '\t\terr += ({ int __x = i * 2; __x; });');
          break;
        case 3:
          out.push('\tswitch (addr & 3) {', '\tcase 0:', '\t\terr = 1;', '\t\tfallthrough;', '\tcase 1:', '\t\tbreak;', '\tdefault:', '\t\terr = -EINVAL;', '\t}');
          break;
        case 4:
          out.push('\tfor_each_online_node(i)', '\t\terr |= frob_node_check(ctx, i, (struct page *)addr + i);');
          break;
        default:
          out.push('\terr = frob_step(ctx, addr >> PAGE_SHIFT, sizeof(struct page));', '\tif (err)', '\t\tgoto out;');
      }
    }
    out.push('found:', '\terr = 0;', 'out:', '\treturn err;', '}');
    if (ifdef) out.push('#endif');
    out.push('');
  }
  return out.join('\n');
}

/**
 * An mbox of `count` patch mails, each adding one generated function and
 * changing the middle of another, to exercise the frontend at series scale.
 */
export function generatePatchMbox(count: number): string {
  const mails: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = generateKernelC(30, i + 1, `frob_p${i}`).split('\n').slice(2);
    const added = body.map((l) => '+' + l);
    mails.push([
      `From 000000000000000000000000000000000000${String(i).padStart(4, '0')} Mon Sep 17 00:00:00 2001`,
      'From: A Developer <dev@example.org>',
      'Date: Fri, 3 Jan 2025 09:00:00 +0000',
      `Subject: [PATCH ${i + 1}/${count}] mm/frob: step ${i + 1}`,
      '',
      'Generated for the mmreview frontend tests.',
      '---',
      `diff --git a/mm/frob_${i % 7}.c b/mm/frob_${i % 7}.c`,
      `--- a/mm/frob_${i % 7}.c`,
      `+++ b/mm/frob_${i % 7}.c`,
      `@@ -${100 + i},7 +${100 + i},${7 + added.length} @@ static int frob_old_${i}(struct frob_ctx *ctx, unsigned long addr)`,
      ' \tif (!ctx)',
      ' \t\treturn -EINVAL;',
      ' \tspin_lock(&ctx->lock);',
      '-\tctx->seq++;',
      '+\tctx->seq += 2;',
      ' \tspin_unlock(&ctx->lock);',
      ' \treturn 0;',
      ' }',
      ' ',
      ...added,
      '-- ',
      '2.43.0',
      '',
    ].join('\n'));
  }
  return mails.join('\n');
}

/**
 * Tables of kernel C idioms that tree-sitter-c does not understand on its
 * own: attribute words and lock annotations that sit where the grammar
 * expects a type, and iterator macros used as loop headers. The lowering
 * masks or rewrites them before parsing (keeping every offset), so a
 * function full of kernel macros still parses as a function.
 */

/** Attribute words without arguments; they are blanked before parsing. */
const PLAIN_ATTRIBUTES = new Set([
  '__always_inline', '__init', '__exit', '__meminit', '__ref', '__weak', '__read_mostly', '__cold', '__hot',
  'noinline', 'notrace', '__noreturn', '__maybe_unused', '__always_unused', '__must_check', '__pure', '__used',
  '__visible', 'asmlinkage', '__sched', '__cpuidle', '__init_or_module', '__initdata', '__meminitdata',
  '__initconst', '__ro_after_init', '__refdata', '__latent_entropy', 'noinline_for_stack', '__flatten',
  '__noinline', '__nocfi', '__noclone', '__no_sanitize_address', '__no_kcsan', '__kprobes', '__irq_entry',
  '__packed', '__malloc', '__attribute_const__', '__nonstring', '__designated_init', '__randomize_layout',
  '__no_randomize_layout', '__cacheline_aligned', '____cacheline_aligned', '__cacheline_aligned_in_smp',
  '____cacheline_aligned_in_smp', '__user', '__iomem', '__rcu', '__percpu', '__force', '__kernel', '__safe',
  '__nocast', '__bitwise', '__private', '__mm_unused', '__deprecated', '__always_used', '__noinstr', 'noinstr',
  '__ksym', '__weak_alias', '__head', '__nosavedata', '__page_aligned_bss', '__page_aligned_data',
]);

/** Attribute words followed by a parenthesised argument list, blanked together with it. */
const ATTRIBUTES_WITH_ARGS = new Set([
  '__attribute__', '__attribute', '__section', '__aligned', '__printf', '__scanf', '__free', '__cleanup',
  '__alloc_size', '__assume_aligned', '__counted_by', '__guarded_by', '__pt_guarded_by', '__cond_acquires',
  '__cond_releases', '__cond_acquires_shared', '__must_hold_shared', '__acquires_shared', '__releases_shared',
  '__diag_ignore', '__no_sanitize_or_inline', '__assume',
]);

/** Lock annotations, recorded on the function as well as blanked. */
const LOCK_ANNOTATIONS: Record<string, 'must_hold' | 'acquires' | 'releases'> = {
  __must_hold: 'must_hold',
  __acquires: 'acquires',
  __releases: 'releases',
};

/** Iterator macros that do not follow the `for_each` naming pattern. */
const KNOWN_LOOP_MACROS = new Set([
  'vma_interval_tree_foreach', 'anon_vma_interval_tree_foreach', 'mas_for_each', 'mas_for_each_rev',
  'radix_tree_for_each_slot', 'radix_tree_for_each_tagged', 'while_each_thread', 'do_each_thread',
  'list_for_each', 'hlist_for_each', 'xa_for_each', 'for_each_vma', 'for_each_vma_range',
  // Not loops, but written the same way: a header and a body the lock covers.
  'scoped_guard', 'scoped_cond_guard',
]);

export type AnnotationKind = 'must_hold' | 'acquires' | 'releases';

export function isPlainAttribute(word: string): boolean {
  return PLAIN_ATTRIBUTES.has(word);
}

export function isAttributeWithArgs(word: string): boolean {
  return ATTRIBUTES_WITH_ARGS.has(word) || word in LOCK_ANNOTATIONS;
}

export function lockAnnotationKind(word: string): AnnotationKind | undefined {
  return Object.prototype.hasOwnProperty.call(LOCK_ANNOTATIONS, word) ? LOCK_ANNOTATIONS[word] : undefined;
}

/**
 * Whether a macro name is an iterator used as a loop header. Every kernel
 * iterator either appears in the table or has `for_each`/`foreach` in its
 * name (list_for_each_entry_safe, for_each_online_node, xa_for_each_marked).
 */
export function isLoopMacro(name: string): boolean {
  if (KNOWN_LOOP_MACROS.has(name)) return true;
  return /(^|_)for_each(_|$)|foreach/.test(name) && name.length >= 'while'.length;
}

/** The two function-like macros that only strip a branch hint. */
export function isBranchHint(name: string): boolean {
  return name === 'likely' || name === 'unlikely';
}

/** Placeholder argument the frontend writes where a quoted call is cut off. */
export const TRUNCATED_ARG = '__mmreview_truncated';

/** Marker comment the frontend writes where quoted code is missing. */
export const GAP_MARKER = /^\/\*@mmreview-gap:\s*([\s\S]*?)@\*\/$/;

export function gapMarker(reason: string): string {
  return `/*@mmreview-gap: ${reason.replace(/@\*\//g, '@ */')}@*/`;
}

/**
 * Guesses which file a headerless fragment belongs to. Reviewers often quote
 * a hunk without its `diff --git` line; the `@@` function context, the names
 * of functions the fragment defines, and the subject's `area:` prefix are the
 * clues, tried in that order because they go from specific to general.
 */
import type { Hunk } from './types.js';
import { definedFunctionName } from './diff-syntax.js';

/** Where well-known mm functions live, for fragments that name no file. */
const KNOWN_FUNCTIONS: Record<string, string> = {
  follow_hugetlb_page: 'mm/hugetlb.c',
  huge_pmd_share: 'mm/hugetlb.c',
  huge_pmd_unshare: 'mm/hugetlb.c',
  huge_pte_alloc: 'mm/hugetlb.c',
  hugetlb_fault: 'mm/hugetlb.c',
  hugetlb_vma_lock_read: 'mm/hugetlb.c',
  hugetlb_vma_lock_write: 'mm/hugetlb.c',
  hugetlb_unshare_all_pmds: 'mm/hugetlb.c',
  hugetlb_vma_data_alloc: 'mm/hugetlb.c',
  hugetlb_unreserve_pages: 'mm/hugetlb.c',
  hugetlb_reserve_pages: 'mm/hugetlb.c',
  unmap_hugepage_range: 'mm/hugetlb.c',
  __unmap_hugepage_range: 'mm/hugetlb.c',
  copy_hugetlb_page_range: 'mm/hugetlb.c',
  hugetlb_change_protection: 'mm/hugetlb.c',
  page_table_shareable: 'mm/hugetlb.c',
  vma_shareable: 'mm/hugetlb.c',
  pmd_sharing_possible: 'mm/hugetlb.c',
  hugetlb_mask_last_page: 'mm/hugetlb.c',
  zap_huge_pmd: 'mm/huge_memory.c',
  zap_huge_pud: 'mm/huge_memory.c',
  __split_huge_pmd: 'mm/huge_memory.c',
  do_huge_pmd_anonymous_page: 'mm/huge_memory.c',
  change_huge_pmd: 'mm/huge_memory.c',
  zap_deposited_table: 'mm/huge_memory.c',
  handle_pte_fault: 'mm/memory.c',
  handle_mm_fault: 'mm/memory.c',
  __handle_mm_fault: 'mm/memory.c',
  do_anonymous_page: 'mm/memory.c',
  do_wp_page: 'mm/memory.c',
  zap_pte_range: 'mm/memory.c',
  zap_pmd_range: 'mm/memory.c',
  unmap_page_range: 'mm/memory.c',
  copy_page_range: 'mm/memory.c',
  free_pgtables: 'mm/memory.c',
  ptlock_free: 'mm/memory.c',
  __get_user_pages: 'mm/gup.c',
  follow_page_mask: 'mm/gup.c',
  gup_huge_pmd: 'mm/gup.c',
  gup_huge_pud: 'mm/gup.c',
  record_subpages: 'mm/gup.c',
  collapse_huge_page: 'mm/khugepaged.c',
  hpage_collapse_scan_pmd: 'mm/khugepaged.c',
  try_to_unmap_one: 'mm/rmap.c',
  try_to_migrate_one: 'mm/rmap.c',
  move_page_tables: 'mm/mremap.c',
  change_protection: 'mm/mprotect.c',
  madvise_collapse: 'mm/khugepaged.c',
};

/** Bare subsystem words used as subject prefixes, and the file they usually mean. */
const SUBJECT_AREAS: Record<string, string> = {
  hugetlb: 'mm/hugetlb.c',
  hugetlbfs: 'fs/hugetlbfs/inode.c',
  thp: 'mm/huge_memory.c',
  huge_memory: 'mm/huge_memory.c',
  memory: 'mm/memory.c',
  gup: 'mm/gup.c',
  khugepaged: 'mm/khugepaged.c',
  memcg: 'mm/memcontrol.c',
  mmap: 'mm/mmap.c',
  mremap: 'mm/mremap.c',
  mprotect: 'mm/mprotect.c',
  madvise: 'mm/madvise.c',
  rmap: 'mm/rmap.c',
  shmem: 'mm/shmem.c',
  userfaultfd: 'mm/userfaultfd.c',
  pagewalk: 'mm/pagewalk.c',
  compaction: 'mm/compaction.c',
  migrate: 'mm/migrate.c',
  page_alloc: 'mm/page_alloc.c',
  vmscan: 'mm/vmscan.c',
  slub: 'mm/slub.c',
};

const TOP_DIRS = /^(mm|fs|include|kernel|lib|arch|drivers|virt|security|tools|ipc|block|net)\//;

export interface InferredPath {
  path: string;
  inferredFrom: string;
}

/** The function a `@@` context or a definition line names, if any. */
function functionNameIn(context: string): string | null {
  const m = /([A-Za-z_]\w*)\s*\(/.exec(context);
  return m ? m[1] : null;
}

function fromHunkContext(hunks: readonly Hunk[]): InferredPath | null {
  for (const h of hunks) {
    const name = functionNameIn(h.function);
    if (name && KNOWN_FUNCTIONS[name]) return { path: KNOWN_FUNCTIONS[name], inferredFrom: `@@ context ${name}` };
  }
  return null;
}

function fromDefinedFunctions(hunks: readonly Hunk[]): InferredPath | null {
  for (const h of hunks) {
    for (const line of h.lines) {
      if (line.continuation) continue;
      const name = definedFunctionName(line.text);
      if (name && KNOWN_FUNCTIONS[name]) return { path: KNOWN_FUNCTIONS[name], inferredFrom: `function ${name}` };
    }
  }
  return null;
}

/** `Re: [PATCH v2 3/7] mm/hugetlb: fix ...` -> `mm/hugetlb`. */
export function subjectPrefix(subject: string): string | null {
  let s = subject.trim();
  for (let i = 0; i < 10; i++) {
    const next = s.replace(/^((re|fwd?|aw|sv)\s*:\s*|\[[^\]]*\]\s*)/i, '');
    if (next === s) break;
    s = next;
  }
  const m = /^([\w./, -]{1,80}?):\s/.exec(s);
  return m ? m[1].trim() : null;
}

export function pathForSubjectPrefix(prefix: string): string | null {
  const tokens = prefix.split(/[,\s]+/).filter(Boolean);
  for (const t of tokens) {
    if (!t.includes('/')) continue;
    if (/\.[ch]$/.test(t)) return t;
    if (TOP_DIRS.test(t + '/')) {
      const area = t.slice(t.lastIndexOf('/') + 1);
      if (t.startsWith('mm/')) return `${t}.c`;
      if (SUBJECT_AREAS[area]) return SUBJECT_AREAS[area];
    }
  }
  for (const t of tokens) if (SUBJECT_AREAS[t.toLowerCase()]) return SUBJECT_AREAS[t.toLowerCase()];
  return null;
}

function fromSubject(subject: string): InferredPath | null {
  const prefix = subjectPrefix(subject);
  const path = prefix && pathForSubjectPrefix(prefix);
  return path ? { path, inferredFrom: `subject prefix ${prefix}:` } : null;
}

/** Names that say their file by themselves (hugetlb_* lives in mm/hugetlb.c). */
function fromNamePrefixes(hunks: readonly Hunk[]): InferredPath | null {
  for (const h of hunks) {
    for (const line of h.lines) {
      const name = definedFunctionName(line.text) ?? functionNameIn(h.function);
      if (name && /^(hugetlb_|huge_pte_|huge_pmd_)/.test(name)) return { path: 'mm/hugetlb.c', inferredFrom: `function name ${name}` };
    }
  }
  return null;
}

/** Infers the path of a fragment; always answers, with "(unknown)" when no clue fits. */
export function inferPath(hunks: readonly Hunk[], subject: string): InferredPath {
  return (
    fromHunkContext(hunks) ??
    fromDefinedFunctions(hunks) ??
    fromSubject(subject) ??
    fromNamePrefixes(hunks) ?? { path: '(unknown)', inferredFrom: 'no clue: no header, known function or subject prefix' }
  );
}

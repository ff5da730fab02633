/**
 * The operator's filter over a retry, scheduled or dead set, applied server-side by the scripts
 * that walk a set by rank (search, counts, and the filtered bulk actions), so a count shown next
 * to a bulk action is the count that action works on.
 */

/** Selects jobs of a zset; an empty filter selects every member. */
export interface JobFilter {
  /** Only jobs of exactly this name. */
  name?: string;
  /**
   * Only jobs whose stored JSON (id, name, args, error, …) contains this text, compared
   * case-insensitively on the bytes as stored (so `<` in a Go-written job is `\u003c`).
   */
  q?: string;
}

/**
 * The term as the scripts compare it, '' for none: ASCII letters lower-cased, as Lua's
 * string.lower does to the member, so both sides fold the same way.
 */
export function termOf(filter: JobFilter | undefined): string {
  return (filter?.q ?? '').replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Whether the filter selects a subset rather than the whole set. */
export function isFiltering(filter: JobFilter | undefined): boolean {
  return !!filter && (!!filter.name || !!filter.q);
}

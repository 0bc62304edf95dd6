/** A list's `limit` query value as a page size: the default when absent or unreadable, kept within 1..max. */
export function pageSize(limit: string | undefined, fallback: number, max: number): number {
  return Math.min(Math.max(Number(limit) || fallback, 1), max);
}

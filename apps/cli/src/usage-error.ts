/** A mistake in how the command was called: exit code 2, nothing started. */
export class UsageError extends Error {}

/** Exit codes, as documented in the README. */
export const EXIT = { ok: 0, failed: 1, usage: 2, rowErrors: 3 } as const;

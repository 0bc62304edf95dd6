/**
 * An answer the admin API gives on purpose: an HTTP status, a stable code a
 * client can branch on, and a sentence saying what to do.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Ids from another workspace answer exactly like ids that do not exist. */
export const notFound = (what: string, id: string) => new ApiError(404, 'not_found', `There is no ${what} ${id}.`);

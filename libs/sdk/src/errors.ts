/**
 * Errors say what happens next. Every error a plugin throws is one of these four,
 * each with a stable string code that the CLI and API show and map to exit codes
 * and HTTP statuses.
 */
export abstract class FerryError extends Error {
  abstract readonly next: 'fail-run' | 'retry-later' | 'reject-row' | 'fix-config';

  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The run cannot go on (unreadable file, no email column, ...). Nothing more is written. */
export class FatalRunError extends FerryError {
  readonly next = 'fail-run' as const;
}

/** A passing failure (database or network gone for a moment): try the batch again later. */
export class RetryLaterError extends FerryError {
  readonly next = 'retry-later' as const;
}

/** One row cannot be used; it becomes a row issue and the run goes on. */
export class RowRejectedError extends FerryError {
  readonly next = 'reject-row' as const;

  constructor(
    code: string,
    message: string,
    readonly column?: string,
    readonly value?: unknown,
  ) {
    super(code, message);
  }
}

/** The pipeline's settings are wrong: fix them and start again. */
export class ConfigError extends FerryError {
  readonly next = 'fix-config' as const;
}

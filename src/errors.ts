/** Exit codes shared by the CLI and the Action. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
export const EXIT_REFUSED = 3;
/** Stopped by Ctrl-C (SIGINT) or SIGTERM: 128 + SIGINT, as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** A problem the user can fix; the message is a complete sentence that says what to do. */
export class UserError extends Error {
  readonly exitCode: number = EXIT_ERROR;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UserError";
  }
}

/** A safety guard refused to go on (exit 3). */
export class RefusedError extends UserError {
  override readonly exitCode: number = EXIT_REFUSED;
  constructor(message: string) {
    super(message);
    this.name = "RefusedError";
  }
}

/** The user has already been told what went wrong; just exit with this code. */
export class ExitError extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = "ExitError";
  }
}

/**
 * Errors a user can act on. Every error Vigil shows a person is a VigilError: its message names the
 * input (file, record, field) and says what to do. Anything else reaching the CLI is a bug.
 */
export class VigilError extends Error {
  /** A stable, machine-readable code, e.g. "INVALID_VERSION". */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A version string that its ecosystem's scheme cannot parse. */
export class InvalidVersionError extends VigilError {
  readonly ecosystem: string;
  readonly version: string;

  constructor(ecosystem: string, version: string, reason: string) {
    super("INVALID_VERSION", `invalid ${ecosystem} version ${JSON.stringify(version)}: ${reason}`);
    this.ecosystem = ecosystem;
    this.version = version;
  }
}

/** An ecosystem name that no version scheme is registered for. */
export class UnknownEcosystemError extends VigilError {
  readonly ecosystem: string;

  constructor(ecosystem: string, known: readonly string[]) {
    super(
      "UNKNOWN_ECOSYSTEM",
      `unknown ecosystem ${JSON.stringify(ecosystem)}: use an OSV ecosystem name (${known.join(", ")})`,
    );
    this.ecosystem = ecosystem;
  }
}

/** Input (a file, a feed record, a request body) that does not have the expected shape. */
export class InputError extends VigilError {
  /** What was being read: a path, a URL, a feed name. */
  readonly source: string;

  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super("INVALID_INPUT", `${source}: ${message}`, options);
    this.source = source;
  }
}

export function isVigilError(e: unknown): e is VigilError {
  return e instanceof VigilError;
}

/** The message of any thrown value, for reports (never a stack). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

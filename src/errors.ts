// Error classes shared by every layer. They carry data (locations, exit codes); only the CLI turns them into
// messages and exit codes, so library users can catch and inspect them.

/** A point in a source text. `line` and `column` are 1-based (column counts UTF-16 code units); `offset` is 0-based. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open source range: `end` points just past the last character. */
export interface Range {
  start: Position;
  end: Position;
}

export class SlimstageError extends Error {
  override name = "SlimstageError";
}

/** A problem in a Dockerfile, reported at a location like a compiler does: `file:line:column: message`. */
export class DockerfileError extends SlimstageError {
  override name = "DockerfileError";
  readonly file: string | undefined;
  readonly range: Range | undefined;
  readonly reason: string;

  constructor(reason: string, range?: Range, opts: { file?: string; cause?: unknown } = {}) {
    super(formatLocated(reason, range, opts.file), { cause: opts.cause });
    this.reason = reason;
    this.range = range;
    this.file = opts.file;
  }

  /** The same error, attributed to a file. */
  inFile(file: string | undefined): DockerfileError {
    if (file === undefined || this.file === file) return this;
    return new DockerfileError(this.reason, this.range, { file, cause: this.cause });
  }
}

/** Usage mistakes on the command line (exit code 2). */
export class UsageError extends SlimstageError {
  override name = "UsageError";
}

/** Carries an exit code out of a command without printing anything more. */
export class ExitError extends SlimstageError {
  override name = "ExitError";
  constructor(
    readonly code: number,
    message = `exited with code ${code}`,
  ) {
    super(message);
  }
}

function formatLocated(reason: string, range: Range | undefined, file: string | undefined): string {
  const where = [file ?? (range ? "<input>" : undefined), range?.start.line, range?.start.column].filter((p) => p !== undefined).join(":");
  return where ? `${where}: ${reason}` : reason;
}

/** A file could not be read or written for a reason of the system, not of the input (no space left, I/O error). */
export class FileError extends SlimstageError {
  override name = "FileError";
}

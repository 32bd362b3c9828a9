// The one error type the engine edge throws. It carries what a user needs to act on a failure: which command,
// which build step, and the engine's own last words, so the CLI can print them without a stack trace.
import { SlimstageError } from "../errors.js";

export type EngineErrorKind =
  /** The CLI could not be started (missing binary, permissions). */
  | "spawn"
  /** The CLI ran and exited non-zero. */
  | "exit"
  /** A build step failed (see `step`). */
  | "build"
  /** Our timeout fired; the process was killed. */
  | "timeout"
  /** The caller's AbortSignal fired. */
  | "aborted"
  /** The engine answered with output we could not understand. */
  | "protocol";

export interface EngineErrorDetails {
  kind: EngineErrorKind;
  /** The argv that failed (never a shell string). */
  argv?: readonly string[];
  exitCode?: number | null;
  /** The failing build step as the engine names it, e.g. `[build 3/5] RUN make`. */
  step?: string;
  /** The stage of the failing step when the engine names one (`build` in the example above). */
  stage?: string;
  /** The engine's last output lines (step logs first, then its own error text). */
  output?: readonly string[];
  cause?: unknown;
}

export class EngineError extends SlimstageError {
  override name = "EngineError";
  readonly kind: EngineErrorKind;
  readonly argv: readonly string[];
  readonly exitCode: number | null | undefined;
  readonly step: string | undefined;
  readonly stage: string | undefined;
  readonly output: readonly string[];

  constructor(reason: string, details: EngineErrorDetails) {
    super(reason, { cause: details.cause });
    this.kind = details.kind;
    this.argv = details.argv ?? [];
    this.exitCode = details.exitCode;
    this.step = details.step;
    this.stage = details.stage;
    this.output = details.output ?? [];
  }

  /** Message plus the failing step and the engine's last lines, ready for a terminal. */
  describe(): string {
    const parts = [this.message];
    if (this.step) parts.push(`  step: ${this.step}`);
    if (this.output.length > 0) parts.push(...this.output.map((l) => `  | ${l}`));
    return parts.join("\n");
  }
}

import { SlimstageError } from "../errors.js";

/** A tarball that is not a readable image archive. `entry` names the archive member at fault. */
export class ImageArchiveError extends SlimstageError {
  override name = "ImageArchiveError";
  constructor(
    reason: string,
    readonly entry?: string,
    opts: { cause?: unknown } = {},
  ) {
    super(entry ? `${entry}: ${reason}` : reason, { cause: opts.cause });
  }
}

/** Of several settled promises, the most telling failure: our own typed errors before generic stream errors. */
export function firstFailure(results: readonly PromiseSettledResult<unknown>[]): PromiseRejectedResult | undefined {
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  const named = (r: PromiseRejectedResult) => (r.reason as { name?: string } | null)?.name;
  return rejected.find((r) => named(r) === "ImageArchiveError" || named(r) === "EngineError") ?? rejected[0];
}

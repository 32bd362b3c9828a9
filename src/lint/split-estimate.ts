// single-stage-split's size estimate: what the build-only packages of a single-stage image take, from Debian's
// package data (Installed-Size of each package and of the dependencies `apt-get install --no-install-recommends`
// adds to debian:bookworm-slim; measured by scripts/lint/package-sizes.sh into package-sizes.ts).
import { CLOSURES, SIZES_KIB } from "./package-sizes.js";

export interface SplitEstimate {
  /** Megabytes (10^6 bytes) the packages and the dependencies they pull in take once installed. */
  mb: number;
  /** The build-only packages the estimate covers (those with measured data). */
  covered: string[];
}

/**
 * The installed size of `tools` with their dependencies (each package counted once), minus the runtime libraries
 * a split keeps; undefined when no tool has data.
 */
export function splitEstimate(tools: readonly string[], keep: readonly string[]): SplitEstimate | undefined {
  const covered = tools.filter((t) => CLOSURES[t] !== undefined);
  if (covered.length === 0) return undefined;
  const kept = new Set(keep);
  const packages = new Set(covered.flatMap((t) => CLOSURES[t] ?? []).filter((p) => !kept.has(p)));
  const kib = [...packages].reduce((n, p) => n + (SIZES_KIB[p] ?? 0), 0);
  return { mb: Math.round((kib * 1024) / 1e6), covered };
}

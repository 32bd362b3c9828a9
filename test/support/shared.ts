// Where the project's shared material lives (../shared beside the repo), and a describe() that says clearly
// when a suite is skipped because that material is absent.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED_DIR = process.env.SLIMSTAGE_SHARED ?? resolve(REPO_ROOT, "../shared");

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

export const hasShared = existsSync(SHARED_DIR);

/** A suite that needs ../shared: it runs when present and is reported as skipped (with the reason) when absent. */
export function describeWithShared(name: string, fn: () => void): void {
  if (hasShared) {
    describe(name, fn);
  } else {
    console.warn(`[slimstage tests] skipped "${name}": ${SHARED_DIR} is absent`);
    describe.skip(`${name} (skipped: ../shared is absent)`, fn);
  }
}

// Suites that need a real Docker engine. They run when `docker info` answers; otherwise they fail when
// SLIMSTAGE_REQUIRE_ENGINE=1 (CI) and are skipped with the reason everywhere else.
import { spawnSync } from "node:child_process";
import { describe, it } from "vitest";
import { dockerPath } from "../../src/engine/docker-cli.js";

export const DOCKER = dockerPath();

function probe(): { ok: true } | { ok: false; reason: string } {
  const r = spawnSync(DOCKER, ["info", "--format", "{{.ServerVersion}}"], { encoding: "utf8", timeout: 20_000 });
  if (r.error) return { ok: false, reason: `${DOCKER}: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: `${DOCKER} info: ${(r.stderr || r.stdout).trim().split("\n").at(-1)}` };
  return { ok: true };
}

let cached: ReturnType<typeof probe> | undefined;
export function engineStatus(): ReturnType<typeof probe> {
  cached ??= probe();
  return cached;
}

export const requireEngine = process.env.SLIMSTAGE_REQUIRE_ENGINE === "1";

/** A suite that needs the engine: runs when it answers; fails (CI) or skips with a clear message otherwise. */
export function describeWithEngine(name: string, fn: () => void): void {
  const status = engineStatus();
  if (status.ok) {
    describe(name, fn);
  } else if (requireEngine) {
    describe(name, () => {
      it("needs a container engine (SLIMSTAGE_REQUIRE_ENGINE=1)", () => {
        throw new Error(`no container engine: ${status.reason}`);
      });
    });
  } else {
    console.warn(`[slimstage tests] skipped "${name}": no container engine (${status.reason})`);
    describe.skip(`${name} (skipped: no container engine: ${status.reason})`, fn);
  }
}

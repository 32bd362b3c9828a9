// Runs the `shellcheck` binary for the lint rule of that name (an edge: it spawns a process and writes temporary
// files). One process per Dockerfile and shell dialect: the scripts are written to a temporary directory.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXCLUDED, type ShellcheckComment, type ShellcheckRunner } from "../lint/shellcheck.js";

let available: boolean | undefined;
/** Whether `shellcheck` runs here (checked once per process). */
export function shellcheckAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync("shellcheck", ["--version"], { encoding: "utf8", timeout: 10_000 });
    available = r.status === 0;
  }
  return available;
}

/** Shellcheck's comments on each script (by index), all scripts checked as `dialect`; undefined when it cannot run. */
export const runShellcheck: ShellcheckRunner = (scripts, dialect) => {
  if (scripts.length === 0) return [];
  if (!shellcheckAvailable()) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "slimstage-sc-"));
  try {
    const files = scripts.map((s, i) => {
      const f = join(dir, `${i}.sh`);
      writeFileSync(f, s);
      return f;
    });
    const r = spawnSync("shellcheck", ["-f", "json1", "-s", dialect, "-e", EXCLUDED.join(","), ...files], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    });
    if (r.error || (r.status !== 0 && r.status !== 1)) return undefined;
    const out: ShellcheckComment[][] = scripts.map(() => []);
    const parsed = JSON.parse(r.stdout || "{}") as { comments?: ShellcheckComment[] };
    for (const c of parsed.comments ?? []) {
      const i = files.indexOf(c.file);
      if (i >= 0) out[i]?.push(c);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

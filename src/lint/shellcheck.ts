// Runs the `shellcheck` binary (when installed) on RUN scripts and maps its positions back into the Dockerfile.
// One shellcheck process per Dockerfile and shell dialect: the scripts are written to a temporary directory.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ShellcheckComment {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  level: "error" | "warning" | "info" | "style";
  code: number;
  message: string;
}

// Codes that cannot be right for a RUN: sourced files are not in the build context's view (SC1090/SC1091), and
// variables come from ENV/ARG and the base image (SC2154).
export const EXCLUDED = ["SC1090", "SC1091", "SC2154"];

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
export function shellcheckScripts(scripts: readonly string[], dialect: "sh" | "bash"): ShellcheckComment[][] | undefined {
  if (scripts.length === 0) return [];
  if (!shellcheckAvailable()) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "slimstage-sc-"));
  try {
    const files = scripts.map((s, i) => {
      const f = join(dir, `${i}.sh`);
      writeFileSync(f, s);
      return f;
    });
    const r = spawnSync("shellcheck", ["-f", "json1", "-s", dialect, "-e", EXCLUDED.join(","), ...files], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
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
}

/** Offset of a 1-based (line, column) in text; shellcheck's json1 counts a tab as one column. */
export function offsetAt(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + column - 1);
}

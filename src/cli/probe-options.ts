// The probes of `--probe` and `--probe-file`, shared by verify and convert --verify.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import { parseProbe, parseProbeFile, type Probe } from "../verify/index.js";
import type { Io } from "./io.js";

/** The probes of `--probe` and `--probe-file` (shared by verify and convert --verify). */
export function probesFrom(specs: readonly string[], probeFile: string | undefined, io: Io): Probe[] {
  const probes: Probe[] = specs.map((p) => parseProbe(p));
  if (probeFile) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, probeFile), "utf8");
    } catch (e) {
      throw new UsageError(`--probe-file ${probeFile}: cannot read: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
    probes.push(...parseProbeFile(text, probeFile));
  }
  return probes;
}

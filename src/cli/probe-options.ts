// The probes of `--probe` and `--probe-file` and the `--allow-config` keys, shared by verify and convert --verify.
import { UsageError } from "../errors.js";
import { checkAllowKey, parseProbe, parseProbeFile, type Probe } from "../verify/index.js";
import type { RunFiles } from "./files.js";
import { escapeControls } from "./terminal.js";

/** The probes of `--probe` and `--probe-file` (shared by verify and convert --verify). */
export function probesFrom(specs: readonly string[], probeFile: string | undefined, files: RunFiles): Probe[] {
  const probes: Probe[] = specs.map((p) => parseProbe(p));
  if (probeFile) {
    const shown = escapeControls(probeFile);
    probes.push(...parseProbeFile(files.readText(files.resolve(probeFile), `--probe-file ${shown}`), shown));
  }
  return probes;
}

/** `--allow-config` keys (shared by verify and convert --verify). */
export function checkAllowConfig(keys: readonly string[]): void {
  for (const k of keys) {
    const bad = checkAllowKey(k);
    if (bad) throw new UsageError(`--allow-config: ${escapeControls(bad)}`);
  }
}

// The probes of `--probe` and `--probe-file` and the `--allow-config` keys, shared by verify and convert --verify.
import { UsageError } from "../errors.js";
import { checkAllowKey, parseProbe, parseProbeFile, type Probe } from "../verify/index.js";
import type { ConvertOptions, ConvertResult } from "../convert/types.js";
import type { ConvertAndVerifyRequest } from "../convert-verify/index.js";
import type { InputFile, RunFiles } from "./files.js";
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

/** What `convert --verify` takes from the command line for each verification, with or without the search. */
export interface VerifyCliOptions {
  probe: string[];
  probeFile?: string;
  allowConfig: string[];
  network?: string;
  builder?: string;
}

/**
 * The request convertAndVerify and convertAndSearch share: the input, the first conversion, the probes (http ones
 * need host networking) and the engine options.
 */
export function verifyRequestFrom(
  first: Extract<ConvertResult, { status: "converted" }>,
  input: InputFile,
  context: string,
  convertOpts: ConvertOptions,
  opts: VerifyCliOptions,
  files: RunFiles,
): ConvertAndVerifyRequest {
  const probes = probesFrom(opts.probe, opts.probeFile, files);
  if (probes.some((p) => p.kind === "http") && opts.network !== "host")
    throw new UsageError("http probes connect to 127.0.0.1:PORT, so the containers need --network host");
  return {
    dockerfile: { text: input.text, name: input.name, ...(input.path ? { path: input.path } : {}) },
    context,
    convert: convertOpts,
    converted: first,
    probes,
    allowConfig: opts.allowConfig,
    ...(opts.network ? { network: opts.network } : {}),
    ...(opts.builder ? { builder: opts.builder } : {}),
  };
}

// Convert, verify on the engine, and retry once: the library behind `slimstage convert --verify`. Builds the
// original and the converted Dockerfile, runs the same probes on both, and when the only failures are runtime
// libraries the package knowledge can name (a library the full base image provided without the Dockerfile
// naming it), converts again with those packages in the final stage and verifies once more.
import { convertDockerfile, type ConvertOptions, type ConvertResult } from "../convert/index.js";
import type { Engine } from "../engine/index.js";
import { packageForSoname } from "../knowledge/index.js";
import { parseDockerfile } from "../syntax/index.js";
import { verifyImages, type InspectedImage, type Probe, type VerifyOptions, type VerifyReport } from "../verify/index.js";

export interface ConvertAndVerifyRequest {
  /** The single-stage Dockerfile: its text, the name for messages, and its path when it is a file. */
  dockerfile: { text: string; name: string; path?: string };
  /** The build context directory of both builds. */
  context: string;
  convert?: ConvertOptions;
  probes?: readonly Probe[];
  allowConfig?: readonly string[];
  network?: string;
  builder?: string;
  /** A conversion of `dockerfile` already made with `convert` (saves converting again). */
  converted?: ConvertResult;
  /** Called before the second conversion with the runtime packages it adds. */
  onRetry?: (packages: string[]) => void;
  onEvent?: VerifyOptions["onEvent"];
  signal?: AbortSignal;
  /** Rewrites each conversion's Dockerfile before it is verified (the search's variants); the result carries the rewritten text. */
  rewrite?: (dockerfile: string) => string;
  /** Image inspections shared with other calls (the search verifies several candidates against one original). */
  cache?: Map<string, InspectedImage>;
}

export interface ConvertAndVerifyResult {
  /** The last conversion (the retry's when there was one). */
  result: ConvertResult;
  /** The last verification made; absent when the first conversion did not produce a Dockerfile. */
  report?: VerifyReport;
  /** Runtime packages the retry added (empty when there was no retry). */
  added: string[];
}

/**
 * Labels the Dockerfile sets are kept verbatim by the conversion; any other label difference comes from the base
 * images (a slim image is labelled differently from its full counterpart) and is not a behaviour change.
 */
export function baseLabelsAllowed(report: VerifyReport, ownLabels: ReadonlySet<string>): VerifyReport {
  const findings = report.findings.map((f) =>
    f.kind === "config" && f.subject.startsWith("LABEL.") && !ownLabels.has(f.subject.slice(6)) && f.severity === "error"
      ? { ...f, severity: "info" as const, message: `${f.message} (a label of the base image, not of this Dockerfile)`, fix: undefined }
      : f,
  );
  return { ...report, findings, verdict: findings.some((f) => f.severity === "error") ? "fail" : "pass" };
}

/** The packages to add when every failure is a missing library the knowledge can name; undefined otherwise. */
export function packagesForMissingLibraries(report: VerifyReport): string[] | undefined {
  const missing = report.findings.filter((f) => f.severity === "error" && f.kind === "missing-library").map((f) => packageForSoname(f.subject));
  if (missing.length === 0 || !missing.every((p): p is string => p !== undefined)) return undefined;
  return [...new Set(missing)];
}

export async function convertAndVerify(engine: Engine, req: ConvertAndVerifyRequest): Promise<ConvertAndVerifyResult> {
  const { dockerfile } = req;
  const convertOpts = req.convert ?? {};
  // the caller read (and capped) this text already: parse it again whatever its size
  const parse = () => parseDockerfile(dockerfile.text, { file: dockerfile.name, maxLength: Math.max(dockerfile.text.length, 1) });
  const rewritten = (r: ConvertResult): ConvertResult => (r.status === "converted" && req.rewrite ? { ...r, dockerfile: req.rewrite(r.dockerfile) } : r);
  const first = rewritten(req.converted ?? (await convertDockerfile(parse(), convertOpts)));
  if (first.status !== "converted") return { result: first, added: [] };

  const original = dockerfile.path ? { path: dockerfile.path } : { text: dockerfile.text };
  const cache = req.cache ?? new Map<string, InspectedImage>();
  const ownLabels = new Set(Object.keys(first.analysis.stages[first.analysis.final]?.runtime.labels ?? {}));
  const verify = async (text: string) =>
    baseLabelsAllowed(
      await verifyImages(engine, {
        original,
        candidate: { text, ...(dockerfile.path ? { path: dockerfile.path } : {}) },
        context: req.context,
        ...(req.probes ? { probes: req.probes } : {}),
        allowConfig: req.allowConfig ?? [],
        buildArgs: convertOpts.buildArgs ?? {},
        ...(req.network ? { network: req.network } : {}),
        ...(req.builder ? { builder: req.builder } : {}),
        ...(req.onEvent ? { onEvent: req.onEvent } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        cache,
      }),
      ownLabels,
    );

  const report = await verify(first.dockerfile);
  if (report.verdict === "pass") return { result: first, report, added: [] };
  const added = packagesForMissingLibraries(report);
  if (!added) return { result: first, report, added: [] };
  req.onRetry?.(added);
  const result = rewritten(await convertDockerfile(parse(), { ...convertOpts, extraRuntimePackages: [...(convertOpts.extraRuntimePackages ?? []), ...added] }));
  // a retry that does not convert (not expected: only packages were added) keeps the first, failed verification
  return { result, report: result.status === "converted" ? await verify(result.dockerfile) : report, added };
}

// Convert, verify on the engine, and repair what verification finds: the library behind `slimstage convert
// --verify`. Builds the original and the converted Dockerfile, runs the same probes on both, and while the
// candidate fails, maps the findings to repairs (a missing library or command → its package, a file the build made
// or made executable → taken from the builder, a missing Python or Node module → kept), within a budget of
// attempts and time, recording each repair with the finding that caused it.
import { convertDockerfile, type ConvertOptions, type ConvertResult } from "../convert/index.js";
import type { Engine } from "../engine/index.js";
import { packageForSoname } from "../knowledge/index.js";
import { parseDockerfile } from "../syntax/index.js";
import { verifyImages, type InspectedImage, type Probe, type VerifyOptions, type VerifyReport } from "../verify/index.js";
import { gatherFacts } from "./lookups.js";
import { DEFAULT_REPAIR_BUDGET, notConverted, packagesOf, repairLoop, type AppliedRepair, type ConvertAndVerifyResult, type RepairBudget } from "./loop.js";
import { applyRewrites } from "./repairs.js";
export {
  DEFAULT_REPAIR_BUDGET,
  repairLoop,
  type AppliedRepair,
  type ConvertAndVerifyResult,
  type RepairBudget,
  type RepairLoopSteps,
  type RepairStop,
  type VerifyAttempt,
} from "./loop.js";
export {
  applyRewrites,
  findNeeds,
  needFromLine,
  planRepairs,
  type Need,
  type Repair,
  type RepairAction,
  type RepairFacts,
  type RepairKind,
  type Unrepaired,
} from "./repairs.js";

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
  /** Package knowledge for the verdict (default: the project's); lets a caller name what its runtime base ships. */
  knowledge?: VerifyOptions["knowledge"];
  /** Inspections by image id, shared between calls (the search verifies several candidates against one original). */
  inspections?: Map<string, InspectedImage>;
  /** The budget of the repairs driven by findings (repairs.ts). */
  repairs?: RepairBudget;
  /**
   * Rewrites every converted Dockerfile before it is verified (and before repairs are applied to it): a variant of
   * the plan, or, in tests, a candidate broken on purpose so that a repair has something to find.
   */
  rewrite?: (dockerfile: string) => string;
  /** Called before a retry with the runtime packages its repairs add (none: not called). */
  onRetry?: (packages: string[]) => void;
  /** Called for every repair, before the verification it leads to. */
  onRepair?: (repair: AppliedRepair) => void;
  onEvent?: VerifyOptions["onEvent"];
  signal?: AbortSignal;
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

/** The packages to add when every failure is a missing library the knowledge names; undefined otherwise. */
export function packagesForMissingLibraries(report: VerifyReport): string[] | undefined {
  const missing = report.findings.filter((f) => f.severity === "error" && f.kind === "missing-library").map((f) => packageForSoname(f.subject));
  if (missing.length === 0 || !missing.every((p): p is string => p !== undefined)) return undefined;
  return [...new Set(missing)];
}

/**
 * Converts, verifies, and while verification fails and the budget lasts, maps the findings to repairs
 * (repairs.ts), looks up what they need in the images (lookups.ts), applies them (runtime packages as converter
 * options, the rest as rewrites of the generated Dockerfile) and verifies again. Stops at the first verification
 * that passes, when a failure no repair addresses remains, when nothing new can be repaired, or when the budget is
 * spent. The caller writes nothing unless the last report passes.
 */
export async function convertAndVerify(engine: Engine, req: ConvertAndVerifyRequest): Promise<ConvertAndVerifyResult> {
  const started = performance.now();
  const { dockerfile } = req;
  const convertOpts = req.convert ?? {};
  const budget = { ...DEFAULT_REPAIR_BUDGET, ...req.repairs };
  // the caller read (and capped) this text already: parse it again whatever its size
  const parse = () => parseDockerfile(dockerfile.text, { file: dockerfile.name, maxLength: Math.max(dockerfile.text.length, 1) });
  const first = req.converted ?? (await convertDockerfile(parse(), convertOpts));
  if (first.status !== "converted") return notConverted(first, budget, started);

  const original = dockerfile.path ? { path: dockerfile.path } : { text: dockerfile.text };
  const cache = req.inspections ?? new Map<string, InspectedImage>();
  const ownLabels = new Set(Object.keys(first.analysis.stages[first.analysis.final]?.runtime.labels ?? {}));
  const common = {
    context: req.context,
    buildArgs: convertOpts.buildArgs ?? {},
    ...(req.network ? { network: req.network } : {}),
    ...(req.builder ? { builder: req.builder } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  };
  const verify = async (text: string) =>
    baseLabelsAllowed(
      await verifyImages(engine, {
        ...common,
        original,
        candidate: { text, ...(dockerfile.path ? { path: dockerfile.path } : {}) },
        ...(req.probes ? { probes: req.probes } : {}),
        allowConfig: req.allowConfig ?? [],
        ...(req.knowledge ? { knowledge: req.knowledge } : {}),
        ...(req.onEvent ? { onEvent: req.onEvent } : {}),
        cache,
      }),
      ownLabels,
    );
  // the candidate: the conversion (again, with the packages repairs added), the caller's rewrite, the repairs' rewrites
  const candidate = async (repairs: readonly AppliedRepair[]): Promise<ConvertResult> => {
    const packages = packagesOf(repairs);
    const conv = packages.length
      ? await convertDockerfile(parse(), { ...convertOpts, extraRuntimePackages: [...new Set([...(convertOpts.extraRuntimePackages ?? []), ...packages])] })
      : first;
    if (conv.status !== "converted") return conv;
    const text = applyRewrites(req.rewrite ? req.rewrite(conv.dockerfile) : conv.dockerfile, repairs, conv.plan.builderName);
    const notes = repairs.map((r) => ({ kind: "note" as const, lines: [], message: `verification repair (${r.kind}): ${r.change} — ${r.evidence}` }));
    return { ...conv, dockerfile: text, decisions: [...conv.decisions, ...notes] };
  };

  return repairLoop(
    {
      candidate,
      verify,
      facts: (needs, failed, report) =>
        gatherFacts(needs, {
          engine,
          original: report.original.imageId as string,
          builder: async () => {
            try {
              return (await engine.build({ ...common, dockerfile: { text: failed.dockerfile }, target: failed.plan.builderName })).imageId;
            } catch {
              return undefined;
            }
          },
          packageForSoname: (s) => report.candidate.facts?.missingLibraries.find((m) => m.soname === s)?.package ?? packageForSoname(s),
          workdir: report.candidate.config?.workingDir || "/",
          ...(req.network ? { network: req.network } : {}),
          ...(req.signal ? { signal: req.signal } : {}),
        }),
      onRepairs: (fresh) => {
        for (const r of fresh) req.onRepair?.(r);
        const added = packagesOf(fresh);
        if (added.length) req.onRetry?.(added);
      },
    },
    budget,
  );
}

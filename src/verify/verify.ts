// verifyImages: build the original and the candidate (one builder, so the cache is shared), inspect both, run the
// same probes on each, compare the configs, and judge. The one place of the verify module that drives the engine;
// everything it decides is in the pure modules next to it.
import { EngineError, type BuildResult, type DockerfileSource, type Engine, type FrontendMode, type ImageConfig, type ProgressEvent } from "../engine/index.js";
import { inspectArchive, type ImageReport, type InstalledPackage } from "../image/index.js";
import { compareObservations, type ProbeComparison } from "./compare.js";
import { compareConfig, type ConfigDifference } from "./config.js";
import { imageFacts, type ImageFacts } from "./facts.js";
import { defaultKnowledge, type PackageKnowledge } from "./knowledge.js";
import type { Probe } from "./probes.js";
import { runProbe, type ProbeRunOptions } from "./run-probes.js";
import { judge, type Finding } from "./verdict.js";

export type Side = "original" | "candidate";

export type VerifyEvent = { type: "phase"; side?: Side; text: string } | { type: "build"; side: Side; event: ProgressEvent };

export interface VerifyOptions extends Omit<ProbeRunOptions, "signal"> {
  original: DockerfileSource;
  candidate: DockerfileSource;
  /** Build context of both (the candidate may have its own). */
  context: string;
  candidateContext?: string;
  /** Probes run on both images. Default: the default command, plus `healthcheck` when either image has one. */
  probes?: readonly Probe[];
  /** Config keys allowed to differ: `CMD`, `ENV`, `ENV.PATH`, `LABEL.version`… */
  allowConfig?: readonly string[];
  buildArgs?: Readonly<Record<string, string>>;
  /** Target stage of the original / candidate build (default: the last stage). */
  originalTarget?: string;
  candidateTarget?: string;
  platform?: string;
  builder?: string;
  frontend?: FrontendMode;
  noCache?: boolean;
  knowledge?: PackageKnowledge;
  onEvent?: (e: VerifyEvent) => void;
  signal?: AbortSignal;
  /** Inspections by image id, shared between calls (an unchanged original is read once). */
  cache?: Map<string, InspectedImage>;
}

export interface InspectedImage {
  imageId: string;
  report: ImageReport;
  config: ImageConfig;
  facts: ImageFacts;
}

export interface SideReport {
  dockerfile: string;
  imageId?: string;
  build?: { durationMs: number; totalSteps: number; cachedSteps: number; frontendNotice?: string };
  /** Docker's image size (sum of layer sizes). */
  sizeBytes?: number;
  /** Layer blob bytes as stored (compressed only where layers are gzip). */
  blobBytes?: number;
  layers?: number;
  packages?: number;
  facts?: ImageFacts;
  config?: ImageConfig;
  error?: string;
}

export interface VerifyReport {
  verdict: "pass" | "fail";
  original: SideReport;
  candidate: SideReport;
  sizes?: { original: number; candidate: number; savedBytes: number; /** candidate / original */ ratio: number };
  packages?: { removed: string[]; added: string[] };
  probes: ProbeComparison[];
  config: ConfigDifference[];
  findings: Finding[];
  durationMs: number;
}

function sourceName(s: DockerfileSource): string {
  return "path" in s && s.path ? s.path : "text" in s && s.path ? s.path : "<stdin>";
}

/** Reads one image: the archive through `docker save`, the typed config through `docker image inspect`. */
export async function inspectImage(engine: Engine, imageId: string, knowledge: PackageKnowledge, signal?: AbortSignal): Promise<InspectedImage> {
  const [res, info] = await Promise.all([
    inspectArchive(engine.save(imageId, signal ? { signal } : {})),
    engine.inspectImage(imageId, signal ? { signal } : {}),
  ]);
  return { imageId, report: res.report, config: info.config, facts: imageFacts(res.report, res.tree, knowledge) };
}

function packageNames(ps: readonly InstalledPackage[]): Set<string> {
  return new Set(ps.map((p) => p.name));
}

/** The default probe list for two images. */
export function defaultProbes(a: ImageConfig, b: ImageConfig): Probe[] {
  const probes: Probe[] = [{ kind: "default", spec: "default" }];
  const hc = (c: ImageConfig) => Boolean(c.healthcheck?.test.length && c.healthcheck.test[0] !== "NONE");
  if (hc(a) || hc(b)) probes.push({ kind: "healthcheck", spec: "healthcheck" });
  return probes;
}

export async function verifyImages(engine: Engine, opts: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const knowledge = opts.knowledge ?? defaultKnowledge;
  const emit = (e: VerifyEvent) => opts.onEvent?.(e);
  const sides: Record<Side, SideReport> = {
    original: { dockerfile: sourceName(opts.original) },
    candidate: { dockerfile: sourceName(opts.candidate) },
  };
  const done = (findings: Finding[]): VerifyReport => ({
    verdict: findings.some((f) => f.severity === "error") ? "fail" : "pass",
    original: sides.original,
    candidate: sides.candidate,
    probes: [],
    config: [],
    findings,
    durationMs: Math.round(performance.now() - started),
  });

  const builds: Partial<Record<Side, BuildResult>> = {};
  for (const side of ["original", "candidate"] as const) {
    const source = side === "original" ? opts.original : opts.candidate;
    const target = side === "original" ? opts.originalTarget : opts.candidateTarget;
    emit({ type: "phase", side, text: `building the ${side} (${sides[side].dockerfile})` });
    try {
      const r = await engine.build({
        context: side === "candidate" ? (opts.candidateContext ?? opts.context) : opts.context,
        dockerfile: source,
        ...(target ? { target } : {}),
        ...(opts.buildArgs ? { buildArgs: opts.buildArgs } : {}),
        ...(opts.platform ? { platform: opts.platform } : {}),
        ...(opts.network ? { network: opts.network } : {}),
        ...(opts.builder ? { builder: opts.builder } : {}),
        ...(opts.frontend ? { frontend: opts.frontend } : {}),
        ...(opts.noCache ? { noCache: true } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: (event) => emit({ type: "build", side, event }),
      });
      builds[side] = r;
      sides[side].imageId = r.imageId;
      sides[side].build = {
        durationMs: Math.round(r.durationMs),
        totalSteps: r.totalSteps,
        cachedSteps: r.cachedSteps,
        ...(r.frontend.notice ? { frontendNotice: r.frontend.notice } : {}),
      };
    } catch (e) {
      if (!(e instanceof EngineError) || (e.kind !== "build" && e.kind !== "exit")) throw e;
      sides[side].error = e.describe();
      return done([
        {
          severity: "error",
          kind: "build",
          subject: side,
          message: `the ${side} does not build: ${e.message}`,
          fix:
            side === "candidate"
              ? "fix the candidate's build (the failing step and its output are shown)"
              : "the original must build before it can be compared",
        },
      ]);
    }
  }

  const inspected = {} as Record<Side, InspectedImage>;
  for (const side of ["original", "candidate"] as const) {
    const id = sides[side].imageId as string;
    emit({ type: "phase", side, text: `inspecting the ${side} (${id.slice(0, 19)})` });
    let got = opts.cache?.get(id);
    if (!got) {
      got = await inspectImage(engine, id, knowledge, opts.signal);
      opts.cache?.set(id, got);
    }
    inspected[side] = got;
    Object.assign(sides[side], {
      sizeBytes: got.report.sizeBytes,
      blobBytes: got.report.blobBytes,
      layers: got.report.layers.length,
      packages: got.report.packages.length,
      facts: got.facts,
      config: got.config,
    });
  }
  const a = inspected.original;
  const b = inspected.candidate;

  const probes = opts.probes?.length ? [...opts.probes] : defaultProbes(a.config, b.config);
  const runOpts: ProbeRunOptions = {
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.network ? { network: opts.network } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.defaultRunMs ? { defaultRunMs: opts.defaultRunMs } : {}),
    ...(opts.healthTimeoutMs ? { healthTimeoutMs: opts.healthTimeoutMs } : {}),
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    labels: { "org.slimstage.verify": "probe", ...(opts.labels ?? {}) },
  };
  const comparisons: ProbeComparison[] = [];
  for (const probe of probes) {
    emit({ type: "phase", text: `probe ${probe.spec}` });
    const oa = await runProbe(engine, a.imageId, a.config, probe, runOpts);
    const ob = await runProbe(engine, b.imageId, b.config, probe, runOpts);
    comparisons.push(compareObservations(probe, oa, ob));
  }

  const config = compareConfig(a.config, b.config, opts.allowConfig ?? []);
  const release = b.report.osRelease?.VERSION_CODENAME;
  const family = b.facts.family;
  const { verdict, findings } = judge({
    originalFacts: a.facts,
    candidateFacts: b.facts,
    originalSize: a.report.sizeBytes,
    candidateSize: b.report.sizeBytes,
    probes: comparisons,
    config,
    packageForSoname: (s) => (family === "other" ? undefined : knowledge.packageForSoname(s, { family, ...(release ? { release } : {}) })),
  });
  const pa = packageNames(a.report.packages);
  const pb = packageNames(b.report.packages);
  return {
    verdict,
    original: sides.original,
    candidate: sides.candidate,
    sizes: {
      original: a.report.sizeBytes,
      candidate: b.report.sizeBytes,
      savedBytes: a.report.sizeBytes - b.report.sizeBytes,
      ratio: a.report.sizeBytes > 0 ? b.report.sizeBytes / a.report.sizeBytes : 1,
    },
    packages: { removed: [...pa].filter((n) => !pb.has(n)).sort(), added: [...pb].filter((n) => !pa.has(n)).sort() },
    probes: comparisons,
    config,
    findings,
    durationMs: Math.round(performance.now() - started),
  };
}

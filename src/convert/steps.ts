// What each instruction of a single-stage Dockerfile is for: building (builder stage only), running (final stage
// only), or both — decided from the analysis facts of RUN steps and the kind of every other instruction.
import { configuresTool } from "../analyze/analyze.js";
import type { RunAnalysis, StageAnalysis } from "../analyze/dockerfile.js";
import type { Fact, PackageManager } from "../analyze/facts.js";
import type { Step } from "../model/stages.js";
import type { ShellCommand } from "../shell/script.js";
import { BUILD_FACT_KINDS } from "./ecosystems/index.js";

type Role =
  /** Only the build needs it (dependency installs, compilation). */
  | "build"
  /** Only the running image needs it (CMD, EXPOSE, LABEL, …). */
  | "runtime"
  /** Both stages need it (WORKDIR, ENV, ARG, SHELL, USER before build steps, runtime RUNs before build steps). */
  | "both";

interface PackageInstall {
  manager: PackageManager;
  /** Packages installed by this RUN that are not build-only (kept in the final stage). */
  keep: string[];
  /** Build-only packages installed by this RUN (left in the builder). */
  buildOnly: string[];
  /** Runtime libraries the build-only ones imply. */
  implied: string[];
  upgrade: boolean;
}

export interface StepPlan {
  index: number;
  step: Step;
  role: Role;
  line: number;
  /** For RUN steps. */
  run?: RunAnalysis;
  /** For RUN steps that install system packages. */
  install?: PackageInstall;
  /** Runtime commands inside a build RUN (user creation…) to replay in the final stage. */
  replay?: ShellCommand[];
  /** The RUN builds something (language dependencies, compilation). */
  builds: boolean;
  /** The RUN only installs/updates/cleans system packages. */
  packagesOnly: boolean;
  /** Commands no recogniser knew (housekeeping excluded). */
  unknown: ShellCommand[];
  /** The RUN removes its own build dependencies (apt-mark / purge --auto-remove / apk del): already lean. */
  selfCleaning: boolean;
  /** Package names computed at build time (`$runDeps`), which a final stage cannot know. */
  computedPackages: string[];
  /** Replayed commands that cannot be replayed safely (in a branch, after `||`, in a pipeline). */
  unsafeReplay: ShellCommand[];
}

// the fact kinds the ecosystem strategies build with (ecosystems/index.ts)
const buildKinds = BUILD_FACT_KINDS;
const runtimeOnlyKinds = new Set(["CMD", "ENTRYPOINT", "EXPOSE", "HEALTHCHECK", "LABEL", "VOLUME", "STOPSIGNAL", "MAINTAINER"]);

/** Classifies every step; the role of runtime-ish steps depends on whether a build step comes after them. */
export function planSteps(stage: StageAnalysis, steps: Step[]): StepPlan[] {
  const runs = new Map(stage.runs.map((r) => [r.step, r]));
  const plans: StepPlan[] = steps.map((step, index) => {
    const ins = step.instruction;
    const line = ins.range.start.line;
    if (ins.kind !== "RUN") {
      const role: Role = runtimeOnlyKinds.has(ins.kind) ? "runtime" : ins.kind === "COPY" || ins.kind === "ADD" || ins.kind === "USER" ? "runtime" : "both";
      return { index, step, role, line, builds: false, packagesOnly: false, unknown: [], selfCleaning: false, computedPackages: [], unsafeReplay: [] };
    }
    const run = runs.get(index) as RunAnalysis;
    const facts = run.facts.map((f) => f.value);
    const commands = run.scripts.flatMap((s) => s.commands);
    const builds = facts.some((f) => buildKinds.has(f.kind) || f.kind === "download" || f.kind === "unpack");
    const pkgFacts = facts.filter((f): f is Extract<Fact, { kind: "system-packages" }> => f.kind === "system-packages");
    const install = packageInstall(pkgFacts, stage);
    const otherFacts = facts.filter((f) => f.kind !== "system-packages" && f.kind !== "cache-cleanup");
    const unknown = run.unrecognized.map((u) => u.value);
    const packagesOnly = pkgFacts.length > 0 && otherFacts.length === 0 && unknown.length === 0;
    const installs = pkgFacts.filter((f) => f.op === "install");
    const selfCleaning =
      installs.length > 0 &&
      (pkgFacts.some(
        (f) =>
          f.op === "autoremove" ||
          ((f.op === "purge" || f.op === "remove") &&
            (f.packages.length === 0 || installs.some((i) => i.virtual && f.packages.some((p) => p.name === i.virtual)))),
      ) ||
        commands.some((c) => c.name === "apt-mark"));
    const computedPackages = installs.flatMap((f) => f.packages.filter((p) => p.dynamic).map((p) => p.raw));
    let role: Role;
    let replay: ShellCommand[] | undefined;
    const factCommands = (kinds: Array<Fact["kind"]>) => new Set(run.facts.filter((f) => kinds.includes(f.value.kind)).map((f) => f.value.command));
    if (builds || (packagesOnly && install)) {
      role = "build";
      // users and groups created in a build RUN still have to exist in the final image
      const users = factCommands(["user"]);
      if (users.size) replay = commands.filter((_c, i) => users.has(i));
    } else if (pkgFacts.length > 0) {
      // packages plus users and file operations: packages split, the rest replayed
      role = "build";
      const keep = factCommands(["user", "file-op"]);
      replay = commands.filter((_c, i) => keep.has(i));
    } else if (commands.some((c) => configuresTool(c.argv)) && unknown.length === 0) {
      // settings of a build tool (poetry config …): only the builder runs that tool
      role = "build";
    } else {
      role = "runtime";
    }
    const unsafeReplay = (replay ?? []).filter((c) => c.context.length > 0 || c.connector === "||" || c.pipeline !== undefined || c.conditional);
    return { index, step, role, line, run, install, replay, builds, packagesOnly, unknown, selfCleaning, computedPackages, unsafeReplay };
  });
  // a runtime step followed by build steps is needed by the builder too (a user, a directory, a file…)
  const lastBuild = lastBuildIndex(plans);
  for (const p of plans) {
    if (
      p.role === "runtime" &&
      p.index < lastBuild &&
      (p.step.instruction.kind === "RUN" || p.step.instruction.kind === "USER" || p.step.instruction.kind === "COPY" || p.step.instruction.kind === "ADD")
    )
      p.role = "both";
  }
  return plans;
}

export function lastBuildIndex(plans: StepPlan[]): number {
  let last = -1;
  for (const p of plans) if (p.role === "build") last = p.index;
  return last;
}

// Runtime libraries every image of the family has (dependencies of dpkg and apt, of apk): a -dev package implying
// one of them (libc6-dev → libc6) gives the final stage nothing to install.
const IN_EVERY_BASE: Readonly<Record<string, ReadonlySet<string>>> = {
  apt: new Set(["libc6", "libgcc-s1", "libcrypt1", "zlib1g", "libstdc++6"]),
  apk: new Set(["musl"]),
};

function packageInstall(facts: Extract<Fact, { kind: "system-packages" }>[], stage: StageAnalysis): PackageInstall | undefined {
  const installs = facts.filter((f) => f.op === "install");
  const upgrade = facts.some((f) => f.op === "upgrade");
  if (installs.length === 0 && !upgrade) return undefined;
  const manager = (installs[0] ?? facts[0])?.manager ?? "apt";
  const present = new Map(stage.packages.map((p) => [p.name, p]));
  const keep: string[] = [];
  const buildOnly: string[] = [];
  const implied: string[] = [];
  for (const f of installs) {
    // a variable holding several names (`$PHPIZE_DEPS` resolved from ENV) arrives as one spec with spaces
    for (const spec of f.packages.flatMap((p) =>
      /\s/.test(p.name) && !p.dynamic
        ? p.name
            .split(/\s+/)
            .filter(Boolean)
            .map((n) => ({ ...p, name: n, raw: n }))
        : [p],
    )) {
      if (spec.dynamic) continue;
      const name = spec.name.replace(/:[a-z0-9]+$/, "").toLowerCase();
      const state = present.get(name);
      if (state?.class === "build-only") {
        buildOnly.push(name);
        implied.push(...state.runtimeLibraries);
      } else if (state) {
        keep.push(spec.raw);
      }
    }
  }
  const everywhere = IN_EVERY_BASE[manager];
  return { manager, keep: unique(keep), buildOnly: unique(buildOnly), implied: unique(implied).filter((l) => !everywhere?.has(l)), upgrade };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

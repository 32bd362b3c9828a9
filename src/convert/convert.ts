// Single-stage → multi-stage conversion. The stage that produces the image is split in two: a builder that runs
// the original build steps (plus what the ecosystem needs, e.g. a virtualenv), and a final stage on the runtime
// counterpart of the same base that gets only the runtime packages, the artifacts (COPY --from) and the original
// runtime configuration, in the original order. Anything slimstage cannot know is declined with the line and a
// reason instead of guessed.
//
// The conversion runs in named phases, each a function below: check convertible → plan steps → plan the
// ecosystem's artifacts → choose bases → decide packages → lay out the stages. Each phase adds decisions, may
// decline (or find nothing to gain) and hands its results to the next; the ConvertPlan is complete before any text
// is written, and writer.ts renders the file from it alone.
import { checkConvertInput } from "../validate.js";
import { analyzeDockerfileSync, type DockerfileAnalysis, isCachePath, type StageAnalysis } from "../analyze/dockerfile.js";
import { posix } from "node:path";
import { joinPath } from "../model/stages.js";
import { baseImageInfo, imageWorkdir, registryPrefix } from "../knowledge/index.js";
import type { Stage, Step } from "../model/stages.js";
import { loadShellParser } from "../shell/script.js";
import type { DockerfileTree } from "../syntax/types.js";
import {
  detectEcosystem,
  type EcosystemInput,
  type EcosystemPlan,
  type EcosystemStrategy,
  entryProgram,
  isAppInterpreter,
  ownerOf,
  strategyOf,
} from "./ecosystems/index.js";
import { archivedRelease, chooseFinalBase, followBase, followedText, releaseWords, varRefs } from "./final-base.js";
import { installLines } from "./packages.js";
import { type StartNeeds, startNeeds, traceStart } from "./start-programs.js";
import { nativeRuntimeLibraries } from "./native-deps.js";
import { buildOnDecline } from "./build-on.js";
import { type AppRoot, appRoots, interpretedEcosystem, planAppFiles, tiedToApp } from "./app-files.js";
import { rebaseToolchainStage } from "./rebase.js";
import { chainMerged, mergeStageChain, stageChain } from "./stage-chain.js";
import { selfCleaningLean } from "./self-cleaning.js";
import { rebaseRuntimeStage } from "./multi-stage.js";
import { finalRunDeclines } from "./final-runs.js";
import { linesText } from "./text.js";
import { finalPlatform, finalPlatformMessage } from "./final-platform.js";
import { keepRemovedCopiesInBuilder } from "./removed-copies.js";
import { planSteps, lastBuildIndex, type StepPlan } from "./steps.js";
import type { ConvertOptions, ConvertPlan, ConvertResult, Decision, Decline, NothingToGainId, PlannedLine } from "./types.js";
import { renderPlan } from "./writer.js";

/** Converts a parsed Dockerfile (loads the shell parser first). */
export async function convertDockerfile(tree: DockerfileTree, opts: ConvertOptions = {}): Promise<ConvertResult> {
  await loadShellParser();
  return convertDockerfileSync(tree, opts);
}

/** What every phase reads, and the decisions and declines they add to. */
interface Conversion {
  tree: DockerfileTree;
  opts: ConvertOptions;
  analysis: DockerfileAnalysis;
  model: DockerfileAnalysis["model"];
  /** The stage that produces the image (the one split in two). */
  stage: StageAnalysis;
  modelStage: Stage;
  steps: Step[];
  fromLine: number;
  base: Stage["base"];
  /** The base names a known image behind a registry variable without a value (${REGISTRY}/python:3.11). */
  registryOnly: boolean;
  /** The final stage's FROM <stage> chain, merged (or why it cannot be): stage-chain.ts. */
  chain: ReturnType<typeof mergeStageChain>;
  decisions: Decision[];
  declines: Decline[];
}

/** A phase's early end: declined, or nothing to gain. */
type Done = { done: ConvertResult };

/** The conversion, once `loadShellParser()` has resolved. Pure. */
export function convertDockerfileSync(tree: DockerfileTree, opts: ConvertOptions = {}): ConvertResult {
  // options become FROM and RUN lines of the output: a newline or a malformed name must never reach it
  checkConvertInput(tree, opts);
  const cx = conversion(tree, opts);
  if (cx.chain?.ok) return chainMerged(convertDockerfileSync(cx.chain.tree, opts), cx.chain);
  // a chain that cannot be merged and builds something: the final stage alone would be judged without what it
  // inherits (a lean chain goes on, to "nothing to gain")
  if (cx.chain && !cx.chain.ok && chainBuilds(cx)) {
    cx.declines.push(...cx.chain.declines);
    return declined(cx);
  }
  if (!checkConvertible(cx)) return declined(cx);
  const steps = planStepsPhase(cx);
  if ("done" in steps) return steps.done;
  const artifacts = planArtifacts(cx, steps);
  if ("done" in artifacts) return artifacts.done;
  const bases = chooseBases(cx, steps, artifacts);
  if ("done" in bases) return bases.done;
  const runtimePackages = decidePackages(cx, steps, artifacts);
  const plan = layOut(cx, steps, artifacts, bases, runtimePackages);
  return { status: "converted", dockerfile: renderPlan(tree, cx.modelStage, plan), plan, decisions: cx.decisions, analysis: cx.analysis };
}

function conversion(tree: DockerfileTree, opts: ConvertOptions): Conversion {
  const analysis = analyzeDockerfileSync(tree, { buildArgs: opts.buildArgs });
  // a final stage built FROM another stage: the chain is merged into one stage, then converted (stage-chain.ts)
  const chain = mergeStageChain(tree, analysis.model, analysis.final);
  const stage = analysis.stages[analysis.final] as StageAnalysis;
  const model = analysis.model;
  const modelStage = model.stages[stage.index] as Stage;
  const base = modelStage.base;
  // a registry written as a variable without a value (${REGISTRY}/python:3.11) still names a known image
  const registryOnly =
    base.kind === "image" &&
    stage.baseInfo !== undefined &&
    base.unresolved.every((v) => varRefs(registryPrefix(modelStage.from.image)).some((r) => r.name === v));
  return {
    tree,
    opts,
    analysis,
    model,
    stage,
    modelStage,
    steps: modelStage.steps,
    fromLine: modelStage.from.range.start.line,
    base,
    registryOnly,
    chain,
    decisions: [],
    declines: [],
  };
}

/** Whether a stage of the final stage's chain builds: build-only packages (inherited too), language steps, a build image. */
function chainBuilds(cx: Conversion): boolean {
  const stages = stageChain(cx.model, cx.stage.index) ?? [];
  return (
    cx.stage.buildOnly.length > 0 ||
    stages.some((s) => {
      const a = cx.analysis.stages[s.index];
      return a !== undefined && (a.languageSteps.length > 0 || a.baseInfo?.role === "build");
    })
  );
}

function declined(cx: Conversion): ConvertResult {
  return { status: "declined", declines: cx.declines, decisions: cx.decisions, analysis: cx.analysis };
}

function lean(cx: Conversion, id: NothingToGainId): Done {
  const { stage } = cx;
  return {
    done: {
      status: "nothing-to-gain",
      decisions: cx.decisions,
      reasonIds: [id],
      reasons: [
        `the image ships no build tools and its base ${stage.baseName} is already a runtime image, so a builder stage would leave nothing behind${stage.caches.length ? `; caches it leaves (${stage.caches.join(", ")}) are better removed in the same RUN` : ""}`,
      ],
      analysis: cx.analysis,
    },
  };
}

// -- phase 1: check convertible: what cannot be converted at all -----------------------------------------------------

function checkConvertible(cx: Conversion): boolean {
  const { stage, steps, declines, fromLine, base, registryOnly } = cx;
  if (base.kind === "image" && base.unresolved.length && !registryOnly) {
    declines.push({
      lines: [fromLine],
      id: "base-arg-unset",
      reason: `line ${fromLine}: the base image depends on ${base.unresolved.map((v) => `$${v}`).join(", ")}, which has no value`,
      hint: `pass --build-arg ${base.unresolved[0]}=IMAGE`,
    });
  }
  if (base.kind === "scratch")
    declines.push({
      lines: [fromLine],
      id: "from-scratch",
      reason: `line ${fromLine}: the image is built FROM scratch: there is no build to split`,
      hint: "nothing to do",
    });
  const windows =
    stage.baseInfo?.family === "windows" ||
    (base.kind === "image" && /(^|\/)windows\/|nanoserver|servercore/i.test(base.ref)) ||
    steps.some((s) => s.instruction.kind === "SHELL" && /powershell|pwsh|cmd(\.exe)?$/i.test(s.instruction.shell[0] ?? ""));
  if (windows)
    declines.push({ lines: [fromLine], id: "windows-base", reason: `line ${fromLine}: Windows base images are not supported`, hint: "convert by hand" });
  return declines.length === 0;
}

// -- phase 2: plan steps: what each step is for, whether a split would remove anything, what cannot be split safely --

interface StepsPlan {
  plans: StepPlan[];
  /** The base is a build image (python:3.11, golang …). */
  heavy: boolean;
  installedBuildOnly: string[];
  start: StartNeeds;
  roots: AppRoot[];
}

function planStepsPhase(cx: Conversion): StepsPlan | Done {
  const { tree, analysis, opts, stage, steps, decisions, declines, model, fromLine, base } = cx;
  const plans = planSteps(stage, steps);
  // already multi-stage, the final stage only runs a Go program built earlier: only its base moves (rebase.ts)
  const rebased = rebaseToolchainStage({
    tree,
    analysis,
    stage,
    steps,
    plans,
    chooseBase: (cgo, shell) => opts.runtimeBase ?? chooseFinalBase(stage.baseInfo, stage.baseName, { cgo }, shell),
  });
  if (rebased) {
    decisions.push(...rebased.decisions);
    const plan: ConvertPlan = {
      ecosystem: "go",
      builderBase: stage.baseName,
      builderName: rebased.source,
      finalBase: rebased.finalBase,
      artifacts: [],
      runtimePackages: [],
      removedPackages: [],
    };
    return { done: { status: "converted", dockerfile: rebased.dockerfile, plan, decisions, analysis } };
  }
  // already multi-stage, the final stage runs what earlier stages built on a full Python/Node/Rust/C/JDK image (multi-stage.ts)
  const restaged = rebaseRuntimeStage({ tree, analysis, stage, steps, plans, context: opts.context, runtimeBase: opts.runtimeBase });
  if (restaged) return { done: { ...restaged, analysis } };
  // a COPY a builder-only RUN removes again stays out of the final stage (removed-copies.ts)
  decisions.push(...keepRemovedCopiesInBuilder(plans));
  const heavy = stage.baseInfo?.role === "build";
  const installedBuildOnly = plans.flatMap((p) => p.install?.buildOnly ?? []);
  const hasBuildSteps = plans.some((p) => p.builds);
  // a RUN whose shell does not parse (or nests deeper than the analysis follows) is not known to be lean either
  const unreadable = plans.find((p) => p.run?.diagnostics.length);
  if (!heavy && installedBuildOnly.length === 0 && !hasBuildSteps && !unreadable) return lean(cx, "nothing-built");
  // every build RUN installs and removes its own build dependencies on a non-toolchain base (self-cleaning.ts)
  const selfCleaned = selfCleaningLean(plans, heavy, stage.baseName);
  if (selfCleaned) return { done: { status: "nothing-to-gain", decisions, reasons: [selfCleaned.reason], reasonIds: [selfCleaned.id], analysis } };

  // what cannot be converted safely
  if (base.kind === "image" && base.ref.includes("@") && !opts.runtimeBase) {
    declines.push({
      lines: [fromLine],
      id: "base-pinned-by-digest",
      reason: `line ${fromLine}: the base is pinned by digest, and its runtime counterpart would not be`,
      hint: "pass --runtime-base with a runtime image pinned the same way",
    });
  }
  for (const s of steps) {
    if (s.instruction.kind === "ONBUILD") {
      const line = s.instruction.range.start.line;
      declines.push({
        lines: [line],
        id: "onbuild",
        reason: `line ${line}: ONBUILD triggers run in images built FROM this one, which slimstage cannot see`,
        hint: "convert the images that use this one instead",
      });
    }
  }
  // what the container runs when it starts, followed through scripts and package scripts (start-programs.ts)
  const start = startNeeds(traceStart(steps, stage, opts.context), stage);
  declines.push(...start.declines);
  // RUNs the final stage runs again must not need a build-only package (final-runs.ts)
  declines.push(...finalRunDeclines(plans));
  if (cx.chain && !cx.chain.ok) declines.push(...cx.chain.declines);
  // a chain that starts FROM scratch (mergeStageChain leaves it to these rules)
  else if (model.stages.length > 1 && base.kind === "stage") {
    declines.push({
      lines: [fromLine],
      id: "final-stage-from-stage",
      reason: `line ${fromLine}: the final stage builds on stage ${base.name}; optimising such chains is not supported yet`,
      hint: "convert the single-stage parts by hand",
    });
  }
  if (base.kind === "image" && !stage.baseInfo && !opts.runtimeBase) {
    declines.push({
      lines: [fromLine],
      id: "no-runtime-counterpart",
      reason: `line ${fromLine}: no known runtime counterpart for ${base.ref}`,
      hint: "name the final stage's base with --runtime-base IMAGE",
    });
  }
  // an unknown program run in the app's own directory: what it writes there reaches the final stage (app-files.ts)
  const roots = appRoots(plans, new Set());
  const firstBuildOnly = plans.find((q) => q.install?.buildOnly.length);
  for (const p of plans) {
    const diag = p.run?.diagnostics[0];
    if (diag) {
      declines.push({
        lines: [diag.at.line],
        id: "shell-does-not-parse",
        reason: `line ${diag.at.line}: the shell in this RUN does not parse (${diag.message}), so slimstage cannot tell what it does`,
        hint: "fix the shell syntax (it would fail in the build too), then convert",
      });
    }
    if (p.computedPackages.length) {
      declines.push({
        lines: [p.line],
        id: "computed-packages",
        reason: `line ${p.line}: the packages ${p.computedPackages.join(" ")} are computed while the image builds, so slimstage cannot know what the final stage needs`,
        hint: "list the runtime packages by name, then convert",
      });
    }
    if (p.selfCleaning) {
      declines.push({
        lines: [p.line],
        id: "self-cleaning-run",
        reason: `line ${p.line}: this RUN installs its build dependencies and removes them again (apt-mark / purge --auto-remove / apk del), keeping runtime libraries by marks slimstage cannot follow`,
        hint: "the image is probably lean already; split this RUN by hand if you want a builder stage",
      });
    }
    if (p.unsafeReplay.length) {
      declines.push({
        lines: [p.line],
        id: "unsafe-replay",
        reason: `line ${p.line}: \`${p.unsafeReplay[0]!.text.slice(0, 60)}\` runs conditionally or in a pipeline next to package installs, so it cannot be replayed on its own in the final stage`,
        hint: "put it in a RUN of its own, then convert",
      });
    }
    // the app's own interpreter (python manage.py collectstatic, node scripts/x.js) runs in the final stage too
    const foreign = p.unknown.filter((u) => !isAppInterpreter((u.name ?? "").replace(/^.*\//, "")));
    if (p.role === "runtime" && foreign.length && ((firstBuildOnly && firstBuildOnly.index < p.index) || heavy) && p.step.instruction.kind === "RUN") {
      if (!firstBuildOnly || firstBuildOnly.index >= p.index) {
        const u = foreign[0]!;
        declines.push({
          lines: [p.line],
          id: "unknown-runtime-run",
          reason: `line ${p.line}: \`${u.text.slice(0, 60)}\` is not recognised and would run in the final stage, whose slim base may lack what ${stage.baseName} provides`,
          hint: "if it only prepares files, run it before the build steps or convert by hand",
        });
        continue;
      }
      const u = foreign[0]!;
      declines.push({
        lines: [p.line, firstBuildOnly.line],
        id: "unknown-needs-build-tools",
        reason: `line ${p.line}: \`${u.text.slice(0, 60)}\` is not recognised and may need the build tools of line ${firstBuildOnly.line} (${firstBuildOnly.install!.buildOnly.slice(0, 3).join(", ")}), which the final stage leaves out`,
        hint: "if it builds something, say where the result goes, or convert by hand",
      });
    }
    if (p.role === "build" && p.builds && p.unknown.some((u) => !tiedToApp(u, p, roots)) && p.run?.facts.some((f) => f.value.kind === "python-deps")) {
      // the Python plan carries only the virtualenv: what else this RUN makes would be lost
      const u = p.unknown.find((x) => !tiedToApp(x, p, roots))!;
      declines.push({
        lines: [p.line],
        id: "unknown-with-python-install",
        reason: `line ${p.line}: \`${u.text.slice(0, 60)}\` runs with the Python install and may write files the app needs, which only the virtualenv would carry over`,
        hint: "run it in a RUN of its own after the install (it then runs in the final stage too), then convert",
      });
    }
    if (p.role === "build" && !p.builds && p.unknown.length && p.install) {
      const u = p.unknown[0]!;
      declines.push({
        lines: [p.line],
        id: "unknown-with-packages",
        reason: `line ${p.line}: \`${u.text.slice(0, 60)}\` is not recognised, so slimstage cannot tell whether the final image needs what it makes`,
        hint: "move it to a RUN of its own after the package installs, or convert by hand",
      });
    }
  }
  if (declines.length) return { done: declined(cx) };
  return { plans, heavy, installedBuildOnly, start, roots };
}

// -- phase 3: plan the ecosystem's artifacts --------------------------------------------------------------------------

interface ArtifactsPlan {
  strategy: EcosystemStrategy;
  eco: EcosystemPlan;
}

function planArtifacts(cx: Conversion, { plans, heavy, installedBuildOnly, start }: StepsPlan): ArtifactsPlan | Done {
  const { opts, stage, steps, decisions, declines, model, fromLine } = cx;
  const input: EcosystemInput = { stage, steps, plans, context: opts.context, startDevDependencies: start.devDependencies };
  const strategy = strategyOf(detectEcosystem(input)) as EcosystemStrategy;
  const eco = strategy.plan(input);
  // the start decisions of kind "runtime" are about dev dependencies the container starts with (node_modules)
  decisions.push(...eco.decisions, ...start.decisions.filter((d) => d.kind !== "runtime" || strategy.keepsStartDevDependencies));
  // tools copied in from an image (COPY --from=ghcr.io/astral-sh/uv /uv /bin/) that only RUN steps call stay
  // in the builder
  const stageNames = new Set(model.stages.map((st) => st.name).filter(Boolean));
  const entryText = steps
    .filter((st) => st.instruction.kind === "CMD" || st.instruction.kind === "ENTRYPOINT" || st.instruction.kind === "HEALTHCHECK")
    .map((st) => st.instruction.node.original)
    .join("\n");
  const runPrograms = new Set(stage.runs.flatMap((r) => r.scripts.flatMap((sc) => sc.commands.map((c) => (c.name ?? "").replace(/^.*\//, "")))));
  const buildCut = lastBuildIndex(plans);
  for (const p of plans) {
    const ins = p.step.instruction;
    if (ins.kind !== "COPY" || ins.from === undefined || stageNames.has(ins.from.toLowerCase()) || /^\d+$/.test(ins.from)) continue;
    const tools = ins.sources.map((src) => src.replace(/\/+$/, "").replace(/^.*\//, ""));
    if (tools.length && tools.some((t) => runPrograms.has(t)) && !tools.some((t) => entryText.includes(t)) && p.index < buildCut) {
      p.role = "build";
      eco.removes.push(`the tools ${tools.join(", ")} copied from ${ins.from}`);
      decisions.push({
        kind: "build-only",
        lines: [p.line],
        message: `line ${p.line}: ${tools.join(", ")} from ${ins.from} ${tools.length > 1 ? "are" : "is"} only used by RUN steps → builder stage`,
      });
    }
  }
  // a builder-only RUN that changes the app's own files: the final stage takes them from the builder
  const appFiles = planAppFiles(plans, eco, opts.context);
  eco.artifacts.push(...appFiles.artifacts);
  for (const i of appFiles.replaced) eco.replacedInFinal.add(i);
  decisions.push(...appFiles.decisions);
  eco.declines.push(...appFiles.declines);
  // files a build RUN fetches or puts in place (curl -o /usr/local/bin/tini, tar -C /opt/tool, mv … /usr/bin/) are
  // needed at run time unless they are temporary or already carried over
  const covered = (path: string) => eco.artifacts.some((a) => path === a.artifact.path || path.startsWith(a.artifact.path.replace(/\/$/, "") + "/"));
  for (const p of plans) {
    if (p.role !== "build" || !p.run) continue;
    for (const { value: f, at } of p.run.facts) {
      let paths: string[] = [];
      if (f.kind === "download" && f.output && !f.toStdout) paths = [f.output];
      else if (f.kind === "unpack" && f.targetDir) paths = [f.targetDir];
      else if (f.kind === "file-op" && (f.op === "copy" || f.op === "move" || f.op === "install" || f.op === "link") && f.dest) paths = [f.dest];
      for (const raw of paths) {
        const path = raw.startsWith("/") ? raw : joinPath(p.step.workdir, raw);
        if (/^\/(tmp|var\/tmp|dev|proc|root\/\.cache)(\/|$)/.test(path) || path === "/" || covered(path) || isCachePath(path)) continue;
        if (eco.artifacts.some((a) => a.artifact.path === path)) continue;
        eco.artifacts.push({ after: p.index, artifact: { path, dest: path, why: `what line ${at.line} puts in place`, lines: [at.line] } });
        decisions.push({
          kind: "artifact",
          lines: [at.line],
          message: `line ${at.line}: ${path} is made in the builder (${f.kind === "download" ? "downloaded" : f.kind === "unpack" ? "unpacked" : "put in place"}) and copied into the final stage`,
        });
      }
    }
  }
  if (strategy.compiled) {
    // the files copied in for a compiled build go to the final stage as well: the program may read some of them
    // (config, templates, an entrypoint script) at run time, which slimstage cannot rule out
    const cut = lastBuildIndex(plans);
    const copied = plans.filter(
      (p) =>
        p.index < cut &&
        p.role === "both" &&
        (p.step.instruction.kind === "ADD" || (p.step.instruction.kind === "COPY" && p.step.instruction.from === undefined)),
    );
    if (copied.length) {
      decisions.push({
        kind: "note",
        lines: copied.map((p) => p.line),
        message: `${linesText(copied.map((p) => p.line))}: the files copied in for the build are copied into the final stage too, in case the program reads them at run time`,
      });
    }
  }
  // build steps of another ecosystem than the one planned (gcc in a Python image, a go build in a node image):
  // their own strategy says whether they are carried over or declined
  for (const p of plans) {
    for (const fact of p.run?.facts ?? []) {
      if ((strategy.factKinds as readonly string[]).includes(fact.value.kind)) continue;
      ownerOf(fact.value.kind)?.inOtherImage?.({ step: p, fact, eco, decisions });
    }
  }
  // an image to be built on (no start command, no app), or a split whose final stage takes nothing from the builder
  const buildOn = buildOnDecline({ name: stage.baseName, line: fromLine }, steps, plans, eco);
  if (buildOn) {
    declines.push(buildOn);
    return { done: declined(cx) };
  }
  if (eco.declines.length) {
    declines.push(...eco.declines);
    return { done: declined(cx) };
  }

  // caches a build step leaves (pip, uv, npm …) stay in the builder too: worth a split on their own, except where
  // the strategy says otherwise (python.ts)
  const cachesCount = strategy.cachesAreGain && stage.caches.length > 0;
  if (!heavy && installedBuildOnly.length === 0 && eco.removes.length === 0 && !cachesCount) return lean(cx, "nothing-removed");

  // a RUN kept in the final stage that runs between build steps may use what they build, which only arrives
  // later (COPY --from after the last of them)
  const firstBuild = plans.find((p) => p.builds);
  const lastArtifact = Math.max(-1, ...eco.artifacts.map((a) => a.after));
  for (const p of plans) {
    if (
      firstBuild &&
      p.index > firstBuild.index &&
      p.index < lastArtifact &&
      (p.role === "runtime" || p.role === "both") &&
      p.step.instruction.kind === "RUN"
    ) {
      declines.push({
        lines: [p.line, firstBuild.line],
        id: "run-between-build-steps",
        reason: `line ${p.line} runs between build steps (from line ${firstBuild.line}) and may need what they build, which the final stage only gets after them`,
        hint: "move it after the build steps, or into the same RUN as the build, then convert",
      });
    }
  }
  for (const a of eco.artifacts) {
    const path = a.artifact.path;
    if (!path || path === "/" || path.includes("$") || !path.startsWith("/")) {
      declines.push({
        lines: a.artifact.lines,
        id: "artifact-not-a-path",
        reason: `${linesText(a.artifact.lines)}: what to copy into the final stage (${path || "nothing"}) is not a path slimstage can name`,
        hint: "use a literal absolute path, or pass the variable with --build-arg",
      });
    }
  }
  if (declines.length) return { done: declined(cx) };
  return { strategy, eco };
}

// -- phase 4: choose bases --------------------------------------------------------------------------------------------

interface BasesPlan {
  finalBase: string;
  /** The final FROM as written (with the original's ARGs when it follows them). */
  finalFrom: string;
  /** The package manager of the final stage's installs. */
  manager: ReturnType<typeof installManager>;
  /** Runtime packages the full base provided that the final stage installs (tools, libraries, --verify's finds). */
  extra: string[];
  /** The final stage copies /etc/apt from the builder (an archived release the original points apt at). */
  copyAptConfig: boolean;
}

function installManager(stage: StageAnalysis, plans: StepPlan[]) {
  return plans.find((p) => p.install)?.install?.manager ?? (stage.family === "alpine" ? "apk" : stage.family === "redhat" ? "dnf" : "apt");
}

function chooseBases(cx: Conversion, { plans, heavy, start }: StepsPlan, { strategy, eco }: ArtifactsPlan): BasesPlan | Done {
  const { opts, stage, steps, decisions, declines, model, fromLine, registryOnly } = cx;
  const info = stage.baseInfo;
  const runtimeTools = start.tools;
  const manager = installManager(stage, plans);
  // runtime libraries of dependencies built from source against the full base's -dev packages (native-deps.ts)
  const native = nativeRuntimeLibraries(stage, steps, opts.context);
  decisions.push(...native.decisions);
  const extra = [
    ...new Set([...(opts.extraRuntimePackages ?? []), ...(heavy ? runtimeTools.map((t) => t.pkg) : []), ...native.packages, ...(eco.runtimePackages ?? [])]),
  ];
  for (const t of heavy ? runtimeTools : []) {
    decisions.push({
      kind: "runtime",
      lines: [t.line],
      message: `line ${t.line}: \`${t.program}\` runs in the container (${t.where}); ${stage.baseName} has it but its runtime counterpart may not, so the final stage installs ${t.pkg}`,
    });
  }
  const needsPackages = plans.some((p) => p.install && (p.install.keep.length || p.install.implied.length || p.install.upgrade)) || extra.length > 0;
  // a program the container runs that no build step made (a copied script) needs a shell in the image
  const entry = entryProgram(steps);
  const entryIsBuilt =
    entry !== undefined &&
    eco.artifacts.some(
      (a) =>
        a.artifact.dest === entry.program ||
        posix.basename(a.artifact.dest) === entry.program ||
        (a.artifact.dest.endsWith("/") && !entry.program.includes("/")),
    );
  const needsShell =
    (entry !== undefined && !entryIsBuilt && !strategy.interpreted) ||
    needsPackages ||
    plans.some((p) => (p.role === "runtime" || p.role === "both") && p.step.instruction.kind === "RUN") ||
    plans.some((p) => p.replay?.length) ||
    eco.artifacts.some((a) => a.fixups?.length) ||
    shellForm(steps);
  // a FROM written with ARGs gets a final FROM written with the same ARGs (final-base.ts)
  const fromImage = model.stages[stage.index]!.from.image;
  const followed =
    !opts.runtimeBase && fromImage.includes("$")
      ? followBase(fromImage, model.globalArgs, (ref) => chooseFinalBase(baseImageInfo(ref), ref, eco, needsShell))
      : undefined;
  if (followed && !followed.ok) {
    declines.push({ id: followed.id, lines: [fromLine], reason: `line ${fromLine}: ${followed.reason}`, hint: followed.hint });
    return { done: declined(cx) };
  }
  const finalBase = opts.runtimeBase ?? (followed?.ok ? followed.resolved : chooseFinalBase(info, stage.baseName, eco, needsShell));
  const finalFrom = followed?.ok ? followed.text : finalBase;
  if (!finalBase) {
    declines.push({
      lines: [fromLine],
      id: "no-runtime-counterpart",
      reason: `line ${fromLine}: no known runtime counterpart for ${stage.baseName}`,
      hint: "name the final stage's base with --runtime-base IMAGE",
    });
    return { done: declined(cx) };
  }
  const finalInfo = baseImageInfo(finalBase);
  if (info && finalInfo && info.libc !== "unknown" && finalInfo.libc !== "unknown" && info.libc !== finalInfo.libc && strategy.needsLibc(eco)) {
    declines.push({
      lines: [fromLine],
      id: "libc-mismatch",
      reason: `line ${fromLine}: the build uses ${info.libc} (${stage.baseName}) but ${finalBase} has ${finalInfo.libc}; binaries would not run`,
      hint: "choose a runtime base with the same C library",
    });
    return { done: declined(cx) };
  }
  if (
    info?.languageVersion &&
    finalInfo &&
    finalInfo.language === info.language &&
    finalInfo.languageVersion &&
    finalInfo.languageVersion !== info.languageVersion
  ) {
    declines.push({
      lines: [fromLine],
      id: "language-version-mismatch",
      reason: `line ${fromLine}: ${info.language} ${info.languageVersion} in the builder but ${finalInfo.languageVersion} in ${finalBase}`,
      hint: "use a runtime base with the same language version",
    });
    return { done: declined(cx) };
  }
  // an archived release (stretch, buster…) gets no apt-get update the original never needed (final-base.ts)
  const archived = archivedRelease({ info, finalInfo, baseName: stage.baseName, fromLine, finalApt: needsPackages && manager === "apt", added: extra, plans });
  if (archived.decline) {
    declines.push(archived.decline);
    return { done: declined(cx) };
  }
  if (archived.decision) decisions.push(archived.decision);
  if (followed?.ok) decisions.push({ kind: "base", lines: [fromLine], message: `line ${fromLine}: ${followedText(fromImage, followed)}` });
  decisions.unshift({
    kind: "base",
    lines: [fromLine],
    message: `line ${fromLine}: builder stage FROM ${registryOnly ? fromImage : stage.baseName} (the original base); final stage FROM ${finalFrom}${
      opts.runtimeBase
        ? " (--runtime-base)"
        : finalBase === stage.baseName || finalFrom === fromImage
          ? " (already a runtime image)"
          : (followed?.ok ? followed.counterpart : finalBase) === info?.runtimeCounterpart
            ? ` (its runtime counterpart${info?.languageVersion && finalInfo?.language === info.language ? `, the same ${info.language} ${info.languageVersion}` : ""}${info?.release ? `, ${releaseWords(info)}` : ""})`
            : ` (instead of ${info?.runtimeCounterpart ?? "the counterpart"}: ${needsShell ? `the final stage needs a shell${needsPackages ? " and packages" : ""}` : eco.cgo ? "the binary needs glibc (cgo)" : "a runtime image that fits the build"})`
    }`,
  });
  return { finalBase, finalFrom: followed?.ok ? followed.text : finalBase, manager, extra, copyAptConfig: archived.copyAptConfig === true };
}

// -- phase 5: decide packages -----------------------------------------------------------------------------------------

/** The runtime packages the final stage keeps, each install's split explained. */
function decidePackages(cx: Conversion, { plans, roots }: StepsPlan, { eco }: ArtifactsPlan): string[] {
  const { decisions } = cx;
  const runtimePackages: string[] = [];
  for (const p of plans) {
    if (!p.install) continue;
    const i = p.install;
    const keep = new Set(i.keep);
    const kept = [...i.keep, ...i.implied.filter((l) => !keep.has(l))];
    runtimePackages.push(...kept);
    if (i.buildOnly.length) {
      decisions.push({
        kind: "build-only",
        lines: [p.line],
        message: `line ${p.line}: ${list(i.buildOnly)} ${i.buildOnly.length > 1 ? "are" : "is"} build-only → builder stage${i.implied.length ? `; runtime librar${i.implied.length > 1 ? "ies" : "y"} ${list(i.implied)} → final stage` : ""}${i.keep.length ? `; ${list(i.keep)} kept in the final stage` : ""}`,
      });
    } else if (i.keep.length) {
      decisions.push({
        kind: "runtime",
        lines: [p.line],
        message: `line ${p.line}: ${list(i.keep)} ${i.keep.length > 1 ? "are" : "is"} needed at run time → final stage`,
      });
    }
  }
  for (const p of plans) {
    for (const u of p.unknown) {
      if (p.role === "build" && !(interpretedEcosystem(eco.ecosystem) && tiedToApp(u, p, roots)))
        decisions.push({
          kind: "warning",
          lines: [p.line],
          message: `line ${p.line}: \`${u.text.slice(0, 60)}\` is not recognised; it stays in the builder only — verify the result`,
        });
    }
  }
  return runtimePackages;
}

// -- phase 6: lay out the stages: the plan the writer renders -----------------------------------------------------------

function layOut(cx: Conversion, { plans, installedBuildOnly }: StepsPlan, { eco }: ArtifactsPlan, bases: BasesPlan, runtimePackages: string[]): ConvertPlan {
  const { stage, model, modelStage, base } = cx;
  const { finalBase, finalFrom, manager, extra } = bases;
  const originalName = modelStage.from.stageNameRaw;
  const taken = new Set(model.stages.map((st) => st.name).filter((n): n is string => n !== undefined));
  const builderName = ["builder", "build", "slimstage-builder"].find((n) => !taken.has(n)) ?? `slimstage-builder-${model.stages.length}`;
  const lastBuild = Math.max(lastBuildIndex(plans), ...eco.builderAppends.map((a) => a.after));
  // looked up per step below: grouped once, not filtered per step (that was quadratic in the file's size)
  const insertsBefore = groupBy(eco.builderInserts, (x) => x.before);
  const appendsAfter = groupBy(eco.builderAppends, (x) => x.after);
  const artifactsAfter = groupBy(eco.artifacts, (x) => x.after);
  const original = (p: StepPlan, leading: boolean): PlannedLine => ({ kind: "original", step: p.index, line: p.line, leading });

  // builder: the original FROM (renamed by the writer), then every step up to the last build step, with the
  // ecosystem's own instructions around them
  const builder: PlannedLine[] = [];
  for (const p of plans) {
    if (p.index > lastBuild) break;
    for (const ins of insertsBefore.get(p.index) ?? []) builder.push({ kind: "added", blankBefore: true, comment: ins.comment, instructions: ins.lines });
    if (p.role !== "runtime") builder.push(original(p, true));
    for (const app of appendsAfter.get(p.index) ?? []) builder.push({ kind: "added", blankBefore: true, comment: app.comment, instructions: app.lines });
  }

  // final
  const final: PlannedLine[] = [];
  // the same CPU architecture in both stages: a --platform on the original FROM goes on the final one too, except
  // $BUILDPLATFORM with a build that cross-compiles for $TARGETARCH (final-platform.ts)
  const platform = finalPlatform(modelStage.from.node.flags.find((f) => f.name === "platform")?.value, cx.fromLine, cx.steps);
  if (platform.dropped) cx.decisions.push({ kind: "base", lines: [platform.dropped.line], message: finalPlatformMessage(platform.dropped) });
  final.push({
    kind: "added",
    blankBefore: true,
    blankAfter: true,
    comment: "slimstage: the final stage holds only what the app needs at run time",
    instructions: [[`FROM ${platform.flag ? `--platform=${platform.flag} ` : ""}${finalFrom}${originalName ? ` AS ${originalName}` : ""}`]],
  });
  // the original image worked in its base's WORKDIR (golang: /go); the final stage keeps that
  const baseWorkdir = base.kind === "image" ? imageWorkdir(base.ref) : undefined;
  if (baseWorkdir && baseWorkdir !== (finalBase ? imageWorkdir(finalBase) : undefined)) {
    final.push({
      kind: "added",
      blankAfter: true,
      comment: `slimstage: ${stage.baseName} works in ${baseWorkdir}; so does the final stage`,
      instructions: [[`WORKDIR ${baseWorkdir}`]],
    });
  }
  if (bases.copyAptConfig) {
    final.push({
      kind: "added",
      blankAfter: true,
      comment: "slimstage: the original points apt at the archive of its release in the builder; so does the final stage",
      instructions: [[`COPY --from=${builderName} /etc/apt/ /etc/apt/`]],
    });
  }
  const firstInstall = plans.find((p) => p.install && (p.install.keep.length || p.install.implied.length || p.install.upgrade));
  if (!firstInstall && extra.length) {
    final.push({
      kind: "added",
      comment: "slimstage: run-time packages the original base image provided",
      instructions: [installLines({ manager, packages: extra, upgrade: false })],
    });
  }
  for (const p of plans) {
    if (p.install) {
      const i = p.install;
      const pkgs = [...new Set([...i.keep, ...i.implied, ...(p === firstInstall ? extra : [])])];
      if (pkgs.length || i.upgrade) {
        final.push({
          kind: "added",
          leadingOf: p.index,
          comment: `slimstage: runtime packages of line ${p.line}${i.buildOnly.length ? ` (build-only ${list(i.buildOnly)} ${i.buildOnly.length > 1 ? "stay" : "stays"} in the builder)` : ""}`,
          instructions: [installLines({ manager: i.manager, packages: pkgs, upgrade: i.upgrade })],
        });
      }
    }
    if (p.replay?.length) {
      final.push({
        kind: "added",
        comment: `slimstage: from line ${p.line}, what the running image still needs`,
        instructions: [
          [
            `RUN ${p.replay
              .map((c) => c.text)
              .join(" \\\n    && ")
              .replace(/ \\\n {4}&& /g, " && ")}`,
          ],
        ],
      });
    }
    if ((p.role === "runtime" || p.role === "both") && !eco.replacedInFinal.has(p.index)) final.push(original(p, p.role === "runtime"));
    for (const a of artifactsAfter.get(p.index) ?? []) {
      final.push({
        kind: "added",
        comment: `slimstage: ${a.artifact.why}`,
        instructions: [
          [`COPY --from=${builderName}${a.artifact.chown ? ` --chown=${a.artifact.chown}` : ""} ${a.artifact.path} ${a.artifact.dest}`],
          ...(a.env ?? []).map((e) => [e]),
          ...(a.fixups ?? []).map((f) => [f]),
        ],
      });
    }
  }

  return {
    ecosystem: eco.ecosystem,
    builderBase: stage.baseName,
    builderName,
    finalBase,
    artifacts: eco.artifacts.map((a) => a.artifact),
    runtimePackages: [...new Set([...runtimePackages, ...extra])],
    removedPackages: [...new Set(installedBuildOnly)],
    layout: { stage: stage.index, finalFrom, builder, final },
  };
}

function shellForm(steps: Step[]): boolean {
  return (
    steps.some((s) => (s.instruction.kind === "CMD" || s.instruction.kind === "ENTRYPOINT") && s.instruction.shell) ||
    steps.some((s) => s.instruction.kind === "HEALTHCHECK" && s.instruction.test.type === "CMD" && s.instruction.test.shell)
  );
}

function list(xs: string[]): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

export type { DockerfileAnalysis };

/** Items grouped by a key, each group in the original order. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

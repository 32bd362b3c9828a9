// Single-stage → multi-stage conversion. The stage that produces the image is split in two: a builder that runs
// the original build steps (plus what the ecosystem needs, e.g. a virtualenv), and a final stage on the runtime
// counterpart of the same base that gets only the runtime packages, the artifacts (COPY --from) and the original
// runtime configuration, in the original order. Anything slimstage cannot know is declined with the line and a
// reason instead of guessed.
import { checkConvertInput } from "../validate.js";
import { analyzeDockerfileSync, type DockerfileAnalysis, isCachePath, type StageAnalysis } from "../analyze/dockerfile.js";
import { posix } from "node:path";
import { joinPath } from "../model/stages.js";
import { baseImageInfo, imageWorkdir, registryPrefix } from "../knowledge/index.js";
import type { FromInstruction } from "../model/instructions.js";
import type { Step } from "../model/stages.js";
import { loadShellParser } from "../shell/script.js";
import type { DockerfileTree, InstructionItem } from "../syntax/types.js";
import {
  detectEcosystem,
  entryProgram,
  type EcosystemInput,
  type EcosystemPlan,
  planDotnet,
  planGo,
  planJava,
  planNative,
  planNode,
  planPython,
  planRust,
} from "./ecosystems.js";
import { archivedRelease, chooseFinalBase, followBase, followedText, releaseWords, varRefs } from "./final-base.js";
import { installLines } from "./packages.js";
import { startNeeds, traceStart } from "./start-programs.js";
import { nativeRuntimeLibraries } from "./native-deps.js";
import { buildOnDecline } from "./build-on.js";
import { appRoots, interpretedEcosystem, planAppFiles, tiedToApp } from "./app-files.js";
import { rebaseToolchainStage } from "./rebase.js";
import { chainMerged, mergeStageChain } from "./stage-chain.js";
import { selfCleaningLean } from "./self-cleaning.js";
import { rebaseRuntimeStage } from "./multi-stage.js";
import { finalRunDeclines } from "./final-runs.js";
import { linesText } from "./text.js";
import { planSteps, lastBuildIndex } from "./steps.js";
import type { ConvertOptions, ConvertPlan, ConvertResult, Decision, Decline } from "./types.js";
import { DockerfileWriter, type SourceBlock, sourceBlocks, styleOf } from "./writer.js";

/** Converts a parsed Dockerfile (loads the shell parser first). */
export async function convertDockerfile(tree: DockerfileTree, opts: ConvertOptions = {}): Promise<ConvertResult> {
  await loadShellParser();
  return convertDockerfileSync(tree, opts);
}

const COMPILED = new Set(["go", "rust", "java", "dotnet", "c", "generic"]);

/** The conversion, once `loadShellParser()` has resolved. Pure. */
export function convertDockerfileSync(tree: DockerfileTree, opts: ConvertOptions = {}): ConvertResult {
  // options become FROM and RUN lines of the output: a newline or a malformed name must never reach it
  checkConvertInput(tree, opts);
  const analysis = analyzeDockerfileSync(tree, { buildArgs: opts.buildArgs });
  // a final stage built FROM another stage: the chain is merged into one stage, then converted (stage-chain.ts)
  const chain = mergeStageChain(tree, analysis.model, analysis.final);
  if (chain?.ok) return chainMerged(convertDockerfileSync(chain.tree, opts), chain);
  const stage = analysis.stages[analysis.final] as StageAnalysis;
  const model = analysis.model;
  const steps = model.stages[stage.index]?.steps ?? [];
  const decisions: Decision[] = [];
  const declines: Decline[] = [];
  const declined = (): ConvertResult => ({ status: "declined", declines, decisions, analysis });

  // -- what cannot be converted at all ---------------------------------------------------------------------------
  const fromLine = model.stages[stage.index]!.from.range.start.line;
  const base = model.stages[stage.index]!.base;
  // a registry written as a variable without a value (${REGISTRY}/python:3.11) still names a known image
  const registryOnly = base.kind === "image" && stage.baseInfo !== undefined && base.unresolved.every((v) => varRefs(registryPrefix(model.stages[stage.index]!.from.image)).some((r) => r.name === v));
  if (base.kind === "image" && base.unresolved.length && !registryOnly) {
    declines.push({ lines: [fromLine], reason: `line ${fromLine}: the base image depends on ${base.unresolved.map((v) => `$${v}`).join(", ")}, which has no value`, hint: `pass --build-arg ${base.unresolved[0]}=IMAGE` });
  }
  if (base.kind === "scratch") declines.push({ lines: [fromLine], reason: `line ${fromLine}: the image is built FROM scratch: there is no build to split`, hint: "nothing to do" });
  const windows = stage.baseInfo?.family === "windows" || (base.kind === "image" && /(^|\/)windows\/|nanoserver|servercore/i.test(base.ref)) || steps.some((s) => s.instruction.kind === "SHELL" && /powershell|pwsh|cmd(\.exe)?$/i.test(s.instruction.shell[0] ?? ""));
  if (windows) declines.push({ lines: [fromLine], reason: `line ${fromLine}: Windows base images are not supported`, hint: "convert by hand" });
  if (declines.length) return declined();

  // -- what each step is for, and whether a split would remove anything -----------------------------------------
  const plans = planSteps(stage, steps);
  // already multi-stage, the final stage only runs a Go program built earlier: only its base moves (rebase.ts)
  const rebased = rebaseToolchainStage({ tree, analysis, stage, steps, plans, chooseBase: (cgo, shell) => opts.runtimeBase ?? chooseFinalBase(stage.baseInfo, stage.baseName, { cgo }, shell) });
  if (rebased) {
    decisions.push(...rebased.decisions);
    const plan: ConvertPlan = { ecosystem: "go", builderBase: stage.baseName, builderName: rebased.source, finalBase: rebased.finalBase, artifacts: [], runtimePackages: [], removedPackages: [] };
    return { status: "converted", dockerfile: rebased.dockerfile, plan, decisions, analysis };
  }
  // already multi-stage, the final stage runs what earlier stages built on a full Python/Node/Rust/C/JDK image (multi-stage.ts)
  const restaged = rebaseRuntimeStage({ tree, analysis, stage, steps, plans, context: opts.context, runtimeBase: opts.runtimeBase });
  if (restaged) return { ...restaged, analysis };
  const lean = (): ConvertResult => ({
    status: "nothing-to-gain",
    decisions,
    reasons: [
      `the image ships no build tools and its base ${stage.baseName} is already a runtime image, so a builder stage would leave nothing behind${stage.caches.length ? `; caches it leaves (${stage.caches.join(", ")}) are better removed in the same RUN` : ""}`,
    ],
    analysis,
  });
  const heavy = stage.baseInfo?.role === "build";
  const installedBuildOnly = plans.flatMap((p) => p.install?.buildOnly ?? []);
  const hasBuildSteps = plans.some((p) => p.builds);
  // a RUN whose shell does not parse (or nests deeper than the analysis follows) is not known to be lean either
  const unreadable = plans.find((p) => p.run?.diagnostics.length);
  if (!heavy && installedBuildOnly.length === 0 && !hasBuildSteps && !unreadable) return lean();
  // every build RUN installs and removes its own build dependencies on a non-toolchain base (self-cleaning.ts)
  const selfCleaned = selfCleaningLean(plans, heavy, stage.baseName);
  if (selfCleaned) return { status: "nothing-to-gain", decisions, reasons: [selfCleaned.reason], reasonIds: [selfCleaned.id], analysis };

  // -- what cannot be converted safely ---------------------------------------------------------------------------
  if (base.kind === "image" && base.ref.includes("@") && !opts.runtimeBase) {
    declines.push({ lines: [fromLine], reason: `line ${fromLine}: the base is pinned by digest, and its runtime counterpart would not be`, hint: "pass --runtime-base with a runtime image pinned the same way" });
  }
  for (const s of steps) {
    if (s.instruction.kind === "ONBUILD") {
      const line = s.instruction.range.start.line;
      declines.push({ lines: [line], reason: `line ${line}: ONBUILD triggers run in images built FROM this one, which slimstage cannot see`, hint: "convert the images that use this one instead" });
    }
  }
  // what the container runs when it starts, followed through scripts and package scripts (start-programs.ts)
  const start = startNeeds(traceStart(steps, stage, opts.context), stage);
  declines.push(...start.declines);
  // RUNs the final stage runs again must not need a build-only package (final-runs.ts)
  declines.push(...finalRunDeclines(plans));
  if (chain && !chain.ok) declines.push(...chain.declines);
  else if (model.stages.length > 1 && base.kind === "stage") {
    declines.push({ lines: [fromLine], reason: `line ${fromLine}: the final stage builds on stage ${base.name}; optimising such chains is not supported yet`, hint: "convert the single-stage parts by hand" });
  }
  if (base.kind === "image" && !stage.baseInfo && !opts.runtimeBase) {
    declines.push({ lines: [fromLine], reason: `line ${fromLine}: no known runtime counterpart for ${base.ref}`, hint: "name the final stage's base with --runtime-base IMAGE" });
  }
  // an unknown program run in the app's own directory: what it writes there reaches the final stage (app-files.ts)
  const roots = appRoots(plans, new Set());
  const firstBuildOnly = plans.find((q) => q.install?.buildOnly.length);
  for (const p of plans) {
    const diag = p.run?.diagnostics[0];
    if (diag) {
      declines.push({ lines: [diag.at.line], reason: `line ${diag.at.line}: the shell in this RUN does not parse (${diag.message}), so slimstage cannot tell what it does`, hint: "fix the shell syntax (it would fail in the build too), then convert" });
    }
    if (p.computedPackages.length) {
      declines.push({ lines: [p.line], reason: `line ${p.line}: the packages ${p.computedPackages.join(" ")} are computed while the image builds, so slimstage cannot know what the final stage needs`, hint: "list the runtime packages by name, then convert" });
    }
    if (p.selfCleaning) {
      declines.push({ lines: [p.line], reason: `line ${p.line}: this RUN installs its build dependencies and removes them again (apt-mark / purge --auto-remove / apk del), keeping runtime libraries by marks slimstage cannot follow`, hint: "the image is probably lean already; split this RUN by hand if you want a builder stage" });
    }
    if (p.unsafeReplay.length) {
      declines.push({ lines: [p.line], reason: `line ${p.line}: \`${p.unsafeReplay[0]!.text.slice(0, 60)}\` runs conditionally or in a pipeline next to package installs, so it cannot be replayed on its own in the final stage`, hint: "put it in a RUN of its own, then convert" });
    }
    // the app's own interpreter (python manage.py collectstatic, node scripts/x.js) runs in the final stage too
    const foreign = p.unknown.filter((u) => !/^(python[0-9.]*|node)$/.test((u.name ?? "").replace(/^.*\//, "")));
    if (p.role === "runtime" && foreign.length && ((firstBuildOnly && firstBuildOnly.index < p.index) || heavy) && p.step.instruction.kind === "RUN") {
      if (!firstBuildOnly || firstBuildOnly.index >= p.index) {
        const u = foreign[0]!;
        declines.push({ lines: [p.line], reason: `line ${p.line}: \`${u.text.slice(0, 60)}\` is not recognised and would run in the final stage, whose slim base may lack what ${stage.baseName} provides`, hint: "if it only prepares files, run it before the build steps or convert by hand" });
        continue;
      }
      const u = foreign[0]!;
      declines.push({ lines: [p.line, firstBuildOnly.line], reason: `line ${p.line}: \`${u.text.slice(0, 60)}\` is not recognised and may need the build tools of line ${firstBuildOnly.line} (${firstBuildOnly.install!.buildOnly.slice(0, 3).join(", ")}), which the final stage leaves out`, hint: "if it builds something, say where the result goes, or convert by hand" });
    }
    if (p.role === "build" && p.builds && p.unknown.some((u) => !tiedToApp(u, p, roots)) && p.run?.facts.some((f) => f.value.kind === "python-deps")) {
      // the Python plan carries only the virtualenv: what else this RUN makes would be lost
      const u = p.unknown.find((x) => !tiedToApp(x, p, roots))!;
      declines.push({ lines: [p.line], reason: `line ${p.line}: \`${u.text.slice(0, 60)}\` runs with the Python install and may write files the app needs, which only the virtualenv would carry over`, hint: "run it in a RUN of its own after the install (it then runs in the final stage too), then convert" });
    }
    if (p.role === "build" && !p.builds && p.unknown.length && p.install) {
      const u = p.unknown[0]!;
      declines.push({ lines: [p.line], reason: `line ${p.line}: \`${u.text.slice(0, 60)}\` is not recognised, so slimstage cannot tell whether the final image needs what it makes`, hint: "move it to a RUN of its own after the package installs, or convert by hand" });
    }
  }
  if (declines.length) return declined();
  const input: EcosystemInput = { stage, steps, plans, context: opts.context, startDevDependencies: start.devDependencies };
  const ecosystem = detectEcosystem(input);
  const eco = planFor(ecosystem, input);
  decisions.push(...eco.decisions, ...start.decisions.filter((d) => d.kind !== "runtime" || eco.ecosystem === "node"));
  // tools copied in from an image (COPY --from=ghcr.io/astral-sh/uv /uv /bin/) that only RUN steps call stay
  // in the builder
  const stageNames = new Set(model.stages.map((st) => st.name).filter(Boolean));
  const entryText = steps.filter((st) => st.instruction.kind === "CMD" || st.instruction.kind === "ENTRYPOINT" || st.instruction.kind === "HEALTHCHECK").map((st) => st.instruction.node.original).join("\n");
  const runPrograms = new Set(stage.runs.flatMap((r) => r.scripts.flatMap((sc) => sc.commands.map((c) => (c.name ?? "").replace(/^.*\//, "")))));
  const buildCut = lastBuildIndex(plans);
  for (const p of plans) {
    const ins = p.step.instruction;
    if (ins.kind !== "COPY" || ins.from === undefined || stageNames.has(ins.from.toLowerCase()) || /^\d+$/.test(ins.from)) continue;
    const tools = ins.sources.map((src) => src.replace(/\/+$/, "").replace(/^.*\//, ""));
    if (tools.length && tools.some((t) => runPrograms.has(t)) && !tools.some((t) => entryText.includes(t)) && p.index < buildCut) {
      p.role = "build";
      eco.removes.push(`the tools ${tools.join(", ")} copied from ${ins.from}`);
      decisions.push({ kind: "build-only", lines: [p.line], message: `line ${p.line}: ${tools.join(", ")} from ${ins.from} ${tools.length > 1 ? "are" : "is"} only used by RUN steps → builder stage` });
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
        decisions.push({ kind: "artifact", lines: [at.line], message: `line ${at.line}: ${path} is made in the builder (${f.kind === "download" ? "downloaded" : f.kind === "unpack" ? "unpacked" : "put in place"}) and copied into the final stage` });
      }
    }
  }
  if (COMPILED.has(eco.ecosystem)) {
    // the files copied in for a compiled build go to the final stage as well: the program may read some of them
    // (config, templates, an entrypoint script) at run time, which slimstage cannot rule out
    const cut = lastBuildIndex(plans);
    const copied = plans.filter((p) => p.index < cut && p.role === "both" && (p.step.instruction.kind === "ADD" || (p.step.instruction.kind === "COPY" && p.step.instruction.from === undefined)));
    if (copied.length) {
      decisions.push({ kind: "note", lines: copied.map((p) => p.line), message: `${linesText(copied.map((p) => p.line))}: the files copied in for the build are copied into the final stage too, in case the program reads them at run time` });
    }
  }
  // outputs of a second kind of build the chosen plan does not carry (gcc in a Python image, make install …)
  for (const p of plans) {
    if (!p.run) continue;
    for (const { value: f, at } of p.run.facts) {
      if (f.kind === "c-build" && eco.ecosystem !== "c" && eco.ecosystem !== "generic") {
        if (f.tool === "cc" && f.output) {
          const path = f.outputs[0] ?? f.output;
          if (!eco.artifacts.some((x) => x.artifact.path === path)) {
            eco.artifacts.push({ after: p.index, artifact: { path, dest: path, why: `the program line ${at.line} compiles`, lines: [at.line] } });
            decisions.push({ kind: "artifact", lines: [at.line], message: `line ${at.line}: ${path} is compiled in the builder and copied into the final stage` });
          }
        } else if (f.install) {
          eco.declines.push({ lines: [at.line], reason: `line ${at.line}: ${f.tool} installs something besides the ${eco.ecosystem} build, and what it installs cannot be told apart from the base image's files`, hint: "install it into a prefix of its own (e.g. /opt/NAME), or convert by hand" });
        }
      }
      const foreignBuild = (f.kind === "go" && eco.ecosystem !== "go") || (f.kind === "cargo" && eco.ecosystem !== "rust");
      if (foreignBuild && (f.op === "build" || f.op === "install")) {
        eco.declines.push({ lines: [at.line], reason: `line ${at.line}: a ${f.kind} build in a ${eco.ecosystem} image is not carried over`, hint: "build it in a stage of its own, or convert by hand" });
      }
    }
  }
  // an image to be built on (no start command, no app), or a split whose final stage takes nothing from the builder
  const buildOn = buildOnDecline({ name: stage.baseName, line: fromLine }, steps, plans, eco);
  if (buildOn) {
    declines.push(buildOn);
    return declined();
  }
  if (eco.declines.length) {
    declines.push(...eco.declines);
    return declined();
  }

  const info = stage.baseInfo;
  // caches a build step leaves (pip, uv, npm …) stay in the builder too: worth a split on their own
  // a Python virtualenv adds its own pip and setuptools, about what a pip cache weighs: for Python, leaving a
  // cache behind is no reason to split (pip's --no-cache-dir is the better fix), for the others it is
  const cachesCount = eco.ecosystem !== "python" && stage.caches.length > 0;
  if (!heavy && installedBuildOnly.length === 0 && eco.removes.length === 0 && !cachesCount) return lean();

  // a RUN kept in the final stage that runs between build steps may use what they build, which only arrives
  // later (COPY --from after the last of them)
  const firstBuild = plans.find((p) => p.builds);
  const lastArtifact = Math.max(-1, ...eco.artifacts.map((a) => a.after));
  for (const p of plans) {
    if (firstBuild && p.index > firstBuild.index && p.index < lastArtifact && (p.role === "runtime" || p.role === "both") && p.step.instruction.kind === "RUN") {
      declines.push({ lines: [p.line, firstBuild.line], reason: `line ${p.line} runs between build steps (from line ${firstBuild.line}) and may need what they build, which the final stage only gets after them`, hint: "move it after the build steps, or into the same RUN as the build, then convert" });
    }
  }
  for (const a of eco.artifacts) {
    const path = a.artifact.path;
    if (!path || path === "/" || path.includes("$") || !path.startsWith("/")) {
      declines.push({ lines: a.artifact.lines, reason: `${linesText(a.artifact.lines)}: what to copy into the final stage (${path || "nothing"}) is not a path slimstage can name`, hint: "use a literal absolute path, or pass the variable with --build-arg" });
    }
  }
  if (declines.length) return declined();

  // -- bases ------------------------------------------------------------------------------------------------------
  const runtimeTools = start.tools;
  const manager = plans.find((p) => p.install)?.install?.manager ?? (stage.family === "alpine" ? "apk" : stage.family === "redhat" ? "dnf" : "apt");
  // runtime libraries of dependencies built from source against the full base's -dev packages (native-deps.ts)
  const native = nativeRuntimeLibraries(stage, steps, opts.context);
  decisions.push(...native.decisions);
  const extra = [...new Set([...(opts.extraRuntimePackages ?? []), ...(heavy ? runtimeTools.map((t) => t.pkg) : []), ...native.packages])];
  for (const t of heavy ? runtimeTools : []) {
    decisions.push({ kind: "runtime", lines: [t.line], message: `line ${t.line}: \`${t.program}\` runs in the container (${t.where}); ${stage.baseName} has it but its runtime counterpart may not, so the final stage installs ${t.pkg}` });
  }
  const needsPackages = plans.some((p) => p.install && (p.install.keep.length || p.install.implied.length || p.install.upgrade)) || extra.length > 0;
  // a program the container runs that no build step made (a copied script) needs a shell in the image
  const entry = entryProgram(steps);
  const entryIsBuilt =
    entry !== undefined &&
    eco.artifacts.some((a) => a.artifact.dest === entry.program || posix.basename(a.artifact.dest) === entry.program || (a.artifact.dest.endsWith("/") && !entry.program.includes("/")));
  const needsShell = (entry !== undefined && !entryIsBuilt && eco.ecosystem !== "python" && eco.ecosystem !== "node") || needsPackages || plans.some((p) => (p.role === "runtime" || p.role === "both") && p.step.instruction.kind === "RUN") || plans.some((p) => p.replay?.length) || eco.artifacts.some((a) => a.fixups?.length) || shellForm(steps);
  // a FROM written with ARGs gets a final FROM written with the same ARGs (final-base.ts)
  const fromImage = model.stages[stage.index]!.from.image;
  const followed = !opts.runtimeBase && fromImage.includes("$") ? followBase(fromImage, model.globalArgs, (ref) => chooseFinalBase(baseImageInfo(ref), ref, eco, needsShell)) : undefined;
  if (followed && !followed.ok) {
    declines.push({ lines: [fromLine], reason: `line ${fromLine}: ${followed.reason}`, hint: followed.hint });
    return declined();
  }
  const finalBase = opts.runtimeBase ?? (followed?.ok ? followed.resolved : chooseFinalBase(info, stage.baseName, eco, needsShell));
  const finalFrom = followed?.ok ? followed.text : finalBase;
  if (!finalBase) {
    declines.push({ lines: [fromLine], reason: `line ${fromLine}: no known runtime counterpart for ${stage.baseName}`, hint: "name the final stage's base with --runtime-base IMAGE" });
    return declined();
  }
  const finalInfo = baseImageInfo(finalBase);
  if (info && finalInfo && info.libc !== "unknown" && finalInfo.libc !== "unknown" && info.libc !== finalInfo.libc && !(eco.ecosystem === "go" && !eco.cgo)) {
    declines.push({ lines: [fromLine], reason: `line ${fromLine}: the build uses ${info.libc} (${stage.baseName}) but ${finalBase} has ${finalInfo.libc}; binaries would not run`, hint: "choose a runtime base with the same C library" });
    return declined();
  }
  if (info?.languageVersion && finalInfo && finalInfo.language === info.language && finalInfo.languageVersion && finalInfo.languageVersion !== info.languageVersion) {
    declines.push({ lines: [fromLine], reason: `line ${fromLine}: ${info.language} ${info.languageVersion} in the builder but ${finalInfo.languageVersion} in ${finalBase}`, hint: "use a runtime base with the same language version" });
    return declined();
  }
  // an archived release (stretch, buster…) gets no apt-get update the original never needed (final-base.ts)
  const archived = archivedRelease({ info, finalInfo, baseName: stage.baseName, fromLine, finalApt: needsPackages && manager === "apt", added: extra, plans });
  if (archived.decline) {
    declines.push(archived.decline);
    return declined();
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
            ? ` (its runtime counterpart${info?.languageVersion ? `, the same ${info.language} ${info.languageVersion}` : ""}${info?.release ? `, ${releaseWords(info)}` : ""})`
            : ` (instead of ${info?.runtimeCounterpart ?? "the counterpart"}: ${needsShell ? `the final stage needs a shell${needsPackages ? " and packages" : ""}` : eco.cgo ? "the binary needs glibc (cgo)" : "a runtime image that fits the build"})`
    }`,
  });

  // -- package decisions ------------------------------------------------------------------------------------------
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
      decisions.push({ kind: "runtime", lines: [p.line], message: `line ${p.line}: ${list(i.keep)} ${i.keep.length > 1 ? "are" : "is"} needed at run time → final stage` });
    }
  }
  for (const p of plans) {
    for (const u of p.unknown) {
      if (p.role === "build" && !(interpretedEcosystem(eco.ecosystem) && tiedToApp(u, p, roots))) decisions.push({ kind: "warning", lines: [p.line], message: `line ${p.line}: \`${u.text.slice(0, 60)}\` is not recognised; it stays in the builder only — verify the result` });
    }
  }

  // -- the text ---------------------------------------------------------------------------------------------------
  const { header, blocks, trailer } = sourceBlocks(tree);
  const byNode = new Map<InstructionItem["node"], SourceBlock>(blocks.map((b) => [b.item.node, b]));
  const w = new DockerfileWriter(styleOf(tree));
  for (const h of header) w.raw(h.raw);
  // everything before this stage (global ARGs, earlier stages) stays as it is
  const stageFrom = model.stages[stage.index]!.from.node;
  for (const b of blocks) {
    if (b.item.node === stageFrom) break;
    w.block(b);
  }
  const originalName = model.stages[stage.index]!.from.stageNameRaw;
  const taken = new Set(model.stages.map((st) => st.name).filter((n): n is string => n !== undefined));
  const builderName = ["builder", "build", "slimstage-builder"].find((n) => !taken.has(n)) ?? `slimstage-builder-${model.stages.length}`;
  const fromBlock = byNode.get(stageFrom) as SourceBlock;
  const lastBuild = Math.max(lastBuildIndex(plans), ...eco.builderAppends.map((a) => a.after));
  const blockOf = (s: Step) => byNode.get(s.instruction.node) as SourceBlock;
  // looked up per step below: grouped once, not filtered per step (that was quadratic in the file's size)
  const insertsBefore = groupBy(eco.builderInserts, (x) => x.before);
  const appendsAfter = groupBy(eco.builderAppends, (x) => x.after);
  const artifactsAfter = groupBy(eco.artifacts, (x) => x.after);

  // builder
  for (const t of fromBlock.leading) w.raw(t.raw);
  w.raw(renameStage(fromBlock.item.raw, builderName, originalName, model.stages[stage.index]!.from));
  for (const p of plans) {
    if (p.index > lastBuild) break;
    for (const ins of insertsBefore.get(p.index) ?? []) {
      w.blank().comment(ins.comment);
      for (const l of ins.lines) w.instruction(l);
    }
    if (p.role !== "runtime") w.block(blockOf(p.step));
    for (const app of appendsAfter.get(p.index) ?? []) {
      w.blank().comment(app.comment);
      for (const l of app.lines) w.instruction(l);
    }
  }

  // final
  w.blank();
  w.comment(`slimstage: the final stage holds only what the app needs at run time`);
  // the same CPU architecture in both stages: a --platform on the original FROM goes on the final one too
  const platformFlag = model.stages[stage.index]!.from.node.flags.find((f) => f.name === "platform");
  w.instruction([`FROM ${platformFlag ? `--platform=${platformFlag.value} ` : ""}${finalFrom}${originalName ? ` AS ${originalName}` : ""}`]).blank();
  // the original image worked in its base's WORKDIR (golang: /go); the final stage keeps that
  const baseWorkdir = base.kind === "image" ? imageWorkdir(base.ref) : undefined;
  if (baseWorkdir && baseWorkdir !== (finalBase ? imageWorkdir(finalBase) : undefined)) {
    w.comment(`slimstage: ${stage.baseName} works in ${baseWorkdir}; so does the final stage`);
    w.instruction([`WORKDIR ${baseWorkdir}`]).blank();
  }
  if (archived.copyAptConfig) {
    w.comment(`slimstage: the original points apt at the archive of its release in the builder; so does the final stage`);
    w.instruction([`COPY --from=${builderName} /etc/apt/ /etc/apt/`]).blank();
  }
  const firstInstall = plans.find((p) => p.install && (p.install.keep.length || p.install.implied.length || p.install.upgrade));
  if (!firstInstall && extra.length) {
    w.comment(`slimstage: run-time packages the original base image provided`);
    w.instruction(installLines({ manager, packages: extra, upgrade: false }));
  }
  for (const p of plans) {
    if (p.install) {
      const i = p.install;
      const pkgs = [...new Set([...i.keep, ...i.implied, ...(p === firstInstall ? extra : [])])];
      if (pkgs.length || i.upgrade) {
        for (const t of blockOf(p.step).leading) w.raw(t.raw);
        w.comment(`slimstage: runtime packages of line ${p.line}${i.buildOnly.length ? ` (build-only ${list(i.buildOnly)} stay in the builder)` : ""}`);
        w.instruction(installLines({ manager: i.manager, packages: pkgs, upgrade: i.upgrade }));
      }
    }
    if (p.replay?.length) {
      w.comment(`slimstage: from line ${p.line}, what the running image still needs`);
      w.instruction([`RUN ${p.replay.map((c) => c.text).join(" \\\n    && ").replace(/ \\\n {4}&& /g, " && ")}`]);
    }
    if ((p.role === "runtime" || p.role === "both") && !eco.replacedInFinal.has(p.index)) {
      const block = blockOf(p.step);
      if (p.role === "runtime") w.block(block);
      else w.block(block, { leading: false });
    }
    for (const a of artifactsAfter.get(p.index) ?? []) {
      w.comment(`slimstage: ${a.artifact.why}`);
      w.instruction([`COPY --from=${builderName}${a.artifact.chown ? ` --chown=${a.artifact.chown}` : ""} ${a.artifact.path} ${a.artifact.dest}`]);
      for (const e of a.env ?? []) w.instruction([e]);
      for (const f of a.fixups ?? []) w.instruction([f]);
    }
  }
  for (const t of trailer) w.raw(t.raw);

  const plan: ConvertPlan = {
    ecosystem: eco.ecosystem,
    builderBase: stage.baseName,
    builderName,
    finalBase,
    artifacts: eco.artifacts.map((a) => a.artifact),
    runtimePackages: [...new Set([...runtimePackages, ...extra])],
    removedPackages: [...new Set(installedBuildOnly)],
  };
  return { status: "converted", dockerfile: w.toString(), plan, decisions, analysis };
}

function planFor(ecosystem: ReturnType<typeof detectEcosystem>, input: EcosystemInput): EcosystemPlan {
  switch (ecosystem) {
    case "python":
      return planPython(input);
    case "node":
      return planNode(input);
    case "go":
      return planGo(input);
    case "rust":
      return planRust(input);
    case "java":
      return planJava(input);
    case "dotnet":
      return planDotnet(input);
    case "c":
    case "generic":
      return planNative(input, ecosystem);
  }
}


function shellForm(steps: Step[]): boolean {
  return steps.some((s) => (s.instruction.kind === "CMD" || s.instruction.kind === "ENTRYPOINT") && s.instruction.shell) || steps.some((s) => s.instruction.kind === "HEALTHCHECK" && s.instruction.test.type === "CMD" && s.instruction.test.shell);
}

/** The FROM line with the builder's stage name (replacing the original name, which moves to the final stage). */
function renameStage(raw: string, builder: string, original: string | undefined, from: FromInstruction): string {
  const eol = /\r?\n$/.exec(raw)?.[0] ?? "\n";
  if (original) {
    const renamed = raw.replace(new RegExp(`(\\s)(as)((?:\\s|\\\\\\r?\\n|\`\\r?\\n)+)${escapeRe(original)}(\\s*)$`, "i"), `$1$2$3${builder}$4`);
    if (renamed !== raw) return renamed;
    // the name is somewhere the pattern does not reach: write the line anew from its parts
    const flags = from.node.flags.map((f) => f.text).join(" ");
    return `FROM ${flags ? `${flags} ` : ""}${from.image} AS ${builder}${eol}`;
  }
  const m = /^([\s\S]*?)([ \t]*)(\r?\n)?$/.exec(raw) as RegExpExecArray;
  return `${m[1]} AS ${builder}${m[3] ?? eol}`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
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

// A file that is already multi-stage, whose final stage sits on a full or toolchain image (python:3.11, node:18,
// rust:1.63, gcc:12, eclipse-temurin:17-jdk) but only runs what earlier stages built (a virtualenv or
// site-packages, node_modules and dist, a binary, a jar): there is nothing to split, only the final stage's base to
// change, to the runtime counterpart of the same language version and release (python:3.11-slim, node:18-slim,
// debian:<release>-slim, eclipse-temurin:17-jre). Go has its own rules (rebase.ts). What the full image gave the
// final stage for free has to come with it:
// - runtime libraries of native code built in the earlier stages: those their -dev installs imply (libpq-dev →
//   libpq5) and those the dependency manifests name on a full Python/Node base (native-deps.ts);
// - tools the container runs at start that the full image had (curl in a HEALTHCHECK …, start-programs.ts);
// - every RUN of the final stage must still work: a program from the toolchain (gcc, make, pip install …) or one
//   slimstage does not know to be in the runtime image declines, with the line.
import type { DockerfileAnalysis, StageAnalysis } from "../analyze/dockerfile.js";
import { baseImageInfo, RUNTIME_TOOL_PACKAGES, type BaseImageInfo } from "../knowledge/index.js";
import type { Stage, Step } from "../model/stages.js";
import type { DockerfileTree } from "../syntax/types.js";
import { chooseFinalBase } from "./final-base.js";
import { buildOnlyProvider } from "./final-runs.js";
import { nativeRuntimeLibraries } from "./native-deps.js";
import { installLines } from "./packages.js";
import { startNeeds, traceStart } from "./start-programs.js";
import type { StepPlan } from "./steps.js";
import type { ContextReader, ConvertPlan, Decision, Decline } from "./types.js";
import { movedFrom, replaceFrom } from "./writer.js";

const TOOLCHAIN_FINAL_RUN_ID = "toolchain-final-run";

/**
 * Languages whose final stage can move from the toolchain image to its runtime counterpart here. Go finals that run
 * nothing themselves are rebase.ts's (distroless); those with RUNs come here and get Debian slim of the release.
 */
const REBASED_LANGUAGES = new Set(["python", "node", "rust", "c", "java", "go"]);

/**
 * Programs the runtime counterparts (Debian slim and the images built on it; the JRE on Ubuntu) ship: the shell,
 * coreutils, findutils, grep, sed, tar, gzip, passwd, login, util-linux, dpkg and apt — what a final stage's RUN
 * usually calls to make users, directories and links.
 */
const RUNTIME_IMAGE_PROGRAMS = new Set(
  (
    "sh bash dash true false echo printf test [ cd set export exit : . source exec command umask ulimit trap eval " +
    "mkdir rmdir rm cp mv ln chmod chown chgrp touch cat ls install stat readlink realpath basename dirname env id whoami " +
    "head tail cut tr sort uniq wc tee date sleep uname hostname dd sync mktemp find xargs grep egrep fgrep sed tar gzip gunzip zcat " +
    "useradd groupadd usermod groupmod userdel groupdel adduser addgroup chpasswd passwd su runuser getent " +
    "apt-get apt apt-mark apt-cache dpkg dpkg-query update-alternatives update-ca-certificates ldconfig"
  ).split(" "),
);

/**
 * Each language's own programs, present in its runtime image too (pip in python:X-slim, npm and yarn in node:X-slim;
 * a RUN that installs packages with them is a build step, which the usual split handles instead).
 */
const LANGUAGE_RUNTIME_PROGRAMS: Readonly<Record<string, readonly string[]>> = {
  python: ["python", "python3", "pip", "pip3"],
  node: ["node", "npm", "npx", "yarn"],
  java: ["java", "keytool"],
  rust: [],
  c: [],
  go: [],
};

/** Programs only the toolchain image has, per language (what its runtime counterpart drops). */
const TOOLCHAIN_PROGRAMS: Readonly<Record<string, readonly string[]>> = {
  python: ["gcc", "cc", "g++", "make", "python3-config", "pkg-config"],
  node: ["gcc", "cc", "g++", "make", "node-gyp", "python3", "python", "pkg-config"],
  rust: ["cargo", "rustc", "rustup", "gcc", "cc", "make", "pkg-config"],
  c: ["gcc", "cc", "g++", "c++", "make", "cmake", "ld", "as", "pkg-config"],
  java: ["javac", "jar", "jlink", "jdeps", "jshell", "jpackage"],
  go: ["go", "gofmt", "gcc", "cc", "make", "pkg-config"],
};

export interface StageRebaseInput {
  tree: DockerfileTree;
  analysis: DockerfileAnalysis;
  stage: StageAnalysis;
  steps: Step[];
  plans: StepPlan[];
  context?: ContextReader;
  runtimeBase?: string;
}

export type StageRebase =
  { status: "converted"; dockerfile: string; plan: ConvertPlan; decisions: Decision[] } | { status: "declined"; declines: Decline[]; decisions: Decision[] };

/** The image a stage ends on, following FROM <stage> chains. */
export function rootImage(model: DockerfileAnalysis["model"], index: number): { ref: string; info: BaseImageInfo | undefined } | undefined {
  let at: Stage | undefined = model.stages[index];
  const seen = new Set<number>();
  while (at && at.base.kind === "stage" && !seen.has(at.index)) {
    seen.add(at.index);
    at = model.stages[at.base.index];
  }
  if (!at || at.base.kind !== "image") return undefined;
  return { ref: at.base.ref, info: baseImageInfo(at.base.ref) };
}

/** The earlier stages the final stage copies from (`COPY --from=<stage>`), with the lines. */
export function copiedStages(
  model: DockerfileAnalysis["model"],
  finalIndex: number,
  steps: readonly Step[],
): Array<{ index: number; line: number; sources: string[] }> {
  const names = new Map(model.stages.flatMap((st) => [[String(st.index), st.index] as const, ...(st.name ? [[st.name, st.index] as const] : [])]));
  const out: Array<{ index: number; line: number; sources: string[] }> = [];
  for (const s of steps) {
    const ins = s.instruction;
    if (ins.kind !== "COPY" || ins.from === undefined) continue;
    const index = names.get(ins.from.toLowerCase());
    if (index === undefined || index >= finalIndex) continue; // an image, not a stage
    out.push({ index, line: ins.range.start.line, sources: s.expanded.sources ?? ins.sources });
  }
  return out;
}

/** Declines for final-stage RUNs that need a program only the toolchain image has; packages for tools the runtime image lacks. */
export function toolchainRunNeeds(
  plans: readonly StepPlan[],
  language: string,
  baseName: string,
  runtimeName: string,
): { declines: Decline[]; tools: Array<{ program: string; pkg: string; line: number }> } {
  const declines: Decline[] = [];
  const tools: Array<{ program: string; pkg: string; line: number }> = [];
  const own = new Set(LANGUAGE_RUNTIME_PROGRAMS[language] ?? []);
  const toolchain = new Set(TOOLCHAIN_PROGRAMS[language] ?? []);
  const installed = new Set(plans.flatMap((p) => p.install?.keep ?? []));
  for (const p of plans) {
    if (p.step.instruction.kind !== "RUN" || !p.run) continue;
    for (const c of p.run.scripts.flatMap((s) => s.commands)) {
      const name = (c.name ?? "").replace(/^.*\//, "");
      if (!name || name.includes("$")) continue;
      // a program the stage installs itself, or one copied in by an earlier step, is not the base image's business
      const path = c.name ?? "";
      if (installed.has(name) || path.startsWith("./") || (path.startsWith("/") && !/^\/(usr\/)?(local\/)?s?bin\//.test(path))) continue;
      if (own.has(name) || RUNTIME_IMAGE_PROGRAMS.has(name)) continue;
      const tool = RUNTIME_TOOL_PACKAGES[name];
      if (tool && !toolchain.has(name)) {
        if (!installed.has(tool)) tools.push({ program: name, pkg: tool, line: p.line });
        continue;
      }
      const fromBuildOnly = toolchain.has(name) || buildOnlyProvider(name, new Set(["build-essential", "pkg-config", "binutils"])) !== undefined;
      declines.push({
        id: TOOLCHAIN_FINAL_RUN_ID,
        lines: [p.line],
        reason: `line ${p.line}: \`${c.text.slice(0, 60)}\` runs in the final stage, on ${baseName}; ${fromBuildOnly ? `${name} is part of the toolchain, which ${runtimeName} does not have` : `slimstage does not know whether ${runtimeName} has ${name}`}, so the stage cannot move there`,
        hint: fromBuildOnly
          ? "do this step in the build stage and copy what it makes, or keep the toolchain image"
          : `check that ${runtimeName} has ${name} and pass --runtime-base ${runtimeName}, or do this step in the build stage`,
      });
      break;
    }
  }
  return { declines, tools };
}

/** The re-based file when the final stage only runs what earlier stages built on a full/toolchain image; undefined to leave it to the usual rules. */
export function rebaseRuntimeStage(input: StageRebaseInput): StageRebase | undefined {
  const { analysis, stage, steps, plans } = input;
  const model = analysis.model;
  const from = model.stages[stage.index]!;
  const info = stage.baseInfo;
  if (model.stages.length < 2 || from.base.kind !== "image" || info?.role !== "build" || !info.language || !REBASED_LANGUAGES.has(info.language))
    return undefined;
  if (from.base.unresolved.length || from.from.image.includes("$") || from.base.ref.includes("@")) return undefined;
  const copies = copiedStages(model, stage.index, steps);
  if (copies.length === 0) return undefined;
  // the final stage builds or installs build tools itself: a split of that stage, by the usual rules
  if (plans.some((p) => p.builds || p.install?.buildOnly.length || p.step.instruction.kind === "ONBUILD" || p.run?.diagnostics.length)) return undefined;
  const language = info.language;
  // packages or a virtualenv of the same language must come from the same version and C library
  for (const c of copies) {
    const src = rootImage(model, c.index)?.info;
    if (
      src?.language === language &&
      ((src.languageVersion && info.languageVersion && src.languageVersion !== info.languageVersion) ||
        (src.libc !== "unknown" && info.libc !== "unknown" && src.libc !== info.libc))
    )
      return undefined;
  }
  // what the container runs at start: compiling or installing then needs the toolchain (the usual rules decline)
  const start = startNeeds(traceStart(steps, stage, input.context), stage);
  if (start.declines.length) return undefined;
  // Go here always gets Debian slim: what runs is not only a binary of a Go build (else rebase.ts took it), so it may
  // need a shell or packages, which distroless does not have
  const needsShell =
    language === "go" ||
    steps.some((s) => (s.instruction.kind === "CMD" || s.instruction.kind === "ENTRYPOINT") && s.instruction.shell) ||
    plans.some((p) => p.step.instruction.kind === "RUN");
  const finalBase = input.runtimeBase ?? chooseFinalBase(info, stage.baseName, { cgo: true }, needsShell);
  if (!finalBase || finalBase === stage.baseName) return undefined;
  const decisions: Decision[] = [];
  const runs = toolchainRunNeeds(plans, language, stage.baseName, finalBase);
  if (runs.declines.length) return { status: "declined", declines: runs.declines, decisions };

  // runtime libraries of what the earlier stages built, which the full image had and its counterpart may not
  const finalInfo = baseImageInfo(finalBase);
  const packages: string[] = [];
  const why: string[] = [];
  for (const index of [...new Set(copies.map((c) => c.index))]) {
    const src = analysis.stages[index]!;
    const srcRoot = rootImage(model, index)?.info;
    if (srcRoot && finalInfo && srcRoot.family !== finalInfo.family) continue;
    const implied = src.runtimeLibraries.filter((l) => !packages.includes(l));
    if (implied.length) why.push(`${implied.join(", ")} (implied by the -dev packages of stage ${src.name ?? index})`);
    packages.push(...implied);
    const native = nativeRuntimeLibraries(src, model.stages[index]!.steps, input.context);
    const fresh = native.packages.filter((l) => !packages.includes(l));
    if (fresh.length) why.push(`${fresh.join(", ")} (native dependencies built in stage ${src.name ?? index})`);
    packages.push(...fresh);
    decisions.push(...native.decisions);
  }
  for (const t of [...start.tools, ...runs.tools]) {
    if (packages.includes(t.pkg)) continue;
    packages.push(t.pkg);
    why.push(`${t.pkg} (line ${t.line} runs ${t.program}, which ${stage.baseName} has)`);
  }
  if (packages.length && (info.releaseArchived || (finalInfo && finalInfo.family !== "debian" && finalInfo.family !== "ubuntu"))) return undefined;
  if (language === "rust" || language === "c" || language === "go") {
    decisions.push({
      kind: "warning",
      lines: copies.map((c) => c.line),
      message: `${copies.map((c) => `line ${c.line}`).join(", ")}: the libraries a binary links from ${stage.baseName} beyond those the build stages install are only known by building — run \`slimstage convert --verify\`, which measures the ELF linkage`,
    });
  }

  const dockerfile = replaceFrom(input.tree, from.from.node, (w) => {
    w.comment(`slimstage: what runs here is built in earlier stages; it runs on ${finalBase} instead of the toolchain image ${stage.baseName}`);
    movedFrom(w, from, finalBase);
    if (packages.length) {
      w.comment(`slimstage: run-time packages ${stage.baseName} provided`);
      w.instruction(installLines({ manager: "apt", packages, upgrade: false }));
    }
    w.blank();
  });
  const line = from.from.range.start.line;
  const source = model.stages[copies[0]!.index]!;
  decisions.unshift({
    kind: "base",
    lines: [line, ...copies.map((c) => c.line)],
    message: `line ${line}: the final stage only runs what earlier stages built (${copies.map((c) => `line ${c.line}`).join(", ")}); it moves from the toolchain image ${stage.baseName} to ${finalBase}${input.runtimeBase ? " (--runtime-base)" : " (its runtime counterpart)"}${why.length ? `, installing ${why.join("; ")}` : ""}, and no builder stage is added`,
  });
  return {
    status: "converted",
    dockerfile,
    decisions,
    plan: {
      ecosystem: language,
      builderBase: source.baseName,
      builderName: source.name ?? String(source.index),
      finalBase,
      artifacts: [],
      runtimePackages: packages,
      removedPackages: [],
    },
  };
}
